/* roll_review.c - the June and November reviews of the hardship roll
 * (台账动态调整; roll_reviews, roll_review_items of migration 0016;
 * docs/internals/roll_review.md).  Opening a review snapshots the roll of
 * its subtree in one INSERT ... SELECT (20,000 entries in one statement,
 * bench/roll_review.sh); the decisions and confirmations are the core's
 * (src/core/cases/roll_review.c), which applies them through the roll's
 * own calls. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_roll_review.h"
#include "store/store_impl.h"

#define REVIEW_SELECT                                                                              \
	"SELECT r.id, r.org_id, o.name, o.path, r.year, r.kind, r.title, r.opened_on, "            \
	"r.finish_on, r.status, r.items, COALESCE(r.created_by, 0), r.created_at, "                \
	"COALESCE(r.closed_by, 0), COALESCE(r.closed_at, 0), "                                     \
	"(SELECT count(*) FROM roll_review_items i WHERE i.review_id = r.id AND i.status = "       \
	"'open'), "                                                                                \
	"(SELECT count(*) FROM roll_review_items i WHERE i.review_id = r.id AND i.status = "       \
	"'decided'), "                                                                             \
	"(SELECT count(*) FROM roll_review_items i WHERE i.review_id = r.id AND i.status = "       \
	"'confirmed') "                                                                            \
	"FROM roll_reviews r JOIN orgs o ON o.id = r.org_id "

static void read_review(struct db_rows *rows, void *item)
{
	struct roll_review *r = item;
	int k = 0;
	memset(r, 0, sizeof(*r));
	r->id = db_int(rows, k++);
	r->org_id = db_int(rows, k++);
	ST_COPY(r->org_name, db_text(rows, k++));
	ST_COPY(r->org_path, db_text(rows, k++));
	r->year = (int)db_int(rows, k++);
	ST_COPY(r->kind, db_text(rows, k++));
	ST_COPY(r->title, db_text(rows, k++));
	ST_COPY(r->opened_on, db_text(rows, k++));
	ST_COPY(r->finish_on, db_text(rows, k++));
	ST_COPY(r->status, db_text(rows, k++));
	r->items = db_int(rows, k++);
	r->created_by = db_int(rows, k++);
	r->created_at = db_int(rows, k++);
	r->closed_by = db_int(rows, k++);
	r->closed_at = db_int(rows, k++);
	r->open = db_int(rows, k++);
	r->decided = db_int(rows, k++);
	r->confirmed = db_int(rows, k++);
}

enum db_qs store_roll_review_insert(struct db *db, struct roll_review *r, const char *path,
				    struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	int64_t id = 0, n = 0;
	if (!r->created_at)
		r->created_at = st_now();
	struct db_val args[] = {DB_INT(r->org_id),
				DB_INT(r->year),
				st_text(r->kind),
				st_text(r->title),
				st_text(r->opened_on),
				st_text(r->finish_on),
				ST_ID_OR_NULL(r->created_by),
				DB_INT(r->created_at)};
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO roll_reviews (org_id, year, kind, title, opened_on, finish_on, status, "
	    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) "
	    "ON CONFLICT DO NOTHING RETURNING id",
	    args, (int)(sizeof(args) / sizeof(args[0])), &id, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "kind", "该年度的这次台账动态调整已经开启");
	if (qs < 0)
		return qs;
	/* the snapshot: one statement, whatever the size of the roll */
	struct db_val snap[] = {DB_INT(id), st_text(lo), st_text(hi)};
	qs = db_exec(db,
		     "INSERT INTO roll_review_items (review_id, entry_id, org_id, category, tier) "
		     "SELECT $1, e.id, e.org_id, e.category, e.tier FROM roll_entries e "
		     "JOIN orgs o ON o.id = e.org_id "
		     "WHERE o.path >= $2 AND o.path < $3 AND e.status = 'active'",
		     snap, 3, &n, e);
	if (qs < 0)
		return qs;
	struct db_val upd[] = {DB_INT(n), DB_INT(id)};
	qs = db_exec(db, "UPDATE roll_reviews SET items = $1 WHERE id = $2", upd, 2, NULL, e);
	if (qs < 0)
		return qs;
	r->id = id;
	r->items = n;
	ST_COPY(r->status, "open");
	return DB_ONE;
}

enum db_qs store_roll_review_get(struct db *db, int64_t id, struct roll_review *out,
				 struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, REVIEW_SELECT "WHERE r.id = $1", &arg, 1, read_review, out, e);
}

enum db_qs store_roll_review_list(struct db *db, int year, struct roll_review **items, size_t *n,
				  struct bf_err *e)
{
	struct db_val arg = DB_INT(year);
	return st_fetch_all(db, REVIEW_SELECT "WHERE ($1 = 0 OR r.year = $1) ORDER BY r.id DESC",
			    &arg, 1, sizeof(**items), read_review, (void **)items, n, e);
}

enum db_qs store_roll_review_close(struct db *db, int64_t id, int64_t by, struct bf_err *e)
{
	int64_t changed = 0;
	struct db_val args[] = {ST_ID_OR_NULL(by), DB_INT(st_now()), DB_INT(id)};
	enum db_qs qs = db_exec(db,
				"UPDATE roll_reviews SET status = 'closed', closed_by = $1, "
				"closed_at = $2 WHERE id = $3 AND status = 'open'",
				args, 3, &changed, e);
	if (qs < 0)
		return qs;
	return changed ? DB_ONE : DB_NONE;
}

/* --- items --- */

#define ITEM_COLS                                                                                  \
	"i.id, i.review_id, i.entry_id, i.org_id, i.category, i.tier, i.status, i.decision, "      \
	"i.new_category, i.new_tier, COALESCE(i.exit_on, ''), i.exit_reason, i.reason, "           \
	"COALESCE(i.decided_by, 0), COALESCE(i.decided_at, 0), i.returned_reason, "                \
	"COALESCE(i.confirmed_by, 0), COALESCE(i.confirmed_at, 0), i.version, o.name, o.path, "    \
	"e.member_id, m.name, e.status, e.since_on, e.household_size, e.income_fen, "              \
	"COALESCE((SELECT u.display_name FROM users u WHERE u.id = i.decided_by), ''), "           \
	"COALESCE((SELECT u.display_name FROM users u WHERE u.id = i.confirmed_by), '') "
#define ITEM_FROM                                                                                  \
	"FROM roll_review_items i JOIN orgs o ON o.id = i.org_id "                                 \
	"JOIN roll_entries e ON e.id = i.entry_id JOIN members m ON m.id = e.member_id "

static void read_item(struct db_rows *r, void *item)
{
	struct roll_review_item *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	x->id = db_int(r, k++);
	x->review_id = db_int(r, k++);
	x->entry_id = db_int(r, k++);
	x->org_id = db_int(r, k++);
	ST_COPY(x->category, db_text(r, k++));
	ST_COPY(x->tier, db_text(r, k++));
	ST_COPY(x->status, db_text(r, k++));
	ST_COPY(x->decision, db_text(r, k++));
	ST_COPY(x->new_category, db_text(r, k++));
	ST_COPY(x->new_tier, db_text(r, k++));
	ST_COPY(x->exit_on, db_text(r, k++));
	ST_COPY(x->exit_reason, db_text(r, k++));
	ST_COPY(x->reason, db_text(r, k++));
	x->decided_by = db_int(r, k++);
	x->decided_at = db_int(r, k++);
	ST_COPY(x->returned_reason, db_text(r, k++));
	x->confirmed_by = db_int(r, k++);
	x->confirmed_at = db_int(r, k++);
	x->version = db_int(r, k++);
	ST_COPY(x->org_name, db_text(r, k++));
	ST_COPY(x->org_path, db_text(r, k++));
	x->member_id = db_int(r, k++);
	ST_COPY(x->member_name, db_text(r, k++));
	ST_COPY(x->entry_status, db_text(r, k++));
	ST_COPY(x->since_on, db_text(r, k++));
	x->household_size = (int)db_int(r, k++);
	x->income_fen = db_int(r, k++);
	ST_COPY(x->decided_by_name, db_text(r, k++));
	ST_COPY(x->confirmed_by_name, db_text(r, k++));
}

enum db_qs store_roll_review_items(struct db *db, int64_t review_id, const char *path,
				   const char *status, int offset, int limit,
				   struct roll_review_item **items, size_t *n, int64_t *total,
				   struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	struct qb *both[2] = {&count, &page};
	for (int k = 0; k < 2; k++) {
		struct qb *w = both[k];
		qb_add(w, k ? "SELECT " ITEM_COLS ITEM_FROM : "SELECT count(*) " ITEM_FROM);
		qb_add(w, "WHERE i.review_id = ");
		qb_arg(w, DB_INT(review_id));
		qb_add(w, " AND o.path >= ");
		qb_arg(w, st_text(lo));
		qb_add(w, " AND o.path < ");
		qb_arg(w, st_text(hi));
		if (status && *status) {
			qb_add(w, " AND i.status = ");
			qb_arg(w, DB_TEXT(status));
		}
	}
	qb_add(&page, " ORDER BY o.path, m.name, i.id LIMIT ");
	qb_arg(&page, DB_INT(limit > 0 ? limit : 20));
	qb_add(&page, " OFFSET ");
	qb_arg(&page, DB_INT(offset > 0 ? offset : 0));
	return st_fetch_page(db, &count, &page, offset, sizeof(**items), read_item, (void **)items,
			     n, total, e);
}

enum db_qs store_roll_review_item_get(struct db *db, int64_t id, struct roll_review_item *out,
				      struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, "SELECT " ITEM_COLS ITEM_FROM "WHERE i.id = $1", &arg, 1, read_item,
			    out, e);
}

enum db_qs store_roll_review_item_update(struct db *db, struct roll_review_item *it,
					 struct bf_err *e)
{
	int64_t changed = 0;
	struct db_val args[] = {st_text(it->status),
				st_text(it->decision),
				st_text(it->new_category),
				st_text(it->new_tier),
				ST_TEXT_OR_NULL(it->exit_on),
				st_text(it->exit_reason),
				st_text(it->reason),
				ST_ID_OR_NULL(it->decided_by),
				it->decided_at ? DB_INT(it->decided_at) : DB_NULLV,
				st_text(it->returned_reason),
				ST_ID_OR_NULL(it->confirmed_by),
				it->confirmed_at ? DB_INT(it->confirmed_at) : DB_NULLV,
				DB_INT(it->id),
				DB_INT(it->version)};
	enum db_qs qs = db_exec(
	    db,
	    "UPDATE roll_review_items SET status = $1, decision = $2, new_category = $3, "
	    "new_tier = $4, exit_on = $5, exit_reason = $6, reason = $7, decided_by = $8, "
	    "decided_at = $9, returned_reason = $10, confirmed_by = $11, confirmed_at = $12, "
	    "version = version + 1 WHERE id = $13 AND version = $14",
	    args, (int)(sizeof(args) / sizeof(args[0])), &changed, e);
	if (qs < 0)
		return qs;
	if (!changed)
		return DB_NONE;
	it->version++;
	return DB_ONE;
}

static void read_id(struct db_rows *r, void *item)
{
	*(int64_t *)item = db_int(r, 0);
}

enum db_qs store_roll_review_decided(struct db *db, int64_t review_id, const char *path,
				     int64_t **ids, size_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct db_val args[] = {DB_INT(review_id), st_text(lo), st_text(hi)};
	return st_fetch_all(db,
			    "SELECT i.id FROM roll_review_items i JOIN orgs o ON o.id = i.org_id "
			    "WHERE i.review_id = $1 AND i.status = 'decided' AND o.path >= $2 AND "
			    "o.path < $3 ORDER BY i.id",
			    args, 3, sizeof(**ids), read_id, (void **)ids, n, e);
}

static void read_count(struct db_rows *r, void *item)
{
	struct roll_review_count *c = item;
	memset(c, 0, sizeof(*c));
	c->org_id = db_int(r, 0);
	ST_COPY(c->org_path, db_text(r, 1));
	ST_COPY(c->status, db_text(r, 2));
	c->n = db_int(r, 3);
}

enum db_qs store_roll_review_counts(struct db *db, int64_t review_id, const char *path,
				    struct roll_review_count **rows, size_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct db_val args[] = {DB_INT(review_id), st_text(lo), st_text(hi)};
	return st_fetch_all(
	    db,
	    "SELECT i.org_id, o.path, i.status, count(*) FROM roll_review_items i "
	    "JOIN orgs o ON o.id = i.org_id WHERE i.review_id = $1 AND o.path >= $2 "
	    "AND o.path < $3 GROUP BY i.org_id, o.path, i.status ORDER BY o.path",
	    args, 3, sizeof(**rows), read_count, (void **)rows, n, e);
}

static void read_waiting(struct db_rows *r, void *item)
{
	struct roll_review_waiting *w = item;
	memset(w, 0, sizeof(*w));
	w->review_id = db_int(r, 0);
	ST_COPY(w->title, db_text(r, 1));
	ST_COPY(w->finish_on, db_text(r, 2));
	w->created_at = db_int(r, 3);
	w->n = db_int(r, 4);
}

enum db_qs store_roll_review_waiting(struct db *db, const char *path, const char *status,
				     struct roll_review_waiting **rows, size_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(path, lo, hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	struct db_val args[] = {DB_TEXT(status), st_text(lo), st_text(hi)};
	return st_fetch_all(
	    db,
	    "SELECT r.id, r.title, r.finish_on, r.created_at, count(*) FROM roll_reviews r "
	    "JOIN roll_review_items i ON i.review_id = r.id JOIN orgs o ON o.id = i.org_id "
	    "WHERE r.status = 'open' AND i.status = $1 AND o.path >= $2 AND o.path < $3 "
	    "GROUP BY r.id, r.title, r.finish_on, r.created_at ORDER BY r.finish_on, r.id",
	    args, 3, sizeof(**rows), read_waiting, (void **)rows, n, e);
}

static void read_flag(struct db_rows *r, void *item)
{
	struct roll_review_waiting *w = item;
	memset(w, 0, sizeof(*w));
	w->review_id = db_int(r, 0);
	ST_COPY(w->title, db_text(r, 1));
	w->n = db_int(r, 2);
}

enum db_qs store_roll_review_flag(struct db *db, int64_t entry_id, const char *today, int64_t *id,
				  char title[TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX)],
				  struct bf_err *e)
{
	struct roll_review_waiting w;
	struct db_val args[] = {DB_INT(entry_id), DB_TEXT(today)};
	*id = 0;
	title[0] = '\0';
	enum db_qs qs =
	    st_fetch_one(db,
			 "SELECT r.id, r.title, CASE WHEN i.status = 'confirmed' THEN 0 ELSE 1 END "
			 "FROM roll_review_items i JOIN roll_reviews r ON r.id = i.review_id "
			 "WHERE i.entry_id = $1 AND r.kind = 'november' AND r.finish_on < $2 "
			 "ORDER BY r.finish_on DESC, r.id DESC LIMIT 1",
			 args, 2, read_flag, &w, e);
	if (qs == DB_ONE && w.n) {
		*id = w.review_id;
		snprintf(title, TEXT_BYTES(TF_ROLL_REVIEW_TITLE_MAX), "%s", w.title);
	}
	return qs < 0 ? qs : DB_ONE;
}

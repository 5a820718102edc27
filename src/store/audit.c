/* audit.c - storage of the append-only audit log and its chain head.  The
 * SM3 chain is computed by core/register/audit.c; here only the rows and the lock
 * that keeps two appenders from taking the same seq. */
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store/store_impl.h"
#include "wrapper.h"

#define AUDIT_COLS                                                                                 \
	"seq, at, user_id, username, action, entity, entity_id, addr, detail, prev_hash, hash, "   \
	"org_path, mac"

/* The acting account's display name as it is now, for the list. */
#define AUDIT_USER_NAME                                                                            \
	"COALESCE((SELECT display_name FROM users WHERE users.id = audit_log.user_id), '')"

#define EACH_BATCH 1000

static void read_entry(struct db_rows *r, struct audit_entry *a)
{
	memset(a, 0, sizeof(*a));
	a->seq = db_int(r, 0);
	a->at = db_int(r, 1);
	a->user_id = db_int(r, 2);
	ST_COPY(a->username, db_text(r, 3));
	ST_COPY(a->action, db_text(r, 4));
	ST_COPY(a->entity, db_text(r, 5));
	a->entity_id = db_int(r, 6);
	ST_COPY(a->addr, db_text(r, 7));
	ST_COPY(a->detail, db_text(r, 8));
	ST_COPY(a->prev_hash, db_text(r, 9));
	ST_COPY(a->hash, db_text(r, 10));
	ST_COPY(a->org_path, db_text(r, 11));
	ST_COPY(a->mac, db_text(r, 12));
}

static void read_entry_item(struct db_rows *r, void *item)
{
	read_entry(r, item);
}

/* A row of the list: the entry and the acting account's display name. */
static void read_entry_named(struct db_rows *r, void *item)
{
	struct audit_entry *a = item;
	read_entry(r, a);
	ST_COPY(a->user_name, db_text(r, 13));
}

enum db_qs store_audit_head(struct db *db, int64_t *seq, char hash[65], struct bf_err *e)
{
	struct db_rows *r = NULL;

	/* The no-op UPDATE takes the row lock on PostgreSQL until the end of
	 * the transaction; on SQLite the write transaction already holds the
	 * database lock.  Same text on both. */
	enum db_qs qs =
	    db_exec(db, "UPDATE audit_head SET seq = seq WHERE id = 1", NULL, 0, NULL, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_INTERNAL, NULL, "审计日志链头缺失");
	qs = db_query(db, "SELECT seq, hash FROM audit_head WHERE id = 1", NULL, 0, &r, e);
	if (qs != DB_ONE)
		return qs;
	int rc = db_next(r);
	if (rc == 1) {
		*seq = db_int(r, 0);
		st_copy(hash, 65, db_text(r, 1));
	}
	db_rows_free(r);
	return rc < 0 ? st_next_failed(rc, e) : DB_ONE;
}

enum db_qs store_audit_append(struct db *db, const struct audit_entry *a, struct bf_err *e)
{
	struct db_val row[] = {DB_INT(a->seq),	      DB_INT(a->at),	  DB_INT(a->user_id),
			       DB_TEXT(a->username),  DB_TEXT(a->action), DB_TEXT(a->entity),
			       DB_INT(a->entity_id),  DB_TEXT(a->addr),	  DB_TEXT(a->detail),
			       DB_TEXT(a->prev_hash), DB_TEXT(a->hash),	  DB_TEXT(a->org_path),
			       DB_TEXT(a->mac)};
	enum db_qs qs = db_exec(db,
				"INSERT INTO audit_log (" AUDIT_COLS ") "
				"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
				row, 13, NULL, e);
	if (qs < 0)
		return qs;
	/* The head moves only from the entry this one follows: a caller that
	 * skipped store_audit_head cannot fork the chain. */
	struct db_val head[] = {DB_INT(a->seq), DB_TEXT(a->hash), DB_INT(a->seq - 1),
				DB_TEXT(a->prev_hash)};
	qs = db_exec(db,
		     "UPDATE audit_head SET seq = $1, hash = $2 "
		     "WHERE id = 1 AND seq = $3 AND hash = $4",
		     head, 4, NULL, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_INTERNAL, NULL, "审计日志链头已变化，条目 %lld 未接在链尾",
			       (long long)a->seq);
	return qs;
}

static void read_legacy(struct db_rows *r, void *item)
{
	struct store_audit_legacy *l = item;
	l->seq = db_int(r, 0);
	ST_COPY(l->mac, db_text(r, 1));
}

enum db_qs store_audit_legacy(struct db *db, struct store_audit_legacy *out, struct bf_err *e)
{
	memset(out, 0, sizeof(*out));
	return st_fetch_one(db, "SELECT legacy_seq, legacy_mac FROM audit_head WHERE id = 1", NULL,
			    0, read_legacy, out, e);
}

enum db_qs store_audit_seal(struct db *db, const char *legacy_mac, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(legacy_mac)};
	return db_exec(db,
		       "UPDATE audit_head SET legacy_mac = $1 "
		       "WHERE id = 1 AND legacy_mac IS NULL AND legacy_seq > 0",
		       args, 1, NULL, e);
}

enum db_qs store_audit_get(struct db *db, int64_t seq, struct audit_entry *out, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(seq)};
	return st_fetch_one(db, "SELECT " AUDIT_COLS " FROM audit_log WHERE seq = $1", args, 1,
			    read_entry_item, out, e);
}

enum db_qs store_audit_each(struct db *db, int (*fn)(const struct audit_entry *a, void *ctx),
			    void *ctx, struct bf_err *e)
{
	struct audit_entry *a = xmalloc(sizeof(*a));
	int64_t after = 0, seen = 0;
	int stopped = 0;
	enum db_qs qs = DB_ONE;

	while (!stopped) {
		struct db_rows *r = NULL;
		struct db_val args[] = {DB_INT(after), DB_INT(EACH_BATCH)};
		qs = db_query(db,
			      "SELECT " AUDIT_COLS " FROM audit_log WHERE seq > $1 "
			      "ORDER BY seq LIMIT $2",
			      args, 2, &r, e);
		if (qs != DB_ONE)
			break;
		int rc = 0, rows = 0;
		while (!stopped && (rc = db_next(r)) == 1) {
			read_entry(r, a);
			after = a->seq;
			rows++;
			seen++;
			stopped = fn(a, ctx) != 0;
		}
		db_rows_free(r);
		if (!stopped && rc < 0)
			qs = st_next_failed(rc, e);
		if (qs < 0 || rows < EACH_BATCH)
			break;
	}
	free(a);
	if (qs < 0)
		return qs;
	return seen ? DB_ONE : DB_NONE;
}

/* The organisation path of each kind of object an audit row can name: the
 * deepest organisation the object belongs to (a payment, a loan or a
 * recovery: its member's), so that every reader above it sees the row. */
#define MEMBER_PATH(m)                                                                             \
	"(SELECT o.path FROM members mm JOIN orgs o ON o.id = mm.org_id WHERE mm.id = " m ")"
static const struct {
	const char *entity, *sql;
} entity_paths[] = {
    {"org", "SELECT path FROM orgs WHERE id = $1"},
    {"member", "SELECT " MEMBER_PATH("$1")},
    {"user", "SELECT o.path FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1"},
    {"case", "SELECT o.path FROM cases c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1"},
    {"round", "SELECT o.path FROM rounds r JOIN orgs o ON o.id = r.org_id WHERE r.id = $1"},
    {"notice", "SELECT o.path FROM notices n JOIN orgs o ON o.id = n.org_id WHERE n.id = $1"},
    {"objection", "SELECT o.path FROM objections x JOIN notices n ON n.id = x.notice_id "
		  "JOIN orgs o ON o.id = n.org_id WHERE x.id = $1"},
    {"fund", "SELECT o.path FROM funds f JOIN orgs o ON o.id = f.org_id WHERE f.id = $1"},
    {"posting",
     "SELECT COALESCE(" MEMBER_PATH("p.member_id") ", o.path) FROM ledger_postings p "
						   "JOIN funds f ON f.id = p.fund_id JOIN orgs o "
						   "ON o.id = f.org_id WHERE p.id = $1"},
    {"pay_batch",
     "SELECT o.path FROM pay_batches b JOIN orgs o ON o.id = b.org_id WHERE b.id = $1"},
    {"payment", "SELECT " MEMBER_PATH("x.member_id") " FROM payments x WHERE x.id = $1"},
    {"loan", "SELECT " MEMBER_PATH("x.member_id") " FROM loans x WHERE x.id = $1"},
    {"recovery", "SELECT " MEMBER_PATH("x.member_id") " FROM recoveries x WHERE x.id = $1"},
    {"roll_entry", "SELECT o.path FROM roll_entries x JOIN orgs o ON o.id = x.org_id "
		   "WHERE x.id = $1"},
    {"roll_review", "SELECT o.path FROM roll_reviews v JOIN orgs o ON o.id = v.org_id "
		    "WHERE v.id = $1"},
    {"roll_review_item", "SELECT o.path FROM roll_review_items x JOIN orgs o ON o.id = "
			 "x.org_id WHERE x.id = $1"},
    {"verification", "SELECT o.path FROM verification_campaigns v JOIN orgs o ON o.id = v.org_id "
		     "WHERE v.id = $1"},
    {"verification_check", "SELECT o.path FROM verification_checks k JOIN cases c ON c.id = "
			   "k.case_id JOIN orgs o ON o.id = c.org_id WHERE k.id = $1"},
};

enum db_qs store_audit_entity_path(struct db *db, const char *entity, int64_t id, char path[256],
				   struct bf_err *e)
{
	for (size_t i = 0; id > 0 && i < sizeof(entity_paths) / sizeof(entity_paths[0]); i++) {
		if (strcmp(entity_paths[i].entity, entity) != 0)
			continue;
		struct db_rows *r = NULL;
		struct db_val arg = DB_INT(id);
		enum db_qs qs = db_query(db, entity_paths[i].sql, &arg, 1, &r, e);
		if (qs != DB_ONE)
			return qs;
		int rc = db_next(r);
		if (rc == 1 && !db_is_null(r, 0))
			st_copy(path, 256, db_text(r, 0));
		else if (rc >= 0)
			qs = DB_NONE;
		db_rows_free(r);
		return rc < 0 ? st_next_failed(rc, e) : qs;
	}
	return DB_NONE;
}

/* The rows of the subtree at path ("" or "/": all of them), newest first;
 * *total counts them (the whole log: the head's seq, which is gap-free
 * from 1, without counting a log that only grows). */
enum db_qs store_audit_list(struct db *db, const char *path, int offset, int limit,
			    struct audit_entry **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct audit_query q = {.path = path, .offset = offset, .limit = limit};
	return store_audit_find(db, &q, items, n, total, e);
}

static int audit_all(const struct audit_query *q)
{
	return !q->path || !q->path[0] || !strcmp(q->path, "/");
}

static int audit_filtered(const struct audit_query *q)
{
	return (q->user && *q->user) || (q->action && *q->action) || (q->entity && *q->entity) ||
	       q->entity_id || q->from || q->before;
}

/* " AND <column> <op> value" */
static void audit_cond(struct qb *w, const char *sql, struct db_val v)
{
	qb_add(w, sql);
	qb_arg(w, v);
}

/* WHERE of q; end holds the subtree's upper bound.  "/1/4/" ends below
 * "/1/40": the subtree is [path, path with its last '/' made '0'), a range
 * of the (org_path, seq) index. */
static void audit_where(struct qb *w, struct audit_query *q, char end[256])
{
	qb_add(w, " WHERE 1 = 1");
	if (!audit_all(q)) {
		st_copy(end, 256, q->path);
		end[strlen(end) - 1] = '0';
		audit_cond(w, " AND org_path >= ", DB_TEXT(q->path));
		audit_cond(w, " AND org_path < ", DB_TEXT(end));
	}
	if (q->user && *q->user) {
		struct strbuf sb = STRBUF_INIT;
		st_like_contains(&sb, q->user);
		ST_COPY(q->pattern, strbuf_str(&sb));
		strbuf_release(&sb);
		audit_cond(w, " AND (username LIKE ", DB_TEXT(q->pattern));
		audit_cond(w,
			   " ESCAPE '\\' OR user_id IN (SELECT id FROM users "
			   "WHERE display_name LIKE ",
			   DB_TEXT(q->pattern));
		qb_add(w, " ESCAPE '\\'))");
	}
	if (q->action && *q->action)
		audit_cond(w, " AND action = ", DB_TEXT(q->action));
	if (q->entity && *q->entity)
		audit_cond(w, " AND entity = ", DB_TEXT(q->entity));
	if (q->entity_id)
		audit_cond(w, " AND entity_id = ", DB_INT(q->entity_id));
	if (q->from)
		audit_cond(w, " AND at >= ", DB_INT(q->from));
	if (q->before)
		audit_cond(w, " AND at < ", DB_INT(q->before));
}

static enum db_qs audit_total(struct db *db, struct audit_query *q, int64_t *total,
			      struct bf_err *e)
{
	char end[256];
	if (audit_all(q) && !audit_filtered(q))
		return st_fetch_int(db, "SELECT seq FROM audit_head WHERE id = 1", NULL, 0, total,
				    e);
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	qb_add(&w, "SELECT count(*) FROM audit_log");
	audit_where(&w, q, end);
	enum db_qs qs = st_fetch_int(db, strbuf_str(&w.sql), w.args, w.n, total, e);
	strbuf_release(&w.sql);
	return qs;
}

enum db_qs store_audit_find(struct db *db, struct audit_query *q, struct audit_entry **items,
			    size_t *n, int64_t *total, struct bf_err *e)
{
	char end[256];
	int offset = q->offset > 0 ? q->offset : 0;
	*items = NULL;
	*n = 0;
	*total = 0;
	enum db_qs qs = audit_total(db, q, total, e);
	if (qs < 0)
		return qs;
	if (*total <= offset)
		return DB_NONE;
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	qb_add(&w, "SELECT " AUDIT_COLS ", " AUDIT_USER_NAME " FROM audit_log");
	audit_where(&w, q, end);
	audit_cond(&w, " ORDER BY seq DESC LIMIT ", DB_INT(q->limit > 0 ? q->limit : 20));
	audit_cond(&w, " OFFSET ", DB_INT(offset));
	qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items), read_entry_named,
			  (void **)items, n, e);
	strbuf_release(&w.sql);
	return qs;
}

/* screening.c - the queries of screening before payment (store_screening.h,
 * migration 0015-screening): findings, household links, other districts'
 * ID numbers as blind indexes, and the batches of the file round-trip. */
#include <stdio.h>
#include <string.h>
#include "store_screening.h"
#include "store/store_impl.h"

/* --- findings --- */

#define FINDING_SELECT                                                                             \
	"SELECT f.id, f.case_id, f.rule, f.detail, f.state, f.reason, f.decided_by, "              \
	"COALESCE(u.display_name, ''), f.decided_at, f.created_at FROM screening_findings f "      \
	"LEFT JOIN users u ON u.id = f.decided_by "

static void read_finding(struct db_rows *r, void *item)
{
	struct screening_finding *f = item;
	memset(f, 0, sizeof(*f));
	f->id = db_int(r, 0);
	f->case_id = db_int(r, 1);
	ST_COPY(f->rule, db_text(r, 2));
	ST_COPY(f->detail, db_text(r, 3));
	ST_COPY(f->state, db_text(r, 4));
	ST_COPY(f->reason, db_text(r, 5));
	f->decided_by = db_int(r, 6);
	ST_COPY(f->decided_by_name, db_text(r, 7));
	f->decided_at = db_int(r, 8);
	f->created_at = db_int(r, 9);
}

enum db_qs store_finding_insert(struct db *db, struct screening_finding *f, struct bf_err *e)
{
	int64_t id = 0;
	if (!f->created_at)
		f->created_at = st_now();
	struct db_val args[] = {DB_INT(f->case_id), st_text(f->rule), st_text(f->detail),
				DB_INT(f->created_at)};
	enum db_qs qs =
	    st_fetch_int(db,
			 "INSERT INTO screening_findings (case_id, rule, detail, state, "
			 "created_at) VALUES ($1, $2, $3, 'open', $4) RETURNING id",
			 args, 4, &id, e);
	if (qs < 0)
		return qs;
	f->id = id;
	ST_COPY(f->state, "open");
	return DB_ONE;
}

enum db_qs store_finding_get(struct db *db, int64_t id, struct screening_finding *out,
			     struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, FINDING_SELECT "WHERE f.id = $1", &arg, 1, read_finding, out, e);
}

enum db_qs store_finding_list(struct db *db, int64_t case_id, struct screening_finding **items,
			      size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(case_id);
	return st_fetch_all(db, FINDING_SELECT "WHERE f.case_id = $1 ORDER BY f.id", &arg, 1,
			    sizeof(**items), read_finding, (void **)items, n, e);
}

enum db_qs store_finding_drop_open(struct db *db, int64_t case_id, struct bf_err *e)
{
	struct db_val arg = DB_INT(case_id);
	enum db_qs qs = db_exec(db,
				"DELETE FROM screening_findings WHERE case_id = $1 AND "
				"state = 'open'",
				&arg, 1, NULL, e);
	return qs < 0 ? qs : DB_ONE;
}

enum db_qs store_finding_decide(struct db *db, struct screening_finding *f, struct bf_err *e)
{
	if (!f->decided_at)
		f->decided_at = st_now();
	struct db_val args[] = {st_text(f->state), st_text(f->reason), ST_ID_OR_NULL(f->decided_by),
				DB_INT(f->decided_at), DB_INT(f->id)};
	return db_exec(db,
		       "UPDATE screening_findings SET state = $1, reason = $2, decided_by = $3, "
		       "decided_at = $4 WHERE id = $5 AND state = 'open'",
		       args, 5, NULL, e);
}

enum db_qs store_finding_open_count(struct db *db, int64_t case_id, int64_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(case_id);
	enum db_qs qs = st_fetch_int(db,
				     "SELECT count(*) FROM screening_findings WHERE case_id = $1 "
				     "AND state = 'open'",
				     &arg, 1, n, e);
	return qs < 0 ? qs : DB_ONE;
}

/* --- households --- */

/* The link seen from $1: the other member's name, organisation, status. */
#define LINK_SELECT                                                                                \
	"SELECT l.id, CASE WHEN l.member_id = $1 THEN l.relative_id ELSE l.member_id END, "        \
	"l.relation, m.name, o.name, o.path, m.status, l.created_by, l.created_at "                \
	"FROM household_links l JOIN members m ON m.id = CASE WHEN l.member_id = $1 THEN "         \
	"l.relative_id ELSE l.member_id END JOIN orgs o ON o.id = m.org_id "

static void read_link(struct db_rows *r, void *item)
{
	struct household_link *l = item;
	memset(l, 0, sizeof(*l));
	l->id = db_int(r, 0);
	l->relative_id = db_int(r, 1);
	ST_COPY(l->relation, db_text(r, 2));
	ST_COPY(l->relative_name, db_text(r, 3));
	ST_COPY(l->relative_org_name, db_text(r, 4));
	ST_COPY(l->relative_org_path, db_text(r, 5));
	ST_COPY(l->relative_status, db_text(r, 6));
	l->created_by = db_int(r, 7);
	l->created_at = db_int(r, 8);
}

enum db_qs store_household_insert(struct db *db, struct household_link *l, struct bf_err *e)
{
	int64_t id = 0;
	struct db_val pair[] = {DB_INT(l->member_id), DB_INT(l->relative_id)};
	enum db_qs qs = st_fetch_int(db,
				     "SELECT id FROM household_links WHERE (member_id = $1 AND "
				     "relative_id = $2) OR (member_id = $2 AND relative_id = $1)",
				     pair, 2, &id, e);
	if (qs < 0)
		return qs;
	if (id)
		return ST_FAIL(e, EC_CONFLICT, "id_number", "这两位党员已登记为同户家庭成员");
	if (!l->created_at)
		l->created_at = st_now();
	struct db_val args[] = {DB_INT(l->member_id), DB_INT(l->relative_id), st_text(l->relation),
				ST_ID_OR_NULL(l->created_by), DB_INT(l->created_at)};
	qs = st_fetch_int(db,
			  "INSERT INTO household_links (member_id, relative_id, relation, "
			  "created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			  args, 5, &id, e);
	if (qs < 0)
		return qs;
	l->id = id;
	return DB_ONE;
}

enum db_qs store_household_get(struct db *db, int64_t id, struct household_link *out,
			       struct bf_err *e)
{
	/* seen from the member who holds the link */
	int64_t member = 0;
	struct db_val arg = DB_INT(id);
	enum db_qs qs = st_fetch_int(db, "SELECT member_id FROM household_links WHERE id = $1",
				     &arg, 1, &member, e);
	if (qs < 0)
		return qs;
	if (!member)
		return DB_NONE;
	struct db_val args[] = {DB_INT(member), DB_INT(id)};
	qs = st_fetch_one(db, LINK_SELECT "WHERE l.id = $2", args, 2, read_link, out, e);
	if (qs == DB_ONE)
		out->member_id = member;
	return qs;
}

enum db_qs store_household_list(struct db *db, int64_t member_id, struct household_link **items,
				size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(member_id);
	enum db_qs qs = st_fetch_all(db,
				     LINK_SELECT "WHERE l.member_id = $1 OR l.relative_id = $1 "
						 "ORDER BY l.id",
				     &arg, 1, sizeof(**items), read_link, (void **)items, n, e);
	for (size_t i = 0; qs == DB_ONE && i < *n; i++)
		(*items)[i].member_id = member_id;
	return qs;
}

enum db_qs store_household_delete(struct db *db, int64_t id, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return db_exec(db, "DELETE FROM household_links WHERE id = $1", &arg, 1, NULL, e);
}

/* --- other districts' rolls --- */

static void read_district(struct db_rows *r, void *item)
{
	st_copy(item, 256, db_text(r, 0));
}

enum db_qs store_other_district_find(struct db *db, const char *id_bidx, char district[256],
				     struct bf_err *e)
{
	struct db_val arg = DB_TEXT(id_bidx);
	return st_fetch_one(db, "SELECT district FROM other_district_ids WHERE id_bidx = $1", &arg,
			    1, read_district, district, e);
}

enum db_qs store_other_district_put(struct db *db, const char *id_bidx, const char *district,
				    int64_t by, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(id_bidx), DB_TEXT(district), ST_ID_OR_NULL(by),
				DB_INT(st_now())};
	return db_exec(db,
		       "INSERT INTO other_district_ids (id_bidx, district, imported_by, "
		       "imported_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id_bidx) DO UPDATE SET "
		       "district = excluded.district, imported_by = excluded.imported_by, "
		       "imported_at = excluded.imported_at",
		       args, 4, NULL, e);
}

enum db_qs store_other_district_count(struct db *db, int64_t *n, struct bf_err *e)
{
	enum db_qs qs = st_fetch_int(db, "SELECT count(*) FROM other_district_ids", NULL, 0, n, e);
	return qs < 0 ? qs : DB_ONE;
}

/* --- batches --- */

#define SBATCH_SELECT                                                                              \
	"SELECT b.id, b.org_id, o.name, o.path, b.state, b.created_by, b.created_at, "             \
	"b.answered_by, b.answered_at, (SELECT count(*) FROM screening_batch_rows r WHERE "        \
	"r.batch_id = b.id) FROM screening_batches b JOIN orgs o ON o.id = b.org_id "

static void read_sbatch(struct db_rows *r, void *item)
{
	struct screening_batch *b = item;
	memset(b, 0, sizeof(*b));
	b->id = db_int(r, 0);
	b->org_id = db_int(r, 1);
	ST_COPY(b->org_name, db_text(r, 2));
	ST_COPY(b->org_path, db_text(r, 3));
	ST_COPY(b->state, db_text(r, 4));
	b->created_by = db_int(r, 5);
	b->created_at = db_int(r, 6);
	b->answered_by = db_int(r, 7);
	b->answered_at = db_int(r, 8);
	b->rows = db_int(r, 9);
}

enum db_qs store_sbatch_insert(struct db *db, struct screening_batch *b, struct bf_err *e)
{
	int64_t id = 0;
	if (!b->created_at)
		b->created_at = st_now();
	struct db_val args[] = {DB_INT(b->org_id), ST_ID_OR_NULL(b->created_by),
				DB_INT(b->created_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO screening_batches (org_id, state, created_by, "
				     "created_at) VALUES ($1, 'open', $2, $3) RETURNING id",
				     args, 3, &id, e);
	if (qs < 0)
		return qs;
	b->id = id;
	ST_COPY(b->state, "open");
	return DB_ONE;
}

enum db_qs store_sbatch_get(struct db *db, int64_t id, struct screening_batch *out,
			    struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, SBATCH_SELECT "WHERE b.id = $1", &arg, 1, read_sbatch, out, e);
}

enum db_qs store_sbatch_list(struct db *db, const char *scope_path, struct screening_batch **items,
			     size_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	if (st_scope_range(scope_path, lo, hi))
		return DB_NONE;
	struct db_val args[] = {st_text(lo), st_text(hi)};
	return st_fetch_all(db,
			    SBATCH_SELECT "WHERE o.path >= $1 AND o.path < $2 ORDER BY b.id DESC "
					  "LIMIT 200",
			    args, 2, sizeof(**items), read_sbatch, (void **)items, n, e);
}

enum db_qs store_sbatch_row_insert(struct db *db, const struct screening_row *r, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(r->batch_id), DB_INT(r->row_no), DB_INT(r->case_id)};
	return db_exec(db,
		       "INSERT INTO screening_batch_rows (batch_id, row_no, case_id) VALUES ($1, "
		       "$2, $3)",
		       args, 3, NULL, e);
}

static void read_row(struct db_rows *r, void *item)
{
	struct screening_row *o = item;
	o->batch_id = db_int(r, 0);
	o->row_no = (int)db_int(r, 1);
	o->case_id = db_int(r, 2);
}

enum db_qs store_sbatch_rows(struct db *db, int64_t batch_id, struct screening_row **items,
			     size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(batch_id);
	return st_fetch_all(db,
			    "SELECT batch_id, row_no, case_id FROM screening_batch_rows WHERE "
			    "batch_id = $1 ORDER BY row_no",
			    &arg, 1, sizeof(**items), read_row, (void **)items, n, e);
}

enum db_qs store_sbatch_answered(struct db *db, int64_t id, int64_t by, struct bf_err *e)
{
	struct db_val args[] = {ST_ID_OR_NULL(by), DB_INT(st_now()), DB_INT(id)};
	return db_exec(db,
		       "UPDATE screening_batches SET state = 'answered', answered_by = $1, "
		       "answered_at = $2 WHERE id = $3 AND state = 'open'",
		       args, 3, NULL, e);
}

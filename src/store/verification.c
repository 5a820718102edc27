/* verification.c - the verification campaign (走访核查, DOMAIN.md §3 step
 * 12): campaigns, the population each was drawn from, and the checks of
 * the sampled cases (tables of migration 0014).  The draw itself is the
 * core's (src/core/cases/verification_draw.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_cases.h"
#include "store/store_impl.h"

#define CAMPAIGN_SELECT                                                                            \
	"SELECT v.id, v.org_id, v.year, v.title, v.share_pct, v.min_per_committee, v.seed, "       \
	"v.population, v.sample, v.drawn_on, v.due_on, v.status, v.created_by, v.created_at, "     \
	"(SELECT count(*) FROM verification_checks k WHERE k.campaign_id = v.id AND "              \
	"k.checker_id IS NOT NULL), "                                                              \
	"(SELECT count(*) FROM verification_checks k WHERE k.campaign_id = v.id AND "              \
	"k.status = 'done'), "                                                                     \
	"(SELECT count(*) FROM verification_checks k WHERE k.campaign_id = v.id AND "              \
	"k.finding = 'irregular'), "                                                               \
	"(SELECT count(*) FROM verification_checks k WHERE k.campaign_id = v.id AND "              \
	"k.finding = 'fraud') "                                                                    \
	"FROM verification_campaigns v "

static void read_campaign(struct db_rows *r, void *item)
{
	struct verification *v = item;
	memset(v, 0, sizeof(*v));
	v->id = db_int(r, 0);
	v->org_id = db_int(r, 1);
	v->year = (int)db_int(r, 2);
	ST_COPY(v->title, db_text(r, 3));
	v->share_pct = (int)db_int(r, 4);
	v->min_per_committee = (int)db_int(r, 5);
	ST_COPY(v->seed, db_text(r, 6));
	v->population = db_int(r, 7);
	v->sample = db_int(r, 8);
	ST_COPY(v->drawn_on, db_text(r, 9));
	ST_COPY(v->due_on, db_text(r, 10));
	ST_COPY(v->status, db_text(r, 11));
	v->created_by = db_int(r, 12);
	v->created_at = db_int(r, 13);
	v->assigned = db_int(r, 14);
	v->done = db_int(r, 15);
	v->irregular = db_int(r, 16);
	v->fraud = db_int(r, 17);
}

static void read_unit(struct db_rows *r, void *item)
{
	struct verification_unit *u = item;
	memset(u, 0, sizeof(*u));
	u->case_id = db_int(r, 0);
	u->org_id = db_int(r, 1);
	ST_COPY(u->org_path, db_text(r, 2));
}

enum db_qs store_verification_paid(struct db *db, const char *scope_path, int year,
				   struct verification_unit **items, size_t *n, struct bf_err *e)
{
	char lo[256], hi[256];
	*items = NULL;
	*n = 0;
	if (st_scope_range(scope_path, lo, hi))
		return DB_NONE;
	struct db_val args[] = {DB_INT(year), st_text(lo), st_text(hi)};
	return st_fetch_all(db,
			    "SELECT c.id, c.org_id, o.path FROM cases c "
			    "JOIN payments p ON p.case_id = c.id JOIN orgs o ON o.id = c.org_id "
			    "WHERE c.year = $1 AND o.path >= $2 AND o.path < $3 ORDER BY c.id",
			    args, 3, sizeof(**items), read_unit, (void **)items, n, e);
}

enum db_qs store_verification_insert(struct db *db, struct verification *v,
				     const int64_t *pop_cases, const int64_t *pop_committees,
				     size_t npop, const struct verification_check *checks,
				     size_t nchecks, struct bf_err *e)
{
	int64_t id = 0;
	if (!v->created_at)
		v->created_at = st_now();
	struct db_val args[] = {DB_INT(v->org_id),
				DB_INT(v->year),
				DB_TEXT(v->title),
				DB_INT(v->share_pct),
				DB_INT(v->min_per_committee),
				DB_TEXT(v->seed),
				DB_INT(v->population),
				DB_INT(v->sample),
				DB_TEXT(v->drawn_on),
				DB_TEXT(v->due_on),
				DB_INT(v->created_by),
				DB_INT(v->created_at)};
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO verification_campaigns (org_id, year, title, share_pct, "
	    "min_per_committee, seed, population, sample, drawn_on, due_on, status, created_by, "
	    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12) "
	    "RETURNING id",
	    args, 12, &id, e);
	if (qs < 0)
		return qs;
	v->id = id;
	ST_COPY(v->status, "open");
	for (size_t i = 0; i < npop; i++) {
		struct db_val a[] = {DB_INT(id), DB_INT(pop_cases[i]), DB_INT(pop_committees[i])};
		qs = db_exec(db,
			     "INSERT INTO verification_population (campaign_id, case_id, "
			     "committee_id) VALUES ($1, $2, $3)",
			     a, 3, NULL, e);
		if (qs < 0)
			return qs;
	}
	for (size_t i = 0; i < nchecks; i++) {
		struct db_val a[] = {DB_INT(id), DB_INT(checks[i].case_id),
				     DB_INT(checks[i].committee_id), DB_INT(checks[i].draw_rank)};
		qs = db_exec(db,
			     "INSERT INTO verification_checks (campaign_id, case_id, committee_id, "
			     "draw_rank) VALUES ($1, $2, $3, $4)",
			     a, 4, NULL, e);
		if (qs < 0)
			return qs;
	}
	return DB_ONE;
}

enum db_qs store_verification_get(struct db *db, int64_t id, struct verification *out,
				  struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, CAMPAIGN_SELECT "WHERE v.id = $1", &arg, 1, read_campaign, out, e);
}

enum db_qs store_verification_list(struct db *db, int year, struct verification **items, size_t *n,
				   struct bf_err *e)
{
	struct db_val arg = DB_INT(year);
	return st_fetch_all(db,
			    CAMPAIGN_SELECT "WHERE (CAST($1 AS INTEGER) = 0 OR v.year = $1) "
					    "ORDER BY v.id DESC",
			    &arg, 1, sizeof(**items), read_campaign, (void **)items, n, e);
}

struct pop_row {
	int64_t case_id, committee_id;
};

static void read_pop(struct db_rows *r, void *item)
{
	struct pop_row *p = item;
	p->case_id = db_int(r, 0);
	p->committee_id = db_int(r, 1);
}

enum db_qs store_verification_population(struct db *db, int64_t campaign_id, int64_t **cases,
					 int64_t **committees, size_t *n, struct bf_err *e)
{
	struct pop_row *rows = NULL;
	struct db_val arg = DB_INT(campaign_id);
	*cases = *committees = NULL;
	enum db_qs qs = st_fetch_all(db,
				     "SELECT case_id, committee_id FROM verification_population "
				     "WHERE campaign_id = $1 ORDER BY case_id",
				     &arg, 1, sizeof(*rows), read_pop, (void **)&rows, n, e);
	if (qs == DB_ONE) {
		*cases = xcalloc(*n, sizeof(int64_t));
		*committees = xcalloc(*n, sizeof(int64_t));
		for (size_t i = 0; i < *n; i++) {
			(*cases)[i] = rows[i].case_id;
			(*committees)[i] = rows[i].committee_id;
		}
	}
	free(rows);
	return qs;
}

#define CHECK_SELECT                                                                               \
	"SELECT k.id, k.campaign_id, k.case_id, k.committee_id, k.draw_rank, "                     \
	"COALESCE(k.checker_id, 0), k.status, COALESCE(k.checked_on, ''), k.phone_reached, "       \
	"k.phone_correct, k.living_as_declared, k.notice_posted, k.money_received, k.finding, "    \
	"COALESCE(k.responsible_org_id, 0), COALESCE(k.recovery_id, 0), k.notes, k.recorded_by, "  \
	"k.recorded_at, k.version, COALESCE(u.display_name, ''), cm.name, "                        \
	"COALESCE(ro.name, ''), c.member_id, c.org_id, m.name, o.name, o.path, c.state, c.kind, "  \
	"COALESCE(p.amount, 0), COALESCE(p.value_date, ''), COALESCE(m.phone_sealed, '') "         \
	"FROM verification_checks k JOIN cases c ON c.id = k.case_id "                             \
	"JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = c.org_id "                     \
	"JOIN orgs cm ON cm.id = k.committee_id LEFT JOIN orgs ro ON ro.id = "                     \
	"k.responsible_org_id "                                                                    \
	"LEFT JOIN users u ON u.id = k.checker_id LEFT JOIN payments p ON p.case_id = c.id "

static void read_check(struct db_rows *r, void *item)
{
	struct verification_check *k = item;
	memset(k, 0, sizeof(*k));
	k->id = db_int(r, 0);
	k->campaign_id = db_int(r, 1);
	k->case_id = db_int(r, 2);
	k->committee_id = db_int(r, 3);
	k->draw_rank = (int)db_int(r, 4);
	k->checker_id = db_int(r, 5);
	ST_COPY(k->status, db_text(r, 6));
	ST_COPY(k->checked_on, db_text(r, 7));
	k->phone_reached = (int)db_int(r, 8);
	k->phone_correct = (int)db_int(r, 9);
	k->living_as_declared = (int)db_int(r, 10);
	k->notice_posted = (int)db_int(r, 11);
	k->money_received = (int)db_int(r, 12);
	ST_COPY(k->finding, db_text(r, 13));
	k->responsible_org_id = db_int(r, 14);
	k->recovery_id = db_int(r, 15);
	ST_COPY(k->notes, db_text(r, 16));
	k->recorded_by = db_int(r, 17);
	k->recorded_at = db_int(r, 18);
	k->version = db_int(r, 19);
	ST_COPY(k->checker_name, db_text(r, 20));
	ST_COPY(k->committee_name, db_text(r, 21));
	ST_COPY(k->responsible_name, db_text(r, 22));
	k->member_id = db_int(r, 23);
	k->org_id = db_int(r, 24);
	ST_COPY(k->member_name, db_text(r, 25));
	ST_COPY(k->org_name, db_text(r, 26));
	ST_COPY(k->org_path, db_text(r, 27));
	ST_COPY(k->case_state, db_text(r, 28));
	ST_COPY(k->kind, db_text(r, 29));
	k->amount = db_int(r, 30);
	ST_COPY(k->paid_on, db_text(r, 31));
	ST_COPY(k->phone_sealed, db_text(r, 32));
}

enum db_qs store_verification_checks(struct db *db, int64_t campaign_id,
				     const struct verification_filter *f,
				     struct verification_check **items, size_t *n, struct bf_err *e)
{
	char lo[256], hi[256], flo[256] = "", fhi[256] = "";
	*items = NULL;
	*n = 0;
	if (st_scope_range(f->scope_path, lo, hi))
		return DB_NONE;
	if (f->org_path && st_scope_range(f->org_path, flo, fhi))
		return DB_NONE;
	struct db_val args[] = {DB_INT(campaign_id),
				st_text(lo),
				st_text(hi),
				DB_INT(f->checker_or),
				flo[0] ? st_text(flo) : DB_NULLV,
				fhi[0] ? st_text(fhi) : DB_NULLV,
				DB_INT(f->only_checker),
				ST_TEXT_OR_NULL(f->status)};
	return st_fetch_all(db,
			    CHECK_SELECT
			    "WHERE k.campaign_id = $1 AND ((o.path >= $2 AND o.path < $3) OR "
			    "(CAST($4 AS BIGINT) <> 0 AND k.checker_id = $4)) "
			    "AND (CAST($5 AS TEXT) IS NULL OR (o.path >= $5 AND o.path < $6)) "
			    "AND (CAST($7 AS BIGINT) = 0 OR k.checker_id = $7) "
			    "AND (CAST($8 AS TEXT) IS NULL OR k.status = $8) "
			    "ORDER BY cm.code, k.committee_id, k.draw_rank",
			    args, 8, sizeof(**items), read_check, (void **)items, n, e);
}

enum db_qs store_verification_check_get(struct db *db, int64_t id, struct verification_check *out,
					struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, CHECK_SELECT "WHERE k.id = $1", &arg, 1, read_check, out, e);
}

enum db_qs store_verification_assign(struct db *db, int64_t check_id, int64_t checker_id,
				     struct bf_err *e)
{
	struct db_val args[] = {DB_INT(check_id), ST_ID_OR_NULL(checker_id)};
	return db_exec(db,
		       "UPDATE verification_checks SET checker_id = $2, version = version + 1 "
		       "WHERE id = $1",
		       args, 2, NULL, e);
}

enum db_qs store_verification_record(struct db *db, const struct verification_check *c,
				     struct bf_err *e)
{
	struct db_val args[] = {DB_INT(c->id),
				DB_INT(c->version),
				DB_TEXT(c->checked_on),
				DB_INT(c->phone_reached),
				DB_INT(c->phone_correct),
				DB_INT(c->living_as_declared),
				DB_INT(c->notice_posted),
				DB_INT(c->money_received),
				DB_TEXT(c->finding),
				ST_ID_OR_NULL(c->responsible_org_id),
				ST_ID_OR_NULL(c->recovery_id),
				DB_TEXT(c->notes),
				DB_INT(c->recorded_by),
				DB_INT(c->recorded_at ? c->recorded_at : st_now())};
	return db_exec(
	    db,
	    "UPDATE verification_checks SET status = 'done', checked_on = $3, "
	    "phone_reached = $4, phone_correct = $5, living_as_declared = $6, "
	    "notice_posted = $7, money_received = $8, finding = $9, "
	    "responsible_org_id = $10, recovery_id = $11, notes = $12, recorded_by = $13, "
	    "recorded_at = $14, version = version + 1 WHERE id = $1 AND version = $2",
	    args, 14, NULL, e);
}

enum db_qs store_verification_todo(struct db *db, int64_t user_id,
				   struct verification_check **items, size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(user_id);
	enum db_qs qs = st_fetch_all(
	    db,
	    CHECK_SELECT "JOIN verification_campaigns v ON v.id = k.campaign_id "
			 "WHERE k.checker_id = $1 AND k.status = 'pending' AND v.status = 'open' "
			 "ORDER BY v.due_on, k.id LIMIT 500",
	    &arg, 1, sizeof(**items), read_check, (void **)items, n, e);
	return qs;
}

enum db_qs store_verification_close(struct db *db, int64_t id, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return db_exec(db,
		       "UPDATE verification_campaigns SET status = 'closed' "
		       "WHERE id = $1 AND status = 'open'",
		       &arg, 1, NULL, e);
}

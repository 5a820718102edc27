/* cases.c - the case table of the aid procedure (cases), its timeline
 * (case_events) and its files (attachments).  Writes to a case name the
 * version they read, so two workers editing one case cannot overwrite each
 * other silently: the second gets DB_NONE and re-reads. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_cases.h"
#include "store/store_impl.h"
#include "store/cases_impl.h"

/* --- code lists: the policy's codes joined by ',' --- */

struct case_codes {
	char causes[ST_CODES_TEXT_MAX];
	char conditions[ST_CODES_TEXT_MAX];
	char exclusions[ST_CODES_TEXT_MAX];
};

static void case_codes(const struct aid_case *c, struct case_codes *cc)
{
	st_codes_join(&c->causes, cc->causes);
	st_codes_join(&c->conditions, cc->conditions);
	st_codes_join(&c->exclusions, cc->exclusions);
}

/* --- reading --- */

void st_read_case(struct db_rows *r, void *item)
{
	struct aid_case *c = item;
	int k = 0;

	memset(c, 0, sizeof(*c));
	c->id = db_int(r, k++);
	c->member_id = db_int(r, k++);
	c->org_id = db_int(r, k++);
	ST_COPY(c->member_name, db_text(r, k++));
	ST_COPY(c->org_name, db_text(r, k++));
	ST_COPY(c->org_path, db_text(r, k++));
	ST_COPY(c->round_title, db_text(r, k++));
	ST_COPY(c->kind, db_text(r, k++));
	c->round_id = db_int(r, k++);
	c->year = (int)db_int(r, k++);
	ST_COPY(c->state, db_text(r, k++));
	c->policy_version = (int)db_int(r, k++);
	ST_COPY(c->category, db_text(r, k++));
	ST_COPY(c->category_auto, db_text(r, k++));
	ST_COPY(c->category_reason, db_text(r, k++));
	ST_COPY(c->tier, db_text(r, k++));
	ST_COPY(c->tier_auto, db_text(r, k++));
	ST_COPY(c->tier_reason, db_text(r, k++));
	st_codes_split(db_text(r, k++), &c->causes);
	st_codes_split(db_text(r, k++), &c->conditions);
	st_codes_split(db_text(r, k++), &c->exclusions);
	ST_COPY(c->situation, db_text(r, k++));
	ST_COPY(c->loss_type, db_text(r, k++));
	c->income_fen = db_int(r, k++);
	c->household_size = (int)db_int(r, k++);
	c->labour_capacity = (int)db_int(r, k++);
	c->fixed_income = (int)db_int(r, k++);
	c->requested_fen = db_int(r, k++);
	c->proposed_fen = db_int(r, k++);
	c->approved_fen = db_int(r, k++);
	c->special_approval = (int)db_int(r, k++);
	ST_COPY(c->special_reason, db_text(r, k++));
	c->pay_first = (int)db_int(r, k++);
	ST_COPY(c->paperwork_due, db_text(r, k++));
	c->paperwork_done = (int)db_int(r, k++);
	c->dossier = (unsigned)db_int(r, k++);
	ST_COPY(c->investigation_on, db_text(r, k++));
	ST_COPY(c->investigators, db_text(r, k++));
	ST_COPY(c->investigation, db_text(r, k++));
	ST_COPY(c->appraisal_on, db_text(r, k++));
	c->expected = (int)db_int(r, k++);
	c->present = (int)db_int(r, k++);
	c->votes_for = (int)db_int(r, k++);
	c->votes_against = (int)db_int(r, k++);
	c->votes_abstain = (int)db_int(r, k++);
	ST_COPY(c->appraisal_minutes, db_text(r, k++));
	ST_COPY(c->decision_on, db_text(r, k++));
	ST_COPY(c->decision_minutes, db_text(r, k++));
	ST_COPY(c->screening_entered_on, db_text(r, k++));
	ST_COPY(c->screening_result, db_text(r, k++));
	ST_COPY(c->due_on, db_text(r, k++));
	c->due_estimated = (int)db_int(r, k++);
	c->created_by = db_int(r, k++);
	c->created_at = db_int(r, k++);
	c->updated_at = db_int(r, k++);
	c->version = db_int(r, k++);
	c->eligible = (int)db_int(r, k++);
	c->eligible_auto = (int)db_int(r, k++);
	ST_COPY(c->eligible_reason, db_text(r, k++));
	ST_COPY(c->explanation, db_text(r, k++));
	ST_COPY(c->applied_on, db_text(r, k++));
	c->payment_id = db_int(r, k++);
	c->pay_batch_id = db_int(r, k++);
	c->paid_fen = db_int(r, k++);
	ST_COPY(c->paid_on, db_text(r, k++));
}

/* --- writing --- */

/* The facts: the columns both insert and update write, in this order (43
 * values).  cc holds the joined code lists. */
#define CASE_FACTS(c, cc)                                                                          \
	DB_INT((c)->policy_version), DB_TEXT((c)->category), DB_TEXT((c)->category_auto),          \
	    DB_TEXT((c)->category_reason), DB_TEXT((c)->tier), DB_TEXT((c)->tier_auto),            \
	    DB_TEXT((c)->tier_reason), st_text((cc)->causes), st_text((cc)->conditions),           \
	    st_text((cc)->exclusions), DB_TEXT((c)->situation), DB_TEXT((c)->loss_type),           \
	    DB_INT((c)->income_fen), DB_INT((c)->household_size), DB_INT((c)->labour_capacity),    \
	    DB_INT((c)->fixed_income), DB_INT((c)->requested_fen), DB_INT((c)->proposed_fen),      \
	    DB_INT((c)->approved_fen), DB_INT((c)->special_approval),                              \
	    DB_TEXT((c)->special_reason), DB_INT((c)->pay_first),                                  \
	    ST_TEXT_OR_NULL((c)->paperwork_due), DB_INT((c)->paperwork_done),                      \
	    DB_INT((c)->dossier), ST_TEXT_OR_NULL((c)->investigation_on),                          \
	    DB_TEXT((c)->investigators), DB_TEXT((c)->investigation),                              \
	    ST_TEXT_OR_NULL((c)->appraisal_on), DB_INT((c)->expected), DB_INT((c)->present),       \
	    DB_INT((c)->votes_for), DB_INT((c)->votes_against), DB_INT((c)->votes_abstain),        \
	    DB_TEXT((c)->appraisal_minutes), ST_TEXT_OR_NULL((c)->decision_on),                    \
	    DB_TEXT((c)->decision_minutes), ST_TEXT_OR_NULL((c)->screening_entered_on),            \
	    DB_TEXT((c)->screening_result), DB_INT((c)->eligible), DB_INT((c)->eligible_auto),     \
	    DB_TEXT((c)->eligible_reason), DB_TEXT((c)->explanation)

enum db_qs store_case_insert(struct db *db, struct aid_case *c, struct bf_err *e)
{
	struct case_codes cc;
	struct db_rows *r = NULL;

	if (!*c->state)
		ST_COPY(c->state, "applied");
	if (!c->created_at)
		c->created_at = st_now();
	if (!c->updated_at)
		c->updated_at = c->created_at;
	case_codes(c, &cc);
	struct db_val args[] = {DB_INT(c->member_id),	  DB_INT(c->org_id),
				DB_TEXT(c->kind),	  ST_ID_OR_NULL(c->round_id),
				DB_INT(c->year),	  DB_TEXT(c->state),
				CASE_FACTS(c, &cc),	  ST_TEXT_OR_NULL(c->due_on),
				DB_INT(c->due_estimated), ST_ID_OR_NULL(c->created_by),
				DB_INT(c->created_at),	  DB_INT(c->updated_at),
				DB_TEXT(c->applied_on)};
	enum db_qs qs = db_query(
	    db,
	    "INSERT INTO cases (member_id, org_id, kind, round_id, year, state, policy_version, "
	    "category, category_auto, category_reason, tier, tier_auto, tier_reason, causes, "
	    "conditions, exclusions, situation, loss_type, income_fen, household_size, "
	    "labour_capacity, fixed_income, requested_fen, proposed_fen, approved_fen, "
	    "special_approval, special_reason, pay_first, paperwork_due, paperwork_done, dossier, "
	    "investigation_on, investigators, investigation, appraisal_on, expected, present, "
	    "votes_for, votes_against, votes_abstain, appraisal_minutes, decision_on, "
	    "decision_minutes, screening_entered_on, screening_result, eligible, eligible_auto, "
	    "eligible_reason, explanation, due_on, due_estimated, created_by, created_at, "
	    "updated_at, applied_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	    "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, "
	    "$28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, "
	    "$45, $46, $47, $48, $49, $50, $51, $52, $53, $54, $55) "
	    "ON CONFLICT (member_id, round_id) DO NOTHING RETURNING id",
	    args, (int)(sizeof(args) / sizeof(args[0])), &r, e);
	if (qs == DB_NONE)
		return ST_FAIL(e, EC_CONFLICT, "member_id", "该党员在本轮已有生活困难帮扶档案");
	if (qs < 0)
		return qs;
	int rc = db_next(r);
	if (rc == 1)
		c->id = db_int(r, 0);
	db_rows_free(r);
	if (rc != 1)
		return st_next_failed(rc < 0 ? rc : DB_HARD, e);
	c->version = 1;
	return DB_ONE;
}

enum db_qs store_case_get(struct db *db, int64_t id, struct aid_case *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, ST_CASE_SELECT "WHERE c.id = $1", &arg, 1, st_read_case, out, e);
}

enum db_qs store_case_update(struct db *db, struct aid_case *c, struct bf_err *e)
{
	struct case_codes cc;
	int64_t updated = c->updated_at > 0 ? c->updated_at : st_now();

	case_codes(c, &cc);
	struct db_val args[] = {CASE_FACTS(c, &cc), DB_INT(updated), DB_INT(c->id),
				DB_INT(c->version), DB_TEXT(c->applied_on)};
	enum db_qs qs = db_exec(
	    db,
	    "UPDATE cases SET policy_version = $1, category = $2, category_auto = $3, "
	    "category_reason = $4, tier = $5, tier_auto = $6, tier_reason = $7, causes = $8, "
	    "conditions = $9, exclusions = $10, situation = $11, loss_type = $12, "
	    "income_fen = $13, household_size = $14, labour_capacity = $15, fixed_income = $16, "
	    "requested_fen = $17, proposed_fen = $18, approved_fen = $19, special_approval = $20, "
	    "special_reason = $21, pay_first = $22, paperwork_due = $23, paperwork_done = $24, "
	    "dossier = $25, investigation_on = $26, investigators = $27, investigation = $28, "
	    "appraisal_on = $29, expected = $30, present = $31, votes_for = $32, "
	    "votes_against = $33, votes_abstain = $34, appraisal_minutes = $35, "
	    "decision_on = $36, decision_minutes = $37, screening_entered_on = $38, "
	    "screening_result = $39, eligible = $40, eligible_auto = $41, eligible_reason = $42, "
	    "explanation = $43, updated_at = $44, applied_on = $47, version = version + 1 "
	    "WHERE id = $45 AND version = $46",
	    args, (int)(sizeof(args) / sizeof(args[0])), NULL, e);
	if (qs == DB_ONE) {
		c->version++;
		c->updated_at = updated;
	}
	return qs;
}

enum db_qs store_case_set_state(struct db *db, struct aid_case *c, struct bf_err *e)
{
	int64_t updated = c->updated_at > 0 ? c->updated_at : st_now();
	struct db_val args[] = {DB_TEXT(c->state),	  ST_TEXT_OR_NULL(c->due_on),
				DB_INT(c->due_estimated), DB_INT(c->policy_version),
				DB_INT(updated),	  DB_INT(c->id),
				DB_INT(c->version)};
	enum db_qs qs = db_exec(db,
				"UPDATE cases SET state = $1, due_on = $2, due_estimated = $3, "
				"policy_version = $4, updated_at = $5, version = version + 1 "
				"WHERE id = $6 AND version = $7",
				args, 7, NULL, e);
	if (qs == DB_ONE) {
		c->version++;
		c->updated_at = updated;
	}
	return qs;
}

/* --- lists: a WHERE clause from fixed fragments --- */

/* SQL text plus its arguments; placeholders are numbered as they are
 * added and values always bound (as member.c's list). */

/* "AND column = value" for each filter of q that is set, except scope. */
static void add_filters(struct qb *w, const struct case_query *q)
{
	if (q->state && *q->state) {
		qb_add(w, " AND c.state = ");
		qb_arg(w, DB_TEXT(q->state));
	}
	if (q->kind && *q->kind) {
		qb_add(w, " AND c.kind = ");
		qb_arg(w, DB_TEXT(q->kind));
	}
	if (q->year) {
		qb_add(w, " AND c.year = ");
		qb_arg(w, DB_INT(q->year));
	}
	if (q->round_id) {
		qb_add(w, " AND c.round_id = ");
		qb_arg(w, DB_INT(q->round_id));
	}
	if (q->member_id) {
		qb_add(w, " AND c.member_id = ");
		qb_arg(w, DB_INT(q->member_id));
	}
	if (q->overdue_before && *q->overdue_before) {
		/* finished cases have nothing left to be late with */
		qb_add(w, " AND c.due_on < ");
		qb_arg(w, DB_TEXT(q->overdue_before));
		qb_add(w, " AND c.state NOT IN ('verified', 'rejected')");
	}
	if (q->paperwork_open)
		qb_add(w,
		       " AND c.pay_first = 1 AND c.paperwork_done = 0 AND c.state <> 'rejected'");
	static const struct search_cols cols = {
	    {NULL}, "c.member_id IN (SELECT m.id FROM members m WHERE ", "c.id"};
	st_search_where(w, q->search, &cols);
}

/* The scope as path ranges of the case's org: the caller's scope and, with
 * q->org_id, that org's subtree too (ANDed: disjoint ranges match nothing,
 * so an org outside the scope never widens it). */
struct scope {
	char lo[256], hi[256];
	char org_lo[256], org_hi[256];
	int has_org;
	int64_t own_org; /* 0, or only the cases filed directly with this org */
};

static enum db_qs case_scope(struct db *db, const struct case_query *q, struct scope *s,
			     struct bf_err *e)
{
	struct org o;
	s->has_org = 0;
	s->own_org = 0;
	if (st_scope_range(q->scope_path, s->lo, s->hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	if (!q->org_id)
		return DB_ONE;
	enum db_qs qs = store_org_get(db, q->org_id, &o, e);
	if (qs != DB_ONE)
		return qs;
	if (st_scope_range(o.path, s->org_lo, s->org_hi))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	s->has_org = 1;
	return DB_ONE;
}

static void build_where(struct qb *w, const struct case_query *q, const struct scope *s)
{
	qb_add(w, " WHERE c.org_id IN (SELECT id FROM orgs WHERE path >= ");
	qb_arg(w, st_text(s->lo));
	qb_add(w, " AND path < ");
	qb_arg(w, st_text(s->hi));
	if (s->has_org) {
		qb_add(w, " AND path >= ");
		qb_arg(w, st_text(s->org_lo));
		qb_add(w, " AND path < ");
		qb_arg(w, st_text(s->org_hi));
	}
	qb_add(w, ")");
	if (s->own_org) {
		qb_add(w, " AND c.org_id = ");
		qb_arg(w, DB_INT(s->own_org));
	}
	add_filters(w, q);
}

static enum db_qs case_total(struct db *db, const struct case_query *q, const struct scope *s,
			     int64_t *total, struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	qb_add(&w, "SELECT count(*) FROM cases c");
	build_where(&w, q, s);
	enum db_qs qs = st_fetch_int(db, strbuf_str(&w.sql), w.args, w.n, total, e);
	strbuf_release(&w.sql);
	return qs;
}

static enum db_qs case_page(struct db *db, const struct case_query *q, const struct scope *s,
			    struct aid_case **items, size_t *n, struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;

	qb_add(&w, ST_CASE_SELECT);
	build_where(&w, q, s);
	/* deadlines first, cases without one last (portable NULLS LAST) */
	qb_add(&w, q->order == CASE_ORDER_DUE ? " ORDER BY c.due_on IS NULL, c.due_on, c.id"
					      : " ORDER BY c.id DESC");
	qb_add(&w, " LIMIT ");
	qb_arg(&w, DB_INT(limit));
	qb_add(&w, " OFFSET ");
	qb_arg(&w, DB_INT(offset));
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items),
				     st_read_case, (void **)items, n, e);
	strbuf_release(&w.sql);
	return qs;
}

enum db_qs store_case_list(struct db *db, const struct case_query *q, struct aid_case **items,
			   size_t *n, int64_t *total, struct bf_err *e)
{
	return store_case_list_own(db, q, 0, items, n, total, e);
}

enum db_qs store_case_list_own(struct db *db, const struct case_query *q, int own,
			       struct aid_case **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct scope s;

	*items = NULL;
	*n = 0;
	*total = 0;
	enum db_qs qs = case_scope(db, q, &s, e);
	if (qs != DB_ONE)
		return qs;
	if (own)
		s.own_org = q->org_id;
	qs = case_total(db, q, &s, total, e);
	if (qs < 0 || *total <= (q->offset > 0 ? q->offset : 0))
		return qs < 0 ? qs : DB_NONE;
	return case_page(db, q, &s, items, n, e);
}

static void read_count(struct db_rows *r, void *item)
{
	struct case_count *c = item;
	memset(c, 0, sizeof(*c));
	c->org_id = db_int(r, 0);
	ST_COPY(c->state, db_text(r, 1));
	c->n = db_int(r, 2);
}

enum db_qs store_case_counts(struct db *db, int64_t org_id, const struct case_query *f,
			     struct case_count **items, size_t *n, struct bf_err *e)
{
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	struct case_query none = {0};

	/* p: org_id and its children; o: the orgs each p stands for — a
	 * child's subtree (a path range, so the orgs' path index serves it),
	 * org_id only itself.  "/1/4/" ends below "/1/40". */
	qb_add(&w, "SELECT p.id, c.state, count(*) FROM orgs p JOIN orgs o ON (p.id = ");
	qb_arg(&w, DB_INT(org_id));
	qb_add(&w, " AND o.id = p.id) OR (p.id <> $1 AND o.path >= p.path AND "
		   "o.path < (substr(p.path, 1, length(p.path) - 1) || '0')) "
		   "JOIN cases c ON c.org_id = o.id WHERE (p.id = $1 OR p.parent_id = $1)");
	add_filters(&w, f ? f : &none);
	qb_add(&w, " GROUP BY p.id, c.state ORDER BY p.id, c.state");
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items),
				     read_count, (void **)items, n, e);
	strbuf_release(&w.sql);
	return qs;
}

enum db_qs store_case_member_year(struct db *db, int64_t member_id, int year, const char *kind,
				  struct aid_case **items, size_t *n, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(member_id), DB_INT(year), DB_TEXT(kind)};
	if (kind && *kind)
		return st_fetch_all(db,
				    ST_CASE_SELECT "WHERE c.member_id = $1 AND c.year = $2 "
						   "AND c.kind = $3 ORDER BY c.id",
				    args, 3, sizeof(**items), st_read_case, (void **)items, n, e);
	return st_fetch_all(db,
			    ST_CASE_SELECT "WHERE c.member_id = $1 AND c.year = $2 ORDER BY c.id",
			    args, 2, sizeof(**items), st_read_case, (void **)items, n, e);
}

/* --- the timeline --- */

static void read_event(struct db_rows *r, void *item)
{
	struct case_event_row *ev = item;
	memset(ev, 0, sizeof(*ev));
	ev->id = db_int(r, 0);
	ev->case_id = db_int(r, 1);
	ev->at = db_int(r, 2);
	ev->user_id = db_int(r, 3);
	ST_COPY(ev->username, db_text(r, 4));
	ST_COPY(ev->role, db_text(r, 5));
	ST_COPY(ev->event, db_text(r, 6));
	ST_COPY(ev->from_state, db_text(r, 7));
	ST_COPY(ev->to_state, db_text(r, 8));
	ev->policy_version = (int)db_int(r, 9);
	ST_COPY(ev->reason, db_text(r, 10));
	ST_COPY(ev->detail, db_text(r, 11));
	ST_COPY(ev->opinion, db_text(r, 12));
	ST_COPY(ev->user_name, db_text(r, 13));
	ST_COPY(ev->taken_on, db_text(r, 14));
}

enum db_qs store_case_event_append(struct db *db, struct case_event_row *ev, struct bf_err *e)
{
	int64_t id = 0;
	if (!ev->at)
		ev->at = st_now();
	struct db_val args[] = {
	    DB_INT(ev->case_id),     DB_INT(ev->at),	    ST_ID_OR_NULL(ev->user_id),
	    DB_TEXT(ev->username),   DB_TEXT(ev->role),	    DB_TEXT(ev->event),
	    DB_TEXT(ev->from_state), DB_TEXT(ev->to_state), ST_ID_OR_NULL(ev->policy_version),
	    DB_TEXT(ev->reason),     DB_TEXT(ev->detail),   DB_TEXT(ev->opinion),
	    DB_TEXT(ev->taken_on)};
	enum db_qs qs = st_fetch_int(
	    db,
	    "INSERT INTO case_events (case_id, at, user_id, username, role, event, from_state, "
	    "to_state, policy_version, reason, detail, opinion, taken_on) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
	    args, 13, &id, e);
	if (qs == DB_NONE)
		return st_next_failed(DB_HARD, e);
	if (qs == DB_ONE)
		ev->id = id;
	return qs;
}

enum db_qs store_case_event_list(struct db *db, int64_t case_id, struct case_event_row **items,
				 size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(case_id);
	return st_fetch_all(
	    db,
	    "SELECT id, case_id, at, user_id, username, role, event, from_state, "
	    "to_state, policy_version, reason, detail, opinion, "
	    "COALESCE((SELECT display_name FROM users WHERE users.id = "
	    "case_events.user_id), ''), taken_on FROM case_events WHERE case_id = $1 ORDER BY id",
	    &arg, 1, sizeof(**items), read_event, (void **)items, n, e);
}

/* --- attachments --- */

#define ATTACHMENT_COLS                                                                            \
	"SELECT id, case_id, kind, name, mime, size, sha256, stored_path, uploaded_by, "           \
	"uploaded_at, COALESCE((SELECT display_name FROM users "                                   \
	"WHERE users.id = attachments.uploaded_by), '') FROM attachments "

static void read_attachment(struct db_rows *r, void *item)
{
	struct attachment *a = item;
	memset(a, 0, sizeof(*a));
	a->id = db_int(r, 0);
	a->case_id = db_int(r, 1);
	ST_COPY(a->kind, db_text(r, 2));
	ST_COPY(a->name, db_text(r, 3));
	ST_COPY(a->mime, db_text(r, 4));
	a->size = db_int(r, 5);
	ST_COPY(a->sha256, db_text(r, 6));
	ST_COPY(a->stored_path, db_text(r, 7));
	a->uploaded_by = db_int(r, 8);
	a->uploaded_at = db_int(r, 9);
	ST_COPY(a->uploaded_by_name, db_text(r, 10));
}

enum db_qs store_attachment_insert(struct db *db, struct attachment *a, struct bf_err *e)
{
	int64_t id = 0;
	if (!a->uploaded_at)
		a->uploaded_at = st_now();
	struct db_val args[] = {DB_INT(a->case_id),	 DB_TEXT(a->kind),
				DB_TEXT(a->name),	 DB_TEXT(a->mime),
				DB_INT(a->size),	 DB_TEXT(a->sha256),
				DB_TEXT(a->stored_path), ST_ID_OR_NULL(a->uploaded_by),
				DB_INT(a->uploaded_at)};
	enum db_qs qs = st_fetch_int(db,
				     "INSERT INTO attachments (case_id, kind, name, mime, size, "
				     "sha256, stored_path, uploaded_by, uploaded_at) "
				     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
				     args, 9, &id, e);
	if (qs == DB_NONE)
		return st_next_failed(DB_HARD, e);
	if (qs == DB_ONE)
		a->id = id;
	return qs;
}

enum db_qs store_attachment_get(struct db *db, int64_t id, struct attachment *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(id);
	return st_fetch_one(db, ATTACHMENT_COLS "WHERE id = $1", &arg, 1, read_attachment, out, e);
}

enum db_qs store_attachment_list(struct db *db, int64_t case_id, struct attachment **items,
				 size_t *n, struct bf_err *e)
{
	struct db_val arg = DB_INT(case_id);
	return st_fetch_all(db, ATTACHMENT_COLS "WHERE case_id = $1 ORDER BY id", &arg, 1,
			    sizeof(**items), read_attachment, (void **)items, n, e);
}

/* verification.c - the verification campaign (走访核查, DOMAIN.md §3 step
 * 12): the department draws a sample of a year's paid cases (the draw:
 * verification_draw.c), assigns it to checkers, and follows progress and
 * findings per committee; the checks themselves are
 * verification_checks.c.  Design: docs/internals/verification.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verification_impl.h"
#include "crypto.h"
#include "store.h"
#include "store_payments.h"

int vf_campaign_read(struct db *db, const struct actor *a, int64_t id, struct verification *v,
		     char path[256], struct bf_err *e)
{
	enum db_qs qs = store_verification_get(db, id, v, e);
	if (qs < 0)
		return qs;
	int vis = qs == DB_ONE ? core_org_visible(db, a, v->org_id, path, e) : 0;
	if (vis < 0)
		return vis;
	return vis ? 0 : err_set(e, EC_NOT_FOUND, "id", "核查抽样不存在");
}

/* --- the population --------------------------------------------------- */

static int by_id(const void *a, const void *b)
{
	const struct org *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The committee above a case's organisation (its path's first org of kind
 * committee), or the organisation itself when none is. */
static int64_t committee_of(const struct verification_unit *u, const struct org *orgs, size_t n)
{
	const char *p = u->org_path;
	while (*p == '/') {
		char *end;
		int64_t id = strtoll(p + 1, &end, 10);
		if (end == p + 1 || *end != '/')
			break;
		struct org key = {.id = id};
		const struct org *o = n ? bsearch(&key, orgs, n, sizeof(*orgs), by_id) : NULL;
		if (o && !strcmp(o->kind, ORG_COMMITTEE))
			return id;
		p = end;
	}
	return u->org_id;
}

static int population_tx(struct db *db, const char *path, int year, int64_t **cases,
			 int64_t **committees, size_t *n, struct bf_err *e)
{
	struct verification_unit *units = NULL;
	struct org *orgs = NULL;
	size_t nu = 0, no = 0;
	*cases = *committees = NULL;
	*n = 0;
	int rc = CORE_QS(store_verification_paid(db, path, year, &units, &nu, e));
	if (!rc && nu)
		rc = CORE_QS(store_org_list(db, path, &orgs, &no, e));
	if (!rc && no)
		qsort(orgs, no, sizeof(*orgs), by_id);
	if (!rc && nu) {
		*cases = xcalloc(nu, sizeof(int64_t));
		*committees = xcalloc(nu, sizeof(int64_t));
		for (size_t i = 0; i < nu; i++) {
			(*cases)[i] = units[i].case_id;
			(*committees)[i] = committee_of(&units[i], orgs, no);
		}
		*n = nu;
	}
	free(units);
	free(orgs);
	return rc;
}

struct pop_ctx {
	const struct actor *a;
	int year;
	int64_t **cases, **committees;
	size_t *n;
};

static int pop_fn(struct db *db, void *p, struct bf_err *e)
{
	struct pop_ctx *x = p;
	struct org o;
	int rc = core_actor_org(db, x->a, &o, e);
	return rc ? rc : population_tx(db, o.path, x->year, x->cases, x->committees, x->n, e);
}

int verification_population_now(struct core *c, const struct actor *a, int year, int64_t **cases,
				int64_t **committees, size_t *n, struct bf_err *e)
{
	struct pop_ctx x = {.a = a, .year = year, .cases = cases, .committees = committees, .n = n};
	*cases = *committees = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "verification_population", 0, pop_fn, &x, e);
}

/* --- create ---------------------------------------------------------------- */

struct create_ctx {
	const struct actor *a;
	const struct verification_input *in;
	uint64_t seed;
	struct verification *v;
};

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *x = p;
	struct verification *v = x->v;
	struct org o;
	int64_t *cases = NULL, *committees = NULL;
	size_t n = 0;
	struct verification_pick *picks = NULL;
	struct verification_check *checks = NULL;
	int rc = core_actor_org(db, x->a, &o, e);
	if (!rc)
		rc = population_tx(db, o.path, x->in->year, &cases, &committees, &n, e);
	if (!rc && !n)
		rc = err_set(e, EC_CONFLICT, "year",
			     "%d 年度在本组织范围内还没有已发放的案件，无可抽查", x->in->year);
	size_t k = 0;
	if (!rc) {
		picks = xcalloc(n, sizeof(*picks));
		k = verification_draw(x->seed, x->in->share_pct, x->in->min_per_committee, cases,
				      committees, n, picks);
		checks = xcalloc(k ? k : 1, sizeof(*checks));
		for (size_t i = 0; i < k; i++) {
			checks[i].case_id = picks[i].case_id;
			checks[i].committee_id = picks[i].committee_id;
			checks[i].draw_rank = picks[i].rank;
		}
		memset(v, 0, sizeof(*v));
		v->org_id = o.id;
		v->year = x->in->year;
		snprintf(v->title, sizeof(v->title), "%s", x->in->title);
		v->share_pct = x->in->share_pct;
		v->min_per_committee = x->in->min_per_committee;
		verification_seed_format(x->seed, v->seed);
		v->population = (int64_t)n;
		v->sample = (int64_t)k;
		core_today(v->drawn_on);
		snprintf(v->due_on, sizeof(v->due_on), "%s", x->in->due_on);
		v->created_by = x->a->user_id;
		rc = CORE_QS(store_verification_insert(db, v, cases, committees, n, checks, k, e));
	}
	char digest[65] = "", detail[512];
	if (!rc) {
		verification_population_digest(cases, committees, n, digest);
		snprintf(detail, sizeof(detail),
			 "{\"year\":%d,\"seed\":\"%s\",\"share_pct\":%d,\"min_per_committee\":%d,"
			 "\"population\":%zu,\"sample\":%zu,\"population_sm3\":\"%s\","
			 "\"due_on\":\"%s\"}",
			 v->year, v->seed, v->share_pct, v->min_per_committee, n, k, digest,
			 v->due_on);
		rc =
		    audit_record(db, x->a, "verification.create", "verification", v->id, detail, e);
	}
	free(cases);
	free(committees);
	free(picks);
	free(checks);
	return rc;
}

int verification_create(struct core *c, const struct actor *a, const struct verification_input *in,
			struct verification *out, struct bf_err *e)
{
	struct verification_input w = *in;
	struct verification local;
	struct create_ctx x = {.a = a, .in = &w, .v = out ? out : &local};
	char today[11];
	if (core_need_department(a, "发起走访核查抽样", e))
		return -1;
	if (w.year < 2000 || w.year > 2100)
		return err_set(e, EC_INVALID, "year", "核查年度须在 2000 至 2100 之间");
	if (w.share_pct < 1 || w.share_pct > 100)
		return err_set(e, EC_INVALID, "share_pct", "抽查比例须在 1%% 至 100%% 之间");
	if (w.min_per_committee < 0 || w.min_per_committee > 1000)
		return err_set(e, EC_INVALID, "min_per_committee",
			       "每个党(工)委至少抽查数须在 0 至 1000 之间");
	if (!w.title[0])
		snprintf(w.title, sizeof(w.title), "%d 年度走访核查", w.year);
	if (text_field(w.title, TF_VERIFICATION_TITLE, 1, e))
		return -1;
	if (core_date(in->due_on, w.due_on, 1, "due_on", "完成期限", e))
		return -1;
	core_today(today);
	if (strcmp(w.due_on, today) < 0)
		return err_set(e, EC_INVALID, "due_on", "完成期限（%s）不能早于今天", w.due_on);
	if (w.seed[0]) {
		if (verification_seed_parse(w.seed, &x.seed, e))
			return -1;
	} else if (crypto_random(&x.seed, sizeof(x.seed))) {
		return err_set(e, EC_INTERNAL, NULL, "无法生成随机种子");
	}
	return db_run_tx(c->db, "verification_create", 1, create_fn, &x, e);
}

/* --- read -------------------------------------------------------------------- */

struct read_ctx {
	const struct actor *a;
	int64_t id;
	int year;
	struct verification *v;
	struct verification **items;
	size_t *n;
};

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct read_ctx *x = p;
	return vf_campaign_read(db, x->a, x->id, x->v, NULL, e);
}

int verification_get(struct core *c, const struct actor *a, int64_t id, struct verification *out,
		     struct bf_err *e)
{
	struct read_ctx x = {.a = a, .id = id, .v = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "verification_get", 0, get_fn, &x, e);
}

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct read_ctx *x = p;
	struct verification *all = NULL;
	size_t k = 0, m = 0;
	int rc = CORE_QS(store_verification_list(db, x->year, &all, &k, e));
	for (size_t i = 0; !rc && i < k; i++) {
		int vis = core_org_visible(db, x->a, all[i].org_id, NULL, e);
		if (vis < 0)
			rc = vis;
		else if (vis)
			all[m++] = all[i];
	}
	if (rc || !m) {
		free(all);
		all = NULL;
		m = 0;
	}
	*x->items = all;
	*x->n = m;
	return rc;
}

int verification_list(struct core *c, const struct actor *a, int year, struct verification **items,
		      size_t *n, struct bf_err *e)
{
	struct read_ctx x = {.a = a, .year = year, .items = items, .n = n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "verification_list", 0, list_fn, &x, e);
}

static int close_fn(struct db *db, void *p, struct bf_err *e)
{
	struct read_ctx *x = p;
	struct verification v;
	int rc = vf_campaign_read(db, x->a, x->id, &v, NULL, e);
	if (rc)
		return rc;
	enum db_qs qs = store_verification_close(db, x->id, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "id", "“%s”已经结束", v.title);
	if (qs < 0)
		return qs;
	char detail[96];
	snprintf(detail, sizeof(detail), "{\"done\":%" PRId64 ",\"sample\":%" PRId64 "}", v.done,
		 v.sample);
	return audit_record(db, x->a, "verification.close", "verification", x->id, detail, e);
}

int verification_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e)
{
	struct read_ctx x = {.a = a, .id = id};
	if (core_need_department(a, "结束走访核查", e))
		return -1;
	return db_run_tx(c->db, "verification_close", 1, close_fn, &x, e);
}

/* --- the draw repeated ---------------------------------------------------------- */

struct redraw_ctx {
	const struct actor *a;
	int64_t id;
	struct verification_redraw *r;
};

static int redraw_fn(struct db *db, void *p, struct bf_err *e)
{
	struct redraw_ctx *x = p;
	struct verification_redraw *r = x->r;
	int64_t *cases = NULL, *committees = NULL;
	size_t n = 0;
	struct verification_check *checks = NULL;
	size_t nk = 0;
	uint64_t seed;
	int rc = vf_campaign_read(db, x->a, x->id, &r->v, NULL, e);
	if (!rc)
		rc = CORE_QS(store_verification_population(db, x->id, &cases, &committees, &n, e));
	if (!rc) {
		struct verification_filter f = {.scope_path = "/"};
		rc = CORE_QS(store_verification_checks(db, x->id, &f, &checks, &nk, e));
	}
	if (!rc)
		rc = verification_seed_parse(r->v.seed, &seed, e);
	if (!rc) {
		verification_population_digest(cases, committees, n, r->digest);
		r->population = n;
		r->drawn = xcalloc(n ? n : 1, sizeof(*r->drawn));
		r->ndrawn = verification_draw(seed, r->v.share_pct, r->v.min_per_committee, cases,
					      committees, n, r->drawn);
		r->recorded = xcalloc(nk ? nk : 1, sizeof(*r->recorded));
		for (size_t i = 0; i < nk; i++)
			r->recorded[i] = (struct verification_pick){
			    checks[i].case_id, checks[i].committee_id, checks[i].draw_rank};
		r->nrecorded = nk;
		/* both in committee then rank order: the draw's and the store's
		 * (committee code, id, rank) may list committees differently */
		r->same = r->ndrawn == nk;
		for (size_t i = 0; r->same && i < r->ndrawn; i++) {
			int hit = 0;
			for (size_t j = 0; j < nk && !hit; j++)
				hit = r->recorded[j].case_id == r->drawn[i].case_id &&
				      r->recorded[j].committee_id == r->drawn[i].committee_id &&
				      r->recorded[j].rank == r->drawn[i].rank;
			r->same = hit;
		}
	}
	free(cases);
	free(committees);
	free(checks);
	return rc;
}

int verification_redraw(struct core *c, const struct actor *a, int64_t id,
			struct verification_redraw *out, struct bf_err *e)
{
	struct redraw_ctx x = {.a = a, .id = id, .r = out};
	memset(out, 0, sizeof(*out));
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	int rc = db_run_tx(c->db, "verification_redraw", 0, redraw_fn, &x, e);
	if (rc)
		verification_redraw_release(out);
	return rc;
}

void verification_redraw_release(struct verification_redraw *r)
{
	free(r->drawn);
	free(r->recorded);
	r->drawn = r->recorded = NULL;
	r->ndrawn = r->nrecorded = 0;
}

/* --- progress per committee ------------------------------------------------------ */

struct progress_ctx {
	const struct actor *a;
	int64_t id;
	struct verification_progress **rows;
	size_t *n;
};

static struct verification_progress *row_of(struct verification_progress **rows, size_t *n,
					    size_t *alloc, int64_t org_id, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if ((*rows)[i].org_id == org_id)
			return &(*rows)[i];
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 16;
		*rows = xreallocarray(*rows, *alloc, sizeof(**rows));
	}
	struct verification_progress *r = &(*rows)[(*n)++];
	memset(r, 0, sizeof(*r));
	r->org_id = org_id;
	snprintf(r->org_name, sizeof(r->org_name), "%s", name);
	return r;
}

static int progress_fn(struct db *db, void *p, struct bf_err *e)
{
	struct progress_ctx *x = p;
	struct verification v;
	struct verification_check *checks = NULL;
	int64_t *cases = NULL, *committees = NULL;
	size_t nk = 0, np = 0, alloc = 0;
	int rc = vf_campaign_read(db, x->a, x->id, &v, NULL, e);
	struct verification_filter f = {.scope_path = x->a->org_id ? x->a->org_path : "/",
					.checker_or = x->a->user_id};
	if (!rc)
		rc = CORE_QS(store_verification_checks(db, x->id, &f, &checks, &nk, e));
	if (!rc)
		rc = CORE_QS(store_verification_population(db, x->id, &cases, &committees, &np, e));
	/* every committee of the population the actor sees, drawn from or not */
	for (size_t i = 0; !rc && i < np; i++) {
		struct verification_progress *r = NULL;
		for (size_t j = 0; j < *x->n && !r; j++)
			if ((*x->rows)[j].org_id == committees[i])
				r = &(*x->rows)[j];
		if (!r) {
			struct org o;
			enum db_qs qs = store_org_get(db, committees[i], &o, e);
			if (qs < 0)
				rc = qs;
			else if (qs == DB_ONE && access_in_scope(x->a, o.path))
				r = row_of(x->rows, x->n, &alloc, o.id, o.name);
		}
		if (r)
			r->population++;
	}
	for (size_t i = 0; !rc && i < nk; i++) {
		struct verification_check *k = &checks[i];
		struct verification_progress *r =
		    row_of(x->rows, x->n, &alloc, k->committee_id, k->committee_name);
		r->sample++;
		r->assigned += k->checker_id != 0;
		r->done += !strcmp(k->status, "done");
		r->none += !strcmp(k->finding, "none");
		r->irregular += !strcmp(k->finding, "irregular");
		r->fraud += !strcmp(k->finding, "fraud");
		if (k->recovery_id) {
			struct recovery rec;
			enum db_qs qs = store_recovery_get(db, k->recovery_id, &rec, e);
			if (qs < 0)
				rc = qs;
			else if (qs == DB_ONE)
				r->recovered_fen += rec.amount;
		}
	}
	free(checks);
	free(cases);
	free(committees);
	return rc;
}

int verification_progress(struct core *c, const struct actor *a, int64_t id,
			  struct verification_progress **rows, size_t *n, struct bf_err *e)
{
	struct progress_ctx x = {.a = a, .id = id, .rows = rows, .n = n};
	*rows = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	int rc = db_run_tx(c->db, "verification_progress", 0, progress_fn, &x, e);
	if (rc) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

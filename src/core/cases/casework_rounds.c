/* casework_rounds.c - the department's yearly rounds (生活困难帮扶, §3): a
 * round frames every yearly case of its organisation's subtree and sets
 * their common deadline (notice to money in hand within
 * policy.yearly_round_days calendar days of opening). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "store.h"

static int round_read(struct db *db, const struct actor *a, int64_t id, struct aid_round *r,
		      char path[256], struct bf_err *e)
{
	enum db_qs qs = store_round_get(db, id, r, e);
	if (qs < 0)
		return qs;
	int vis = qs == DB_ONE ? core_org_visible(db, a, r->org_id, path, e) : 0;
	if (vis < 0)
		return vis;
	return vis ? 0 : err_set(e, EC_NOT_FOUND, "round_id", "帮扶轮次不存在");
}

struct open_ctx {
	const struct actor *a;
	struct aid_round *r;
};

static int open_fn(struct db *db, void *p, struct bf_err *e)
{
	struct open_ctx *x = p;
	struct org o;
	const struct policy *pol;
	char detail[256];
	int rc = core_actor_org(db, x->a, &o, e);
	if (!rc)
		rc = case_policy_at(db, x->r->opened_on, &pol, e);
	if (rc)
		return rc;
	x->r->org_id = o.id;
	x->r->policy_version = pol->version;
	core_add_days(x->r->opened_on, pol->yearly_round_days, x->r->due_on);
	x->r->created_by = x->a->user_id;
	x->r->id = 0;
	if ((rc = CORE_QS(store_round_insert(db, x->r, e))))
		return rc;
	snprintf(detail, sizeof(detail),
		 "{\"year\":%d,\"org_id\":%" PRId64 ",\"opened_on\":\"%s\",\"due_on\":\"%s\","
		 "\"policy_version\":%d}",
		 x->r->year, x->r->org_id, x->r->opened_on, x->r->due_on, x->r->policy_version);
	return audit_record(db, x->a, "round_open", "round", x->r->id, detail, e);
}

int case_round_open(struct core *c, const struct actor *a, int year, const char *title,
		    struct aid_round *out, struct bf_err *e)
{
	struct aid_round r;
	memset(&r, 0, sizeof(r));
	if (core_need_department(a, "开启年度帮扶", e))
		return -1;
	if (year < 2000 || year > 2100)
		return err_set(e, EC_INVALID, "year", "年度须在 2000 至 2100 之间");
	r.year = year;
	if (title && *title)
		snprintf(r.title, sizeof(r.title), "%s", title);
	else
		snprintf(r.title, sizeof(r.title), "%d 年度生活困难党员帮扶", year);
	if (text_field(r.title, TF_ROUND_TITLE, 1, e))
		return -1;
	core_today(r.opened_on);
	struct open_ctx x = {.a = a, .r = &r};
	if (db_run_tx(c->db, "case_round_open", 1, open_fn, &x, e))
		return -1;
	if (out)
		*out = r;
	return 0;
}

int case_round_get(struct core *c, const struct actor *a, int64_t id, struct aid_round *out,
		   struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return round_read(c->db, a, id, out, NULL, e) ? -1 : 0;
}

int case_round_list(struct core *c, const struct actor *a, int year, struct aid_round **items,
		    size_t *n, struct bf_err *e)
{
	struct aid_round *all = NULL;
	size_t k = 0, m = 0;
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (store_round_list(c->db, 0, year, &all, &k, e) < 0)
		return -1;
	for (size_t i = 0; i < k; i++) {
		int vis = core_org_visible(c->db, a, all[i].org_id, NULL, e);
		if (vis < 0) {
			free(all);
			return -1;
		}
		if (vis)
			all[m++] = all[i];
	}
	if (!m) {
		free(all);
		all = NULL;
	}
	*items = all;
	*n = m;
	return 0;
}

struct close_ctx {
	const struct actor *a;
	int64_t id;
};

static int close_fn(struct db *db, void *p, struct bf_err *e)
{
	struct close_ctx *x = p;
	struct aid_round r;
	struct org mine;
	char detail[64];
	int rc = round_read(db, x->a, x->id, &r, NULL, e);
	if (!rc)
		rc = core_actor_org(db, x->a, &mine, e);
	if (rc)
		return rc;
	/* not an organisation above it either: the round is its opener's */
	if (mine.id != r.org_id)
		return err_set(e, EC_FORBIDDEN, "round_id", "只有开启该轮次的组织可以结束它");
	enum db_qs qs = store_round_close(db, x->id, x->a->user_id, 0, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "round_id", "“%s”已经结束", r.title);
	if (qs < 0)
		return qs;
	snprintf(detail, sizeof(detail), "{\"year\":%d}", r.year);
	return audit_record(db, x->a, "round_close", "round", x->id, detail, e);
}

int case_round_close(struct core *c, const struct actor *a, int64_t id, struct bf_err *e)
{
	struct close_ctx x = {.a = a, .id = id};
	if (core_need_department(a, "结束年度帮扶", e))
		return -1;
	return db_run_tx(c->db, "case_round_close", 1, close_fn, &x, e);
}

/* roll_query.c - reading the hardship roll (issue #11): an entry (as it is,
 * or as it was on a day), its history, the roll of a subtree with its
 * filters (now, waiting, closed, or as of a day), a member's periods.
 * Read-only; writes are roll.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "store.h"
#include "store_roll.h"
#include "store_roll_review.h"

struct get_ctx {
	const struct crypto_key *key;
	const struct actor *a;
	int64_t id;
	const char *as_of;
	struct roll_entry *out;
	struct roll_change *h;
	size_t n;
};

/* The re-registration flag of x (store_roll_review_flag): the November
 * review that finished without confirming it. */
static int flag_of(struct db *db, struct roll_entry *x, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	core_today(today);
	return CORE_QS(
	    store_roll_review_flag(db, x->id, today, &x->review_flag, x->review_flag_title, e));
}

/* The member's ID number and phone of x from their sealed forms: masked
 * as every member answer shows them, or plain (reveal); m is scratch. */
static int unseal_of(const struct crypto_key *key, struct member *m, struct roll_entry *x,
		     int reveal, struct bf_err *e)
{
	if (!x->id_sealed[0] && !x->phone_sealed[0])
		return 0;
	snprintf(m->id_sealed, sizeof(m->id_sealed), "%s", x->id_sealed);
	snprintf(m->phone_sealed, sizeof(m->phone_sealed), "%s", x->phone_sealed);
	if (reveal ? member_unseal(key, m, e) : member_unseal_masked(key, m, e))
		return -1;
	snprintf(x->id_number, sizeof(x->id_number), "%s", m->id_number);
	snprintf(x->phone, sizeof(x->phone), "%s", m->phone);
	x->id_sealed[0] = x->phone_sealed[0] = 0; /* sealed text stays in the core */
	return 0;
}

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct get_ctx *x = p;
	free(x->h);
	x->h = NULL;
	x->n = 0;
	int rc = roll_read_tx(db, x->a, x->id, x->out, e);
	if (!rc)
		rc = flag_of(db, x->out, e);
	if (!rc) {
		struct member *m = xcalloc(1, sizeof(*m));
		rc = unseal_of(x->key, m, x->out, 0, e);
		member_free(m);
	}
	if (!rc && (x->as_of || !x->out))
		rc = CORE_QS(store_roll_history(db, x->id, &x->h, &x->n, e));
	return rc;
}

int roll_get(struct core *c, const struct actor *a, int64_t id, const char *as_of,
	     struct roll_entry *out, struct bf_err *e)
{
	struct get_ctx x = {
	    .key = c->key, .a = a, .id = id, .as_of = as_of && *as_of ? as_of : NULL, .out = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	int rc = db_run_tx(c->db, "roll_get", 0, get_fn, &x, e);
	if (!rc && x.as_of)
		roll_values_at(out, x.h, x.n, x.as_of);
	free(x.h);
	return rc;
}

int roll_history(struct core *c, const struct actor *a, int64_t id, struct roll_change **items,
		 size_t *n, struct bf_err *e)
{
	struct roll_entry *tmp = xcalloc(1, sizeof(*tmp));
	struct get_ctx x = {.key = c->key, .a = a, .id = id, .as_of = "", .out = tmp};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ)) {
		free(tmp);
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	}
	int rc = db_run_tx(c->db, "roll_history", 0, get_fn, &x, e);
	free(tmp);
	if (rc) {
		free(x.h);
		return -1;
	}
	*items = x.h;
	*n = x.n;
	return 0;
}

struct list_ctx {
	const struct crypto_key *key;
	const struct actor *a;
	int64_t org_id;
	struct roll_query *q;
	char org_path[256];
	struct roll_entry *items;
	size_t n;
	int64_t total;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	free(x->items);
	x->items = NULL;
	x->n = 0;
	if (x->org_id) {
		struct org o;
		int rc = core_org_read(db, x->a, x->org_id, "org", &o, e);
		if (rc)
			return rc;
		snprintf(x->org_path, sizeof(x->org_path), "%s", o.path);
		x->q->org_path = x->org_path;
	}
	if (x->q->member_id) { /* a filter naming a member out of scope: 404 */
		struct member *m = xcalloc(1, sizeof(*m));
		enum db_qs qs = store_member_get(db, x->q->member_id, m, e);
		int rc = CORE_QS(qs);
		if (!rc && (qs == DB_NONE || !access_in_scope(x->a, m->org_path)))
			rc = err_set(e, EC_NOT_FOUND, "member", "党员不存在或不在您的管辖范围内");
		member_free(m);
		if (rc)
			return rc;
	}
	int rc = CORE_QS(store_roll_list(db, x->q, &x->items, &x->n, &x->total, e));
	struct member *m = xcalloc(1, sizeof(*m));
	for (size_t i = 0; !rc && i < x->n; i++) {
		rc = flag_of(db, &x->items[i], e);
		if (!rc)
			rc = unseal_of(x->key, m, &x->items[i], x->q->reveal, e);
	}
	member_free(m);
	return rc;
}

int roll_list(struct core *c, const struct actor *a, int64_t org_id, struct roll_query *q,
	      struct roll_entry **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct list_ctx x = {.key = c->key, .a = a, .org_id = org_id, .q = q};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (q->view == ROLL_VIEW_AS_OF && (!q->as_of || !*q->as_of))
		return err_set(e, EC_MISSING, "as_of", "请填写查询日期");
	if (q->category && *q->category && !*roll_category_label(q->category))
		return err_set(e, EC_INVALID, "category", "类别应为 capacity、relief 或 care");
	if (q->tier && *q->tier && !*roll_tier_label(q->tier))
		return err_set(e, EC_INVALID, "tier", "档次应为 severe、moderate 或 temporary");
	if (q->reveal && !access_allowed(a, PERM_REVEAL))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导出完整的身份证号码和联系电话");
	q->scope_path = a->org_path;
	char today[CASE_DATE_LEN];
	core_today(today);
	q->flag_today = q->flagged ? today : NULL;
	if (db_run_tx(c->db, "roll_list", 0, list_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	*total = x.total;
	return 0;
}

struct member_ctx {
	const struct actor *a;
	int64_t member_id;
	struct roll_entry *items;
	size_t n;
};

static int member_fn(struct db *db, void *p, struct bf_err *e)
{
	struct member_ctx *x = p;
	struct member *m = xcalloc(1, sizeof(*m));
	free(x->items);
	x->items = NULL;
	x->n = 0;
	enum db_qs qs = store_member_get(db, x->member_id, m, e);
	int rc = CORE_QS(qs);
	if (!rc && (qs == DB_NONE || !access_in_scope(x->a, m->org_path)))
		rc = err_set(e, EC_NOT_FOUND, "member_id", "党员不存在或不在您的管辖范围内");
	member_free(m);
	if (!rc)
		rc = CORE_QS(store_roll_of_member(db, x->member_id, &x->items, &x->n, e));
	return rc;
}

int roll_of_member(struct core *c, const struct actor *a, int64_t member_id,
		   struct roll_entry **items, size_t *n, struct bf_err *e)
{
	struct member_ctx x = {.a = a, .member_id = member_id};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "roll_of_member", 0, member_fn, &x, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}

/* casework_batch.c - the department's approval of a reviewed list, and
 * its check-only run: one transaction in which every case goes through its
 * own guard (case_step_tx), all or nothing, the first refusal named. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "store.h"

/* ------------------------------------------------------------------ */
/* Batch approval                                                     */

struct approve_ctx {
	const struct actor *a;
	int64_t org_id;
	const int64_t *ids;
	size_t n;
	int64_t *listed;
	struct aid_case *c;
	/* the caller's list, for a retried transaction to start again from
	 * (ids may point into listed, freed by then) */
	const int64_t *given;
	size_t n_given;
	/* the department's opinion, recorded with each case's approval and
	 * printed on its forms (NULL none) */
	const struct case_step_input *in;
};

/* The batch's list: case_ids, or every reviewed case under org_id; *o
 * gets org_id's row (zeroed without one). */
static int approve_list(struct db *db, struct approve_ctx *x, struct org *o, struct bf_err *e)
{
	int rc = 0;
	memset(o, 0, sizeof(*o));
	free(x->listed);
	x->listed = NULL;
	x->ids = x->given;
	x->n = x->n_given;
	if (x->org_id && (rc = core_org_read(db, x->a, x->org_id, "org_id", o, e)))
		return rc;
	if (x->n)
		return 0;
	if (!x->org_id)
		return err_set(e, EC_MISSING, "org_id", "请选择报来名单的党(工)委");
	if ((rc = cw_ids_in_state(db, x->a, x->org_id, "reviewed", NULL, &x->listed, &x->n, e)))
		return rc;
	x->ids = x->listed;
	if (!x->n)
		return err_set(e, EC_CONFLICT, "case_ids", "“%s”没有待审批的档案", o->name);
	return 0;
}

/* One case of the batch through its guard; a refusal is -1 with x->c
 * the case refused (read_named's error when it does not exist). */
static int approve_one(struct db *db, struct approve_ctx *x, const struct org *o, int64_t id,
		       struct bf_err *e)
{
	int rc = cw_read_named(db, x->a, id, x->c, e);
	if (rc) { /* nothing of a case out of scope may show in the answer */
		memset(x->c, 0, sizeof(*x->c));
		return rc;
	}
	if (x->org_id && strncmp(x->c->org_path, o->path, strlen(o->path)) != 0)
		return err_set(e, EC_INVALID, "case_ids", "不在“%s”报来的名单中", o->name);
	return case_step_tx(db, x->a, x->c, EV_APPROVE, x->in, e);
}

static int approve_fn(struct db *db, void *p, struct bf_err *e)
{
	struct approve_ctx *x = p;
	struct org o;
	int rc = approve_list(db, x, &o, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < x->n; i++) {
		if ((rc = approve_one(db, x, &o, x->ids[i], e))) {
			if (x->c->id == x->ids[i])
				case_name_err(e, x->c);
			return rc;
		}
	}
	struct strbuf d = STRBUF_INIT;
	strbuf_addch(&d, '{');
	cw_json_ids(&d, x->ids, x->n);
	strbuf_addch(&d, '}');
	rc = audit_record(db, x->a, "approve_batch", "org", x->org_id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

/* The approval's list as given: named, at most CW_BATCH_MAX, each once. */
static int approve_ids_check(const int64_t *ids, size_t n, struct bf_err *e)
{
	if (!n)
		return err_set(e, EC_MISSING, "case_ids",
			       "请勾选要审批的档案：批量审批只审批列出的档案");
	if (n > CW_BATCH_MAX)
		return err_set(e, EC_INVALID, "case_ids", "一次最多审批 %d 份档案", CW_BATCH_MAX);
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (ids[i] == ids[j])
				return err_set(e, EC_INVALID, "case_ids",
					       "档案 %" PRId64 " 重复列出", ids[i]);
	return 0;
}

int case_approve_batch(struct core *c, const struct actor *a, int64_t org_id,
		       const int64_t *case_ids, size_t n, const char *opinion, size_t *approved,
		       struct bf_err *e)
{
	struct approve_ctx x = {
	    .a = a, .org_id = org_id, .ids = case_ids, .n = n, .given = case_ids, .n_given = n};
	if (core_need_department(a, "审批帮扶名单", e) || approve_ids_check(case_ids, n, e))
		return -1;
	struct case_step_input *in = xcalloc(1, sizeof(*in));
	case_step_input_init(in);
	snprintf(in->opinion, sizeof(in->opinion), "%s", opinion ? opinion : "");
	if (text_field_named(in->opinion, TF_STEP_OPINION, 0, "opinion", "审批意见", e)) {
		free(in);
		return -1;
	}
	x.in = in;
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_approve_batch", 1, approve_fn, &x, e);
	if (!rc && approved)
		*approved = x.n;
	free(x.listed);
	free(x.c);
	free(in);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The batch's check-only run                                         */

struct check_ctx {
	struct approve_ctx ap;
	int64_t *ok;
	size_t n_ok;
	struct case_refusal *bad;
	size_t n_bad;
	int checked; /* the run reached its end: the rollback is ours */
};

/* Failures of the database (and retries) end the run; anything else a
 * guard or a check said is one case's refusal. */
static int is_refusal(int rc, const struct bf_err *e)
{
	return rc == -1 && e->code != EC_DB && e->code != EC_INTERNAL;
}

static void add_refusal(struct check_ctx *x, int64_t id, const struct bf_err *e)
{
	struct case_refusal *r = &x->bad[x->n_bad++];
	memset(r, 0, sizeof(*r));
	r->case_id = id;
	if (x->ap.c->id == id)
		snprintf(r->member_name, sizeof(r->member_name), "%s", x->ap.c->member_name);
	snprintf(r->message, sizeof(r->message), "%s", e->message);
}

static int check_fn(struct db *db, void *p, struct bf_err *e)
{
	struct check_ctx *x = p;
	struct org o;
	free(x->ok);
	free(x->bad);
	x->ok = NULL;
	x->bad = NULL;
	x->n_ok = x->n_bad = 0;
	x->checked = 0;
	int rc = approve_list(db, &x->ap, &o, e);
	if (rc)
		return rc;
	x->ok = xcalloc(x->ap.n + 1, sizeof(*x->ok));
	x->bad = xcalloc(x->ap.n + 1, sizeof(*x->bad));
	for (size_t i = 0; i < x->ap.n; i++) {
		int64_t id = x->ap.ids[i];
		rc = approve_one(db, &x->ap, &o, id, e);
		if (!rc) {
			x->ok[x->n_ok++] = id;
			continue;
		}
		if (!is_refusal(rc, e))
			return rc;
		add_refusal(x, id, e);
		err_clear(e);
	}
	x->checked = 1;
	/* a failure rolls the transaction back: the check writes nothing */
	return err_set(e, EC_CONFLICT, NULL, "仅检查，未审批");
}

int case_approve_check(struct core *c, const struct actor *a, int64_t org_id,
		       const int64_t *case_ids, size_t n, int64_t **ok, size_t *n_ok,
		       struct case_refusal **refused, size_t *n_refused, struct bf_err *e)
{
	struct check_ctx x;
	memset(&x, 0, sizeof(x));
	x.ap.a = a;
	x.ap.org_id = org_id;
	x.ap.ids = x.ap.given = case_ids;
	x.ap.n = x.ap.n_given = n;
	*ok = NULL;
	*refused = NULL;
	*n_ok = *n_refused = 0;
	if (core_need_department(a, "审批帮扶名单", e))
		return -1;
	if (n > CW_BATCH_MAX)
		return err_set(e, EC_INVALID, "case_ids", "一次最多审批 %d 份档案", CW_BATCH_MAX);
	x.ap.c = xcalloc(1, sizeof(*x.ap.c));
	int rc = db_run_tx(c->db, "case_approve_check", 1, check_fn, &x, e);
	free(x.ap.listed);
	free(x.ap.c);
	if (rc && !x.checked) {
		free(x.ok);
		free(x.bad);
		return -1;
	}
	err_clear(e);
	*ok = x.ok;
	*n_ok = x.n_ok;
	*refused = x.bad;
	*n_refused = x.n_bad;
	return 0;
}

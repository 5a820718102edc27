/* payments_receipts.c - after the money went out: the batches and
 * payments as read back (a case's payments for the case page), the
 * receipt (签收: date, method, who handed over, signature or thumbprint,
 * the scanned receipt kept as a case attachment).  Scope is the payment's branch path.  Gifts on
 * visits are gifts.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cases.h"
#include "core/common/common.h"
#include "store_cases.h"
#include "payments_impl.h"
#include "store_ledger.h"
#include "store.h"
#include "store_payments.h"
#include "utf8.h"

/* --- batches ------------------------------------------------------------- */
struct bget_ctx {
	const struct actor *a;
	struct pay_batch_query *q;
	int64_t *total;
	int64_t id;
	struct pay_batch *b;
	struct pay_batch **items;
	size_t *n;
	struct payment **pays;
	size_t *npays;
	const char *by;
	struct payment *one;
};

static int scope_org(struct db *db, const struct actor *a, int64_t org_id, const char *field,
		     const char *what, struct bf_err *e)
{
	struct org o;
	enum db_qs qs = store_org_get(db, org_id, &o, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, o.path))
		return err_set(e, EC_NOT_FOUND, field, "%s不存在", what);
	return 0;
}

/* A batch is seen in the subtree of its committee, and from below by those
 * it paid: a branch reads its own members' lines in its committee's batch
 * (pay_payments_of_batch keeps only those). */
static int batch_visible(struct db *db, const struct actor *a, int64_t id, struct pay_batch *b,
			 struct bf_err *e)
{
	enum db_qs qs = store_pay_batch_get(db, id, b, NULL, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "id", "发放批次不存在");
	int rc = scope_org(db, a, b->org_id, "id", "发放批次", e);
	if (rc != -1 || e->code != EC_NOT_FOUND)
		return rc;
	struct payment *pays = NULL;
	size_t n = 0, mine = 0;
	if ((qs = store_payment_list(db, "batch", id, &pays, &n, e)) < 0)
		return qs;
	for (size_t i = 0; i < n; i++)
		mine += access_in_scope(a, pays[i].org_path);
	free(pays);
	return mine ? 0 : err_set(e, EC_NOT_FOUND, "id", "发放批次不存在");
}

static int bget_fn(struct db *db, void *p, struct bf_err *e)
{
	struct bget_ctx *x = p;
	return batch_visible(db, x->a, x->id, x->b, e);
}

int pay_batch_get(struct core *c, const struct actor *a, int64_t id, struct pay_batch *out,
		  struct bf_err *e)
{
	struct bget_ctx x = {.a = a, .id = id, .b = out};
	memset(out, 0, sizeof(*out));
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pay_batch_get", 0, bget_fn, &x, e);
}

static int blist_fn(struct db *db, void *p, struct bf_err *e)
{
	struct bget_ctx *x = p;
	x->q->scope_path = x->a->org_path;
	return CORE_QS(store_pay_batch_list(db, x->q, x->items, x->n, x->total, e));
}

int pay_batch_list(struct core *c, const struct actor *a, struct pay_batch_query *q,
		   struct pay_batch **items, size_t *n, int64_t *total, struct bf_err *e)
{
	struct bget_ctx x = {.a = a, .q = q, .items = items, .n = n, .total = total};
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pay_batch_list", 0, blist_fn, &x, e);
}

/* --- payments ------------------------------------------------------------ */
static int pay_read(struct db *db, const struct actor *a, int64_t id, struct payment *out,
		    struct bf_err *e)
{
	enum db_qs qs = store_payment_get(db, id, out, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, out->org_path))
		return err_set(e, EC_NOT_FOUND, "payment_id", "发放记录不存在");
	return 0;
}

static int pget_fn(struct db *db, void *p, struct bf_err *e)
{
	struct bget_ctx *x = p;
	return pay_read(db, x->a, x->id, x->one, e);
}

int pay_payment_get(struct core *c, const struct actor *a, int64_t id, struct payment *out,
		    struct bf_err *e)
{
	struct bget_ctx x = {.a = a, .id = id, .one = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pay_payment_get", 0, pget_fn, &x, e);
}

static int plist_fn(struct db *db, void *p, struct bf_err *e)
{
	struct bget_ctx *x = p;
	int rc;
	if (!strcmp(x->by, "case")) {
		struct aid_case *cs = xcalloc(1, sizeof(*cs));
		rc = case_read_tx(db, x->a, x->id, cs, e);
		free(cs);
	} else {
		struct pay_batch b;
		rc = batch_visible(db, x->a, x->id, &b, e);
	}
	if (rc)
		return rc;
	rc = CORE_QS(store_payment_list(db, x->by, x->id, x->pays, x->npays, e));
	if (rc)
		return rc;
	/* a batch may reach below the actor's subtree's siblings: keep only
	 * what the actor may see */
	size_t k = 0;
	for (size_t i = 0; i < *x->npays; i++)
		if (access_in_scope(x->a, (*x->pays)[i].org_path))
			(*x->pays)[k++] = (*x->pays)[i];
	*x->npays = k;
	return 0;
}

static int plist(struct core *c, const struct actor *a, const char *by, int64_t id,
		 struct payment **items, size_t *n, struct bf_err *e)
{
	struct bget_ctx x = {.a = a, .id = id, .pays = items, .npays = n, .by = by};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	int rc = db_run_tx(c->db, "plist", 0, plist_fn, &x, e);
	if (rc) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return rc;
}

int pay_payments_of_case(struct core *c, const struct actor *a, int64_t case_id,
			 struct payment **items, size_t *n, struct bf_err *e)
{
	return plist(c, a, "case", case_id, items, n, e);
}

int pay_payments_of_batch(struct core *c, const struct actor *a, int64_t batch_id,
			  struct payment **items, size_t *n, struct bf_err *e)
{
	return plist(c, a, "batch", batch_id, items, n, e);
}

static int missing_fn(struct db *db, void *p, struct bf_err *e)
{
	struct bget_ctx *x = p;
	return CORE_QS(store_payments_unreceipted(db, x->a->org_path, x->pays, x->npays, e));
}

int pay_receipts_missing(struct core *c, const struct actor *a, struct payment **items, size_t *n,
			 struct bf_err *e)
{
	struct bget_ctx x = {.a = a, .pays = items, .npays = n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	return db_run_tx(c->db, "pay_receipts_missing", 0, missing_fn, &x, e);
}

/* --- receipts ------------------------------------------------------------ */
struct receipt_ctx {
	const struct actor *a;
	int64_t id;
	struct pay_receipt_input in;
	struct payment *p;
	int64_t attachment_id;
};

static int check_receipt(struct pay_receipt_input *in, struct bf_err *e)
{
	char date[11];
	if (!*in->date)
		return err_set(e, EC_MISSING, "date", "请填写签收日期");
	if (pay_date(in->date, date, "date", "签收日期", e))
		return -1;
	snprintf(in->date, sizeof(in->date), "%s", date);
	if (!*in->method)
		return err_set(e, EC_MISSING, "method", "请选择发放方式（现金或银行转账）");
	if (pay_method_check(in->method, "method", e))
		return -1;
	if (text_field(in->handed_by, TF_RECEIPT_HANDED_BY, 1, e))
		return -1;
	if (!*in->signed_by)
		return err_set(e, EC_MISSING, "signed_by", "请注明党员本人签字或按手印");
	if (strcmp(in->signed_by, "signature") && strcmp(in->signed_by, "thumbprint"))
		return err_set(e, EC_INVALID, "signed_by",
			       "签收方式只能是签字（signature）或按手印（thumbprint）");
	return text_field(in->note, TF_RECEIPT_NOTE, 0, e);
}

static int receipt_fn(struct db *db, void *p, struct bf_err *e)
{
	struct receipt_ctx *x = p;
	int rc = pay_read(db, x->a, x->id, x->p, e);
	if (rc)
		return rc;
	if (strcmp(x->p->value_date, x->in.date) > 0)
		return err_set(e, EC_INVALID, "date", "签收日期不能早于发放日期（%s）",
			       x->p->value_date);
	snprintf(x->p->receipt_on, sizeof(x->p->receipt_on), "%s", x->in.date);
	snprintf(x->p->receipt_method, sizeof(x->p->receipt_method), "%s", x->in.method);
	snprintf(x->p->handed_by, sizeof(x->p->handed_by), "%s", x->in.handed_by);
	snprintf(x->p->signed_by, sizeof(x->p->signed_by), "%s", x->in.signed_by);
	snprintf(x->p->receipt_note, sizeof(x->p->receipt_note), "%s", x->in.note);
	x->p->receipt_by = x->a->user_id;
	x->p->receipt_at = (int64_t)time(NULL);
	enum db_qs qs = store_payment_set_receipt(db, x->p, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "payment_id", "该笔发放已登记签收，不能重复登记");
	if (qs < 0)
		return qs;
	char detail[256];
	snprintf(detail, sizeof(detail),
		 "{\"case_id\":%" PRId64 ",\"date\":\"%s\",\"method\":\"%s\",\"signed_by\":\"%s\"}",
		 x->p->case_id, x->in.date, x->in.method, x->in.signed_by);
	return audit_record(db, x->a, "pay.receipt", "payment", x->id, detail, e);
}

int pay_receipt_set(struct core *c, const struct actor *a, int64_t payment_id,
		    const struct pay_receipt_input *in, struct payment *out, struct bf_err *e)
{
	struct payment local;
	struct receipt_ctx x = {.a = a, .id = payment_id, .in = *in, .p = out ? out : &local};
	if (core_need_write(a, "登记签收", e) || check_receipt(&x.in, e))
		return -1;
	return db_run_tx(c->db, "pay_receipt_set", 1, receipt_fn, &x, e);
}

static int scan_fn(struct db *db, void *p, struct bf_err *e)
{
	struct receipt_ctx *x = p;
	int rc = pay_read(db, x->a, x->id, x->p, e);
	if (rc)
		return rc;
	rc = CORE_QS(store_payment_set_scan(db, x->id, x->attachment_id, e));
	x->p->receipt_attachment_id = x->attachment_id;
	char detail[64];
	snprintf(detail, sizeof(detail), "{\"attachment_id\":%" PRId64 "}", x->attachment_id);
	return rc ? rc : audit_record(db, x->a, "pay.receipt_scan", "payment", x->id, detail, e);
}

int pay_receipt_scan(struct core *c, const struct actor *a, int64_t payment_id, const char *name,
		     const void *data, size_t len, struct payment *out, struct bf_err *e)
{
	struct payment local;
	struct receipt_ctx x = {a, payment_id, {{0}}, out ? out : &local, 0};
	if (core_need_write(a, "上传签收单", e) || pay_payment_get(c, a, payment_id, x.p, e))
		return -1;
	struct attachment at;
	if (case_attach(c, a, x.p->case_id, "receipt", name, data, len, &at, e))
		return -1;
	x.attachment_id = at.id;
	return db_run_tx(c->db, "pay_receipt_scan", 1, scan_fn, &x, e);
}

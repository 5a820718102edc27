/* verification_checks.c - the checks of a verification campaign (走访核查):
 * who checks which sampled case, and what the check found — phone reached
 * and correct, living situation as declared, the notice posted, the money
 * received and signed for.  A finding of fraud opens a recovery through
 * the fund's own call (recovery_create, fund.h) in the same transaction
 * and names the organisation responsible; a clean check recorded by the
 * department takes the case's verify step (EV_VERIFY) when the case is
 * paid and not yet verified.  Design: docs/internals/verification.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "fund.h"
#include "phone.h"
#include "store.h"
#include "utf8.h"
#include "verification_impl.h"

/* The member's phone of k, masked (reveal 0) or plain, into k->phone; the
 * sealed text does not leave the core.  0, or -1 when it cannot be opened. */
static int open_phone(struct core *c, struct verification_check *k, int reveal)
{
	struct strbuf s = STRBUF_INIT;
	int rc = 0;
	k->phone[0] = 0;
	if (k->phone_sealed[0] && c->key) {
		rc = crypto_open(c->key, k->phone_sealed, &s);
		if (!rc && s.buf && s.buf[0]) {
			if (reveal)
				snprintf(k->phone, sizeof(k->phone), "%s", s.buf);
			else
				phone_mask(s.buf, k->phone);
		}
	}
	k->phone_sealed[0] = 0;
	strbuf_release(&s);
	return rc;
}

static const char *scope_of(const struct actor *a)
{
	return a->org_id && a->org_path[0] ? a->org_path : "/";
}

static int is_department(const struct actor *a)
{
	return !strcmp(a->role, "department") || !strcmp(a->role, "admin");
}

/* A check the actor may see: its case in scope, or assigned to the actor. */
static int check_read(struct db *db, const struct actor *a, int64_t id,
		      struct verification_check *k, struct bf_err *e)
{
	enum db_qs qs = store_verification_check_get(db, id, k, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE ||
	    !(access_in_scope(a, k->org_path) || (a->user_id && k->checker_id == a->user_id)))
		return err_set(e, EC_NOT_FOUND, "id", "核查记录不存在");
	struct verification v;
	return vf_campaign_read(db, a, k->campaign_id, &v, NULL, e);
}

/* --- lists ------------------------------------------------------------------ */

struct list_ctx {
	const struct actor *a;
	int64_t campaign_id, org_id, id;
	int mine;
	const char *status;
	struct verification_check **items, *one;
	size_t *n;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	struct verification v;
	struct org o;
	int rc = vf_campaign_read(db, x->a, x->campaign_id, &v, NULL, e);
	struct verification_filter f = {
	    .scope_path = scope_of(x->a), .checker_or = x->a->user_id, .status = x->status};
	if (!rc && x->org_id) {
		rc = core_org_read(db, x->a, x->org_id, "org", &o, e);
		f.org_path = o.path;
	}
	if (!rc && x->mine)
		f.only_checker = x->a->user_id ? x->a->user_id : -1;
	return rc ? rc
		  : CORE_QS(store_verification_checks(db, x->campaign_id, &f, x->items, x->n, e));
}

int verification_checks(struct core *c, const struct actor *a, int64_t campaign_id, int64_t org_id,
			int mine, const char *status, struct verification_check **items, size_t *n,
			struct bf_err *e)
{
	struct list_ctx x = {.a = a,
			     .campaign_id = campaign_id,
			     .org_id = org_id,
			     .mine = mine,
			     .status = status && *status ? status : NULL,
			     .items = items,
			     .n = n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (x.status && strcmp(x.status, "pending") && strcmp(x.status, "done"))
		return err_set(e, EC_INVALID, "status",
			       "状态须为 pending（待核查）或 done（已核查）");
	int rc = db_run_tx(c->db, "verification_checks", 0, list_fn, &x, e);
	for (size_t i = 0; !rc && i < *n; i++)
		open_phone(c, &(*items)[i], 0);
	return rc;
}

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	return check_read(db, x->a, x->id, x->one, e);
}

int verification_check_get(struct core *c, const struct actor *a, int64_t id,
			   struct verification_check *out, struct bf_err *e)
{
	struct list_ctx x = {.a = a, .id = id, .one = out};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	int rc = db_run_tx(c->db, "verification_check_get", 0, get_fn, &x, e);
	if (!rc)
		open_phone(c, out, 0);
	return rc;
}

static int reveal_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	int rc = check_read(db, x->a, x->id, x->one, e);
	if (!rc && !is_department(x->a) && (!x->a->user_id || x->one->checker_id != x->a->user_id))
		rc = err_set(e, EC_FORBIDDEN, NULL, "只有指派的核查人或组织部可以查看完整电话");
	char detail[96];
	snprintf(detail, sizeof(detail), "{\"case_id\":%" PRId64 ",\"member_id\":%" PRId64 "}",
		 x->one->case_id, x->one->member_id);
	return rc ? rc
		  : audit_record(db, x->a, "verification.reveal_phone", "verification_check", x->id,
				 detail, e);
}

int verification_check_phone(struct core *c, const struct actor *a, int64_t id,
			     struct verification_check *out, struct bf_err *e)
{
	struct list_ctx x = {.a = a, .id = id, .one = out};
	if (core_need_write(a, "查看完整电话", e))
		return -1;
	int rc = db_run_tx(c->db, "verification_check_phone", 1, reveal_fn, &x, e);
	if (!rc && open_phone(c, out, 1))
		rc = err_set(e, EC_INTERNAL, NULL, "解密失败：密钥与数据库不匹配或数据已损坏");
	return rc;
}

/* --- assignment ---------------------------------------------------------------- */

struct assign_ctx {
	const struct actor *a;
	int64_t campaign_id, checker_id, org_id;
	const int64_t *case_ids;
	size_t n, count;
};

static int assign_fn(struct db *db, void *p, struct bf_err *e)
{
	struct assign_ctx *x = p;
	struct verification v;
	struct verification_check *checks = NULL;
	size_t nk = 0;
	struct user u;
	struct org o;
	int rc = vf_campaign_read(db, x->a, x->campaign_id, &v, NULL, e);
	if (!rc && strcmp(v.status, "open"))
		rc = err_set(e, EC_CONFLICT, "id", "“%s”已经结束，不能再指派", v.title);
	if (!rc && x->checker_id) {
		enum db_qs qs = store_user_get(db, x->checker_id, &u, e);
		if (qs < 0)
			rc = qs;
		else if (qs == DB_NONE || !access_in_scope(x->a, u.org_path))
			rc = err_set(e, EC_INVALID, "checker_id", "核查人不存在");
		else if (!u.active)
			rc = err_set(e, EC_INVALID, "checker_id", "核查人“%s”的账号已停用",
				     u.display_name);
		else if (strcmp(u.role, "department") && strcmp(u.role, "committee"))
			rc = err_set(e, EC_INVALID, "checker_id",
				     "核查人须为组织部或党(工)委的工作人员（“%s”不是）",
				     u.display_name);
	}
	struct verification_filter f = {.scope_path = scope_of(x->a)};
	if (!rc && !x->n) {
		if (!x->org_id)
			rc = err_set(e, EC_MISSING, "case_ids", "请选择要指派的案件或组织");
		else if (!(rc = core_org_read(db, x->a, x->org_id, "org_id", &o, e)))
			f.org_path = o.path;
	}
	if (!rc)
		rc = CORE_QS(store_verification_checks(db, x->campaign_id, &f, &checks, &nk, e));
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "{\"checker_id\":%" PRId64 ",\"case_ids\":[", x->checker_id);
	if (!rc && x->n) {
		for (size_t i = 0; !rc && i < x->n; i++) {
			struct verification_check *k = NULL;
			for (size_t j = 0; j < nk && !k; j++)
				if (checks[j].case_id == x->case_ids[i])
					k = &checks[j];
			if (!k)
				rc = err_set(e, EC_INVALID, "case_ids",
					     "档案 %" PRId64 " 不在本次抽样中", x->case_ids[i]);
			else if (!strcmp(k->status, "done"))
				rc = err_set(e, EC_CONFLICT, "case_ids",
					     "档案 %" PRId64 "（%s）已登记核查结果，不能改派",
					     k->case_id, k->member_name);
			else if ((rc = CORE_QS(store_verification_assign(db, k->id, x->checker_id,
									 e))) == 0) {
				strbuf_addf(&d, "%s%" PRId64, x->count ? "," : "", k->case_id);
				x->count++;
			}
		}
	} else if (!rc) {
		/* every pending check under the org nobody has yet */
		for (size_t j = 0; !rc && j < nk; j++) {
			if (strcmp(checks[j].status, "pending") || checks[j].checker_id)
				continue;
			rc = CORE_QS(store_verification_assign(db, checks[j].id, x->checker_id, e));
			if (!rc) {
				strbuf_addf(&d, "%s%" PRId64, x->count ? "," : "",
					    checks[j].case_id);
				x->count++;
			}
		}
	}
	strbuf_adds(&d, "]}");
	if (!rc)
		rc = audit_record(db, x->a, "verification.assign", "verification", x->campaign_id,
				  d.buf, e);
	strbuf_release(&d);
	free(checks);
	return rc;
}

int verification_assign(struct core *c, const struct actor *a, int64_t campaign_id,
			int64_t checker_id, const int64_t *case_ids, size_t n, int64_t org_id,
			size_t *count, struct bf_err *e)
{
	struct assign_ctx x = {.a = a,
			       .campaign_id = campaign_id,
			       .checker_id = checker_id,
			       .org_id = org_id,
			       .case_ids = case_ids,
			       .n = n};
	if (core_need_department(a, "指派核查人", e))
		return -1;
	if (n > CW_BATCH_MAX)
		return err_set(e, EC_INVALID, "case_ids", "一次最多指派 %d 件", CW_BATCH_MAX);
	int rc = db_run_tx(c->db, "verification_assign", 1, assign_fn, &x, e);
	if (!rc && count)
		*count = x.count;
	return rc;
}

/* --- recording a check ------------------------------------------------------------ */

void verification_result_init(struct verification_result *in)
{
	memset(in, 0, sizeof(*in));
	in->phone_reached = in->phone_correct = in->living_as_declared = in->notice_posted =
	    in->money_received = -1;
}

struct record_ctx {
	struct core *c;
	const struct actor *a;
	int64_t id;
	const struct verification_result *in;
	struct verification_check *k;
	struct verification_outcome *oc;
};

static int may_record(const struct actor *a, const struct verification_check *k, struct bf_err *e)
{
	if (!is_department(a) && (!a->user_id || k->checker_id != a->user_id))
		return err_set(e, EC_FORBIDDEN, NULL,
			       "只有指派的核查人或组织部可以登记该案件的核查结果");
	return 0;
}

static int may_fn(struct db *db, void *p, struct bf_err *e)
{
	struct record_ctx *x = p;
	int rc = check_read(db, x->a, x->id, x->k, e);
	return rc ? rc : may_record(x->a, x->k, e);
}

int verification_check_may_record(struct core *c, const struct actor *a, int64_t id,
				  struct bf_err *e)
{
	struct verification_check k;
	struct record_ctx x = {.c = c, .a = a, .id = id, .k = &k};
	if (core_need_write(a, "登记核查结果", e))
		return -1;
	if (!is_department(a) && strcmp(a->role, "committee"))
		return err_set(e, EC_FORBIDDEN, NULL, "核查结果由组织部或党(工)委的核查人员登记");
	return db_run_tx(c->db, "verification_check_may_record", 0, may_fn, &x, e);
}

/* The verify step of a clean check's case, when the department records it;
 * a refusal (pay-first paperwork missing …) is said, not an error. */
static int take_verify(struct db *db, const struct actor *a, const struct verification_check *k,
		       struct verification_outcome *oc, struct bf_err *e)
{
	if (!strcmp(k->case_state, "verified")) {
		snprintf(oc->why_not, sizeof(oc->why_not), "该案件已核查办结");
		return 0;
	}
	if (strcmp(k->case_state, "paid")) {
		snprintf(oc->why_not, sizeof(oc->why_not), "该案件尚未处于“已发放”状态，未办结");
		return 0;
	}
	if (!is_department(a)) {
		snprintf(oc->why_not, sizeof(oc->why_not),
			 "核查办结由组织部确认：请组织部在案件页办结，或由组织部登记本次核查");
		return 0;
	}
	struct aid_case *cs = xcalloc(1, sizeof(*cs));
	int rc = case_read_tx(db, a, k->case_id, cs, e);
	if (!rc) {
		rc = case_step_tx(db, a, cs, EV_VERIFY, NULL, e);
		if (rc == -1) { /* the guard's refusal: said, not fatal */
			snprintf(oc->why_not, sizeof(oc->why_not), "%s", e->message);
			memset(e, 0, sizeof(*e));
			rc = 0;
		} else if (!rc) {
			oc->verified = 1;
		}
	}
	free(cs);
	return rc;
}

static int record_fn(struct db *db, void *p, struct bf_err *e)
{
	struct record_ctx *x = p;
	const struct verification_result *in = x->in;
	struct verification_check *k = x->k;
	struct verification v;
	char today[11];
	int rc = check_read(db, x->a, x->id, k, e);
	if (!rc)
		rc = vf_campaign_read(db, x->a, k->campaign_id, &v, NULL, e);
	if (rc)
		return rc;
	if (!is_department(x->a) && k->checker_id != x->a->user_id)
		return err_set(e, EC_FORBIDDEN, NULL,
			       "只有指派的核查人或组织部可以登记该案件的核查结果");
	if (strcmp(v.status, "open"))
		return err_set(e, EC_CONFLICT, "id", "“%s”已经结束，不能再登记", v.title);
	if (in->version && in->version != k->version)
		return err_set(e, EC_CONFLICT, "version", "该核查记录已被他人更新，请刷新后重试");
	core_today(today);
	if (strcmp(in->checked_on, today) > 0)
		return err_set(e, EC_INVALID, "checked_on", "核查日期（%s）不能晚于今天",
			       in->checked_on);
	if (k->paid_on[0] && strcmp(in->checked_on, k->paid_on) < 0)
		return err_set(e, EC_INVALID, "checked_on", "核查日期（%s）不能早于发放日期（%s）",
			       in->checked_on, k->paid_on);
	int fraud = !strcmp(in->finding, "fraud");
	if (fraud && !is_department(x->a))
		return err_set(e, EC_FORBIDDEN, "finding",
			       "认定骗取并追回须由组织部登记：请选择“存在问题”并写明情况");
	if (k->recovery_id && !fraud)
		return err_set(e, EC_CONFLICT, "finding",
			       "已据此认定骗取并开启追回（追回记录 %" PRId64 "），不能改为其他结论",
			       k->recovery_id);
	int64_t responsible = 0;
	if (strcmp(in->finding, "none")) {
		responsible = in->responsible_org_id ? in->responsible_org_id : k->org_id;
		char seg[32];
		snprintf(seg, sizeof(seg), "/%" PRId64 "/", responsible);
		if (!strstr(k->org_path, seg))
			return err_set(e, EC_INVALID, "responsible_org_id",
				       "责任组织须为该案件所在党支部或其上级组织");
	}
	if (fraud && !k->recovery_id) {
		char finding[TEXT_BYTES(TF_RECOVERY_FINDING_MAX)];
		struct recovery rec;
		utf8_copy(finding, sizeof(finding), in->notes);
		int cut = utf8_prefix(finding, TF_RECOVERY_FINDING_MAX);
		if (cut >= 0)
			finding[cut] = 0;
		rc = recovery_create(x->c, x->a, k->case_id,
				     in->recover_fen ? in->recover_fen : k->amount, in->checked_on,
				     finding, NULL, 0, &rec, e);
		if (rc)
			return rc;
		k->recovery_id = rec.id;
		x->oc->recovery_id = rec.id;
	}
	snprintf(k->checked_on, sizeof(k->checked_on), "%s", in->checked_on);
	k->phone_reached = in->phone_reached;
	k->phone_correct = in->phone_correct;
	k->living_as_declared = in->living_as_declared;
	k->notice_posted = in->notice_posted;
	k->money_received = in->money_received;
	snprintf(k->finding, sizeof(k->finding), "%s", in->finding);
	k->responsible_org_id = responsible;
	snprintf(k->notes, sizeof(k->notes), "%s", in->notes);
	k->recorded_by = x->a->user_id;
	k->recorded_at = 0;
	enum db_qs qs = store_verification_record(db, k, e);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", "该核查记录已被他人更新，请刷新后重试");
	if (qs < 0)
		return qs;
	if (!strcmp(in->finding, "none") && (rc = take_verify(db, x->a, k, x->oc, e)))
		return rc;
	char detail[512];
	snprintf(detail, sizeof(detail),
		 "{\"campaign_id\":%" PRId64 ",\"case_id\":%" PRId64 ",\"checked_on\":\"%s\","
		 "\"phone_reached\":%d,\"phone_correct\":%d,\"living_as_declared\":%d,"
		 "\"notice_posted\":%d,\"money_received\":%d,\"finding\":\"%s\","
		 "\"responsible_org_id\":%" PRId64 ",\"recovery_id\":%" PRId64 ",\"verified\":%d}",
		 k->campaign_id, k->case_id, k->checked_on, k->phone_reached, k->phone_correct,
		 k->living_as_declared, k->notice_posted, k->money_received, k->finding,
		 responsible, k->recovery_id, x->oc->verified);
	if ((rc = audit_record(db, x->a, "verification.record", "verification_check", k->id, detail,
			       e)))
		return rc;
	return check_read(db, x->a, x->id, k, e);
}

static const struct {
	const char *field, *label;
	size_t off;
} facts[] = {
    {"phone_reached", "电话是否打通", offsetof(struct verification_result, phone_reached)},
    {"phone_correct", "电话号码是否正确", offsetof(struct verification_result, phone_correct)},
    {"living_as_declared", "生活状况是否与申报一致",
     offsetof(struct verification_result, living_as_declared)},
    {"notice_posted", "是否张贴公示", offsetof(struct verification_result, notice_posted)},
    {"money_received", "帮扶款是否收到并签收",
     offsetof(struct verification_result, money_received)},
};

int verification_record(struct core *c, const struct actor *a, int64_t check_id,
			const struct verification_result *in, struct verification_check *out,
			struct verification_outcome *oc, struct bf_err *e)
{
	struct verification_result w = *in;
	struct verification_check local;
	struct verification_outcome ocl;
	struct record_ctx x = {.c = c,
			       .a = a,
			       .id = check_id,
			       .in = &w,
			       .k = out ? out : &local,
			       .oc = oc ? oc : &ocl};
	memset(x.oc, 0, sizeof(*x.oc));
	if (core_need_write(a, "登记核查结果", e))
		return -1;
	if (!is_department(a) && strcmp(a->role, "committee"))
		return err_set(e, EC_FORBIDDEN, NULL, "核查结果由组织部或党(工)委的核查人员登记");
	if (core_date(in->checked_on, w.checked_on, 1, "checked_on", "核查日期", e))
		return -1;
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		int v = *(const int *)((const char *)in + facts[i].off);
		if (v < 0)
			return err_set(e, EC_MISSING, facts[i].field, "请填写“%s”", facts[i].label);
		if (v > 1)
			return err_set(e, EC_INVALID, facts[i].field, "“%s”须为是或否",
				       facts[i].label);
	}
	if (!w.finding[0])
		return err_set(e, EC_MISSING, "finding", "请选择核查结论");
	if (strcmp(w.finding, "none") && strcmp(w.finding, "irregular") &&
	    strcmp(w.finding, "fraud"))
		return err_set(
		    e, EC_INVALID, "finding",
		    "核查结论须为 none（无问题）、irregular（存在问题）或 fraud（骗取）");
	if (text_field(w.notes, TF_VERIFICATION_NOTES, 0, e))
		return -1;
	if (strcmp(w.finding, "none") && !w.notes[0])
		return err_set(e, EC_MISSING, "notes", "存在问题或骗取时请写明核查情况");
	if (w.recover_fen < 0 ||
	    (w.recover_fen && limit_money(w.recover_fen, "recover_fen", "追回金额", e)))
		return w.recover_fen < 0 ? err_set(e, EC_INVALID, "recover_fen", "追回金额须大于 0")
					 : -1;
	int rc = db_run_tx(c->db, "verification_record", 1, record_fn, &x, e);
	if (!rc)
		open_phone(c, x.k, 0);
	return rc;
}

/* --- the to-do list ------------------------------------------------------------------ */

int vf_todo_each(struct db *db, const struct actor *a, vf_todo_fn fn, void *ctx, struct bf_err *e)
{
	struct verification_check *items = NULL;
	size_t n = 0;
	if (!a->user_id || (!is_department(a) && strcmp(a->role, "committee")))
		return 0;
	int rc = CORE_QS(store_verification_todo(db, a->user_id, &items, &n, e));
	struct verification v = {0};
	for (size_t i = 0; !rc && i < n; i++) {
		if (v.id != items[i].campaign_id) {
			enum db_qs qs = store_verification_get(db, items[i].campaign_id, &v, e);
			if (qs < 0)
				rc = qs;
		}
		if (!rc)
			fn(ctx, &items[i], &v);
	}
	free(items);
	return rc;
}

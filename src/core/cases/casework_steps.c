/* casework_steps.c - one step of the procedure on a case: the step's own
 * data is checked and applied, the facts the guards need are gathered
 * from the store (wf_facts), the workflow table decides (wf_step), the new
 * due date is computed, and state, timeline and audit row are written in
 * the caller's transaction under the case's optimistic lock.  The batch
 * actions (notices, approval lists, objections) call case_step_tx once per
 * case inside one transaction, so each case meets its own guard. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "log.h"

void case_step_input_init(struct case_step_input *in)
{
	memset(in, 0, sizeof(*in));
}

static enum case_kind kind_of_case(const struct aid_case *c)
{
	return strcmp(c->kind, "emergency") == 0 ? CASE_EMERGENCY : CASE_YEARLY;
}

/* Facts under which every guard passes: wf_step then answers only whether
 * the event is possible in the state for the role, which is said before
 * anything about the step's data. */
static void all_pass(struct wf_facts *f, enum case_kind kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->investigation_recorded = f->appraisal_recorded = f->appraisal_passed = 1;
	f->notice_ended = f->dossier_complete = f->has_special_approval = 1;
	f->paperwork_complete = f->has_reason = f->screened_ok = 1;
}

/* ------------------------------------------------------------------ */
/* Gathering the facts                                                */

/* A notice has ended after its last working day.  ends_on is what was
 * posted; when it was estimated (a year without calendar data) and the
 * calendar now knows better, the later of the two counts: a notice is
 * never cut short. */
int cw_notice_ended(const struct notice *nt, const struct calendar *cal, const char *today)
{
	if (strcmp(today, nt->ends_on) <= 0)
		return 0;
	if (!nt->estimated || !cal)
		return 1;
	struct ymd start, end;
	char now_end[CASE_DATE_LEN];
	if (core_stored_ymd(nt->starts_on, &start, NULL) ||
	    calendar_period_end(cal, start, nt->working_days, &end, NULL))
		return 1;
	date_format(end, now_end);
	return strcmp(today, now_end) > 0;
}

/* Objections still open about c or about its notice as a whole. */
static int open_objections(struct db *db, int64_t notice_id, int64_t case_id, int *n,
			   struct bf_err *e)
{
	struct objection *items = NULL;
	size_t k = 0;
	*n = 0;
	enum db_qs qs = store_objection_list(db, notice_id, 0, &items, &k, e);
	for (size_t i = 0; i < k; i++)
		if (!items[i].outcome[0] && (items[i].case_id == case_id || !items[i].case_id))
			(*n)++;
	free(items);
	return CORE_QS(qs);
}

static int state_at_least_approved(const char *state)
{
	static const char *const done[] = {"approved", "screening", "screened", "paid", "verified"};
	for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		if (!strcmp(state, done[i]))
			return 1;
	return 0;
}

/* Aid of the other kind approved for the member in the case's year. */
static int other_aid(struct db *db, const struct aid_case *c, int *found, struct bf_err *e)
{
	struct aid_case *items = NULL;
	size_t n = 0;
	const char *other = strcmp(c->kind, "yearly") == 0 ? "emergency" : "yearly";
	enum db_qs qs = store_case_member_year(db, c->member_id, c->year, other, &items, &n, e);
	*found = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].id != c->id && state_at_least_approved(items[i].state))
			*found = 1;
	free(items);
	return CORE_QS(qs);
}

/* The amount the department would approve: the approved one once set,
 * else the proposal. */
static int64_t amount_of(const struct aid_case *c)
{
	return c->approved_fen ? c->approved_fen : c->proposed_fen;
}

static int amount_check(const struct policy *p, const struct aid_case *c)
{
	struct bf_err ignored;
	enum loss_type loss = LOSS_NONE;
	enum aid_kind k = kind_of_case(c) == CASE_EMERGENCY ? AID_EMERGENCY : AID_YEARLY;
	policy_loss_parse(c->loss_type, &loss);
	/* the raw verdict: the guard weighs the special approval itself */
	return (int)policy_check_amount(p, k, loss, amount_of(c), 0, &ignored);
}

int cw_facts(struct db *db, const struct aid_case *c, const struct policy *p,
	     const struct calendar *cal, const char *today, struct wf_facts *f, struct bf_err *e)
{
	struct notice nt;
	memset(f, 0, sizeof(*f));
	f->kind = kind_of_case(c);
	f->investigation_recorded =
	    c->investigation_on[0] && c->investigators[0] && c->investigation[0];
	f->appraisal_recorded =
	    c->appraisal_on[0] && c->expected > 0 && c->present > 0 && c->appraisal_minutes[0];
	f->appraisal_passed = c->votes_for > c->votes_against;
	f->dossier_complete = (c->dossier & CASE_DOSSIER_ALL) == CASE_DOSSIER_ALL;
	f->amount_check = amount_check(p, c);
	f->has_special_approval = c->special_approval && c->special_reason[0];
	f->has_exclusion = c->exclusions.n > 0;
	f->pay_first = c->pay_first;
	f->paperwork_complete = c->paperwork_done;
	f->screened_ok = c->screening_result[0] != '\0';
	f->paid = c->payment_id != 0;
	enum db_qs qs = store_notice_of_case(db, c->id, &nt, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE) {
		f->notice_ended = cw_notice_ended(&nt, cal, today);
		int rc = open_objections(db, nt.id, c->id, &f->objections_open, e);
		if (rc)
			return rc;
	}
	int rc = other_aid(db, c, &f->other_aid_same_year, e);
	if (!rc)
		rc = cw_household_aid(db, c, &f->household_aid_same_year, e);
	if (!rc)
		rc = cw_findings_open(db, c->id, &f->findings_open, e);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The step's own data                                                */

/* A date of the step: given, not after today, not before `after` (a
 * date the step follows, "" none). */
static int step_date(const char *in, char out[CASE_DATE_LEN], const char *today, const char *after,
		     const char *field, const char *label, const char *after_label,
		     struct bf_err *e)
{
	char got[CASE_DATE_LEN];
	if (core_date(in, got, 1, field, label, e))
		return -1;
	if (strcmp(got, today) > 0)
		return err_set(e, EC_INVALID, field, "%s不能晚于今天（%s）", label, today);
	if (after && after[0] && strcmp(got, after) < 0)
		return err_set(e, EC_INVALID, field, "%s不能早于%s（%s）", label, after_label,
			       after);
	memcpy(out, got, CASE_DATE_LEN);
	return 0;
}

/* Copies a text of the input into the case and checks it there. */
static int step_text(char *dst, size_t cap, const char *src, enum text_field id, int required,
		     struct bf_err *e)
{
	snprintf(dst, cap, "%s", src);
	return text_field(dst, id, required, e);
}

static int apply_investigation(struct aid_case *n, const struct case_step_input *in,
			       const char *today, struct bf_err *e)
{
	if (step_date(in->investigation_on, n->investigation_on, today, NULL, "investigation_on",
		      "入户调查日期", NULL, e))
		return -1;
	if (step_text(n->investigators, sizeof(n->investigators), in->investigators,
		      TF_STEP_INVESTIGATORS, 1, e))
		return -1;
	return step_text(n->investigation, sizeof(n->investigation), in->investigation,
			 TF_STEP_INVESTIGATION, 1, e);
}

static int apply_appraisal(struct aid_case *n, const struct case_step_input *in, const char *today,
			   struct bf_err *e)
{
	if (step_date(in->appraisal_on, n->appraisal_on, today, n->investigation_on, "appraisal_on",
		      "民主评议日期", "入户调查日期", e))
		return -1;
	if (in->expected < 1)
		return err_set(e, EC_MISSING, "expected", "请填写应到人数");
	if (in->present < 1 || in->present > in->expected)
		return err_set(e, EC_INVALID, "present", "实到人数须在 1 到应到人数（%d）之间",
			       in->expected);
	if (in->votes_for < 0 || in->votes_against < 0 || in->votes_abstain < 0)
		return err_set(e, EC_INVALID, "votes_for", "票数不能为负数");
	if (in->votes_for + in->votes_against + in->votes_abstain > in->present)
		return err_set(e, EC_INVALID, "votes_for",
			       "赞成、反对、弃权票数之和（%d）超过实到人数（%d）",
			       in->votes_for + in->votes_against + in->votes_abstain, in->present);
	n->expected = in->expected;
	n->present = in->present;
	n->votes_for = in->votes_for;
	n->votes_against = in->votes_against;
	n->votes_abstain = in->votes_abstain;
	return step_text(n->appraisal_minutes, sizeof(n->appraisal_minutes), in->appraisal_minutes,
			 TF_STEP_APPRAISAL_MINUTES, 1, e);
}

static int apply_decision(struct aid_case *n, const struct case_step_input *in,
			  const struct policy *p, const char *today, struct bf_err *e)
{
	if (step_date(in->decision_on, n->decision_on, today, n->appraisal_on, "decision_on",
		      "支委会日期", "民主评议日期", e))
		return -1;
	if (step_text(n->decision_minutes, sizeof(n->decision_minutes), in->decision_minutes,
		      TF_STEP_DECISION_MINUTES, 1, e))
		return -1;
	if (in->proposed_fen < 0)
		return err_set(e, EC_INVALID, "proposed_fen", "拟救助金额不能为负数");
	if (limit_money(in->proposed_fen, "proposed_fen", "拟救助金额", e))
		return -1;
	n->proposed_fen = in->proposed_fen;
	if (!n->proposed_fen && kind_of_case(n) == CASE_YEARLY)
		n->proposed_fen = p->yearly_amount_fen;
	if (!n->proposed_fen)
		return err_set(e, EC_MISSING, "proposed_fen", "请填写拟救助金额");
	return 0;
}

/* approve and pay_first: the amount and the department's special approval. */
static int apply_approval(struct aid_case *n, const struct case_step_input *in, struct bf_err *e)
{
	if (in->approved_fen < 0)
		return err_set(e, EC_INVALID, "approved_fen", "批准金额不能为负数");
	if (limit_money(in->approved_fen, "approved_fen", "批准金额", e))
		return -1;
	n->approved_fen = in->approved_fen  ? in->approved_fen
			  : n->proposed_fen ? n->proposed_fen
					    : n->requested_fen;
	if (!n->approved_fen)
		return err_set(e, EC_MISSING, "approved_fen", "请填写批准金额");
	if (!in->special_approval)
		return 0;
	if (step_text(n->special_reason, sizeof(n->special_reason), in->special_reason,
		      TF_STEP_SPECIAL_REASON, 1, e))
		return -1;
	n->special_approval = 1;
	return 0;
}

static int apply_pay_first(struct aid_case *n, const struct case_step_input *in, const char *today,
			   struct bf_err *e)
{
	if (apply_approval(n, in, e))
		return -1;
	if (core_date(in->paperwork_due, n->paperwork_due, 1, "paperwork_due", "补齐手续期限", e))
		return -1;
	if (strcmp(n->paperwork_due, today) < 0)
		return err_set(e, EC_INVALID, "paperwork_due", "补齐手续期限不能早于今天（%s）",
			       today);
	n->pay_first = 1;
	n->paperwork_done = 0;
	return 0;
}

static int apply_screening(struct aid_case *n, enum case_event ev, const struct case_step_input *in,
			   const char *today, struct bf_err *e)
{
	if (ev == EV_ENTER_SCREENING) {
		if (!in->screening_entered_on[0]) {
			memcpy(n->screening_entered_on, today, CASE_DATE_LEN);
			return 0;
		}
		return step_date(in->screening_entered_on, n->screening_entered_on, today, NULL,
				 "screening_entered_on", "录入救助系统日期", NULL, e);
	}
	if (!in->screening_result[0])
		return 0; /* the one recorded earlier, if any; the guard asks */
	return step_text(n->screening_result, sizeof(n->screening_result), in->screening_result,
			 TF_STEP_SCREENING_RESULT, 0, e);
}

/* Applies the data of ev from in to n (a copy of the case); *changed says
 * whether the facts need writing. */
static int apply_step(struct aid_case *n, enum case_event ev, const struct case_step_input *in,
		      const struct policy *p, const char *today, int *changed, struct bf_err *e)
{
	*changed = 1;
	switch (ev) {
	case EV_INVESTIGATE:
		return apply_investigation(n, in, today, e);
	case EV_APPRAISE:
		return apply_appraisal(n, in, today, e);
	case EV_DECIDE:
		return apply_decision(n, in, p, today, e);
	case EV_APPROVE:
		return apply_approval(n, in, e);
	case EV_PAY_FIRST:
		return apply_pay_first(n, in, today, e);
	case EV_ENTER_SCREENING:
	case EV_SCREEN_PASS:
	case EV_SCREEN_FAIL:
		return apply_screening(n, ev, in, today, e);
	case EV_SUBMIT:
		*changed = (n->dossier | (in->dossier & CASE_DOSSIER_ALL)) != n->dossier;
		n->dossier |= in->dossier & CASE_DOSSIER_ALL;
		return 0;
	default:
		*changed = 0;
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Due dates                                                          */

static void due_days(const char *today, int days, struct aid_case *n)
{
	core_add_days(today, days, n->due_on);
	n->due_estimated = 0;
}

/* Approved: entered into the relief system within
 * policy.screening_working_days working days of the approval. */
static int due_screening(const struct policy *p, const struct calendar *cal, const char *today,
			 struct aid_case *n, struct bf_err *e)
{
	struct ymd out;
	int est = 0;
	if (calendar_add_workdays(cal, core_ymd(today), p->screening_working_days, &out, &est))
		return err_set(e, EC_INTERNAL, NULL, "无法计算筛查期限");
	date_format(out, n->due_on);
	n->due_estimated = est;
	return 0;
}

static int due_round(struct db *db, struct aid_case *n, struct bf_err *e)
{
	struct aid_round r;
	enum db_qs qs = store_round_get(db, n->round_id, &r, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_INTERNAL, "round_id", "档案所属的帮扶轮次不存在");
	/* the round is the overall limit; a nearer deadline of the state stays */
	if (!n->due_on[0] || strcmp(r.due_on, n->due_on) < 0) {
		memcpy(n->due_on, r.due_on, CASE_DATE_LEN);
		n->due_estimated = 0;
	}
	return 0;
}

static int due_notice(struct db *db, struct aid_case *n, struct bf_err *e)
{
	struct notice nt;
	enum db_qs qs = store_notice_of_case(db, n->id, &nt, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE) {
		memcpy(n->due_on, nt.ends_on, CASE_DATE_LEN);
		n->due_estimated = nt.estimated;
	}
	return 0;
}

/* The deadline of the state the case enters (docs/internals/cases.md):
 * yearly aid — the round's due date (approved: the screening deadline if
 * nearer); emergencies — policy.emergency_level_days calendar days from
 * entering a level (seeds/004: 「3日内报送…3日内作出批复」 counts days,
 * not working days), the notice's end while posted, the screening
 * deadline once approved; none once finished. */
static int compute_due(struct db *db, const struct policy *p, const struct calendar *cal,
		       enum case_state from, enum case_state to, const char *today,
		       struct aid_case *n, struct bf_err *e)
{
	enum case_kind kind = kind_of_case(n);
	char kept[CASE_DATE_LEN];
	int kept_est = n->due_estimated;

	memcpy(kept, n->due_on, CASE_DATE_LEN);
	n->due_on[0] = '\0';
	n->due_estimated = 0;
	if (wf_state_final(to))
		return 0;
	if (to == CS_APPROVED && due_screening(p, cal, today, n, e))
		return -1;
	if (kind == CASE_YEARLY)
		return due_round(db, n, e);
	if (to == CS_APPROVED)
		return 0;
	if (to == CS_IN_NOTICE)
		return due_notice(db, n, e);
	if (kept[0] && from != CS_IN_NOTICE && from != CS_APPROVED && from != CS_RETURNED &&
	    wf_next_level(from, kind) == wf_next_level(to, kind)) {
		memcpy(n->due_on, kept, CASE_DATE_LEN); /* the same level's clock runs on */
		n->due_estimated = kept_est;
		return 0;
	}
	due_days(today, p->emergency_level_days, n);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The step                                                           */

/* What the step recorded, for the timeline and the audit log. */
static void step_detail(const struct aid_case *n, enum case_event ev, struct strbuf *d)
{
	switch (ev) {
	case EV_INVESTIGATE:
		strbuf_addf(d, "\"investigation_on\":\"%s\",\"investigators\":\"",
			    n->investigation_on);
		core_json_text(d, n->investigators, 255);
		strbuf_adds(d, "\",");
		break;
	case EV_APPRAISE:
		strbuf_addf(d,
			    "\"appraisal_on\":\"%s\",\"expected\":%d,\"present\":%d,\"for\":%d,"
			    "\"against\":%d,\"abstain\":%d,",
			    n->appraisal_on, n->expected, n->present, n->votes_for,
			    n->votes_against, n->votes_abstain);
		break;
	case EV_DECIDE:
		strbuf_addf(d, "\"decision_on\":\"%s\",\"proposed_fen\":%" PRId64 ",",
			    n->decision_on, n->proposed_fen);
		break;
	case EV_APPROVE:
	case EV_PAY_FIRST:
		strbuf_addf(d, "\"approved_fen\":%" PRId64 ",\"special_approval\":%d,",
			    n->approved_fen, n->special_approval);
		if (ev == EV_PAY_FIRST)
			strbuf_addf(d, "\"paperwork_due\":\"%s\",", n->paperwork_due);
		break;
	case EV_ENTER_SCREENING:
		strbuf_addf(d, "\"screening_entered_on\":\"%s\",", n->screening_entered_on);
		break;
	case EV_SCREEN_PASS:
	case EV_SCREEN_FAIL:
		strbuf_adds(d, "\"screening_result\":\"");
		core_json_text(d, n->screening_result, 300);
		strbuf_adds(d, "\",");
		if (n->payment_id) /* paid first: passing makes it paid */
			strbuf_addf(d, "\"payment_id\":%" PRId64 ",", n->payment_id);
		break;
	case EV_SUBMIT:
		strbuf_addf(d, "\"dossier\":%u,", n->dossier);
		break;
	default:
		break;
	}
	strbuf_addf(d, "\"due_on\":\"%s\",\"due_estimated\":%d", n->due_on, n->due_estimated);
}

/* Eligibility (§2) is the classification's, not a guard of the table: an
 * approval needs a case found eligible (or overridden so, with a reason). */
static int check_eligible(const struct aid_case *n, enum case_event ev, struct bf_err *e)
{
	if ((ev == EV_APPROVE || ev == EV_PAY_FIRST) && n->eligible == 0)
		return err_set(
		    e, EC_CONFLICT, "eligible",
		    "经认定不符合帮扶条件，不能审批；如确需帮扶，请在申请信息中改判并写明理由");
	return 0;
}

/* Writes the step: facts (when the step brought data), then state. */
static int write_step(struct db *db, struct aid_case *n, int changed, enum case_state next,
		      struct bf_err *e)
{
	enum db_qs qs = DB_ONE;
	n->updated_at = 0;
	if (changed)
		qs = store_case_update(db, n, e);
	if (qs == DB_ONE) {
		snprintf(n->state, sizeof(n->state), "%s", wf_state_code(next));
		n->updated_at = 0;
		qs = store_case_set_state(db, n, e);
	}
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", CW_CONFLICT_MSG);
	return CORE_QS(qs);
}

/* The events where a level writes its opinion on the forms: the branch
 * at its committee's decision, the committee at review, the department
 * at approval. */
static int takes_opinion(enum case_event ev)
{
	return ev == EV_DECIDE || ev == EV_REVIEW || ev == EV_APPROVE || ev == EV_PAY_FIRST;
}

static int record_step(struct db *db, const struct actor *a, const struct aid_case *n,
		       enum case_event ev, const char *from, const char *reason,
		       const char *opinion, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT, extra = STRBUF_INIT;
	strbuf_addch(&d, '{');
	step_detail(n, ev, &d);
	strbuf_addch(&d, '}');
	int rc = cw_event_tx(db, a, n, wf_event_code(ev), from, n->state, n->policy_version, reason,
			     d.buf, opinion, e);
	strbuf_addf(&extra, "\"event\":\"%s\",\"from\":\"%s\",\"policy_version\":%d,\"reason\":\"",
		    wf_event_code(ev), from, n->policy_version);
	core_json_text(&extra, reason, 300);
	strbuf_adds(&extra, "\"");
	if (!rc)
		rc = cw_audit_case(db, a, "step", n, extra.buf, e);
	strbuf_release(&d);
	strbuf_release(&extra);
	return rc;
}

/* A case that leaves its notice early (returned, rejected, paid first)
 * is released from it, so that it may be posted again while the old
 * notice is still up. */
static int leave_notice(struct db *db, const struct aid_case *n, struct bf_err *e)
{
	struct notice nt;
	enum db_qs qs = store_notice_of_case(db, n->id, &nt, e);
	if (qs == DB_ONE)
		qs = store_notice_release_case(db, nt.id, n->id, e);
	return CORE_QS(qs);
}

/* Everything between reading the case and writing it, on the copy n. */
static int decide_step(struct db *db, struct aid_case *n, enum case_event ev, enum wf_role role,
		       const struct case_step_input *in, const char *reason, enum case_state *next,
		       struct bf_err *e)
{
	const struct policy *p;
	struct wf_facts f;
	enum case_state from;
	char today[CASE_DATE_LEN];
	int changed = 0, rc;

	core_today(today);
	wf_state_parse(n->state, &from);
	if ((rc = case_policy_at(db, today, &p, e)) || apply_step(n, ev, in, p, today, &changed, e))
		return rc ? rc : -1;
	const struct calendar *cal;
	if ((rc = cw_calendar_get(db, &cal, e)))
		return rc;
	rc = cw_facts(db, n, p, cal, today, &f, e);
	f.has_reason = reason[0] != '\0';
	if (!rc)
		rc = wf_step(from, ev, role, &f, next, e);
	if (!rc)
		rc = check_eligible(n, ev, e);
	if (!rc) {
		n->policy_version = p->version;
		rc = compute_due(db, p, cal, from, *next, today, n, e);
	}
	case_calendar_release(cal);
	if (!rc)
		rc = write_step(db, n, changed, *next, e);
	if (!rc && from == CS_IN_NOTICE && *next != CS_NOTICED)
		rc = leave_notice(db, n, e);
	return rc;
}

int cw_step_possible(const struct actor *a, const struct aid_case *c, enum case_event ev,
		     struct bf_err *e)
{
	struct wf_facts probe;
	enum wf_role role;
	enum case_state from, next;
	if (cw_role(a, &role, e))
		return -1;
	if (wf_state_parse(c->state, &from)) { /* the database's, not ours */
		log_error("case %" PRId64 " in unknown state \"%s\"", c->id, c->state);
		return err_set(e, EC_INTERNAL, NULL, "档案状态无效，请联系管理员");
	}
	all_pass(&probe, kind_of_case(c));
	return wf_step(from, ev, role, &probe, &next, e);
}

int case_step_tx(struct db *db, const struct actor *a, struct aid_case *c, enum case_event ev,
		 const struct case_step_input *in, struct bf_err *e)
{
	static const struct case_step_input none;
	enum wf_role role;
	enum case_state next;
	char reason[CASE_REASON_MAX], from_code[16];
	char opinion[TEXT_BYTES(TF_STEP_OPINION_MAX)] = "";

	if (!in)
		in = &none;
	if (in->version && in->version != c->version)
		return err_set(e, EC_CONFLICT, "version", CW_CONFLICT_MSG);
	if (cw_step_possible(a, c, ev, e) || cw_role(a, &role, e))
		return -1;
	snprintf(reason, sizeof(reason), "%s", in->reason);
	if (text_field(reason, TF_STEP_REASON, 0, e))
		return -1;
	if (takes_opinion(ev))
		snprintf(opinion, sizeof(opinion), "%s", in->opinion);
	if (text_field(opinion, TF_STEP_OPINION, 0, e))
		return -1;
	memcpy(from_code, c->state, sizeof(from_code));
	struct aid_case *n = xcalloc(1, sizeof(*n));
	*n = *c;
	int rc = decide_step(db, n, ev, role, in, reason, &next, e);
	if (!rc)
		rc = record_step(db, a, n, ev, from_code, reason, opinion, e);
	/* the approved member enters the hardship roll (or its open entry
	 * takes the case's facts), in the approval's transaction */
	if (!rc && (ev == EV_APPROVE || ev == EV_PAY_FIRST))
		rc = roll_enter_from_case_tx(db, a, n, e);
	if (!rc && ev == EV_ENTER_SCREENING) { /* the product's own rules (screening.c) */
		int opened = 0;
		rc = cw_screening_run(db, a, n, &opened, e);
	}
	if (!rc)
		*c = *n;
	free(n);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The public step                                                    */

struct step_ctx {
	const struct actor *a;
	int64_t id;
	enum case_event ev;
	const struct case_step_input *in;
	struct aid_case *c;
};

static int step_fn(struct db *db, void *p, struct bf_err *e)
{
	struct step_ctx *x = p;
	int rc = case_read_tx(db, x->a, x->id, x->c, e);
	return rc ? rc : case_step_tx(db, x->a, x->c, x->ev, x->in, e);
}

int case_step(struct core *c, const struct actor *a, int64_t case_id, enum case_event ev,
	      const struct case_step_input *in, struct bf_err *e)
{
	if (core_need_write(a, "办理帮扶程序", e))
		return -1;
	if (ev >= EV__COUNT)
		return err_set(e, EC_INVALID, "event", "未知的操作");
	/* "paid" without money would break the fund's trail from source to
	 * receipt: the payments module takes this step itself, with the money */
	if (ev == EV_PAY)
		return err_set(e, EC_CONFLICT, "event",
			       "登记发放须通过资金拨付办理（资金拨付批次，或案件页“资金发放”中的"
			       "“立即发放”），每一笔钱都记入基金台账");
	if (ev == EV_OPEN_NOTICE)
		return cw_notice_open_one(c, a, case_id, in, e);
	if (ev == EV_CLOSE_NOTICE)
		return cw_notice_close_one(c, a, case_id, in, e);
	struct step_ctx x = {
	    .a = a, .id = case_id, .ev = ev, .in = in, .c = xcalloc(1, sizeof(struct aid_case))};
	int rc = db_run_tx(c->db, "case_step", 1, step_fn, &x, e);
	free(x.c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The events possible now                                            */

struct allowed_ctx {
	const struct actor *a;
	int64_t id;
	struct aid_case *c;
	struct wf_facts f;
};

static int allowed_fn(struct db *db, void *p, struct bf_err *e)
{
	struct allowed_ctx *x = p;
	const struct policy *pol;
	char today[CASE_DATE_LEN];
	core_today(today);
	int rc = case_read_tx(db, x->a, x->id, x->c, e);
	if (!rc)
		rc = case_policy_at(db, today, &pol, e);
	if (rc)
		return rc;
	const struct calendar *cal;
	if ((rc = cw_calendar_get(db, &cal, e)))
		return rc;
	rc = cw_facts(db, x->c, pol, cal, today, &x->f, e);
	case_calendar_release(cal);
	return rc;
}

int case_allowed_events(struct core *c, const struct actor *a, int64_t case_id,
			enum case_event evs[EV__COUNT], struct bf_err *e)
{
	struct allowed_ctx x = {.a = a, .id = case_id};
	enum wf_role role;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (cw_role(a, &role, e))
		return -1;
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_allowed_events", 0, allowed_fn, &x, e);
	enum case_state s = CS_APPLIED;
	int amount_unset = 0, ineligible = 0;
	if (!rc) {
		wf_state_parse(x.c->state, &s);
		amount_unset = !amount_of(x.c);
		ineligible = x.c->eligible == 0;
	}
	free(x.c);
	if (rc)
		return -1;
	if (!access_allowed(a, PERM_WRITE))
		return 0;
	/* the step brings these itself */
	x.f.investigation_recorded = 1;
	if (!x.f.appraisal_recorded)
		x.f.appraisal_recorded = x.f.appraisal_passed = 1;
	x.f.screened_ok = 1;
	x.f.has_special_approval = 1;
	if (amount_unset)
		x.f.amount_check = 0;
	int n = wf_allowed(s, role, &x.f, evs), k = 0;
	for (int i = 0; i < n; i++)
		if (evs[i] != EV_PAY && /* through the payments, see case_step */
		    (!ineligible || (evs[i] != EV_APPROVE && evs[i] != EV_PAY_FIRST)))
			evs[k++] = evs[i];
	return k;
}

/* ------------------------------------------------------------------ */
/* The next step, for its reader                                      */

static const char *const level_codes[WR__COUNT] = {
    [WR_BRANCH] = "branch", [WR_COMMITTEE] = "committee", [WR_DEPARTMENT] = "department"};

void case_next_step(const struct actor *a, const struct aid_case *c, struct case_next *out)
{
	struct wf_facts f;
	enum case_state s = CS_APPLIED;
	enum wf_role level = WR_BRANCH, reader = WR_AUDITOR;
	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.kind = kind_of_case(c);
	f.pay_first = c->pay_first;
	f.paid = c->payment_id != 0;
	f.dossier_complete = (c->dossier & CASE_DOSSIER_ALL) == CASE_DOSSIER_ALL;
	f.paperwork_complete = c->paperwork_done;
	wf_state_parse(c->state, &s);
	const char *what = wf_next_step(s, &f, &level);
	if (!what) {
		snprintf(out->text, sizeof(out->text), "%s",
			 s == CS_REJECTED ? "已办结：不予帮扶" : "已办结");
		return;
	}
	if (wf_role_parse(a->role, &reader))
		reader = WR_AUDITOR;
	snprintf(out->level, sizeof(out->level), "%s", level_codes[level]);
	snprintf(out->level_label, sizeof(out->level_label), "%s", wf_role_label(level));
	out->yours = reader == level || reader == WR_ADMIN;
	if (out->yours)
		snprintf(out->text, sizeof(out->text), "下一步：请您%s", what);
	else
		snprintf(out->text, sizeof(out->text), "下一步：等待%s%s", out->level_label, what);
}

/* gate.c - what the route table decides before a handler runs (issue #8
 * §2): permission before existence, existence before content.  A role the
 * route's flags do not admit answers 403 whatever the body and whether the
 * {id} exists; a write to an {id} outside the caller's subtree answers 404
 * before its body is read.  The core checks both again: this only makes
 * the answer the same for every body. */
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "import_job.h"
#include "care.h"
#include "internal.h"
#include "fund.h"

/* Each reads the {id} through the core's own getter, so the gate sees
 * exactly what the handler would (rounds from below, batches by the
 * branches they paid …); 0 when visible, -1 with e. */
static int see_org(struct req *r, struct bf_err *e)
{
	struct org o;
	return org_get(&r->core, &r->actor, r->id, &o, e);
}

static int see_member(struct req *r, struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = member_get(&r->core, &r->actor, r->id, m, e);
	member_free(m);
	return rc;
}

static int see_case(struct req *r, struct bf_err *e)
{
	struct aid_case *c = malloc(sizeof(*c));
	if (!c)
		return err_set(e, EC_INTERNAL, NULL, NULL);
	int rc = case_get(&r->core, &r->actor, r->id, c, e);
	free(c);
	return rc;
}

static int see_round(struct req *r, struct bf_err *e)
{
	struct aid_round x;
	return case_round_get(&r->core, &r->actor, r->id, &x, e);
}

static int see_notice(struct req *r, struct bf_err *e)
{
	struct notice n;
	return case_notice_get(&r->core, &r->actor, r->id, &n, NULL, NULL, e);
}

static int see_objection(struct req *r, struct bf_err *e)
{
	struct objection *o = malloc(sizeof(*o));
	if (!o)
		return err_set(e, EC_INTERNAL, NULL, NULL);
	int rc = case_objection_get(&r->core, &r->actor, r->id, o, e);
	free(o);
	return rc;
}

static int see_fund(struct req *r, struct bf_err *e)
{
	struct fund f;
	return ledger_fund_get(&r->core, &r->actor, r->id, &f, e);
}

static int see_posting(struct req *r, struct bf_err *e)
{
	struct ledger_posting p;
	int rc = ledger_posting_get(&r->core, &r->actor, r->id, &p, e);
	if (!rc)
		ledger_posting_release(&p);
	return rc;
}

static int see_payment(struct req *r, struct bf_err *e)
{
	struct payment p;
	return pay_payment_get(&r->core, &r->actor, r->id, &p, e);
}

static int see_loan(struct req *r, struct bf_err *e)
{
	struct loan l;
	int rc = loan_get(&r->core, &r->actor, r->id, &l, e);
	if (!rc)
		loan_release(&l);
	return rc;
}

static int see_recovery(struct req *r, struct bf_err *e)
{
	struct recovery x;
	return recovery_get(&r->core, &r->actor, r->id, &x, e);
}

static int see_roll(struct req *r, struct bf_err *e)
{
	struct roll_entry *x = xcalloc(1, sizeof(*x));
	int rc = roll_get(&r->core, &r->actor, r->id, NULL, x, e);
	free(x);
	return rc;
}

static int see_import(struct req *r, struct bf_err *e)
{
	struct import_job j;
	return import_job_get(&r->core, &r->actor, r->id, &j, e);
}

static int see_training(struct req *r, struct bf_err *e)
{
	struct training_session s;
	return training_get(&r->core, &r->actor, r->id, &s, e);
}

static int see_roll_review(struct req *r, struct bf_err *e)
{
	struct roll_review v;
	return roll_review_get(&r->core, &r->actor, r->id, &v, e);
}

static int see_roll_review_item(struct req *r, struct bf_err *e)
{
	struct roll_review_item it;
	return roll_review_item_get(&r->core, &r->actor, r->id, &it, e);
}

static int see_verification(struct req *r, struct bf_err *e)
{
	struct verification v;
	return verification_get(&r->core, &r->actor, r->id, &v, e);
}

/* A check is written by its checker or the department: 404 outside, 403
 * for another, before the body. */
static int see_verification_check(struct req *r, struct bf_err *e)
{
	return verification_check_may_record(&r->core, &r->actor, r->id, e);
}

static int see_finding(struct req *r, struct bf_err *e)
{
	struct screening_finding f;
	return screening_finding_get(&r->core, &r->actor, r->id, &f, e);
}

static int see_household_link(struct req *r, struct bf_err *e)
{
	struct household_link l;
	return screening_household_get(&r->core, &r->actor, r->id, &l, e);
}

static int see_screening_batch(struct req *r, struct bf_err *e)
{
	struct screening_batch b;
	return screening_batch_head(&r->core, &r->actor, r->id, &b, e);
}

static int see_help_record(struct req *r, struct bf_err *e)
{
	return pairing_record_see(&r->core, &r->actor, r->id, e);
}

/* By the path segment before {id}; a resource not listed (a policy
 * version, a calendar year: not scoped) passes. */
static const struct {
	const char *segment;
	int (*see)(struct req *r, struct bf_err *e);
} resources[] = {
    {"orgs", see_org},
    {"members", see_member},
    {"cases", see_case},
    {"rounds", see_round},
    {"notices", see_notice},
    {"objections", see_objection},
    {"funds", see_fund},
    {"postings", see_posting},
    {"payments", see_payment},
    {"loans", see_loan},
    {"recoveries", see_recovery},
    {"imports", see_import},
    {"roll", see_roll},
    {"roll-reviews", see_roll_review},
    {"training-sessions", see_training},
    {"roll-review-items", see_roll_review_item},
    {"verifications", see_verification},
    {"verification-checks", see_verification_check},
    {"findings", see_finding},
    {"household-links", see_household_link},
    {"screening-batches", see_screening_batch},
    {"help-records", see_help_record},
};

static int see_id(struct req *r, const struct route *rt, struct bf_err *e)
{
	const char *at = strstr(rt->pattern, "/{id}");
	if (!at || !r->id)
		return 0;
	const char *seg = at;
	while (seg > rt->pattern && seg[-1] != '/')
		seg--;
	for (size_t i = 0; i < sizeof(resources) / sizeof(resources[0]); i++)
		if (strlen(resources[i].segment) == (size_t)(at - seg) &&
		    !strncmp(seg, resources[i].segment, (size_t)(at - seg)))
			return resources[i].see(r, e);
	return 0;
}

static int is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

int route_gate(struct req *r, const struct route *rt)
{
	const struct actor *a = &r->actor;
	int dept = !strcmp(a->role, "department") || !strcmp(a->role, "admin");
	struct bf_err e;
	if ((rt->flags & R_WRITE) && !access_allowed(a, PERM_WRITE))
		err_set(&e, EC_FORBIDDEN, NULL, "您的角色只能查看，不能修改数据");
	else if ((rt->flags & R_REVEAL) && !access_allowed(a, PERM_REVEAL))
		err_set(&e, EC_FORBIDDEN, NULL, "您的角色不能查看完整的身份证号和电话");
	else if ((rt->flags & (R_DEPT | R_ROOT)) && !dept)
		err_set(&e, EC_FORBIDDEN, NULL, "只有组织部或系统管理员可以办理");
	else if ((rt->flags & R_ROOT) && !access_at_root(a))
		err_set(&e, EC_FORBIDDEN, NULL,
			"只有区县（根组织）的组织部或系统管理员可以修改全区县的设置");
	else if (!is_write(r->method) || !see_id(r, rt, &e))
		return 0;
	reply_error(r, &e);
	return -1;
}

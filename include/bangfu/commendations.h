/* commendations.h - commendations (表彰, issue #12, DOMAIN.md §6): around
 * 1 July the department opens a commendation round (表彰评选) with quotas
 * per committee and honour (优秀共产党员 outstanding_member, 优秀党务工作者
 * outstanding_worker: members of the register; 先进基层党组织 advanced_org:
 * branches); branches nominate (提名) with deeds; committees review within
 * their quota; the department posts the recommended list as a public
 * notice (公示, the notices of the cases with kind "commendation": working
 * days, objections and their handling); after it closes without open
 * objections the department approves and the nominations become honours
 * (荣誉), which show on the member's page and mark them where training and
 * projects are decided (曾获表彰).  src/core/care/commendations.c. */
#ifndef BANGFU_COMMENDATIONS_H
#define BANGFU_COMMENDATIONS_H
#include <stddef.h>
#include <stdint.h>
#include "commendation_model.h"
#include "err.h"
#include "register.h"

/* The three honours, in their order on every list. */
#define HONOUR_COUNT 3
extern const char *const honour_codes[HONOUR_COUNT];
/* 优秀共产党员 …; NULL for an unknown code. */
const char *honour_label(const char *honour);
/* 1 for the honours conferred on a member (not advanced_org). */
int honour_is_personal(const char *honour);
/* 待审核, 推荐, 不推荐, 撤销（异议成立）, 已表彰; NULL when unknown. */
const char *nomination_status_label(const char *status);
/* 提名中, 公示中, 已审批; NULL when unknown. */
const char *commendation_round_status_label(const char *status);

/* At most this many committees' quotas in one request, nominations or
 * honours in one list. */
#define COMMENDATION_QUOTAS_MAX 300
#define COMMENDATION_LIST_MAX	2000

/* Opens the round of r->year (title, nominate_by) with quotas (org_id a
 * committee, honour, quota): the department only; one round a year
 * (EC_CONFLICT); audited commendation_round_open.  r is filled. */
int commendation_round_open(struct core *c, const struct actor *a, struct commendation_round *r,
			    const struct commendation_quota *quotas, size_t nq, struct bf_err *e);
/* Sets quotas of an open round (each replaces the committee's quota of
 * that honour); not below what the committee recommended already. */
int commendation_quotas_set(struct core *c, const struct actor *a, int64_t round_id,
			    const struct commendation_quota *quotas, size_t nq, struct bf_err *e);
/* The rounds, newest first (every role sees the district's rounds; the
 * counts are of its scope). */
int commendation_rounds(struct core *c, const struct actor *a, struct commendation_round **items,
			size_t *n, struct bf_err *e);
/* One round with the quotas of the committees the actor sees (its own
 * subtree, or its own committee from below). */
int commendation_round_get(struct core *c, const struct actor *a, int64_t id,
			   struct commendation_round *out, struct commendation_quota **quotas,
			   size_t *nq, struct bf_err *e);

/* Nominates x->member_id (outstanding_member, outstanding_worker) or
 * x->nominee_org_id (advanced_org: a branch) for x->honour in round
 * x->round_id with x->deeds: a writer whose scope holds the nominee; the
 * round open and today not after nominate_by; once per honour and round
 * (EC_CONFLICT).  Audited nomination_add; x is filled as read. */
int nomination_add(struct core *c, const struct actor *a, struct nomination *x, struct bf_err *e);
/* The committee's review: decision "recommended" or "not_recommended"
 * with an opinion; the committee (or the administrator) in whose scope
 * the nomination lies, while the round is open.  Recommending beyond the
 * committee's quota of the honour is EC_CONFLICT naming the quota.
 * Audited nomination_review. */
int nomination_review(struct core *c, const struct actor *a, int64_t id, const char *decision,
		      const char *opinion, struct bf_err *e);
/* The nominations of a round in the actor's scope (status, honour and
 * committee_id filters: "" / 0 any), by committee, honour, status. */
int nominations_list(struct core *c, const struct actor *a, int64_t round_id, const char *status,
		     const char *honour, int64_t committee_id, struct nomination **items, size_t *n,
		     struct bf_err *e);
int nomination_get(struct core *c, const struct actor *a, int64_t id, struct nomination *out,
		   struct bf_err *e);

/* Posts the round's recommended nominations as a public notice of the
 * department (kind "commendation", notices.c of the cases: the policy's
 * working days from starts_on, "" today; office and phone default to the
 * department's): every nomination reviewed, at least one recommended.
 * The round goes in_notice; audited notice_open.  *notice_id is set. */
int commendation_notice_open(struct core *c, const struct actor *a, int64_t round_id,
			     const char *starts_on, const char *office, const char *office_phone,
			     int64_t *notice_id, struct bf_err *e);
/* The department approves the round: its notice ended (EC_CONFLICT while
 * it runs) with every objection handled (EC_CONFLICT otherwise); a notice
 * still open is closed here.  The recommended nominations become honours
 * on today's date; audited commendation_approve. */
int commendation_approve(struct core *c, const struct actor *a, int64_t round_id, struct bf_err *e);

struct objection;
/* cases' objections (casework_objections.c) on a commendation notice,
 * inside its transaction, once o is handled: "upheld_rejected" withdraws
 * the nomination from the list (rejected); "unfounded" leaves it;
 * "upheld_returned" is refused (the round has no step to return to). */
int commendation_objection_handled_tx(struct db *db, const struct actor *a,
				      const struct objection *o, struct bf_err *e);

/* The honours (approved nominations) in the actor's scope: of a round
 * (round_id), of a member (member_id, who must be in scope), or all;
 * newest round first. */
int honours_list(struct core *c, const struct actor *a, int64_t round_id, int64_t member_id,
		 struct nomination **items, size_t *n, struct bf_err *e);
/* For each of ids (members), flags[i] = 1 when they hold an honour: the
 * 曾获表彰 mark where training and projects are decided (DOMAIN §6). */
int honours_marks(struct core *c, const int64_t *ids, size_t n, unsigned char *flags,
		  struct bf_err *e);

#endif

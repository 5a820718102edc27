/* cases_impl.h - helpers shared by the procedure's store files (rounds.c,
 * cases.c, notices.c, policies.c; private to src/store).  The readers keep
 * one column list per struct in one place, so a notice's cases and the
 * case list read the same columns the same way. */
#ifndef BANGFU_CASES_IMPL_H
#define BANGFU_CASES_IMPL_H
#include <stddef.h>
#include "db.h"
#include "case_model.h"

/* SELECT of a case's columns with its joins (member name, org name and
 * path, round title), to be followed by WHERE ...; st_read_case reads a
 * row of it into a struct aid_case. */
#define ST_CASE_SELECT                                                                             \
	"SELECT c.id, c.member_id, c.org_id, m.name, o.name, o.path, COALESCE(r.title, ''), "      \
	"c.kind, c.round_id, c.year, c.state, c.policy_version, c.category, c.category_auto, "     \
	"c.category_reason, c.tier, c.tier_auto, c.tier_reason, c.causes, c.conditions, "          \
	"c.exclusions, c.situation, c.loss_type, c.income_fen, c.household_size, "                 \
	"c.labour_capacity, c.fixed_income, c.requested_fen, c.proposed_fen, c.approved_fen, "     \
	"c.special_approval, c.special_reason, c.pay_first, c.paperwork_due, c.paperwork_done, "   \
	"c.dossier, c.investigation_on, c.investigators, c.investigation, c.appraisal_on, "        \
	"c.expected, c.present, c.votes_for, c.votes_against, c.votes_abstain, "                   \
	"c.appraisal_minutes, c.decision_on, c.decision_minutes, c.screening_entered_on, "         \
	"c.screening_result, c.due_on, c.due_estimated, c.created_by, c.created_at, "              \
	"c.updated_at, c.version, c.eligible, c.eligible_auto, c.eligible_reason, "                \
	"c.explanation, c.applied_on, COALESCE(pm.id, 0), COALESCE(pm.batch_id, 0), "              \
	"COALESCE(pm.amount, 0), pm.value_date "                                                   \
	"FROM cases c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = c.org_id "        \
	"LEFT JOIN rounds r ON r.id = c.round_id LEFT JOIN payments pm ON pm.case_id = c.id "
void st_read_case(struct db_rows *r, void *item);

#endif

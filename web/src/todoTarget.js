// Where a to-do item (GET /api/v1/todo, the bell) is handled: its case (a
// receipt is entered on the case page), its notice (an objection opens the
// notice at it), the loan, or the roll entry waiting for confirmation.  The to-do page and the header's bell.
export function todoTarget(t) {
  if (t.kind === 'notice') return { name: 'notice', params: { id: t.notice_id } }
  if (t.kind === 'objection') return { name: 'notice', params: { id: t.notice_id }, query: { objection: t.objection_id } }
  if (t.kind === 'verification') return { name: 'verification-check', params: { id: t.verification_check_id } }
  if (t.kind === 'loan') return { name: 'loans', query: { loan: t.loan_id } }
  if (t.kind === 'roll_review') return { name: 'roll-review', params: { id: t.roll_review_id } }
  // a pairing without a help record for 90 days: the pairing's page
  if (t.kind === 'pairing') return { name: 'pairing', params: { id: t.pairing_id } }
  // an open visit task: the visits list with its record-visit dialog
  if (t.kind === 'visit') return { name: 'visits', query: { view: 'tasks', record: t.visit_id } }
  // an overdue measure of a help plan: the plan's checklist
  if (t.kind === 'plan') return { name: 'help-plan', params: { id: t.plan_id } }
  // a nomination waiting for the committee's review: its round's page
  if (t.kind === 'nomination') return { name: 'commendation', params: { id: t.round_id } }
  // a member not yet talked with this year (the last quarter): the member's page
  if (t.kind === 'talk') return { name: 'member', params: { id: t.member_id } }
  if (t.kind === 'roll') return { name: 'roll-entry', params: { id: t.roll_entry_id } }
  return { name: 'case', params: { id: t.case_id } }
}

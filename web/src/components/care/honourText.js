// honourText.js - the words of commendations (表彰, issue #12): the three
// honours in their order, the tag colour of a nomination's and a round's
// status.  The server sends the labels too; these are for the forms.
export const HONOURS = [
  { value: 'outstanding_member', label: '优秀共产党员', personal: true },
  { value: 'outstanding_worker', label: '优秀党务工作者', personal: true },
  { value: 'advanced_org', label: '先进基层党组织', personal: false },
]

export const honourLabel = (v) => HONOURS.find((h) => h.value === v)?.label || v

export function nominationTag(status) {
  return { recommended: 'success', approved: 'success', not_recommended: 'info', rejected: 'danger' }[status] || 'warning'
}

export function roundTag(status) {
  return { open: 'primary', in_notice: 'warning', approved: 'success' }[status] || 'info'
}

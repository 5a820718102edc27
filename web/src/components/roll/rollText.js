// rollText.js - the hardship roll's words (困难党员台账, issue #11; the codes
// of docs/API.md "The hardship roll"): categories, tiers, the states of an
// entry with their tag colours, the reasons for an exit, the list's views
// and the income bands its filter offers (fen, as the API filters).
// The categories and tiers are the aid procedure's (one list for both).
export { CATEGORIES, TIERS } from '../../caseText.js'
export const STATUSES = {
  pending: { label: '待确认', tag: 'warning' },
  active: { label: '在册', tag: 'success' },
  exiting: { label: '脱困待确认', tag: 'warning' },
  exited: { label: '已脱困', tag: 'info' },
  rejected: { label: '未通过', tag: 'danger' },
}
export const EXIT_REASONS = [
  { value: 'income', label: '收入超过标准' },
  { value: 'work', label: '实现就业' },
  { value: 'moved', label: '迁出' },
  { value: 'deceased', label: '亡故' },
  { value: 'other', label: '其他' },
]
export const VIEWS = [
  { value: '', label: '在册' },
  { value: 'pending', label: '待确认' },
  { value: 'exited', label: '已脱困' },
  { value: 'all', label: '全部' },
]
// 人均年纯收入 bands (yuan a year), after the county survey (seed 002: under
// 500 yuan, none).
export const INCOME_BANDS = [
  { value: 'none', label: '无收入', min: 0, max: 0 },
  { value: 'u500', label: '500 元以下', min: 0, max: 49999 },
  { value: 'u2000', label: '500–2000 元', min: 50000, max: 199999 },
  { value: 'u5000', label: '2000–5000 元', min: 200000, max: 499999 },
  { value: 'o5000', label: '5000 元及以上', min: 500000, max: undefined },
]
/** The band whose bounds are (min, max) in fen, as the URL holds them; '' none. */
export function bandOf(min, max) {
  const b = INCOME_BANDS.find((x) => String(x.min) === String(min ?? '') && String(x.max ?? '') === String(max ?? ''))
  return b ? b.value : ''
}

export const ACTIONS = {
  register: '登记',
  enter: '审批纳入',
  relapse: '返贫登记',
  confirm: '确认',
  reject: '退回',
  update: '修改',
  case: '帮扶审批',
  exit: '脱困',
  exit_confirm: '确认脱困',
  exit_reject: '退回脱困',
  review: '动态调整',
  import: '导入',
}
export const statusInfo = (s) => STATUSES[s] || { label: s, tag: 'info' }

/** The roles that confirm what a branch proposes (the server's rule). */
export const CONFIRMERS = ['admin', 'department', 'committee']

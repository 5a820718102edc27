// planText.js - the words of help plans (帮扶计划, issue #12): the measures'
// kinds with their sub-kinds and the progress, as the server names them
// (docs/API.md "Help plans").
export const KINDS = [
  { value: 'project', label: '发展项目' },
  { value: 'training', label: '技能培训' },
  { value: 'capital', label: '创业资金' },
  { value: 'market', label: '市场信息' },
  { value: 'job', label: '就业推荐' },
  { value: 'security', label: '低保五保' },
]

export const PROJECTS = [
  { value: 'farming', label: '宜农则农' },
  { value: 'industry', label: '宜工则工' },
  { value: 'commerce', label: '宜商则商' },
]

export const SECURITY = [
  { value: 'dibao', label: '纳入低保' },
  { value: 'wubao', label: '纳入五保' },
]

export const STATUSES = [
  { value: 'todo', label: '未开始', tag: 'info' },
  { value: 'doing', label: '进行中', tag: 'primary' },
  { value: 'done', label: '已完成', tag: 'success' },
  { value: 'dropped', label: '已放弃', tag: 'warning' },
]

export const statusTag = (s) => (STATUSES.find((x) => x.value === s) || { tag: 'info' }).tag

/** done of all measures (dropped ones left out) as a percentage. */
export function progressPct(p) {
  const all = (p.measures || 0) - (p.dropped || 0)
  return all > 0 ? Math.round((100 * (p.done || 0)) / all) : 0
}

/** A new measure row of the form. */
export const blankMeasure = (kind = 'project', dueOn = '') => ({ kind, project_kind: kind === 'project' ? 'farming' : '', security_kind: kind === 'security' ? 'dibao' : '', loan_id: null, target: '', due_on: dueOn })

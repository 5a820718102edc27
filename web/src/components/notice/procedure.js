// procedure.js - the few words the to-do, notice and progress pages share.
// Every label a record carries (state_label, channel_label, outcome_label …)
// comes from the server; these are only the codes the API answers without
// one (the progress counts by state, a notice's kind, a to-do item's kind).
// The procedure's own words (states, kinds) come from caseText.js, shared
// with the case pages; money is lib/money.js, days lib/date.js.
import { KINDS, STATES as CASE_STATES } from '../../caseText.js'

/** The case states in the order of the procedure, as [code, label] (caseText.js). */
export const STATES = CASE_STATES.map((s) => [s.value, s.label])
export const STATE_LABELS = Object.fromEntries(STATES)

export const KIND_LABELS = { ...Object.fromEntries(KINDS.map((k) => [k.value, k.label])), commendation: '表彰' }

/** To-do kinds (GET /todo) with the words of the inbox tabs. */
export const TODO_KINDS = [
  { kind: 'case', label: '待办案件', short: '案件', tag: 'primary' },
  { kind: 'notice', label: '公示待结束', short: '公示', tag: 'warning' },
  { kind: 'objection', label: '异议待处理', short: '异议', tag: 'danger' },
  { kind: 'paperwork', label: '先发后补待补材料', short: '补材料', tag: 'info' },
  { kind: 'receipt', label: '发放待签收', short: '签收', tag: 'success' },
  { kind: 'loan', label: '借款逾期', short: '借款', tag: 'danger' },
  { kind: 'roll', label: '台账待确认', short: '台账', tag: 'warning' },
  { kind: 'roll_review', label: '台账动态调整', short: '动态调整', tag: 'warning' },
  { kind: 'pairing', label: '结对帮扶待记录', short: '结对', tag: 'warning' },
  { kind: 'visit', label: '走访慰问待走访', short: '走访', tag: 'warning' },
  { kind: 'plan', label: '帮扶计划措施逾期', short: '帮扶计划', tag: 'danger' },
  { kind: 'talk', label: '谈心谈话待开展', short: '谈话', tag: 'info' },
  { kind: 'nomination', label: '表彰提名待审核', short: '表彰提名', tag: 'warning' },
]

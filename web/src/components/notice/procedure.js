// procedure.js - the few words and number formats the to-do, notice, progress,
// policy and calendar pages share.  Every label a record carries (state_label,
// channel_label, outcome_label …) comes from the server; these are only the
// codes the API answers without one (the progress counts by state, a notice's
// kind, a to-do item's kind, the calendar's day kinds).  The procedure's own
// words (states, kinds) come from caseText.js, shared with the case pages.
import { KINDS, STATES as CASE_STATES } from '../../caseText.js'

/** The case states in the order of the procedure, as [code, label] (caseText.js). */
export const STATES = CASE_STATES.map((s) => [s.value, s.label])
export const STATE_LABELS = Object.fromEntries(STATES)

export const KIND_LABELS = Object.fromEntries(KINDS.map((k) => [k.value, k.label]))

/** To-do kinds (GET /todo) with the words of the inbox tabs. */
export const TODO_KINDS = [
  { kind: 'case', label: '待办案件', short: '案件', tag: 'primary' },
  { kind: 'notice', label: '公示待结束', short: '公示', tag: 'warning' },
  { kind: 'objection', label: '异议待处理', short: '异议', tag: 'danger' },
  { kind: 'paperwork', label: '先发后补待补材料', short: '补材料', tag: 'info' },
  { kind: 'receipt', label: '发放待签收', short: '签收', tag: 'success' },
  { kind: 'loan', label: '借款逾期', short: '借款', tag: 'danger' },
]

export const DAY_KINDS = { holiday: '放假', workday: '调休上班', normal: '恢复为普通日' }

/** Integer fen -> "1,234.50" yuan (no unit); '—' for null. */
export function yuan(fen) {
  if (fen === null || fen === undefined || fen === '') return '—'
  const n = Number(fen)
  const whole = Math.trunc(Math.abs(n) / 100)
  const cents = Math.abs(n) % 100
  const s = whole.toLocaleString('zh-CN') + (cents ? '.' + String(cents).padStart(2, '0') : '')
  return (n < 0 ? '-' : '') + s
}

/** Yuan as typed (a number, up to 2 decimals) -> integer fen, exactly. */
export function toFen(v) {
  if (v === null || v === undefined || v === '') return null
  return Math.round(Number(v) * 100)
}

/** Integer fen -> yuan number for an input (60000 -> 600). */
export function toYuan(fen) {
  if (fen === null || fen === undefined) return null
  return Number(fen) / 100
}

const pad = (n) => String(n).padStart(2, '0')

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayIso() {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Whole days from a to b (YYYY-MM-DD); positive when b is later. */
export function daysBetween(a, b) {
  const pa = Date.UTC(...a.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)))
  const pb = Date.UTC(...b.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)))
  return Math.round((pb - pa) / 86400000)
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** "2024-02-10" -> "周六". */
export function weekday(date) {
  const [y, m, d] = String(date).split('-').map(Number)
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]
}

/** Saturday or Sunday. */
export function isWeekend(date) {
  const w = weekday(date)
  return w === '周六' || w === '周日'
}

// labels.js - the one place where codes the server answers become the words
// a user reads: batch references (pay-5 -> 拨付第 5 批), the roles, and the
// audit log (action codes -> 登录 / 修改党员 / 审批案件 …, the detail object ->
// lines 「字段：旧值 → 新值」 with Chinese field names).  The audit log's
// words are the server's (GET /meta `audit`, core/register/audit_words.c,
// the table the audit export renders with too), handed over by session.js
// (adoptAuditWords).  Whatever has no Chinese name (ids of the chain,
// versions, unknown keys, hashes) goes to the 校验信息 part, which the audit
// page keeps folded.  The procedure's and the fund's own words come from
// caseText.js and fundText.js.
import { CHANNELS, KINDS, OUTCOMES, STATES } from '../caseText.js'
import { POSTING_KINDS, PAYERS, SOURCES, methodLabel, rateText, signedLabel } from '../components/fund/fundText.js'
import { fenToYuan } from './money.js'

/** The roles' names, from GET /meta role_names (adoptRoleNames). */
export const ROLE_NAMES = {}

export function adoptRoleNames(names) {
  if (names && typeof names === 'object') Object.assign(ROLE_NAMES, names)
}

/* ---- batch references ---- */

/** A posting's batch reference in words: pay-5 -> 拨付第 5 批, loan-3 -> 借款第 3 笔. */
export function batchLabel(ref) {
  const m = /^(pay|loan)-(\d+)$/.exec(ref || '')
  if (!m) return ref ? '相关批次' : ''
  return m[1] === 'pay' ? `拨付第 ${m[2]} 批` : `借款第 ${m[2]} 笔`
}

/** A text the server wrote with a batch reference in it (older memos: 「…（pay-5）」) in words. */
export const withBatchWords = (text) => String(text || '').replace(/\b(pay|loan)-(\d+)\b/g, (ref) => batchLabel(ref))

/** A batch's number as the batch pages show it. */
export const batchNoLabel = (id) => (id ? `拨付第 ${id} 批` : '')

/** What a user types as 批次号 (5, 第5批, 拨付第 5 批, pay-5) -> the reference the API filters by. */
export function batchRefOf(input) {
  const s = String(input || '').trim()
  if (!s) return ''
  const m = /^(?:pay-)?\D*?(\d+)\D*$/.exec(s)
  return m ? `pay-${Number(m[1])}` : s
}

/* ---- the audit log ---- */

const byValue = (list) => Object.fromEntries(list.map((o) => [o.value, o.label]))

// The server's words (GET /meta `audit`); until they have come, actions read
// 其他操作 and details keep only what the row itself names.
let W = { actions: {}, verbs: {}, steps: {}, entities: {}, fields: [] }
let FIELDS = new Map() // 'key' and 'entity:key' -> {name, kind}

/** Takes the audit log's words from GET /meta (its `audit` object). */
export function adoptAuditWords(words) {
  if (!words || typeof words !== 'object') return
  W = { actions: {}, verbs: {}, steps: {}, entities: {}, fields: [], ...words }
  FIELDS = new Map()
  for (const f of W.fields || []) {
    const key = f.entity ? `${f.entity}:${f.key}` : f.key
    if (!FIELDS.has(key)) FIELDS.set(key, f)
  }
}
const field = (key, entity) => FIELDS.get(`${entity}:${key}`) || FIELDS.get(key)

/** The Chinese name of an audit row's action and its tag colour. */
export function auditAction(row) {
  const a = row.action
  if (a === 'step') {
    const ev = row.detail && typeof row.detail === 'object' ? row.detail.event : ''
    return { name: W.steps[ev] || '办理案件', type: 'primary' }
  }
  if (W.actions[a]) return { name: W.actions[a].name, type: W.actions[a].tag }
  if (W.verbs[a]) return { name: W.verbs[a].name + (W.entities[row.entity] || ''), type: W.verbs[a].tag }
  return { name: '其他操作', type: 'info' }
}

export const auditEntity = (e) => W.entities[e] || (e ? '其他' : '—')

/** What the audit page's filters offer: the objects {code: name}, and the action codes. */
export const auditEntities = () => W.entities
export const auditActionCodes = () => [...Object.keys(W.verbs), 'step', ...Object.keys(W.actions)]
/** The name of an action code alone (a filter's choice): 修改, 办理案件, 资金拨付 … */
export const auditActionName = (a) => (W.verbs[a] ? W.verbs[a].name : auditAction({ action: a }).name)

const STATE = byValue(STATES)
const CASE_KIND = byValue(KINDS)
const POSTING_KIND = byValue(POSTING_KINDS)
const SOURCE = byValue(SOURCES)
const CHANNEL = byValue(CHANNELS)
const OUTCOME = byValue(OUTCOMES)
const PAYER = { department: '组织部下拨', committee: '党(工)委自有资金' }
void PAYERS

const yesNo = (v) => (v ? '是' : '否')

// A field's kind (the server's table) -> its value in words (v, ctx).
const KIND_TEXT = {
  money: (v) => `${fenToYuan(Number(v))} 元`,
  yes_no: yesNo,
  role: (v) => ROLE_NAMES[v] || v,
  state: (v) => STATE[v] || v,
  kind: (v, c) => (c.entity === 'posting' ? POSTING_KIND[v] : CASE_KIND[v]) || POSTING_KIND[v] || v,
  payer: (v) => PAYER[v] || v,
  method: methodLabel,
  source: (v) => SOURCE[v] || v,
  channel: (v) => CHANNEL[v] || v,
  outcome: (v) => OUTCOME[v] || v,
  signed: signedLabel,
  rate: rateText,
  org: (v, c) => c.orgName(v),
  version: (v) => `第 ${v} 版`,
  via: (v) => (v === 'export' ? '导出' : v),
  fields: (v) => (Array.isArray(v) ? v.map((f) => (field(f, 'member') || {}).name || f).join('、') : v),
  list: (v) => (Array.isArray(v) ? v.join('、') : v),
}
// Shown elsewhere on the row or of no use to a reader: left out.
const SKIP = new Set(['event', 'from', 'member_id', 'estimated', 'reverses'])

const isHash = (v) => typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v)
const isChange = (v) => v && typeof v === 'object' && !Array.isArray(v) && (('from' in v && 'to' in v) || ('old' in v && 'new' in v))

function valueText(f, v, ctx) {
  const fmt = f && KIND_TEXT[f.kind]
  const one = (x) => (x === null || x === undefined || x === '' ? '（空）' : fmt ? String(fmt(x, ctx)) : typeof x === 'boolean' ? yesNo(x) : String(x))
  if (isChange(v)) return `${one('from' in v ? v.from : v.old)} → ${one('from' in v ? v.to : v.new)}`
  if (Array.isArray(v) && !fmt) return v.map(one).join('、')
  return one(v)
}

/**
 * The detail object of an audit row as lines for a reader:
 * { lines: [{label, text}], check: [{label, text}] } — check holds what only
 * an auditor checking the chain needs (hashes, ids, versions, unknown keys).
 * ctx.orgName(id) names an organisation.  The same lines as the audit
 * export's 详情 (core/register/audit_words.c).
 */
export function auditDetail(row, ctx = {}) {
  const c = { orgName: (id) => `组织（编号 ${id}）`, ...ctx, entity: row.entity }
  let d = row.detail
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d)
    } catch {
      return { lines: d ? [{ label: '说明', text: d }] : [], check: [] }
    }
  }
  const lines = []
  const check = []
  if (!d || typeof d !== 'object') return { lines, check }
  // a step: the state it moved the case from and to
  if (row.action === 'step' && d.state) lines.push({ label: '状态', text: `${STATE[d.from] || d.from || '（无）'} → ${STATE[d.state] || d.state}` })
  const changes = d.changes && typeof d.changes === 'object' ? d.changes : null
  for (const [k, v] of Object.entries(changes || {})) {
    const f = field(k, row.entity)
    if (f) lines.push({ label: f.name, text: valueText(f, v, c) })
    else check.push({ label: k, text: JSON.stringify(v) })
  }
  for (const [k, v] of Object.entries(d)) {
    if (k === 'changes' && changes) continue
    if (row.action === 'step' && k === 'state') continue
    if (SKIP.has(k) || v === '' || v === null || v === undefined) continue
    const f = field(k, row.entity)
    if (f && !isHash(v) && (typeof v !== 'object' || isChange(v) || Array.isArray(v))) lines.push({ label: f.name, text: valueText(f, v, c) })
    else check.push({ label: k, text: typeof v === 'object' ? JSON.stringify(v) : String(v) })
  }
  return { lines, check }
}

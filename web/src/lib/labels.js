// labels.js - the one place where codes the server answers become the words
// a user reads: batch references (pay-5 -> 拨付第 5 批), the roles, and the
// audit log (action codes -> 登录 / 修改党员 / 审批案件 …, the detail object ->
// lines 「字段：旧值 → 新值」 with Chinese field names).  Whatever has no
// Chinese name (ids of the chain, versions, unknown keys, hashes) goes to the
// 校验信息 part, which the audit page keeps folded.  The procedure's and the
// fund's own words come from caseText.js and fundText.js.
import { CHANNELS, EVENTS, KINDS, OUTCOMES, STATES } from '../caseText.js'
import { POSTING_KINDS, PAYERS, SOURCES, methodLabel } from '../components/fund/fundText.js'
import { fenToYuan } from './money.js'

export const ROLE_NAMES = {
  admin: '系统管理员',
  department: '组织部',
  committee: '党(工)委',
  branch: '党支部',
  auditor: '审计员',
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

const ENTITIES = {
  member: '党员',
  org: '组织',
  user: '用户',
  session: '会话',
  case: '帮扶案件',
  round: '年度帮扶',
  notice: '公示',
  objection: '异议',
  policy: '政策参数',
  calendar: '工作日历',
  fund: '帮扶基金',
  posting: '记账凭证',
  pay_batch: '拨付批次',
  payment: '发放记录',
  loan: '创业借款',
  recovery: '资金追回',
}

// [name, tag type]; generic verbs are joined with the entity (修改 + 党员).
const VERBS = { create: '新增', update: '修改', delete: '删除', import: '导入', export: '导出' }
const ACTIONS = {
  login: ['登录', 'success'],
  login_failed: ['登录失败', 'danger'],
  logout: ['退出登录', 'info'],
  reveal: ['查看完整信息', 'danger'],
  demo: ['生成演示数据', 'info'],
  disable: ['停用账号', 'danger'],
  enable: ['启用账号', 'success'],
  password_reset: ['重置密码', 'warning'],
  password_change: ['修改密码', 'warning'],
  session_end: ['结束登录会话', 'info'],
  session_end_others: ['结束其他登录会话', 'info'],
  round_open: ['开启年度帮扶', 'primary'],
  round_close: ['结束年度帮扶', 'info'],
  attach: ['上传附件', 'primary'],
  paperwork_done: ['补齐手续', 'success'],
  approve_batch: ['批量审批', 'warning'],
  notice_open: ['发布公示', 'primary'],
  notice_close: ['结束公示', 'info'],
  objection_add: ['登记异议', 'warning'],
  objection_handle: ['处理异议', 'warning'],
  policy_save: ['保存政策参数', 'warning'],
  calendar_set: ['设置工作日历', 'warning'],
  calendar_clear: ['清除日历修改', 'warning'],
  calendar_year: ['确认全年日历', 'warning'],
  calendar_load: ['导入全年日历', 'warning'],
  'fund.create': ['开立基金', 'primary'],
  'ledger.post': ['基金记账', 'primary'],
  'ledger.batch': ['批量记账', 'primary'],
  'loan.create': ['发放创业借款', 'danger'],
  'loan.repay': ['借款还款', 'success'],
  'pay.batch': ['资金拨付', 'danger'],
  'pay.gift': ['慰问金支出', 'danger'],
  'pay.receipt': ['签收登记', 'success'],
  'pay.receipt_scan': ['上传签收扫描件', 'primary'],
  'recovery.create': ['登记追回', 'warning'],
  'recovery.repay': ['追回还款', 'success'],
  'recovery.write_off': ['核销追回款', 'danger'],
}
// A case step reads as what was done to the case (审批案件, 审核案件 …).
const STEP_ACTIONS = {
  approve: '审批案件',
  review: '审核案件',
  submit: '上报案件',
  decide: '支委会研究案件',
  reject: '不予帮扶',
  return: '退回案件',
}

const TAG = { create: 'primary', update: 'warning', delete: 'danger', import: 'primary', export: 'warning', step: 'primary' }

/** The Chinese name of an audit row's action and its tag colour. */
export function auditAction(row) {
  const a = row.action
  if (a === 'step') {
    const ev = row.detail && typeof row.detail === 'object' ? row.detail.event : ''
    return { name: STEP_ACTIONS[ev] || (EVENTS[ev] ? `办理案件：${EVENTS[ev]}` : '办理案件'), type: 'primary' }
  }
  if (ACTIONS[a]) return { name: ACTIONS[a][0], type: ACTIONS[a][1] }
  if (VERBS[a]) return { name: VERBS[a] + (ENTITIES[row.entity] || ''), type: TAG[a] }
  return { name: '其他操作', type: 'info' }
}

export const auditEntity = (e) => ENTITIES[e] || (e ? '其他' : '—')

/** What the audit page's filters offer: the objects, and the action codes with their words. */
export const AUDIT_ENTITIES = ENTITIES
export const AUDIT_ACTIONS = [...Object.keys(VERBS), 'step', ...Object.keys(ACTIONS)]
/** The name of an action code alone (a filter's choice): 修改, 办理案件, 资金拨付 … */
export const auditActionName = (a) => (VERBS[a] ? VERBS[a] : auditAction({ action: a }).name)

const STATE = byValue(STATES)
const CASE_KIND = byValue(KINDS)
const POSTING_KIND = byValue(POSTING_KINDS)
const SOURCE = byValue(SOURCES)
const CHANNEL = byValue(CHANNELS)
const OUTCOME = byValue(OUTCOMES)
const PAYER = { department: '组织部下拨', committee: '党(工)委自有资金' }
void PAYERS

const yuan = (v) => `${fenToYuan(Number(v))} 元`
const yesNo = (v) => (v ? '是' : '否')

// key -> [Chinese name, value in words (v, ctx) or null to show as it is]
const FIELDS = {
  member: ['党员'],
  name: ['名称'],
  display_name: ['姓名'],
  username: ['用户名'],
  role: ['角色', (v) => ROLE_NAMES[v] || v],
  org_id: ['组织', (v, c) => c.orgName(v)],
  org_code: ['组织编码'],
  org_name: ['组织'],
  code: ['编码'],
  kind: ['类型', (v, c) => (c.entity === 'posting' ? POSTING_KIND[v] : CASE_KIND[v]) || v],
  state: ['状态', (v) => STATE[v] || v],
  reason: ['理由'],
  note: ['备注'],
  year: ['年度'],
  title: ['标题'],
  opened_on: ['开启日期'],
  due_on: ['办理期限'],
  starts_on: ['公示开始'],
  ends_on: ['公示结束'],
  effective_from: ['生效日期'],
  count: ['件数'],
  cases: ['档案号', (v) => (Array.isArray(v) ? v.join('、') : v)],
  case_id: ['档案号'],
  notice_id: ['公示编号'],
  members: ['党员人数'],
  amount: ['金额', yuan],
  amount_fen: ['金额', yuan],
  total: ['合计金额', yuan],
  principal: ['借款本金', yuan],
  interest: ['利息', yuan],
  approved_fen: ['批准金额', yuan],
  proposed_fen: ['拟定金额', yuan],
  payer: ['资金来源', (v) => PAYER[v] || v],
  method: ['收付方式', methodLabel],
  source: ['收入来源', (v) => SOURCE[v] || v],
  value_date: ['日期'],
  date: ['日期'],
  day: ['日期'],
  months: ['期数（月）'],
  channel: ['异议方式', (v) => CHANNEL[v] || v],
  outcome: ['处理结果', (v) => OUTCOME[v] || v],
  must_change_password: ['须修改密码', yesNo],
  special_approval: ['特批', yesNo],
  pay_first: ['先发后补', yesNo],
  policy_version: ['政策版本', (v) => `第 ${v} 版`],
  fields: ['涉及信息', (v) => (Array.isArray(v) ? v.map((f) => FIELD_NAMES[f] || f).join('、') : v)],
  via: ['方式', (v) => (v === 'export' ? '导出' : v)],
  sessions_ended: ['结束的会话数'],
}
const FIELD_NAMES = { id_number: '身份证号码', phone: '联系电话', address: '家庭住址', name: '姓名', display_name: '姓名', role: '角色', org_id: '所属组织' }
// Shown elsewhere on the row or of no use to a reader: left out.
const SKIP = new Set(['event', 'from', 'member_id', 'estimated', 'reverses'])

const isHash = (v) => typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v)
const isChange = (v) => v && typeof v === 'object' && !Array.isArray(v) && (('from' in v && 'to' in v) || ('old' in v && 'new' in v))

function valueText(key, v, ctx) {
  const f = FIELDS[key]
  const one = (x) => (x === null || x === undefined || x === '' ? '（空）' : f && f[1] ? String(f[1](x, ctx)) : typeof x === 'boolean' ? yesNo(x) : String(x))
  if (isChange(v)) return `${one('from' in v ? v.from : v.old)} → ${one('from' in v ? v.to : v.new)}`
  if (Array.isArray(v) && !(f && f[1])) return v.map(one).join('、')
  return one(v)
}

/**
 * The detail object of an audit row as lines for a reader:
 * { lines: [{label, text}], check: [{label, text}] } — check holds what only
 * an auditor checking the chain needs (hashes, ids, versions, unknown keys).
 * ctx.orgName(id) names an organisation.
 */
export function auditDetail(row, ctx = {}) {
  const c = { orgName: (id) => `组织 ${id}`, ...ctx, entity: row.entity }
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
  for (const [k, v] of Object.entries(changes || {})) lines.push({ label: (FIELDS[k] && FIELDS[k][0]) || FIELD_NAMES[k] || k, text: valueText(k, v, c) })
  for (const [k, v] of Object.entries(d)) {
    if (k === 'changes' && changes) continue
    if (row.action === 'step' && k === 'state') continue
    if (SKIP.has(k) || v === '' || v === null || v === undefined) continue
    if (FIELDS[k] && !isHash(v) && (typeof v !== 'object' || isChange(v) || Array.isArray(v))) lines.push({ label: FIELDS[k][0], text: valueText(k, v, c) })
    else check.push({ label: k, text: typeof v === 'object' ? JSON.stringify(v) : String(v) })
  }
  return { lines, check }
}

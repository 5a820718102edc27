// policyModel.js - the policy document (docs/internals/policy.md) as the
// edit form holds it, and back.  People type yuan and percentages; the API
// takes integer fen and basis points, so the conversion happens here, once,
// exactly (lib/money.js works on the digits, never on a float).  Keys the form does not know (_comment,
// version, future fields) pass through untouched; optional hints left empty
// are dropped, so the server sees the document's own shape.
import { fenBrief, parseYuan } from '../../lib/money.js'

/** The calendar's day kinds (GET /calendar), for the calendar pages. */
export const DAY_KINDS = { holiday: '放假', workday: '调休上班', normal: '恢复为普通日' }

export const MONEY_FIELDS = [
  ['yearly_amount_fen', '生活困难帮扶标准', '每年一次，年底发放'],
  ['emergency_min_fen', '突发事故救助下限', '重大损失或突患重病'],
  ['emergency_max_fen', '突发事故救助上限', '重大损失或突患重病'],
  ['emergency_severe_max_fen', '严重伤残或死亡救助上限', '不低于救助上限'],
]

export const DAY_FIELDS = [
  ['notice_working_days', '公示期', '个工作日', 3, 30, '不少于 3 个工作日'],
  ['yearly_round_days', '年度帮扶办结时限', '天', 1, 366, '从启动到资金发放到位（自然日）'],
  ['emergency_level_days', '突发事故每级办理时限', '天', 1, 60, '支部、党(工)委、组织部各级（自然日）'],
  ['screening_working_days', '程序筛查时限', '个工作日', 0, 60, '审批后录入救助系统'],
]

export const HINTS = {
  conditions: [
    { key: 'income_line', label: '按收入计算', options: [{ value: '', label: '否' }, { value: 'poverty_line', label: '低于扶贫标准' }, { value: 'min_living', label: '低于低保线' }] },
    { key: 'tier', label: '建议档次', options: [{ value: '', label: '不提示' }, { value: 'severe', label: '特别困难' }, { value: 'moderate', label: '比较困难' }, { value: 'temporary', label: '暂时困难' }] },
  ],
  causes: [{ key: 'category', label: '倾向类别', options: [{ value: '', label: '不提示' }, { value: 'relief', label: '输血型' }, { value: 'capacity', label: '造血型' }] }],
}

export const SHARE_LEVELS = [
  { value: 'department', label: '组织部' },
  { value: 'committee', label: '党(工)委' },
  { value: 'general_branch', label: '党总支' },
  { value: 'branch', label: '党支部' },
]

const clone = (x) => JSON.parse(JSON.stringify(x))

function itemsIn(list, hintKeys) {
  return (list || []).map((it) => {
    const row = { ...it, description: it.description || '' }
    for (const k of hintKeys) row[k] = it[k] || ''
    return row
  })
}

function itemsOut(rows, hintKeys) {
  return rows.map((r) => {
    const it = { ...r }
    delete it._new
    it.code = String(it.code || '').trim()
    it.label = String(it.label || '').trim()
    if (it.description !== undefined) {
      it.description = String(it.description).trim()
      if (!it.description) delete it.description
    }
    for (const k of hintKeys) if (!it[k]) delete it[k]
    return it
  })
}

/** Fen -> the number an el-input-number holds (60000 -> 600; n / 100 is the decimal's nearest double). */
const toYuan = (fen) => (fen === null || fen === undefined ? null : Number(fen) / 100)

/**
 * Yuan from an input -> fen, exactly (lib/money.js); empty is null.  A value
 * that is not an amount throws an error shaped like the API's (field,
 * message) for the form to show at field.
 */
function toFen(v, field, label) {
  const r = parseYuan(v, { label })
  if (r.error) throw Object.assign(new Error(r.error), { status: 400, field, message: r.error })
  return r.fen
}

/** Document (as GET answers it) -> the form's model. */
export function toModel(doc) {
  const m = clone(doc)
  for (const [f] of MONEY_FIELDS) m[f] = toYuan(doc[f])
  m.lines = (doc.lines || []).map((l) => ({ year: l.year, poverty_line: toYuan(l.poverty_line_fen), min_living: toYuan(l.min_living_fen) }))
  m.conditions = itemsIn(doc.conditions, ['income_line', 'tier'])
  m.exclusions = itemsIn(doc.exclusions, [])
  m.causes = itemsIn(doc.causes, ['category'])
  m.tiers = itemsIn(doc.tiers, [])
  m.categories = itemsIn(doc.categories, [])
  m.cost_sharing = (doc.cost_sharing || []).map((c) => ({ ...c, percent: c.share_bp / 100 }))
  m.care = { ...(doc.care || {}) }
  m.classify = { ...(doc.classify || {}) }
  m.advance_allowed = Boolean(doc.advance_allowed)
  return m
}

/** The form's model -> the document to POST. */
export function toDocument(m) {
  const d = clone(m)
  for (const [f, label] of MONEY_FIELDS) d[f] = toFen(m[f], f, label)
  d.lines = m.lines.map((l, i) => ({
    year: l.year,
    poverty_line_fen: toFen(l.poverty_line, `lines[${i}].poverty_line_fen`, `${l.year} 年扶贫标准`),
    min_living_fen: toFen(l.min_living, `lines[${i}].min_living_fen`, `${l.year} 年低保线`),
  }))
  d.conditions = itemsOut(m.conditions, ['income_line', 'tier'])
  d.exclusions = itemsOut(m.exclusions, [])
  d.causes = itemsOut(m.causes, ['category'])
  d.tiers = itemsOut(m.tiers, [])
  d.categories = itemsOut(m.categories, [])
  d.cost_sharing = m.cost_sharing.map((c) => ({ level: c.level, label: String(c.label || '').trim(), share_bp: Math.round(Number(c.percent) * 100) }))
  if (d.source !== undefined) d.source = String(d.source).trim()
  return d
}

const CARE_LABELS = {
  household_type: '农村户口类别',
  min_age: '关爱型年龄',
  regular_subsidy_min_age: '定期生活补助年龄',
  regular_subsidy_min_party_years: '定期生活补助党龄',
  regular_subsidy_requires_no_fixed_income: '定期生活补助要求无固定收入',
}
const CLASSIFY_LABELS = { old_age: '因老致困年龄', severe_income_percent: '特别困难收入比例（%）' }
const LISTS = [
  ['conditions', '困难条件'],
  ['exclusions', '排除情形'],
  ['causes', '致困原因'],
  ['tiers', '困难档次'],
  ['categories', '帮扶类别'],
]

const show = (v) => (v === true ? '是' : v === false ? '否' : v === undefined || v === null || v === '' ? '（空）' : String(v))
const money = (fen) => (fen === undefined || fen === null ? '（空）' : `${fenBrief(fen)} 元`)

/**
 * What changed from document a (the earlier version) to b, in sentences a
 * reviewer reads: 「生活困难帮扶标准：600 元 → 800 元」.  Empty when nothing did.
 */
export function diffPolicies(a, b) {
  const out = []
  for (const [f, label] of MONEY_FIELDS) if (a[f] !== b[f]) out.push(`${label}：${money(a[f])} → ${money(b[f])}`)
  for (const [f, label, unit] of DAY_FIELDS) if (a[f] !== b[f]) out.push(`${label}：${show(a[f])} → ${show(b[f])} ${unit}`)
  const la = new Map((a.lines || []).map((l) => [l.year, l]))
  const lb = new Map((b.lines || []).map((l) => [l.year, l]))
  for (const [y, l] of lb) {
    const o = la.get(y)
    if (!o) out.push(`新增 ${y} 年标准：扶贫标准 ${money(l.poverty_line_fen)}，低保线 ${money(l.min_living_fen)}`)
    else {
      if (o.poverty_line_fen !== l.poverty_line_fen) out.push(`${y} 年扶贫标准：${money(o.poverty_line_fen)} → ${money(l.poverty_line_fen)}`)
      if (o.min_living_fen !== l.min_living_fen) out.push(`${y} 年低保线：${money(o.min_living_fen)} → ${money(l.min_living_fen)}`)
    }
  }
  for (const y of la.keys()) if (!lb.has(y)) out.push(`删除 ${y} 年标准`)
  for (const [f, title] of LISTS) {
    const ia = new Map((a[f] || []).map((x) => [x.code, x]))
    const ib = new Map((b[f] || []).map((x) => [x.code, x]))
    for (const [code, x] of ib) {
      const o = ia.get(code)
      if (!o) out.push(`${title}新增“${x.label}”`)
      else if (JSON.stringify(o) !== JSON.stringify(x)) out.push(o.label !== x.label ? `${title}“${o.label}”改为“${x.label}”` : `${title}“${x.label}”的说明或提示有修改`)
    }
    for (const [code, x] of ia) if (!ib.has(code)) out.push(`${title}删除“${x.label}”`)
  }
  for (const [k, label] of Object.entries(CARE_LABELS)) {
    const va = (a.care || {})[k]
    const vb = (b.care || {})[k]
    if (va !== vb) out.push(`${label}：${show(va)} → ${show(vb)}`)
  }
  for (const [k, label] of Object.entries(CLASSIFY_LABELS)) {
    const va = (a.classify || {})[k]
    const vb = (b.classify || {})[k]
    if (va !== vb) out.push(`${label}：${show(va)} → ${show(vb)}`)
  }
  const share = (d) => (d.cost_sharing || []).map((c) => `${c.label} ${c.share_bp / 100}%`).join('、')
  if (share(a) !== share(b)) out.push(`资金分担：${share(a) || '（无）'} → ${share(b) || '（无）'}`)
  if (Boolean(a.advance_allowed) !== Boolean(b.advance_allowed)) out.push(`基金余额不足时允许上级垫付：${show(Boolean(a.advance_allowed))} → ${show(Boolean(b.advance_allowed))}`)
  if ((a.source || '') !== (b.source || '')) out.push('政策依据有修改')
  return out
}

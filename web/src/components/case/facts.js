// facts.js - the application's facts (POST /cases, PATCH /cases/{id}) as the
// case form and the case page's 修改申请信息 dialog hold them: amounts typed
// in yuan, sent in fen; an empty income is "unknown" (null); household size
// empty or 0 takes the register's; 申请日期 empty is today (the server's).  The override is sent only when the
// worker set something against the computed result, with its reason.
import { fenToInput, parseYuan } from '../../lib/money.js'

export const FACT_FIELDS = [
  'causes', 'conditions', 'exclusions', 'situation', 'loss_type', 'income_fen',
  'household_size', 'labour_capacity', 'fixed_income', 'requested_fen', 'override',
  'applied_on',
]

export function blankFacts() {
  return {
    causes: [],
    conditions: [],
    exclusions: [],
    situation: '',
    loss_type: '',
    income_yuan: '',
    household_size: null,
    labour_capacity: false,
    fixed_income: false,
    requested_yuan: '',
    override_on: false,
    override: { category: '', tier: '', eligible: '', reason: '' },
    applied_on: '',
  }
}

/** A case as answered -> the form (for 修改申请信息). */
export function factsFromCase(c) {
  const f = blankFacts()
  f.causes = (c.causes || []).map((x) => x.code)
  f.conditions = (c.conditions || []).map((x) => x.code)
  f.exclusions = (c.exclusions || []).map((x) => x.code)
  f.situation = c.situation || ''
  f.loss_type = c.loss_type || ''
  f.income_yuan = c.income_fen === null || c.income_fen === undefined ? '' : fenToInput(c.income_fen)
  f.household_size = c.household_size || null
  f.labour_capacity = !!c.labour_capacity
  f.fixed_income = !!c.fixed_income
  f.requested_yuan = c.requested_fen ? fenToInput(c.requested_fen) : ''
  f.applied_on = c.applied_on || ''
  return f
}

/**
 * The form -> the JSON facts.  Returns {body} or {field, message} when an
 * amount is not a number (said at the field before anything is sent).
 */
export function factsBody(f, { kind } = {}) {
  const { fen: income, error: incomeError } = parseYuan(f.income_yuan, { label: '家庭年收入' })
  if (incomeError) return { field: 'income_fen', message: incomeError }
  const { fen: requested, error: requestedError } = parseYuan(f.requested_yuan, { label: '申请金额' })
  if (requestedError) return { field: 'requested_fen', message: requestedError }
  const body = {
    causes: f.causes,
    conditions: f.conditions,
    exclusions: f.exclusions,
    situation: f.situation.trim(),
    income_fen: income,
    household_size: f.household_size || 0,
    labour_capacity: !!f.labour_capacity,
    fixed_income: !!f.fixed_income,
    requested_fen: requested || 0,
  }
  if (kind === 'emergency' && f.loss_type) body.loss_type = f.loss_type
  if (f.applied_on) body.applied_on = f.applied_on
  if (f.override_on) {
    const o = f.override
    const ov = { reason: o.reason.trim() }
    if (o.category) ov.category = o.category
    if (o.tier) ov.tier = o.tier
    if (o.eligible === 'yes' || o.eligible === 'no') ov.eligible = o.eligible === 'yes'
    body.override = ov
  }
  return { body }
}

/**
 * The classification's refusals of an override name its own fields
 * (`reason`, `category`, `tier`, `eligible`) without the `override.` the
 * JSON parser adds: point them at the override block of the form.
 */
export function overrideErrorField(e) {
  if (e && e.field && ['reason', 'category', 'tier', 'eligible'].includes(e.field)) e.field = 'override.' + e.field
  return e
}

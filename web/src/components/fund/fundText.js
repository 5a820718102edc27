// fundText.js - the Chinese words of the assistance fund (issue #4) shared by
// the fund, payment, loan, recovery and statement pages: income sources,
// posting kinds, payment methods, receipt signing, loan and recovery status,
// plus the fund balances a batch preview would leave.  They
// mirror docs/API.md "The fund (issue #4)"; the server's own names
// (account_name, org_name …) are shown wherever a record carries them.

/** Income sources (POST /funds/{id}/income "source"), §7. */
export const SOURCES = [
  { value: 'dues', label: '党费' },
  { value: 'finance', label: '财政拨款' },
  { value: 'admin', label: '行政经费' },
  { value: 'member_donation', label: '党员捐款' },
  { value: 'social_donation', label: '社会捐助' },
  { value: 'upper_allocation', label: '上级拨款' },
]
/** Sources that must name the donor. */
export const DONATIONS = new Set(['member_donation', 'social_donation'])

/** Posting kinds, in the order the filter offers them. */
export const POSTING_KINDS = [
  { value: 'income', label: '收入' },
  { value: 'payment', label: '帮扶发放' },
  { value: 'gift', label: '慰问支出' },
  { value: 'allocation_out', label: '下拨' },
  { value: 'allocation_in', label: '上级下拨' },
  { value: 'loan', label: '借款发放' },
  { value: 'loan_repayment', label: '借款还款' },
  { value: 'recovery', label: '追回认定' },
  { value: 'recovery_repayment', label: '追回还款' },
  { value: 'write_off', label: '核销' },
  { value: 'advance_settle', label: '垫付结算' },
  { value: 'transfer', label: '转账' },
  { value: 'reversal', label: '冲正' },
  { value: 'adjustment', label: '调整' },
]
const KIND_LABELS = Object.fromEntries(POSTING_KINDS.map((k) => [k.value, k.label]))
export const postingKindLabel = (k) => KIND_LABELS[k] || k || ''

/** The chart of accounts (names as the server answers them, for the filter before a fund is read). */
export const ACCOUNT_KINDS = { asset: '资产', income: '收入', expense: '支出', receivable: '应收', current: '往来' }

export const METHODS = [
  { value: 'bank', label: '银行转账' },
  { value: 'cash', label: '现金' },
]
export const methodLabel = (m) => (m === 'cash' ? '现金' : m === 'bank' ? '银行转账' : m || '')

export const SIGNED_BY = [
  { value: 'signature', label: '本人签字' },
  { value: 'thumbprint', label: '按手印' },
]
export const signedLabel = (s) => (s === 'signature' ? '本人签字' : s === 'thumbprint' ? '按手印' : s || '')

export const PAYERS = [
  { value: 'department', label: '组织部下拨（按比例分担）' },
  { value: 'committee', label: '党(工)委自有资金' },
]

/** Cost-sharing levels (policy cost_sharing[].level are org kinds). */
const LEVELS = { department: '组织部', committee: '党(工)委', general_branch: '党总支', branch: '党支部' }
export const levelLabel = (l) => LEVELS[l] || l || ''

export const LOAN_STATUS = { active: '还款中', repaid: '已还清' }
export const RECOVERY_STATUS = { open: '追回中', settled: '已追回', written_off: '已核销' }

/** 1500 bp -> "15.00%"; 0 -> "免息". */
export function rateText(bp) {
  if (!bp) return '免息'
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`
}

/** "1.5" (%) -> 150 bp; '' -> 0; NaN for anything else. */
export function percentToBp(text) {
  const s = String(text ?? '').replace(/[%\s]/g, '')
  if (s === '') return 0
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return NaN
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0') || 0)
}

/**
 * What each fund holds after a batch preview: now, money in (allocations
 * received), money out (allocations sent, shares paid), after.  funds are
 * GET /funds items; an organisation without a fund yet starts at 0.
 */
export function balancesAfter(preview, funds) {
  const rows = new Map()
  const row = (orgId, name) => {
    if (!rows.has(orgId)) {
      const f = (funds || []).find((x) => x.org_id === orgId)
      rows.set(orgId, { org_id: orgId, org_name: f ? f.org_name : name, fund_id: f ? f.id : null, now_fen: f ? f.balance_fen : 0, in_fen: 0, out_fen: 0 })
    }
    return rows.get(orgId)
  }
  for (const a of preview.allocations || []) {
    row(a.from_org_id, a.from_org_name).out_fen += a.amount_fen
    row(a.to_org_id, a.to_org_name).in_fen += a.amount_fen
  }
  for (const l of preview.lines || []) {
    if (l.already_paid) continue
    for (const s of l.shares || []) row(s.org_id, s.org_name).out_fen += s.amount_fen
  }
  return [...rows.values()].map((r) => ({ ...r, after_fen: r.now_fen + r.in_fen - r.out_fen }))
}

/* The statement's documents: the public fund notice (PDF) and the period's
 * postings (XLSX).  One place for their paths, used by the fund and the
 * statement pages. */
export function statementDocUrl(kind, { org, from, to } = {}) {
  const q = new URLSearchParams()
  if (org) q.set('org', org)
  if (from) q.set('from', from)
  if (to) q.set('to', to)
  return `/api/v1/statements/${kind === 'pdf' ? 'document' : 'postings'}?${q}`
}

/** A share's fen: batches answer amount_fen; a payment's stored shares
 * (shares_json) carry amount — read either. */
export const shareFen = (s) => (s.amount_fen ?? s.amount ?? 0)

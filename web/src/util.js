// util.js - small pure helpers the pages share: the org tree built from the
// flat list, meta choices as {value,label}, ID-number hints and date display.

/** Flat orgs (parents first) -> nested nodes {…org, children}. */
export function buildOrgTree(orgs) {
  const byId = new Map()
  const roots = []
  for (const o of orgs || []) byId.set(o.id, { ...o, children: [] })
  for (const node of byId.values()) {
    const parent = node.parent_id != null ? byId.get(node.parent_id) : null
    if (parent) parent.children.push(node)
    else roots.push(node) // the department, or the top of the caller's subtree
  }
  return roots
}

/** Org kinds from top to bottom: a child must be lower than its parent. */
export const ORG_RANK = { department: 0, committee: 1, general_branch: 2, branch: 3 }

/** Meta lists may hold strings or objects: make them {value, label}. */
export function toOptions(list, valueKey, labelKey) {
  return (list || []).map((x) => {
    if (typeof x !== 'object' || x === null) return { value: x, label: String(x) }
    const value = valueKey ? x[valueKey] : x.value ?? x.code ?? x.name
    const label = labelKey ? x[labelKey] : x.label ?? x.name ?? String(value)
    return { ...x, value, label }
  })
}

/** Birth date and gender an 18-character ID number implies ('' if it cannot). */
export function idNumberHints(id) {
  const s = String(id || '').trim()
  if (!/^\d{17}[\dXx]$/.test(s)) return { birth_date: '', gender: '' }
  const y = s.slice(6, 10)
  const m = s.slice(10, 12)
  const d = s.slice(12, 14)
  const date = new Date(Number(y), Number(m) - 1, Number(d))
  if (date.getFullYear() !== Number(y) || date.getMonth() !== Number(m) - 1 || date.getDate() !== Number(d)) {
    return { birth_date: '', gender: '' } // no such day: let the server say what is wrong
  }
  return {
    birth_date: `${y}-${m}-${d}`,
    gender: Number(s[16]) % 2 === 1 ? '男' : '女',
  }
}

const pad = (n) => String(n).padStart(2, '0')

/** Unix seconds or an ISO 8601 string -> "2026-11-22 10:00:00" (local time). */
export function formatTime(v) {
  if (v === null || v === undefined || v === '') return ''
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(v)
  if (Number.isNaN(d.getTime())) return String(v)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** "1950-03-07" -> "1950年03月" (出生年月 as the forms print it). */
export function formatYearMonth(date) {
  const m = /^(\d{4})-(\d{2})/.exec(date || '')
  return m ? `${m[1]}年${m[2]}月` : ''
}

/** Shows '—' for empty values in read-only views. */
export function orDash(v) {
  return v === null || v === undefined || v === '' ? '—' : v
}

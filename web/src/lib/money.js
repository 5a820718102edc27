// lib/money.js - money in the console: the API speaks integer fen, people
// type and read yuan.  Every conversion is done on the digits as text, never
// through floating point (Math.round(Number('1.005') * 100) is 100, and
// 0.29 * 100 is 28.999…), so what is typed is exactly what is sent.

/** The largest amount a form accepts: 999,999,999.99 元. */
export const MAX_FEN = 99999999999

const FULL_WIDTH = /[０-９．]/g

/** Full-width digits and point (a Chinese input method's) -> ASCII. */
function halfWidth(s) {
  return s.replace(FULL_WIDTH, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
}

/**
 * Yuan as typed -> { fen, error }.  Thousands separators (, ，), spaces
 * and a trailing 元 are ignored; full-width digits are read as digits.
 * Empty text is { fen: null }.  error is a Chinese sentence naming label
 * when the text is not an amount: more than two decimals, a sign where
 * none is allowed (signed: false), or more than MAX_FEN.
 */
export function parseYuan(text, { label = '金额', signed = false } = {}) {
  let s = halfWidth(String(text ?? '')).replace(/[,，\s元]/g, '')
  if (s === '') return { fen: null, error: null }
  let negative = false
  if (/^[+-]/.test(s)) {
    if (!signed) return { fen: null, error: `${label}不能带正负号` }
    negative = s[0] === '-'
    s = s.slice(1)
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (m[1] === '' && !m[2])) return { fen: null, error: `${label}应为金额（元），如 1200 或 1,200.50` }
  const cents = m[2] || ''
  if (cents.length > 2) return { fen: null, error: `${label}最多两位小数（精确到分）` }
  const digits = ((m[1] || '0') + cents.padEnd(2, '0')).replace(/^0+(?=\d)/, '')
  if (digits.length > String(MAX_FEN).length || Number(digits) > MAX_FEN) {
    return { fen: null, error: `${label}过大，最多 ${fenToYuan(MAX_FEN)} 元` }
  }
  const fen = Number(digits) // at most 11 digits: exact in a double
  return { fen: negative && fen ? -fen : fen, error: null }
}

/**
 * "600" / "600.5" / "1,200.00" -> fen (integer), '' -> null; NaN for
 * anything parseYuan refuses (the forms say so before sending).
 */
export function yuanToFen(text, opts) {
  const r = parseYuan(text, opts)
  return r.error ? NaN : r.fen
}

function parts(fen) {
  if (fen === null || fen === undefined || fen === '') return null
  const n = Math.trunc(Number(fen))
  if (!Number.isFinite(n)) return null
  const a = Math.abs(n)
  const whole = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return { sign: n < 0 ? '-' : '', whole, cents: String(a % 100).padStart(2, '0') }
}

/** 123450 fen -> "1,234.50"; null/undefined -> ''. */
export function fenToYuan(fen) {
  const p = parts(fen)
  return p ? `${p.sign}${p.whole}.${p.cents}` : ''
}

/** "1,234.50 元" for read-only views; '—' for none. */
export function yuanText(fen) {
  const s = fenToYuan(fen)
  return s === '' ? '—' : `${s} 元`
}

/** The short form of notices and policies: 60000 -> "600", 60050 -> "600.50"; '—' for none. */
export function fenBrief(fen) {
  const p = parts(fen)
  if (!p) return '—'
  return `${p.sign}${p.whole}${p.cents === '00' ? '' : '.' + p.cents}`
}

/** Fen -> the text an input starts with: 123450 -> "1234.50", null -> ''. */
export function fenToInput(fen) {
  return fenToYuan(fen).replace(/,/g, '')
}

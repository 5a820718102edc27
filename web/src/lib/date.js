// lib/date.js - calendar days in the console.  "Today" is the server's
// (GET /meta answers `today`, BANGFU_TODAY in tests), not the browser's
// clock: a machine whose clock is wrong must not default a form to another
// day than the one the server will check against.  Until /meta has been
// read (the router reads it after login) the browser's day stands in.
// Days are "YYYY-MM-DD" strings throughout; they compare as text.

const pad = (n) => String(n).padStart(2, '0')

/** A Date -> "YYYY-MM-DD" in the browser's time zone (a date picker's day). */
export function isoDay(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

const DAY_MS = 86400000
const toUtc = (iso) => {
  const [y, m, d] = String(iso).split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}
const fromUtc = (ms) => new Date(ms).toISOString().slice(0, 10)

/** Whole days from a to b (YYYY-MM-DD); positive when b is later. */
export function daysBetween(a, b) {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS)
}

/** "2024-02-10" plus n days. */
export function addDays(iso, n) {
  return fromUtc(toUtc(iso) + n * DAY_MS)
}

// The server's day and the browser's day when it was learnt: today() moves
// on with the browser's calendar from there (a console left open overnight).
let server = null
let learntOn = null

/** Remembers the server's today (from GET /meta); '' or null forgets it. */
export function adoptServerToday(iso, now = new Date()) {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(iso || '')
  server = ok ? iso : null
  learntOn = ok ? isoDay(now) : null
}

/** Today as "YYYY-MM-DD": the server's day, else the browser's. */
export function today(now = new Date()) {
  const local = isoDay(now)
  return server ? addDays(server, daysBetween(learntOn, local)) : local
}

/** This year (the server's). */
export function thisYear(now) {
  return Number(today(now).slice(0, 4))
}

/** "2026年12月7日" (the home page's greeting line). */
export function todayText(now) {
  const [y, m, d] = today(now).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** For a date picker's disabled-date: is the picker's Date after today? */
export function afterToday(d) {
  return isoDay(d) > today()
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** "2024-02-10" -> "周六". */
export function weekday(date) {
  return WEEKDAYS[new Date(toUtc(date)).getUTCDay()]
}

/** Saturday or Sunday. */
export function isWeekend(date) {
  const w = weekday(date)
  return w === '周六' || w === '周日'
}

/** "YYYY-MM-DD" -> a Date at that day's local midnight (for a date picker). */
export function dateOf(iso) {
  const [y, m, d] = String(iso).split('-').map(Number)
  return new Date(y, m - 1, d)
}

/** 已逾期 N 天 (the server's today), for a deadline that has passed. */
export function overdueText(due) {
  const n = daysBetween(due, today())
  return n > 0 ? `已逾期 ${n} 天` : '已逾期'
}

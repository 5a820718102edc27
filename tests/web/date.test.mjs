// date.test.mjs - web/src/lib/date.js: "today" is the server's day (GET
// /meta), moving on with the browser's calendar, never the browser's own
// clock once the server has said.
import { test, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import { addDays, adoptServerToday, afterToday, daysBetween, isoDay, isWeekend, overdueText, thisYear, today, todayText, weekday } from '../../web/src/lib/date.js'

const at = (y, m, d, h = 12) => new Date(y, m - 1, d, h)

beforeEach(() => adoptServerToday(null))

test('without the server day, today is the browser day', () => {
  assert.equal(today(at(2026, 12, 7)), '2026-12-07')
  assert.equal(thisYear(at(2026, 12, 7)), 2026)
})

test("the server's day wins over a wrong browser clock", () => {
  adoptServerToday('2025-12-10', at(2031, 3, 1))
  assert.equal(today(at(2031, 3, 1)), '2025-12-10')
  assert.equal(thisYear(at(2031, 3, 1)), 2025)
  assert.equal(todayText(at(2031, 3, 1)), '2025年12月10日')
})

test('the server day moves on with the calendar (a console open overnight)', () => {
  adoptServerToday('2025-12-31', at(2026, 1, 5, 23))
  assert.equal(today(at(2026, 1, 6, 0)), '2026-01-01')
  assert.equal(today(at(2026, 3, 1)), '2026-02-24')
  assert.equal(thisYear(at(2026, 1, 6)), 2026)
})

test('something that is not a day is not adopted', () => {
  adoptServerToday('soon', at(2031, 3, 1))
  assert.equal(today(at(2031, 3, 1)), '2031-03-01')
})

test('afterToday compares with the server day', () => {
  adoptServerToday('2025-12-10')
  assert.equal(afterToday(at(2025, 12, 10, 0)), false)
  assert.equal(afterToday(at(2025, 12, 11, 0)), true)
})

test('day arithmetic', () => {
  assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2)
  assert.equal(daysBetween('2025-03-01', '2025-02-28'), -1)
  assert.equal(addDays('2024-12-31', 1), '2025-01-01')
  assert.equal(isoDay(at(2024, 2, 9, 0)), '2024-02-09')
  assert.equal(weekday('2024-02-10'), '周六')
  assert.equal(isWeekend('2024-02-10'), true)
  assert.equal(isWeekend('2024-02-12'), false)
})

test('overdueText counts the days past a deadline from the server day', () => {
  adoptServerToday('2025-12-10')
  assert.equal(overdueText('2025-12-01'), '已逾期 9 天')
  assert.equal(overdueText('2025-12-10'), '已逾期')
})

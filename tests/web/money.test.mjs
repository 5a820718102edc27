// money.test.mjs - web/src/lib/money.js: yuan text -> fen exactly, and back.
// The old conversion (Math.round(Number(v) * 100)) fails the 1.005 and the
// over-precise cases below; the old caseText parser refused full-width digits.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_FEN, fenBrief, fenToInput, fenToYuan, parseYuan, yuanText, yuanToFen } from '../../web/src/lib/money.js'

test('yuan text converts to fen exactly', () => {
  const cases = [
    ['0.1', 10], ['0.29', 29], ['0.57', 57], ['1.15', 115], ['4.35', 435], ['1234.56', 123456],
    ['1,234.5', 123450], ['2,000.5', 200050], ['1，200', 120000], ['1 200', 120000], [' 600 元', 60000], ['600.', 60000],
    ['.5', 50], ['0', 0], ['007.10', 710], ['999999999.99', MAX_FEN], ['１２', 1200], ['１２．３４', 1234],
    [19.99, 1999], [0.29, 29],
  ]
  for (const [text, fen] of cases) assert.equal(yuanToFen(text), fen, `${JSON.stringify(text)} -> ${fen}`)
})

test('empty is null, not zero', () => {
  for (const v of ['', '  ', null, undefined, '元']) assert.equal(yuanToFen(v), null)
})

test('more than two decimals is refused, not rounded', () => {
  for (const t of ['1.005', '0.001', '1234.567', '0.295']) {
    const r = parseYuan(t, { label: '申请金额' })
    assert.equal(r.fen, null, t)
    assert.equal(r.error, '申请金额最多两位小数（精确到分）')
    assert.ok(Number.isNaN(yuanToFen(t)))
  }
})

test('signs are refused unless allowed', () => {
  assert.equal(parseYuan('-5').error, '金额不能带正负号')
  assert.equal(parseYuan('+5', { label: '本金' }).error, '本金不能带正负号')
  assert.equal(yuanToFen('-12.30', { signed: true }), -1230)
  assert.equal(yuanToFen('+12.30', { signed: true }), 1230)
  assert.equal(yuanToFen('-0', { signed: true }), 0)
})

test('over-large and non-amounts are refused with a Chinese message', () => {
  assert.equal(parseYuan('1000000000').error, '金额过大，最多 999,999,999.99 元')
  assert.equal(parseYuan('99999999999999999999.5').error, '金额过大，最多 999,999,999.99 元')
  for (const t of ['abc', '1e5', '1.2.3', '.', '12a', '0x10', 'Infinity', '--1', '1-']) {
    assert.match(parseYuan(t, { signed: true }).error || '', /应为金额|正负号/, t)
    assert.ok(Number.isNaN(yuanToFen(t)), t)
  }
})

test('fen formats with thousands separators, exactly', () => {
  assert.equal(fenToYuan(123456789), '1,234,567.89')
  assert.equal(fenToYuan(60000), '600.00')
  assert.equal(fenToYuan(5), '0.05')
  assert.equal(fenToYuan(-200050), '-2,000.50')
  assert.equal(fenToYuan(MAX_FEN), '999,999,999.99')
  assert.equal(fenToYuan(null), '')
  assert.equal(fenToYuan(undefined), '')
  assert.equal(yuanText(60000), '600.00 元')
  assert.equal(yuanText(null), '—')
  assert.equal(fenBrief(60000), '600')
  assert.equal(fenBrief(123450), '1,234.50')
  assert.equal(fenBrief(-5), '-0.05')
  assert.equal(fenBrief(null), '—')
  assert.equal(fenToInput(123450), '1234.50')
  assert.equal(fenToInput(null), '')
})

test('every fen survives the round trip through text', () => {
  for (let fen = 0; fen < 100000; fen += 7) {
    assert.equal(yuanToFen(fenToYuan(fen)), fen)
    assert.equal(yuanToFen(fenToInput(fen)), fen)
    assert.equal(yuanToFen(String(fen / 100)), fen) // what an el-input-number holds
  }
  for (const fen of [100000, 123456789, 98765432101, MAX_FEN]) {
    assert.equal(yuanToFen(fenToYuan(fen)), fen, fenToYuan(fen))
    assert.equal(yuanToFen(String(fen / 100)), fen)
  }
})

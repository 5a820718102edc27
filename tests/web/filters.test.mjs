// filters.test.mjs - web/src/lib/filters.js: the count FilterPanel shows on a phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { activeFilters } from '../../web/src/lib/filters.js'

test('empty fields are not filters', () => {
  assert.equal(activeFilters({ q: '', org: null, year: undefined, own: false, ids: [] }), 0)
})

test('each field with a value counts once', () => {
  assert.equal(activeFilters({ q: '张', org: 3, own: true, status: '', ids: [1] }), 4)
  assert.equal(activeFilters({ year: 0 }), 1, 'zero is a value')
})

test('the idle value of a field (全部) is not a filter', () => {
  assert.equal(activeFilters({ show: 'all' }, { show: 'all' }), 0)
  assert.equal(activeFilters({ show: 'overdue' }, { show: 'all' }), 1)
})

// redirect.test.mjs - web/src/lib/redirect.js: the login page only ever goes
// back to a route of the console, never to another origin.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loginNotice, loginQuery, safeRedirect } from '../../web/src/lib/redirect.js'

test('internal routes pass as they are, query and all', () => {
  assert.equal(safeRedirect('/funds/3?from=2025-01-01&to=2025-12-31'), '/funds/3?from=2025-01-01&to=2025-12-31')
  assert.equal(safeRedirect('/audit'), '/audit')
  assert.equal(safeRedirect('/'), '/')
})

test('anything that could leave the console goes home instead', () => {
  for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'funds', '', null, undefined, 42, ['/audit'], '/a\nb', '/a\\b', '/x'.repeat(1001)]) {
    assert.equal(safeRedirect(bad), '/', String(bad))
  }
})

test('never back to the login or the password page (a loop)', () => {
  assert.equal(safeRedirect('/login?redirect=/audit'), '/')
  assert.equal(safeRedirect('/password'), '/')
  assert.equal(safeRedirect('/logins'), '/logins')
})

test('the login query and what the login page says', () => {
  assert.deepEqual(loginQuery('/cases/5', 'expired'), { redirect: '/cases/5', reason: 'expired' })
  assert.deepEqual(loginQuery('/', 'expired'), { reason: 'expired' })
  assert.deepEqual(loginQuery('//evil', 'nonsense'), {})
  assert.equal(loginNotice({ reason: 'expired', redirect: '/cases/5' }), '登录已过期，请重新登录')
  assert.equal(loginNotice({ reason: 'forbidden', redirect: '/audit' }), '您没有权限访问该页面，请使用有权限的账号登录')
  assert.equal(loginNotice({ redirect: '/cases/5' }), '请登录后继续访问该页面')
  assert.equal(loginNotice({ redirect: '//evil' }), '')
  assert.equal(loginNotice({}), '')
})

// words.test.mjs - the browser test of issue #10's words and ways back: no
// technical word reaches the user (account codes, batch references like
// pay-5, the audit log's action codes and raw JSON, hashes outside the
// collapsed 校验信息), and after an expired session or a forbidden page the
// user comes back to where they were once logged in, with a message.
//
// Set-up through the API (tests/lib/words_setup.mjs): three yearly cases of
// 东风村党支部 paid in one batch by the department, a recovery with 100 yuan
// repaid.  Run: `node --test tests/e2e/words.test.mjs` from the repo root
// (BANGFU_BIN, CHROMIUM, BANGFU_WEB_DIST as for the other browser tests).
// Screenshots go to tests/out/words-e2e-*.png.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok } from '../lib/harness.mjs'
import { wordsScenario, DAY1 } from '../lib/words_setup.mjs'

const e2e = new E2e()
let S = {}

before(async () => {
  await e2e.open({ members: 120, day: DAY1 })
  S = await wordsScenario(e2e.stage)
})
after(() => e2e.close())

const HASH = /\b[0-9a-f]{64}\b/

test('an expired session: the login page says so, and the login leads back to the page', { timeout: 90_000 }, async () => {
  await e2e.withPage({ failure: 'words-e2e-failure-expired' }, async ({ page }) => {
    await e2e.login(page, 'branch0101')
    const where = `/cases?state=screened&kind=yearly`
    await page.goto(`${e2e.base}/#${where}`)
    await page.getByTestId('case-table').waitFor()
    // the session ends on the server (another login of the same user ends the others)
    const other = await e2e.stage.login('branch0101')
    assert.ok((await ok(other.del('/api/v1/sessions'))).ended >= 1)
    await page.getByTestId('menu-todo').click()
    await page.getByTestId('login-notice').filter({ hasText: '登录已过期，请重新登录' }).waitFor()
    const url = new URL(page.url())
    assert.match(decodeURIComponent(url.hash), /reason=expired/)
    await shot(page, 'words-e2e-expired')
    await page.getByTestId('login-username').fill('branch0101')
    await page.getByTestId('login-password').fill('Demo123456')
    await page.getByTestId('login-password').press('Enter')
    await page.getByTestId('current-user').waitFor()
    await page.waitForURL((u) => decodeURIComponent(u.hash).startsWith('#/'))
    const back = decodeURIComponent(new URL(page.url()).hash)
    assert.ok(back === `#${where}` || back === '#/todo', `back on the page, not home: ${back}`)
  })
})

test('a forbidden page says so and another account lands on it; no open redirect', { timeout: 90_000 }, async () => {
  await e2e.withPage({ failure: 'words-e2e-failure-forbidden' }, async ({ page }) => {
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/audit?page=1`)
    await page.getByTestId('forbidden').filter({ hasText: '您没有权限访问该页面' }).waitFor()
    assert.match(await page.getByTestId('forbidden').innerText(), /审计日志/)
    await shot(page, 'words-e2e-forbidden')
    await page.getByTestId('forbidden-relogin').click()
    await page.getByTestId('login-notice').filter({ hasText: '您没有权限访问该页面' }).waitFor()
    await page.getByTestId('login-username').fill('auditor')
    await page.getByTestId('login-password').fill('Demo123456')
    await page.getByTestId('login-password').press('Enter')
    await page.getByTestId('audit-table').waitFor()
    assert.equal(decodeURIComponent(new URL(page.url()).hash), '#/audit?page=1')
  })
  await e2e.withPage({ failure: 'words-e2e-failure-redirect' }, async ({ page }) => {
    await e2e.login(page, 'branch0101', 'Demo123456', { from: '/#/login?redirect=%2F%2Fevil.example%2Fx' })
    await page.waitForURL((u) => u.origin === e2e.base && u.hash === '#/')
  })
})

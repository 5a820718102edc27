// accounts.test.mjs - the browser test of the account lifecycle (issue #8
// §3) against a real `bangfu serve` (fresh SQLite, init + demo) in Debian's
// Chromium through playwright-core:
//  1. a user made with a generated password logs in and lands on the forced
//     change page; nothing else opens until the password is changed (a
//     weak one is refused at the field), then the console opens;
//  2. in 个人中心 a user changes the password (the server's refusal of a
//     common password shown at its field), sees the sessions with the
//     current one marked, ends another one, and logs in with the new one;
//  3. admin, in 用户管理, disables a user whose session is open in another
//     browser: that session ends at once (back to the login page) and the
//     user cannot log in; admin resets a password and sees it once.
// Screenshots at 1280×800 go to tests/out/accounts-*.png.
//
// Run: `node --test tests/e2e/accounts.test.mjs` from the repo root
// (BANGFU_BIN, CHROMIUM, BANGFU_WEB_DIST as in tests/lib/e2e.mjs).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok, ADMIN_PASSWORD, Client } from '../lib/harness.mjs'

const e2e = new E2e()
let admin, orgs

before(async () => {
  await e2e.open({ members: 20 })
  admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  orgs = (await ok(admin.get('/api/v1/orgs'))).items
})
after(() => e2e.close())

const org = (code) => orgs.find((o) => o.code === code)

/** A user made through the API: generated password (must change) or a given one. */
async function makeUser(username, { password, code = 'T01V01', role = 'branch' } = {}) {
  const body = { username, display_name: '测试用户' + username.slice(-1), role, org_id: org(code).id }
  if (password) body.password = password
  const r = await ok(admin.post('/api/v1/users', body), 201)
  return r.password || password
}

/** Types the login and presses Enter (the page it lands on is the caller's). */
async function typeLogin(page, username, password) {
  await page.goto(e2e.base + '/#/login')
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-password').press('Enter')
}

/** Fills the password form; Enter in the last field submits. */
async function fillPasswordForm(page, oldPw, newPw, confirm = newPw) {
  await page.getByTestId('pw-old').fill(oldPw)
  await page.getByTestId('pw-new').fill(newPw)
  await page.getByTestId('pw-confirm').fill(confirm)
  await page.getByTestId('pw-confirm').press('Enter')
}

const fieldError = (page, field) => page.locator(`[data-field="${field}"] .el-form-item__error`)

test('生成的密码：首次登录进入修改密码页面，改好后才能使用系统', async () => {
  const pw = await makeUser('e2efirst1')
  await e2e.withPage({ failure: 'accounts-first-failure' }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await typeLogin(page, 'e2efirst1', pw)
    await page.getByTestId('password-change-page').waitFor()
    assert.match(await page.getByTestId('password-change-reason').innerText(), /首次登录须设置自己的新密码/)
    await shot(page, 'accounts-forced-change', { fullPage: false })

    // Another page of the console leads back here.
    await page.goto(e2e.base + '/#/members')
    await page.getByTestId('password-change-page').waitFor()

    // Checks at the field: too short; the two differ.
    await fillPasswordForm(page, pw, 'short1')
    await assert.doesNotReject(fieldError(page, 'new_password').filter({ hasText: '至少 10 位' }).waitFor())
    await fillPasswordForm(page, pw, 'Qz8-river-stone', 'Qz8-river-stonx')
    await page.locator('.el-form-item__error').filter({ hasText: '两次输入的新密码不一致' }).waitFor()
    // The server's rule: a common password, shown at its field.
    await fillPasswordForm(page, pw, 'Password1234')
    await fieldError(page, 'new_password').filter({ hasText: '常见' }).waitFor()

    await fillPasswordForm(page, pw, 'Qz8-river-stone')
    await page.getByTestId('current-user').waitFor()
    assert.equal(await page.getByTestId('current-user').innerText(), '测试用户1')
    await page.getByTestId('menu-members').click()
    await page.getByTestId('member-table').waitFor()
    assert.deepEqual(errors, [])
  })
  assert.equal((await new Client(e2e.base).login('e2efirst1', 'Qz8-river-stone')).json.password_change_required, false)
})

test('个人中心：修改自己的密码，查看并结束其他会话', async () => {
  await makeUser('e2eself2', { password: 'Start-pass-2468' })
  const elsewhere = new Client(e2e.base)
  assert.equal((await elsewhere.login('e2eself2', 'Start-pass-2468')).status, 200)
  await e2e.withPage({ failure: 'accounts-profile-failure' }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'e2eself2', 'Start-pass-2468')
    await page.getByTestId('profile').click()
    await page.getByTestId('sessions-table').waitFor()
    await page.getByTestId('session-current').waitFor()
    const rows = page.getByTestId('sessions-table').locator('.el-table__body tr')
    await assert.doesNotReject(async () => { for (let i = 0; i < 50 && (await rows.count()) !== 2; i++) await page.waitForTimeout(100) })
    assert.equal(await rows.count(), 2)
    await shot(page, 'accounts-profile', { fullPage: false })

    // End the other session from here: it answers 401 at once.
    await page.locator('[data-testid^="session-end-"]').first().click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message').filter({ hasText: '会话已结束' }).waitFor()
    assert.equal((await elsewhere.get('/api/v1/session')).status, 401)

    // The old password wrong: at its field.
    await fillPasswordForm(page, 'Wrong-pass-1357', 'Next-pass-97531')
    await fieldError(page, 'old_password').filter({ hasText: '原密码不正确' }).waitFor()
    await fillPasswordForm(page, 'Start-pass-2468', 'Next-pass-97531')
    await page.locator('.el-message').filter({ hasText: '密码已修改' }).waitFor()
    assert.deepEqual(errors, [])
  })
  assert.equal((await new Client(e2e.base).login('e2eself2', 'Start-pass-2468')).status, 401)
  assert.equal((await new Client(e2e.base).login('e2eself2', 'Next-pass-97531')).status, 200)
})

test('用户管理：停用用户，其已登录的会话立即结束；重置密码只显示一次', async () => {
  await makeUser('e2eoff3', { password: 'Off-pass-24680', code: 'T02', role: 'committee' })
  await e2e.withPage({ failure: 'accounts-disable-user-failure' }, async ({ page: userPage }) => {
    await e2e.login(userPage, 'e2eoff3', 'Off-pass-24680')
    await e2e.withPage({ failure: 'accounts-disable-admin-failure' }, async ({ page, errors }) => {
      await page.setViewportSize({ width: 1280, height: 800 })
      await e2e.login(page, 'admin', ADMIN_PASSWORD)
      await page.goto(e2e.base + '/#/users')
      await page.getByTestId('user-table').waitFor()
      await page.getByTestId('user-disable-e2eoff3').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.locator('.el-message').filter({ hasText: '用户已停用' }).waitFor()
      await page.getByTestId('user-state-e2eoff3').filter({ hasText: '停用' }).waitFor()
      await shot(page, 'accounts-users', { fullPage: false })

      // The user's open console: the next request ends on the login page.
      await userPage.getByTestId('menu-members').click()
      await userPage.getByTestId('login-username').waitFor()
      await typeLogin(userPage, 'e2eoff3', 'Off-pass-24680')
      await userPage.getByTestId('login-error').waitFor()

      // Enable again, then reset: the password once, with copy.
      await page.getByTestId('user-enable-e2eoff3').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.getByTestId('user-state-e2eoff3').filter({ hasText: '启用' }).waitFor()
      await page.getByTestId('user-reset-e2eoff3').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      const value = page.getByTestId('password-shown-value')
      await value.waitFor()
      const pw = (await value.innerText()).trim()
      assert.match(pw, /^[A-Za-z2-9]{16}$/)
      await shot(page, 'accounts-reset', { fullPage: false })
      await page.getByTestId('password-shown-close').click()

      // Edit: a branch role at a committee is refused at the field.
      await page.getByTestId('user-edit-e2eoff3').click()
      await page.getByTestId('user-role').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '党支部' }).first().click()
      await page.locator('[data-field="org_id"] .el-form-item__error').filter({ hasText: '党支部或党总支' }).waitFor()
      await shot(page, 'accounts-edit', { fullPage: false })
      assert.deepEqual(errors, [])

      const r = await new Client(e2e.base).login('e2eoff3', pw)
      assert.equal(r.status, 200)
      assert.equal(r.json.password_change_required, true)
    })
  })
})

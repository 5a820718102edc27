// verification.test.mjs - the browser test of a verification campaign
// (走访核查, issue 11): against a real `bangfu serve` on a fresh SQLite file
// with the demo's cases (init + demo) and Debian's Chromium.
//
// The department opens 走访核查, draws this year's paid cases (every one of
// them, from seed abc), sees the seed, repeats the draw (复核抽样: the same),
// and assigns part of the sample to 城关镇党委's staff; at 1280×800 the
// campaign page is screenshotted.  On a phone (390×844) the town's checker
// finds the check on the to-do list, opens it, shows the member's full
// phone number to call, and records it with the
// keyboard's Ctrl+Enter after choosing the answers; a missing answer is
// named at its field.  The department then records a fraud on another
// check: a recovery is opened and the finding shows on the campaign page.
// Screenshots go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, menu, shot, typeDate } from '../lib/e2e.mjs'
import { ok, ADMIN_PASSWORD } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {}

function later(days) { return new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10) }

before(async () => {
  await e2e.open({ members: 120, cases: true })
  const admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  S.year = new Date().getFullYear()
  const cases = (await ok(admin.get(`/api/v1/cases?size=200`))).items
  S.paid = cases.filter((c) => c.year === S.year && (c.state === 'paid' || c.state === 'verified'))
  assert.ok(S.paid.length >= 3, 'the demo has paid cases this year')
})

after(() => e2e.close())

test('the department draws, repeats the draw and assigns checkers', async () => {
  await e2e.withPage({ failure: 'verification-draw-failure', viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'dept')
    await menu(page, 'verifications', '帮扶工作')
    await page.getByTestId('verification-table').waitFor()
    await page.getByTestId('verification-new').click()
    // the dialog focuses the year once it has opened: filling before that
    // can send a field's text to the year (Playwright types into the focus)
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid="verification-year"]'), null, { timeout: 10_000 })
    const year = page.getByTestId('verification-year').locator('input')
    await year.fill(String(S.year))
    await page.getByTestId('verification-share').locator('input').fill('100')
    await page.getByTestId('verification-seed').fill('abc')
    await page.getByTestId('verification-save').click()
    await page.getByTestId('verification-seed-shown').waitFor()
    assert.equal(await page.getByTestId('verification-seed-shown').textContent(), '0000000000000abc')
    S.campaign = Number(page.url().match(/verifications\/(\d+)/)[1])
    // the draw repeated from its seed
    await page.getByTestId('verification-redraw').click()
    await page.getByTestId('redraw-result').waitFor()
    assert.match(await page.getByTestId('redraw-result').textContent(), /结果与记录一致/)
    await page.keyboard.press('Escape')
    // the sample: select two pending cases and give them to the town's staff
    await page.locator('.el-tabs__item').filter({ hasText: '抽样名单' }).click()
    const table = page.getByTestId('check-table')
    await table.waitFor()
    const boxes = table.locator('.el-table__body .el-checkbox:not(.is-disabled)')
    assert.ok((await boxes.count()) >= 2)
    await boxes.nth(0).click()
    await boxes.nth(1).click()
    await page.getByTestId('check-assign').click()
    await page.getByTestId('check-assign-user').click()
    await page.locator('.el-select-dropdown__item').filter({ hasText: '城关镇' }).first().click()
    await page.getByTestId('check-assign-save').click()
    await page.locator('.el-message--success').filter({ hasText: '已指派 2 件' }).waitFor()
    await page.locator('.el-tabs__item').filter({ hasText: '进度与结果' }).click()
    await page.getByTestId('verification-progress').locator('.el-table__body tr').first().waitFor()
    await shot(page, 'verification-1280')
    assert.deepEqual(errors, [])
  })
})

test('on a phone the town\'s checker records a check from the to-do list, by keyboard', async () => {
  await e2e.withPage({ failure: 'verification-phone-failure', viewport: { width: 390, height: 844 } }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/todo`)
    const item = page.getByText('待走访核查').first()
    await item.waitFor()
    await item.click()
    await page.getByTestId('check-form').waitFor()
    // the number to call: masked, in full on demand (audited)
    assert.match(await page.getByTestId('check-phone').textContent(), /\*/)
    await page.getByTestId('check-phone-reveal').click()
    assert.match(await page.getByTestId('check-phone-full').textContent(), /^1\d{10}$/)
    // nothing chosen yet: the server names the first missing answer
    await page.getByTestId('check-notes').focus()
    await page.keyboard.press('Control+Enter')
    await page.locator('[data-field="phone_reached"] .el-form-item__error').waitFor()
    for (const f of ['phone_reached', 'phone_correct', 'living_as_declared', 'notice_posted', 'money_received'])
      await page.getByTestId(`check-${f}`).locator('.el-radio-button').filter({ hasText: '是' }).click()
    await page.getByTestId('check-finding').locator('.el-radio-button').filter({ hasText: '无问题' }).click()
    assert.equal(await page.getByTestId('check-finding').locator('.el-radio-button').filter({ hasText: '骗取' }).count(), 0, 'fraud is the department\'s finding')
    await page.getByTestId('check-notes').fill('电话回访，本人确认收到帮扶款')
    await page.keyboard.press('Control+Enter')
    await page.locator('.el-message--success').filter({ hasText: '已登记' }).waitFor()
    assert.match(await page.getByTestId('check-title').textContent(), /无问题/)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `no sideways scrolling (${width}px)`)
    await shot(page, 'verification-390')
    assert.deepEqual(errors, [])
  })
})

test('the department records a fraud: a recovery opens and the finding is listed', async () => {
  await e2e.withPage({ failure: 'verification-fraud-failure', viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/verifications/${S.campaign}?tab=sample`)
    await page.getByTestId('check-filter-status').locator('.el-radio-button').filter({ hasText: '待核查' }).click()
    await page.getByTestId('check-table').locator('.el-table__body a').first().click()
    await page.getByTestId('check-form').waitFor()
    for (const [f, a] of [['phone_reached', '是'], ['phone_correct', '是'], ['living_as_declared', '否'], ['notice_posted', '是'], ['money_received', '是']])
      await page.getByTestId(`check-${f}`).locator('.el-radio-button').filter({ hasText: a }).click()
    await page.getByTestId('check-finding').locator('.el-radio-button').filter({ hasText: '骗取帮扶款' }).click()
    await page.getByTestId('check-recover').fill('200')
    await page.getByTestId('check-notes').fill('入户核实，家中有稳定经营收入未申报')
    await page.getByTestId('check-save').click()
    await page.locator('.el-message').filter({ hasText: '开启追回' }).waitFor()
    await page.getByText('查看追回记录').waitFor()
    await page.goto(`${e2e.base}/#/verifications/${S.campaign}`)
    await page.locator('.el-tabs__item').filter({ hasText: '发现的问题（1）' }).click()
    await page.getByTestId('finding-table').getByText('家中有稳定经营收入').waitFor()
    await shot(page, 'verification-findings-1280')
    assert.deepEqual(errors, [])
  })
})

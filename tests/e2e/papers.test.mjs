// papers.test.mjs - starting an application as people do it (issue 10), in
// real Chromium against a real `bangfu serve`: 发起申请 from the member's
// page opens the form with the member chosen and the household size from
// the register; filing into a round past its due date asks first and is
// answered with the warning; the member search marks who already has a
// case in the round; the appraisal dialog comes with the expected count
// and no date panel open over its fields.
// Run: `node --test tests/e2e/papers.test.mjs` (BANGFU_BIN, BANGFU_WEB_DIST
// as the other browser tests).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok } from '../lib/harness.mjs'

const OPENED = '2025-12-01' // the round opens: due 15 days later, 12月16日
const TODAY = '2025-12-22'

const e2e = new E2e()
let branchApi, members

before(async () => {
  await e2e.open({ members: 50, day: OPENED })
  const dept = await e2e.stage.login('dept')
  await ok(dept.post('/api/v1/rounds', { year: 2025 }), 201)
  await e2e.stage.day(TODAY)
  branchApi = await e2e.stage.login('branch0101')
  members = (await ok(branchApi.get('/api/v1/members?size=5'))).items
  assert.ok(members.length >= 1, 'the demo branch has a member')
})
after(() => e2e.close())

test('发起申请 from the member page; the late round asks first; the search marks who already applied', async () => {
  const m = members[0]
  await e2e.withPage({ failure: 'papers-apply-failure' }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/members/${m.id}`)
    await page.getByTestId('member-apply').click()
    await page.waitForURL(/#\/cases\/new\?member=/)
    const card = page.getByTestId('case-member-card')
    await card.waitFor()
    assert.match(await card.innerText(), new RegExp(m.name))
    // 家庭人口 from the register
    const size = page.locator('[data-testid="case-household_size"] input')
    await page.waitForFunction((want) => document.querySelector('[data-testid="case-household_size"] input')?.value === want, String(m.household_size))
    assert.equal(await size.inputValue(), String(m.household_size))
    // the round is past its due date: said under it
    const late = page.getByTestId('case-round-late')
    await late.waitFor()
    assert.equal((await late.innerText()).trim(), '该轮次已过截止日期（12月16日），提交后将标记为逾期')
    await page.locator('[data-testid="case-conditions"] .el-checkbox').first().click()
    await page.getByTestId('case-situation').fill('本人患病，家庭收入微薄')
    await shot(page, 'papers-apply-late')
    // saving asks first; 取消 sends nothing
    let posted = 0
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/cases') && r.method() === 'POST') posted++ })
    await page.getByTestId('case-save').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), /该轮次已过截止日期（12月16日），提交后将标记为逾期/)
    await page.locator('.el-message-box__btns .el-button').filter({ hasText: '取消' }).click()
    await box.waitFor({ state: 'hidden' })
    assert.equal(posted, 0, 'cancelled: nothing filed')
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST')
    await page.getByTestId('case-save').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    const res = await created
    assert.equal(res.status(), 201, await res.text())
    const c = await res.json()
    assert.equal(c.overdue, true)
    assert.equal(c.household_size, m.household_size)
    assert.deepEqual(c.warnings, ['该轮次已过截止日期（12月16日），本申请已标记为逾期'])
    await page.waitForURL(new RegExp(`#/cases/${c.id}$`))

    // a new application: the member who has a case in the round is marked and cannot be chosen
    await page.goto(`${e2e.base}/#/cases/new`)
    await page.getByTestId('case-form').waitFor()
    await page.locator('[data-testid="case-member"] .el-select__wrapper').click()
    await page.keyboard.type(m.name)
    const option = page.locator(`.case-member-popper .el-select-dropdown__item[data-member="${m.id}"]`)
    await option.getByTestId('case-member-has-case').waitFor()
    assert.match(await option.getAttribute('class'), /is-disabled/)
    await shot(page, 'papers-member-has-case', { fullPage: false })
    assert.deepEqual(errors, [])
  })
})

test('the appraisal dialog comes with the expected count of the branch', async () => {
  const m = members[0]
  const branchOrg = m.org_id
  const total = (await ok(branchApi.get(`/api/v1/members?org=${branchOrg}&size=1`))).total
  const c = await ok(branchApi.post('/api/v1/cases', { member_id: m.id, kind: 'emergency', loss_type: 'major_loss', situation: '房屋失火，财物损失严重' }), 201)
  await ok(branchApi.post(`/api/v1/cases/${c.id}/steps`, { event: 'investigate', investigation_on: TODAY, investigators: '张三', investigation: '属实' }))
  await e2e.withPage({ failure: 'papers-vote-failure', timeout: 30_000 }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/cases/${c.id}`)
    await page.getByTestId('step-appraise').click()
    await page.locator('[data-testid="step-form-appraise"]').waitFor()
    const expected = page.locator('[data-testid="step-expected"] input')
    await page.waitForFunction((want) => document.querySelector('[data-testid="step-expected"] input')?.value === want, String(total))
    assert.equal(await expected.inputValue(), String(total))
    // the date picker does not open over the fields on its own: the first
    // field that is not a date has the focus, and no picker panel shows
    // (the focus moves when the dialog has opened, after its animation,
    // which may end after the count is filled: wait for it, up to 10 s)
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid="step-expected"]'), null, { timeout: 10_000 })
      .catch(() => assert.fail('应到人数 has the focus'))
    assert.equal(await page.locator('.el-picker-panel:visible').count(), 0, 'no date panel over the form')
    await shot(page, 'papers-appraise', { fullPage: false })
    assert.deepEqual(errors, [])
  })
})

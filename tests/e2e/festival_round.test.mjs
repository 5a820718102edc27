// festival_round.test.mjs - the browser test of a festival round of visits
// (节日走访慰问, issue #12) against a real server in Debian's Chromium: the
// department (dept) opens the 春节 round through its form (the rule: old
// members by party age or age, the standard gift per roll category); a
// member of 东风村党支部 on the roll (输血型) gets a task; the branch
// (branch0101) finds it on its to-do list, records the visit with a money
// gift and goods through the record-visit dialog and adds a photo; the round's progress
// shows the visit, the member's page its card, and the branch fund's
// statement the gift as an expense.  Screenshots at 1280×800 and 390×844
// go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot, logout } from '../lib/e2e.mjs'
import { ok } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {}
before(async () => {
  await e2e.open({ members: 40 })
  const branch = await e2e.stage.login('branch0101')
  const town = await e2e.stage.login('town01')
  const dept = await e2e.stage.login('dept')
  S.org = (await ok(branch.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  S.a = (await ok(branch.get(`/api/v1/members?org=${S.org.id}&size=1`))).items[0]
  S.branch = branch
  const facts = { category: 'relief', tier: 'severe', causes: ['illness'], household: '老两口', household_size: 2, income_fen: 150000, income_sources: '低保', subsidies: '', state_of_mind: '稳定', needs: '看病' }
  const x = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.a.id }), 201)
  await ok(town.post(`/api/v1/roll/${x.id}/confirm`, {}))
  // the branch's fund holds money to give
  const f = await ok(dept.post('/api/v1/funds', { org_id: S.org.id }))
  const day = (await ok(dept.get('/api/v1/meta'))).today
  S.today = day
  await ok(dept.post(`/api/v1/funds/${f.id}/income`, { source: 'finance', amount_fen: 500000, method: 'cash', date: day }), 201)
})
after(() => e2e.close())

test('组织部开启春节走访慰问，支部登记走访和慰问金，进度和资金报表随之变化', async () => {
  await e2e.withPage({ failure: 'festival-round-e2e-failure', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/visit-rounds`)
    await page.getByTestId('visit-rounds-table').waitFor()
    await page.waitForLoadState('networkidle')
    await page.getByTestId('round-open').click()
    await page.getByTestId('round-title').waitFor()
    await page.waitForFunction(() => document.activeElement && document.activeElement.closest('[data-testid="round-title"]'))
    await page.getByTestId('round-festival').getByText('春节').click()
    // a gift checked at the field as it is left
    await page.getByTestId('round-gift_old_fen').fill('两百')
    await page.getByTestId('round-gift_relief_fen').click()
    await page.locator('[data-field="gift_old_fen"] .el-form-item__error').waitFor()
    await page.getByTestId('round-gift_old_fen').fill('200')
    await shot(page, 'festival-round-1-open')
    await page.getByTestId('round-submit').click()
    await page.getByTestId('visit-progress-summary').waitFor()
    await page.waitForLoadState('networkidle')
    assert.match(await page.getByTestId('visit-progress-title').innerText(), /春节走访慰问/)
    assert.match(await page.getByTestId('visit-progress-summary').innerText(), /已走访 0 人/)
    await shot(page, 'festival-round-2-progress')

    // the branch: the task on its to-do list, recorded through the dialog
    await logout(page)
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/todo?kind=visit`)
    const item = page.getByText(`${S.a.name}：`, { exact: false }).first()
    await item.waitFor()
    await item.click()
    await page.getByTestId('visit-task-head').waitFor()
    await page.waitForFunction(() => document.activeElement && document.activeElement.closest('[data-testid="visit-visitors"]'))
    assert.match(await page.getByTestId('visit-task-head').innerText(), new RegExp(`${S.a.name}[\\s\\S]*标准慰问金 500`))
    // visitors are required: said at the field when left empty
    await page.getByTestId('visit-found').click()
    await page.locator('[data-field="visitors"] .el-form-item__error').waitFor()
    await page.getByTestId('visit-visitors').fill('支部书记李明、委员王芳')
    await page.getByTestId('visit-found').fill('老人身体尚可，家中取暖已解决。')
    await page.getByTestId('visit-gift').fill('500')
    await page.getByTestId('visit-goods').fill('大米一袋、食用油一桶')
    await page.getByTestId('visit-goods-value').fill('150')
    await shot(page, 'festival-round-3-record')
    await page.getByTestId('visit-submit').click()
    await page.getByTestId('visit-task-head').waitFor({ state: 'hidden' })
    await page.getByTestId('visit-table').waitFor()
    // a photo of the visit
    const done = (await ok(S.branch.get(`/api/v1/visits?member=${S.a.id}`))).items.find((v) => v.visited_on)
    await page.goto(`${e2e.base}/#/visits`)
    await page.getByTestId(`visit-files-${done.id}`).click()
    await page.getByTestId('visit-file-input').setInputFiles({ name: '走访合影.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex') })
    await page.getByTestId('visit-files').getByText('走访合影.png').waitFor()
    await shot(page, 'festival-round-3b-photo')
    await page.keyboard.press('Escape')

    // the member's page: the visit on its card
    await page.goto(`${e2e.base}/#/members/${S.a.id}`)
    await page.getByTestId('member-visits').getByText('支部书记李明、委员王芳').waitFor()
    await shot(page, 'festival-round-4-member')

    // the fund statement: the gift is an expense of the branch's fund
    await page.goto(`${e2e.base}/#/statement?org=${S.org.id}&from=${S.today}&to=${S.today}`)
    await page.getByTestId('statement-expense').waitFor()
    assert.equal(await page.getByTestId('statement-expense').innerText(), '500.00')
    assert.match(await page.getByTestId('statement').innerText(), /走访慰问/)

    // the department sees the progress move
    await logout(page)
    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/visit-rounds`)
    // the progress read after the page opened (not the previous visit's)
    await page.waitForFunction(() => /已走访\s*1\s*人/.test(document.querySelector('[data-testid="visit-progress-summary"]')?.innerText || ''))
    assert.match(await page.getByTestId('visit-progress-summary').innerText(), /已走访 1 人/)
    assert.match(await page.getByTestId('visit-progress-table').innerText(), new RegExp(S.org.name))

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${e2e.base}/#/visit-rounds`)
    await page.getByTestId('visit-progress-table').waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'festival-round-5-390')
    await page.goto(`${e2e.base}/#/visits`)
    await page.getByTestId('visit-table').waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'festival-round-6-visits-390')
    assert.deepEqual(errors, [])
  })
})

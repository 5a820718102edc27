// plans.test.mjs - the browser test of help plans (帮扶计划, issue #12)
// against a real server in Debian's Chromium, on 2025-07-10: as 东风村党支部
// (branch0101) the organisation's view lists a member on the roll without a
// plan; 制定计划 opens the form for that member, a measure without its
// target is refused at that very field, then the plan is saved; on the
// plan's page a measure is marked 已完成 at the field and a progress note
// is added; the member's page shows the plan's progress; an overdue
// measure is on the to-do list; the June review of the roll notes the
// plan's review from its page.  Screenshots at 1280×800 and 390×844 go to
// tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {}
before(async () => {
  await e2e.open({ members: 200, day: '2025-07-10' })
  const dept = await e2e.stage.login('dept')
  const branch = await e2e.stage.login('branch0101')
  const t01v01 = (await ok(branch.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  const members = (await ok(branch.get(`/api/v1/members?org=${t01v01.id}&size=3`))).items
  ;[S.a, S.b] = members
  const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' }
  for (const m of [S.a, S.b]) await ok(dept.post('/api/v1/roll', { ...facts, member_id: m.id, since_on: '2025-01-10' }), 201)
  // B's plan, made in spring: its training measure is past due
  S.bPlan = (await ok(branch.post('/api/v1/help-plans', { member_id: S.b.id, goal: '发展养殖增收', measures: [{ kind: 'training', target: '参加养殖技术培训', due_on: '2025-05-31' }, { kind: 'market', target: '对接电商服务站', due_on: '2025-10-31' }] }), 201)).id
  S.review = (await ok(dept.post('/api/v1/roll-reviews', { kind: 'june', year: 2025, finish_on: '2025-07-31' }), 201)).id
})
after(() => e2e.close())

test('组织视图 → 制定计划（字段处报错）→ 现场更新进展 → 党员页、待办、台账动态调整复核', async () => {
  await e2e.withPage({ failure: 'plans-e2e-failure', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/plans?view=orgs`)
    await page.getByTestId(`plan-make-${S.a.id}`).waitFor()
    assert.match(await page.getByTestId('plan-sums').innerText(), /尚无计划/)
    await shot(page, 'plans-1-orgs')

    await page.getByTestId(`plan-make-${S.a.id}`).click()
    await page.getByTestId('plan-form').waitFor()
    await page.waitForLoadState('networkidle')
    await page.getByTestId('plan-goal').fill('年内发展林下养鸡，人均增收3000元')
    await page.getByTestId('plan-measure-0-target').fill('发展林下养鸡500羽')
    await page.getByTestId('plan-measure-0-due').locator('input').fill('2025-10-31')
    await page.getByTestId('plan-measure-0-due').locator('input').press('Enter')
    await page.getByTestId('plan-measure-1-due').locator('input').fill('2025-08-31')
    await page.getByTestId('plan-measure-1-due').locator('input').press('Enter')
    // the training measure's target left empty: refused at that field
    await page.getByTestId('plan-submit').click()
    const field = page.locator('[data-field="measures[1].target"]')
    await field.locator('.el-form-item__error').waitFor()
    assert.match(await field.innerText(), /措施目标/)
    await shot(page, 'plans-2-form-error')
    await page.getByTestId('plan-measure-1-target').fill('参加县农业局养殖技术培训')
    await page.getByTestId('plan-submit').click()
    await page.getByTestId('plan-facts').waitFor()
    assert.match(await page.getByTestId('plan-progress').innerText(), /已完成 0 \/ 2/)

    // the training measure done at the field
    const training = page.getByTestId('plan-measures').locator('tr', { hasText: '技能培训' })
    await training.locator('.el-select').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '已完成' }).click()
    await page.getByTestId('plan-progress').getByText('已完成 1 / 2').waitFor()
    // a progress note on the project
    await page.getByTestId('plan-measures').locator('tr', { hasText: '发展项目' }).getByText('进展记录').click()
    const note = page.getByTestId('measure-note-text')
    await note.waitFor()
    await note.fill('鸡舍已搭好，首批鸡苗下月入栏')
    await page.getByTestId('measure-note-save').click()
    await page.locator('.el-timeline-item', { hasText: '鸡舍已搭好' }).waitFor()
    await page.keyboard.press('Escape')
    await shot(page, 'plans-3-plan')

    // the member's page shows the plan's progress
    await page.goto(`${e2e.base}/#/members/${S.a.id}`)
    await page.getByTestId('member-plans').getByText('2025年').waitFor()
    assert.match(await page.getByTestId('member-plans').innerText(), /1\/2/)

    // B's overdue training measure on the to-do list, with its due day
    await page.goto(`${e2e.base}/#/todo?kind=plan`)
    await page.getByText('帮扶计划措施「技能培训：参加养殖技术培训」已过完成期限').waitFor()
    assert.match(await page.locator('body').innerText(), /2025-05-31/)

    // the June review of the roll: B's plan and its review
    await page.goto(`${e2e.base}/#/roll-reviews/${S.review}`)
    const row = page.getByTestId('items-table').locator('tr', { hasText: S.b.name })
    await row.getByText('帮扶计划复核').click()
    await page.getByTestId('review-plan-measures').waitFor()
    assert.match(await page.getByTestId('review-plan-measures').innerText(), /已逾期/)
    const progress = page.getByTestId('review-progress')
    await progress.waitFor()
    await progress.fill('培训因农忙推迟，电商对接进行中')
    await page.getByTestId('review-next').fill('8月前补上培训')
    await shot(page, 'plans-4-review')
    await page.getByTestId('review-submit').click()
    await page.getByText(`已记录${S.b.name}的帮扶计划复核`).waitFor()
    const b = await (await e2e.stage.login('branch0101')).get(`/api/v1/help-plans/${S.bPlan}`)
    assert.equal(b.json.reviews.length, 1)
    assert.equal(b.json.reviews[0].next_steps, '8月前补上培训')

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${e2e.base}/#/plans`)
    await page.getByTestId('plan-table').waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'plans-5-list-390')
    await page.goto(`${e2e.base}/#/plans/${S.bPlan}`)
    await page.getByTestId('plan-measures').waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'plans-6-plan-390')
    await page.goto(`${e2e.base}/#/plans/new`)
    await page.getByTestId('plan-form').waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'plans-7-form-390')
    assert.deepEqual(errors, [])
  })
})

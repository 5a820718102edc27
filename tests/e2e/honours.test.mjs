// honours.test.mjs - the browser test of commendations (表彰, issue #12)
// against a real server in Debian's Chromium: the department (dept) opens
// the year's round through its dialog with the committees' quotas and
// adjusts one;
// 东风村党支部 (branch0101) nominates a member with deeds; 城关镇党委
// (town01) recommends; the department posts the notice (an earlier first
// day, so its period is over), an objection is recorded and found
// unfounded on the notice page, and the round is approved.  The honour
// shows on the member's page, and the member carries 「曾获表彰」 on the
// roll and among training's untrained.  Screenshots at 1280×800 and
// 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, logout, shot, typeDate } from '../lib/e2e.mjs'
import { ok } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {}
before(async () => {
  await e2e.open({ members: 40, day: '2031-06-20' })
  const branch = await e2e.stage.login('branch0101')
  const town = await e2e.stage.login('town01')
  const t01v01 = (await ok(branch.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  const members = (await ok(branch.get(`/api/v1/members?org=${t01v01.id}&size=2`))).items
  S.a = members[0]
  // on the roll as 造血型, confirmed: where training and projects are decided
  const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' }
  const x = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.a.id }), 201)
  await ok(town.post(`/api/v1/roll/${x.id}/confirm`, {}))
})
after(() => e2e.close())

test('开启表彰评选、提名、审核、公示与异议、审批，荣誉记入党员档案', async () => {
  await e2e.withPage({ failure: 'honours-e2e-failure', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    // the department opens the round
    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/commendations`)
    await page.getByTestId('rounds-table').waitFor()
    await page.getByTestId('round-open').click()
    await page.getByTestId('round-form').waitFor()
    await page.getByTestId('round-quotas').locator('tbody tr').first().waitFor()
    const year = page.getByTestId('round-year').locator('input')
    await year.fill('2031')
    await year.press('Tab')
    assert.match(await page.getByTestId('round-name').inputValue(), /^2031年度/)
    await typeDate(page.getByTestId('round-nominate-by').locator('input'), '2031-06-30')
    await shot(page, 'honours-1-open')
    await page.getByTestId('round-save').click()
    await page.getByTestId('round-title').waitFor()
    assert.match(await page.getByTestId('round-state').innerText(), /提名审核中/)
    S.round = Number(page.url().match(/commendations\/(\d+)/)[1])
    // quotas adjusted while the round is open: the first committee's 优秀共产党员 to 3
    await page.getByTestId('quotas-edit').click()
    await page.getByTestId('round-quotas').locator('tbody tr').first().waitFor()
    const first = page.getByTestId('round-quotas').locator('tbody tr').first().locator('input').first()
    await first.fill('3')
    await first.press('Tab')
    await page.getByTestId('round-save').click()
    await page.getByTestId('round-quota-table').getByText('0 / 3').waitFor()
    await logout(page)

    // the branch nominates its member
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/commendations/${S.round}`)
    await page.getByTestId('nominate-open').click()
    await page.getByTestId('nominate-form').waitFor()
    await page.getByTestId('nominate-member').click()
    await page.keyboard.type(S.a.name)
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: S.a.name }).first().click()
    await page.getByTestId('nominate-deeds').fill('带领群众发展食用菌种植，帮助5户困难党员年均增收三千元。')
    await page.getByTestId('nominate-save').click()
    await page.getByTestId('nominations-table').getByText(S.a.name).waitFor()
    await shot(page, 'honours-2-nominated')
    await logout(page)

    // the committee recommends within its quota
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/commendations/${S.round}`)
    await page.getByTestId('nominations-table').getByText(S.a.name).waitFor()
    await page.locator('[data-testid^="review-"]').first().click()
    await page.getByTestId('review-form').waitFor()
    await page.getByTestId('review-opinion').fill('事迹突出，群众公认，同意推荐')
    await page.getByTestId('review-save').click()
    await page.locator('[data-testid^="nomination-status-"]').filter({ hasText: '推荐' }).first().waitFor()
    await shot(page, 'honours-3-reviewed')
    await logout(page)

    // the department posts the notice, an objection is heard and answered, the round approved
    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/commendations/${S.round}`)
    await page.getByTestId('round-notice').click()
    await page.getByTestId('notice-form').waitFor()
    await typeDate(page.getByTestId('notice-starts-on').locator('input'), '2031-06-02')
    await page.getByTestId('notice-phone').fill('0531-88661234')
    await page.getByTestId('notice-save').click()
    await page.getByTestId('round-state').filter({ hasText: '公示中' }).waitFor()
    await page.getByTestId('round-notice-link').click()
    await page.getByTestId('notice-nominations').getByText(S.a.name).waitFor()
    await page.getByTestId('objection-add').click()
    await page.getByTestId('objection-form').waitFor()
    await page.getByTestId('objection-nomination').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: S.a.name }).first().click()
    await typeDate(page.getByTestId('objection-received_on').locator('input'), '2031-06-04')
    await page.getByTestId('objection-content').fill('反映其种植大棚占用集体土地')
    await page.getByTestId('objection-save').click()
    await page.locator('[data-testid^="objection-handle-"]').first().click()
    await page.getByTestId('objection-outcome').locator('label', { hasText: '异议不成立' }).click()
    await page.getByTestId('objection-reason').fill('经村委会核实，大棚用地为本人承包地')
    await page.getByTestId('objection-handle-save').click()
    await page.getByTestId('objection-outcome-label').waitFor()
    await shot(page, 'honours-4-notice')
    await page.getByTestId('notice-round').click()
    await page.getByTestId('round-approve').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.getByTestId('round-state').filter({ hasText: '已审批' }).waitFor()
    await page.getByTestId('round-honours-pdf').waitFor()
    await shot(page, 'honours-5-approved')

    // the honour on the member's page, the mark where training and projects are decided
    await page.goto(`${e2e.base}/#/members/${S.a.id}`)
    await page.getByTestId('member-honours').getByText('优秀共产党员').waitFor()
    await page.goto(`${e2e.base}/#/training?view=untrained&year=2031`)
    await page.getByTestId(`untrained-${S.a.id}`).waitFor()
    assert.equal(await page.getByTestId('untrained-table').getByTestId('honour-mark').count(), 1)
    await page.goto(`${e2e.base}/#/roll`)
    await page.getByTestId('honour-mark').first().waitFor()
    await shot(page, 'honours-6-roll-mark')
    await page.goto(`${e2e.base}/#/honours`)
    await page.getByTestId('honours-table').getByText(S.a.name).waitFor()

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${e2e.base}/#/commendations/${S.round}`)
    await page.getByTestId('nominations-table').waitFor()
    await shot(page, 'honours-7-round-390')
    await page.goto(`${e2e.base}/#/honours`)
    await page.getByTestId('honours-table').getByText(S.a.name).waitFor()
    await shot(page, 'honours-8-list-390')
    assert.deepEqual(errors, [])
  })
})

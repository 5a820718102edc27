// roll.test.mjs - the hardship roll (困难党员台账, issue #11) in the console,
// in Chromium: a branch (branch0101) registers a member found in its survey
// from the menu's 困难党员台账 (the member searched by name, category, tier,
// causes, income, needs); the committee (town01) finds it on its to-do
// list, confirms it, raises the tier with a reason taking effect today and
// exits the member; the roll as of a day before the change shows that
// day's tier; the member's page shows the period.  Screenshots of the list
// and the entry at 1280×800 and 390×844 go to tests/out/roll-*.png.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, menu, shot, typeDate } from '../lib/e2e.mjs'
import { ok, DEMO_PASSWORD } from '../lib/harness.mjs'

const e2e = new E2e()
let member // a member of 东风村党支部 (T01V01)

before(async () => {
  await e2e.open({ members: 50, day: '2025-06-02' })
  const c = await e2e.stage.login('branch0101', DEMO_PASSWORD)
  member = (await ok(c.get('/api/v1/members?size=1'))).items[0]
})
after(() => e2e.close())

async function pick(page, testid, text) {
  await page.locator(`[data-testid="${testid}"] .el-select__wrapper`).click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click()
}

test('党支部登记困难党员，党(工)委确认、调整档次、办理脱困；按日期查询台账', async () => {
  let entry
  await e2e.withPage({ failure: 'roll-branch-failure' }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    await menu(page, 'roll')
    await page.getByTestId('roll-table').waitFor()
    await page.getByTestId('roll-add').click()
    const form = page.getByTestId('roll-facts-form')
    await form.waitFor()
    // the client's rules first: nothing chosen
    await page.getByTestId('roll-facts-save').click()
    await form.getByText('请选择党员').waitFor()
    await page.locator('[data-testid="roll-member"] input').fill(member.name)
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: member.name }).first().click()
    await typeDate(page.locator('[data-testid="roll-since_on"] input'), '2025-01-10')
    await page.locator('[data-testid="roll-category"]').getByText('输血型').click()
    await page.locator('[data-testid="roll-tier"]').getByText('比较困难').click()
    await page.locator('[data-testid="roll-causes"]').getByText('因病').click()
    await page.getByTestId('roll-income').fill('2,500')
    await page.getByTestId('roll-needs').fill('医疗救助')
    await page.getByTestId('roll-facts-save').click()
    await page.waitForURL(/#\/roll\/\d+/)
    entry = Number(/#\/roll\/(\d+)/.exec(page.url())[1])
    assert.match(await page.getByTestId('roll-status').innerText(), /待确认/)
    assert.equal(await page.getByTestId('roll-confirm').count(), 0, 'a branch does not confirm')
    assert.match(await page.getByTestId('roll-descriptions').innerText(), /2,500\.00 元/)
    assert.deepEqual(errors, [])
  })

  await e2e.withPage({ failure: 'roll-committee-failure' }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    // the committee's to-do list names the registration
    await page.goto(`${e2e.base}/#/todo`)
    await page.getByTestId('todo-item-roll').first().click()
    await page.waitForURL(new RegExp(`#/roll/${entry}`))
    await page.getByTestId('roll-confirm').click()
    await page.getByTestId('roll-decide-save').click()
    await page.getByTestId('roll-status').filter({ hasText: '在册' }).waitFor()

    // the tier raised: the reason is asked for, the history shows the change
    await page.getByTestId('roll-edit').click()
    await page.locator('[data-testid="roll-tier"]').getByText('特别困难').click()
    await page.getByTestId('roll-facts-save').click()
    await page.locator('[data-testid="roll-facts-form"] [data-field="reason"] .el-form-item__error').filter({ hasText: '原因' }).waitFor()
    await page.getByTestId('roll-reason').fill('病情加重，住院治疗')
    await page.getByTestId('roll-facts-save').click()
    await page.getByTestId('roll-tier-value').filter({ hasText: '特别困难' }).waitFor()
    const history = page.getByTestId('roll-history')
    await history.getByText('比较困难 → 特别困难').waitFor()
    assert.match(await history.innerText(), /病情加重，住院治疗/)

    // the roll as of 2025-03-01: on it, with that day's tier
    await page.goto(`${e2e.base}/#/roll?as_of=2025-03-01`)
    await page.getByTestId('roll-as-of-note').waitFor()
    const row = page.locator('[data-testid="roll-table"] .el-table__body tr').filter({ hasText: member.name })
    await row.waitFor()
    assert.match(await row.innerText(), /比较困难/)
    // filters go into the URL: another tier, nobody
    await pick(page, 'roll-filter-tier', '特别困难')
    await page.waitForURL((u) => new URL(u).hash.includes('tier=severe') && new URL(u).hash.includes('as_of=2025-03-01'))
    await page.locator('[data-testid="roll-table"] .el-table__empty-text').waitFor()
    await page.goto(`${e2e.base}/#/roll`)
    await page.setViewportSize({ width: 1280, height: 800 })
    await row.waitFor()
    await shot(page, 'roll-list-1280')

    // the exit: a committee's takes effect at once
    await page.goto(`${e2e.base}/#/roll/${entry}`)
    await page.getByTestId('roll-exit').click()
    await pick(page, 'roll-exit-reason', '实现就业')
    await page.getByTestId('roll-exit-note').fill('在县城工厂务工')
    await page.getByTestId('roll-exit-save').click()
    await page.getByTestId('roll-status').filter({ hasText: '已脱困' }).waitFor()
    assert.match(await page.getByTestId('roll-exit-value').innerText(), /2025-06-02，实现就业/)
    await page.getByTestId('roll-relapse').waitFor()
    await shot(page, 'roll-entry-1280')

    // the member's page: the period
    await page.getByTestId('roll-member-link').click()
    await page.getByTestId(`member-roll-${entry}`).waitFor()
    assert.match(await page.getByTestId('member-roll-periods').innerText(), /2025-01-10 至 2025-06-02/)
    assert.deepEqual(errors, [])
  })

  await e2e.withPage({ failure: 'roll-phone-failure', viewport: { width: 390, height: 844 } }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/roll?view=all`)
    await page.getByTestId(`roll-link-${entry}`).waitFor()
    await shot(page, 'roll-list-390')
    await page.goto(`${e2e.base}/#/roll/${entry}`)
    await page.getByTestId('roll-history').waitFor()
    await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden' })
    await shot(page, 'roll-entry-390')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `the entry fits a phone (${width}px)`)
    assert.deepEqual(errors, [])
  })
})

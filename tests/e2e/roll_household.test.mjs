// roll_household.test.mjs - the browser test of the roll's household flag
// and the register's 亡故 (issue #11) against a real `bangfu serve` (fresh
// SQLite, init + demo) and Debian's Chromium through playwright-core.
//
// Set-up through the API: two members of 东风村党支部 are linked as spouses;
// the branch registers both on the roll from its survey.  In the browser:
// the wife's entry page names the husband's entry in the household flag
// (1280×800 and 390×844); the committee's confirmation of her registration
// shows it again; the husband's exit for 亡故, proposed by the branch, says
// in the confirmation that the register will read 亡故, and after the
// committee confirms it the member page does.  Screenshots go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok, ADMIN_PASSWORD } from '../lib/harness.mjs'

const DAY = '2026-03-10'
const e2e = new E2e()
const S = {}
// the dialog's opening animation over before a screenshot
const settled = (page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
const facts = { category: 'relief', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, since_on: '2026-03-01' }

before(async () => {
  await e2e.open({ members: 120, day: DAY })
  const admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  const branch = await e2e.stage.login('branch0101')
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items
  const branchOrg = orgs.find((o) => o.code === 'T01V01')
  const all = (await ok(admin.get(`/api/v1/members?org=${branchOrg.id}&size=100&status=${encodeURIComponent('在职')}`))).items
  const onRoll = new Set((await ok(admin.get('/api/v1/roll?view=all&size=200'))).items.map((x) => x.member_id))
  ;[S.husband, S.wife] = all.filter((m) => !onRoll.has(m.id)).slice(0, 2)
  const wifeId = (await ok(admin.post(`/api/v1/members/${S.wife.id}/reveal`))).id_number
  await ok(branch.post(`/api/v1/members/${S.husband.id}/household`, { id_number: wifeId, relation: '配偶' }), 201)
  S.h = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.husband.id }), 201)
  S.w = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.wife.id }), 201)
  assert.equal(S.w.household_roll.length, 1)
})
after(() => e2e.close())

test('the household flag on the entry page and the confirmation; a confirmed 亡故 exit reaches the register', { timeout: 120_000 }, async () => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    await e2e.withPage({ failure: `roll-household-failure-${w}`, timeout: 30_000, consoleErrors: true, viewport: { width: w, height: h } }, async ({ page, errors }) => {
      await e2e.login(page, 'branch0101')
      await page.goto(`${e2e.base}/#/roll/${S.w.id}`)
      const flag = page.getByTestId('roll-household-flag')
      await flag.waitFor()
      assert.match(await flag.innerText(), new RegExp(`${S.husband.name}（配偶）\\s*台账记录 ${S.h.id}\\s*待确认，2026-03-01 纳入`))
      await shot(page, `roll-household-${w}`)
      assert.deepEqual(errors, [])
    })
  }
  await e2e.withPage({ failure: 'roll-household-confirm-failure', timeout: 30_000, consoleErrors: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/roll/${S.w.id}`)
    await page.getByTestId('roll-confirm').click()
    const dlgFlag = page.locator('.el-dialog').getByTestId('roll-household-flag')
    await dlgFlag.waitFor()
    assert.match(await dlgFlag.innerText(), new RegExp(S.husband.name))
    await settled(page)
    await shot(page, 'roll-household-confirm-1280', { fullPage: false })
    await page.getByTestId('roll-decide-save').click()
    await page.getByTestId('roll-status').filter({ hasText: '在册' }).waitFor()
    assert.deepEqual(errors, [])
  })
  // the husband's death: proposed by the branch, confirmed by the committee
  const branch = await e2e.stage.login('branch0101')
  const town = await e2e.stage.login('town01')
  await ok(town.post(`/api/v1/roll/${S.h.id}/confirm`, {}))
  await ok(branch.post(`/api/v1/roll/${S.h.id}/exit`, { exit_on: '2026-03-09', exit_reason: 'deceased', reason: '因病去世' }))
  await e2e.withPage({ failure: 'roll-deceased-failure', timeout: 30_000, consoleErrors: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/roll/${S.h.id}`)
    await page.getByTestId('roll-confirm').click()
    await page.getByTestId('roll-decide-deceased').waitFor()
    await settled(page)
    await shot(page, 'roll-deceased-confirm-1280', { fullPage: false })
    await page.getByTestId('roll-decide-save').click()
    await page.getByTestId('roll-status').filter({ hasText: '已脱困' }).waitFor()
    await page.goto(`${e2e.base}/#/members/${S.husband.id}`)
    await page.getByText('亡故').first().waitFor()
    assert.deepEqual(errors, [])
  })
})

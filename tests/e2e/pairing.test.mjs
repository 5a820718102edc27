// pairing.test.mjs - the browser test of 结对帮扶 (issue #12) against a real
// server in Debian's Chromium: a 造血型 member on the roll shows on the
// coverage view as unpaired; as 东风村党支部 (branch0101) pair the member
// from that row with a leading cadre through the form (the six 定), add a
// help record with a photo attached, see the pairing on the member page and
// the member gone from the coverage view (as the committee, town01), then
// end it with a reason and an outcome.  Screenshots at 1280×800 and 390×844
// go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { E2e, OUT, shot } from '../lib/e2e.mjs'
import { ok } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {}
before(async () => {
  await e2e.open({ members: 40, day: '2025-06-16' })
  const branch = await e2e.stage.login('branch0101')
  const town = await e2e.stage.login('town01')
  const t01v01 = (await ok(branch.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  const members = (await ok(branch.get(`/api/v1/members?org=${t01v01.id}&size=2`))).items
  S.a = members[0]
  const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '养殖技术' }
  const x = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.a.id, since_on: '2025-03-01' }), 201)
  await ok(town.post(`/api/v1/roll/${x.id}/confirm`, {}))
  // a photo to attach: a small PNG (the server checks the bytes)
  S.photo = path.join(OUT, 'pairing-e2e-photo.png')
  fs.mkdirSync(OUT, { recursive: true })
  fs.writeFileSync(S.photo, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'))
})
after(() => e2e.close())

test('从覆盖情况建立结对，登记带照片的帮扶记录，党员页可见，结束帮扶', async () => {
  await e2e.withPage({ failure: 'pairing-e2e-failure', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/pairings?view=coverage`)
    await page.getByTestId(`gap-${S.a.id}`).waitFor()
    await shot(page, 'pairing-1-coverage')

    // the form, from the member's row: the member fixed, a leading cadre
    await page.getByTestId(`gap-pair-${S.a.id}`).click()
    await page.getByTestId('pairing-form').waitFor()
    await page.getByTestId('pairing-helper-kind').getByText('领导干部').click()
    await page.getByTestId('pairing-helper-name').waitFor()
    await page.getByTestId('pairing-helper-name').fill('王建国')
    // a field left empty is named at the field before anything is sent
    await page.getByTestId('pairing-submit').click()
    await page.locator('[data-field="helper_post"] .el-form-item__error').waitFor()
    assert.match(await page.locator('[data-field="helper_post"] .el-form-item__error').innerText(), /帮扶人职务/)
    await page.getByTestId('pairing-helper-post').fill('城关镇党委书记')
    await page.getByTestId('pairing-goal').fill('年内发展生猪养殖，家庭人均增收 3000 元')
    await page.getByTestId('pairing-measures').fill('协调小额贷款；联系畜牧站技术员上门指导；联系收购商')
    await page.getByTestId('pairing-target').locator('input').fill('2025-12-31')
    await page.getByTestId('pairing-target').locator('input').press('Enter')
    await page.getByTestId('pairing-place').fill('东风村3组家中')
    await page.getByTestId('pairing-matter').fill('建猪圈、购仔猪 10 头')
    await shot(page, 'pairing-2-form')
    await page.getByTestId('pairing-submit').click()
    await page.getByTestId('pairing-six').waitFor()
    const six = await page.getByTestId('pairing-six').innerText()
    assert.match(six, /定目标[\s\S]*生猪养殖/)
    assert.match(six, /定时间[\s\S]*2025-06-16 至 2025-12-31/)
    assert.match(six, /定人[\s\S]*王建国（城关镇党委书记）/)
    assert.match(six, /定点[\s\S]*东风村3组家中/)
    S.pairingUrl = page.url()

    // a help record with a photo
    await page.getByTestId('record-add').click()
    await page.getByTestId('record-form').waitFor()
    await page.getByTestId('record-what').waitFor()
    await page.getByTestId('record-what').fill('上门查看猪圈选址，联系畜牧站技术员')
    await page.getByTestId('record-result').fill('选定村东空地，下周动工')
    await page.getByTestId('record-file').setInputFiles(S.photo)
    await page.getByText('pairing-e2e-photo.png').waitFor()
    await page.getByTestId('record-submit').click()
    await page.getByTestId('help-records').getByText('上门查看猪圈选址').waitFor()
    const file = page.getByTestId('help-records').locator('a', { hasText: 'pairing-e2e-photo.png' })
    await file.waitFor()
    const href = await file.getAttribute('href')
    const r = await page.request.get(`${e2e.base}${href}`)
    assert.equal(r.status(), 200)
    assert.deepEqual(Buffer.from(await r.body()), fs.readFileSync(S.photo))
    await shot(page, 'pairing-3-page')

    // on the member's page
    await page.goto(`${e2e.base}/#/members/${S.a.id}`)
    await page.getByTestId('member-pairings').getByText('王建国（城关镇党委书记）').waitFor()
    await shot(page, 'pairing-4-member')

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(S.pairingUrl)
    await page.getByTestId('pairing-six').waitFor()
    await shot(page, 'pairing-5-page-390')
    await page.goto(`${e2e.base}/#/pairings`)
    await page.getByTestId('pairing-table').waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'pairing-6-list-390')
    assert.deepEqual(errors, [])
  })

  // the committee's coverage view: the member is covered now
  await e2e.withPage({ failure: 'pairing-e2e-failure-town', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/pairings?view=coverage`)
    await page.getByTestId('coverage-sum').waitFor()
    await page.waitForLoadState('networkidle')
    assert.equal(await page.getByTestId(`gap-${S.a.id}`).count(), 0)
    assert.match(await page.getByTestId('coverage-sum').innerText(), /已结对 [1-9]/)
    await shot(page, 'pairing-7-coverage-town')
    await page.goto(`${e2e.base}/#/pairings`)
    await page.getByTestId('pairing-table').getByText(S.a.name).waitFor()
    await shot(page, 'pairing-8-list')
    assert.deepEqual(errors, [])
  })

  // the end, with a reason and an outcome
  await e2e.withPage({ failure: 'pairing-e2e-failure-end', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'branch0101')
    await page.goto(S.pairingUrl)
    await page.getByTestId('pairing-end-open').click()
    await page.getByTestId('end-note').waitFor()
    await page.getByTestId('end-submit').click()
    await page.locator('[data-field="end_note"] .el-form-item__error').waitFor()
    await page.getByTestId('end-note').fill('帮扶人调任县里工作，改由村支书接续帮扶')
    await page.getByTestId('end-outcome').fill('猪圈建成，首批仔猪 10 头已入栏')
    await page.getByTestId('end-submit').click()
    await page.getByTestId('pairing-ended').waitFor()
    assert.equal(await page.getByTestId('pairing-status').innerText(), '已结束')
    assert.equal(await page.getByTestId('record-add').count(), 0)
    await shot(page, 'pairing-9-ended')
    assert.deepEqual(errors, [])
  })
})

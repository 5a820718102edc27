// screening.test.mjs - the browser test of a screening round-trip (issue
// #11) against a real `bangfu serve` (fresh SQLite, init + demo) and Debian's
// Chromium through playwright-core.
//
// Set-up through the API: three members of 东风村党支部 each get an
// emergency the department approves at once (先发后补); one of them is then
// marked 亡故 in the register.  In the browser: the branch links a household
// member on the member page by ID number and the case page flags that
// member's case of the year; the committee 城关镇党委 opens
// 程序筛查, makes the batch of its approved cases (录入救助系统: the rules
// run), sees the deceased member's line with an open finding, downloads the
// file for the relief system (CSV, after the reveal warning) and reads the
// full ID numbers in it; imports an answer passing everyone — refused as a
// whole, the bad row listed with its line and reason, nothing taken; clears
// the finding with a reason on the case page (筛查发现 → 排除); imports the
// same answer again: every case screened.  Screenshots at 1280×800 and
// 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { E2e, OUT, shot } from '../lib/e2e.mjs'
import { ok, step as stepOf, idNumber, ADMIN_PASSWORD } from '../lib/harness.mjs'

const DAY = '2025-12-03'
const e2e = new E2e()
const S = {}
const step = (c, id, event, data = {}) => ok(stepOf(c, id, event, data))

before(async () => {
  await e2e.open({ members: 120, day: DAY })
  const admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  const dept = await e2e.stage.login('dept')
  const branch = await e2e.stage.login('branch0101')
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items
  S.townOrg = orgs.find((o) => o.code === 'T01')
  const branchOrg = orgs.find((o) => o.code === 'T01V01')
  S.members = (await ok(admin.get(`/api/v1/members?org=${branchOrg.id}&size=4`))).items.slice(0, 4)
  for (const m of S.members) m.full = (await ok(admin.post(`/api/v1/members/${m.id}/reveal`))).id_number
  S.cases = []
  for (const m of S.members.slice(0, 3)) {
    const c = await ok(branch.post('/api/v1/cases', { member_id: m.id, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000 }), 201)
    await step(dept, c.id, 'pay_first', { paperwork_due: '2025-12-20', reason: '房屋倒塌，急需救助', approved_fen: 150000 })
    S.cases.push({ id: c.id, member: m })
  }
  S.gone = S.cases[1]
  await ok(admin.patch(`/api/v1/members/${S.gone.member.id}`, { status: '亡故' }))
})
after(() => e2e.close())

function answer(csv, { batch }) {
  const rows = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/).slice(1).map((l) => l.split(','))
  return ['批次,序号,身份证号码,筛查结果,原因', ...rows.map((r) => `${batch},${r[1]},${r[2]},通过,`)].join('\n')
}

test('a screening round-trip: batch, file out, answer refused then taken', { timeout: 180_000 }, async () => {
  /* ---- the branch links a household member on the member page ---- */
  await e2e.withPage({ failure: 'screening-household-failure', timeout: 30_000, consoleErrors: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    const [a, rel] = [S.members[0], S.members[2]]
    await page.goto(`${e2e.base}/#/members/${a.id}`)
    await page.getByTestId('household-add').click()
    await page.getByTestId('household-id').fill('110101196104170000')
    await page.getByTestId('household-save').click()
    await page.getByTestId('household-dialog').locator('.el-form-item__error, .el-alert').first().waitFor()
    await page.getByTestId('household-id').fill(rel.full)
    await page.getByTestId('household-relation').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '配偶' }).click()
    await page.getByTestId('household-save').click()
    await page.getByTestId('member-household').locator(`a[href="#/members/${rel.id}"]`).waitFor()
    await shot(page, 'screening-household-1280')
    // the case page flags the household member's case of the year
    await page.goto(`${e2e.base}/#/cases/${S.cases[0].id}`)
    const flag = page.getByTestId('case-household-flag')
    await flag.waitFor()
    assert.match(await flag.innerText(), new RegExp(`${rel.name}（配偶）档案 ${S.cases[2].id}`))
    await shot(page, 'screening-household-flag-1280')
    assert.deepEqual(errors, [])
  })

  /* ---- the committee: batch, file, answer ---- */
  await e2e.withPage({ failure: 'screening-e2e-failure', timeout: 30_000, consoleErrors: true, acceptDownloads: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/cases?state=approved`)
    await page.getByTestId('case-screening').click()
    await page.getByTestId('screening-make').waitFor()
    await page.getByTestId('screening-make').click()
    await page.getByTestId('screening-lines').waitFor()
    const lines = page.getByTestId('screening-lines')
    for (const c of S.cases) await lines.locator(`a[href="#/cases/${c.id}"]`).waitFor()
    const batchId = Number(/screening\/(\d+)/.exec(page.url())[1])
    // the deceased member's row has its finding
    const goneRow = lines.locator('tr', { has: page.locator(`a[href="#/cases/${S.gone.id}"]`) })
    assert.match(await goneRow.innerText(), /1 项待处理/)
    await shot(page, 'screening-batch-1280')

    // the file for the relief system: after the warning, the full ID numbers
    await page.getByTestId('screening-download').click()
    await page.getByTestId('screening-download-csv').click()
    const downloading = page.waitForEvent('download')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    const file = path.join(OUT, 'screening-file.csv')
    await (await downloading).saveAs(file)
    const csv = fs.readFileSync(file, 'utf8')
    for (const c of S.cases) assert.ok(csv.includes(`${c.member.full},${c.member.name},1500.00`), csv)

    // everyone passes: refused as a whole, the deceased member's row listed
    const ans = path.join(OUT, 'screening-answer.csv')
    fs.writeFileSync(ans, answer(csv, { batch: batchId }))
    await page.getByTestId('screening-answer-file').setInputFiles(ans)
    const bad = page.getByTestId('bad-rows')
    await bad.waitFor()
    assert.match(await bad.innerText(), /筛查发现/)
    assert.equal(await page.getByTestId('screening-batch-state').getAttribute('data-state'), 'open')
    await shot(page, 'screening-refused-1280')

    // the case page: 筛查发现 → 排除 with a reason
    await goneRow.locator(`a[href="#/cases/${S.gone.id}"]`).click()
    const panel = page.getByTestId('case-findings')
    await panel.waitFor()
    assert.match(await panel.innerText(), /亡故/)
    await shot(page, 'screening-findings-1280')
    await panel.getByTestId('finding-clear').click()
    await page.getByTestId('finding-save').click()
    await page.getByTestId('finding-dialog').locator('.el-form-item__error').filter({ hasText: '请写明理由' }).waitFor()
    await page.getByTestId('finding-reason').fill('经核实系名册登记错误，本人健在，已更正名册')
    await page.getByTestId('finding-save').click()
    await page.locator('[data-testid="findings-open"][data-open="0"]').waitFor()
    assert.match(await panel.innerText(), /已排除/)

    // the same answer again: taken
    await page.goto(`${e2e.base}/#/screening/${batchId}`)
    await page.getByTestId('screening-answer-file').setInputFiles(ans)
    await page.getByTestId('screening-result').waitFor()
    assert.match(await page.getByTestId('screening-result').innerText(), /通过 3 人/)
    await page.locator('[data-testid="screening-batch-state"][data-state="answered"]').waitFor()
    for (let r = 1; r <= 3; r++) assert.equal(await page.getByTestId(`line-state-${r}`).getAttribute('data-state'), 'screened')
    await shot(page, 'screening-answered-1280')
    assert.deepEqual(errors, [])
  })

  /* ---- a phone: the batch and the case's findings fit ---- */
  await e2e.withPage({ failure: 'screening-phone-failure', timeout: 30_000, viewport: { width: 390, height: 844 } }, async ({ page }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/screening`)
    await page.getByTestId('screening-batch-list').waitFor()
    await shot(page, 'screening-list-390')
    const id = (await page.getByTestId('screening-batch-list').locator('a').first().innerText()).trim()
    await page.goto(`${e2e.base}/#/screening/${id}`)
    await page.getByTestId('screening-lines').waitFor()
    await shot(page, 'screening-batch-390')
    await page.goto(`${e2e.base}/#/cases/${S.gone.id}`)
    await page.getByTestId('case-findings').waitFor()
    await shot(page, 'screening-findings-390')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 392, `the case page fits the phone (${width}px)`)
  })
})

// The department's list of other districts' rolls (外区县困难党员台账名单):
// a CSV with a bad ID number is refused as a whole, its row listed with the
// line and the reason, nothing stored; the corrected file is taken and the
// count on the page says how many numbers the screening now checks.
test('the other districts\' roll list: refused with its bad row, then imported', { timeout: 60_000 }, async () => {
  await e2e.withPage({ failure: 'screening-other-failure', timeout: 30_000, consoleErrors: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/screening`)
    const count = page.getByTestId('other-district-count')
    await count.waitFor()
    const before = Number(await count.getAttribute('data-count'))
    const good = [idNumber('330781', '19650302', '211'), idNumber('330782', '19581120', '342')]
    const file = path.join(OUT, 'other-district.csv')
    fs.writeFileSync(file, ['身份证号码,区县', `${good[0]},义乌市`, '33078119650302211Y,义乌市', `${good[1]},东阳市`].join('\n'))
    await page.getByTestId('other-district-file').setInputFiles(file)
    const bad = page.getByTestId('other-district').getByTestId('bad-rows')
    await bad.waitFor()
    assert.match(await bad.innerText(), /3/)
    assert.match(await bad.innerText(), /身份证/)
    assert.equal(Number(await count.getAttribute('data-count')), before, 'nothing stored')
    await shot(page, 'screening-other-refused-1280')
    fs.writeFileSync(file, ['身份证号码,区县', `${good[0]},义乌市`, `${good[1]},东阳市`].join('\n'))
    await page.getByTestId('other-district-file').setInputFiles(file)
    await page.locator(`[data-testid="other-district-count"][data-count="${before + 2}"]`).waitFor()
    await page.locator('.el-message--success').filter({ hasText: '已导入 2 个号码' }).waitFor()
    assert.equal(await bad.count(), 0, 'the bad rows are gone')
    await shot(page, 'screening-other-1280')
    assert.deepEqual(errors, [])
  })
})

// care_talks.test.mjs - the browser test of talks and political birthdays
// (谈心谈话, 政治生日; issue #12) against a real server with the demo in
// Debian's Chromium: as 东风村党支部 (branch0101) record a talk with a member
// not yet talked with from the coverage view and see the organisation's
// count go up; the home page's 本周政治生日 card; record a greeting from the
// birthdays page and see it marked; the 七一 celebration's page; download
// the 光荣在党50年 list as Excel (title row, header) and PDF.  Screenshots at
// 1280×800 and 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok, ADMIN_PASSWORD } from '../lib/harness.mjs'
import { readXlsx } from '../lib/xlsx.mjs'

const e2e = new E2e()
const S = {}
before(async () => {
  await e2e.open({ members: 60, cases: true })
  const admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  S.branch = (await ok(admin.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  // a year with members of 城关镇 reaching 50 years of party age in the demo
  const town = await e2e.stage.login('town01')
  const year = Number((await ok(admin.get('/api/v1/care/birthdays'))).from.slice(0, 4))
  for (let y = year; y < year + 40 && !S.medalYear; y++) if ((await ok(town.get(`/api/v1/care/medals?year=${y}`))).total) S.medalYear = y
  S.celebration = (await ok(admin.get('/api/v1/care/celebrations'))).items[0]
})
after(() => e2e.close())

async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()])
  const file = path.join(e2e.db.dir, `dl-${Date.now()}-${dl.suggestedFilename()}`)
  await dl.saveAs(file)
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) }
}

test('覆盖情况中为未谈话党员记录谈心谈话，本组织已谈话人数随之增加', async () => {
  await e2e.withPage({ failure: 'care-talks-coverage-failure', consoleErrors: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/talks?view=coverage`)
    const talked = page.getByTestId(`coverage-talked-${S.branch.id}`)
    await talked.waitFor()
    const before = Number(await talked.innerText())
    await page.getByTestId(`coverage-org-${S.branch.id}`).click()
    await page.getByTestId('talk-due').locator('[data-testid^=talk-due-record-]').first().waitFor()
    await shot(page, 'care-talks-1-coverage')
    await page.getByTestId('talk-due').locator('[data-testid^=talk-due-record-]').first().click()
    await page.getByTestId('talk-form').waitFor()
    const name = page.getByTestId('talk-talker-name')
    await name.waitFor()
    // the field checks before the server: the talker is required
    await page.getByTestId('talk-submit').click()
    await page.getByText('请填写谈话人姓名').waitFor()
    await name.fill('王建国')
    await page.getByTestId('talk-note').fill('了解家庭生产生活情况，鼓励参加组织生活')
    await shot(page, 'care-talks-2-dialog')
    await page.getByTestId('talk-submit').click()
    await page.getByTestId('talk-form').waitFor({ state: 'hidden' })
    await page.waitForFunction(([id, n]) => Number(document.querySelector(`[data-testid=coverage-talked-${id}]`)?.innerText) === n, [S.branch.id, before + 1])
    assert.equal(Number(await talked.innerText()), before + 1)
    await shot(page, 'care-talks-3-coverage-after')

    await page.goto(`${e2e.base}/#/talks`)
    await page.getByTestId('talk-table').getByText('王建国').first().waitFor()
    await shot(page, 'care-talks-4-list')
    assert.deepEqual(errors, [])
  })
})

test('首页本周政治生日；在政治生日页记录祝福后显示已祝福，贺卡可下载', async () => {
  await e2e.withPage({ failure: 'care-birthdays-failure', consoleErrors: true, acceptDownloads: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    const card = page.getByTestId('home-birthdays')
    await card.locator('[data-testid^=home-birthday-]').first().waitFor()
    await shot(page, 'care-birthdays-1-home')
    await page.getByTestId('home-birthdays-more').click()
    const greet = page.getByTestId('birthday-table').locator('[data-testid^=birthday-greet-]').first()
    await greet.waitFor()
    const id = (await greet.getAttribute('data-testid')).replace('birthday-greet-', '')
    await greet.click()
    const by = page.getByTestId('greeting-by')
    await by.waitFor()
    await page.waitForFunction(() => document.activeElement && document.activeElement.matches('[data-testid=greeting-by]'))
    await page.getByTestId('greeting-way').getByText('贺卡').click()
    await by.fill('王建国')
    await shot(page, 'care-birthdays-2-dialog')
    await page.getByTestId('greeting-submit').click()
    await page.getByTestId(`birthday-greeted-${id}`).waitFor()
    assert.match(await page.getByTestId(`birthday-greeted-${id}`).innerText(), /已祝福[\s\S]*贺卡/)
    await shot(page, 'care-birthdays-3-greeted')
    const pdf = await download(page, () => page.getByTestId(`birthday-card-${id}`).click())
    assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-')
    assert.match(pdf.name, /政治生日贺卡/)

    await page.goto(`${e2e.base}/#/birthdays?view=coverage`)
    await page.getByTestId('greeting-coverage-summary').waitFor()
    await shot(page, 'care-birthdays-4-coverage')
    assert.deepEqual(errors, [])
  })
})

test('七一集体政治生日活动页与“光荣在党50年”名单下载（Excel、PDF）', async () => {
  assert.ok(S.medalYear, 'the demo has members reaching 50 years of party age in some year')
  await e2e.withPage({ failure: 'care-medals-failure', consoleErrors: true, acceptDownloads: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/celebrations/${S.celebration.id}`)
    await page.getByTestId('celebration-attendance').waitFor()
    assert.match(await page.getByTestId('celebration-counts').innerText(), new RegExp(`${S.celebration.attendees} / ${S.celebration.oath}`))
    await shot(page, 'care-celebration-1')

    await page.goto(`${e2e.base}/#/medals?year=${S.medalYear}`)
    await page.getByTestId('medals-table').locator('a').first().waitFor()
    const shown = await page.getByTestId('medals-table').locator('tbody tr').count()
    await shot(page, 'care-medals-1')
    const x = await download(page, () => page.getByTestId('medals-xlsx').click())
    const rows = readXlsx(x.bytes)
    assert.match(rows[0][0], new RegExp(`${S.medalYear}年“光荣在党50年”纪念章颁发对象名单`))
    const head = rows.findIndex((r) => r[0] === '序号')
    assert.deepEqual(rows[head], ['序号', '所在党组织', '姓名', '性别', '出生日期', '入党时间', '党龄（年）'])
    assert.equal(rows.slice(head + 1).filter((r) => r[0]).length, shown)
    const p = await download(page, () => page.getByTestId('medals-pdf').click())
    assert.equal(p.bytes.subarray(0, 5).toString(), '%PDF-')
    assert.deepEqual(errors, [])
  })
})

test('手机宽度（390×844）下的谈心谈话、政治生日、七一活动和50年名单', async () => {
  await e2e.withPage({ failure: 'care-phone-failure', consoleErrors: true, viewport: { width: 390, height: 844 } }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    await page.getByTestId('home-birthdays').waitFor()
    await page.getByTestId('home-birthdays').scrollIntoViewIfNeeded()
    await shot(page, 'care-phone-1-home')
    for (const [url, id, name] of [
      ['/talks', 'talk-table', 'care-phone-2-talks'],
      ['/talks?view=coverage', 'talk-coverage', 'care-phone-3-coverage'],
      ['/birthdays', 'birthday-table', 'care-phone-4-birthdays'],
      [`/celebrations/${S.celebration.id}`, 'celebration-attendance', 'care-phone-5-celebration'],
      [`/medals?year=${S.medalYear}`, 'medals-table', 'care-phone-6-medals'],
    ]) {
      await page.goto(`${e2e.base}/#${url}`)
      await page.getByTestId(id).waitFor()
      await page.waitForLoadState('networkidle')
      await shot(page, name)
    }
    await page.goto(`${e2e.base}/#/talks`)
    await page.getByTestId('talk-add').click()
    await page.getByTestId('talk-form').waitFor()
    await shot(page, 'care-phone-7-talk-dialog')
    assert.deepEqual(errors, [])
  })
})

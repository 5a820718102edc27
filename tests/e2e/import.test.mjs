// import.test.mjs - the browser test of 导入 (issue #10) against a real
// server in Debian's Chromium: as 城关镇党委 (town01), on 党员名册 open 导入,
// download the template, choose an .xlsx with a bad row (an ID number Excel
// stored as a number), see the counts and the bad row with its line, column
// and reason, download the bad rows as Excel, import the good rows only, see
// the result and find the members in the list; then the organisations page
// imports a branch.  Screenshots at 1280×800 and 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { E2e, shot } from '../lib/e2e.mjs'
import { idNumber } from '../lib/harness.mjs'
import { makeXlsx, readXlsx } from '../lib/xlsx.mjs'

const e2e = new E2e()
before(() => e2e.open({ members: 30 }))
after(() => e2e.close())

const HEADER = ['姓名', '性别', '民族', '出生年月', '入党时间', '身份证号码', '联系电话', '户口类别', '家庭人口', '家庭住址', '文化程度', '人员类别', '所在支部']
const row = (name, id) => [name, '', '汉族', '', { date: 29037 }, id, '13912345678', '农业', 3, '城关镇东风村', '初中', '普通党员', 'T01V01']

// Opens the import dialog of button testid: the list may still settle (its
// query normalised into the URL re-renders the page), so a click that lands
// before that is made again.
async function openImport(page, testid) {
  await page.waitForLoadState('networkidle')
  const dialog = page.getByTestId('import-dialog')
  for (let i = 0; i < 5 && !(await dialog.isVisible()); i++) {
    await page.getByTestId(testid).click()
    await dialog.waitFor({ timeout: 2000 }).catch(() => {})
  }
  await dialog.waitFor()
  return dialog
}

function file(name, buf) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-import-'))
  const p = path.join(dir, name)
  fs.writeFileSync(p, buf)
  return p
}

test('导入党员：下载模板，上传 Excel，看到错误行的行号、列和原因，只导入正确的行', async () => {
  const xlsx = file('党员名单.xlsx', makeXlsx([HEADER,
    row('浏览甲', idNumber('330702', '19530101', '011')),
    row('浏览乙', 1.10101199001011e17),
    row('浏览丙', idNumber('330702', '19530103', '031')),
  ]))
  await e2e.withPage({ failure: 'import-e2e-failure', acceptDownloads: true, consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/members`)
    await page.getByTestId('member-table').waitFor()
    const dialog = await openImport(page, 'import-member')

    // step 1: the template
    const [tpl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
    assert.equal(tpl.suggestedFilename(), '党员导入模板.xlsx')
    assert.deepEqual(readXlsx(fs.readFileSync(await tpl.path()))[0], HEADER)
    await shot(page, 'import-1-template')

    // step 2: the file, checked by the server
    await page.locator('[data-testid="import-file"] input[type=file]').setInputFiles(xlsx)
    const counts = page.getByTestId('import-counts')
    await counts.waitFor()
    assert.match(await counts.innerText(), /党员名单\.xlsx[\s\S]*正确\s*2 行[\s\S]*错误\s*1 行/)
    const bad = page.getByTestId('import-bad-rows')
    const text = await bad.innerText()
    assert.match(text, /\b3\b[\s\S]*身份证号码[\s\S]*请将该列设置为文本格式后重新录入[\s\S]*浏览乙/)
    await shot(page, 'import-2-checked')

    // the bad rows as Excel
    const [errs] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors').click()])
    const rows = readXlsx(fs.readFileSync(await errs.path()))
    assert.deepEqual(rows[1].slice(0, 2), ['3', '身份证号码'])

    // step 3/4: all-or-nothing is not offered with a bad row; the good rows only
    assert.ok(await page.getByTestId('import-mode-all').locator('input').isDisabled())
    await page.getByTestId('import-mode-valid').click()
    await page.getByTestId('import-confirm').click()
    const result = page.getByTestId('import-result')
    await result.waitFor()
    assert.match(await result.innerText(), /已导入 2 行[\s\S]*另有 1 行错误/)
    await shot(page, 'import-3-done')
    await dialog.getByRole('button', { name: '完成' }).click()

    // the list shows them
    await page.getByTestId('member-search').fill('浏览')
    await page.getByTestId('member-search-btn').click()
    await page.getByTestId('member-table').getByText('浏览丙').waitFor()
    assert.equal(await page.getByTestId('member-table').getByText('浏览乙').count(), 0)
    assert.deepEqual(errors, [])
  })
})

test('导入组织，以及 390 宽的手机屏幕', async () => {
  const xlsx = file('组织.xlsx', makeXlsx([['组织编码', '组织名称', '上级组织编码', '组织类别'], ['T01V81', '浏览新村党支部', 'T01', '党支部']]))
  await e2e.withPage({ failure: 'import-org-e2e-failure', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/orgs`)
    await page.getByTestId('org-tree').waitFor()
    await openImport(page, 'import-org')
    await page.locator('[data-testid="import-file"] input[type=file]').setInputFiles(xlsx)
    await page.getByTestId('import-counts').waitFor()
    assert.match(await page.getByTestId('import-counts').innerText(), /正确\s*1 行[\s\S]*错误\s*0 行/)
    await shot(page, 'import-4-org-390')
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('import-result').waitFor()
    assert.match(await page.getByTestId('import-result').innerText(), /已导入 1 行/)
    await shot(page, 'import-5-org-done-390')
    await page.getByTestId('import-dialog').getByRole('button', { name: '完成' }).click()
    await page.getByTestId('org-tree').getByText('浏览新村党支部').waitFor()
    assert.deepEqual(errors, [])
  })
})

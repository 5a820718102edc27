// roll_import.test.mjs - the browser test of the roll import (建库, issue
// #11) against a real server in Debian's Chromium: as 城关镇党委 (town01), on
// 困难党员台账 open 导入, download the roll's template, choose the district's
// 台账 as .xlsx (a title row, dates and amounts as typed, a member of another
// township), see the counts and the bad row with its line, column and
// reason, import the good rows only, and find the members on the roll.
// Screenshots at 1280×800 and 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { E2e, shot } from '../lib/e2e.mjs'
import { cli } from '../lib/harness.mjs'
import { makeXlsx, readXlsx } from '../lib/xlsx.mjs'

// The server checks an upload as a job; on a loaded machine its counts may
// take longer than a click's 15 s to come (a wait, not a timing check).
const JOB_WAIT = 60_000

const e2e = new E2e()
before(() => e2e.open({ members: 40 }))
after(() => e2e.close())

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

function tmp(name, buf) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-roll-import-'))
  const p = path.join(dir, name)
  if (buf) fs.writeFileSync(p, buf)
  return p
}

// The register's members with their plain ID numbers: [name, id, branch code].
function members() {
  const out = tmp('members.csv')
  const r = cli(['member', 'export', '--reveal', '--out', out, ...e2e.db.g])
  assert.equal(r.status, 0, r.stderr)
  return fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1)
    .map((l) => l.split(',')).map((f) => [f[0], f[5], f[12]])
}

test('导入困难党员台账：下载模板，上传 Excel，看到错误行，只导入正确的行，在台账中看到他们', async () => {
  const all = members()
  const mine = all.filter((m) => m[2].startsWith('T01'))
  const other = all.find((m) => !m[2].startsWith('T01'))
  assert.ok(mine.length >= 2 && other)
  const xlsx = tmp('城关镇台账.xlsx', makeXlsx([
    ['城关镇困难党员台账'],
    ['序号', '姓名', '身份证号码', '纳入日期', '类别', '档次', '致困原因', '人均年纯收入（元）', '收入来源', '享受其他补贴', '思想动态', '急需何种帮助'],
    [1, mine[0][0], mine[0][1], '2024年6月1日', '输血型', '特别困难', '因病、缺劳力', '2,600元', '务农', '低保', '稳定', '医疗救助'],
    [2, mine[1][0], mine[1][1], { date: 45444 }, '造血', '暂时困难', '缺资金/缺技术', 3900, '零工', '', '积极', '创业资金'],
    [3, other[0], other[1], '2024-06-01', '关爱型', '比较困难', '其他', 3000, '', '', '', ''],
  ]))
  await e2e.withPage({ failure: 'roll-import-e2e-failure', acceptDownloads: true, consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/roll`)
    await page.getByTestId('roll-table').waitFor()
    const dialog = await openImport(page, 'import-roll')
    assert.match(await dialog.innerText(), /导入困难党员台账/)

    const [tpl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
    assert.equal(tpl.suggestedFilename(), '困难党员台账导入模板.xlsx')
    assert.ok(readXlsx(fs.readFileSync(await tpl.path()))[0].includes('急需何种帮助'))

    await page.locator('[data-testid="import-file"] input[type=file]').setInputFiles(xlsx)
    const counts = page.getByTestId('import-counts')
    await counts.waitFor({ timeout: JOB_WAIT })
    assert.match(await counts.innerText(), /正确\s*2 行[\s\S]*错误\s*1 行/)
    assert.match(await page.getByTestId('import-bad-rows').innerText(), new RegExp(`\\b5\\b[\\s\\S]*身份证号码[\\s\\S]*不在您的管辖范围内[\\s\\S]*${other[0]}`))
    await shot(page, 'roll-import-1-checked')
    assert.ok(await page.getByTestId('import-mode-all').locator('input').isDisabled())
    await page.getByTestId('import-mode-valid').click()
    await page.getByTestId('import-confirm').click()
    await page.getByTestId('import-result').waitFor()
    assert.match(await page.getByTestId('import-result').innerText(), /已导入 2 行/)
    await shot(page, 'roll-import-2-done')
    await dialog.getByRole('button', { name: '完成' }).click()
    const table = page.getByTestId('roll-table')
    await table.getByText(mine[0][0]).waitFor()
    await table.getByText(mine[1][0]).waitFor()
    assert.equal(await table.getByText(other[0], { exact: true }).count(), 0)

    // at 390 wide: the same file again, every row now refused
    // (the page in its phone layout first: the switch re-renders the toolbar,
    // and a dialog opened before it was closed by it in the full run)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('menu-open').waitFor()
    await page.reload()
    await page.getByTestId('roll-table').waitFor()
    await openImport(page, 'import-roll')
    await page.locator('[data-testid="import-file"] input[type=file]').setInputFiles(xlsx)
    await page.getByTestId('import-counts').waitFor({ timeout: JOB_WAIT })
    assert.match(await page.getByTestId('import-counts').innerText(), /正确\s*0 行[\s\S]*错误\s*3 行/)
    assert.match(await page.getByTestId('import-bad-rows').innerText(), /已在困难党员台账中/)
    await shot(page, 'roll-import-3-390')
    assert.deepEqual(errors, [])
  })
})

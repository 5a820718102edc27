// export.test.mjs - 导出Excel in the console (issue #10), in Debian's
// Chromium against a real server on the demo district with its cases: the
// member list filtered by the URL downloads the same members as a workbook
// (playwright's download event; the file unzipped and its sheet read),
// masked; a branch secretary's 导出含完整身份证号码和电话 asks first, then
// downloads full values and leaves an audit row; the case list's button
// exports its filter; an expired session sends the user to the login page.
// Screenshots of the list headers at 1280×800 and 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { E2e, shot, OUT } from '../lib/e2e.mjs'
import { ADMIN_PASSWORD } from '../lib/harness.mjs'
import { readXlsx } from '../lib/xlsx.mjs'

const e2e = new E2e()
let admin // an API client beside the browser

before(async () => {
  await e2e.open({ members: 60, cases: true })
  admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
})
after(() => e2e.close())

// Clicks what starts a download and keeps the file: { name, rows }.
async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()])
  const file = path.join(e2e.db.dir, `dl-${Date.now()}.xlsx`)
  await dl.saveAs(file)
  return { name: dl.suggestedFilename(), rows: readXlsx(fs.readFileSync(file)) }
}

test('党员名册：导出Excel 按当前筛选条件下载，号码隐藏；含完整号码须确认并记入审计日志', async () => {
  await e2e.withPage({ failure: 'export-members-failure', acceptDownloads: true }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    const status = '在职'
    await page.goto(`${e2e.base}/#/members?status=${encodeURIComponent(status)}`)
    await page.getByTestId('member-table').waitFor()
    const list = (await admin.get(`/api/v1/members?size=200&status=${encodeURIComponent(status)}&org=${(await admin.get('/api/v1/orgs')).json.items.find((o) => o.code === 'T01V01').id}`)).json
    assert.ok(list.total > 0)

    const plain = await download(page, () => page.getByTestId('export-xlsx').click())
    assert.match(plain.name, /^党员名册_\d{4}-\d{2}-\d{2}\.xlsx$/)
    const head = plain.rows[0]
    assert.equal(head[0], '姓名')
    const idCol = head.indexOf('身份证号码')
    assert.equal(plain.rows.length - 1, list.total, 'the filtered list, every page of it')
    assert.deepEqual(plain.rows.slice(1).map((r) => r[0]).sort(), list.items.map((m) => m.name).sort())
    assert.ok(plain.rows.slice(1).every((r) => /\*{8}/.test(r[idCol])), 'masked')
    await page.getByText(/已导出：党员名册_/).waitFor()

    // the full values: a confirmation first, then an audit row
    await page.locator('[data-testid="export-xlsx-menu"] .el-dropdown__caret-button').click()
    await page.getByTestId('export-xlsx-reveal').click()
    await page.getByText('本次导出（范围、条件和人数）将记入审计日志').waitFor()
    await shot(page, 'export-reveal-confirm', { fullPage: false })
    const full = await download(page, () => page.getByRole('button', { name: '确定导出' }).click())
    assert.equal(full.rows.length, plain.rows.length)
    assert.ok(full.rows.slice(1).every((r) => /^\d{17}[\dX]$/.test(r[idCol])), 'full ID numbers')
    const a = (await admin.get('/api/v1/audit?size=5')).json.items.find((x) => x.action === 'reveal' && x.username === 'branch0101')
    assert.ok(a, 'the audit row')
    assert.equal(a.detail.rows, list.total)
    assert.equal(a.detail.filters.status, status)
    assert.deepEqual(errors, [])
  })
})

// The roll as a branch hands it in (issue #11): by category (造血型, 输血型,
// 关爱型), numbered, ID numbers masked unless revealed (audited).
test('困难党员台账：导出Excel 按类别排列、带序号，号码隐藏；含完整号码记入审计日志', async () => {
  await e2e.withPage({ failure: 'export-roll-failure', acceptDownloads: true }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/roll`)
    await page.getByTestId('export-xlsx').waitFor()
    const plain = await download(page, () => page.getByTestId('export-xlsx').click())
    assert.match(plain.name, /^困难党员台账_/)
    const head = plain.rows.find((r) => r[0] === '序号')
    assert.ok(head, 'a header row under the title')
    const body = plain.rows.slice(plain.rows.indexOf(head) + 1)
    assert.ok(body.length > 1)
    const cat = head.indexOf('类别'), idCol = head.indexOf('身份证号码')
    const order = ['造血型', '输血型', '关爱型', '']
    const ranks = body.map((r) => order.indexOf(r[cat] ?? ''))
    assert.deepEqual([...ranks].sort((a, b) => a - b), ranks, 'by category')
    assert.deepEqual(body.map((r) => Number(r[0])), body.map((_, i) => i + 1), '序号')
    assert.ok(body.every((r) => /\*{8}/.test(r[idCol])), 'masked')
    await page.locator('[data-testid="export-xlsx-menu"] .el-dropdown__caret-button').click()
    await page.getByTestId('export-xlsx-reveal').click()
    const full = await download(page, () => page.getByRole('button', { name: '确定导出' }).click())
    const fhead = full.rows.find((r) => r[0] === '序号')
    assert.ok(full.rows.slice(full.rows.indexOf(fhead) + 1).every((r) => /^\d{17}[\dX]$/.test(r[idCol])), 'full ID numbers')
    const a = (await admin.get('/api/v1/audit?size=5')).json.items.find((x) => x.action === 'reveal' && x.username === 'town01')
    assert.ok(a, 'the audit row')
    assert.deepEqual(errors, [])
  })
})

test('帮扶案件：导出Excel 带上状态筛选；会话过期时转到登录页', async () => {
  await e2e.withPage({ failure: 'export-cases-failure', acceptDownloads: true }, async ({ context, page, errors }) => {
    await e2e.login(page, 'dept')
    const all = (await admin.get('/api/v1/cases?size=200')).json
    const state = all.items[0].state
    const want = all.items.filter((c) => c.state === state)
    await page.goto(`${e2e.base}/#/cases?state=${state}`)
    await page.getByTestId('export-xlsx').waitFor()
    const got = await download(page, () => page.getByTestId('export-xlsx').click())
    assert.match(got.name, /^帮扶档案_/)
    assert.equal(got.rows.length - 1, want.length)
    const stateCol = got.rows[0].indexOf('状态')
    assert.ok(got.rows.slice(1).every((r) => r[stateCol] === want[0].state_label), 'the state in Chinese')

    // the session ends (cookies gone): the click leads to the login page
    await context.clearCookies()
    await page.getByTestId('export-xlsx').click()
    await page.getByTestId('login-username').waitFor()
    assert.deepEqual(errors, [])
  })
})

test('导出Excel 按钮在各列表页的工具栏（1280×800 与 390×844 截图）', async () => {
  await e2e.withPage({ failure: 'export-pages-failure' }, async ({ page, errors }) => {
    await e2e.login(page, 'admin', ADMIN_PASSWORD)
    const batch = (await admin.get('/api/v1/payment-batches')).json.items[0]
    const round = (await admin.get('/api/v1/rounds')).json.items[0]
    const pages = ['members', 'cases', 'notices', 'payments', 'loans', 'recoveries', 'todo', 'users', 'audit', `payments/${batch.id}`, `rounds/${round.id}/progress`]
    for (const p of pages) {
      await page.goto(`${e2e.base}/#/${p}`)
      await page.getByTestId('export-xlsx').first().waitFor({ state: 'visible' })
    }
    for (const [w, h, tag] of [[1280, 800, 'desktop'], [390, 844, 'phone']]) {
      await page.setViewportSize({ width: w, height: h })
      for (const p of ['members', 'loans', `payments/${batch.id}`]) {
        await page.goto(`${e2e.base}/#/${p}`)
        await page.getByTestId('export-xlsx').first().waitFor({ state: 'visible' })
        await shot(page, `export-${p.replace('/', '-')}-${tag}`, { fullPage: false })
      }
    }
    assert.ok(fs.existsSync(path.join(OUT, 'export-members-desktop.png')))
    assert.deepEqual(errors, [])
  })
})

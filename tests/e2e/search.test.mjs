// search.test.mjs - the lists' search boxes in the console (issue #10):
// on 帮扶案件 a member's name typed and Enter goes into the URL (?q=) and
// narrows the list, a reload keeps both, an ID number finds its member's
// cases exactly, the clear button shows everything again; the same box on
// 公示管理, 资金拨付 and the audit log's filters, each kept in the URL.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok, ADMIN_PASSWORD } from '../lib/harness.mjs'

const e2e = new E2e()
before(() => e2e.open({ members: 50, cases: true }))
after(() => e2e.close())

const hashQuery = (page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] || '')

test('帮扶案件：按姓名、身份证号查询，写入地址栏，刷新后保留，清除后恢复全部', async () => {
  const admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  const all = await ok(admin.get('/api/v1/cases?size=200'))
  const target = all.items[all.items.length - 1]
  const idNumber = (await ok(admin.post(`/api/v1/members/${target.member_id}/reveal`, {}))).id_number
  const expected = (await ok(admin.get(`/api/v1/cases?q=${encodeURIComponent(target.member_name)}`))).total
  assert.ok(expected >= 1 && expected < all.total)

  await e2e.withPage({ failure: 'search-cases-failure' }, async ({ page, errors }) => {
    await e2e.login(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`${e2e.base}/#/cases`)
    const rows = page.locator('[data-testid="case-table"] .el-table__body tr')
    await rows.first().waitFor()
    const box = page.getByTestId('case-search')
    assert.equal(await box.getAttribute('placeholder'), '姓名 / 身份证号 / 案件编号')
    await box.fill(target.member_name)
    await box.press('Enter')
    await page.waitForURL((u) => hashQuery({ url: () => u.toString() }).get('q') === target.member_name)
    await page.getByTestId(`case-link-${target.id}`).waitFor()
    assert.equal(await rows.count(), expected)
    for (const name of await page.locator('[data-testid^="case-link-"]').allInnerTexts()) assert.equal(name.trim(), target.member_name)
    await shot(page, 'search-cases')

    await page.reload()
    await page.getByTestId(`case-link-${target.id}`).waitFor()
    assert.equal(await page.getByTestId('case-search').inputValue(), target.member_name, 'the box keeps the text')
    assert.equal(await rows.count(), expected, 'and the list its rows')

    // the ID number: exactly this member's cases; a part of it: none
    await box.fill(idNumber)
    await box.press('Enter')
    await page.waitForURL((u) => u.toString().includes(`q=${idNumber}`))
    await page.getByTestId(`case-link-${target.id}`).waitFor()
    await box.fill(idNumber.slice(0, 14))
    await box.press('Enter')
    await page.locator('[data-testid="case-table"] .el-table__empty-text').filter({ hasText: '没有符合条件的案件' }).waitFor()

    // the clear button: every case again, q gone from the URL
    const wrapper = page.locator('.el-input:has([data-testid="case-search"])')
    await wrapper.hover()
    await wrapper.locator('.el-input__clear').click()
    await page.waitForURL((u) => !u.toString().includes('q='))
    await rows.nth(1).waitFor()
    assert.equal(errors.length, 0, errors.join('\n'))
  })
})

test('公示管理、资金拨付、审计日志：查询条件写入地址栏', async () => {
  const admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  const batch = (await ok(admin.get('/api/v1/payment-batches'))).items[0]
  const notice = (await ok(admin.get('/api/v1/notices'))).items[0]

  await e2e.withPage({ failure: 'search-lists-failure' }, async ({ page, errors }) => {
    await e2e.login(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`${e2e.base}/#/notices`)
    let box = page.getByTestId('notice-search')
    await box.fill(String(notice.id))
    await box.press('Enter')
    await page.waitForURL((u) => u.toString().includes(`q=${notice.id}`))
    await page.getByTestId(`notice-link-${notice.id}`).waitFor()
    assert.equal(await page.locator('[data-testid="notice-table"] .el-table__body tr').count(), 1)

    await page.goto(`${e2e.base}/#/payments`)
    box = page.getByTestId('batch-search')
    await box.fill(batch.batch_ref)
    await box.press('Enter')
    await page.waitForURL((u) => u.toString().includes(`q=${batch.batch_ref}`))
    await page.getByTestId(`batch-link-${batch.id}`).waitFor()
    assert.equal(await page.locator('[data-testid="batch-table"] .el-table__body tr').count(), 1)
    await shot(page, 'search-payments')

    await page.goto(`${e2e.base}/#/audit`)
    box = page.getByTestId('audit-filter-user')
    await box.fill('town01')
    await box.press('Enter')
    await page.waitForURL((u) => u.toString().includes('user=town01'))
    const users = page.locator('[data-testid="audit-table"] .el-table__body tr td:nth-child(3)')
    await users.first().waitFor()
    // the actor by display name (town01 is 城关镇组织委员 in the demo)
    for (const u of await users.allInnerTexts()) assert.equal(u.trim(), '城关镇组织委员')
    await page.reload()
    await users.first().waitFor()
    assert.equal(await page.getByTestId('audit-filter-user').inputValue(), 'town01')
    await shot(page, 'search-audit')
    assert.equal(errors.length, 0, errors.join('\n'))
  })
})

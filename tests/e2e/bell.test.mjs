// bell.test.mjs - the message bell in the header (issue #10): on every page
// it counts the to-do items new since it was last opened or due within
// three working days; opening it lists them with links and clears the
// count, which stays cleared after a reload (the server keeps when it was
// opened); a link goes to the item.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'

const e2e = new E2e()
before(() => e2e.open({ members: 50, cases: true }))
after(() => e2e.close())

const badge = (page) => page.locator('[data-testid="bell-count"] .el-badge__content')

test('铃铛显示提醒数量，打开后列出事项并清零，刷新后仍为零', async () => {
  await e2e.withPage({ failure: 'bell-failure' }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    await badge(page).waitFor()
    const n = Number(await badge(page).innerText())
    assert.ok(n > 0, `a count on the bell: ${n}`)
    // on another page too
    await page.goto(`${e2e.base}/#/cases`)
    await badge(page).waitFor()
    await shot(page, 'bell-count', { fullPage: false })

    await page.getByTestId('bell').click()
    await page.getByTestId('bell-list').waitFor()
    const items = page.locator('[data-testid^="bell-item-"]')
    assert.equal(await items.count(), Math.min(10, n))
    await badge(page).waitFor({ state: 'hidden' })
    await shot(page, 'bell-open', { fullPage: false })

    await page.reload()
    await page.getByTestId('current-user').waitFor()
    await page.waitForTimeout(500) // the bell's first answer
    assert.equal(await badge(page).isVisible(), false, 'still cleared after a reload')

    // opened again: nothing new; an item's link goes to it
    await page.getByTestId('bell').click()
    await page.getByTestId('bell-empty').waitFor()
    await page.getByTestId('bell-all').click()
    await page.waitForURL((u) => u.toString().includes('#/todo'))
    assert.equal(errors.length, 0, errors.join('\n'))
  })
})

// serverday.test.mjs - the console's "today" is the server's (GET /meta
// `today`, lib/date.js), not the browser's clock: a server on another day
// (BANGFU_TODAY, far from any real date) and a browser left on the machine's
// clock; the home page's date line and a form's date default (新增借款's
// 放款日期) say the server's day.  Before lib/date.js both were the browser's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ADMIN_PASSWORD } from '../lib/harness.mjs'

const DAY = '2024-03-15'
const e2e = new E2e()

before(() => e2e.open({ members: 20, day: DAY }))
after(() => e2e.close())

test("dates default to the server's today, not the browser's", async () => {
  await e2e.withPage({ failure: 'serverday-failure' }, async ({ page, errors }) => {
    const browserDay = await page.evaluate(() => new Date().toISOString().slice(0, 10))
    assert.notEqual(browserDay, DAY, 'the browser is on another day than the server')

    await e2e.login(page, 'admin', ADMIN_PASSWORD)
    await page.getByText('2024年3月15日').waitFor()

    await page.goto(`${e2e.base}/#/loans`)
    await page.getByTestId('loan-new').click()
    const start = page.locator('[data-field="start_on"] input')
    await start.waitFor()
    assert.equal(await start.inputValue(), DAY, "新增借款's 放款日期 is the server's today")
    await shot(page, 'serverday-loan')
    assert.deepEqual(errors, [])
  })
})

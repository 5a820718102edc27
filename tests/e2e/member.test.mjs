// member.test.mjs - the browser test of the console against a real server:
// `bangfu init` + `bangfu demo --members 50` into a fresh SQLite file, then
// `bangfu serve` on a free loopback port, then in Debian's Chromium (through
// playwright-core, no downloaded browser): log in as admin, open 党员名册,
// 新增党员 with a wrong ID number (bad check character), see the server's
// message at the 身份证号码 field, correct it, save with Ctrl+Enter, and find the member by
// searching the name.  A screenshot of the end goes to tests/out/.
//
// Run: `npm run test:e2e` in web/ (or `node --test tests/e2e/` from the repo
// root).  BANGFU_BIN names the binary (default build/bangfu, relative to the
// repo root); CHROMIUM the browser (default /usr/bin/chromium).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, typeDate as typeInto, shot, idNumbers, randomDigits } from '../lib/e2e.mjs'
import { ADMIN_PASSWORD } from '../lib/harness.mjs'

const e2e = new E2e()

/** A name unlikely to exist in the demo data: 复姓 + two given characters. */
function uniqueName() {
  const pick = (s) => s[Math.floor(Math.random() * s.length)]
  return '欧阳' + pick('晓明俊思远文博子涵瑞') + pick('峰岚涛霖睿菡锦钰')
}

before(() => e2e.open({ members: 50 }))
after(() => e2e.close())

/* ---- helpers on the page (Element Plus widgets) ---- */

/** Opens the el-select inside [data-field=field] and picks the option labelled text. */
async function choose(page, field, text) {
  await page.locator(`[data-field="${field}"] .el-select__wrapper`).click()
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
  await option.first().click()
  await page.keyboard.press('Escape').catch(() => {})
}

/** Types a date into the el-date-picker of a field (value-format YYYY-MM-DD). */
async function typeDate(page, field, date) {
  await typeInto(page.locator(`[data-field="${field}"] input`), date)
  await page.keyboard.press('Escape').catch(() => {})
}

test('新增党员：身份证号码校验位错误时在该字段显示服务器的提示，改正后保存并能按姓名查到', async (t) => {
  const name = uniqueName()
  const { good, wrong } = idNumbers()
  const phone = '139' + randomDigits(8)
  t.diagnostic(`member ${name}, ID ${good} (wrong: ${wrong}), phone ${phone}`)

  await e2e.withPage({ failure: 'member-e2e-failure' }, async ({ page, errors: pageErrors }) => {
    // Log in (Enter submits).
    await e2e.login(page, 'admin', ADMIN_PASSWORD, { from: '/' })

    // 党员名册 → 新增党员.
    await page.getByTestId('menu-members').click()
    await page.getByTestId('member-table').waitFor()
    await page.getByTestId('member-add').click()
    await page.getByTestId('member-name').waitFor()

    // Fill the form, with the wrong check character.
    await page.getByTestId('member-name').fill(name)
    await page.getByTestId('member-id_number').fill(wrong)
    await choose(page, 'ethnicity', '汉族')
    await choose(page, 'education', '初中')
    await typeDate(page, 'joined_on', '1985-07-01')
    await page.getByTestId('member-phone').fill(phone)
    await choose(page, 'household_type', '农业')
    await page.locator('[data-field="household_size"] input').fill('3')
    await page.getByTestId('member-address').fill('城关镇幸福村二组 12 号')
    // 所在支部: the first 党支部 in the tree.
    await page.locator('[data-field="org_id"] .el-select__wrapper').click()
    await page.locator('.member-org-popper [data-kind="branch"]:visible').first().click()
    await choose(page, 'member_type', '普通党员')
    await page.getByTestId('member-income_sources').fill('务农年收入约 6000 元')

    // Save: the server refuses the ID number and names the field.
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/members') && r.request().method() === 'POST')
    await page.getByTestId('member-save').click()
    const res = await refused
    assert.equal(res.status(), 400, 'a wrong check character is a 400')
    const { error } = await res.json()
    assert.equal(error.field, 'id_number')
    const fieldError = page.locator('[data-field="id_number"] .el-form-item__error')
    await fieldError.waitFor()
    assert.equal((await fieldError.innerText()).trim(), error.message, 'the server message is shown at 身份证号码')
    assert.match(page.url(), /#\/members\/new/, 'still on the form')
    await shot(page, 'member-e2e-id-error', { fullPage: false })

    // Correct the ID number and save again, from the keyboard (Ctrl+Enter in
    // the field, useCtrlEnter): the detail page opens.
    await page.getByTestId('member-id_number').fill(good)
    await fieldError.waitFor({ state: 'detached' }).catch(() => {})
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/members') && r.request().method() === 'POST')
    await page.getByTestId('member-id_number').press('Control+Enter')
    const ok = await created
    assert.equal(ok.status(), 201, `saving the corrected member: ${await ok.text()}`)
    const { id } = await ok.json()
    await page.waitForURL(new RegExp(`#/members/${id}$`))
    await page.getByTestId('member-title').filter({ hasText: name }).waitFor()
    const masked = (await page.getByTestId('member-id_number-value').innerText()).trim()
    assert.equal(masked.length, 18)
    assert.ok(masked.includes('*') && masked.endsWith(good.slice(-4)), `the detail page shows the ID masked (${masked})`)

    // Back in the list, search the name.
    await page.getByTestId('menu-members').click()
    await page.getByTestId('member-search').fill(name)
    await page.getByTestId('member-search').press('Enter')
    await page.waitForURL((u) => new URL(u).hash.includes('q='))
    const row = page.locator('[data-testid="member-table"] .el-table__body tr').filter({ hasText: name })
    await row.first().waitFor()
    assert.equal(await row.count(), 1, 'exactly one member with that name')
    assert.ok((await row.first().innerText()).includes(good.slice(-4)), 'the row shows the (masked) ID number')

    await shot(page, 'member-e2e')
    assert.deepEqual(pageErrors, [], 'no script errors in the page')
  })
})

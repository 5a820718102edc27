// procedure.test.mjs - the browser test of the aid procedure's console pages
// (issue #3) against a real server: `bangfu init` + `bangfu demo` into a
// fresh SQLite file (tests/lib/harness.mjs), `bangfu serve` on a free
// loopback port serving web/dist, and Debian's Chromium through
// playwright-core.  Through the API: the department opens this year's round,
// a branch enters three applications, carries them to the committee's
// decision and posts two on a public notice 22 days ago (so its period is over
// and closing it is overdue).
// Then in the browser:
//   - as the branch: the home page's to-do counts (1 overdue), the inbox's
//     overdue tab with the notice in red, the notice page; record two
//     objections by phone and letter, handle one as unfounded and the other
//     as upheld (case returned), close the notice; post the third case on a
//     new notice (公示管理 → 发布公示);
//   - as the department: the round's progress; a new policy version with the
//     yearly amount changed (first with a bad condition code: the server's
//     error is shown at that cell), checked through the API; a holiday added
//     to 2027, a year without data (shown as estimated).
// Screenshots go to tests/out/procedure-e2e-*.png.
//
// Run: `node --test tests/e2e/procedure.test.mjs` from the repo root.
// BANGFU_BIN names the binary (default build/bangfu); CHROMIUM the browser.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, typeDate, shot as shotAs } from '../lib/e2e.mjs'
import { ok, idNumber } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {} // what the set-up built: ids the browser steps check

const pad = (n) => String(n).padStart(2, '0')
/** The server's "today" is the machine's local date (no BANGFU_TODAY here). */
function daysAgo(n) {
  const d = new Date(Date.now() - n * 86400000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Round, three applications decided, two of them on a notice that has ended. */
async function setUp() {
  const dept = await e2e.stage.login('dept')
  const branch = await e2e.stage.login('branch0101')
  const orgs = (await ok(dept.get('/api/v1/orgs'))).items
  S.branchOrg = orgs.find((o) => o.code === 'T01V01')
  const round = await ok(dept.post('/api/v1/rounds', { year: new Date().getFullYear() }), 201)
  S.round = round.id
  // Three members of our own (the demo spreads its members at random).
  const members = []
  for (const [i, name] of ['王建国', '李秀英', '张德厚'].entries()) {
    const m = { name, ethnicity: '汉族', joined_on: '1978-07-01', id_number: idNumber('330702', `1950030${i + 1}`, `21${i}`), phone: `1381234567${i}`, household_type: '农业', household_size: 3, address: '城关镇东风村1组', education: '初中', member_type: '普通党员', org_id: S.branchOrg.id }
    members.push(await ok(branch.post('/api/v1/members', m), 201))
  }
  S.cases = []
  for (const m of members.slice(0, 3)) {
    const c = await ok(
      branch.post('/api/v1/cases', {
        member_id: m.id, kind: 'yearly', round_id: S.round, conditions: ['serious_illness'], causes: ['illness'],
        situation: '本人患重病，长期治疗，家庭收入微薄', household_size: 3, labour_capacity: false, income_fen: 800000,
      }),
      201,
    )
    S.cases.push(c)
  }
  for (const c of S.cases) {
    const steps = [
      ['investigate', { investigation_on: daysAgo(25), investigators: '张三、李四', investigation: '入户查看，情况属实' }],
      ['appraise', { appraisal_on: daysAgo(24), expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '党员大会同意' }],
      ['decide', { decision_on: daysAgo(23), decision_minutes: '支委会研究同意' }],
    ]
    for (const [event, data] of steps) await ok(branch.post(`/api/v1/cases/${c.id}/steps`, { event, ...data }))
  }
  const notice = await ok(branch.post('/api/v1/notices', { org_id: S.branchOrg.id, kind: 'yearly', case_ids: [S.cases[0].id, S.cases[1].id], starts_on: daysAgo(22) }), 201)
  assert.equal(notice.ended, true, 'a notice posted 22 days ago has ended')
  S.notice = notice.id
  const todo = await ok(branch.get('/api/v1/todo?counts_only=1'))
  S.counts = todo.counts
  assert.equal(todo.counts.overdue, 1, 'the ended notice is overdue to close')
  S.dept = dept
  S.branch = branch
}

before(async () => {
  await e2e.open({ members: 60 })
  await setUp()
})
after(() => e2e.close())

/* ---- helpers on the page ---- */

/** A page (in a context of its own) logged in as user, for fn; its screenshot
 * procedure-e2e-<failure>.png when fn throws. */
function loggedIn(user, failure, fn) {
  return e2e.withPage({ failure: `procedure-e2e-${failure}`, acceptDownloads: true }, async ({ page, errors }) => {
    await e2e.login(page, user, undefined, { from: '/' })
    return fn(page, errors)
  })
}

/** Waits for the answer of method path (a string the URL ends with, or a RegExp). */
function answer(page, method, pathEnd) {
  return page.waitForResponse((r) => r.request().method() === method && (pathEnd instanceof RegExp ? pathEnd.test(r.url()) : r.url().split('?')[0].endsWith(pathEnd)))
}

/** The visible dialog titled title. */
const dialog = (page, title) => page.locator('.el-dialog:visible').filter({ has: page.locator('.el-dialog__title', { hasText: title }) })

/** No loading mask left on the page (they fade out after the data came). */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
}

const shoot = (page, name) => shotAs(page, `procedure-e2e-${name}`)

/* ---- the scenario ---- */

test('支部：首页待办统计、待办事项、公示详情中登记并处理异议、结束公示', async (t) => {
  await loggedIn('branch0101', 'failure-branch', async (page, errors) => {
    // Home: the to-do cards show the server's counts.
    const overdueCard = page.getByTestId('todo-count-overdue')
    await overdueCard.getByTestId('todo-count-value').filter({ hasText: /^\s*1\s*$/ }).waitFor()
    const total = (await page.getByTestId('todo-count-total').getByTestId('todo-count-value').innerText()).trim()
    assert.equal(total, String(S.counts.total), 'the total to-do count')
    const cases = (await page.getByTestId('todo-count-cases').getByTestId('todo-count-value').innerText()).trim()
    assert.equal(cases, String(S.counts.cases), 'cases waiting for the branch')
    await shoot(page, 'home')

    // The overdue card opens the inbox at its tab: the notice, in red.
    await overdueCard.click()
    await page.waitForURL(/#\/todo\?kind=overdue/)
    const row = page.locator('[data-testid="todo-table"] .el-table__body tr.row-overdue')
    await row.first().waitFor()
    assert.equal(await row.count(), 1, 'one overdue item')
    assert.match(await row.first().innerText(), /已逾期/)
    // 全部 lists the cases to act on too.
    await page.locator('#tab-all').click()
    await page.getByTestId('todo-item-case').first().waitFor()
    await page.locator('#tab-overdue').click()
    await shoot(page, 'todo')
    await page.getByTestId('todo-item-notice').click()
    await page.waitForURL(new RegExp(`#/notices/${S.notice}$`))
    await page.getByTestId('notice-state').filter({ hasText: '已期满待结束' }).waitFor()
    assert.equal(await page.locator('[data-testid="notice-cases"] .el-table__body tr').count(), 2, 'the notice lists its two cases')
    const pdfHref = await page.getByTestId('notice-pdf').getAttribute('href')
    assert.equal(pdfHref, `/api/v1/notices/${S.notice}/document`)

    // Record an objection by phone about the first case.
    const [caseA, caseB] = S.cases
    async function record(who, channel, content) {
      await page.getByTestId('objection-add').click()
      const d = dialog(page, '登记异议')
      await d.waitFor()
      await d.getByTestId('objection-case').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: who }).first().click()
      await d.getByTestId('objection-channel').locator('label', { hasText: channel }).click()
      await d.getByTestId('objection-reporter').fill('村民甲')
      await d.getByTestId('objection-content').fill(content)
      const saved = answer(page, 'POST', `/api/v1/notices/${S.notice}/objections`)
      await d.getByTestId('objection-save').click()
      const r = await saved
      assert.equal(r.status(), 201, await r.text())
      await d.waitFor({ state: 'hidden' })
      return (await r.json()).id
    }
    const o1 = await record(caseA.member_name, '电话', '反映该户有经营收入')
    const o2 = await record(caseB.member_name, '信函', '反映该户子女在外务工收入较高')
    const objRows = page.locator('[data-testid="objection-table"] .el-table__body tr')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="objection-table"] .el-table__body tr').length === 2)
    assert.match(await objRows.nth(0).innerText(), /电话[\s\S]*反映该户有经营收入[\s\S]*待处理/)
    assert.ok(await page.getByTestId('notice-close').isDisabled(), 'closing waits for the objections')

    // Handle: the first is unfounded, the second upheld (the case is returned).
    async function handle(id, outcome, reason, confirm) {
      await page.getByTestId(`objection-handle-${id}`).click()
      const d = dialog(page, '处理异议')
      await d.waitFor()
      await d.getByTestId('objection-outcome').locator('label', { hasText: outcome }).click()
      await d.getByTestId('objection-reason').fill(reason)
      const done = answer(page, 'POST', `/api/v1/objections/${id}/handle`)
      await d.getByTestId('objection-handle-save').click()
      if (confirm) await page.locator('.el-message-box:visible .el-button--primary').click()
      const r = await done
      assert.equal(r.status(), 200, await r.text())
      await d.waitFor({ state: 'hidden' })
    }
    await handle(o1, '异议不成立', '经入户核实，经营已于去年停止，情况不属实', false)
    await handle(o2, '退回支部修改', '子女务工收入属实，需重新核定家庭收入', true)
    await page.getByTestId('objection-outcome-label').nth(1).waitFor()
    const labels = await page.getByTestId('objection-outcome-label').allInnerTexts()
    assert.deepEqual(labels.map((s) => s.trim()), ['异议不成立', '异议成立，退回修改'])
    const b = await ok(S.branch.get(`/api/v1/cases/${caseB.id}`))
    assert.equal(b.state, 'returned', 'the upheld objection returned the case')
    await shoot(page, 'objections')

    // Close the notice: the remaining case moves on.
    await page.getByTestId('notice-close').click()
    const closed = answer(page, 'POST', `/api/v1/notices/${S.notice}/close`)
    await page.locator('.el-message-box:visible .el-button--primary').click()
    const r = await closed
    assert.equal(r.status(), 200, await r.text())
    await page.getByTestId('notice-state').filter({ hasText: '已结束' }).waitFor()
    const a = await ok(S.branch.get(`/api/v1/cases/${caseA.id}`))
    assert.equal(a.state, 'noticed', 'closing the notice moved the case on')
    await shoot(page, 'notice-closed')

    // 公示管理 → 发布公示: the third case (decided) is offered, ticked; posted today.
    await page.goto(`${e2e.base}/#/notices`)
    await page.getByTestId('notice-add').click()
    const post = dialog(page, '发布公示')
    await post.waitFor()
    const offered = post.locator('.el-table__body tr').filter({ hasText: S.cases[2].member_name })
    await offered.waitFor()
    assert.equal(await post.locator('.el-table__body tr').count(), 1, 'only the decided case is offered')
    const posting = answer(page, 'POST', '/api/v1/notices')
    await post.getByTestId('notice-post-save').click()
    const pr = await posting
    assert.equal(pr.status(), 201, await pr.text())
    const second = await pr.json()
    assert.deepEqual(second.cases.map((c) => c.id), [S.cases[2].id])
    await page.waitForURL(new RegExp(`#/notices/${second.id}$`))
    await page.getByTestId('notice-state').filter({ hasText: '公示中' }).waitFor()
    assert.deepEqual(errors, [], 'no script errors in the page')
  })
  t.diagnostic(`notice ${S.notice}, cases ${S.cases.map((c) => c.id).join(', ')}`)
})

test('组织部：年度进度、新建政策版本（服务器错误显示在对应单元格）、设置 2027 年节假日', async () => {
  await loggedIn('dept', 'failure-dept', async (page, errors) => {
    // The round's progress: three cases, counted by step.
    await page.goto(`${e2e.base}/#/rounds/${S.round}/progress`)
    await page.getByTestId('progress-total').filter({ hasText: '3' }).waitFor()
    const table = page.getByTestId('progress-table')
    await table.locator('a.count.in_notice').first().waitFor() // the third case, posted by the branch
    const href = await table.locator('a.count.in_notice').first().getAttribute('href')
    assert.match(href, new RegExp(`#/cases\\?round=${S.round}&org=\\d+&state=in_notice$`), 'a count opens the case list filtered')
    await settled(page)
    await shoot(page, 'progress')

    // Policy: a new version from the one in force.
    await page.goto(`${e2e.base}/#/policy`)
    await page.getByTestId('policy-title').filter({ hasText: '第 1 版' }).waitFor()
    assert.equal((await page.getByTestId('policy-value-yearly_amount_fen').innerText()).trim(), '600')
    await page.getByTestId('policy-new-version').click()
    await page.getByTestId('policy-form').waitFor()
    const amount = page.locator('[data-testid="policy-yearly_amount_fen"] input')
    await amount.fill('800')
    await amount.press('Tab')
    await page.getByTestId('policy-note').fill('生活困难帮扶标准调整为每人每年 800 元')
    // A condition with a code the server refuses: its message at that cell.
    const conditions = page.getByTestId('policy-conditions')
    const before = await conditions.locator('.el-table__body tr').count()
    await page.locator('[data-field="conditions"] .add').click()
    // (el-input puts data-subfield on its native input)
    const cell = page.locator(`input[data-subfield="conditions[${before}].code"]`)
    await cell.fill('Bad Code')
    await page.locator(`input[data-subfield="conditions[${before}].label"]`).fill('测试条件')
    let saving = answer(page, 'POST', '/api/v1/policies')
    await page.getByTestId('policy-save').click()
    let res = await saving
    assert.equal(res.status(), 400)
    const { error } = await res.json()
    assert.equal(error.field, `conditions[${before}].code`)
    await page.locator('[data-field="conditions"] .block-error').filter({ hasText: error.message }).waitFor()
    assert.ok(await cell.evaluate((el) => !!el.closest('.cell-error')), 'the cell at fault is marked')
    await shoot(page, 'policy-error')
    // Remove the row and save: version 2.
    await conditions.locator('.el-table__body tr').nth(before).getByRole('button', { name: /删除第/ }).click()
    saving = answer(page, 'POST', '/api/v1/policies')
    await page.getByTestId('policy-save').click()
    res = await saving
    assert.equal(res.status(), 201, await res.text())
    await page.getByTestId('policy-shown').filter({ hasText: '第 2 版' }).waitFor()
    const v2 = await ok(S.dept.get('/api/v1/policies/2'))
    assert.equal(v2.document.yearly_amount_fen, 80000, '800 yuan typed, 80000 fen stored')
    assert.equal(v2.note, '生活困难帮扶标准调整为每人每年 800 元')
    assert.equal(v2.document.conditions.length, before, 'the refused row is gone')
    assert.equal((await page.getByTestId('policy-value-yearly_amount_fen').innerText()).trim(), '800')
    const diff = await page.getByTestId('policy-diff').innerText()
    assert.match(diff, /与第 1 版相比[\s\S]*生活困难帮扶标准：600 元 → 800 元/)
    assert.doesNotMatch(diff, /困难条件/, 'only the amount changed')
    await page.getByTestId('policy-title').scrollIntoViewIfNeeded()
    await shoot(page, 'policy')

    // Calendar: 2027 has no data yet; the department adds a holiday.
    await page.goto(`${e2e.base}/#/calendar?year=2027`)
    await page.getByTestId('calendar-estimated').waitFor()
    await page.getByTestId('calendar-add').click()
    const d = dialog(page, '设置日期')
    await d.waitFor()
    await typeDate(d.getByTestId('calendar-day-date').locator('input'), '2027-10-08')
    await d.getByTestId('calendar-day-kind').locator('label', { hasText: '放假' }).click()
    await d.getByTestId('calendar-day-name').fill('国庆节')
    const put = answer(page, 'PUT', '/api/v1/calendar/days')
    await d.getByTestId('calendar-day-save').click()
    const pr = await put
    if (pr.status() !== 204) assert.fail(`PUT /calendar/days answered ${pr.status()}: ${await pr.text()}`)
    await d.waitFor({ state: 'hidden' })
    const dayRow = page.locator('[data-testid="calendar-days"] .el-table__body tr').filter({ hasText: '2027-10-08' })
    await dayRow.waitFor()
    assert.match(await dayRow.innerText(), /放假[\s\S]*国庆节[\s\S]*组织部修改/)
    assert.ok(await page.locator('[data-testid="calendar-grid"] [data-date="2027-10-08"].holiday.edited').count(), 'the day is red in the year grid')
    const cal = await ok(S.dept.get('/api/v1/calendar?year=2027'))
    assert.deepEqual(cal.edits.map((x) => [x.day, x.kind, x.name]), [['2027-10-08', 'holiday', '国庆节']])
    await shoot(page, 'calendar')
    assert.deepEqual(errors, [], 'no script errors in the page')
  })
})

// case.test.mjs - the browser test of the aid procedure (issue #3): one
// yearly case carried from the application to filing and on to the end, every
// step clicked in the console by the user whose level takes it, against a real
// `bangfu serve` on a fresh SQLite file (init + demo) and Debian's Chromium
// through playwright-core.
//
// Time: the server's day is fixed with BANGFU_TODAY, so the deadlines are
// known, and the user types the dates of the records (the pickers offer the
// browser's day, which in a test is not the server's).  The 5-working-day
// notice is the part that needs time to pass: on 2025-12-03 (Wednesday) the
// branch posts it (it runs 3, 4, 5, 8, 9 December); the server is then
// restarted on the same database as 2025-12-10 (sessions live in the
// database, so the browser stays logged in) and the notice is closed.
// (Playwright's page.clock is not used: with the page's clock frozen, Element
// Plus's transitions never finish.)
//
// Who does what: dept (组织部) opens the 2025 round; branch0101 (东风村党支部)
// enters the application, records investigation, appraisal and the
// committee's decision, posts the notice, closes it, uploads the written
// application (which ticks its dossier item), ticks the other five items and
// submits; town01 (城关镇党委) reviews; dept approves and files; town01 enters
// screening, records the result and registers the payment; dept verifies.
// The timeline must then hold every step.  Screenshots go to tests/out/.
//
// Run: `node --test tests/e2e/case.test.mjs` from the repo root (BANGFU_BIN
// names the binary, default build/bangfu; CHROMIUM the browser;
// BANGFU_WEB_DIST another build of the console than web/dist).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { E2e, logout, menu as openMenu, typeDate as typeInto, shot } from '../lib/e2e.mjs'
import { ok, DEMO_PASSWORD, idNumber } from '../lib/harness.mjs'

const DAY1 = '2025-12-03' // Wednesday: the round opens, the notice is posted
const DAY2 = '2025-12-10' // the notice (3, 4, 5, 8, 9 December) is over

const e2e = new E2e()

/** A read through the API as someone (test set-up only: finding the member). */
async function apiAs(username, password, p) {
  const c = await e2e.stage.login(username, password)
  return ok(c.get('/api/v1' + p))
}

/** A logged-in API client for the second test's set-up (reads and writes with CSRF). */
async function apiClient(username, password = DEMO_PASSWORD) {
  const c = await e2e.stage.login(username, password)
  const call = async (method, p, req) => {
    const res = await req
    assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${JSON.stringify(res.json)}`)
    return res.json
  }
  return { get: (p) => call('GET', p, c.get('/api/v1' + p)), post: (p, b) => call('POST', p, c.post('/api/v1' + p, b)) }
}

before(() => e2e.open({ members: 50, day: DAY1 }))
after(() => e2e.close())

/* ---- helpers on the page ---- */

/** Clicks a menu item of 帮扶工作, opening the sub-menu first when it is folded. */
const menu = (page, name) => openMenu(page, name, '帮扶工作')

/** Types a date into the date picker inside `scope` (value-format YYYY-MM-DD). */
const typeDate = (page, scope, date) => typeInto(page.locator(`${scope} input`), date)

/** Waits for the case page to show `label` as the state. */
async function expectState(page, code) {
  await page.locator(`[data-testid="case-state"][data-state="${code}"]`).waitFor()
}

/** Clicks a step button, lets `fill` fill its form, confirms, waits for the state. */
async function takeStep(page, event, next, fill) {
  await page.getByTestId(`step-${event}`).click()
  const form = page.locator(`[data-testid="step-form-${event}"]`)
  await form.waitFor()
  if (fill) await fill(form)
  if (process.env.E2E_DEBUG) await shot(page, `case-e2e-step-${event}`, { fullPage: false })
  const answered = page.waitForResponse((r) => /\/api\/v1\/(cases\/\d+\/steps|notices)$/.test(r.url()) && r.request().method() === 'POST')
  await page.locator('.step-dialog [data-testid="step-confirm"]').click()
  const res = await answered
  if (process.env.E2E_DEBUG) console.error(new Date().toISOString(), event, res.status())
  if (res.status() >= 300) assert.fail(`${event}: ${res.status()} ${await res.text()}`)
  await expectState(page, next)
  if (process.env.E2E_DEBUG) console.error(new Date().toISOString(), event, 'state', next)
  await form.waitFor({ state: 'hidden' })
}

/** Opens a case from 帮扶案件 by clicking its name. */
async function openCase(page, id) {
  await menu(page, 'cases')
  await page.getByTestId(`case-link-${id}`).click()
  await page.waitForURL(new RegExp(`#/cases/${id}$`))
  await page.getByTestId('case-title').waitFor()
}

const dbg = (...a) => process.env.E2E_DEBUG && console.error(new Date().toISOString(), ...a)
const PDF = Buffer.from('%PDF-1.4\n% 书面申请（扫描件）\n1 0 obj<<>>endobj\n%%EOF\n')

test('一件年度帮扶案件：从申请到审批备案、筛查、发放、核查，每一步都在控制台点击完成', async (t) => {
  // The member: the one registered in 东风村党支部 (what branch0101 sees).
  const members = await apiAs('branch0101', DEMO_PASSWORD, '/members?size=5')
  assert.ok(members.items.length >= 1, 'the demo branch has a member')
  const member = members.items[0]
  t.diagnostic(`member ${member.name} (${member.id}) of ${member.org_name}`)
  let caseId
  // when it fails: whether the server still runs, and the end of its log
  const onFailure = () => {
    const { child, stderr } = e2e.stage.srv
    if (child.exitCode !== null || child.signalCode !== null) t.diagnostic(`bangfu serve ended (${child.exitCode ?? child.signalCode})`)
    if (stderr) t.diagnostic(stderr.slice(-2000))
  }

  await e2e.withPage({ failure: 'case-e2e-failure', onFailure, acceptDownloads: true }, async ({ page, errors: pageErrors }) => {
    /* ---- 组织部 opens the 2025 round ---- */
    await e2e.login(page, 'dept')
    await menu(page, 'rounds')
    await page.getByTestId('round-open').click()
    await page.locator('[data-testid="round-year"] input').fill('2025')
    const opened = page.waitForResponse((r) => r.url().endsWith('/api/v1/rounds') && r.request().method() === 'POST')
    await page.getByTestId('round-save').click()
    const round = await (await opened).json()
    assert.equal(round.opened_on, DAY1)
    assert.equal(round.due_on, '2025-12-18')
    await page.locator('[data-testid="round-table"] .el-table__body tr').filter({ hasText: '2025 年度生活困难党员帮扶' }).waitFor()
    await logout(page)

    /* ---- 党支部: the application ---- */
    await e2e.login(page, 'branch0101')
    await menu(page, 'cases')
    await page.getByTestId('case-add').click()
    await page.getByTestId('case-form').waitFor()
    await page.locator('[data-testid="case-member"] .el-select__wrapper').click()
    await page.keyboard.type(member.name)
    await page.locator('.case-member-popper .el-select-dropdown__item:visible').filter({ hasText: member.name }).first().click()
    await page.getByTestId('case-member-card').waitFor()
    // one open round: already chosen
    assert.match(await page.locator('[data-testid="case-round"]').innerText(), /2025 年度生活困难党员帮扶/)
    await page.locator('[data-testid="case-conditions"] .el-checkbox').filter({ hasText: '患重大疾病' }).click()
    await page.locator('[data-testid="case-causes"] .el-checkbox').filter({ hasText: '因病' }).click()
    await page.getByTestId('case-situation').fill('本人患尿毒症，每周透析三次，家中无其他劳动力，收入微薄')
    await page.getByTestId('case-income').fill('8000')
    await page.locator('[data-testid="case-household_size"] input').fill('3')
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST')
    await page.getByTestId('case-save').click()
    const res = await created
    assert.equal(res.status(), 201, await res.text())
    const made = await res.json()
    caseId = made.id
    await page.waitForURL(new RegExp(`#/cases/${caseId}$`))
    await expectState(page, 'applied')
    const explanation = await page.getByTestId('case-explanation').innerText()
    assert.match(explanation, /符合生活困难帮扶条件/, 'the classification is explained')
    // 8000 yuan for 3 people is under half the low-income line: the highest tier
    assert.equal(made.tier, 'severe')
    assert.match(await page.getByTestId('case-classification').innerText(), /特别困难/)

    /* investigation, appraisal, decision */
    await takeStep(page, 'investigate', 'investigated', async (f) => {
      await typeDate(page, '[data-testid="step-investigation_on"]', '2025-12-01')
      await f.getByTestId('step-investigators').fill('张书记、李委员')
      await f.getByTestId('step-investigation').fill('入户查看：本人透析治疗，配偶务农，情况属实')
    })
    // The appraisal, first with more present than expected: the server's
    // message is shown at 实到人数 and the dialog stays open to correct it.
    await takeStep(page, 'appraise', 'appraised', async (f) => {
      await typeDate(page, '[data-testid="step-appraisal_on"]', '2025-12-02')
      for (const [k, v] of [['expected', 30], ['present', 31], ['votes_for', 26], ['votes_against', 1], ['votes_abstain', 1]]) {
        await f.locator(`[data-testid="step-${k}"] input`).fill(String(v))
      }
      await f.getByTestId('step-appraisal_minutes').fill('党员大会民主评议，同意列为帮扶对象')
      const refused = page.waitForResponse((r) => /\/steps$/.test(r.url()))
      await page.locator('.step-dialog [data-testid="step-confirm"]').click()
      const r = await refused
      assert.equal(r.status(), 400)
      const { error } = await r.json()
      assert.equal(error.field, 'present')
      const fieldError = f.locator('[data-field="present"] .el-form-item__error')
      await fieldError.waitFor()
      assert.equal((await fieldError.innerText()).trim(), error.message, 'the server message is shown at 实到人数')
      await shot(page, 'case-e2e-field-error', { fullPage: false })
      await f.locator('[data-testid="step-present"] input').fill('28')
    })
    await takeStep(page, 'decide', 'decided', async (f) => {
      await typeDate(page, '[data-testid="step-decision_on"]', DAY1)
      await f.getByTestId('step-decision_minutes').fill('支委会研究同意，按年度标准帮扶')
    })
    assert.match(await page.getByTestId('case-facts').innerText(), /600\.00 元/, 'the yearly amount is proposed')

    /* the notice: posted today, five working days */
    await takeStep(page, 'open_notice', 'in_notice')
    const noticeLink = page.getByTestId('case-notice-link')
    await noticeLink.waitFor()
    assert.match(await noticeLink.innerText(), /2025-12-03 至 2025-12-09（5 个工作日）/, 'the case links its notice')
    assert.equal(await page.getByTestId('step-close_notice').count(), 0, 'the notice cannot be closed before its end')
    await shot(page, 'case-e2e-notice')

    /* ---- a week later ---- */
    await e2e.stage.day(DAY2)
    await page.goto(`${e2e.base}/#/cases/${caseId}`)
    await expectState(page, 'in_notice')
    await takeStep(page, 'close_notice', 'noticed')

    /* the written application as a PDF: listed, ticks its item */
    dbg('upload')
    await page.locator('[data-testid="attach-kind"] .el-select__wrapper').click()
    dbg('kind open')
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*书面申请\s*$/ }).click()
    const uploaded = page.waitForResponse((r) => /\/attachments\?kind=application$/.test(r.url()))
    await page.getByTestId('attach-file').setInputFiles({ name: '书面申请.pdf', mimeType: 'application/pdf', buffer: PDF })
    // (the answer's body is not read here: Playwright may wait forever for
    // the body of a response to a streamed upload; the page shows it anyway)
    assert.equal((await uploaded).status(), 201)
    const sha = crypto.createHash('sha256').update(PDF).digest('hex')
    const row = page.locator('[data-testid="attach-table"] .el-table__body tr').filter({ hasText: '书面申请.pdf' })
    await row.waitFor()
    // a branch never sees a hash: the SHA-256 is kept under 校验信息 for
    // auditors, the department and the administrator (words.test.mjs)
    assert.ok(!(await row.innerText()).includes(sha.slice(0, 16)), 'the branch sees no SHA-256')
    assert.equal(await row.getByTestId('check-info').count(), 0, 'nor the 校验信息 link')
    await page.locator('[data-testid="case-dossier"] li[data-code="application"][data-present="true"]').waitFor()
    const href = await row.locator('a').first().getAttribute('href')
    const dl = await page.request.get(e2e.base + href)
    assert.equal(dl.status(), 200)
    assert.deepEqual(Buffer.from(await dl.body()), PDF, 'the download is the file uploaded')

    /* the other five items seen on paper; then 上报 is offered */
    assert.equal(await page.getByTestId('step-submit').count(), 0, 'no submission with the dossier incomplete')
    await page.getByTestId('dossier-before-submit').click()
    for (const label of ['申请表', '党员大会记录', '支委会记录', '公示结果报告', '信息登记表']) {
      await page.locator('[data-testid="dossier-pick"] .el-checkbox').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).click()
    }
    await page.getByTestId('dossier-save').click()
    await page.locator('[data-testid="case-dossier"] li[data-present="false"]').first().waitFor({ state: 'detached' })
    await takeStep(page, 'submit', 'submitted')
    assert.match(await page.getByTestId('case-dossier').innerText(), /齐全/)
    await logout(page)

    /* ---- 党(工)委 reviews ---- */
    await e2e.login(page, 'town01')
    await openCase(page, caseId)
    await takeStep(page, 'review', 'reviewed', async (f) => {
      await f.getByTestId('step-opinion').fill('经审核，情况属实，同意上报')
    })
    await logout(page)

    /* ---- 组织部 approves and files ---- */
    await e2e.login(page, 'dept')
    await openCase(page, caseId)
    await takeStep(page, 'approve', 'approved')
    assert.equal((await page.getByTestId('case-approved').innerText()).trim(), '600.00 元')
    const pdf = await page.request.get(`${e2e.base}/api/v1/cases/${caseId}/documents/registration`)
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    await logout(page)

    /* ---- 党(工)委: screening and payment ---- */
    await e2e.login(page, 'town01')
    await openCase(page, caseId)
    await takeStep(page, 'enter_screening', 'screening', async () => {
      await typeDate(page, '[data-testid="step-screening_entered_on"]', DAY2)
    })
    await takeStep(page, 'screen_pass', 'screened', async (f) => {
      await f.getByTestId('step-screening_result').fill('系统筛查通过，无重复救助')
    })
    // the money: the department funds the committee and the branch (through the API,
    // the fund's own browser test clicks that), then the committee pays from the case page
    const deptApi = await apiClient('dept')
    const caseNow = await deptApi.get(`/cases/${caseId}`)
    const orgs = (await deptApi.get('/orgs')).items
    const branchOrg = orgs.find((o) => o.id === caseNow.org_id)
    for (const orgId of [branchOrg.parent_id, branchOrg.id]) {
      const f = await deptApi.post('/funds', { org_id: orgId })
      await deptApi.post(`/funds/${f.id}/income`, { source: 'finance', amount_fen: 100000 })
    }
    assert.equal(await page.locator('[data-testid="step-pay"]').count(), 0, 'no plain 登记发放 step: the money pays')
    await page.getByTestId('case-pay-now').click()
    const paid = page.waitForResponse((r) => new RegExp(`/api/v1/cases/${caseId}/payments$`).test(r.url()) && r.request().method() === 'POST')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    assert.equal((await paid).status(), 201)
    await page.locator('[data-testid="case-state"][data-state="paid"]').waitFor()
    await logout(page)

    /* ---- 组织部 verifies ---- */
    await e2e.login(page, 'dept')
    await openCase(page, caseId)
    await takeStep(page, 'verify', 'verified')
    assert.equal(await page.getByTestId('case-actions').count(), 0, 'a finished case has nothing left to do')

    /* the timeline holds every step, with who took it */
    const timeline = page.getByTestId('case-timeline')
    for (const ev of ['create', 'investigate', 'appraise', 'decide', 'open_notice', 'close_notice', 'attach', 'submit', 'review', 'approve', 'enter_screening', 'screen_pass', 'pay', 'verify']) {
      assert.equal(await timeline.locator(`[data-event="${ev}"]`).count(), 1, `the timeline shows ${ev}`)
    }
    const text = await timeline.innerText()
    // by display name (the demo's accounts branch0101, town01, dept), never the login
    for (const who of ['东风村党支部书记', '城关镇组织委员', '组织部干部']) assert.ok(text.includes(who), `the timeline names ${who}`)
    for (const login of ['branch0101', 'town01']) assert.ok(!text.includes(login), `no login name ${login} on the timeline`)
    assert.ok(text.includes('经审核，情况属实，同意上报'), 'the review opinion is on the timeline')

    /* the case list shows it finished */
    await menu(page, 'cases')
    const listRow = page.locator('[data-testid="case-table"] .el-table__body tr').filter({ hasText: member.name })
    await listRow.first().waitFor()
    assert.match(await listRow.first().innerText(), /已核查办结/)

    await openCase(page, caseId)
    await shot(page, 'case-e2e')
    assert.deepEqual(pageErrors, [], 'no script errors in the page')
  })
})

// The case list's batch actions, on the server day of the first test
// (2025-12-10).  Set-up through the API: the committee 城关镇党委 (town01)
// enters two yearly applications of one of its branches, the second with an
// exclusion ticked (so it cannot be approved), and records investigation,
// appraisal and decision dated in late November.  In the browser, as town01:
// 帮扶案件 filtered to 支委会已研究, both ticked, 发布公示 with the day it was
// put up (2025-11-26: it ran to 2 December); the notice page opens.  The notice
// is closed and both cases submitted and reviewed through the API.  As the
// department: 批量审批 with nothing ticked approves nothing (a warning); with
// two of the three reviewed cases ticked (the good one and the excluded one) it
// checks exactly those first (dry_run): the excluded case is listed above the
// table with the guard's words and its row marked; the question offers to
// approve only the good one, which the real (all or nothing) call then
// approves — the third, unticked, stays 党(工)委已审核.
test('帮扶案件列表：勾选发布公示；批量审批先检查，列出并标出全部不合格的案件，只审批合格的', async (t) => {
  const town = await apiClient('town01')
  const orgs = (await town.get('/orgs')).items
  const members = (await town.get('/members?size=200')).items
  const byOrg = new Map()
  for (const m of members) byOrg.set(m.org_id, [...(byOrg.get(m.org_id) || []), m])
  const [orgId, pair] = [...byOrg.entries()].find(([id, ms]) => ms.length >= 2 && orgs.find((o) => o.id === id && o.kind === 'branch')) || []
  assert.ok(pair, 'a branch of 城关镇 with two members')
  // and a third member of that branch for the third case
  pair.push(await town.post('/members', { name: '钱三', ethnicity: '汉族', joined_on: '1982-07-01', id_number: idNumber('330702', '19590607', '418'), phone: '13812345688', household_type: '农业', household_size: 2, address: '城关镇东风村3组5号', education: '初中', member_type: '普通党员', org_id: orgId }))
  const round = (await town.get('/rounds?year=2025')).items.find((r) => r.status === 'open')
  const ids = []
  for (const [i, m] of pair.slice(0, 3).entries()) {
    const c = await town.post('/cases', {
      member_id: m.id, kind: 'yearly', round_id: round.id, conditions: ['serious_illness'], causes: ['illness'],
      exclusions: i === 1 ? ['gambling_drugs_cults'] : [], situation: '患病，家庭困难', income_fen: 600000, household_size: 2, labour_capacity: false,
    })
    ids.push(c.id)
    await town.post(`/cases/${c.id}/steps`, { event: 'investigate', investigation_on: '2025-11-20', investigators: '王委员', investigation: '情况属实' })
    await town.post(`/cases/${c.id}/steps`, { event: 'appraise', appraisal_on: '2025-11-21', expected: 20, present: 18, votes_for: 15, votes_against: 2, votes_abstain: 1, appraisal_minutes: '同意' })
    await town.post(`/cases/${c.id}/steps`, { event: 'decide', decision_on: '2025-11-24', decision_minutes: '同意' })
  }
  const [good, bad, other] = ids
  t.diagnostic(`cases ${good}, ${bad} (excluded) and ${other} of org ${orgId}`)

  await e2e.withPage({ failure: 'case-e2e-batch-failure' }, async ({ page, errors: pageErrors }) => {
    await e2e.login(page, 'town01')
    await menu(page, 'cases')
    await page.locator('[data-testid="case-filter-state"] .el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*支委会已研究\s*$/ }).click()
    await page.waitForURL((u) => new URL(u).hash.includes('state=decided'))
    const rowOf = (id) => page.locator('[data-testid="case-table"] .el-table__body tr').filter({ has: page.getByTestId(`case-link-${id}`) })
    for (const id of ids) await rowOf(id).locator('.el-checkbox').click()
    await page.getByTestId('case-batch-notice').click()
    await page.getByTestId('notice-form').waitFor()
    await typeDate(page, '[data-testid="notice-form"] [data-field="starts_on"]', '2025-11-26')
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/notices') && r.request().method() === 'POST')
    await page.getByTestId('notice-save').click()
    const res = await posted
    assert.equal(res.status(), 201, await res.text())
    const notice = await res.json()
    assert.equal(notice.ncases, 3)
    assert.equal(notice.starts_on, '2025-11-26')
    assert.equal(notice.ended, true, 'put up on 26 November, over by 10 December')
    await page.waitForURL(new RegExp(`#/notices/${notice.id}$`))

    // Set-up: the notice closed, both cases submitted and reviewed.
    await town.post(`/notices/${notice.id}/close`)
    const all = ['application', 'application_form', 'assembly_minutes', 'committee_minutes', 'notice_report', 'registration_form']
    for (const id of ids) {
      await town.post(`/cases/${id}/steps`, { event: 'submit', dossier: all })
      await town.post(`/cases/${id}/steps`, { event: 'review' })
    }
    await logout(page)

    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/cases?state=reviewed&org=${orgs.find((o) => o.code === 'T01').id}`)
    await rowOf(bad).waitFor()
    // nothing ticked: nothing is approved, the page says to tick
    let calls = 0
    const count = (r) => { if (r.url().endsWith('/api/v1/cases/approve')) calls++ }
    page.on('request', count)
    await page.getByTestId('case-batch-approve').click()
    await page.locator('.el-message--warning').filter({ hasText: '请先勾选' }).waitFor()
    page.off('request', count)
    assert.equal(calls, 0, 'no approval call without a ticked row')
    // two of the three ticked
    for (const id of [good, bad]) await rowOf(id).locator('.el-checkbox').click()
    // 批量审批 first runs the check-only call: every refusal listed and its row marked and unticked
    const checked = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases/approve') && JSON.parse(r.request().postData() || '{}').dry_run === true)
    await page.getByTestId('case-batch-approve').click()
    const c = await checked
    assert.equal(c.status(), 200)
    const check = await c.json()
    assert.deepEqual(JSON.parse(c.request().postData()).case_ids, [good, bad], 'the ticked rows only')
    assert.deepEqual(check.approvable, [good])
    assert.deepEqual(check.refused.map((x) => x.case_id), [bad])
    const list = page.getByTestId('case-batch-refusals')
    await list.waitFor()
    assert.ok((await list.innerText()).includes(`档案 ${bad}`), 'the refusal is shown above the table')
    assert.ok((await list.innerText()).includes(check.refused[0].message), 'with the guard\'s words')
    assert.match(await rowOf(bad).getAttribute('class'), /row-refused/, 'its row is marked')
    await page.getByTestId('approve-question').waitFor()
    assert.match(await page.getByTestId('approve-question').innerText(), /只审批/, 'the question offers the others only')
    assert.match(await page.getByTestId('approve-save').innerText(), /只审批 1 件/)
    // the dialog asks for the department's 审批意见, filled in with what is written on most
    const opinionBox = page.getByTestId('approve-opinion') // el-input puts it on the textarea
    assert.equal(await opinionBox.inputValue(), '同意备案。')
    assert.equal(await opinionBox.getAttribute('maxlength'), '250', 'the server\'s limit (limits.h step_opinion)')
    const typed = '经审核，同意备案，按年度标准发放。'
    await opinionBox.fill(typed)
    await shot(page, 'case-e2e-batch-refused', { fullPage: false })
    // the dialog on a township laptop and on a phone (looked at; the layout test checks overflow)
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h })
      await shot(page, `case-e2e-batch-opinion-${w}`, { fullPage: false })
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    const approved = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases/approve') && !JSON.parse(r.request().postData() || '{}').dry_run)
    await page.getByTestId('approve-save').click()
    const a = await approved
    assert.equal(a.status(), 200)
    assert.deepEqual(JSON.parse(a.request().postData()).case_ids, [good], 'only the approvable case')
    assert.equal(JSON.parse(a.request().postData()).opinion, typed)
    assert.deepEqual(await a.json(), { approved: 1 })
    await page.getByTestId('approve-save').waitFor({ state: 'hidden' })
    await rowOf(good).waitFor({ state: 'detached' }) // no longer 党(工)委已审核
    await rowOf(bad).waitFor()
    await rowOf(other).waitFor() // not ticked: not approved
    assert.equal((await town.get(`/cases/${other}`)).state, 'reviewed')
    assert.equal((await town.get(`/cases/${good}`)).state, 'approved')
    // read back as typed: recorded with the case's approval and shown on its timeline
    const tl = (await town.get(`/cases/${good}/timeline`)).items
    assert.equal(tl.find((x) => x.event === 'approve').opinion, typed)
    await page.goto(`${e2e.base}/#/cases/${good}`)
    await page.getByTestId('tl-opinion').filter({ hasText: typed }).waitFor()
    assert.deepEqual(pageErrors, [], 'no script errors in the page')
  })
})

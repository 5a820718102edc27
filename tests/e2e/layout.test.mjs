// layout.test.mjs - the console's layout (issue 10 "Layout") in real
// Chromium against a real `bangfu serve` on a fresh SQLite file (init + demo
// with its cases, notices and fund records):
//   - every route of web/src/router.js (read from the file, so a new page is
//     checked or the test says which id it lacks), as admin, at 1280×800 and
//     at 390×844: the page does not scroll sideways and no visible element of
//     the header or the main area sticks out of the window; at 1280×800 no
//     table scrolls sideways and no status tag is wider than its cell;
//   - the notice list at 1920×1080: headings and the PDF link not cut;
//   - a branch secretary's daily work on a phone (390×844): the menu drawer,
//     the to-do list as cards, a case's page and its next step, recording the
//     home visit (入户调查) and an objection to a notice;
//   - the lists' filter forms fold into a 筛选 panel on a phone (closed at
//     first, the number of filters in force on its button; unchanged at
//     1280×800): opened, it fits the window and its filter applies (the
//     loans' 有逾期 asks the server, GET /loans?overdue=1).
// Screenshots of every page at both sizes go to tests/out/layout-*.png.
//
// Run: `node --test tests/e2e/layout.test.mjs` from the repo root (BANGFU_BIN
// names the binary, default build/bangfu; CHROMIUM the browser;
// BANGFU_WEB_DIST another build of the console than web/dist).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { E2e, shot, OUT, WEB } from '../lib/e2e.mjs'
import { ok, ADMIN_PASSWORD } from '../lib/harness.mjs'

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const WIDE = { width: 1920, height: 1080 }

const e2e = new E2e()
let ids = {}

before(async () => {
  await e2e.open({ members: 50, cases: true })
  ids = await demoIds()
})
after(() => e2e.close())

/* ---- the routes ---- */

// The paths of web/src/router.js, the children of '/' made absolute.
function routerPaths() {
  const src = fs.readFileSync(path.join(WEB, 'src/router.js'), 'utf8')
  return [...src.matchAll(/path: '([^']*)'/g)].map((m) => m[1]).filter((p) => p !== '/').map((p) => (p.startsWith('/') ? p : '/' + p))
}

// Real ids of the demo for the pages of one record: a case with a long
// record (paid, with payments and a recovery), a member with family, a
// notice, the committee's fund (many postings), a payment batch, a round,
// an entry of the hardship roll, a training session, a help plan.
async function demoIds() {
  const c = await e2e.stage.login('admin', ADMIN_PASSWORD)
  const first = async (p) => {
    const items = (await ok(c.get('/api/v1' + p))).items
    assert.ok(items.length, `the demo has no ${p}`)
    return items[0].id
  }
  // a screening batch (issue #11): the committee enters its approved cases
  const town = await e2e.stage.login('town01')
  const t01 = (await ok(c.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01')
  const batch = await town.post('/api/v1/screening-batches', { org_id: t01.id })
  assert.equal(batch.status, 201, `the demo's committee has approved cases to screen: ${batch.text}`)
  const recovery = (await ok(c.get('/api/v1/recoveries'))).items[0]
  const funds = (await ok(c.get('/api/v1/funds'))).items
  // a training session of T01's first branch with its members marked (issue #12)
  const t01v01 = (await ok(c.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  const session = await ok(c.post('/api/v1/training-sessions', { org_id: t01v01.id, title: '食用菌栽培与电商销售技能培训班', topic: 'planting', start_on: '2025-03-03', end_on: '2025-03-05', place: '城关镇农民文化技术学校多功能教室', organiser: '城关镇党委、镇农业综合服务中心', trainer: '县农业农村局高级农艺师', hours: 12.5 }), 201)
  const marked = (await ok(c.get(`/api/v1/members?org=${t01v01.id}&size=5`))).items
  await ok(c.post(`/api/v1/training-sessions/${session.id}/attendance`, { marks: marked.map((m, i) => ({ member_id: m.id, status: ['present', 'excused', 'absent'][i % 3] })) }))
  // a pairing (issue #12): the demo's with the most records, else one of a
  // member of T01V01 on the roll made here
  let pairing = (await ok(c.get('/api/v1/pairings?size=200'))).items.sort((a, b) => b.records - a.records)[0]
  if (!pairing) {
    const onRoll = (await ok(c.get(`/api/v1/roll?org=${t01v01.id}&size=1`))).items[0]
    pairing = await ok(c.post('/api/v1/pairings', { member_id: onRoll.member_id, helper_name: '王建国', helper_post: '城关镇党委书记', goal: '年内发展生猪养殖，家庭人均增收 3000 元', measures: '协调小额贷款；联系畜牧站技术员上门指导', start_on: '2025-03-01', target_on: '2025-12-31', place: '东风村3组家中', matter: '建猪圈、购仔猪 10 头' }), 201)
    await ok(c.post(`/api/v1/pairings/${pairing.id}/records`, { done_on: '2025-03-05', what: '上门查看猪圈选址，联系畜牧站技术员', result: '选定村东空地' }), 201)
  }
  return {
    training: session.id,
    pairing: pairing.id,
    member: await first('/members?size=1'),
    case: recovery ? recovery.case_id : await first('/cases?size=1'),
    notice: await first('/notices'),
    fund: funds.reduce((a, b) => (b.postings > a.postings ? b : a)).id,
    payment: await first('/payment-batches'),
    round: await first('/rounds'),
    screening: batch.json.id,
    roll: await first('/roll?size=1'),
    verification: await first('/verifications'),
    rollReview: await first('/roll-reviews'), // the demo's review half done
    plan: await first('/help-plans?size=1'), // the demo's help plans (issue #12)
    check: (await ok(c.get(`/api/v1/verifications/${await first('/verifications')}/checks`))).items.find((k) => k.status === 'done').id,
    commendation: await first('/commendations'), // the demo's latest round (issue #12)
    celebration: await first('/care/celebrations'), // the demo's 七一 celebration (issue #12)
  }
}

// The URL of a route with its parameters filled from the demo.
function urlOf(p) {
  if (p === '/:pathMatch(.*)*') return '/no-such-page'
  const kind = { members: 'member', cases: 'case', notices: 'notice', funds: 'fund', payments: 'payment', rounds: 'round', screening: 'screening', roll: 'roll', 'roll-reviews': 'rollReview', training: 'training', plans: 'plan', pairings: 'pairing', verifications: 'verification', 'verification-checks': 'check', commendations: 'commendation', celebrations: 'celebration' }[p.split('/')[1]]
  if (!p.includes(':')) return p
  assert.ok(kind && ids[kind], `no demo id for the route ${p}: add one to demoIds()`)
  return p.replace(/:id\([^)]*\)/, String(ids[kind]))
}

/* ---- the checks, run in the page ---- */

// What sticks out sideways: the page's own width, then every visible
// element of the header and the main area whose box leaves the window and
// that no scrolling or clipping box around it keeps inside (only the
// outermost of a nest is named).  desktop: also tables that scroll
// sideways and tags wider than their cell.
// vw is the window's width as set: on a phone innerWidth grows with what
// sticks out (the browser zooms out to show it).
function layoutProblems({ vw, desktop }) {
  const out = []
  const de = document.documentElement
  if (de.scrollWidth > vw) out.push(`页面横向滚动：scrollWidth ${de.scrollWidth} > ${vw}`)
  const name = (el) => {
    const tid = el.getAttribute('data-testid')
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 3).join('.') : ''
    const text = (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30)
    return `<${el.tagName.toLowerCase()}${tid ? ` data-testid=${tid}` : ''}${cls ? ` .${cls}` : ''}> «${text}»`
  }
  // Kept inside by a box within the main area that is itself inside the
  // window and that the user can scroll (a table's own scroller) or that cuts
  // on purpose (a cell's ellipsis, an input's text, the tabs' strip).  A
  // card or a form that cuts what sticks out hides it: that counts, and so
  // do the main area and the frame around it (their scrolling sideways is
  // what this test is against).
  const CUTS = '.el-tabs__nav-wrap, .el-input__wrapper, .el-select__wrapper, .el-textarea, .el-input, .el-tag, .el-breadcrumb, .el-table__header-wrapper, .el-table__footer-wrapper'
  const keptInside = (el) => {
    for (let a = el.parentElement; a && !a.classList.contains('layout-main') && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a)
      if (st.overflowX === 'visible') continue
      const scrolls = st.overflowX === 'auto' || st.overflowX === 'scroll'
      if (!scrolls && st.textOverflow !== 'ellipsis' && !a.matches(CUTS)) continue
      const r = a.getBoundingClientRect()
      if (r.right <= vw + 1 && r.left >= -1) return true
    }
    return false
  }
  const main = document.querySelector('.layout-main')
  if (main && main.scrollWidth > main.clientWidth + 1) out.push(`主区域横向滚动：scrollWidth ${main.scrollWidth} > ${main.clientWidth}`)
  // The box that clips el sideways, when it cuts el by accident: a card
  // or a section narrower than what it holds (not a scroller, an ellipsis
  // or an input's text).
  const cutBy = (el, r) => {
    for (let a = el.parentElement; a && !a.classList.contains('layout-main') && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a)
      if (st.overflowX === 'visible') continue
      if (st.overflowX === 'auto' || st.overflowX === 'scroll' || st.textOverflow === 'ellipsis' || a.matches(CUTS)) return null
      const c = a.getBoundingClientRect()
      return r.right > c.right + 1 || r.left < c.left - 1 ? a : null
    }
    return null
  }
  const reported = []
  const roots = [document.querySelector('.layout-header'), document.querySelector('.layout-main') || document.body].filter(Boolean)
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      const r = el.getBoundingClientRect()
      if (!r.width || !r.height) continue
      if (r.right <= vw + 1 && r.left >= -1) {
        const cut = cutBy(el, r)
        if (!cut || reported.some((p) => p.contains(el)) || getComputedStyle(el).visibility === 'hidden') continue
        reported.push(el)
        out.push(`${name(el)} 被 ${name(cut)} 裁切：right ${Math.round(r.right)} > ${Math.round(cut.getBoundingClientRect().right)}`)
        continue
      }
      if (getComputedStyle(el).visibility === 'hidden' || keptInside(el)) continue
      if (reported.some((p) => p.contains(el))) continue
      reported.push(el)
      out.push(`${name(el)} 超出窗口：left ${Math.round(r.left)} right ${Math.round(r.right)} > ${vw}`)
    }
  }
  if (desktop) {
    for (const t of document.querySelectorAll('.layout-main .el-table')) {
      const wrap = t.querySelector('.el-table__body-wrapper .el-scrollbar__wrap')
      if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push(`${name(t)} 表格横向滚动：${wrap.scrollWidth} > ${wrap.clientWidth}`)
    }
    for (const tag of document.querySelectorAll('.layout-main .el-table td .el-tag')) {
      const td = tag.closest('td').getBoundingClientRect()
      const r = tag.getBoundingClientRect()
      if (r.width && (r.right > td.right + 0.5 || r.left < td.left - 0.5 || tag.scrollWidth > tag.clientWidth + 1)) {
        out.push(`${name(tag)} 标签超出单元格：${Math.round(r.left)}–${Math.round(r.right)} 不在 ${Math.round(td.left)}–${Math.round(td.right)} 内`)
      }
    }
  }
  return out
}

// A screenshot of the whole page: the frame lets the main area grow for it
// (it scrolls inside the window otherwise).
// At most 4000 px of it (long lists of cards).
async function pageShot(page, name) {
  const style = await page.addStyleTag({ content: '.layout { height: auto !important } .layout-main { overflow: visible !important }' })
  const { width, height } = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }))
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 4000) } })
  await style.evaluate((s) => s.remove())
}

// Waits until the page has its data: no request under way, no loading mask.
async function settle(page) {
  await page.waitForLoadState('networkidle')
  const loaded = () => ![...document.querySelectorAll('.layout-main .el-loading-mask')].some((m) => m.offsetParent !== null)
  await page.waitForFunction(loaded, null, { timeout: 30_000 }).then(
    () => {},
    (e) => {
      throw new Error(`${page.url()}: still loading after 30 s (${e.message})`)
    },
  )
  // the menu's and the cards' transitions end
  await page.waitForTimeout(300)
}

async function visitAll(viewport, label) {
  const failures = []
  await e2e.withPage({ failure: `layout-${label}-failure`, viewport }, async ({ page, errors }) => {
    await e2e.login(page, 'admin', ADMIN_PASSWORD)
    for (const p of routerPaths()) {
      if (p === '/password') continue // only for a password that must be changed first: login's test
      const url = urlOf(p)
      if (p === '/login') continue // checked logged out below
      await page.goto(`${e2e.base}/#${url}`)
      await settle(page)
      const shown = page.url().split('#')[1]
      assert.equal(shown, url, `${url}: the page sent admin elsewhere (${shown})`)
      await pageShot(page, `layout-${label}${url === '/' ? '-home' : url.replaceAll('/', '-')}`)
      for (const problem of new Set(await page.evaluate(layoutProblems, { vw: viewport.width, desktop: viewport.width >= 768 }))) failures.push(`${url} (${label}): ${problem}`)
    }
    assert.deepEqual(errors, [], 'no script errors')
  })
  await e2e.withPage({ failure: `layout-${label}-login-failure`, viewport }, async ({ page }) => {
    await page.goto(`${e2e.base}/#/login`)
    await page.getByTestId('login-username').waitFor()
    await shot(page, `layout-${label}-login`)
    for (const problem of await page.evaluate(layoutProblems, { vw: viewport.width, desktop: false })) failures.push(`/login (${label}): ${problem}`)
  })
  assert.deepEqual(failures, [], `pages that stick out at ${viewport.width}×${viewport.height}:\n${failures.join('\n')}`)
}

test('every page fits 1280×800: nothing sticks out, no table scrolls sideways, tags inside their cells', () => visitAll(DESKTOP, '1280'))

test('every page fits a phone, 390×844: nothing sticks out sideways', () => visitAll(PHONE, '390'))

test('the notice list at 1920×1080: headings and the PDF link whole', async () => {
  await e2e.withPage({ failure: 'layout-1920-notices-failure', viewport: WIDE }, async ({ page }) => {
    await e2e.login(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`${e2e.base}/#/notices`)
    await settle(page)
    await shot(page, 'layout-1920-notices')
    const cut = await page.evaluate(() => {
      const out = []
      const table = document.querySelector('[data-testid=notice-table]')
      if (!table) return ['no notice table']
      for (const th of table.querySelectorAll('.el-table__header th .cell')) {
        if (th.scrollWidth > th.clientWidth + 1) out.push(`heading «${th.innerText}» cut: ${th.scrollWidth} > ${th.clientWidth}`)
      }
      const links = table.querySelectorAll('[data-testid^=notice-pdf]')
      if (!links.length) out.push('no PDF link')
      for (const a of links) {
        const cell = a.closest('.cell')
        const r = a.getBoundingClientRect()
        const c = cell.getBoundingClientRect()
        if (r.right > c.right + 0.5 || cell.scrollWidth > cell.clientWidth + 1) out.push(`PDF link «${a.innerText}» cut: ${Math.round(r.right)} > ${Math.round(c.right)}`)
      }
      return out
    })
    assert.deepEqual(cut, [])
  })
})

test('a branch secretary on a phone: drawer, to-do cards, a case and its next step, a home visit, an objection', async () => {
  const branch = await e2e.stage.login('branch0101')
  // a new application of 东风村党支部 waits for the home visit (入户调查)
  const round = (await ok(branch.get('/api/v1/rounds'))).items.find((r) => r.status === 'open')
  const taken = new Set((await ok(branch.get('/api/v1/cases?size=100'))).items.filter((c) => c.round_id === round.id).map((c) => c.member_id))
  const member = (await ok(branch.get('/api/v1/members?size=100'))).items.find((m) => m.org_code === 'T01V01' && !taken.has(m.id))
  const body = { member_id: member.id, kind: 'yearly', round_id: round.id, conditions: ['serious_illness'], causes: ['illness'], situation: '本人患尿毒症，每周透析三次', household_size: 3, labour_capacity: false, income_fen: 800000 }
  const target = await ok(branch.post('/api/v1/cases', body), 201)
  const openNotice = (await ok(branch.get('/api/v1/notices'))).items.find((n) => n.status !== 'closed' && !n.ended)
  await e2e.withPage({ failure: 'layout-390-daily-failure', viewport: PHONE }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    // the side menu is folded into a drawer behind the header's button
    assert.equal(await page.locator('.layout-aside').count(), 0, 'no side bar on a phone')
    await page.getByTestId('menu-open').click()
    await page.getByTestId('menu-todo').click()
    await page.getByTestId('todo-table').waitFor()
    await settle(page)
    assert.equal(await page.getByTestId('menu-drawer').isVisible(), false, 'the drawer closes on a choice')
    // the to-do list as cards, each with its item's link
    const cards = page.locator('[data-testid=todo-table] .bf-card')
    assert.ok((await cards.count()) > 0, 'the to-do list shows cards')
    await shot(page, 'layout-390-daily-todo')
    // open the new case from its card
    await page.locator(`[data-testid=todo-table] .bf-card a[href$="/cases/${target.id}"]`).first().click()
    await page.locator('[data-testid="case-state"][data-state="applied"]').waitFor()
    await settle(page)
    // the next step is on the screen without scrolling sideways
    const step = page.getByTestId('step-investigate')
    await step.scrollIntoViewIfNeeded()
    const box = await step.boundingBox()
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `the next step's button is inside the screen: ${JSON.stringify(box)}`)
    assert.ok(box.height >= 40, `the next step's button is a touch target (${box.height} px high)`)
    await shot(page, 'layout-390-daily-case')
    // record the home visit
    await step.click()
    const form = page.locator('[data-testid="step-form-investigate"]')
    await form.waitFor()
    await form.getByTestId('step-investigators').fill('张三、李四')
    // the form's limits are the server's (GET /meta limits)
    const limits = (await ok(branch.get('/api/v1/meta'))).limits
    assert.equal(await form.getByTestId('step-investigators').getAttribute('maxlength'), String(limits.step_investigators.max))
    assert.equal(await form.getByTestId('step-investigation').getAttribute('maxlength'), String(limits.step_investigation.max))
    await form.getByTestId('step-investigation').fill('入户查看：家中两位老人，主要收入为务农，子女外出务工。')
    const dialog = await page.locator('.step-dialog').boundingBox()
    assert.ok(dialog.x >= 0 && dialog.x + dialog.width <= PHONE.width, `the step's dialog fits the phone: ${JSON.stringify(dialog)}`)
    await shot(page, 'layout-390-daily-visit', { fullPage: false })
    await page.locator('.step-dialog .el-dialog__title').click() // the date's panel closes
    const answered = page.waitForResponse((r) => /\/api\/v1\/cases\/\d+\/steps$/.test(r.url()) && r.request().method() === 'POST')
    await page.locator('.step-dialog [data-testid="step-confirm"]').click()
    assert.equal((await answered).status(), 200)
    await page.locator('[data-testid="case-state"][data-state="investigated"]').waitFor()
    // an objection to a running notice of the branch
    if (openNotice) {
      await page.goto(`${e2e.base}/#/notices/${openNotice.id}`)
      await settle(page)
      await page.getByTestId('objection-add').click()
      await page.getByTestId('objection-content').fill('群众反映该户家中新建房屋，请核实。')
      assert.equal(await page.getByTestId('objection-content').getAttribute('maxlength'), String(limits.objection_content.max))
      await shot(page, 'layout-390-daily-objection', { fullPage: false })
      const posted = page.waitForResponse((r) => /\/objections$/.test(r.url()) && r.request().method() === 'POST')
      await page.getByTestId('objection-save').click()
      assert.equal((await posted).status(), 201)
    }
    assert.ok(openNotice, 'the demo leaves branch0101 a running notice to object to')
    assert.deepEqual(errors, [], 'no script errors')
  })
})

test('on a phone the lists\' filters fold into 筛选: closed at first, opened they fit and apply; unchanged at 1280', async () => {
  const dept = await e2e.stage.login('dept')
  const late = (await ok(dept.get('/api/v1/loans?overdue=1'))).items
  assert.ok(late.length > 0, 'the demo has a loan overdue')
  await e2e.withPage({ failure: 'layout-390-filters-failure', viewport: PHONE }, async ({ page, errors }) => {
    await e2e.login(page, 'dept')
    for (const [list, panel, field] of [
      ['/members', 'member-filter-panel', 'member-filter-status'],
      ['/cases', 'case-filter-panel', 'case-filter-state'],
      ['/rounds', 'round-filter-panel', 'round-filter-year'],
      ['/recoveries', 'recovery-filter-panel', null],
      ['/loans', 'loan-filter-panel', 'loan-filter'],
    ]) {
      await page.goto(`${e2e.base}/#${list}`)
      await settle(page)
      const toggle = page.getByTestId(`${panel}-toggle`)
      await toggle.waitFor()
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false', `${list}: closed at first`)
      if (field) assert.equal(await page.getByTestId(field).isVisible(), false, `${list}: the form is folded`)
      await toggle.click()
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true', `${list}: opened`)
      if (field) await page.getByTestId(field).waitFor({ state: 'visible' })
      assert.deepEqual(await page.evaluate(layoutProblems, { vw: PHONE.width, desktop: false }), [], `${list}: the open panel fits 390`)
      await shot(page, `layout-390-filters${list.replaceAll('/', '-')}`, { fullPage: false })
    }
    // the loans' panel is open: 有逾期 asks the server and the count says one filter
    const asked = page.waitForResponse((r) => /\/api\/v1\/loans\?overdue=1$/.test(r.url()))
    await page.getByTestId('loan-filter').getByText('有逾期').click()
    assert.equal((await asked).status(), 200)
    await settle(page)
    assert.match((await page.getByTestId('loan-filter-panel-toggle').innerText()).replace(/\s+/g, ''), /^筛选（1）/)
    const ids = await page.locator('[data-testid=loan-table] [data-testid^=loan-open-]').evaluateAll((a) => a.map((x) => Number(x.dataset.testid.replace('loan-open-', ''))))
    assert.deepEqual([...new Set(ids)].sort(), late.map((l) => l.id).sort(), 'the overdue loans, no other')
    await page.getByTestId('loan-filter-panel-toggle').click()
    assert.equal(await page.getByTestId('loan-filter').isVisible(), false, 'closed again')
    await shot(page, 'layout-390-filters-closed', { fullPage: false })
    assert.deepEqual(errors, [], 'no script errors')
  })
  await e2e.withPage({ failure: 'layout-1280-filters-failure', viewport: DESKTOP }, async ({ page }) => {
    await e2e.login(page, 'dept')
    await page.goto(`${e2e.base}/#/cases`)
    await settle(page)
    await page.getByTestId('case-filter-state').waitFor({ state: 'visible' })
    assert.equal(await page.getByTestId('case-filter-panel-toggle').count(), 0, 'no 筛选 button at 1280')
    await shot(page, 'layout-1280-filters', { fullPage: false })
  })
})

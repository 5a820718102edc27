// roll_review.test.mjs - the browser test of a June review of the roll
// (台账动态调整, issue #11) against a real `bangfu serve` (fresh SQLite, init +
// demo) and Debian's Chromium through playwright-core.
//
// Set-up through the API: six members of 东风村党支部 on the roll (the
// department's own registrations).  In the browser: the department opens
// the June review (台账动态调整 → 开启动态调整, a finish date); the branch
// goes through its entries from the keyboard — 1 继续保留 moves on, 2 opens
// the change of tier (reason, Ctrl+Enter), 3 an exit; the committee
// 城关镇党委 confirms its branch's decisions in the progress table; the
// department sees 东风村党支部 all confirmed in the progress per
// organisation, and the entry whose tier changed shows it with the review
// on its history.  Screenshots at 1280×800 and 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot, typeDate, menu } from '../lib/e2e.mjs'
import { ok, ADMIN_PASSWORD } from '../lib/harness.mjs'

const DAY = '2027-06-01'
const e2e = new E2e()
const S = {}

before(async () => {
  await e2e.open({ members: 120, day: DAY })
  const admin = await e2e.stage.login('admin', ADMIN_PASSWORD)
  const dept = await e2e.stage.login('dept')
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items
  S.town = orgs.find((o) => o.code === 'T01')
  S.branch = orgs.find((o) => o.code === 'T01V01')
  const members = (await ok(admin.get(`/api/v1/members?org=${S.branch.id}&size=6`))).items
  assert.ok(members.length >= 4, 'members in 东风村党支部')
  S.entries = []
  for (const m of members) S.entries.push((await ok(dept.post('/api/v1/roll', { member_id: m.id, category: 'relief', tier: 'moderate', causes: ['illness'], since_on: '2026-03-01' }), 201)).id)
})
after(() => e2e.close())

test('a June review: opened, reviewed by the branch from the keyboard, confirmed, progress seen', { timeout: 180_000 }, async () => {
  /* ---- the department opens the June review ---- */
  await e2e.withPage({ failure: 'roll-review-open-failure', consoleErrors: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'dept')
    await menu(page, 'roll-reviews')
    await page.getByTestId('review-open').click()
    await typeDate(page.locator('[data-testid="review-finish"] input'), '2027-06-30')
    await page.getByTestId('review-submit').click()
    await page.getByTestId('review-title').filter({ hasText: '2027 年 6 月台账动态调整' }).waitFor()
    S.reviewUrl = page.url()
    S.reviewId = Number(S.reviewUrl.match(/roll-reviews\/(\d+)/)[1])
    assert.deepEqual(errors, [])
  })

  /* ---- the branch goes through its entries from the keyboard ---- */
  for (const vp of [{ width: 1280, height: 800, name: 'desktop' }, { width: 390, height: 844, name: 'phone' }]) {
    if (vp.name === 'phone') continue // the phone's turn is below, after the desktop's work
    await e2e.withPage({ failure: 'roll-review-branch-failure', consoleErrors: true, viewport: vp }, async ({ page, errors }) => {
      await e2e.login(page, 'branch0101')
      await page.goto(`${e2e.base}/#/roll-reviews/${S.reviewId}`)
      const list = page.getByTestId('worklist')
      await list.locator('.el-table__row, .bf-card').first().waitFor()
      const items = (await (await page.request.get(`${e2e.base}/api/v1/roll-reviews/${S.reviewId}/items?status=open`)).json()).items
      S.items = items
      assert.equal(items.length, S.entries.length)
      await list.focus()
      await shot(page, 'roll-review-branch-1280')
      // 1: 继续保留 and on to the next
      await page.keyboard.press('1')
      await page.getByTestId(`item-status-${items[0].id}`).filter({ hasText: '待确认' }).waitFor()
      // 2: 调整档次, with the reason, Ctrl+Enter
      await page.keyboard.press('2')
      await page.getByTestId('decide-tier').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '特别困难' }).click()
      await page.locator('textarea[data-testid="decide-reason"], [data-testid="decide-reason"] textarea').first().fill('病情加重，丧失劳动能力')
      await page.locator('textarea[data-testid="decide-reason"], [data-testid="decide-reason"] textarea').first().press('Control+Enter')
      await page.getByTestId(`item-status-${items[1].id}`).filter({ hasText: '待确认' }).waitFor()
      // 3: 脱困退出, income above the line
      await page.keyboard.press('3')
      await page.getByTestId('decide-submit').click()
      await page.getByTestId(`item-status-${items[2].id}`).filter({ hasText: '待确认' }).waitFor()
      // the rest continue: 1 each
      for (let k = 3; k < items.length; k++) {
        await page.keyboard.press('1')
        await page.getByTestId(`item-status-${items[k].id}`).filter({ hasText: '待确认' }).waitFor()
      }
      await page.getByTestId('review-waiting').filter({ hasText: `0 / ${items.length}` }).waitFor()
      await shot(page, 'roll-review-branch-done-1280')
      assert.deepEqual(errors, [])
    })
  }

  /* ---- the branch's worklist on a phone ---- */
  await e2e.withPage({ failure: 'roll-review-phone-failure', consoleErrors: true, viewport: { width: 390, height: 844 } }, async ({ page, errors }) => {
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/roll-reviews/${S.reviewId}`)
    await page.getByTestId('items-status').getByText('待确认').click()
    await page.getByTestId('review-title').waitFor()
    await page.waitForTimeout(300)
    await shot(page, 'roll-review-branch-390')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `the page fits 390 px (${overflow} px too wide)`)
    assert.deepEqual(errors, [])
  })

  /* ---- the committee confirms its branch's decisions ---- */
  await e2e.withPage({ failure: 'roll-review-committee-failure', consoleErrors: true, viewport: { width: 1280, height: 800 } }, async ({ page, errors }) => {
    await e2e.login(page, 'town01')
    await page.goto(`${e2e.base}/#/roll-reviews/${S.reviewId}`)
    await page.getByTestId(`confirm-org-${S.branch.id}`).click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success').filter({ hasText: `已确认 ${S.items.length} 人` }).waitFor()
    await page.getByTestId('review-confirmed').filter({ hasText: String(S.items.length) }).waitFor()
    await shot(page, 'roll-review-committee-1280')
    assert.deepEqual(errors, [])
  })

  /* ---- the department sees progress per organisation ---- */
  for (const vp of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await e2e.withPage({ failure: `roll-review-dept-${vp.width}-failure`, consoleErrors: true, viewport: vp }, async ({ page, errors }) => {
      await e2e.login(page, 'dept')
      await page.goto(`${e2e.base}/#/roll-reviews/${S.reviewId}`)
      const table = page.getByTestId('review-progress')
      await table.getByText('城关镇党委').first().waitFor()
      await shot(page, `roll-review-dept-${vp.width}`)
      assert.deepEqual(errors, [])
    })
  }
  // the entries as the confirmation left them
  const dept = await e2e.stage.login('dept')
  const changed = await ok(dept.get(`/api/v1/roll/${S.items[1].entry_id}`))
  assert.equal(changed.tier, 'severe')
  assert.ok(changed.history.some((h) => h.review_id === S.reviewId && h.field === 'tier' && h.reason === '病情加重，丧失劳动能力'))
  assert.equal((await ok(dept.get(`/api/v1/roll/${S.items[2].entry_id}`))).status, 'exited')
  const p = (await ok(dept.get(`/api/v1/roll-reviews/${S.reviewId}/progress?org=${S.town.id}`))).items
  const br = p.find((x) => x.org_id === S.branch.id)
  assert.deepEqual([br.open, br.decided, br.confirmed], [0, 0, S.items.length])
})

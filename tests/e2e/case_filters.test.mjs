// case_filters.test.mjs - the console's use of three API filters the aid
// procedure gained for it: 公示管理 filtered by organisation and kind (kept in
// the URL query), the progress view's own-level row opening the case list
// with own=1 (shown as the removable tag 仅本级), and the case list reading
// own from its URL.  Set-up through the API: the department opens the 2025
// round; the committee 城关镇党委 (town01) enters two yearly applications of
// one of its branches, decides them and posts their notice.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e } from '../lib/e2e.mjs'
import { ok, DEMO_PASSWORD } from '../lib/harness.mjs'

const e2e = new E2e()

async function apiClient(username, password = DEMO_PASSWORD) {
  const c = await e2e.stage.login(username, password)
  return { get: (p) => ok(c.get('/api/v1' + p)), post: (p, b, status) => ok(c.post('/api/v1' + p, b), status) }
}

before(() => e2e.open({ members: 50, day: '2025-12-03' }))
after(() => e2e.close())

test('公示管理按组织和类型筛选；进度统计的本级一行只打开本级案件（仅本级）', async (t) => {
  const dept = await apiClient('dept')
  const town = await apiClient('town01')
  const orgs = (await town.get('/orgs')).items
  const members = (await town.get('/members?size=200')).items
  const byOrg = new Map()
  for (const m of members) byOrg.set(m.org_id, [...(byOrg.get(m.org_id) || []), m])
  const [branchId, pair] = [...byOrg.entries()].find(([id, ms]) => ms.length >= 2 && orgs.find((o) => o.id === id && o.kind === 'branch')) || []
  assert.ok(pair, 'a branch of 城关镇 with two members')
  let round = (await dept.get('/rounds?year=2025')).items.find((r) => r.status === 'open')
  if (!round) round = await dept.post('/rounds', { year: 2025 }, 201)
  const ids = []
  for (const m of pair.slice(0, 2)) {
    const c = await town.post('/cases', { member_id: m.id, kind: 'yearly', round_id: round.id, conditions: ['serious_illness'], causes: ['illness'], situation: '患病，家庭困难', income_fen: 600000, household_size: 2, labour_capacity: false }, 201)
    ids.push(c.id)
    await town.post(`/cases/${c.id}/steps`, { event: 'investigate', investigation_on: '2025-11-20', investigators: '王委员', investigation: '情况属实' })
    await town.post(`/cases/${c.id}/steps`, { event: 'appraise', appraisal_on: '2025-11-21', expected: 20, present: 18, votes_for: 15, votes_against: 2, votes_abstain: 1, appraisal_minutes: '同意' })
    await town.post(`/cases/${c.id}/steps`, { event: 'decide', decision_on: '2025-11-24', decision_minutes: '同意' })
  }
  const notice = await town.post('/notices', { org_id: branchId, kind: 'yearly' }, 201)
  const branch = orgs.find((o) => o.id === branchId)
  t.diagnostic(`notice ${notice.id} of ${branch.name}, cases ${ids}`)

  await e2e.withPage({ failure: 'case-filters-failure' }, async ({ page, errors: pageErrors }) => {
    await e2e.login(page, 'town01')
    const noticeRows = page.locator('[data-testid="notice-table"] .el-table__body tr')
    // the notices of the branch's subtree and of yearly aid, from the URL
    await page.goto(`${e2e.base}/#/notices?org=${branchId}&kind=yearly`)
    await page.getByTestId(`notice-link-${notice.id}`).waitFor()
    assert.equal(await noticeRows.count(), 1, 'only the branch\'s notice')
    assert.ok((await page.getByTestId('notice-filter-org').innerText()).includes(branch.name), 'the organisation shown')
    // the other kind: the choice goes into the URL and the list is empty
    await page.locator('[data-testid="notice-filter-kind"] .el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^\s*突发事故救助\s*$/ }).click()
    await page.waitForURL((u) => new URL(u).hash.includes('kind=emergency') && new URL(u).hash.includes(`org=${branchId}`))
    await page.locator('[data-testid="notice-table"] .el-table__empty-text').filter({ hasText: '暂无公示' }).waitFor()

    // the progress of the round at the branch: its own-level row opens the list with own=1
    await page.goto(`${e2e.base}/#/rounds/${round.id}/progress?org=${branchId}`)
    const ownRow = page.locator('[data-testid="progress-table"] .el-table__body tr').filter({ hasText: '本级' }).first()
    await ownRow.waitFor()
    await ownRow.locator('a.count').last().click() // 合计
    await page.waitForURL((u) => /own=1/.test(new URL(u).hash) && new URL(u).hash.includes(`org=${branchId}`))
    const tag = page.getByTestId('case-filter-own')
    await tag.waitFor()
    assert.match(await tag.innerText(), /仅本级/)
    for (const id of ids) await page.getByTestId(`case-link-${id}`).waitFor()
    // the tag removed: own leaves the URL, the organisation stays
    await tag.locator('.el-tag__close').click()
    await page.waitForURL((u) => !/own=/.test(new URL(u).hash) && new URL(u).hash.includes(`org=${branchId}`))
    await tag.waitFor({ state: 'detached' })
    assert.deepEqual(pageErrors, [], 'no script errors in the page')
  })
})

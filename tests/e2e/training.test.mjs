// training.test.mjs - the browser test of 技能培训 (issue #12) against a real
// server in Debian's Chromium: a 造血型 member on the roll appears on the
// untrained view; as 东风村党支部 (branch0101) register a session through
// the dialog, mark the member present in 登记出勤,
// see the marks on the session page and on the member page, and the member
// leaves the untrained view.  Screenshots at 1280×800 and 390×844 go to
// tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {}
before(async () => {
  await e2e.open({ members: 40 })
  const branch = await e2e.stage.login('branch0101')
  const town = await e2e.stage.login('town01')
  const t01v01 = (await ok(branch.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  const members = (await ok(branch.get(`/api/v1/members?org=${t01v01.id}&size=2`))).items
  S.a = members[0]
  const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' }
  const x = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.a.id }), 201)
  await ok(town.post(`/api/v1/roll/${x.id}/confirm`, {}))
})
after(() => e2e.close())

test('登记培训、批量登记出勤，出席的造血型困难党员离开未参训名单', async () => {
  await e2e.withPage({ failure: 'training-e2e-failure', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/training?view=untrained`)
    await page.getByTestId(`untrained-${S.a.id}`).waitFor()
    await shot(page, 'training-1-untrained')

    await page.goto(`${e2e.base}/#/training`)
    await page.getByTestId('training-table').waitFor()
    await page.waitForLoadState('networkidle')
    await page.getByTestId('training-add').click()
    await page.getByTestId('training-title').fill('食用菌种植技术培训')
    await page.getByTestId('training-place').fill('东风村党群服务中心')
    await page.getByTestId('training-submit').click()
    await page.getByTestId('training-facts').waitFor()
    assert.match(await page.getByTestId('training-facts').innerText(), /种植[\s\S]*东风村党群服务中心/)

    await page.getByTestId('attendance-open').click()
    await page.getByTestId(`mark-${S.a.id}`).getByText('出席').click()
    await shot(page, 'training-2-marking')
    await page.getByTestId('attendance-submit').click()
    await page.getByTestId(`attendance-${S.a.id}`).waitFor()
    assert.equal(await page.getByTestId(`attendance-${S.a.id}`).innerText(), '出席')
    await shot(page, 'training-3-session')

    await page.goto(`${e2e.base}/#/members/${S.a.id}`)
    await page.getByTestId('member-training').getByText('食用菌种植技术培训').waitFor()

    await page.goto(`${e2e.base}/#/training?view=untrained`)
    await page.getByTestId('untrained-table').waitFor()
    await page.waitForLoadState('networkidle')
    assert.equal(await page.getByTestId(`untrained-${S.a.id}`).count(), 0)

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${e2e.base}/#/training`)
    await page.getByTestId('training-table').waitFor()
    await shot(page, 'training-4-390')
    assert.deepEqual(errors, [])
  })
})

test('修改培训（乐观锁）、查找党员登记出勤，未登记出勤的培训可删除', async () => {
  await e2e.withPage({ failure: 'training-edit-e2e-failure', consoleErrors: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'branch0101')
    const branch = await e2e.stage.login('branch0101')
    const x = await ok(branch.post('/api/v1/training-sessions', { title: '电商直播培训', topic: 'ecommerce', start_on: '2025-04-01', place: '村部', hours: 2 }), 201)
    await page.goto(`${e2e.base}/#/training/${x.id}`)
    await page.getByTestId('training-facts').waitFor()

    await page.getByTestId('training-edit').click()
    const place = page.getByTestId('training-place')
    await place.waitFor()
    await place.fill('东风村文化礼堂')
    await shot(page, 'training-5-edit')
    await page.getByTestId('training-edit-submit').click()
    await page.getByTestId('training-facts').getByText('东风村文化礼堂').waitFor()

    // the dialog finds a member by name and keeps the mark
    await page.getByTestId('attendance-open').click()
    const search = page.getByTestId('attendance-search')
    await search.waitFor()
    await search.fill(S.a.name)
    await search.press('Enter')
    await page.getByTestId(`mark-${S.a.id}`).waitFor()
    await page.getByTestId(`mark-${S.a.id}`).getByText('请假').click()
    assert.match(await page.getByTestId('attendance-chosen').innerText(), /已选 1 人/)
    await shot(page, 'training-6-find')
    await page.getByTestId('attendance-submit').click()
    await page.getByTestId(`attendance-${S.a.id}`).waitFor()
    assert.equal(await page.getByTestId('training-delete').count(), 0, 'no 删除 once marked')

    // a session without marks goes
    const y = await ok(branch.post('/api/v1/training-sessions', { title: '误登记的培训', topic: 'other', start_on: '2025-04-02', place: '村部', hours: 1 }), 201)
    await page.goto(`${e2e.base}/#/training/${y.id}`)
    await page.getByTestId('training-delete').click()
    await page.getByRole('button', { name: '删除', exact: true }).last().click()
    await page.getByTestId('training-table').waitFor()
    await refusedGone(branch, y.id)

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${e2e.base}/#/training/${x.id}`)
    await page.getByTestId('training-facts').waitFor()
    await shot(page, 'training-7-session-390')
    assert.deepEqual(errors, [])
  })
})

async function refusedGone(client, id) {
  const r = await client.get(`/api/v1/training-sessions/${id}`)
  assert.equal(r.status, 404)
}

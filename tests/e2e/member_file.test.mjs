// member_file.test.mjs - the browser test of 一人一档 (issue #12) against a
// real server in Debian's Chromium: a member with a roll period, a case, a
// pairing and its help record, a training, a visit and a talk; on the
// member's page the 一人一档 card shows them on one timeline, newest first,
// narrows to one kind, links a line to its record, and 打印一人一档
// downloads the whole file as a PDF (read back with pdftotext: masked ID,
// every kind).  Screenshots at 1280×800 and 390×844 go to tests/out/.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { E2e, shot } from '../lib/e2e.mjs'
import { ok, idNumber, step } from '../lib/harness.mjs'

const e2e = new E2e()
const S = {}
const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' }

before(async () => {
  await e2e.open({ members: 30, day: '2025-06-30' })
  const branch = await e2e.stage.login('branch0101')
  const dept = await e2e.stage.login('dept')
  const org = (await ok(branch.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01')
  const person = (name, i) => ({ name, ethnicity: '汉族', joined_on: '1980-07-01', id_number: idNumber('330702', `19600${510 + i}`, '51' + i), phone: `1381236${String(7000 + i)}`, household_type: '农业', household_size: 2, address: '城关镇东风村3组', education: '初中', member_type: '普通党员', org_id: org.id })
  S.id = person('周一档', 0).id_number
  S.m = (await ok(branch.post('/api/v1/members', person('周一档', 0)), 201)).id
  S.helper = (await ok(branch.post('/api/v1/members', person('吴帮扶', 1)), 201)).id
  await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.m, since_on: '2025-01-10' }), 201)
  S.case = (await ok(branch.post('/api/v1/cases', { member_id: S.m, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000 }), 201)).id
  await ok(step(branch, S.case, 'investigate', { investigation_on: '2025-06-29', investigators: '张三、李四', investigation: '属实' }))
  const p = (await ok(branch.post('/api/v1/pairings', { goal: '年内发展养殖增收', measures: '协调小额贷款', start_on: '2025-03-01', target_on: '2025-12-31', place: '东风村', matter: '养殖项目', member_id: S.m, helper_member_id: S.helper }), 201)).id
  await ok(branch.post(`/api/v1/pairings/${p}/records`, { done_on: '2025-04-15', what: '上门指导养殖', result: '新建鸡舍一间' }), 201)
  S.session = (await ok(branch.post('/api/v1/training-sessions', { title: '林下养鸡技术培训', topic: 'breeding', start_on: '2025-05-20', place: '村部', hours: 3 }), 201)).id
  await ok(branch.post(`/api/v1/training-sessions/${S.session}/attendance`, { marks: [{ member_id: S.m, status: 'present' }] }))
  await ok(branch.post('/api/v1/visits', { member_id: S.m, occasion: 'hardship', visited_on: '2025-06-10', visitors: '张书记', found: '生活基本稳定', goods: '米面油', goods_value_fen: 30000 }), 201)
  await ok(branch.post('/api/v1/care/talks', { member_id: S.m, talked_on: '2025-06-20', kind: 'difficulty', talker_name: '王书记', note: '谈家庭困难和发展打算' }), 201)
})
after(() => e2e.close())

test('一人一档：党员页的时间轴汇集各项帮扶关怀，可按类别筛选、打开记录，并导出为一份PDF', async () => {
  await e2e.withPage({ failure: 'member-file-e2e-failure', consoleErrors: true, acceptDownloads: true }, async ({ page, errors }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await e2e.login(page, 'branch0101')
    await page.goto(`${e2e.base}/#/members/${S.m}`)
    const card = page.getByTestId('member-timeline')
    await card.getByTestId('timeline-training-mark').waitFor()
    for (const t of ['timeline-roll-in', 'timeline-case-apply', 'timeline-case-step', 'timeline-pairing-start', 'timeline-pairing-help', 'timeline-visit-visit', 'timeline-talk-talk'])
      assert.equal(await card.getByTestId(t).count(), 1, t)
    assert.match(await card.getByTestId('timeline-training-mark').innerText(), /技能培训（出席）[\s\S]*林下养鸡技术培训/)
    await card.scrollIntoViewIfNeeded()
    await shot(page, 'member-file-1-timeline')

    // one kind only
    await card.getByTestId('timeline-kind-pairing').click()
    await card.getByTestId('timeline-talk-talk').waitFor({ state: 'detached' })
    assert.equal(await card.getByTestId('timeline-pairing-help').count(), 1)
    assert.equal(await card.getByTestId('timeline-visit-visit').count(), 0)
    await card.getByTestId('timeline-kind-pairing').click()
    await card.getByTestId('timeline-talk-talk').waitFor()

    // the whole file as one PDF
    const [dl] = await Promise.all([page.waitForEvent('download'), card.getByTestId('member-file-pdf').click()])
    assert.match(dl.suggestedFilename(), /一人一档-周一档/)
    const file = path.join(e2e.db.dir, 'member-file.pdf')
    await dl.saveAs(file)
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    assert.ok(!text.includes(S.id), 'the ID masked')
    for (const w of ['一人一档', '周一档', '纳入困难党员台', '建立结对帮扶', '技能培训', '走访慰问', '谈心谈话']) assert.ok(text.includes(w), w)

    // a line opens its record: the pairing's page, the session's
    await card.getByTestId('timeline-pairing-start').getByRole('link').click()
    await page.waitForURL(/#\/pairings\/\d+/)
    await page.goBack()
    await page.getByTestId('member-timeline').getByTestId('timeline-training-mark').getByRole('link').click()
    await page.getByTestId('training-facts').waitFor()

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${e2e.base}/#/members/${S.m}`)
    await page.getByTestId('member-timeline').getByTestId('timeline-talk-talk').waitFor()
    await page.getByTestId('member-timeline').scrollIntoViewIfNeeded()
    await shot(page, 'member-file-2-390', { fullPage: false })
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `no sideways scroll at 390 (${width})`)
    assert.deepEqual(errors, [])
  })
})

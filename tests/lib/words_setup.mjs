// words_setup.mjs - the scenario the words test (tests/e2e/words.test.mjs)
// looks at: three yearly cases of 东风村党支部 paid in one batch by the
// department, a recovery on the first with 100 yuan repaid, a member edited,
// so that the fund, batch, audit and statement pages have every kind of
// record to show.
import assert from 'node:assert/strict'
import { ok, step as stepOf, DOSSIER, ADMIN_PASSWORD } from './harness.mjs'

export const DAY1 = '2025-12-03' // Wednesday: round, applications, the notice posted
export const DAY2 = '2025-12-10' // the notice is over

const step = (c, id, event, data = {}) => ok(stepOf(c, id, event, data))

/**
 * Three screened yearly cases of 东风村党支部 (shared by the words and the
 * payment tests): the department opens the 2025 round on DAY1, the branch
 * investigates, appraises, decides and posts the notice; on DAY2 the notice
 * is closed, the committee reviews, the department approves, the committee
 * screens.  Returns S with the logins (admin, dept, town, branch), the orgs
 * (deptOrg, townOrg, branchOrg) and cases [{ id, member, amount }].
 * opts.beforeRound({ S, branch, members }) runs before the round is opened.
 */
export async function screenedCases(stage, opts = {}) {
  const S = {}
  const admin = await stage.login('admin', ADMIN_PASSWORD)
  const dept = await stage.login('dept')
  const town = await stage.login('town01')
  const branch = await stage.login('branch0101')
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items
  S.deptOrg = orgs.find((o) => o.kind === 'department')
  S.townOrg = orgs.find((o) => o.code === 'T01')
  S.branchOrg = orgs.find((o) => o.code === 'T01V01')
  const members = (await ok(branch.get(`/api/v1/members?org=${S.branchOrg.id}&size=5`))).items
  assert.ok(members.length >= 3, 'the demo branch has three members to aid')
  if (opts.beforeRound) await opts.beforeRound({ S, branch, members })
  const round = await ok(dept.post('/api/v1/rounds', { year: 2025 }), 201)
  S.cases = []
  for (const m of members.slice(0, 3)) {
    const c = await ok(
      branch.post('/api/v1/cases', { member_id: m.id, kind: 'yearly', round_id: round.id, conditions: ['serious_illness'], causes: ['illness'], situation: '本人患重病，家庭收入微薄', household_size: 3, labour_capacity: false, income_fen: 800000 }),
      201,
    )
    await step(branch, c.id, 'investigate', { investigation_on: DAY1, investigators: '张三、李四', investigation: '入户查看，情况属实' })
    await step(branch, c.id, 'appraise', { appraisal_on: DAY1, expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '同意列为帮扶对象' })
    await step(branch, c.id, 'decide', { decision_on: DAY1, decision_minutes: '支委会研究同意' })
    S.cases.push({ id: c.id, member: m.name })
  }
  const nt = await ok(branch.post('/api/v1/notices', { org_id: S.branchOrg.id, kind: 'yearly' }), 201)
  await stage.day(DAY2)
  await ok(branch.post(`/api/v1/notices/${nt.id}/close`))
  for (const c of S.cases) {
    await ok(branch.post(`/api/v1/cases/${c.id}/dossier`, { items: DOSSIER }))
    await step(branch, c.id, 'submit')
    await step(town, c.id, 'review')
  }
  const appr = await ok(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: S.cases.map((c) => c.id) }))
  assert.equal(appr.approved, S.cases.length, JSON.stringify(appr))
  for (const c of S.cases) {
    await step(town, c.id, 'enter_screening')
    const x = await step(town, c.id, 'screen_pass', { screening_result: '系统筛查通过，无重复救助' })
    c.amount = x.approved_fen
  }
  Object.assign(S, { admin, dept, town, branch })
  return S
}

export async function wordsScenario(stage) {
  const S = await screenedCases(stage, {
    // an edit the audit log shows as 字段：旧 → 新 (the phone masked)
    beforeRound: async ({ S, branch, members }) => {
      S.edited = { name: members[0].name, address: members[0].address }
      await ok(branch.patch(`/api/v1/members/${members[0].id}`, { address: '东风村三组 12 号', phone: '13900003333' }))
    },
  })
  const { dept, town } = S
  S.deptFund = await ok(dept.post('/api/v1/funds', { org_id: S.deptOrg.id }))
  await ok(dept.post(`/api/v1/funds/${S.deptFund.id}/income`, { source: 'dues', amount_fen: 1000000, date: DAY2, memo: '党费划拨帮扶基金' }), 201)
  S.batch = await ok(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id, case_ids: S.cases.map((c) => c.id), payer: 'department' }), 201)
  S.townFund = (await ok(town.get('/api/v1/funds'))).items.find((f) => f.org_id === S.townOrg.id)
  const r = await ok(dept.post('/api/v1/recoveries', { case_id: S.cases[0].id, amount_fen: 30000, finding: '核查发现家庭有经营收入未申报' }), 201)
  await ok(town.post(`/api/v1/recoveries/${r.id}/repayments`, { amount_fen: 10000, method: 'cash' }), 201)
  S.recovery = r
  return S
}

// cases.test.mjs - the aid procedure (issue #3) over HTTP against a real
// `bangfu serve` (SQLite by default; PostgreSQL when BANGFU_TEST_PG is set):
// a yearly round end to end with a notice over the 2024 Spring Festival and
// an objection that blocks closing until handled, an emergency paid first
// with its paperwork on the to-do list, guards (409), roles (403) and scope
// (404), the batch notice and batch approval, attachments, the printed
// documents, policies and the calendar.  The server's day is fixed with
// BANGFU_TODAY and moved by restarting it on the same database (sessions
// live in the database, so the clients stay logged in).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openScenario, ok, refused, step, idNumber } from '../lib/harness.mjs';

let db, stage; // the server, moved from day to day (BANGFU_TODAY)
const S = {}; // what the scenario builds up: ids shared by later tests

function yearlyBody(member_id, round_id) {
  return { member_id, kind: 'yearly', round_id, conditions: ['serious_illness'], causes: ['illness'], situation: '本人患尿毒症，每周透析三次，家庭收入微薄', household_size: 3, labour_capacity: false, income_fen: 800000 };
}

// Raw upload of bytes as an attachment.
async function upload(c, caseId, bytes, { type = 'application/pdf', name = '诊断证明.pdf', kind = 'diagnosis', csrf = true } = {}) {
  const h = { Cookie: c.cookie, 'Content-Type': type };
  if (csrf) h['X-CSRF-Token'] = c.csrf;
  if (name !== null) h['X-Filename'] = encodeURIComponent(name);
  const r = await fetch(`${c.base}/api/v1/cases/${caseId}/attachments?kind=${kind}`, { method: 'POST', headers: h, body: bytes });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, headers: r.headers };
}

async function download(c, path) {
  const r = await fetch(c.base + path, { headers: { Cookie: c.cookie } });
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
}

// The text of a PDF, by pdftotext.
function pdfText(bytes, name) {
  const file = join(db.dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const PDF = Buffer.from('%PDF-1.4\n% 医院诊断证明\n1 0 obj<<>>endobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR-tiny-png-for-a-test')]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

let admin, dept, town, branch, other, auditor;

// A case is paid with the money (tests/api/payments.test.mjs has the whole fund): income
// into the department's fund, then the case page's 立即发放 as the department.
async function payNow(caseId) {
  const f = await ok(dept.post('/api/v1/funds', { org_id: S.deptOrg.id }));
  await ok(dept.post(`/api/v1/funds/${f.id}/income`, { source: 'finance', amount_fen: 500000 }), 201);
  const b = await ok(dept.post(`/api/v1/cases/${caseId}/payments`, { payer: 'department' }), 201);
  assert.equal(b.count, 1);
}

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2024-02-01' }));
  [S.branchOrg, S.townOrg, S.otherOrg] = [org.branch, org.town, org.other];
  S.deptOrg = org.dept;
  // the member whose documents are checked: a known ID number and phone
  S.id_number = idNumber('330702', '19580402', '217');
  S.memberA = (await ok(admin.post('/api/v1/members', { name: '王建国', ethnicity: '汉族', joined_on: '1980-07-01', id_number: S.id_number, phone: '13812345678', household_type: '农业', household_size: 3, address: '城关镇东风村1组2号', education: '初中', member_type: '普通党员', org_id: S.branchOrg.id }), 201)).id;
  const demo = (await ok(admin.get(`/api/v1/members?org=${S.branchOrg.id}&size=10`))).items.filter((m) => m.id !== S.memberA);
  S.memberB = demo[0].id;
  S.memberC = demo[1].id;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('a yearly round end to end', () => {
  test('2024-02-01: the department opens the round; the branch enters two applications', async () => {
    await refused(branch.post('/api/v1/rounds', { year: 2024 }), 403, /组织部/, 'forbidden');
    await refused(dept.post('/api/v1/rounds', {}), 400, /年度/, 'missing_field');
    const round = await ok(dept.post('/api/v1/rounds', { year: 2024 }), 201);
    assert.equal(round.opened_on, '2024-02-01');
    assert.equal(round.due_on, '2024-02-16'); // 15 calendar days
    assert.equal(round.status, 'open');
    assert.equal(round.policy_version, 1);
    S.round = round.id;
    await refused(dept.post('/api/v1/rounds', { year: 2024 }), 409, null, 'conflict');
    // every level sees the department's round
    assert.ok((await ok(branch.get('/api/v1/rounds?year=2024'))).items.some((r) => r.id === S.round));
    assert.equal((await ok(other.get(`/api/v1/rounds/${S.round}`))).id, S.round);

    const a = await ok(branch.post('/api/v1/cases', yearlyBody(S.memberA, S.round)), 201);
    assert.equal(a.state, 'applied');
    assert.equal(a.state_label, '已申请');
    assert.equal(a.kind, 'yearly');
    assert.equal(a.year, 2024);
    assert.equal(a.due_on, '2024-02-16');
    assert.equal(a.member_name, '王建国');
    assert.equal(a.category, 'relief');
    assert.equal(a.category_label, '输血型');
    assert.equal(a.eligible, true);
    assert.equal(a.classification.category_reason, 'no_labour');
    assert.ok(a.classification.explanation.some((s) => /输血型/.test(s)), 'the explanation sentences');
    assert.deepEqual(a.causes, [{ code: 'illness', label: '因病' }]);
    assert.equal(a.income_fen, 800000);
    assert.ok(a.allowed_events.some((e) => e.event === 'investigate'));
    S.caseA = a.id;
    const b = await ok(branch.post('/api/v1/cases', { ...yearlyBody(S.memberB, S.round), labour_capacity: true }), 201);
    S.caseB = b.id;
    // one yearly case per member and round
    await refused(branch.post('/api/v1/cases', yearlyBody(S.memberA, S.round)), 409, /王建国/, 'conflict');
  });

  test('bad input, roles and scope on cases', async () => {
    await refused(auditor.post('/api/v1/cases', yearlyBody(S.memberC, S.round)), 403, /只能查看/, 'forbidden');
    await refused(branch.post('/api/v1/cases', { ...yearlyBody(S.memberC, S.round), kind: 'monthly' }), 400, null, 'invalid_field');
    await refused(branch.post('/api/v1/cases', { ...yearlyBody(S.memberC, S.round), causes: ['no_such_cause'] }), 400);
    await refused(branch.post('/api/v1/cases', { ...yearlyBody(S.memberC, S.round), bogus: 1 }), 400, /bogus/);
    await refused(branch.post('/api/v1/cases', { ...yearlyBody(S.memberC, 0) }), 400, /轮次/, 'missing_field');
    // another branch: the case does not exist for it, nor its member
    await refused(other.get(`/api/v1/cases/${S.caseA}`), 404, null, 'not_found');
    await refused(step(other, S.caseA, 'investigate', {}), 404);
    await refused(other.post('/api/v1/cases', yearlyBody(S.memberC, S.round)), 404, /党员不存在/);
    assert.equal((await ok(other.get('/api/v1/cases'))).total, 0);
    // a correction while applied, with an override and its reason
    const p = await ok(branch.patch(`/api/v1/cases/${S.caseB}`, { situation: '家中主要劳力因病卧床', override: { tier: 'temporary', reason: '家中主要劳力病愈后可恢复劳动' } }));
    assert.equal(p.tier, 'temporary');
    assert.equal(p.classification.overridden, true);
    assert.equal(p.classification.tier_reason, '家中主要劳力病愈后可恢复劳动');
    await refused(branch.patch(`/api/v1/cases/${S.caseB}`, { override: { tier: 'moderate', reason: '短' } }), 400);
    await refused(branch.patch(`/api/v1/cases/${S.caseB}`, { kind: 'emergency' }), 400, /不能修改/);
    await refused(branch.patch(`/api/v1/cases/${S.caseB}`, { situation: '再改', version: 1 }), 409, /已被他人更新/);
    // list with filters and the page shape
    const list = await ok(branch.get(`/api/v1/cases?round=${S.round}&state=applied&kind=yearly&size=1`));
    assert.equal(list.total, 2);
    assert.equal(list.items.length, 1);
    assert.equal(list.page, 1);
    assert.equal(list.size, 1);
    await refused(branch.get('/api/v1/cases?state=nonsense'), 400, null, 'invalid_field');
  });

  test('steps refused: wrong state (409), wrong level (403), bad data (400)', async () => {
    const e = await refused(step(branch, S.caseA, 'appraise', { appraisal_on: '2024-02-01', expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '同意' }), 409, /[\u4e00-\u9fa5]/, 'conflict');
    assert.ok(e.message.length > 4);
    await refused(step(dept, S.caseA, 'investigate', { investigation_on: '2024-02-01', investigators: '张三', investigation: '属实' }), 403, /须由/, 'forbidden');
    await refused(step(branch, S.caseA, 'investigate', { investigation_on: '2024-02-02', investigators: '张三', investigation: '属实' }), 400, /不能晚于今天/);
    await refused(step(branch, S.caseA, 'investigate', { investigators: '张三' }), 400, /入户调查日期/, 'missing_field');
    await refused(step(branch, S.caseA, 'investigate', { approved_fen: 1 }), 400, /不属于/);
    await refused(step(branch, S.caseA, 'fly'), 400, /未知的操作/);
    await refused(step(auditor, S.caseA, 'investigate', {}), 403);
  });

  test('2024-02-08: investigation, appraisal, decision; a notice for the branch\'s whole list', async () => {
    await stage.day('2024-02-08');
    for (const id of [S.caseA, S.caseB]) {
      await ok(step(branch, id, 'investigate', { investigation_on: '2024-02-02', investigators: '张三、李四', investigation: '入户查看，情况属实' }));
      await ok(step(branch, id, 'appraise', { appraisal_on: '2024-02-05', expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '党员大会记录：同意列为帮扶对象' }));
      const c = await ok(step(branch, id, 'decide', { decision_on: '2024-02-07', decision_minutes: '支委会研究同意' }));
      assert.equal(c.state, 'decided');
      assert.equal(c.proposed_fen, 60000); // the yearly amount
    }
    await refused(branch.post('/api/v1/notices', { org_id: S.otherOrg.id, kind: 'yearly' }), 404);
    // posted Thursday 8 February: 8, 9, 18 (make-up Sunday), 19, 20
    const nt = await ok(branch.post('/api/v1/notices', { org_id: S.branchOrg.id, kind: 'yearly' }), 201);
    assert.equal(nt.starts_on, '2024-02-08');
    assert.equal(nt.ends_on, '2024-02-20');
    assert.equal(nt.working_days, 5);
    assert.equal(nt.estimated, false);
    assert.equal(nt.status, 'open');
    assert.equal(nt.ncases, 2);
    assert.deepEqual(nt.cases.map((c) => c.id).sort(), [S.caseA, S.caseB].sort());
    assert.ok(nt.cases.every((c) => c.state === 'in_notice'));
    assert.equal(nt.office, '东风村党支部');
    S.notice = nt.id;
    await refused(branch.post('/api/v1/notices', { org_id: S.branchOrg.id, kind: 'yearly' }), 409, /没有待公示/);
    await refused(other.get(`/api/v1/notices/${S.notice}`), 404);
    assert.equal((await ok(branch.get('/api/v1/notices?status=open'))).total, 1);
    // the list's filters: an org's subtree (404 outside the scope) and the kind (400 otherwise)
    const ids = async (c, q) => (await ok(c.get(`/api/v1/notices?${q}`))).items.map((n) => n.id);
    assert.ok((await ids(dept, `org=${S.townOrg.id}`)).includes(S.notice), "the town's subtree");
    assert.ok((await ids(dept, `org=${S.branchOrg.id}&kind=yearly&status=open`)).includes(S.notice));
    assert.ok(!(await ids(dept, `org=${S.otherOrg.id}`)).includes(S.notice), 'another branch');
    assert.ok(!(await ids(dept, 'kind=emergency')).includes(S.notice), 'the other kind');
    assert.equal((await ok(branch.get(`/api/v1/notices?org=${S.branchOrg.id}&kind=yearly`))).total, 1);
    assert.equal((await ok(branch.get('/api/v1/notices?kind=emergency'))).total, 0);
    await refused(branch.get(`/api/v1/notices?org=${S.otherOrg.id}`), 404, null, 'not_found');
    await refused(branch.get('/api/v1/notices?org=999999'), 404);
    await refused(branch.get('/api/v1/notices?kind=monthly'), 400, /yearly/, 'invalid_field');
    await refused(branch.get('/api/v1/notices?org=abc'), 400);
    // the case list's own level: the cases filed directly with the org, not its subtree
    const cases = async (q) => (await ok(dept.get(`/api/v1/cases?${q}`))).items.map((c) => c.id);
    assert.ok((await cases(`org=${S.branchOrg.id}&own=1`)).includes(S.caseA));
    assert.ok((await cases(`org=${S.townOrg.id}`)).includes(S.caseA), 'the subtree');
    assert.ok(!(await cases(`org=${S.townOrg.id}&own=1`)).includes(S.caseA), 'not the own level');
    await refused(dept.get('/api/v1/cases?own=1'), 400, /组织/, 'missing_field');
    await refused(dept.get(`/api/v1/cases?org=${S.townOrg.id}&own=2`), 400);
  });

  test('2024-02-19: an objection received on the 9th; the notice is not over yet', async () => {
    await stage.day('2024-02-19');
    const o = await ok(branch.post(`/api/v1/notices/${S.notice}/objections`, { case_id: S.caseA, channel: 'phone', received_on: '2024-02-09', content: '反映该户有经营收入' }), 201);
    assert.equal(o.received_on, '2024-02-09');
    assert.equal(o.channel_label, '电话');
    assert.equal(o.outcome, null);
    S.objection = o.id;
    await refused(branch.post(`/api/v1/notices/${S.notice}/objections`, { channel: 'fax', content: 'x' }), 400);
    await refused(other.get(`/api/v1/notices/${S.notice}/objections`), 404);
    const list = await ok(branch.get(`/api/v1/notices/${S.notice}/objections`));
    assert.equal(list.items.length, 1);
    // the 18th was a make-up working day: the notice runs to the 20th
    await refused(branch.post(`/api/v1/notices/${S.notice}/close`), 409, /公示期尚未结束/, 'conflict');
    await refused(step(branch, S.caseA, 'close_notice'), 409, /公示期尚未结束/);
    const todo = await ok(branch.get('/api/v1/todo'));
    assert.equal(todo.counts.objections, 1);
    assert.equal(todo.counts.notices, 1);
    assert.ok(todo.items.some((t) => t.kind === 'objection' && t.objection_id === S.objection));
    assert.ok(todo.items.some((t) => t.kind === 'notice' && t.notice_id === S.notice));
  });

  test('2024-02-21: the open objection blocks closing until it is handled', async () => {
    await stage.day('2024-02-21');
    await refused(branch.post(`/api/v1/notices/${S.notice}/close`), 409, /异议/, 'conflict');
    await refused(branch.post(`/api/v1/objections/${S.objection}/handle`, { outcome: 'unfounded' }), 400, /处理理由/, 'missing_field');
    await refused(branch.post(`/api/v1/objections/${S.objection}/handle`, { outcome: 'maybe', reason: '再看看情况' }), 400);
    await refused(other.post(`/api/v1/objections/${S.objection}/handle`, { outcome: 'unfounded', reason: '经核实，金额很小' }), 404);
    await refused(dept.post(`/api/v1/objections/${S.objection}/handle`, { outcome: 'upheld_returned', reason: '组织部认为成立' }), 403, /党支部/);
    const h = await ok(branch.post(`/api/v1/objections/${S.objection}/handle`, { outcome: 'unfounded', reason: '经核实，所谓经营收入为亲属代售农产品，金额很小' }));
    assert.equal(h.outcome, 'unfounded');
    await refused(branch.post(`/api/v1/objections/${S.objection}/handle`, { outcome: 'unfounded', reason: '再次处理一下' }), 409, /已经处理/);
    const nt = await ok(branch.post(`/api/v1/notices/${S.notice}/close`));
    assert.equal(nt.status, 'closed');
    assert.ok(nt.cases.every((c) => c.state === 'noticed'));
    const a = await ok(branch.get(`/api/v1/cases/${S.caseA}`));
    assert.equal(a.notice_id, S.notice, 'the case names the notice it was on');
  });

  test('the dossier before submission; review; batch approval', async () => {
    await refused(step(branch, S.caseA, 'submit'), 409, /报备资料不全/, 'conflict');
    const at = await upload(branch, S.caseA, PDF, { name: '书面申请.pdf', kind: 'application' });
    assert.equal(at.status, 201, JSON.stringify(at.json));
    let a = await ok(branch.get(`/api/v1/cases/${S.caseA}`));
    assert.equal(a.dossier.find((d) => d.code === 'application').present, true, 'the upload ticks its dossier item');
    a = await ok(step(branch, S.caseA, 'submit', { dossier: ['application_form', 'assembly_minutes', 'committee_minutes', 'notice_report', 'registration_form'] }));
    assert.equal(a.state, 'submitted');
    assert.equal(a.dossier_complete, true);
    await ok(branch.post(`/api/v1/cases/${S.caseB}/dossier`, { items: ['application', 'application_form', 'assembly_minutes', 'committee_minutes', 'notice_report', 'registration_form'] }));
    await ok(step(branch, S.caseB, 'submit'));
    // review by the committee; the branch may not
    await refused(step(branch, S.caseA, 'review'), 403, /党\(工\)委/);
    for (const id of [S.caseA, S.caseB]) assert.equal((await ok(step(town, id, 'review'))).state, 'reviewed');
    assert.ok((await ok(dept.get('/api/v1/todo'))).counts.cases >= 2, 'the department sees the reviewed cases');
    // approval: not by the committee; the department approves the committee's list at once
    await refused(step(town, S.caseA, 'approve'), 403, /组织部/);
    await refused(town.post('/api/v1/cases/approve', { org_id: S.townOrg.id }), 403);
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: [S.caseA, 999999] }), 404, /999999/);
    assert.equal((await ok(dept.get(`/api/v1/cases/${S.caseA}`))).state, 'reviewed', 'all or nothing');
    // the check-only run names every refusal, in the batch's order, and writes nothing:
    // caseA listed twice is refused the second time, as the real batch would
    const chk = await ok(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: [S.caseA, 999999, S.caseB, S.caseA], dry_run: true }));
    assert.deepEqual(chk.approvable, [S.caseA, S.caseB]);
    assert.equal(chk.refused.length, 2);
    assert.deepEqual(chk.refused[0], { case_id: 999999, member_name: '', message: '档案 999999 不存在' });
    assert.equal(chk.refused[1].case_id, S.caseA);
    assert.equal(chk.refused[1].member_name, '王建国');
    assert.ok(chk.refused[1].message.length > 0);
    const all = await ok(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, dry_run: true }));
    assert.deepEqual(all.approvable.sort(), [S.caseA, S.caseB].sort());
    assert.deepEqual(all.refused, []);
    assert.equal((await ok(dept.get(`/api/v1/cases/${S.caseA}`))).state, 'reviewed', 'the dry run wrote nothing');
    assert.equal((await ok(dept.get(`/api/v1/cases/${S.caseB}`))).state, 'reviewed');
    assert.ok(!(await ok(dept.get(`/api/v1/cases/${S.caseA}/timeline`))).items.some((ev) => ev.event === 'approve'));
    await refused(town.post('/api/v1/cases/approve', { org_id: S.townOrg.id, dry_run: true }), 403);
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.otherOrg.id, dry_run: true }), 409, /没有待审批/);
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, dry_run: 'yes' }), 400);
    // the real batch approves exactly the listed cases: never a whole list by accident
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id }), 400, /勾选/, 'missing_field');
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: [] }), 400, /勾选/, 'missing_field');
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: [S.caseA, S.caseA] }), 400, /重复/);
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.otherOrg.id, case_ids: [S.caseA] }), 400, /不在/);
    let r = await ok(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: [S.caseB] }));
    assert.equal(r.approved, 1);
    assert.equal((await ok(dept.get(`/api/v1/cases/${S.caseA}`))).state, 'reviewed', 'an unlisted case stays as it was');
    assert.equal((await ok(dept.get(`/api/v1/cases/${S.caseB}`))).state, 'approved');
    await refused(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: [S.caseA, S.caseB] }), 409, new RegExp(`档案 ${S.caseB}`));
    r = await ok(dept.post('/api/v1/cases/approve', { case_ids: [S.caseA] }));
    assert.equal(r.approved, 1);
    a = await ok(dept.get(`/api/v1/cases/${S.caseA}`));
    assert.equal(a.state, 'approved');
    assert.equal(a.approved_fen, 60000);
  });

  test('screening, payment, verification; the timeline; progress; closing the round', async () => {
    let a = await ok(step(town, S.caseA, 'enter_screening'));
    assert.equal(a.screening_entered_on, '2024-02-21');
    await refused(step(town, S.caseA, 'screen_pass'), 409, /筛查结果/);
    await ok(step(town, S.caseA, 'screen_pass', { screening_result: '系统筛查通过，无重复救助' }));
    // "paid" only with the money: the plain step is refused, the payments route takes it
    await refused(step(town, S.caseA, 'pay'), 409, /资金拨付/);
    await refused(branch.post(`/api/v1/cases/${S.caseA}/payments`, {}), 403);
    await payNow(S.caseA);
    await refused(step(town, S.caseA, 'verify'), 403, /组织部/);
    a = await ok(step(dept, S.caseA, 'verify'));
    assert.equal(a.state, 'verified');
    assert.equal(a.due_on, null);
    assert.deepEqual(a.allowed_events, []);

    const tl = (await ok(branch.get(`/api/v1/cases/${S.caseA}/timeline`))).items;
    for (const ev of ['create', 'investigate', 'appraise', 'decide', 'open_notice', 'objection', 'objection_handled', 'close_notice', 'attach', 'submit', 'review', 'approve', 'enter_screening', 'screen_pass', 'pay', 'verify'])
      assert.ok(tl.some((t) => t.event === ev), `timeline has ${ev}`);
    const last = tl[tl.length - 1];
    assert.equal(last.event, 'verify');
    // who acted, by display name (the demo's accounts have one)
    const names = (await ok(admin.get('/api/v1/users'))).items;
    for (const t of tl) assert.equal(t.user_name, names.find((u) => u.username === t.username)?.display_name || t.username);
    assert.equal(last.from_state, 'paid');
    assert.equal(last.to_label, '已核查办结');
    assert.equal(last.username, 'dept');
    assert.equal(last.policy_version, 1);
    await refused(other.get(`/api/v1/cases/${S.caseA}/timeline`), 404);

    const pr = await ok(dept.get(`/api/v1/rounds/${S.round}/progress`));
    const t01 = pr.items.find((l) => l.org_id === S.townOrg.id);
    assert.equal(t01.total, 2);
    assert.equal(t01.by_state.verified, 1);
    assert.equal(t01.by_state.approved, 1);
    assert.equal(t01.late, 1, 'the unfinished case is past the round\'s due date');
    assert.ok(pr.items.length >= 9, 'one line per committee and the department itself');
    const tp = await ok(town.get(`/api/v1/rounds/${S.round}/progress`));
    assert.ok(tp.items.some((l) => l.org_id === S.branchOrg.id && l.total === 2));
    assert.equal((await ok(dept.get(`/api/v1/cases?round=${S.round}&overdue=1`))).total, 1);

    await refused(branch.post(`/api/v1/rounds/${S.round}/close`), 403);
    const closed = await ok(dept.post(`/api/v1/rounds/${S.round}/close`));
    assert.equal(closed.status, 'closed');
    await refused(dept.post(`/api/v1/rounds/${S.round}/close`), 409, /已经结束/);
    await refused(branch.post('/api/v1/cases', yearlyBody(S.memberC, S.round)), 409, /已结束/);
  });
});

describe('an emergency paid first', () => {
  test('2024-03-04: the department pays first; the paperwork goes on the to-do lists', async () => {
    await stage.day('2024-03-04');
    await refused(branch.post('/api/v1/cases', { member_id: S.memberC, kind: 'emergency', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌' }), 400, /事故类型/, 'missing_field');
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.memberC, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000 }), 201);
    assert.equal(c.kind, 'emergency');
    assert.equal(c.loss_type, 'major_loss');
    assert.equal(c.due_on, '2024-03-07'); // 3 calendar days
    S.caseC = c.id;
    await refused(step(branch, S.caseC, 'pay_first', { paperwork_due: '2024-03-15', reason: '急需' }), 403, /组织部/);
    await refused(step(dept, S.caseC, 'pay_first'), 400, /补齐手续期限/, 'missing_field');
    await refused(step(dept, S.caseC, 'pay_first', { paperwork_due: '2024-03-15' }), 409, /先发后补须写明/, 'conflict');
    const p = await ok(step(dept, S.caseC, 'pay_first', { paperwork_due: '2024-03-15', reason: '房屋倒塌，一家四口无处安身，急需救助' }));
    assert.equal(p.state, 'approved');
    assert.equal(p.pay_first, true);
    assert.equal(p.approved_fen, 150000);
    assert.equal(p.paperwork_due, '2024-03-15');
    assert.equal(p.due_on, '2024-03-07'); // screening: 3 working days
    const todo = await ok(branch.get('/api/v1/todo'));
    const item = todo.items.find((t) => t.kind === 'paperwork' && t.case_id === S.caseC);
    assert.ok(item, 'paperwork on the branch\'s list');
    assert.equal(item.due_on, '2024-03-15');
    assert.equal(item.overdue, false);
    assert.ok(todo.counts.paperwork >= 1);
    assert.equal((await ok(branch.get('/api/v1/cases?paperwork=1'))).total, 1);
    await ok(step(town, S.caseC, 'enter_screening'));
    await ok(step(town, S.caseC, 'screen_pass', { screening_result: '通过' }));
    await payNow(S.caseC);
  });

  test('2024-03-16: the paperwork is overdue and comes first; verification waits for it', async () => {
    await stage.day('2024-03-16');
    const todo = await ok(branch.get('/api/v1/todo'));
    assert.ok(todo.items.length >= 1);
    assert.equal(todo.items[0].overdue, true, 'overdue first');
    assert.ok(todo.items.some((t) => t.kind === 'paperwork' && t.case_id === S.caseC && t.overdue));
    for (let i = 1; i < todo.items.length; i++) assert.ok(todo.items[i - 1].overdue >= todo.items[i].overdue);
    assert.ok(todo.counts.overdue >= 1);
    const counts = await ok(dept.get('/api/v1/todo?counts_only=1'));
    assert.deepEqual(counts.items, []);
    assert.ok(counts.counts.paperwork >= 1);
    assert.equal((await ok(auditor.get('/api/v1/todo'))).counts.total, 0);
    await refused(step(dept, S.caseC, 'verify'), 409, /手续尚未补齐/, 'conflict');
    await refused(branch.post(`/api/v1/cases/${S.caseC}/paperwork`), 409, /还缺/);
    await ok(branch.post(`/api/v1/cases/${S.caseC}/dossier`, { items: ['application', 'application_form', 'assembly_minutes', 'committee_minutes', 'notice_report', 'registration_form'] }));
    assert.equal((await ok(branch.post(`/api/v1/cases/${S.caseC}/paperwork`))).paperwork_done, true);
    await refused(branch.post(`/api/v1/cases/${S.caseC}/paperwork`), 409, /已经补齐/);
    assert.ok(!(await ok(branch.get('/api/v1/todo'))).items.some((t) => t.kind === 'paperwork' && t.case_id === S.caseC));
    assert.equal((await ok(step(dept, S.caseC, 'verify'))).state, 'verified');
    await refused(branch.post(`/api/v1/cases/${S.caseC}/dossier`, { items: ['nonsense'] }), 400);
  });
});

describe('attachments', () => {
  test('a PDF and a PNG: uploaded, listed, downloaded whole', async () => {
    const pdf = await upload(branch, S.caseC, PDF, { name: '医院诊断证明.pdf', kind: 'diagnosis' });
    assert.equal(pdf.status, 201, JSON.stringify(pdf.json));
    assert.equal(pdf.json.mime, 'application/pdf');
    assert.equal(pdf.json.name, '医院诊断证明.pdf');
    assert.equal(pdf.json.size, PDF.length);
    assert.match(pdf.json.sha256, /^[0-9a-f]{64}$/);
    const png = await upload(branch, S.caseC, PNG, { type: 'image/png', name: '现场照片.png', kind: 'accident_certificate' });
    assert.equal(png.status, 201, JSON.stringify(png.json));
    assert.equal(png.json.mime, 'image/png');
    const list = (await ok(branch.get(`/api/v1/cases/${S.caseC}/attachments`))).items;
    assert.deepEqual(list.map((a) => a.name), ['医院诊断证明.pdf', '现场照片.png']);
    assert.ok(list.every((a) => a.uploaded_by_name && !/^\d+$/.test(a.uploaded_by_name)), JSON.stringify(list));
    let d = await download(branch, `/api/v1/attachments/${pdf.json.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.ok(d.body.equals(PDF), 'the same bytes');
    assert.match(d.headers.get('content-disposition'), /^attachment; .*filename\*=UTF-8''%E5%8C%BB/);
    d = await download(town, `/api/v1/attachments/${png.json.id}?inline=1`);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'image/png');
    assert.ok(d.body.equals(PNG));
    assert.match(d.headers.get('content-disposition'), /^inline/);
    // scope: neither the list nor the file exists for another branch
    assert.equal((await download(other, `/api/v1/attachments/${pdf.json.id}`)).status, 404);
    await refused(other.get(`/api/v1/cases/${S.caseC}/attachments`), 404);
    assert.equal((await upload(other, S.caseC, PDF)).status, 404);
    assert.equal((await upload(auditor, S.caseC, PDF)).status, 403);
    assert.equal((await upload(branch, S.caseC, PDF, { csrf: false })).status, 403);
  });

  test('an .exe is refused, whatever it claims to be; empty is refused', async () => {
    let r = await upload(branch, S.caseC, EXE, { type: 'application/octet-stream', name: 'setup.exe' });
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /PDF、JPG 或 PNG/);
    r = await upload(branch, S.caseC, EXE, { type: 'application/pdf', name: 'setup.pdf' });
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /PDF、JPG 或 PNG/);
    r = await upload(branch, S.caseC, Buffer.alloc(0));
    assert.equal(r.status, 400);
    r = await upload(branch, S.caseC, PDF, { kind: 'selfie' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'kind');
    r = await upload(branch, S.caseC, PDF, { name: null });
    assert.equal(r.status, 201, 'no name: a default one');
  });

  test('over 10 MiB is 413; JSON routes keep their 1 MiB limit', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 100 * 1024, 0x20);
    PDF.copy(big);
    const r = await upload(branch, S.caseC, big);
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'too_large');
    assert.match(r.json.error.message, /10 MiB/);
    const justOver = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    PDF.copy(justOver);
    const r2 = await upload(branch, S.caseC, justOver);
    assert.equal(r2.status, 400, 'past the core\'s 10 MiB but inside the route\'s margin');
    assert.match(r2.json.error.message, /10 MiB/);
    const ten = Buffer.alloc(10 * 1024 * 1024, 0x20);
    PDF.copy(ten);
    assert.equal((await upload(branch, S.caseC, ten, { name: '扫描件.pdf' })).status, 201, 'exactly 10 MiB is fine');
    const json = await branch.post(`/api/v1/cases/${S.caseC}/dossier`, JSON.stringify({ items: ['x'.repeat(1024 * 1024 + 10)] }), { raw: true });
    assert.equal(json.status, 413);
    assert.equal((await fetch(`${stage.base}/api/v1/health`)).status, 200);
  });
});

describe('printed documents', () => {
  test('application, registration and notice as PDF with the name and the masked ID', async () => {
    const mask = S.id_number.slice(0, 6) + '*'.repeat(8) + S.id_number.slice(14);
    let d = await download(branch, `/api/v1/cases/${S.caseA}/documents/application`);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.match(d.headers.get('content-disposition'), /filename\*=UTF-8''/);
    assert.equal(d.body.subarray(0, 5).toString(), '%PDF-');
    let text = pdfText(d.body, 'app.pdf');
    assert.match(text, /王 *建 *国/);
    assert.ok(text.includes(mask), `the masked ID ${mask} in:\n${text}`);
    assert.ok(!text.includes(S.id_number), 'never the full ID by default');
    assert.match(text, /138\*\*\*\*5678/);
    assert.match(text, /困难党员帮扶救助申请表/);

    d = await download(town, `/api/v1/cases/${S.caseA}/documents/registration`);
    assert.equal(d.status, 200);
    text = pdfText(d.body, 'reg.pdf');
    assert.match(text, /信息登记表/);
    assert.match(text, /王 *建 *国/);
    assert.ok(text.includes(mask));

    d = await download(branch, `/api/v1/notices/${S.notice}/document`);
    assert.equal(d.status, 200);
    text = pdfText(d.body, 'notice.pdf');
    assert.match(text, /公/);
    assert.match(text, /王 *建 *国/);
    assert.match(text, /东风村党支部/);

    d = await download(branch, `/api/v1/cases/${S.caseC}/documents/application`);
    assert.equal(d.status, 200);
    assert.match(pdfText(d.body, 'app2.pdf'), /遭受突发事故党员救助申请表/);

    assert.equal((await download(other, `/api/v1/cases/${S.caseA}/documents/application`)).status, 404);
    assert.equal((await download(other, `/api/v1/notices/${S.notice}/document`)).status, 404);
  });

  test('the full ID on the application only for roles that may reveal it, audited', async () => {
    const d = await download(branch, `/api/v1/cases/${S.caseA}/documents/application?reveal=1`);
    assert.equal(d.status, 200);
    assert.ok(pdfText(d.body, 'app-full.pdf').includes(S.id_number));
    assert.equal((await download(auditor, `/api/v1/cases/${S.caseA}/documents/application?reveal=1`)).status, 403);
    assert.equal((await download(branch, `/api/v1/cases/${S.caseA}/documents/registration?reveal=1`)).status, 400);
    const audit = (await ok(admin.get('/api/v1/audit?size=50'))).items;
    assert.ok(audit.some((a) => a.action === 'reveal' && a.username === 'branch0101' && a.entity_id === S.memberA));
  });
});

describe('policies', () => {
  test('the versions, the one in force, and saving a new one', async () => {
    const list = (await ok(branch.get('/api/v1/policies'))).items;
    assert.equal(list.length, 1);
    assert.equal(list[0].version, 1);
    assert.equal(list[0].in_force, true);
    const cur = await ok(branch.get('/api/v1/policies/current'));
    assert.equal(cur.version, 1);
    assert.equal(cur.document.yearly_amount_fen, 60000);
    assert.equal(cur.document.notice_working_days, 5);
    const doc = { ...cur.document, yearly_amount_fen: 80000 };
    await refused(branch.post('/api/v1/policies', { document: doc, effective_from: '2025-01-01', note: '提高标准' }), 403);
    await refused(dept.post('/api/v1/policies', { document: doc, effective_from: '2023-01-01', note: '提高标准' }), 400, /生效日期/);
    await refused(dept.post('/api/v1/policies', { document: { ...doc, notice_working_days: 1 }, effective_from: '2025-01-01', note: '缩短公示' }), 400, null, 'invalid_field');
    await refused(dept.post('/api/v1/policies', { effective_from: '2025-01-01', note: '没有文件' }), 400, null, 'missing_field');
    const v2 = await ok(dept.post('/api/v1/policies', { document: doc, effective_from: '2025-01-01', note: '2025 年起提高生活困难帮扶标准' }), 201);
    assert.equal(v2.version, 2);
    assert.equal(v2.effective_from, '2025-01-01');
    assert.equal(v2.in_force, false);
    assert.equal(v2.document.yearly_amount_fen, 80000);
    assert.equal((await ok(branch.get('/api/v1/policies/2'))).note, '2025 年起提高生活困难帮扶标准');
    assert.equal((await ok(branch.get('/api/v1/policies/current?date=2025-06-01'))).version, 2);
    assert.equal((await ok(branch.get('/api/v1/policies/current'))).version, 1, 'still version 1 on 2024-03-16');
    await refused(branch.get('/api/v1/policies/9'), 404);
  });
});

describe('the calendar', () => {
  test('the year in force with the Spring Festival; the department\'s edits', async () => {
    const y = await ok(branch.get('/api/v1/calendar?year=2024'));
    assert.equal(y.has_data, true);
    const sf = y.days.find((d) => d.date === '2024-02-12');
    assert.equal(sf.kind, 'holiday');
    assert.match(sf.name, /春节/);
    assert.equal(y.days.find((d) => d.date === '2024-02-18').kind, 'workday');
    await refused(branch.req('PUT', '/api/v1/calendar/days', { day: '2031-10-08', kind: 'holiday', name: '国庆节' }), 403);
    assert.equal((await branch.req('PUT', '/api/v1/calendar/days', { day: '2031-10-08', kind: 'holiday' }, { csrf: false })).status, 403);
    assert.equal((await dept.req('PUT', '/api/v1/calendar/days', { day: '2031-10-08', kind: 'holiday', name: '国庆节' })).status, 204);
    await refused(dept.req('PUT', '/api/v1/calendar/days', { day: '2031-10-08', kind: 'workday' }), 400, /周一至周五/);
    let y31 = await ok(dept.get('/api/v1/calendar?year=2031'));
    assert.equal(y31.has_data, false);
    assert.ok(y31.days.some((d) => d.date === '2031-10-08' && d.kind === 'holiday' && d.edited));
    assert.equal(y31.edits.length, 1);
    assert.equal((await dept.post('/api/v1/calendar/years/2031', { complete: true, source: '国务院办公厅关于2031年部分节假日安排的通知' })).status, 204);
    y31 = await ok(dept.get('/api/v1/calendar?year=2031'));
    assert.equal(y31.has_data, true);
    assert.match(y31.marked.source, /2031/);
    assert.equal((await dept.del('/api/v1/calendar/days?day=2031-10-08')).status, 204);
    await refused(dept.del('/api/v1/calendar/days?day=2031-10-08'), 404);
    const tsv = '# 测试通知\n2032-01-01\tholiday\t元旦\n2032-02-01\tworkday\t春节调休\n';
    await refused(dept.post('/api/v1/calendar/years/2032', { tsv: '2032-13-01\tholiday\n' }), 400);
    assert.equal((await dept.post('/api/v1/calendar/years/2032', { tsv, source: '测试通知' })).status, 204);
    const y32 = await ok(dept.get('/api/v1/calendar?year=2032'));
    assert.equal(y32.has_data, true);
    assert.equal(y32.days.find((d) => d.date === '2032-02-01').kind, 'workday');
    assert.equal((await dept.del('/api/v1/calendar/years/2032')).status, 204);
    assert.equal((await ok(dept.get('/api/v1/calendar?year=2032'))).has_data, false);
    await refused(dept.get('/api/v1/calendar?year=99999'), 400);
  });
});

// papers.test.mjs - the papers as the levels wrote them (issue #10) over
// HTTP against a real `bangfu serve` (SQLite by default; PostgreSQL when
// BANGFU_TEST_PG is set): each level's opinion stored with its step and
// printed as typed (a blank line when none was typed, never a fixed
// phrase), the application's date (申请日期) as written on the paper, and
// the printed forms checked through pdftotext.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openScenario, ok, refused, step, DOSSIER, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other;
const S = {};

const FIXED = ['经审核，情况属实，同意上报', '同意备案'];

function yearlyBody(member_id, round_id, extra = {}) {
  return { member_id, kind: 'yearly', round_id, conditions: ['serious_illness'], causes: ['illness'], situation: '本人患病，家庭收入微薄', household_size: 3, labour_capacity: false, income_fen: 800000, ...extra };
}

async function download(c, path) {
  const r = await fetch(c.base + path, { headers: { Cookie: c.cookie } });
  return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
}

// The text of a PDF without its spaces and line breaks (pdftotext spaces
// out CJK text set in table cells).
function pdfText(d, name) {
  assert.equal(d.status, 200, d.body.toString().slice(0, 300));
  assert.equal(d.type, 'application/pdf');
  const file = join(db.dir, name);
  writeFileSync(file, d.body);
  if (process.env.PAPERS_KEEP) writeFileSync(join(process.env.PAPERS_KEEP, name), d.body); // to look at
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, other, org } = await openScenario({ day: '2024-02-01' }));
  S.org = org;
  const members = (await ok(branch.get(`/api/v1/members?org=${org.branch.id}&size=10`))).items;
  [S.mA, S.mB] = members.map((m) => m.id);
  S.nameA = members[0].name;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('申请日期: the date on the application', () => {
  test('given, defaulted to today, refused in the future or malformed, corrected while applied', async () => {
    S.round = (await ok(dept.post('/api/v1/rounds', { year: 2024 }), 201)).id;
    await refused(branch.post('/api/v1/cases', yearlyBody(S.mA, S.round, { applied_on: '2024-02-02' })), 400, /申请日期不能晚于今天/, 'invalid_field');
    await refused(branch.post('/api/v1/cases', yearlyBody(S.mA, S.round, { applied_on: '2024-13-40' })), 400, /申请日期/, 'invalid_field');
    const a = await ok(branch.post('/api/v1/cases', yearlyBody(S.mA, S.round, { applied_on: '2024-01-28' })), 201);
    assert.equal(a.applied_on, '2024-01-28');
    S.caseA = a.id;
    const b = await ok(branch.post('/api/v1/cases', yearlyBody(S.mB, S.round)), 201);
    assert.equal(b.applied_on, '2024-02-01', 'today when not given');
    S.caseB = b.id;
    const p = await ok(branch.patch(`/api/v1/cases/${S.caseB}`, { applied_on: '2024-01-30' }));
    assert.equal(p.applied_on, '2024-01-30');
    const q = await ok(branch.patch(`/api/v1/cases/${S.caseB}`, { situation: '本人患病，家中无劳力' }));
    assert.equal(q.applied_on, '2024-01-30', 'kept when the correction does not name it');
    const mC = await ok(admin.post('/api/v1/members', { name: '周桂兰', ethnicity: '汉族', joined_on: '1978-07-01', id_number: idNumber('330702', '19550303', '342'), phone: '13812340001', household_type: '农业', household_size: 2, address: '城关镇东风村2组', education: '小学', member_type: '普通党员', org_id: S.org.branch.id }), 201);
    S.caseC = (await ok(branch.post('/api/v1/cases', yearlyBody(mC.id, S.round)), 201)).id;
    const list = await ok(branch.get(`/api/v1/cases?round=${S.round}`));
    assert.equal(list.items.find((c) => c.id === S.caseA).applied_on, '2024-01-28');
  });
});

describe('opinions typed with their steps', () => {
  test('the branch decides with its opinion; opinion is refused on a step without one', async () => {
    await stage.day('2024-02-08');
    for (const id of [S.caseA, S.caseB, S.caseC]) {
      await refused(step(branch, id, 'investigate', { investigation_on: '2024-02-02', investigators: '张三', investigation: '属实', opinion: '同意' }), 400, /不属于/);
      await ok(step(branch, id, 'investigate', { investigation_on: '2024-02-02', investigators: '张三、李四', investigation: '入户查看，情况属实' }));
      await ok(step(branch, id, 'appraise', { appraisal_on: '2024-02-05', expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '党员大会同意' }));
    }
    await refused(step(branch, S.caseA, 'decide', { decision_on: '2024-02-07', decision_minutes: '同意', opinion: '长'.repeat(251) }), 400, /意见最长 250 个字/, 'invalid_field');
    await ok(step(branch, S.caseA, 'decide', { decision_on: '2024-02-07', decision_minutes: '支委会研究同意', opinion: '支部同意帮扶' }));
    await ok(step(branch, S.caseB, 'decide', { decision_on: '2024-02-07', decision_minutes: '支委会研究同意' }));
    await ok(step(branch, S.caseC, 'decide', { decision_on: '2024-02-07', decision_minutes: '支委会研究同意' }));
    const tl = (await ok(branch.get(`/api/v1/cases/${S.caseA}/timeline`))).items;
    assert.equal(tl.find((t) => t.event === 'decide').opinion, '支部同意帮扶');
    assert.equal(tl.find((t) => t.event === 'appraise').opinion, '');
    S.notice = (await ok(branch.post('/api/v1/notices', { org_id: S.org.branch.id, kind: 'yearly' }), 201)).id;
  });

  test('2024-02-21: review and approval with and without opinions', async () => {
    await stage.day('2024-02-21');
    const o = await ok(branch.post(`/api/v1/notices/${S.notice}/objections`, { case_id: S.caseA, channel: 'phone', received_on: '2024-02-09', content: '反映该户有经营收入' }), 201);
    await ok(branch.post(`/api/v1/objections/${o.id}/handle`, { outcome: 'unfounded', reason: '经核实为亲属代售农产品' }));
    await ok(branch.post(`/api/v1/notices/${S.notice}/close`));
    for (const id of [S.caseA, S.caseB, S.caseC]) {
      await ok(branch.post(`/api/v1/cases/${id}/dossier`, { items: DOSSIER }));
      await ok(step(branch, id, 'submit'));
    }
    await ok(step(town, S.caseC, 'review'));
    await ok(step(town, S.caseA, 'review', { opinion: '走访核实建议批准' }));
    await ok(step(town, S.caseB, 'review'));
    await ok(step(dept, S.caseA, 'approve', { opinion: '准予备案按标准发放' }));
    assert.equal((await ok(dept.post('/api/v1/cases/approve', { org_id: S.org.town.id, case_ids: [S.caseB] }))).approved, 1);
    const tl = (await ok(dept.get(`/api/v1/cases/${S.caseA}/timeline`))).items;
    assert.equal(tl.find((t) => t.event === 'review').opinion, '走访核实建议批准');
    assert.equal(tl.find((t) => t.event === 'approve').opinion, '准予备案按标准发放');
    await refused(other.get(`/api/v1/cases/${S.caseA}/timeline`), 404);
  });

  test('batch approval records the department\'s 审批意见 with each case it approves', async () => {
    await refused(dept.post('/api/v1/cases/approve', { case_ids: [S.caseC], opinion: '长'.repeat(251) }), 400, /审批意见最长 250 个字/, 'invalid_field');
    await refused(dept.post('/api/v1/cases/approve', { case_ids: [S.caseC], opinion: 7 }), 400, /审批意见/, 'invalid_field');
    assert.equal((await ok(dept.get(`/api/v1/cases/${S.caseC}`))).state, 'reviewed', 'refused: nothing approved');
    // the dry run takes the same body and writes nothing
    assert.deepEqual((await ok(dept.post('/api/v1/cases/approve', { case_ids: [S.caseC], opinion: '准予', dry_run: true }))).approvable, [S.caseC]);
    assert.equal((await ok(dept.post('/api/v1/cases/approve', { org_id: S.org.town.id, case_ids: [S.caseC], opinion: '  经研究准予备案，按年度标准帮扶  ' }))).approved, 1);
    const tl = (await ok(town.get(`/api/v1/cases/${S.caseC}/timeline`))).items;
    const ap = tl.find((t) => t.event === 'approve');
    assert.equal(ap.opinion, '经研究准予备案，按年度标准帮扶', 'trimmed, as typed');
    assert.equal(ap.taken_on, '2024-02-21', 'the server\'s day, not the machine\'s');
    const reg = pdfText(await download(town, `/api/v1/cases/${S.caseC}/documents/registration`), 'rc.pdf');
    assert.ok(reg.includes('经研究准予备案，按年度标准帮扶'), reg);
  });

  test('the forms print each opinion as typed and the 申请日期, never a fixed phrase', async () => {
    const app = pdfText(await download(branch, `/api/v1/cases/${S.caseA}/documents/application`), 'a.pdf');
    assert.ok(app.includes('2024年1月28日'), `申请日期 in:\n${app}`);
    assert.ok(app.includes('支部同意帮扶'), app);
    assert.ok(app.includes('走访核实建议批准'), app);
    for (const f of FIXED) assert.ok(!app.includes(f), `no fixed "${f}"`);
    const reg = pdfText(await download(town, `/api/v1/cases/${S.caseA}/documents/registration`), 'r.pdf');
    assert.ok(reg.includes('走访核实建议批准'), reg);
    // reviewed and approved on the server's 2024-02-21 (BANGFU_TODAY), whatever the machine's clock says
    assert.ok(!/20(2[5-9]|[3-9]\d)年/.test(reg), `no date from the machine's clock:\n${reg}`);
    assert.equal((reg.match(/2024年2月21日/g) || []).length >= 2, true, `review and approval dated 2024-02-21:\n${reg}`);
    assert.ok(app.includes('2024年2月21日'), `the committee's review dated on the application:\n${app}`);
    assert.ok(reg.includes('准予备案按标准发放'), reg);
    for (const f of FIXED) assert.ok(!reg.includes(f), `no fixed "${f}"`);
    // nothing typed: the cells stay blank for handwriting
    const appB = pdfText(await download(branch, `/api/v1/cases/${S.caseB}/documents/application`), 'b.pdf');
    assert.ok(appB.includes('2024年1月30日'), appB);
    const regB = pdfText(await download(town, `/api/v1/cases/${S.caseB}/documents/registration`), 'rb.pdf');
    for (const f of FIXED) {
      assert.ok(!appB.includes(f), `no fixed "${f}"`);
      assert.ok(!regB.includes(f), `no fixed "${f}"`);
    }
    assert.ok(!regB.includes('同意列入'), 'the branch typed nothing either');
  });

  test('filing into a round past its due date (2024-02-16) is warned in the answer', async () => {
    const id_number = idNumber('330702', '19600101', '331');
    const m = await ok(admin.post('/api/v1/members', { name: '迟到者', ethnicity: '汉族', joined_on: '1985-07-01', id_number, phone: '13812340000', household_type: '农业', household_size: 2, address: '城关镇东风村3组', education: '初中', member_type: '普通党员', org_id: S.org.branch.id }), 201);
    const late = await ok(branch.post('/api/v1/cases', yearlyBody(m.id, S.round)), 201);
    assert.equal(late.overdue, true);
    assert.deepEqual(late.warnings, ['该轮次已过截止日期（2月16日），本申请已标记为逾期']);
    const emergency = await ok(branch.post('/api/v1/cases', { member_id: m.id, kind: 'emergency', loss_type: 'major_loss', situation: '房屋失火' }), 201);
    assert.equal(emergency.warnings, undefined, 'no round, no warning');
  });
});

describe('papers that were missing', () => {
  test('公示结果报告: from the notice and its objections, on the notice and as the case\'s dossier item', async () => {
    await stage.day('2024-02-23'); // printed two days after the notice closed
    const r = pdfText(await download(branch, `/api/v1/notices/${S.notice}/report`), 'report.pdf');
    for (const s of ['公示结果报告', '城关镇党委', '东风村党支部', '2024年2月8日至2024年2月20日', '5个工作日', '反映该户有经营收入', '异议不成立', '经核实为亲属代售农产品', '公示期满', S.nameA, '共收到异议（举报）1件'])
      assert.ok(r.includes(s), `"${s}" in the report:\n${r}`);
    // dated the day the notice closed as the procedure recorded it (the server's 2024-02-21), not the machine's clock
    assert.ok(r.includes('2024年2月21日'), `issue date in the report:\n${r}`);
    assert.ok(!r.includes('2024年2月23日'), 'the day it closed, not the day it is printed');
    assert.ok(!/20(2[5-9]|[3-9]\d)年/.test(r), `no date from the machine's clock:\n${r}`);
    const viaCase = pdfText(await download(town, `/api/v1/cases/${S.caseB}/documents/notice_report`), 'report-b.pdf');
    assert.ok(viaCase.includes('公示无异议'), viaCase);
    assert.equal((await download(other, `/api/v1/notices/${S.notice}/report`)).status, 404);
    assert.equal((await download(other, `/api/v1/cases/${S.caseA}/documents/notice_report`)).status, 404);
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.mA, kind: 'emergency', loss_type: 'major_loss', situation: '房屋失火，财物损失严重' }), 201);
    const never = await download(branch, `/api/v1/cases/${c.id}/documents/notice_report`);
    assert.equal(never.status, 404);
    assert.match(JSON.parse(never.body.toString()).error.message, /尚未公示/);
  });

  test('发放签收表: a payment batch\'s members, masked IDs, amounts, total and blanks to sign', async () => {
    for (const id of [S.caseA, S.caseB]) {
      await ok(step(town, id, 'enter_screening'));
      await ok(step(town, id, 'screen_pass', { screening_result: '系统筛查通过' }));
    }
    const f = await ok(dept.post('/api/v1/funds', { org_id: S.org.dept.id }));
    await ok(dept.post(`/api/v1/funds/${f.id}/income`, { source: 'finance', amount_fen: 500000 }), 201);
    const b = await ok(dept.post('/api/v1/payment-batches', { org_id: S.org.town.id, payer: 'department', memo: '2024年度帮扶金' }), 201);
    const d = await download(town, `/api/v1/payment-batches/${b.id}/signoff`);
    const t = pdfText(d, 'signoff.pdf');
    const m = await ok(branch.get(`/api/v1/members/${S.mA}`));
    for (const s of ['城关镇党委困难党员帮扶资金发放签收表', `资金拨付第${b.id}批`, '2024年度帮扶金', S.nameA, m.id_number, '600.00', '1,200.00', '人民币壹仟贰佰元整', '领款人签字', '合计（2人）', '经办人（签字）'])
      assert.ok(t.includes(s.replace(/\s+/g, '')), `"${s}" in the sheet:\n${t}`);
    assert.match(m.id_number, /\*/, 'the ID is masked');
    assert.equal((await download(other, `/api/v1/payment-batches/${b.id}/signoff`)).status, 404);
    assert.equal((await download(town, '/api/v1/payment-batches/999999/signoff')).status, 404);
  });
});

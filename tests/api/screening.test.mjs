// screening.test.mjs - screening before payment (issue #11) over HTTP on
// SQLite or PostgreSQL (BANGFU_TEST_PG): each rule the product checks as a
// case enters screening fires with its reason and blocks screen_pass until
// the committee clears it or the department overrules it (audited);
// households link members by ID number and weigh on the approval; other
// districts' rolls are imported as blind indexes; and the file round-trip
// with the external relief system: the batch's file (an audited reveal)
// and its answer, all or nothing, every unmatched or bad row listed.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openScenario, ok, refused, step, idNumber, DOSSIER } from '../lib/harness.mjs';
import { makeXlsx, readXlsx } from '../lib/xlsx.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

function sql(text) {
  if (process.env.BANGFU_TEST_PG) return execFileSync('psql', [db.url, '-qAt', '-c', text], { encoding: 'utf8' });
  return execFileSync('sqlite3', [db.url.replace(/^sqlite:/, ''), text], { encoding: 'utf8' });
}

async function upload(c, path, body, type = 'text/csv') {
  const r = await fetch(c.base + path, { method: 'POST', headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': type }, body });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text };
}

async function download(c, path) {
  const r = await fetch(c.base + path, { headers: { Cookie: c.cookie } });
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
}

async function member(name, seq) {
  const id_number = idNumber('330702', '19580402', String(seq));
  const m = await ok(admin.post('/api/v1/members', { name, ethnicity: '汉族', joined_on: '1980-07-01', id_number, phone: `1381234${String(5000 + seq)}`, household_type: '农业', household_size: 3, address: '城关镇东风村1组2号', education: '初中', member_type: '普通党员', org_id: S.branchOrg.id }), 201);
  return { id: m.id, id_number, name };
}

// An emergency approved by the department at once (先发后补).
async function emergency(m, extra = {}) {
  const c = await ok(branch.post('/api/v1/cases', { member_id: m.id, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000 }), 201);
  await ok(step(dept, c.id, 'pay_first', { paperwork_due: '2024-03-15', reason: '房屋倒塌，急需救助', approved_fen: 150000, ...extra }));
  return c.id;
}

async function payNow(caseId) {
  const f = await ok(dept.post('/api/v1/funds', { org_id: S.deptOrg.id }));
  await ok(dept.post(`/api/v1/funds/${f.id}/income`, { source: 'finance', amount_fen: 500000 }), 201);
  await ok(dept.post(`/api/v1/cases/${caseId}/payments`, { payer: 'department' }), 201);
}

const findings = async (id) => (await ok(town.get(`/api/v1/cases/${id}/findings`))).items;
const rules = async (id) => (await findings(id)).filter((f) => f.state === 'open').map((f) => f.rule).sort();

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2024-02-01' }));
  [S.branchOrg, S.townOrg, S.otherOrg, S.deptOrg] = [org.branch, org.town, org.other, org.dept];
  S.a = await member('王建国', 401);
  S.b = await member('刘秀英', 402);
  S.c = await member('陈德明', 403);
  S.d = await member('赵春生', 404);
  S.e = await member('孙桂兰', 405);
  S.f = await member('周国强', 406);
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('households', () => {
  test('a family member of the register is linked by ID number, not stored again', async () => {
    await refused(branch.post(`/api/v1/members/${S.a.id}/household`, { id_number: idNumber('330702', '19700101', '999'), relation: '配偶' }), 404, /名册中没有/);
    await refused(branch.post(`/api/v1/members/${S.a.id}/household`, { id_number: '123' , relation: '配偶' }), 400, null, 'invalid_field');
    await refused(branch.post(`/api/v1/members/${S.a.id}/household`, { id_number: S.a.id_number }), 400, /本人/);
    await refused(other.post(`/api/v1/members/${S.a.id}/household`, { id_number: S.b.id_number }), 404);
    await refused(auditor.post(`/api/v1/members/${S.a.id}/household`, { id_number: S.b.id_number }), 403);
    const l = await ok(branch.post(`/api/v1/members/${S.a.id}/household`, { id_number: S.b.id_number, relation: '配偶' }), 201);
    assert.equal(l.relative_id, S.b.id);
    assert.equal(l.relative_name, S.b.name);
    await refused(branch.post(`/api/v1/members/${S.b.id}/household`, { id_number: S.a.id_number }), 409, /已登记/);
    // seen from both sides
    const fromB = (await ok(branch.get(`/api/v1/members/${S.b.id}/household`))).items;
    assert.deepEqual(fromB.map((x) => x.relative_id), [S.a.id]);
    // no plain ID number in the table
    const dump = sql('SELECT * FROM household_links');
    assert.ok(!dump.includes(S.b.id_number) && !dump.includes(S.a.id_number));
    const audit = (await ok(admin.get('/api/v1/audit?size=50'))).items;
    assert.ok(audit.some((r) => r.action === 'household_link'));
    S.link = l.id;
  });

  test('the approval weighs a household member aided this year (special approval needed)', async () => {
    S.bPaid = await emergency(S.b);
    await payNow(S.bPaid);
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.a.id, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '突发火灾，房屋受损', requested_fen: 150000 }), 201);
    await refused(step(dept, c.id, 'pay_first', { paperwork_due: '2024-03-15', reason: '火灾', approved_fen: 150000 }), 409, /同户家庭成员/);
    // the case page's flag names the household member's case
    const hh = (await ok(branch.get(`/api/v1/cases/${c.id}/household`))).items;
    assert.deepEqual(hh.map((x) => [x.member_id, x.case_id, x.relation, x.in_scope]), [[S.b.id, S.bPaid, '配偶', true]]);
    await refused(other.get(`/api/v1/cases/${c.id}/household`), 404);
    await ok(step(dept, c.id, 'pay_first', { paperwork_due: '2024-03-15', reason: '火灾', approved_fen: 150000, special_approval: true, special_reason: '组织部会议研究同意，火灾损失严重' }));
    S.aCase = c.id;
  });
});

describe('the rules at entering screening', () => {
  test('the other district list: blind indexes only, all or nothing', async () => {
    await refused(upload(town, '/api/v1/screening/other-district', `身份证号码,区县\n${S.f.id_number},历下区\n`), 403);
    const bad = await upload(dept, '/api/v1/screening/other-district', `身份证号码,区县\n${S.f.id_number},历下区\n12345,槐荫区\n`);
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.rows.map((r) => [r.line, r.column]), [[3, '身份证号码']]);
    assert.equal((await ok(dept.get('/api/v1/screening/other-district'))).count, 0);
    const missing = await upload(dept, '/api/v1/screening/other-district', '姓名\n张三\n');
    assert.equal(missing.status, 400);
    assert.match(missing.json.error.message, /身份证号码/);
    assert.equal((await ok(upload(dept, '/api/v1/screening/other-district', `身份证号码,区县\n${S.f.id_number},历下区\n`))).imported, 1);
    assert.equal((await ok(dept.get('/api/v1/screening/other-district'))).count, 1);
    assert.ok(!sql('SELECT * FROM other_district_ids').includes(S.f.id_number));
  });

  test('each rule fires with its reason as the batch enters screening', async () => {
    // deceased: the register says so after the approval
    S.cGone = await emergency(S.c);
    // the same ID twice in the year; the second also after a paid one
    S.dFirst = await emergency(S.d);
    await payNow(S.dFirst);
    S.dSecond = await emergency(S.d);
    S.e1 = await emergency(S.e);
    S.e2 = await emergency(S.e);
    S.fCase = await emergency(S.f);
    // an exclusion recorded (only an old or hand-edited case can hold one when approved)
    sql(`UPDATE cases SET exclusions = 'idleness' WHERE id = ${S.fCase}`);
    await ok(admin.patch(`/api/v1/members/${S.c.id}`, { status: '亡故' }));
    await refused(branch.post('/api/v1/screening-batches', { org_id: S.townOrg.id }), 403, /党\(工\)委/);
    await refused(town.post('/api/v1/screening-batches', {}), 400, null, 'missing_field');
    await refused(town.post('/api/v1/screening-batches', { org_id: S.otherOrg.id }), 404);
    const b = await ok(town.post('/api/v1/screening-batches', { org_id: S.townOrg.id }), 201);
    S.batch = b;
    assert.equal(b.state, 'open');
    assert.deepEqual(b.lines.map((l) => l.row), b.lines.map((_, i) => i + 1));
    for (const l of b.lines) {
      assert.equal(l.state, 'screening');
      assert.match(l.id_number, /\*/, 'masked in the batch');
    }
    assert.deepEqual(await rules(S.cGone), ['member_gone']);
    assert.match((await findings(S.cGone))[0].detail, /亡故/);
    assert.deepEqual(await rules(S.dSecond), ['paid_this_year']);
    assert.deepEqual(await rules(S.e1), ['duplicate_id']);
    assert.deepEqual(await rules(S.e2), ['duplicate_id']);
    assert.deepEqual(await rules(S.fCase), ['exclusion', 'other_district']);
    assert.match((await findings(S.fCase)).find((f) => f.rule === 'other_district').detail, /历下区/);
    assert.deepEqual(await rules(S.aCase), ['household_paid']);
    assert.match((await findings(S.aCase))[0].detail, /刘秀英（配偶）/);
    // on the committee's to-do list
    const todo = (await ok(town.get('/api/v1/todo'))).items;
    assert.ok(todo.some((t) => t.case_id === S.cGone && /1 项筛查发现待排除或裁定/.test(t.title)), JSON.stringify(todo.filter((t) => t.state === 'screening')));
    // scope
    await refused(other.get(`/api/v1/cases/${S.cGone}/findings`), 404);
  });

  test('an open finding blocks screen_pass until cleared or overruled (audited)', async () => {
    await refused(step(town, S.cGone, 'screen_pass', { screening_result: '通过' }), 409, /筛查发现/);
    const [f] = await findings(S.cGone);
    await refused(town.post(`/api/v1/findings/${f.id}/clear`, {}), 400, null, 'missing_field');
    await refused(branch.post(`/api/v1/findings/${f.id}/clear`, { reason: 'x' }), 403);
    await refused(town.post(`/api/v1/findings/${f.id}/overrule`, { reason: 'x' }), 403);
    await refused(other.post(`/api/v1/findings/${f.id}/clear`, { reason: 'x' }), 404);
    const cleared = await ok(town.post(`/api/v1/findings/${f.id}/clear`, { reason: '核实系名册登记错误，本人健在，已更正' }));
    assert.equal(cleared.state, 'cleared');
    await refused(town.post(`/api/v1/findings/${f.id}/clear`, { reason: '再次' }), 409, /已经处理/);
    const fs = await findings(S.fCase);
    for (const x of fs) await ok(dept.post(`/api/v1/findings/${x.id}/overrule`, { reason: '组织部研究认定：外区县台账已注销，情形已消除' }));
    assert.deepEqual(await rules(S.fCase), []);
    assert.equal((await findings(S.fCase))[0].state, 'overruled');
    const audit = (await ok(admin.get('/api/v1/audit?size=100'))).items;
    assert.ok(audit.some((r) => r.action === 'screening_clear'));
    assert.equal(audit.filter((r) => r.action === 'screening_overrule').length, 2);
    assert.match(JSON.stringify(audit.find((r) => r.action === 'screening_clear')), /健在/);
  });
});

describe('the file round-trip with the relief system', () => {
  test('the file: batch, row, full ID number, name, amount — a reveal, audited', async () => {
    await refused(auditor.get(`/api/v1/screening-batches/${S.batch.id}/file`), 403);
    await refused(branch.get(`/api/v1/screening-batches/${S.batch.id}/file`), 404, /批次不存在/); // the committee's
    const csv = await download(town, `/api/v1/screening-batches/${S.batch.id}/file`);
    assert.equal(csv.status, 200);
    const text = csv.body.toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r\n/);
    assert.equal(lines[0], '批次,序号,身份证号码,姓名,金额（元）');
    assert.equal(lines.length, S.batch.lines.length + 1);
    const rowA = S.batch.lines.find((l) => l.case_id === S.aCase);
    assert.equal(lines[rowA.row], `${S.batch.id},${rowA.row},${S.a.id_number},${S.a.name},1500.00`);
    const x = await download(town, `/api/v1/screening-batches/${S.batch.id}/file?format=xlsx`);
    assert.equal(x.status, 200);
    assert.equal(x.body.subarray(0, 2).toString(), 'PK');
    const audit = (await ok(admin.get('/api/v1/audit?size=100'))).items;
    assert.equal(audit.filter((r) => r.action === 'reveal' && r.entity === 'screening_batch').length, 2);
  });

  test('the answer is all or nothing, every unmatched or bad row listed', async () => {
    const rows = S.batch.lines;
    const head = '批次,序号,身份证号码,筛查结果,原因';
    const ids = { [S.a.id]: S.a.id_number };
    const line = (l, result, reason = '') => `${S.batch.id},${l.row},${l.member_id === S.a.id ? S.a.id_number : ''},${result},${reason}`;
    // bad: an unknown row, a duplicate, a bad result, a fail without reason, a wrong ID, a missing row
    const bad = [head,
      line(rows[0], '通过'),
      `${S.batch.id},99,,通过,`,
      line(rows[0], '通过'),
      line(rows[1], '也许'),
      line(rows[2], '未通过'),
      `${S.batch.id},${rows.find((l) => l.case_id === S.aCase).row},${S.b.id_number},通过,`,
      `${S.batch.id + 1},${rows[3].row},,通过,`,
    ].join('\n');
    const r = await upload(town, `/api/v1/screening-batches/${S.batch.id}/answer`, bad);
    assert.equal(r.status, 400, r.text);
    const listed = r.json.rows.map((x) => [x.line, x.column]);
    for (const want of [[3, '序号'], [5, '筛查结果'], [6, '原因'], [8, '批次']]) assert.ok(listed.some((x) => x[0] === want[0] && x[1] === want[1]), JSON.stringify([want, r.json.rows]));
    for (const x of r.json.rows) assert.match(x.reason, /[\u4e00-\u9fa5]/);
    // nothing was taken
    for (const l of rows) assert.equal((await ok(town.get(`/api/v1/cases/${l.case_id}`))).state, 'screening');
    // a clean file whose pass meets an open finding: listed, nothing taken
    const passAll = [head, ...rows.map((l) => line(l, '通过'))].join('\n');
    const r2 = await upload(town, `/api/v1/screening-batches/${S.batch.id}/answer`, passAll);
    assert.equal(r2.status, 400, r2.text);
    assert.ok(r2.json.rows.some((x) => /筛查发现/.test(x.reason)));
    for (const l of rows) assert.equal((await ok(town.get(`/api/v1/cases/${l.case_id}`))).state, 'screening');
    // the answer: open findings fail with the system's reason, the rest pass
    const open = new Set();
    for (const l of rows) if ((await rules(l.case_id)).length) open.add(l.case_id);
    const answer = [head, ...rows.map((l) => open.has(l.case_id) ? line(l, '未通过', '系统比对：重复救助') : line(l, '通过'))].join('\n');
    const done = await ok(upload(town, `/api/v1/screening-batches/${S.batch.id}/answer`, answer));
    assert.equal(done.passed + done.failed, rows.length);
    assert.equal(done.failed, open.size);
    for (const l of rows) {
      const c = await ok(town.get(`/api/v1/cases/${l.case_id}`));
      // passed: screened, or paid when the money went first (先发后补)
      const want = open.has(l.case_id) ? 'rejected' : l.case_id === S.bPaid || l.case_id === S.dFirst ? 'paid' : 'screened';
      assert.equal(c.state, want, `case ${l.case_id}`);
    }
    assert.equal((await ok(town.get(`/api/v1/screening-batches/${S.batch.id}`))).state, 'answered');
    await refused(upload(town, `/api/v1/screening-batches/${S.batch.id}/answer`, answer), 409, /已经导入/);
    assert.ok((await ok(town.get('/api/v1/screening-batches'))).items.some((b) => b.id === S.batch.id));
    assert.ok(!(await ok(other.get('/api/v1/screening-batches'))).items.some((b) => b.id === S.batch.id));
    void ids;
  });
});

describe('the round-trip in Excel', () => {
  // The relief system answers in .xlsx as often as in CSV: the file given
  // out as XLSX, read back, answered as XLSX — a bad row refused with its
  // line, then every row taken.
  test('the file out as XLSX and its answer back as XLSX', async () => {
    const g = await member('郑玉兰', 407);
    const h = await member('冯立新', 408);
    const ids = [await emergency(g), await emergency(h)];
    const b = await ok(town.post('/api/v1/screening-batches', { org_id: S.townOrg.id }), 201);
    for (const id of ids) assert.ok(b.lines.some((l) => l.case_id === id), JSON.stringify(b.lines));
    const x = await download(town, `/api/v1/screening-batches/${b.id}/file?format=xlsx`);
    assert.equal(x.status, 200);
    const rows = readXlsx(x.body);
    assert.deepEqual(rows[0].slice(0, 5), ['批次', '序号', '身份证号码', '姓名', '金额（元）']);
    assert.equal(rows.length, b.lines.length + 1);
    const gRow = rows.find((r) => r[3] === g.name);
    assert.equal(gRow[2], g.id_number, 'the full ID number in the file');
    const open = new Set();
    for (const l of b.lines) if ((await rules(l.case_id)).length) open.add(l.row);
    const head = ['批次', '序号', '身份证号码', '筛查结果', '原因'];
    const answer = (fail) => makeXlsx([head, ...rows.slice(1).map((r) => {
      const failed = open.has(Number(r[1])) || (fail && r === gRow);
      return [Number(r[0]), Number(r[1]), r[2], failed ? '未通过' : '通过', failed && !fail ? '系统比对：重复救助' : ''];
    })]);
    // a fail without its reason: refused as a whole, the line named
    const bad = await upload(town, `/api/v1/screening-batches/${b.id}/answer`, answer(true), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(bad.status, 400, bad.text);
    const gLine = rows.indexOf(gRow) + 1;
    assert.ok(bad.json.rows.some((r) => r.line === gLine && r.column === '原因'), JSON.stringify(bad.json.rows));
    for (const id of ids) assert.equal((await ok(town.get(`/api/v1/cases/${id}`))).state, 'screening');
    // the answer: taken, the pay-first cases paid
    const done = await ok(upload(town, `/api/v1/screening-batches/${b.id}/answer`, answer(false), 'application/octet-stream'));
    assert.equal(done.passed + done.failed, b.lines.length);
    assert.equal(done.failed, open.size);
    for (const id of ids) assert.equal((await ok(town.get(`/api/v1/cases/${id}`))).state, 'screened');
    assert.equal((await ok(town.get(`/api/v1/screening-batches/${b.id}`))).state, 'answered');
  });
});

describe('income above the line in force (yearly aid)', () => {
  test('a yearly case whose income per head is above the line', async () => {
    const round = (await ok(dept.post('/api/v1/rounds', { year: 2024 }), 201)).id;
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.d.id, kind: 'yearly', round_id: round, conditions: ['serious_illness'], causes: ['illness'], situation: '本人患重病', household_size: 2, labour_capacity: false, income_fen: 3000000 }), 201);
    await stage.day('2024-02-08');
    await ok(step(branch, c.id, 'investigate', { investigation_on: '2024-02-02', investigators: '张三、李四', investigation: '入户查看，情况属实' }));
    await ok(step(branch, c.id, 'appraise', { appraisal_on: '2024-02-05', expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '同意' }));
    await ok(step(branch, c.id, 'decide', { decision_on: '2024-02-07', decision_minutes: '同意' }));
    await ok(branch.post('/api/v1/notices', { org_id: S.branchOrg.id, kind: 'yearly' }), 201);
    await stage.day('2024-02-21');
    await ok(step(branch, c.id, 'close_notice'));
    await ok(branch.post(`/api/v1/cases/${c.id}/dossier`, { items: DOSSIER }));
    await ok(step(branch, c.id, 'submit'));
    await ok(step(town, c.id, 'review'));
    await ok(step(dept, c.id, 'approve', { special_approval: true, special_reason: '另一类救助已发放，组织部研究同意' }));
    await ok(step(town, c.id, 'enter_screening'));
    const f = await findings(c.id);
    assert.ok(f.some((x) => x.rule === 'income_above_line' && /15,000 元/.test(x.detail) && /2024 年/.test(x.detail)), JSON.stringify(f));
  });
});

// member_file.test.mjs - one file per member (一人一档, issue #12) over HTTP
// against a real `bangfu serve` (SQLite, or PostgreSQL with BANGFU_TEST_PG):
// a member's timeline gathers every kind of care and aid — the roll, a case
// with its steps, a pairing with a help record, a training, a visit, a
// talk — newest first, paged, filtered by kind, in scope (404 outside);
// the whole file as one PDF (masked ID, every kind, audited member_file),
// checked through pdftotext.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openScenario, ok, refused, idNumber, step } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};
const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' };

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2025-06-30' }));
  S.org = org;
  const person = (name, i) => ({ name, ethnicity: '汉族', joined_on: '1980-07-01', id_number: idNumber('330702', `19600${410 + i}`, '41' + i), phone: `1381235${String(6000 + i)}`, household_type: '农业', household_size: 2, address: '城关镇东风村2组', education: '初中', member_type: '普通党员', org_id: org.branch.id });
  S.id = person('钱档案', 0).id_number;
  S.m = (await ok(admin.post('/api/v1/members', person('钱档案', 0)), 201)).id;
  S.helper = (await ok(admin.post('/api/v1/members', person('孙帮扶', 1)), 201)).id;
  // the roll
  S.roll = (await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.m, since_on: '2025-01-10' }), 201)).id;
  // a case with a step
  S.case = (await ok(branch.post('/api/v1/cases', { member_id: S.m, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000 }), 201)).id;
  await ok(step(branch, S.case, 'investigate', { investigation_on: '2025-06-29', investigators: '张三、李四', investigation: '属实' }));
  // a pairing with a help record
  S.pairing = (await ok(branch.post('/api/v1/pairings', { goal: '年内发展养殖增收', measures: '协调小额贷款', start_on: '2025-03-01', target_on: '2025-12-31', place: '东风村', matter: '养殖项目', member_id: S.m, helper_member_id: S.helper }), 201)).id;
  await ok(branch.post(`/api/v1/pairings/${S.pairing}/records`, { done_on: '2025-04-15', what: '上门指导养殖', result: '新建鸡舍一间' }), 201);
  // a training
  S.session = (await ok(branch.post('/api/v1/training-sessions', { title: '林下养鸡技术培训', topic: 'breeding', start_on: '2025-05-20', place: '村部', hours: 3 }), 201)).id;
  await ok(branch.post(`/api/v1/training-sessions/${S.session}/attendance`, { marks: [{ member_id: S.m, status: 'present' }] }));
  // a visit and a talk
  await ok(branch.post('/api/v1/visits', { member_id: S.m, occasion: 'hardship', visited_on: '2025-06-10', visitors: '张书记', found: '生活基本稳定', goods: '米面油', goods_value_fen: 30000 }), 201);
  await ok(branch.post('/api/v1/care/talks', { member_id: S.m, talked_on: '2025-06-20', kind: 'difficulty', talker_name: '王书记', note: '谈家庭困难和发展打算' }), 201);
  // a political birthday greeting (a part landed after the timeline: its row)
  await ok(branch.post('/api/v1/care/greetings', { member_id: S.m, year: 2025, greeted_on: '2025-06-30', way: 'phone', greeted_by: '王书记', note: '祝入党45周年' }), 201);
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

test('the timeline: every kind, newest first, in words', async () => {
  const t = await ok(branch.get(`/api/v1/members/${S.m}/timeline?size=50`));
  const kinds = new Set(t.items.map((x) => x.kind));
  for (const k of ['roll', 'case', 'pairing', 'training', 'visit', 'talk', 'birthday']) assert.ok(kinds.has(k), `${k} on the timeline: ${[...kinds]}`);
  const days = t.items.map((x) => x.day);
  assert.deepEqual(days, [...days].sort().reverse(), 'newest first');
  const line = (kind, code) => t.items.find((x) => x.kind === kind && x.code === code);
  assert.equal(line('roll', 'in').what, '纳入困难党员台账（造血型）');
  assert.equal(line('roll', 'in').ref_id, S.roll);
  assert.equal(line('case', 'apply').what, '申请帮扶（突发事故救助）');
  assert.equal(line('case', 'apply').ref_id, S.case);
  assert.equal(line('case', 'apply').amount_fen, 150000);
  assert.ok(line('case', 'step').what.startsWith('帮扶办理（'), line('case', 'step').what);
  assert.equal(line('pairing', 'start').title, '孙帮扶');
  assert.match(line('pairing', 'help').detail, /上门指导养殖；新建鸡舍一间/);
  assert.equal(line('training', 'mark').what, '技能培训（出席）');
  assert.equal(line('training', 'mark').title, '林下养鸡技术培训');
  assert.match(line('visit', 'visit').what, /^走访慰问（/);
  assert.equal(line('visit', 'visit').amount_fen, 30000);
  assert.match(line('talk', 'talk').what, /^谈心谈话（/);
  assert.equal(line('talk', 'talk').title, '王书记');
  assert.match(line('birthday', 'greet').what, /^政治生日祝福（/);
  assert.deepEqual(t.kinds.map((k) => k.value), ['roll', 'case', 'loan', 'pairing', 'plan', 'training', 'visit', 'talk', 'birthday', 'honour']);
  assert.equal(t.kinds.find((k) => k.value === 'pairing').label, '结对帮扶');
});

test('paged and filtered by kind', async () => {
  const all = await ok(branch.get(`/api/v1/members/${S.m}/timeline?size=50`));
  const p1 = await ok(branch.get(`/api/v1/members/${S.m}/timeline?size=3&page=1`));
  const p2 = await ok(branch.get(`/api/v1/members/${S.m}/timeline?size=3&page=2`));
  assert.equal(p1.total, all.total);
  assert.equal(p1.items.length, 3);
  assert.deepEqual([...p1.items, ...p2.items].map((x) => x.day + x.kind + x.code), all.items.slice(0, 6).map((x) => x.day + x.kind + x.code));
  const f = await ok(branch.get(`/api/v1/members/${S.m}/timeline?kinds=pairing,talk`));
  assert.ok(f.items.length >= 3);
  assert.ok(f.items.every((x) => x.kind === 'pairing' || x.kind === 'talk'));
  assert.equal(f.total, all.items.filter((x) => x.kind === 'pairing' || x.kind === 'talk').length);
  const e = await refused(branch.get(`/api/v1/members/${S.m}/timeline?kinds=gossip`), 400, /记录类别/, 'invalid_field');
  assert.equal(e.field, 'kinds');
  await refused(branch.get(`/api/v1/members/${S.m}/timeline?size=500`), 400);
});

test('in scope only: another branch gets 404, the levels above and the auditor see it', async () => {
  await refused(other.get(`/api/v1/members/${S.m}/timeline`), 404, /党员不存在/);
  await refused(other.get(`/api/v1/members/${S.m}/timeline.pdf`), 404);
  await refused(branch.get('/api/v1/members/999999/timeline'), 404);
  for (const c of [town, dept, auditor]) assert.ok((await ok(c.get(`/api/v1/members/${S.m}/timeline`))).total > 0);
});

test('the whole file as one PDF: masked ID, every kind, audited', async () => {
  const r = await fetch(branch.base + `/api/v1/members/${S.m}/timeline.pdf`, { headers: { Cookie: branch.cookie } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(decodeURIComponent(r.headers.get('content-disposition')), /一人一档-钱档案/);
  const file = join(db.dir, 'file.pdf');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.match(text, /党员帮扶关怀档案（一人一档）/);
  assert.match(text, /钱档案/);
  assert.ok(!text.includes(S.id), 'never the full ID number');
  assert.match(text, /330702\*+/);
  for (const w of ['纳入困难党员台', '申请帮扶', '建立结对帮扶', '帮扶记录', '技能培训', '走访慰问', '谈心谈话', '政治生日祝福', '林下养鸡技术培训', '300.00']) assert.ok(text.includes(w), `${w} in the PDF: ${text}`);
  const audit = (await ok(admin.get(`/api/v1/audit?action=member_file&entity=member&entity_id=${S.m}`))).items;
  assert.ok(audit.some((a) => a.action === 'member_file' && a.entity_id === S.m), JSON.stringify(audit.slice(0, 2)));
});

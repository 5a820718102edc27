// training.test.mjs - 技能培训 (issue #12, care) over HTTP against a real
// `bangfu serve` (SQLite, or PostgreSQL with BANGFU_TEST_PG): a session
// created with validation naming the field in Chinese, roles (403) and
// scope (404), attendance marked for many members at once (all or
// nothing), a member's history, and the 造血型 members on the roll not
// trained this year leaving that view once present at a session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

const session = { title: '食用菌种植技术培训', topic: 'planting', start_on: '2025-03-03', end_on: '2025-03-04', place: '城关镇农技站', organiser: '城关镇党委', trainer: '王农技', hours: 6.5 };
const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' };

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2025-03-10' }));
  S.org = org;
  const members = (await ok(admin.get(`/api/v1/members?org=${org.branch.id}&size=10`))).items;
  [S.a, S.b] = members.map((m) => m.id);
  S.c = (await ok(admin.post('/api/v1/members', { name: '张桂兰', ethnicity: '汉族', joined_on: '1976-07-01', id_number: idNumber('330702', '19510402', '226'), phone: '13812345670', household_type: '农业', household_size: 2, address: '东风村3组5号', education: '小学', member_type: '普通党员', org_id: org.branch.id }), 201)).id;
  S.outside = (await ok(admin.post('/api/v1/members', { name: '李秀英', ethnicity: '汉族', joined_on: '1975-07-01', id_number: idNumber('330702', '19500402', '224'), phone: '13812345679', household_type: '农业', household_size: 2, address: '红旗村2组5号', education: '小学', member_type: '普通党员', org_id: org.other.id }), 201)).id;
  // A and B on the roll as 造血型, C as 输血型
  for (const [id, category] of [[S.a, 'capacity'], [S.b, 'capacity'], [S.c, 'relief']]) {
    const x = await ok(branch.post('/api/v1/roll', { ...facts, category, member_id: id, since_on: '2025-01-10' }), 201);
    await ok(town.post(`/api/v1/roll/${x.id}/confirm`, {}));
  }
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

test('a session: bad input names the field in Chinese; roles and scope', async () => {
  let e = await refused(branch.post('/api/v1/training-sessions', { ...session, title: '' }), 400, /培训名称/, 'missing_field');
  assert.equal(e.field, 'title');
  e = await refused(branch.post('/api/v1/training-sessions', { ...session, topic: 'cooking' }), 400, /培训类别/, 'invalid_field');
  assert.equal(e.field, 'topic');
  e = await refused(branch.post('/api/v1/training-sessions', { ...session, start_on: '' }), 400, /开始日期/);
  assert.equal(e.field, 'start_on');
  e = await refused(branch.post('/api/v1/training-sessions', { ...session, end_on: '2025-03-01' }), 400, /结束日期不能早于开始日期/);
  assert.equal(e.field, 'end_on');
  e = await refused(branch.post('/api/v1/training-sessions', { ...session, place: '' }), 400, /培训地点/);
  assert.equal(e.field, 'place');
  e = await refused(branch.post('/api/v1/training-sessions', { ...session, hours: 0 }), 400, /学时/);
  assert.equal(e.field, 'hours');
  e = await refused(branch.post('/api/v1/training-sessions', { ...session, trainer: '王'.repeat(51) }), 400, /授课人/);
  assert.equal(e.field, 'trainer');
  await refused(branch.post('/api/v1/training-sessions', { ...session, bogus: 1 }), 400, /bogus/);
  await refused(auditor.post('/api/v1/training-sessions', session), 403, /只能查看/, 'forbidden');
  await refused(branch.post('/api/v1/training-sessions', { ...session, org_id: S.org.other.id }), 404);

  const x = await ok(branch.post('/api/v1/training-sessions', session), 201);
  assert.equal(x.org_id, S.org.branch.id);
  assert.equal(x.topic_label, '种植');
  assert.equal(x.hours, 6.5);
  assert.equal(x.hours_text, '6.5');
  assert.deepEqual(x.attendance, []);
  S.session = x.id;
  S.other = (await ok(other.post('/api/v1/training-sessions', { ...session, title: '电商培训', topic: 'ecommerce', start_on: '2024-11-01', end_on: '' }), 201)).id;

  assert.equal((await ok(branch.get('/api/v1/training-sessions'))).total, 1);
  assert.equal((await ok(town.get('/api/v1/training-sessions'))).total, 1);
  assert.equal((await ok(auditor.get('/api/v1/training-sessions'))).total, 2);
  assert.equal((await ok(dept.get('/api/v1/training-sessions'))).total, 2);
  assert.equal((await ok(dept.get('/api/v1/training-sessions?topic=ecommerce'))).total, 1);
  const y = await ok(dept.get('/api/v1/training-sessions?year=2025'));
  assert.equal(y.total, 1, JSON.stringify(y.items.map((i) => [i.start_on, i.end_on])));
  assert.equal((await ok(dept.get('/api/v1/training-sessions?year=2024&topic=planting'))).total, 0);
  await refused(dept.get('/api/v1/training-sessions?topic=cooking'), 400, /培训类别/, 'invalid_field');
  await refused(other.get(`/api/v1/training-sessions/${S.session}`), 404, /培训不存在/, 'not_found');
  await ok(town.get(`/api/v1/training-sessions/${S.session}`));
  const audit = await ok(admin.get(`/api/v1/audit?entity=training_session&entity_id=${S.session}`));
  assert.ok(audit.items.some((r) => r.action === 'training_create'));
});

test('attendance for many members at once, all or nothing', async () => {
  const url = `/api/v1/training-sessions/${S.session}/attendance`;
  await refused(branch.post(url, { marks: [] }), 400, /请选择参加培训的党员/, 'missing_field');
  let e = await refused(branch.post(url, { marks: [{ member_id: S.a, status: 'late' }] }), 400, /出勤情况/, 'invalid_field');
  assert.equal(e.field, 'marks[0].status');
  e = await refused(branch.post(url, { marks: [{ member_id: S.a, status: 'present' }, { member_id: S.a, status: 'absent' }] }), 400, /只能登记一次/);
  assert.equal(e.field, 'marks[1].member_id');
  // a member outside the actor's scope: nothing is stored
  e = await refused(branch.post(url, { marks: [{ member_id: S.a, status: 'present' }, { member_id: S.outside, status: 'present' }] }), 404, /党员不存在/);
  assert.equal(e.field, 'marks[1].member_id');
  assert.deepEqual((await ok(branch.get(`/api/v1/training-sessions/${S.session}`))).attendance, []);
  // the department may mark, but only members of the session's organisation
  e = await refused(dept.post(url, { marks: [{ member_id: S.outside, status: 'present' }] }), 400, /不属于举办培训的组织/);
  await refused(auditor.post(url, { marks: [{ member_id: S.a, status: 'present' }] }), 403);
  await refused(other.post(url, { marks: [{ member_id: S.outside, status: 'present' }] }), 404);

  let x = await ok(branch.post(url, { marks: [{ member_id: S.a, status: 'present' }, { member_id: S.b, status: 'excused' }, { member_id: S.c, status: 'absent' }] }));
  assert.equal(x.present, 1);
  assert.equal(x.excused, 1);
  assert.equal(x.absent, 1);
  assert.equal(x.attendance.length, 3);
  assert.equal(x.attendance.find((m) => m.member_id === S.b).status_label, '请假');
  // marked again: the new mark replaces the old
  x = await ok(branch.post(url, { marks: [{ member_id: S.c, status: 'present' }] }));
  assert.equal(x.present, 2);
  assert.equal(x.absent, 0);
  const audit = await ok(admin.get(`/api/v1/audit?entity=training_session&entity_id=${S.session}`));
  assert.equal(audit.items.filter((r) => r.action === 'training_attend').length, 2);
});

test('a member\'s training history', async () => {
  const h = (await ok(branch.get(`/api/v1/members/${S.a}/training`))).items;
  assert.equal(h.length, 1);
  assert.equal(h[0].status, 'present');
  assert.equal(h[0].session.title, session.title);
  assert.equal(h[0].session.topic_label, '种植');
  await refused(other.get(`/api/v1/members/${S.a}/training`), 404);
  assert.equal((await ok(auditor.get(`/api/v1/members/${S.b}/training`))).items[0].status_label, '请假');
});

test('the 造血型 members on the roll not trained this year', async () => {
  // A was present; B only excused; C is 输血型
  let u = await ok(branch.get('/api/v1/training-untrained'));
  assert.equal(u.year, 2025);
  assert.deepEqual(u.items.map((m) => m.member_id), [S.b]);
  assert.ok(u.items[0].member_name && u.items[0].org_name && u.items[0].roll_id);
  assert.equal((await ok(other.get('/api/v1/training-untrained'))).total, 0);
  assert.equal((await ok(dept.get('/api/v1/training-untrained'))).total, 1);
  // in 2024 nobody was present anywhere
  assert.equal((await ok(town.get('/api/v1/training-untrained?year=2024'))).total, 2);
  await refused(branch.get('/api/v1/training-untrained?year=abc'), 400);
  await ok(branch.post(`/api/v1/training-sessions/${S.session}/attendance`, { marks: [{ member_id: S.b, status: 'present' }] }));
  u = await ok(branch.get('/api/v1/training-untrained'));
  assert.equal(u.total, 0);
});

test('the sessions as XLSX', async () => {
  const r = await branch.req('GET', '/api/v1/training-sessions.xlsx?topic=planting');
  assert.equal(r.status, 200);
});

test('the sessions and the untrained of one organisation (?org=), its subtree', async () => {
  assert.equal((await ok(dept.get(`/api/v1/training-sessions?org=${S.org.branch.id}`))).total, 1);
  assert.equal((await ok(dept.get(`/api/v1/training-sessions?org=${S.org.town.id}`))).total, 1, 'the town sees its branch');
  assert.equal((await ok(dept.get(`/api/v1/training-sessions?org=${S.org.other.id}`))).items[0].title, '电商培训');
  await refused(branch.get(`/api/v1/training-sessions?org=${S.org.other.id}`), 404, /组织/);
  await refused(branch.get('/api/v1/training-sessions?org=abc'), 400);
  assert.equal((await ok(dept.get(`/api/v1/training-untrained?org=${S.org.other.id}&year=2024`))).total, 0);
  assert.equal((await ok(dept.get(`/api/v1/training-untrained?org=${S.org.branch.id}&year=2024`))).total, 2);
});

test('a session corrected under the optimistic lock, audited with its changes', async () => {
  const url = `/api/v1/training-sessions/${S.session}`;
  const x = await ok(branch.get(url));
  assert.equal(x.version, 1);
  const body = { title: x.title, topic: x.topic, start_on: x.start_on, end_on: x.end_on, place: x.place, organiser: x.organiser, trainer: x.trainer, hours: x.hours };
  let e = await refused(branch.patch(url, { ...body, place: '' }), 400, /培训地点/);
  assert.equal(e.field, 'place');
  e = await refused(branch.patch(url, body), 400, /版本/);
  assert.equal(e.field, 'version');
  await refused(branch.patch(url, { ...body, version: 1, bogus: 1 }), 400, /bogus/);
  await refused(auditor.patch(url, { ...body, version: 1 }), 403);
  await refused(other.patch(url, { ...body, version: 1 }), 404);
  // marks exist: the org stays
  e = await refused(dept.patch(url, { ...body, version: 1, org_id: S.org.other.id }), 409, /不能更换举办组织/);
  assert.equal(e.field, 'org_id');
  const y = await ok(branch.patch(url, { ...body, version: 1, place: '东风村文化礼堂', hours: 8 }));
  assert.equal(y.version, 2);
  assert.equal(y.place, '东风村文化礼堂');
  assert.equal(y.hours_text, '8.0');
  assert.equal(y.attendance.length, 3, 'the marks stay');
  e = await refused(town.patch(url, { ...body, version: 1, trainer: '李农技' }), 409, /已被他人修改/);
  assert.equal(e.field, 'version');
  const audit = (await ok(admin.get(`/api/v1/audit?entity=training_session&entity_id=${S.session}`))).items.find((r) => r.action === 'training_update');
  assert.ok(audit, 'training_update audited');
  const d = typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail;
  assert.deepEqual(d.changes.place, { from: '城关镇农技站', to: '东风村文化礼堂' });
  assert.deepEqual(d.changes.hours, { from: '6.5', to: '8.0' });
  assert.equal(d.changes.title, undefined, 'only what changed');
});

test('a session is deleted only while no attendance is recorded', async () => {
  await refused(branch.del(`/api/v1/training-sessions/${S.session}`), 409, /已登记出勤的培训不能删除/);
  const x = await ok(branch.post('/api/v1/training-sessions', { ...session, title: '误登记的培训' }), 201);
  await refused(auditor.del(`/api/v1/training-sessions/${x.id}`), 403);
  await refused(other.del(`/api/v1/training-sessions/${x.id}`), 404);
  // without marks the org may move (within scope) before it goes
  const moved = await ok(town.patch(`/api/v1/training-sessions/${x.id}`, { ...session, title: '误登记的培训', org_id: S.org.town.id, version: 1 }));
  assert.equal(moved.org_id, S.org.town.id);
  await ok(town.del(`/api/v1/training-sessions/${x.id}`), 204);
  await refused(town.get(`/api/v1/training-sessions/${x.id}`), 404);
  const audit = (await ok(admin.get(`/api/v1/audit?entity=training_session&entity_id=${x.id}`))).items;
  const d = audit.find((r) => r.action === 'training_delete');
  assert.ok(d, 'training_delete audited');
  assert.match(JSON.stringify(d.detail), /误登记的培训/);
});

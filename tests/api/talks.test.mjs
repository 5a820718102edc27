// talks.test.mjs - talks (谈心谈话, issue #12) over HTTP against a real
// `bangfu serve` (SQLite, or PostgreSQL with BANGFU_TEST_PG): a branch
// records the yearly talk and a "must talk" occasion (a register member or
// a named cadre talking), validation naming the field in Chinese, roles
// (403) and scope (404), the lists of a subtree, a member and a year, the
// audit row in Chinese, and the members not yet talked with this year —
// on the to-do list only in the last quarter (BANGFU_TODAY).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2027-09-30' }));
  S.org = org;
  const members = (await ok(admin.get(`/api/v1/members?org=${org.branch.id}&size=10`))).items;
  [S.a, S.b] = members.map((m) => m.id);
  S.nameA = members[0].name;
  S.secretary = (await ok(admin.post('/api/v1/members', { name: '周书记', ethnicity: '汉族', joined_on: '1990-07-01', id_number: idNumber('330702', '19650402', '531'), phone: '13812345671', household_type: '农业', household_size: 3, address: '城关镇东风村1组', education: '高中', member_type: '普通党员', org_id: org.branch.id }), 201)).id;
  S.nameSec = '周书记';
  S.farMember = (await ok(admin.post('/api/v1/members', { name: '吴党员', ethnicity: '汉族', joined_on: '1990-07-01', id_number: idNumber('330702', '19650402', '532'), phone: '13812345672', household_type: '农业', household_size: 3, address: '某村1组', education: '高中', member_type: '普通党员', org_id: org.other.id }), 201)).id;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('talks', () => {
  test('a branch records talks; bad input names the field; roles and scope', async () => {
    await refused(branch.post('/api/v1/care/talks', { talked_on: '2027-09-01', kind: 'yearly', talker_name: '王书记' }), 400, /谈话对象/, 'missing_field');
    assert.equal((await refused(branch.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'gossip', talker_name: '王书记' }), 400, /谈话类型/, 'invalid_field')).field, 'kind');
    assert.equal((await refused(branch.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-10-01', kind: 'yearly', talker_name: '王书记' }), 400, /不能晚于今天/, 'invalid_field')).field, 'talked_on');
    assert.equal((await refused(branch.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'yearly' }), 400, /谈话人/, 'missing_field')).field, 'talker_name');
    assert.equal((await refused(branch.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'yearly', talker_name: '王书记', note: '记'.repeat(501) }), 400, /谈话记录/)).field, 'note');
    assert.equal((await refused(branch.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'yearly', talker_member_id: S.a }), 400, /本人/)).field, 'talker_member_id');
    await refused(branch.post('/api/v1/care/talks', { member_id: S.a, kind: 'yearly', talker_name: '王书记', talked_on: '2027-09-01', bogus: 1 }), 400, /bogus/);
    await refused(auditor.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'yearly', talker_name: '王书记' }), 403, /只能查看/, 'forbidden');
    await refused(other.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'yearly', talker_name: '王书记' }), 404, /党员不存在/, 'not_found');
    assert.equal((await refused(branch.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'yearly', talker_member_id: S.farMember }), 404, /党员不存在/)).field, 'talker_member_id');

    const t = await ok(branch.post('/api/v1/care/talks', { member_id: S.a, talked_on: '2027-09-01', kind: 'yearly', talker_member_id: S.secretary, note: '谈了家庭情况和思想动态' }), 201);
    assert.equal(t.member_name, S.nameA);
    assert.equal(t.talker_member_id, S.secretary);
    assert.equal(t.talker_name, S.nameSec);
    assert.equal(t.kind_label, '年度谈心谈话');
    assert.equal(t.org_id, S.org.branch.id);
    S.talk = t.id;
    const u = await ok(town.post('/api/v1/care/talks', { member_id: S.b, talked_on: '2026-12-20', kind: 'difficulty', talker_name: '李委员' }), 201);
    assert.equal(u.talker_member_id, null);
    assert.equal(u.kind_label, '遇到困难时');

    const audit = (await ok(admin.get('/api/v1/audit?action=talk_create'))).items;
    assert.ok(audit.some((x) => x.entity === 'talk' && x.entity_id === S.talk), 'audited');
  });

  test('the lists: a subtree, a member, a year; another township sees none of them', async () => {
    const all = (await ok(branch.get('/api/v1/care/talks'))).items;
    assert.deepEqual(all.map((x) => x.talked_on), ['2027-09-01', '2026-12-20'], 'newest first');
    assert.deepEqual((await ok(auditor.get(`/api/v1/care/talks?member=${S.b}`))).items.map((x) => x.kind), ['difficulty']);
    assert.deepEqual((await ok(admin.get(`/api/v1/care/talks?year=2026&org=${S.org.branch.id}`))).items.map((x) => x.member_id), [S.b]);
    assert.deepEqual((await ok(other.get('/api/v1/care/talks'))).items.filter((x) => [S.a, S.b].includes(x.member_id)), []);
    await refused(other.get(`/api/v1/care/talks?member=${S.a}`), 404, /党员不存在/, 'not_found');
    await refused(branch.get(`/api/v1/care/talks?org=${S.org.other.id}`), 404, /组织/, 'not_found');
    await refused(admin.get('/api/v1/care/talks?year=1999'), 400, /year/);
  });

  test('members not yet talked with this year: listed, on the to-do list only from October', async () => {
    let d = await ok(branch.get('/api/v1/care/talks/due'));
    assert.equal(d.year, 2027);
    assert.equal(d.due, false, 'September: not yet the last quarter');
    const ids = d.items.map((x) => x.member_id);
    assert.ok(!ids.includes(S.a), 'talked with in 2027');
    assert.ok(ids.includes(S.b), 'only talked with in 2026');
    assert.ok(ids.includes(S.secretary));
    assert.equal(d.total, d.items.length);
    assert.ok(d.items.every((x) => x.org_id === S.org.branch.id));
    await stage.day('2027-10-01');
    d = await ok(branch.get('/api/v1/care/talks/due'));
    assert.equal(d.due, true, 'October: on the to-do list');
    assert.ok(d.items.some((x) => x.member_id === S.b));
    await stage.day('2028-01-02');
    d = await ok(admin.get(`/api/v1/care/talks/due?org=${S.org.branch.id}`));
    assert.equal(d.year, 2028);
    assert.equal(d.due, false);
    assert.ok(d.items.some((x) => x.member_id === S.a), 'a new year: owed again');
    await refused(branch.get(`/api/v1/care/talks/due?org=${S.org.other.id}`), 404, /组织/, 'not_found');
  });
});

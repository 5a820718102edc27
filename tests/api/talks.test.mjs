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
import { readXlsx } from '../lib/xlsx.mjs';

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

  test('the list pages, filters by kind and name, and exports as XLSX', async () => {
    await stage.day('2028-03-01');
    for (const [m, kind, on] of [[S.a, 'achievement', '2028-02-01'], [S.b, 'yearly', '2028-02-02'], [S.secretary, 'post_change', '2028-02-03']])
      await ok(branch.post('/api/v1/care/talks', { member_id: m, talked_on: on, kind, talker_name: '陈委员' }), 201);
    const p1 = await ok(branch.get('/api/v1/care/talks?size=2&page=1'));
    assert.equal(p1.total, 5);
    assert.equal(p1.items.length, 2);
    assert.deepEqual(p1.items.map((x) => x.talked_on), ['2028-02-03', '2028-02-02']);
    const p3 = await ok(branch.get('/api/v1/care/talks?size=2&page=3'));
    assert.deepEqual(p3.items.map((x) => x.talked_on), ['2026-12-20']);
    assert.deepEqual((await ok(branch.get('/api/v1/care/talks?kind=post_change'))).items.map((x) => x.member_id), [S.secretary]);
    assert.equal((await ok(branch.get(`/api/v1/care/talks?q=${encodeURIComponent('周书')}`))).total, 2, 'the talker or the member named 周书记');
    assert.equal((await ok(branch.get(`/api/v1/care/talks?q=${encodeURIComponent('陈委')}&year=2028`))).total, 3);
    await refused(branch.get('/api/v1/care/talks?kind=gossip'), 400, /谈话类型/);
    const r = await fetch(`${branch.base}/api/v1/care/talks.xlsx?year=2028`, { headers: { Cookie: branch.cookie } });
    assert.equal(r.status, 200);
    const rows = readXlsx(Buffer.from(await r.arrayBuffer()));
    const head = rows.findIndex((x) => x[0] === '谈话日期');
    assert.deepEqual(rows[head].slice(0, 5), ['谈话日期', '谈话对象', '所在党组织', '谈话人', '谈话类型']);
    assert.equal(rows.slice(head + 1).filter((x) => x[0]).length, 3);
  });

  test('coverage per organisation changes with a talk; the to-do list in the last quarter', async () => {
    await stage.day('2028-10-08');
    for (const [i, name] of ['郑一', '郑二'].entries())
      await ok(admin.post('/api/v1/members', { name, ethnicity: '汉族', joined_on: '2001-07-01', id_number: idNumber('330702', '19700402', `54${i}`), phone: `1381234568${i}`, household_type: '农业', household_size: 3, address: '城关镇东风村2组', education: '高中', member_type: '普通党员', org_id: S.org.branch.id }), 201);
    const before = await ok(town.get('/api/v1/care/talks/coverage?year=2028'));
    const row = (c) => c.items.find((x) => x.org_id === S.org.branch.id);
    assert.equal(before.year, 2028);
    assert.equal(row(before).talked, 3);
    assert.equal(row(before).depth, 1, 'a branch under the township');
    assert.equal(row(before).untalked, row(before).members - 3);
    assert.ok(row(before).untalked >= 2);
    assert.ok(before.items.every((x) => x.members > 0));
    const todo = await ok(branch.get('/api/v1/todo'));
    const talks = todo.items.filter((x) => x.kind === 'talk');
    assert.equal(talks.length, row(before).untalked, 'every member not talked with is on the list');
    assert.equal(todo.counts.talks, talks.length);
    assert.ok(talks.every((x) => x.due_on === '2028-12-31' && x.member_id && /尚未开展谈心谈话/.test(x.title)));
    assert.equal((await ok(branch.get('/api/v1/todo?kind=talk'))).items.length, talks.length);
    const next = (await ok(branch.get('/api/v1/care/talks/due?limit=1'))).items[0];
    await ok(branch.post('/api/v1/care/talks', { member_id: next.member_id, talked_on: '2028-10-08', kind: 'yearly', talker_name: '陈委员' }), 201);
    await ok(branch.post('/api/v1/care/talks', { member_id: next.member_id, talked_on: '2028-10-08', kind: 'problem', talker_name: '陈委员' }), 201);
    const after = await ok(town.get('/api/v1/care/talks/coverage?year=2028'));
    assert.equal(row(after).talked, 4, 'a second talk of the same member counts once');
    assert.equal(after.talked, before.talked + 1);
    assert.equal((await ok(branch.get('/api/v1/todo'))).items.filter((x) => x.kind === 'talk').length, talks.length - 1);
    const own = await ok(branch.get('/api/v1/care/talks/coverage'));
    assert.deepEqual(own.items.map((x) => x.org_id), [S.org.branch.id]);
    assert.equal((await ok(other.get('/api/v1/care/talks/coverage?year=2028'))).talked, 0);
    await refused(other.get(`/api/v1/care/talks/coverage?org=${S.org.branch.id}`), 404, /组织/, 'not_found');
    await refused(town.get('/api/v1/care/talks/coverage?year=1999'), 400, /year/);
    await stage.day('2028-09-30');
    assert.equal((await ok(branch.get('/api/v1/todo'))).items.filter((x) => x.kind === 'talk').length, 0, 'not before October');
  });
});

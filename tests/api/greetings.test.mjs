// greetings.test.mjs - political birthdays, the rest (政治生日, issue #12)
// over HTTP against a real `bangfu serve` (SQLite, or PostgreSQL with
// BANGFU_TEST_PG): a greeting recorded on a member's party anniversary
// (validation naming the field, roles, scope, audit) and the greetings'
// coverage per organisation; the greeting card PDF; the collective
// celebration around 1 July with attendees and the renewal of the oath;
// the 光荣在党50年 nomination list as JSON, PDF and XLSX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

const person = (name, joined_on, seq, org_id, birth = '19500402') => ({
  name, ethnicity: '汉族', gender: '男', joined_on, birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
  id_number: idNumber('330702', birth, seq), phone: `1391234${seq}0`, household_type: '农业', household_size: 2,
  address: '城关镇东风村3组', education: '初中', member_type: '普通党员', org_id,
});

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2027-07-03' }));
  S.org = org;
  S.old = (await ok(admin.post('/api/v1/members', person('钱老党员', '1977-07-01', '611', org.branch.id)), 201)).id;
  S.young = (await ok(admin.post('/api/v1/members', person('孙新党员', '2027-01-10', '615', org.branch.id, '19990101')), 201)).id;
  S.leap = (await ok(admin.post('/api/v1/members', person('李闰年', '1976-02-29', '613', org.branch.id)), 201)).id;
  S.far = (await ok(admin.post('/api/v1/members', person('周外镇', '1977-03-05', '617', org.other.id)), 201)).id;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

test('a greeting on the anniversary: the fields, roles, scope, audit', async () => {
  const g = { member_id: S.old, greeted_on: '2027-07-01', way: 'visit', greeted_by: '王书记', note: '送上政治生日贺卡' };
  await refused(branch.post('/api/v1/care/greetings', { ...g, member_id: undefined }), 400, /党员/, 'missing_field');
  assert.equal((await refused(branch.post('/api/v1/care/greetings', { ...g, way: 'mail' }), 400, /祝福方式/)).field, 'way');
  assert.equal((await refused(branch.post('/api/v1/care/greetings', { ...g, greeted_on: '2027-07-04' }), 400, /不能晚于今天/)).field, 'greeted_on');
  assert.equal((await refused(branch.post('/api/v1/care/greetings', { ...g, greeted_by: '' }), 400, /祝福人/)).field, 'greeted_by');
  assert.equal((await refused(branch.post('/api/v1/care/greetings', { ...g, note: '祝'.repeat(201) }), 400, /祝福内容/)).field, 'note');
  assert.equal((await refused(branch.post('/api/v1/care/greetings', { ...g, member_id: S.young }), 400, /还没有政治生日/)).field, 'year');
  await refused(auditor.post('/api/v1/care/greetings', g), 403, /只能查看/, 'forbidden');
  await refused(other.post('/api/v1/care/greetings', g), 404, /党员不存在/, 'not_found');
  const x = await ok(branch.post('/api/v1/care/greetings', g), 201);
  assert.equal(x.year, 2027);
  assert.equal(x.party_years, 50);
  assert.equal(x.way_label, '上门');
  assert.equal(x.member_name, '钱老党员');
  await ok(town.post('/api/v1/care/greetings', { member_id: S.leap, year: 2027, greeted_on: '2027-03-01', way: 'phone', greeted_by: '镇组织委员' }), 201);
  const audit = (await ok(admin.get('/api/v1/audit?action=greeting_create'))).items;
  assert.ok(audit.some((a) => a.entity === 'greeting' && a.entity_id === x.id));

  const list = await ok(branch.get('/api/v1/care/greetings?year=2027'));
  assert.deepEqual(list.items.map((i) => i.member_id), [S.old, S.leap], 'newest first');
  assert.deepEqual((await ok(auditor.get(`/api/v1/care/greetings?member=${S.leap}`))).items.map((i) => i.way), ['phone']);
  assert.equal((await ok(other.get('/api/v1/care/greetings'))).items.filter((i) => i.member_id === S.old).length, 0);
  await refused(other.get(`/api/v1/care/greetings?member=${S.old}`), 404, /党员不存在/);
});

test('the greetings coverage per organisation: whose anniversary has come, who was greeted', async () => {
  const c = await ok(town.get('/api/v1/care/greetings/coverage'));
  assert.equal(c.year, 2027);
  const row = c.items.find((x) => x.org_id === S.org.branch.id);
  assert.ok(row.due >= 2, 'the 1 July and the 28 February anniversaries have come');
  assert.equal(row.greeted, 2);
  assert.equal(c.greeted, 2);
  assert.equal((await ok(other.get('/api/v1/care/greetings/coverage'))).greeted, 0);
  await refused(town.get('/api/v1/care/greetings/coverage?year=2030'), 400, /年份/);
  await refused(other.get(`/api/v1/care/greetings/coverage?org=${S.org.branch.id}`), 404, /组织/);
});

test('the birthdays of the coming week carry the years of party age; the card is a PDF', async () => {
  const b = await ok(branch.get('/api/v1/care/birthdays?from=2027-06-28'));
  const me = b.items.find((x) => x.member_id === S.old);
  assert.equal(me.anniversary, '2027-07-01');
  assert.equal(me.party_years, 50);
  const r = await fetch(`${branch.base}/api/v1/members/${S.old}/greeting-card?year=2027`, { headers: { Cookie: branch.cookie } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  assert.match(decodeURIComponent(r.headers.get('content-disposition')), /政治生日贺卡_钱老党员_入党50周年/);
  await refused(branch.get(`/api/v1/members/${S.young}/greeting-card?year=2027`), 400, /还没有政治生日/);
  await refused(other.get(`/api/v1/members/${S.old}/greeting-card`), 404, /党员不存在/);
});

test('the 1 July celebration: an event with attendees and the oath renewed', async () => {
  const e = { held_on: '2027-07-01', place: '东风村党群服务中心', title: '庆七一集体政治生日暨重温入党誓词' };
  assert.equal((await refused(branch.post('/api/v1/care/celebrations', { ...e, title: '' }), 400, /活动名称/)).field, 'title');
  assert.equal((await refused(branch.post('/api/v1/care/celebrations', { ...e, place: '' }), 400, /活动地点/)).field, 'place');
  assert.equal((await refused(branch.post('/api/v1/care/celebrations', { ...e, held_on: '2027-13-01' }), 400, /活动日期/)).field, 'held_on');
  await refused(auditor.post('/api/v1/care/celebrations', e), 403);
  await refused(branch.post('/api/v1/care/celebrations', { ...e, org_id: S.org.other.id }), 404, /组织/);
  const c = await ok(branch.post('/api/v1/care/celebrations', e), 201);
  assert.equal(c.org_id, S.org.branch.id);
  assert.deepEqual(c.attendance, []);
  assert.equal((await refused(branch.post(`/api/v1/care/celebrations/${c.id}/attendees`, { attendees: [{ member_id: S.far, oath: true }] }), 404, /党员不存在/)).field, 'attendees[0].member_id');
  await refused(branch.post(`/api/v1/care/celebrations/${c.id}/attendees`, { attendees: [{ member_id: S.old }, { member_id: S.old }] }), 400, /重复/);
  await refused(branch.post(`/api/v1/care/celebrations/${c.id}/attendees`, {}), 400, /参加/);
  const d = await ok(branch.post(`/api/v1/care/celebrations/${c.id}/attendees`, { attendees: [{ member_id: S.old, oath: true }, { member_id: S.leap, oath: false }, { member_id: S.young, oath: true }] }));
  assert.equal(d.attendees, 3);
  assert.equal(d.oath, 2);
  assert.deepEqual(d.attendance.filter((a) => a.oath).map((a) => a.member_id).sort(), [S.old, S.young].sort());
  const d2 = await ok(branch.post(`/api/v1/care/celebrations/${c.id}/attendees`, { attendees: [{ member_id: S.old, oath: true }] }));
  assert.equal(d2.attendees, 1, 'the list replaces the one before');
  assert.deepEqual((await ok(town.get('/api/v1/care/celebrations?year=2027'))).items.map((x) => x.id), [c.id]);
  assert.equal((await ok(town.get('/api/v1/care/celebrations?year=2026'))).items.length, 0);
  assert.equal((await ok(other.get('/api/v1/care/celebrations'))).items.filter((x) => x.id === c.id).length, 0);
  await refused(other.get(`/api/v1/care/celebrations/${c.id}`), 404);
  await refused(other.post(`/api/v1/care/celebrations/${c.id}/attendees`, { attendees: [] }), 404);
  const audit = (await ok(admin.get('/api/v1/audit?action=celebration_attend'))).items;
  assert.equal(audit.filter((a) => a.entity === 'celebration' && a.entity_id === c.id).length, 2);
});

test('光荣在党50年: who reaches 50 years of party age, as JSON, PDF and XLSX', async () => {
  const m = await ok(town.get('/api/v1/care/medals?year=2027'));
  assert.equal(m.year, 2027);
  const mine = m.items.filter((x) => [S.old, S.leap, S.far].includes(x.member_id)).map((x) => x.member_id);
  assert.deepEqual(mine, [S.old], '1977 joiners of the township only');
  assert.ok(m.items.every((x) => x.party_years === 50 && x.joined_on.startsWith('1977')));
  assert.deepEqual((await ok(town.get('/api/v1/care/medals?year=2026'))).items.filter((x) => x.member_id === S.leap).length, 1);
  const pdf = await fetch(`${town.base}/api/v1/care/medals.pdf?year=2027`, { headers: { Cookie: town.cookie } });
  assert.equal(pdf.status, 200);
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  const x = await fetch(`${town.base}/api/v1/care/medals.xlsx?year=2027`, { headers: { Cookie: town.cookie } });
  assert.equal(x.status, 200);
  const rows = readXlsx(Buffer.from(await x.arrayBuffer()));
  assert.match(rows[0][0], /2027年“光荣在党50年”纪念章颁发对象名单/);
  const head = rows.findIndex((r) => r[0] === '序号');
  assert.deepEqual(rows[head], ['序号', '所在党组织', '姓名', '性别', '出生日期', '入党时间', '党龄（年）']);
  const body = rows.slice(head + 1).filter((r) => r[0]);
  assert.equal(body.length, m.items.length);
  assert.ok(body.some((r) => r[2] === '钱老党员' && r[3] === '男' && r[6] === '50'));
  await refused(town.get('/api/v1/care/medals?year=1900'), 400, /year/);
  await refused(other.get(`/api/v1/care/medals?org=${S.org.branch.id}`), 404, /组织/);
});

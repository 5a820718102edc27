// pairing.test.mjs - pairing (结对帮扶) and help records (帮扶记录), issue
// #12, over HTTP against a real `bangfu serve` (SQLite, or PostgreSQL with
// BANGFU_TEST_PG): the six 定 checked field by field, roles (403) and scope
// (404), a member of the register or a leading cadre as the helper, the
// helper limit's warning, records, the stale filter after 90 days without a
// record, the end with a reason and an outcome, the roll's exit closing the
// member's open pairings (一帮到底), the coverage of the 造血型 members and
// the audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' };
const six = { goal: '年内发展养殖增收', measures: '协调小额贷款，联系技术员上门指导', start_on: '2025-03-01', target_on: '2025-12-31', place: '东风村', matter: '养殖项目' };

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2025-03-01' }));
  S.org = org;
  // ten members of 东风村党支部 made here, whatever the demo gave it
  const names = ['赵一民', '钱二妹', '孙三军', '李四海', '周五林', '吴六英', '郑七华', '王八根', '冯九妹', '陈十全'];
  S.m = [];
  S.names = names;
  for (let i = 0; i < names.length; i++)
    S.m.push((await ok(admin.post('/api/v1/members', { name: names[i], ethnicity: '汉族', joined_on: '1980-07-01', id_number: idNumber('330702', `196004${10 + i}`, '31' + i), phone: `1381234${String(5000 + i)}`, household_type: '农业', household_size: 2, address: '城关镇东风村1组', education: '初中', member_type: '普通党员', org_id: org.branch.id }), 201)).id);
  // members 0..6 on the roll as 造血型, 7 as 输血型; 8 is not on the roll; 9 helps
  for (let i = 0; i < 8; i++)
    await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.m[i], category: i === 7 ? 'relief' : 'capacity', since_on: '2025-01-10' }), 201);
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

test('coverage before: every 造血型 member on the roll unpaired, the 输血型 not counted', async () => {
  const c = await ok(town.get(`/api/v1/pairing-coverage?size=50`));
  assert.equal(c.unpaired, 7);
  assert.equal(c.paired, 0);
  assert.ok(c.items.every((g) => S.m.slice(0, 7).includes(g.member_id)));
  assert.equal((await ok(other.get('/api/v1/pairing-coverage'))).unpaired, 0, 'another branch sees none');
});

test('creation checks the six 定 field by field; roles and scope', async () => {
  const base = { ...six, member_id: S.m[0], helper_member_id: S.m[9] };
  await refused(branch.post('/api/v1/pairings', { ...base, member_id: undefined }), 400, /帮扶对象/, 'missing_field');
  for (const f of ['goal', 'measures', 'start_on', 'target_on', 'place', 'matter'])
    assert.equal((await refused(branch.post('/api/v1/pairings', { ...base, [f]: '' }), 400)).field, f);
  assert.equal((await refused(branch.post('/api/v1/pairings', { ...base, target_on: '2025-02-01' }), 400, /目标完成日期不能早于/)).field, 'target_on');
  assert.equal((await refused(branch.post('/api/v1/pairings', { ...base, goal: '要'.repeat(251) }), 400, /帮扶目标/)).field, 'goal');
  await refused(branch.post('/api/v1/pairings', { ...base, bogus: 1 }), 400, /bogus/);
  assert.equal((await refused(branch.post('/api/v1/pairings', { ...base, helper_member_id: S.m[0] }), 400, /本人/)).field, 'helper_member_id');
  assert.equal((await refused(branch.post('/api/v1/pairings', { ...six, member_id: S.m[0], helper_name: '王书记' }), 400, /职务/)).field, 'helper_post');
  assert.equal((await refused(branch.post('/api/v1/pairings', { ...base, member_id: S.m[8] }), 409, /不在困难党员台账中/)).field, 'member_id');
  await refused(auditor.post('/api/v1/pairings', base), 403, /只能查看/, 'forbidden');
  await refused(other.post('/api/v1/pairings', base), 404, /党员不存在/, 'not_found');

  const p = await ok(branch.post('/api/v1/pairings', base), 201);
  assert.equal(p.status, 'open');
  assert.equal(p.status_label, '帮扶中');
  assert.equal(p.helper_kind, 'member');
  assert.equal(p.helper_name, S.names[9]);
  assert.equal(p.member_name, S.names[0]);
  assert.equal(p.category, 'capacity');
  assert.equal(p.goal, six.goal);
  assert.equal(p.records, 0);
  assert.equal(p.warning, undefined);
  S.p = p.id;
  assert.equal((await refused(branch.post('/api/v1/pairings', base), 409, /已在帮扶/)).field, 'helper_member_id');
  // a leading cadre named with the post, a second helper of the same member
  const q = await ok(town.post('/api/v1/pairings', { ...six, member_id: S.m[0], helper_name: '王建国', helper_post: '城关镇党委书记' }), 201);
  assert.equal(q.helper_kind, 'cadre');
  assert.equal(q.helper_member_id, null);
  S.cadre = q.id;
  await refused(other.get(`/api/v1/pairings/${S.p}`), 404, /结对帮扶不存在/);
  assert.equal((await ok(auditor.get(`/api/v1/pairings/${S.p}`))).id, S.p);
});

test('a helper beyond the limit of 5 members is warned, not refused', async () => {
  let last;
  for (let i = 1; i <= 6; i++) last = await ok(branch.post('/api/v1/pairings', { ...six, member_id: S.m[i], helper_member_id: S.m[9] }), 201);
  assert.match(last.warning, /超过政策建议的 5 人/);
  S.pB = last.id; // member 6's pairing
  const l = await ok(town.get(`/api/v1/pairings?helper=${S.m[9]}&size=50`));
  assert.equal(l.total, 7);
  const c = await ok(town.get('/api/v1/pairing-coverage'));
  assert.equal(c.unpaired, 0);
  assert.equal(c.paired, 7);
});

test('help records: the day and what was done checked; then on the pairing', async () => {
  await refused(branch.post(`/api/v1/pairings/${S.p}/records`, { what: '上门' }), 400, /帮扶日期/, 'missing_field');
  assert.equal((await refused(branch.post(`/api/v1/pairings/${S.p}/records`, { done_on: '2025-03-02', what: '上门' }), 400, /不能晚于今天/)).field, 'done_on');
  assert.equal((await refused(branch.post(`/api/v1/pairings/${S.p}/records`, { done_on: '2025-02-01', what: '上门' }), 400, /不能早于帮扶开始日期/)).field, 'done_on');
  assert.equal((await refused(branch.post(`/api/v1/pairings/${S.p}/records`, { done_on: '2025-03-01' }), 400, /帮扶内容/)).field, 'what');
  await refused(auditor.post(`/api/v1/pairings/${S.p}/records`, { done_on: '2025-03-01', what: '上门' }), 403);
  const p = await ok(branch.post(`/api/v1/pairings/${S.p}/records`, { done_on: '2025-03-01', what: '上门了解养殖意向', result: '已选定养鸡' }), 201);
  assert.equal(p.records, 1);
  assert.equal(p.last_record_on, '2025-03-01');
  assert.equal(p.help_records[0].what, '上门了解养殖意向');
  assert.equal(p.help_records[0].result, '已选定养鸡');
  const mine = await ok(branch.get(`/api/v1/members/${S.m[0]}/pairings`));
  assert.equal(mine.items.length, 2);
  await refused(other.get(`/api/v1/members/${S.m[0]}/pairings`), 404);
});

// a raw upload of a help record's file, as the console sends it
async function attach(c, record, body, type = 'image/png', name = '走访照片.png') {
  const r = await fetch(`${c.base}/api/v1/help-records/${record}/attachments`, {
    method: 'POST', body,
    headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': type, 'X-Filename': encodeURIComponent(name) },
  });
  return { status: r.status, body: await r.json() };
}

test('a help record takes files (PNG/JPG/PDF by their bytes), read back in scope only', async () => {
  const p = await ok(branch.get(`/api/v1/pairings/${S.p}`));
  const rec = p.help_records[0].id;
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from('照片内容')]);
  assert.equal((await attach(branch, rec, Buffer.from('not a picture'))).status, 400);
  assert.equal((await attach(branch, rec, png, 'text/plain')).status, 400);
  assert.equal((await attach(auditor, rec, png)).status, 403);
  assert.equal((await attach(other, rec, png)).status, 404);
  assert.equal((await attach(branch, 999999, png)).status, 404);
  const up = await attach(branch, rec, png);
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.name, '走访照片.png');
  assert.equal(up.body.mime, 'image/png');
  assert.equal(up.body.help_record_id, rec);
  assert.match(up.body.sha256, /^[0-9a-f]{64}$/);
  const again = await ok(branch.get(`/api/v1/pairings/${S.p}`));
  assert.deepEqual(again.help_records[0].attachments.map((a) => a.id), [up.body.id]);
  const r = await fetch(`${town.base}/api/v1/help-attachments/${up.body.id}`, { headers: { Cookie: town.cookie } });
  assert.equal(r.status, 200);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), png);
  assert.match(r.headers.get('content-disposition'), /filename\*=UTF-8''/);
  await refused(other.get(`/api/v1/help-attachments/${up.body.id}`), 404, /附件不存在/);
  const items = (await ok(admin.get('/api/v1/audit?action=help_record_attach'))).items;
  assert.equal(items.length, 1);
});

test('the list searches the member\'s and the helper\'s names', async () => {
  const byMember = await ok(town.get(`/api/v1/pairings?q=${encodeURIComponent(S.names[0])}&size=50`));
  assert.ok(byMember.total >= 1 && byMember.items.every((x) => x.member_id === S.m[0]));
  const byHelper = await ok(town.get(`/api/v1/pairings?q=${encodeURIComponent('王建国')}&size=50`));
  assert.ok(byHelper.total >= 1 && byHelper.items.every((x) => x.helper_name === '王建国'));
  assert.equal((await ok(town.get(`/api/v1/pairings?q=${encodeURIComponent('无此人')}`))).total, 0);
});

test('after 90 days without a record an open pairing is stale and on the to-do list', async () => {
  await stage.day('2025-05-20');
  assert.equal((await ok(branch.get('/api/v1/pairings?stale=1&size=50'))).total, 0, 'within 90 days of the start and the record');
  await stage.day('2025-07-01');
  const l = await ok(branch.get('/api/v1/pairings?stale=1&size=50'));
  assert.equal(l.total, 8);
  assert.ok(l.items.every((x) => x.stale));
  await ok(branch.post(`/api/v1/pairings/${S.p}/records`, { done_on: '2025-06-30', what: '送去鸡苗', result: '已入栏' }), 201);
  assert.equal((await ok(branch.get('/api/v1/pairings?stale=1&size=50'))).total, 7);
  const todo = await ok(branch.get('/api/v1/todo'));
  assert.equal(todo.counts.pairings, 7);
  assert.ok(todo.items.some((t) => t.kind === 'pairing'));
});

test('the end needs its reason and outcome; no record after it', async () => {
  const cur = await ok(branch.get(`/api/v1/pairings/${S.cadre}`));
  assert.equal((await refused(branch.post(`/api/v1/pairings/${S.cadre}/end`, { outcome: '增收' }), 400, /结束原因/)).field, 'end_note');
  assert.equal((await refused(branch.post(`/api/v1/pairings/${S.cadre}/end`, { end_note: '调离' }), 400, /帮扶成效/)).field, 'outcome');
  await refused(branch.post(`/api/v1/pairings/${S.cadre}/end`, { end_note: '调离', outcome: '增收', version: cur.version + 1 }), 409, /已被他人更新/);
  const p = await ok(branch.post(`/api/v1/pairings/${S.cadre}/end`, { end_note: '帮扶人调离', outcome: '养殖已见效益', version: cur.version }));
  assert.equal(p.status, 'ended');
  assert.equal(p.end_on, '2025-07-01');
  assert.equal(p.end_reason, 'other');
  await refused(branch.post(`/api/v1/pairings/${S.cadre}/records`, { done_on: '2025-07-01', what: '回访' }), 409, /已结束/);
  await refused(branch.post(`/api/v1/pairings/${S.cadre}/end`, { end_note: '再', outcome: '再' }), 409, /已结束/);
});

test('一帮到底: the roll exit of the member closes the open pairings in its transaction', async () => {
  const entry = (await ok(dept.get(`/api/v1/roll?member=${S.m[6]}`))).items[0];
  await ok(dept.post(`/api/v1/roll/${entry.id}/exit`, { exit_on: '2025-06-30', exit_reason: 'income' }));
  const p = await ok(branch.get(`/api/v1/pairings/${S.pB}`));
  assert.equal(p.status, 'ended');
  assert.equal(p.end_reason, 'left_roll');
  assert.equal(p.end_reason_label, '脱困退出台账');
  assert.equal(p.end_on, '2025-06-30');
  assert.equal((await ok(town.get('/api/v1/pairings?status=open&size=50'))).total, 6);
  await refused(town.get('/api/v1/pairings?status=weird'), 400);
});

test('the pairings as XLSX with the filters and scope of the list', async () => {
  const get = async (c, q) => {
    const r = await fetch(`${c.base}/api/v1/pairings.xlsx?${q}`, { headers: { Cookie: c.cookie } });
    assert.equal(r.status, 200);
    return readXlsx(Buffer.from(await r.arrayBuffer()));
  };
  const rows = await get(town, `member=${S.m[0]}`);
  const head = rows.findIndex((r) => r[0] === '编号');
  assert.ok(head >= 0, JSON.stringify(rows.slice(0, 3)));
  assert.deepEqual(rows[head].slice(0, 4), ['编号', '帮扶对象', '所在党组织', '帮扶人']);
  const body = rows.slice(head + 1).filter((r) => r[0]);
  assert.equal(body.length, 2);
  assert.ok(body.every((r) => r[1] === S.names[0]));
  assert.ok(body.some((r) => r[3] === '王建国' && r[4] === '城关镇党委书记' && r[12] === '已结束'));
  assert.equal((await get(other, '')).slice(head + 1).filter((r) => r[0]).length, 0, 'another branch: no rows');
});

test('every write is audited', async () => {
  const items = (await ok(admin.get('/api/v1/audit?size=200'))).items;
  const n = (a) => items.filter((x) => x.action === a).length;
  assert.equal(n('pairing_create'), 8);
  assert.equal(n('help_record_add'), 2);
  assert.equal(n('pairing_end'), 2);
});

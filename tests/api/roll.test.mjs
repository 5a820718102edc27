// roll.test.mjs - the hardship roll (困难党员台账, issue #11) over HTTP
// against a real `bangfu serve` (SQLite, or PostgreSQL with BANGFU_TEST_PG):
// a branch's registration confirmed by its committee, validation naming the
// field in Chinese, roles (403) and scope (404), a change of tier with its
// reason on the history, exit proposed and confirmed, the roll as of a day
// with the values of that day, a relapse linked to the earlier period, and
// an approved case entering its member in the approval's transaction.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openScenario, ok, refused, step, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

const facts = { category: 'relief', tier: 'moderate', causes: ['illness'], household: '夫妻二人，子女在外', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '低保', state_of_mind: '积极乐观', needs: '医疗救助' };

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2025-03-01' }));
  S.org = org;
  const members = (await ok(admin.get(`/api/v1/members?org=${org.branch.id}&size=10`))).items;
  [S.memberA, S.memberB] = members.map((m) => m.id);
  S.memberC = (await ok(admin.post('/api/v1/members', { name: '李秀英', ethnicity: '汉族', joined_on: '1975-07-01', id_number: idNumber('330702', '19500402', '224'), phone: '13812345679', household_type: '农业', household_size: 2, address: '城关镇东风村2组5号', education: '小学', member_type: '普通党员', org_id: org.branch.id }), 201)).id;
  S.nameA = members[0].name;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

const list = async (c, q = '') => (await ok(c.get(`/api/v1/roll?${q}`)));

describe('registration, confirmation, changes', () => {
  test('2025-03-01: a branch registers a member from its survey; bad input names the field', async () => {
    await refused(branch.post('/api/v1/roll', { ...facts }), 400, /党员/, 'missing_field');
    await refused(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA, category: undefined }), 400, /类别/, 'missing_field');
    const e = await refused(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA, tier: 'awful' }), 400, /档次/, 'invalid_field');
    assert.equal(e.field, 'tier');
    assert.equal((await refused(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA, causes: ['laziness'] }), 400, /致困原因/)).field, 'causes');
    assert.equal((await refused(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA, since_on: '2025-03-02' }), 400, /纳入日期不能晚于今天/)).field, 'since_on');
    assert.equal((await refused(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA, needs: '要'.repeat(251) }), 400, /急需何种帮助/)).field, 'needs');
    await refused(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA, bogus: 1 }), 400, /bogus/);
    await refused(auditor.post('/api/v1/roll', { ...facts, member_id: S.memberA }), 403, /只能查看/, 'forbidden');
    await refused(other.post('/api/v1/roll', { ...facts, member_id: S.memberA }), 404, /党员不存在/, 'not_found');

    const x = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA, since_on: '2025-01-10' }), 201);
    assert.equal(x.status, 'pending');
    assert.equal(x.status_label, '待确认');
    assert.equal(x.source, 'survey');
    assert.equal(x.member_name, S.nameA);
    assert.equal(x.category_label, '输血型');
    assert.equal(x.tier_label, '比较困难');
    assert.deepEqual(x.causes, [{ code: 'illness', label: '因病' }]);
    assert.equal(x.income_fen, 250000);
    assert.equal(x.since_on, '2025-01-10');
    S.entry = x.id;
    await refused(branch.post('/api/v1/roll', { ...facts, member_id: S.memberA }), 409, /已在困难党员台账中/, 'conflict');
    // pending: not on the roll yet, but waiting
    assert.equal((await list(branch)).total, 0);
    assert.equal((await list(branch, 'view=pending')).total, 1);
    // the committee's to-do list names it
    const todo = await ok(town.get('/api/v1/todo'));
    assert.ok(todo.items.some((t) => t.kind === 'roll' && t.roll_entry_id === S.entry), 'on the committee\'s to-do list');
  });

  test('the committee confirms; the branch cannot; outside the subtree it does not exist', async () => {
    await refused(branch.post(`/api/v1/roll/${S.entry}/confirm`, {}), 403, /党\(工\)委/, 'forbidden');
    await refused(other.post(`/api/v1/roll/${S.entry}/confirm`, {}), 404);
    await refused(other.get(`/api/v1/roll/${S.entry}`), 404, null, 'not_found');
    await refused(auditor.post(`/api/v1/roll/${S.entry}/confirm`, {}), 403);
    const x = await ok(town.post(`/api/v1/roll/${S.entry}/confirm`, {}));
    assert.equal(x.status, 'active');
    assert.ok(x.confirmed_at);
    await refused(town.post(`/api/v1/roll/${S.entry}/confirm`, {}), 409, /没有待确认/, 'conflict');
    assert.equal((await list(branch)).total, 1);
    assert.equal((await list(other)).total, 0);
    assert.equal((await list(auditor)).total, 1);
    assert.equal((await list(dept, `org=${S.org.town.id}`)).total, 1);
    assert.equal((await list(dept, `org=${S.org.other.id}`)).total, 0);
    await refused(branch.get(`/api/v1/roll?org=${S.org.other.id}`), 404);
    await refused(branch.get('/api/v1/roll?view=nonsense'), 400, /查看范围/, 'invalid_field');
    await refused(branch.get('/api/v1/roll?tier=awful'), 400, /档次/);
    await refused(branch.get('/api/v1/roll?income_min=-5'), 400, /人均年纯收入/);
    // filters
    assert.equal((await list(branch, 'category=relief&tier=moderate&cause=illness')).total, 1);
    assert.equal((await list(branch, 'category=care')).total, 0);
    assert.equal((await list(branch, 'cause=disaster')).total, 0);
    assert.equal((await list(branch, 'income_min=200000&income_max=300000')).total, 1);
    assert.equal((await list(branch, 'income_max=100000')).total, 0);
    assert.equal((await list(branch, 'since_from=2025-01-01&since_to=2025-01-31')).total, 1);
    assert.equal((await list(branch, 'since_from=2025-02-01')).total, 0);
    assert.equal((await list(branch, `q=${encodeURIComponent(S.nameA)}`)).total, 1);
    // the member's periods
    const periods = (await ok(branch.get(`/api/v1/members/${S.memberA}/roll`))).items;
    assert.deepEqual(periods.map((p) => p.id), [S.entry]);
    await refused(other.get(`/api/v1/members/${S.memberA}/roll`), 404);
  });

  test('a change of tier needs its reason and goes on the history', async () => {
    await refused(branch.patch(`/api/v1/roll/${S.entry}`, { tier: 'severe' }), 400, /原因/, 'missing_field');
    await refused(branch.patch(`/api/v1/roll/${S.entry}`, {}), 400, /没有要修改/);
    await refused(branch.patch(`/api/v1/roll/${S.entry}`, { tier: 'severe', reason: '病情加重', version: 1 }), 409, /已被他人更新/);
    await refused(branch.patch(`/api/v1/roll/${S.entry}`, { tier: 'severe', reason: '病情加重', effective_on: '2025-01-01' }), 400, /不能早于纳入日期/);
    const x = await ok(branch.patch(`/api/v1/roll/${S.entry}`, { tier: 'severe', needs: '住院费用', reason: '病情加重，住院治疗', effective_on: '2025-03-01' }));
    assert.equal(x.tier, 'severe');
    const h = x.history.filter((r) => r.field === 'tier');
    assert.equal(h.length, 1);
    assert.equal(h[0].old_label, '比较困难');
    assert.equal(h[0].new_label, '特别困难');
    assert.equal(h[0].reason, '病情加重，住院治疗');
    assert.equal(h[0].effective_on, '2025-03-01');
    assert.ok(x.history.some((r) => r.field === 'needs' && r.old_value === '医疗救助' && r.new_value === '住院费用'));
    assert.ok(x.history.some((r) => r.action === 'confirm'));
    // the audit log has every change
    const audit = await ok(admin.get(`/api/v1/audit?entity=roll_entry&entity_id=${S.entry}`));
    const actions = audit.items.map((a) => a.action);
    for (const a of ['roll_register', 'roll_confirm', 'roll_update']) assert.ok(actions.includes(a), a);
  });
});

describe('exit, the roll as of a day, relapse', () => {
  test('2025-07-02: the branch proposes the exit, the committee confirms it', async () => {
    await stage.day('2025-07-02');
    await refused(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_reason: 'work' }), 400, /脱困日期/, 'missing_field');
    await refused(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_on: '2025-07-01' }), 400, /脱困原因/, 'missing_field');
    await refused(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_on: '2025-07-01', exit_reason: 'lottery' }), 400, /脱困原因/, 'invalid_field');
    await refused(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_on: '2025-07-01', exit_reason: 'other' }), 400, /脱困说明/, 'missing_field');
    await refused(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_on: '2024-12-31', exit_reason: 'work' }), 400, /不能早于纳入日期/);
    const p = await ok(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_on: '2025-07-01', exit_reason: 'work', exit_note: '在县城工厂务工' }));
    assert.equal(p.status, 'exiting');
    assert.equal(p.exit_reason.label, '实现就业');
    // still on the roll while the committee has not confirmed
    assert.equal((await list(branch)).total, 1);
    // refused, then proposed again and confirmed
    await refused(town.post(`/api/v1/roll/${S.entry}/reject`, {}), 400, /原因/, 'missing_field');
    const back = await ok(town.post(`/api/v1/roll/${S.entry}/reject`, { reason: '务工收入尚不稳定' }));
    assert.equal(back.status, 'active');
    assert.equal(back.exit_on, null);
    await ok(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_on: '2025-07-01', exit_reason: 'work', exit_note: '在县城工厂务工' }));
    const x = await ok(town.post(`/api/v1/roll/${S.entry}/confirm`, {}));
    assert.equal(x.status, 'exited');
    assert.equal(x.until_on, '2025-07-01');
    assert.equal((await list(branch)).total, 0);
    assert.equal((await list(branch, 'view=exited')).total, 1);
    await refused(branch.patch(`/api/v1/roll/${S.entry}`, { needs: '无', reason: '脱困' }), 409, /已脱困/);
    await refused(branch.post(`/api/v1/roll/${S.entry}/exit`, { exit_on: '2025-07-01', exit_reason: 'work' }), 409);
  });

  test('the roll as of a day: who, with the category and tier of that day', async () => {
    const at = async (d, q = '') => (await list(branch, `as_of=${d}${q}`)).items;
    assert.equal((await at('2025-01-09')).length, 0, 'before the period');
    const feb = await at('2025-02-01');
    assert.equal(feb.length, 1);
    assert.equal(feb[0].tier, 'moderate', 'the tier before the change');
    assert.equal((await at('2025-02-01', '&tier=moderate')).length, 1);
    assert.equal((await at('2025-02-01', '&tier=severe')).length, 0);
    const jun = await at('2025-06-30');
    assert.equal(jun[0].tier, 'severe');
    assert.equal(jun[0].category, 'relief');
    assert.equal((await at('2025-07-01')).length, 0, 'the exit day is outside the period');
    const one = await ok(branch.get(`/api/v1/roll/${S.entry}?as_of=2025-02-01`));
    assert.equal(one.tier, 'moderate');
    assert.equal(one.needs, '医疗救助');
    assert.equal(one.as_of, '2025-02-01');
    // the same list as Excel: the values of that day, the list's scope and errors
    const r = await fetch(`${branch.base}/api/v1/roll.xlsx?as_of=2025-02-01`, { headers: { Cookie: branch.cookie } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /spreadsheetml\.sheet/);
    const file = join(db.dir, 'roll.xlsx');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    for (const t of ['姓名', '档次', '人均年纯收入（元）', S.nameA, '比较困难', '因病']) assert.ok(xml.includes(t), t);
    assert.ok(!xml.includes('特别困难'), 'the tier of that day');
    assert.equal((await fetch(`${other.base}/api/v1/roll.xlsx?org=${S.org.branch.id}`, { headers: { Cookie: other.cookie } })).status, 404);
    await refused(branch.get('/api/v1/roll?as_of=2025-02-30'), 400, /查询日期/);
    await refused(branch.get('/api/v1/roll?as_of=2025-02-01&view=all'), 400);
  });

  test('a relapse re-enters the member linked to the earlier period', async () => {
    await refused(branch.post(`/api/v1/roll/${S.entry}/relapse`, { ...facts, since_on: '2025-06-01' }), 400, /不能早于上次脱困日期/);
    const r = await ok(branch.post(`/api/v1/roll/${S.entry}/relapse`, { ...facts, since_on: '2025-07-02' }), 201);
    assert.equal(r.source, 'relapse');
    assert.equal(r.relapse_of, S.entry);
    assert.equal(r.status, 'pending');
    await refused(branch.post(`/api/v1/roll/${r.id}/relapse`, { ...facts }), 409, /只有已脱困/);
    const rj = await ok(town.post(`/api/v1/roll/${r.id}/reject`, { reason: '查无返贫情况' }));
    assert.equal(rj.status, 'rejected');
    const periods = (await ok(branch.get(`/api/v1/members/${S.memberA}/roll`))).items;
    assert.deepEqual(periods.map((p) => p.id), [S.entry, r.id]);
    assert.equal(periods[1].status, 'rejected');
    // refused: the member may be registered again, once more a relapse
    const again = await ok(town.post('/api/v1/roll', { ...facts, member_id: S.memberA }), 201);
    assert.equal(again.status, 'active', "a committee's own registration needs no second hand");
    assert.equal(again.relapse_of, S.entry);
  });
});

describe('an approved case enters the roll', () => {
  test('pay-first approval of an emergency enters its member in the same transaction', async () => {
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.memberB, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000, household_size: 4, income_fen: 800000 }), 201);
    assert.equal((await list(branch, `member=${S.memberB}&view=all`)).total, 0);
    await ok(step(dept, c.id, 'pay_first', { paperwork_due: '2025-07-15', reason: '房屋倒塌，一家四口无处安身，急需救助' }));
    const l = await list(branch, `member=${S.memberB}`);
    assert.equal(l.total, 1);
    const x = l.items[0];
    assert.equal(x.status, 'active');
    assert.equal(x.source, 'case');
    assert.equal(x.case_id, c.id);
    assert.equal(x.income_fen, 200000, 'per head: 8000 yuan for 4 people');
    assert.equal(x.household_size, 4);
    assert.deepEqual(x.causes.map((y) => y.code), ['disaster']);
    assert.equal(x.since_on, '2025-07-02');
  });

  test('an approval updates the open entry and confirms a pending one', async () => {
    const p = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.memberC, tier: 'temporary' }), 201);
    assert.equal(p.status, 'pending');
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.memberC, kind: 'emergency', loss_type: 'sudden_illness', conditions: ['serious_illness'], causes: ['illness'], situation: '突发脑梗住院', requested_fen: 200000, household_size: 2, income_fen: 300000 }), 201);
    await ok(step(dept, c.id, 'pay_first', { paperwork_due: '2025-07-15', reason: '住院急需费用' }));
    const x = await ok(branch.get(`/api/v1/roll/${p.id}`));
    assert.equal(x.status, 'active');
    assert.equal(x.income_fen, 150000);
    const h = x.history.filter((r) => r.action === 'case');
    assert.ok(h.some((r) => r.field === 'income_fen' && r.old_value === '250000' && r.new_value === '150000'));
    assert.ok(h.every((r) => /帮扶档案经审批/.test(r.reason)));
    assert.ok(x.history.some((r) => r.action === 'confirm'));
  });
});

// The first sheet of a workbook as rows of cell texts (inline strings as
// constant_memory mode writes them, numbers as written).
async function rollSheet(c, q, name) {
  const r = await fetch(`${c.base}/api/v1/roll.xlsx?${q}`, { headers: { Cookie: c.cookie } });
  const body = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) return { status: r.status, json: JSON.parse(body.toString()) };
  const file = join(db.dir, name);
  writeFileSync(file, body);
  const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  const rows = [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((m) => {
    const row = [];
    for (const x of m[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const k = [...x[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const t = /<t[^>]*>([\s\S]*?)<\/t>/.exec(x[3] || '');
      const v = /<v>(.*?)<\/v>/.exec(x[3] || '');
      row[k] = t ? t[1] : v ? Number(v[1]) : '';
    }
    return Array.from(row, (y) => (y === undefined ? '' : y));
  });
  const head = rows[1];
  const at = (h) => {
    const i = head.indexOf(h);
    assert.ok(i >= 0, `no column ${h} in ${head.join(',')}`);
    return i;
  };
  return { status: 200, xml, caption: rows[0][0], head, body: rows.slice(2), at };
}

describe('the roll as a branch hands it in (台账)', () => {
  test('the list names the member: gender, birth date, address; ID number and phone masked', async () => {
    const l = await list(branch, 'size=200');
    const c = l.items.find((x) => x.member_id === S.memberC);
    assert.ok(c, 'memberC on the roll');
    assert.equal(c.gender, '女');
    assert.equal(c.birth_date, '1950-04-02');
    assert.equal(c.address, '城关镇东风村2组5号');
    const full = idNumber('330702', '19500402', '224');
    assert.equal(c.id_number, `${full.slice(0, 6)}********${full.slice(14)}`);
    assert.match(c.phone, /^138\*{4}5679$/);
    assert.ok(l.items.every((x) => /^\d{6}\*{8}\d{3}[\dX]$/.test(x.id_number)), 'every ID number masked');
    assert.ok('review_label' in c);
    // the full values only through the audited export
    await refused(branch.get('/api/v1/roll?reveal=1'), 400, /导出/, 'invalid_field');
    await refused(branch.get('/api/v1/roll?sort=oldest'), 400, /排序/, 'invalid_field');
  });

  test('roll.xlsx: the caption, 序号, the member columns, the category and tier, masked', async () => {
    const l = await list(branch, 'size=200');
    const s = await rollSheet(branch, '', 'roll-taizhang.xlsx');
    assert.equal(s.status, 200);
    assert.match(s.caption, new RegExp(`^${S.org.branch.name}困难党员台账（截至 2025-07-02）$`));
    assert.deepEqual(s.head.slice(0, 8), ['序号', '姓名', '性别', '出生日期', '身份证号码', '联系电话', '家庭住址', '所在党组织']);
    for (const h of ['类别', '档次', '致困原因', '家庭结构', '人均年纯收入（元）', '思想动态', '急需何种帮助', '登记审核']) s.at(h);
    assert.equal(s.body.length, l.total);
    assert.deepEqual(s.body.map((r) => r[0]), s.body.map((_, i) => i + 1));
    const c = l.items.find((x) => x.member_id === S.memberC);
    const row = s.body.find((r) => r[s.at('台账编号')] === c.id);
    assert.equal(row[s.at('姓名')], '李秀英');
    assert.equal(row[s.at('性别')], '女');
    assert.equal(row[s.at('家庭住址')], '城关镇东风村2组5号');
    assert.match(row[s.at('身份证号码')], /^330702\*{8}\d{3}[\dX]$/);
    assert.match(row[s.at('联系电话')], /^138\*{4}5679$/);
    assert.equal(row[s.at('档次')], c.tier_label);
    assert.equal(row[s.at('类别')], c.category_label);
    assert.equal(row[s.at('登记审核')], '', 'never in a November review');
    assert.ok(!s.xml.includes(idNumber('330702', '19500402', '224')), 'no full ID number');
    // as of a day: the caption says which
    assert.match((await rollSheet(branch, 'as_of=2025-02-01', 'roll-feb.xlsx')).caption, /（截至 2025-02-01）$/);
  });

  test('sort=category groups the roll by category, then by name', async () => {
    const rank = { capacity: 1, relief: 2, care: 3, '': 4 };
    const l = await list(town, 'view=all&sort=category&size=200');
    assert.ok(l.items.length >= 2);
    const r = l.items.map((x) => rank[x.category]);
    assert.deepEqual(r, [...r].sort((a, b) => a - b), l.items.map((x) => x.category).join(','));
    const s = await rollSheet(town, 'view=all&sort=category', 'roll-sorted.xlsx');
    assert.deepEqual(s.body.map((x) => x[s.at('台账编号')]), l.items.map((x) => x.id));
    assert.match(s.caption, /困难党员台账（全部）（截至 /);
    // the console's list keeps its order: newest first
    const plain = (await list(town, 'view=all&size=200')).items.map((x) => x.id);
    assert.deepEqual(plain, [...plain].sort((a, b) => b - a));
  });

  test('reveal=1: full ID numbers and phones, one audit row saying what was exported; refused without the right', async () => {
    const full = idNumber('330702', '19500402', '224');
    const before = (await ok(auditor.get('/api/v1/audit?size=1'))).total;
    const no = await rollSheet(auditor, 'reveal=1', 'roll-no.xlsx');
    assert.equal(no.status, 403);
    assert.equal(no.json.error.code, 'forbidden');
    assert.equal((await rollSheet(auditor, 'reveal=2', 'roll-no2.xlsx')).status, 400);
    await rollSheet(branch, `member=${S.memberC}`, 'roll-masked.xlsx');
    assert.equal((await ok(auditor.get('/api/v1/audit?size=1'))).total, before, 'nothing audited');
    const s = await rollSheet(branch, `reveal=1&member=${S.memberC}`, 'roll-full.xlsx');
    const row = s.body.find((r) => r[s.at('姓名')] === '李秀英');
    assert.equal(row[s.at('身份证号码')], full);
    assert.equal(row[s.at('联系电话')], '13812345679');
    const a = (await ok(auditor.get('/api/v1/audit?size=5'))).items.find((x) => x.action === 'reveal');
    assert.ok(a, 'an audit row');
    assert.equal(a.entity, 'member');
    assert.equal(a.detail.list, 'roll');
    assert.equal(a.detail.format, 'xlsx');
    assert.equal(a.detail.rows, s.body.length);
    assert.deepEqual(a.detail.fields, ['id_number', 'phone']);
    assert.deepEqual(a.detail.filters, { member: String(S.memberC) });
    assert.equal((await ok(auditor.get('/api/v1/audit?size=1'))).total, before + 1);
  });
});

// plans.test.mjs - help plans (帮扶计划 / 脱贫规划), issue #12, over HTTP
// against a real `bangfu serve` (SQLite, or PostgreSQL with BANGFU_TEST_PG):
// one plan per member on the roll and year with its checklist of measures,
// checked field by field in Chinese (a row's field named measures[i].x),
// roles (403) and scope (404), a start-up capital measure linked to the
// member's own start-up loan, progress at the field with optimistic
// locking (409 on a stale version), dated progress notes, overdue measures
// on the branch's to-do list, the review noted at the June review of the
// roll, the organisation's view, the 低保/五保 hint, XLSX and the audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' };
const measures = [
  { kind: 'project', project_kind: 'farming', target: '发展林下养鸡500羽', due_on: '2025-06-30' },
  { kind: 'training', target: '参加养殖技术培训1次', due_on: '2025-04-30' },
  { kind: 'market', target: '对接镇电商服务站销售鸡蛋', due_on: '2025-09-30' },
];

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2025-03-10' }));
  S.org = org;
  const names = ['赵一民', '钱二妹', '孙三军', '李四海'];
  S.m = [];
  for (let i = 0; i < names.length; i++)
    S.m.push((await ok(admin.post('/api/v1/members', { name: names[i], ethnicity: '汉族', joined_on: '1985-07-01', id_number: idNumber('330702', i === 2 ? '19500410' : `196004${10 + i}`, '41' + i), phone: `1381234${String(6000 + i)}`, household_type: '农业', household_size: 2, address: '城关镇东风村1组', education: '初中', member_type: '普通党员', org_id: org.branch.id }), 201)).id);
  // 0, 1 on the roll as 造血型; 2 (75, no income) as 关怀型; 3 not on the roll
  await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.m[0], since_on: '2025-01-10' }), 201);
  await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.m[1], since_on: '2025-01-10' }), 201);
  await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.m[2], category: 'care', income_fen: 0, income_sources: '', since_on: '2025-01-10' }), 201);
  // a start-up loan of the branch's fund to member 4 (on the roll too)
  S.m.push((await ok(admin.post('/api/v1/members', { name: '周五林', ethnicity: '汉族', joined_on: '1985-07-01', id_number: idNumber('330702', '19600420', '419'), phone: '13812346009', household_type: '农业', household_size: 2, address: '城关镇东风村1组', education: '初中', member_type: '普通党员', org_id: org.branch.id }), 201)).id);
  await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.m[4], since_on: '2025-01-10' }), 201);
  const f = await ok(branch.post('/api/v1/funds', { org_id: org.branch.id }));
  await ok(branch.post(`/api/v1/funds/${f.id}/income`, { source: 'admin', amount_fen: 300000, date: '2025-03-01' }), 201);
  S.loan = await ok(branch.post('/api/v1/loans', { org_id: org.branch.id, member_id: S.m[4], principal_fen: 200000, rate_bp: 0, months: 12, purpose: '开办农家乐' }), 201);
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

test('creation checks the plan and each measure field by field; roles and scope', async () => {
  const base = { member_id: S.m[0], year: 2025, goal: '年内发展养殖，人均增收3000元', measures };
  await refused(branch.post('/api/v1/help-plans', { ...base, member_id: undefined }), 400, /帮扶对象/, 'missing_field');
  assert.equal((await refused(branch.post('/api/v1/help-plans', { ...base, goal: '' }), 400, /帮扶目标/)).field, 'goal');
  assert.equal((await refused(branch.post('/api/v1/help-plans', { ...base, measures: [] }), 400, /至少填写一项/)).field, 'measures');
  let e = await refused(branch.post('/api/v1/help-plans', { ...base, measures: [measures[0], { ...measures[1], target: '' }] }), 400, /措施目标/);
  assert.equal(e.field, 'measures[1].target');
  e = await refused(branch.post('/api/v1/help-plans', { ...base, measures: [{ ...measures[0], project_kind: '' }] }), 400, /宜农则农/);
  assert.equal(e.field, 'measures[0].project_kind');
  e = await refused(branch.post('/api/v1/help-plans', { ...base, measures: [{ ...measures[1], kind: 'cooking' }] }), 400, /措施类别/);
  assert.equal(e.field, 'measures[0].kind');
  e = await refused(branch.post('/api/v1/help-plans', { ...base, measures: [{ ...measures[1], due_on: '2026-01-10' }] }), 400, /完成期限应在2025年内/);
  assert.equal(e.field, 'measures[0].due_on');
  e = await refused(branch.post('/api/v1/help-plans', { ...base, measures: [{ ...measures[1], status: 'dropped' }] }), 400, /进展说明/);
  assert.equal(e.field, 'measures[0].note');
  e = await refused(branch.post('/api/v1/help-plans', { ...base, measures: [{ kind: 'security', target: '申请低保', due_on: '2025-05-01' }] }), 400, /低保/);
  assert.equal(e.field, 'measures[0].security_kind');
  // a loan that is not the member's own
  e = await refused(branch.post('/api/v1/help-plans', { ...base, measures: [{ kind: 'capital', loan_id: S.loan.id, target: '创业借款', due_on: '2025-05-01' }] }), 404, /创业借款不存在/);
  assert.equal(e.field, 'measures[0].loan_id');
  await refused(branch.post('/api/v1/help-plans', { ...base, bogus: 1 }), 400, /bogus/);
  assert.equal((await refused(branch.post('/api/v1/help-plans', { ...base, member_id: S.m[3] }), 409, /不在困难党员台账中/)).field, 'member_id');
  await refused(auditor.post('/api/v1/help-plans', base), 403, /只能查看/, 'forbidden');
  await refused(other.post('/api/v1/help-plans', base), 404, /党员不存在/, 'not_found');

  const p = await ok(branch.post('/api/v1/help-plans', base), 201);
  assert.equal(p.member_name, '赵一民');
  assert.equal(p.year, 2025);
  assert.equal(p.category, 'capacity');
  assert.equal(p.measures, 3);
  assert.equal(p.done, 0);
  assert.equal(p.items.length, 3);
  assert.equal(p.items[0].kind_label, '发展项目');
  assert.equal(p.items[0].project_kind_label, '宜农则农');
  assert.equal(p.items[0].status, 'todo');
  assert.equal(p.items[0].status_label, '未开始');
  assert.equal(p.next_due_on, '2025-04-30');
  S.p = p;
  assert.equal((await refused(town.post('/api/v1/help-plans', base), 409, /2025年帮扶计划已制定/)).field, 'year');
  await refused(other.get(`/api/v1/help-plans/${p.id}`), 404, /帮扶计划不存在/);
  assert.equal((await ok(auditor.get(`/api/v1/help-plans/${p.id}`))).id, p.id);
});

test('start-up capital links the member\'s own start-up loan', async () => {
  const p = await ok(branch.post('/api/v1/help-plans', { member_id: S.loan.member_id, goal: '开办农家乐', measures: [{ kind: 'capital', loan_id: S.loan.id, target: '创业借款用于装修', due_on: '2025-04-15' }, { kind: 'project', project_kind: 'commerce', target: '农家乐开业', due_on: '2025-08-01' }] }), 201);
  assert.equal(p.year, 2025, 'this year by default');
  assert.equal(p.items[0].loan_id, S.loan.id);
  assert.equal(p.items[0].loan_principal, S.loan.principal_fen);
  assert.equal(p.items[0].loan_status, 'active');
  const x = await refused(branch.post(`/api/v1/help-plans/${p.id}/measures`, { kind: 'job', loan_id: S.loan.id, target: '推荐就业', due_on: '2025-05-01' }), 400, /只有创业资金措施可关联借款/);
  assert.equal(x.field, 'loan_id');
  S.loanPlan = p.id;
});

test('progress at the field: status, note, done day; a stale version is refused', async () => {
  const m = S.p.items[1];
  let p = await ok(branch.patch(`/api/v1/plan-measures/${m.id}`, { status: 'doing', version: m.version }));
  const mm = p.items.find((x) => x.id === m.id);
  assert.equal(mm.status, 'doing');
  assert.equal(mm.version, m.version + 1);
  await refused(branch.patch(`/api/v1/plan-measures/${m.id}`, { status: 'done', version: m.version }), 409, /已被他人更新/, 'conflict');
  assert.equal((await refused(branch.patch(`/api/v1/plan-measures/${m.id}`, { status: 'done' }), 400, /版本/)).field, 'version');
  assert.equal((await refused(branch.patch(`/api/v1/plan-measures/${m.id}`, { status: 'dropped', version: mm.version }), 400, /进展说明/)).field, 'note');
  assert.equal((await refused(branch.patch(`/api/v1/plan-measures/${m.id}`, { due_on: '2024-12-01', version: mm.version }), 400, /完成期限/)).field, 'due_on');
  assert.equal((await refused(branch.patch(`/api/v1/plan-measures/${m.id}`, { status: 'finished', version: mm.version }), 400, /进展应为/)).field, 'status');
  await refused(other.patch(`/api/v1/plan-measures/${m.id}`, { status: 'done', version: mm.version }), 404, /帮扶措施不存在/);
  await refused(auditor.patch(`/api/v1/plan-measures/${m.id}`, { status: 'done', version: mm.version }), 403);
  p = await ok(branch.patch(`/api/v1/plan-measures/${m.id}`, { status: 'done', note: '已参加县农业局养殖班', version: mm.version }));
  const done = p.items.find((x) => x.id === m.id);
  assert.equal(done.done_on, '2025-03-10');
  assert.equal(done.note, '已参加县农业局养殖班');
  assert.equal(p.done, 1);
  // a progress note, dated, not in the future
  assert.equal((await refused(branch.post(`/api/v1/plan-measures/${S.p.items[0].id}/notes`, { text: '' }), 400, /进展记录/)).field, 'text');
  assert.equal((await refused(branch.post(`/api/v1/plan-measures/${S.p.items[0].id}/notes`, { noted_on: '2025-03-11', text: '鸡舍' }), 400, /晚于今天/)).field, 'noted_on');
  p = await ok(branch.post(`/api/v1/plan-measures/${S.p.items[0].id}/notes`, { noted_on: '2025-03-08', text: '鸡舍已搭好' }), 201);
  assert.equal(p.items[0].notes[0].text, '鸡舍已搭好');
  assert.equal(p.items[0].notes[0].noted_on, '2025-03-08');
  // the goal, versioned too
  await refused(branch.patch(`/api/v1/help-plans/${S.p.id}`, { goal: '新目标', version: S.p.version + 5 }), 409, /已被他人更新/);
  p = await ok(branch.patch(`/api/v1/help-plans/${S.p.id}`, { goal: '年内发展养殖，人均增收4000元', version: S.p.version }));
  assert.equal(p.goal, '年内发展养殖，人均增收4000元');
  // a measure added later
  p = await ok(town.post(`/api/v1/help-plans/${S.p.id}/measures`, { kind: 'job', target: '推荐家属到镇工业园务工', due_on: '2025-05-31' }), 201);
  assert.equal(p.measures, 4);
  S.p = p;
});

test('overdue measures: on the branch\'s to-do list with their due days, in the list filter', async () => {
  await stage.day('2025-07-05');
  const todo = await ok(branch.get('/api/v1/todo'));
  const items = todo.items.filter((t) => t.kind === 'plan');
  // project (06-30) and job (05-31) of 赵一民, capital (04-15) of the loan's member
  assert.equal(todo.counts.plans, 3);
  assert.equal(items.length, 3);
  assert.ok(items.every((t) => t.overdue && t.due_on && t.plan_id && t.member_id));
  assert.ok(items.some((t) => t.due_on === '2025-05-31' && /赵一民/.test(t.title)));
  assert.equal((await ok(branch.get('/api/v1/todo?kind=plan'))).items.length, 3);
  const l = await ok(town.get('/api/v1/help-plans?overdue=1'));
  assert.equal(l.total, 2);
  assert.equal((await ok(other.get('/api/v1/help-plans?overdue=1'))).total, 0);
  const p = await ok(branch.get(`/api/v1/help-plans/${S.p.id}`));
  assert.equal(p.overdue, 2);
  assert.ok(p.items.find((x) => x.kind === 'job').overdue);
  S.p = p;
});

test('the June review of the roll notes the plan\'s progress and next steps', async () => {
  const rr = await ok(dept.post('/api/v1/roll-reviews', { kind: 'june', year: 2025, finish_on: '2025-07-31' }), 201);
  const body = { review_id: rr.id, progress: '养殖已起步，培训已完成', next_steps: '下半年对接电商销售' };
  assert.equal((await refused(branch.post(`/api/v1/help-plans/${S.p.id}/reviews`, { ...body, progress: '' }), 400, /复核进展/)).field, 'progress');
  assert.equal((await refused(branch.post(`/api/v1/help-plans/${S.p.id}/reviews`, { ...body, review_id: 999999 }), 404, /台账动态调整不存在/)).field, 'review_id');
  await refused(other.post(`/api/v1/help-plans/${S.p.id}/reviews`, body), 404);
  const p = await ok(branch.post(`/api/v1/help-plans/${S.p.id}/reviews`, body), 201);
  assert.equal(p.reviews.length, 1);
  assert.equal(p.reviews[0].review_kind, 'june');
  assert.equal(p.reviews[0].done, 1);
  assert.equal(p.reviews[0].total, 4);
  assert.equal(p.reviews[0].next_steps, body.next_steps);
  assert.equal((await refused(branch.post(`/api/v1/help-plans/${S.p.id}/reviews`, body), 409, /已记录/)).field, 'review_id');
  await ok(dept.post(`/api/v1/roll-reviews/${rr.id}/close`, {}));
  const other2026 = await ok(dept.post('/api/v1/roll-reviews', { kind: 'november', year: 2026, finish_on: '2026-11-30' }), 201);
  assert.match((await refused(branch.post(`/api/v1/help-plans/${S.loanPlan}/reviews`, { ...body, review_id: rr.id }), 409)).message, /已结束/);
  assert.match((await refused(branch.post(`/api/v1/help-plans/${S.loanPlan}/reviews`, { ...body, review_id: other2026.id }), 409)).message, /不是2025年/);
});

test('the organisation\'s view: with and without a plan, measures done of all, overdue', async () => {
  const c = await ok(town.get('/api/v1/help-plan-coverage?year=2025&size=50'));
  assert.equal(c.year, 2025);
  const mine = c.orgs.find((o) => o.org_id === S.org.branch.id);
  assert.ok(mine.on_roll >= 4);
  assert.equal(mine.with_plan, 2);
  assert.equal(mine.measures, 6);
  assert.equal(mine.done, 1);
  assert.equal(mine.overdue, 3);
  assert.equal(c.with_plan, 2);
  assert.equal(c.without_plan, c.on_roll - 2);
  assert.ok(c.items.some((g) => g.member_id === S.m[1]));
  assert.ok(!c.items.some((g) => g.member_id === S.m[0]));
  const o = await ok(other.get('/api/v1/help-plan-coverage?year=2025'));
  assert.equal(o.with_plan, 0);
  await refused(other.get(`/api/v1/help-plan-coverage?org=${S.org.branch.id}`), 404);
});

test('a member\'s plans and the hint for a 低保/五保 referral', async () => {
  const a = await ok(branch.get(`/api/v1/members/${S.m[0]}/help-plans`));
  assert.equal(a.items.length, 1);
  assert.equal(a.items[0].id, S.p.id);
  assert.equal(a.security_suggested, false);
  assert.equal(a.on_roll, true);
  const old = await ok(branch.get(`/api/v1/members/${S.m[2]}/help-plans`));
  assert.equal(old.items.length, 0);
  assert.equal(old.security_suggested, true, '75 years old, no income');
  assert.equal(old.age, 75);
  const p = await ok(branch.post('/api/v1/help-plans', { member_id: S.m[2], goal: '兜底保障', measures: [{ kind: 'security', security_kind: 'wubao', target: '申请纳入五保供养', due_on: '2025-09-30' }] }), 201);
  assert.equal(p.items[0].security_kind_label, '纳入五保');
  assert.equal(p.category, 'care');
  await refused(other.get(`/api/v1/members/${S.m[0]}/help-plans`), 404);
  assert.equal((await ok(branch.get(`/api/v1/members/${S.m[3]}/help-plans`))).on_roll, false);
});

test('the plans as XLSX with the filters and scope of the list', async () => {
  const get = async (c, q) => {
    const r = await fetch(`${c.base}/api/v1/help-plans.xlsx?${q}`, { headers: { Cookie: c.cookie } });
    assert.equal(r.status, 200);
    return readXlsx(Buffer.from(await r.arrayBuffer()));
  };
  const rows = await get(town, 'year=2025');
  const head = rows.findIndex((r) => r[0] === '编号');
  assert.ok(head >= 0, JSON.stringify(rows.slice(0, 3)));
  assert.deepEqual(rows[head].slice(0, 4), ['编号', '年度', '帮扶对象', '所在党组织']);
  const body = rows.slice(head + 1).filter((r) => r[0]);
  assert.equal(body.length, 3);
  assert.ok(body.some((r) => r[2] === '赵一民' && String(r[6]) === '4' && String(r[7]) === '1'));
  assert.equal((await get(other, '')).slice(head + 1).filter((r) => r[0]).length, 0, 'another branch: no rows');
  await refused(town.get('/api/v1/help-plans?year=abc'), 400);
});

test('every write is audited', async () => {
  const items = (await ok(admin.get('/api/v1/audit?size=200'))).items;
  const n = (a) => items.filter((x) => x.action === a && x.entity === 'help_plan').length;
  assert.equal(n('plan_create'), 3);
  assert.equal(n('plan_measure_add'), 7);
  assert.equal(n('plan_measure_update'), 2);
  assert.equal(n('plan_note_add'), 1);
  assert.equal(n('plan_update'), 1);
  assert.equal(n('plan_review'), 1);
});

// roll_review.test.mjs - the June and November reviews of the hardship roll
// (台账动态调整, issue #11) over HTTP against a real `bangfu serve` (SQLite,
// or PostgreSQL with BANGFU_TEST_PG), the server's day moved by
// BANGFU_TODAY: the department opens a review (the roll of its subtree
// snapshotted), a branch decides each of its entries (continues, changes
// tier with a reason, exits, deceased, moved), errors name the field in
// Chinese, the committee returns one and confirms its branch's, every change
// is on the entry's history with who, why and the review's id, progress per
// organisation, roles and scope, the to-do items with the finish date, and
// the November review's re-registration flag after its finish date.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};

const facts = { category: 'relief', tier: 'moderate', causes: ['illness'], household_size: 2, income_fen: 250000 };

async function member(org, k) {
  return (await ok(admin.post('/api/v1/members', { name: `调整${k}`, ethnicity: '汉族', joined_on: '1975-07-01', id_number: idNumber('330702', `1950040${k % 10}`, `${220 + k}`), phone: `1381234${String(5600 + k)}`, household_type: '农业', household_size: 2, address: '城关镇东风村2组5号', education: '小学', member_type: '普通党员', org_id: org.id }), 201)).id;
}

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2027-06-01' }));
  S.org = org;
  // six members of 东风村党支部 and one of T02V01 on the roll (the
  // department's own registrations are on the roll at once)
  S.members = [];
  for (let k = 1; k <= 6; k++) S.members.push(await member(org.branch, k));
  S.otherMember = await member(org.other, 7);
  S.entries = [];
  for (const m of S.members) S.entries.push((await ok(dept.post('/api/v1/roll', { ...facts, member_id: m, since_on: '2026-03-01' }), 201)).id);
  S.otherEntry = (await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.otherMember, since_on: '2026-03-01' }), 201)).id;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

const itemOf = (items, entry) => items.find((x) => x.entry_id === entry);

describe('the June review', () => {
  test('only the department opens it; bad input names the field', async () => {
    await refused(town.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-06-30' }), 403, /组织部/, 'forbidden');
    await refused(branch.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-06-30' }), 403, null, 'forbidden');
    await refused(auditor.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-06-30' }), 403, null, 'forbidden');
    assert.equal((await refused(dept.post('/api/v1/roll-reviews', { finish_on: '2027-06-30' }), 400, /调整批次/, 'missing_field')).field, 'kind');
    assert.equal((await refused(dept.post('/api/v1/roll-reviews', { kind: 'july', finish_on: '2027-06-30' }), 400, /调整批次/, 'invalid_field')).field, 'kind');
    assert.equal((await refused(dept.post('/api/v1/roll-reviews', { kind: 'june' }), 400, /完成期限/, 'missing_field')).field, 'finish_on');
    assert.equal((await refused(dept.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-05-31' }), 400, /完成期限不能早于今天/)).field, 'finish_on');
    assert.equal((await refused(dept.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-06-31' }), 400, /完成期限/)).field, 'finish_on');
  });

  test('opening snapshots every entry on the roll of the district', async () => {
    const before = (await ok(dept.get('/api/v1/roll?size=1'))).total;
    const v = await ok(dept.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-06-30' }), 201);
    assert.equal(v.title, '2027 年 6 月台账动态调整');
    assert.equal(v.year, 2027);
    assert.equal(v.status, 'open');
    assert.equal(v.items, before);
    assert.equal(v.open, before);
    S.june = v;
    await refused(dept.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-06-30' }), 409, /已经开启/, 'conflict');
    // seen from below, items by scope
    assert.ok((await ok(branch.get('/api/v1/roll-reviews'))).items.some((x) => x.id === v.id));
    const mine = await ok(branch.get(`/api/v1/roll-reviews/${v.id}/items?size=100`));
    assert.equal(mine.total, 6);
    assert.ok(mine.items.every((x) => x.org_id === S.org.branch.id && x.status === 'open'));
    const theirs = await ok(other.get(`/api/v1/roll-reviews/${v.id}/items`));
    assert.deepEqual(theirs.items.map((x) => x.entry_id), [S.otherEntry]);
    S.items = mine.items;
    await refused(other.get(`/api/v1/roll-review-items/${itemOf(S.items, S.entries[0]).id}`), 404, /调整事项不存在/, 'not_found');
    await refused(other.post(`/api/v1/roll-review-items/${itemOf(S.items, S.entries[0]).id}`, { decision: 'continue' }), 404, null, 'not_found');
  });

  test('the to-do list: the branch has its entries to review, due on the finish date', async () => {
    const todo = await ok(branch.get('/api/v1/todo'));
    const t = todo.items.find((x) => x.kind === 'roll_review');
    assert.ok(t, 'a roll_review item');
    assert.equal(t.roll_review_id, S.june.id);
    assert.equal(t.due_on, '2027-06-30');
    assert.match(t.title, /6 名困难党员待逐一调整/);
    assert.equal(todo.counts.roll_review, 1);
  });

  test('the branch decides each entry; errors name the field', async () => {
    const id = (k) => itemOf(S.items, S.entries[k]).id;
    const post = (k, body) => branch.post(`/api/v1/roll-review-items/${id(k)}`, body);
    assert.equal((await refused(post(0, {}), 400, /调整结果/, 'missing_field')).field, 'decision');
    assert.equal((await refused(post(0, { decision: 'stay' }), 400, /调整结果/, 'invalid_field')).field, 'decision');
    assert.equal((await refused(post(1, { decision: 'change', tier: 'severe' }), 400, /原因/, 'missing_field')).field, 'reason');
    assert.equal((await refused(post(1, { decision: 'change', tier: 'moderate', reason: '无变化' }), 400, /新的类别或档次/)).field, 'tier');
    assert.equal((await refused(post(1, { decision: 'change', tier: 'awful', reason: '病情加重' }), 400, /档次/)).field, 'tier');
    assert.equal((await refused(post(2, { decision: 'exit' }), 400, /脱困原因/, 'missing_field')).field, 'exit_reason');
    assert.equal((await refused(post(2, { decision: 'exit', exit_reason: 'work', exit_on: '2027-06-02' }), 400, /退出日期不能晚于今天/)).field, 'exit_on');
    assert.equal((await refused(post(2, { decision: 'exit', exit_reason: 'other' }), 400, /其他/)).field, 'reason');
    await refused(post(0, { decision: 'continue', bogus: 1 }), 400, /bogus/);
    await refused(auditor.post(`/api/v1/roll-review-items/${id(0)}`, { decision: 'continue' }), 403, null, 'forbidden');

    const a = await ok(post(0, { decision: 'continue' }));
    assert.equal(a.status, 'decided');
    assert.equal(a.decision_label, '继续保留');
    const b = await ok(post(1, { decision: 'change', tier: 'severe', reason: '病情加重，丧失劳动能力', version: itemOf(S.items, S.entries[1]).version }));
    assert.equal(b.new_tier, 'severe');
    assert.equal(b.new_category, null);
    await refused(post(1, { decision: 'continue', version: 1 }), 409, /已被他人更新/, 'conflict');
    await ok(post(2, { decision: 'exit', exit_reason: 'income', exit_on: '2027-05-31', reason: '子女就业，家庭收入超过标准' }));
    await ok(post(3, { decision: 'deceased', exit_on: '2027-05-20' }));
    await ok(post(4, { decision: 'moved' }));
    await ok(post(5, { decision: 'continue' }));
    const v = await ok(dept.get(`/api/v1/roll-reviews/${S.june.id}`));
    assert.equal(v.decided, 6);
  });

  test('the committee returns one with a reason, confirms the rest of its branch', async () => {
    const f = itemOf(S.items, S.entries[5]).id;
    await refused(branch.post(`/api/v1/roll-review-items/${f}/return`, { reason: '再核实' }), 403, null, 'forbidden');
    assert.equal((await refused(town.post(`/api/v1/roll-review-items/${f}/return`, {}), 400, /退回的原因/, 'missing_field')).field, 'reason');
    const r = await ok(town.post(`/api/v1/roll-review-items/${f}/return`, { reason: '收入情况请再核实' }));
    assert.equal(r.status, 'open');
    assert.equal(r.returned_reason, '收入情况请再核实');
    // the committee's to-do list
    const t = (await ok(town.get('/api/v1/todo'))).items.find((x) => x.kind === 'roll_review');
    assert.match(t.title, /5 名困难党员的调整待确认/);

    await refused(branch.post(`/api/v1/roll-reviews/${S.june.id}/confirm`, { org_id: S.org.branch.id }), 403, /党\(工\)委或组织部/, 'forbidden');
    await refused(town.post(`/api/v1/roll-reviews/${S.june.id}/confirm`, { org_id: S.org.other.id }), 404, null, 'not_found');
    const c = await ok(town.post(`/api/v1/roll-reviews/${S.june.id}/confirm`, { org_id: S.org.branch.id }));
    assert.equal(c.confirmed, 5);
    await refused(town.post(`/api/v1/roll-reviews/${S.june.id}/confirm`, { org_id: S.org.branch.id }), 409, /没有已填报/, 'conflict');
    const again = itemOf(S.items, S.entries[0]).id;
    await refused(branch.post(`/api/v1/roll-review-items/${again}`, { decision: 'continue' }), 409, /已经确认/, 'conflict');
  });

  test('each change is on the entry: history with who, why and the review', async () => {
    const [a, b, c, d, e] = await Promise.all(S.entries.slice(0, 5).map((x) => ok(dept.get(`/api/v1/roll/${x}`))));
    assert.equal(a.status, 'active');
    assert.equal(b.tier, 'severe');
    assert.equal(c.status, 'exited');
    assert.equal(c.until_on, '2027-05-31');
    assert.equal(c.exit_reason.code, 'income');
    assert.equal(d.exit_reason.code, 'deceased');
    assert.equal(d.until_on, '2027-05-20');
    assert.equal(e.exit_reason.code, 'moved');
    const hist = async (x) => (await ok(dept.get(`/api/v1/roll/${x}`))).history;
    const hb = (await hist(S.entries[1])).filter((h) => h.review_id === S.june.id);
    assert.equal(hb.length, 1);
    assert.equal(hb[0].field, 'tier');
    assert.equal(hb[0].old_value, 'moderate');
    assert.equal(hb[0].new_value, 'severe');
    assert.equal(hb[0].reason, '病情加重，丧失劳动能力');
    assert.equal(hb[0].username, 'town01');
    const ha = (await hist(S.entries[0])).filter((h) => h.review_id === S.june.id);
    assert.equal(ha.length, 1);
    assert.equal(ha[0].action, 'review');
    const hc = (await hist(S.entries[2])).filter((h) => h.review_id === S.june.id);
    assert.equal(hc[0].action, 'exit');
    assert.equal(hc[0].reason, '子女就业，家庭收入超过标准');
    // the audit log names the actions in words
    const audit = (await ok(admin.get('/api/v1/audit?size=50'))).items;
    assert.ok(audit.some((x) => x.action === 'roll_review_confirm'));
    assert.ok(audit.some((x) => x.action === 'roll_review_decide'));
  });

  test('progress per organisation: the department sees what is left', async () => {
    const p = (await ok(dept.get(`/api/v1/roll-reviews/${S.june.id}/progress`))).items;
    const t01 = p.find((x) => x.org_id === S.org.town.id);
    assert.ok(t01.confirmed >= 5 && t01.open >= 1);
    assert.equal(t01.late, 0);
    const down = (await ok(dept.get(`/api/v1/roll-reviews/${S.june.id}/progress?org=${S.org.town.id}`))).items;
    const br = down.find((x) => x.org_id === S.org.branch.id);
    assert.deepEqual([br.total, br.open, br.decided, br.confirmed], [6, 1, 0, 5]);
    await refused(town.get(`/api/v1/roll-reviews/${S.june.id}/progress?org=${S.org.other.id}`), 404, null, 'not_found');
  });

  test('after the finish date the rest is late; only the department closes', async () => {
    await stage.day('2027-07-02');
    ({ dept, town, branch } = await relogin());
    const p = (await ok(dept.get(`/api/v1/roll-reviews/${S.june.id}/progress?org=${S.org.town.id}`))).items;
    assert.equal(p.find((x) => x.org_id === S.org.branch.id).late, 1);
    const t = (await ok(branch.get('/api/v1/todo'))).items.find((x) => x.kind === 'roll_review');
    assert.equal(t.overdue, true);
    await refused(town.post(`/api/v1/roll-reviews/${S.june.id}/close`, {}), 403, null, 'forbidden');
    const v = await ok(dept.post(`/api/v1/roll-reviews/${S.june.id}/close`, {}));
    assert.equal(v.status, 'closed');
    await refused(branch.post(`/api/v1/roll-review-items/${itemOf(S.items, S.entries[5]).id}`, { decision: 'continue' }), 409, /已经结束/, 'conflict');
  });
});

async function relogin() {
  return { dept: await stage.login('dept'), town: await stage.login('town01'), branch: await stage.login('branch0101') };
}

describe('the November review: the yearly re-registration', () => {
  test('entries not confirmed by the finish date stay flagged', async () => {
    await stage.day('2027-11-01');
    ({ dept, town, branch } = await relogin());
    const v = await ok(dept.post('/api/v1/roll-reviews', { kind: 'november', finish_on: '2027-11-30' }), 201);
    assert.equal(v.title, '2027 年 11 月台账动态调整');
    const items = (await ok(branch.get(`/api/v1/roll-reviews/${v.id}/items?size=100`))).items;
    // on the roll now: entries 0, 1 and 5 of the branch
    assert.deepEqual(items.map((x) => x.entry_id).sort((a, b) => a - b), [S.entries[0], S.entries[1], S.entries[5]].sort((a, b) => a - b));
    const a = itemOf(items, S.entries[0]);
    await ok(branch.post(`/api/v1/roll-review-items/${a.id}`, { decision: 'continue' }));
    const c = await ok(town.post(`/api/v1/roll-reviews/${v.id}/confirm`, { item_ids: [a.id] }));
    assert.equal(c.confirmed, 1);
    // before the finish date nothing is flagged
    assert.equal((await ok(dept.get('/api/v1/roll?flagged=1'))).total, 0);

    await stage.day('2027-12-01');
    ({ dept, town, branch } = await relogin());
    const flagged = await ok(dept.get('/api/v1/roll?flagged=1&size=100'));
    const ids = flagged.items.map((x) => x.id);
    assert.ok(ids.includes(S.entries[1]) && ids.includes(S.entries[5]) && ids.includes(S.otherEntry));
    assert.ok(!ids.includes(S.entries[0]), 'confirmed: not flagged');
    assert.equal(flagged.items[0].review_flag.review_id, v.id);
    assert.equal((await ok(dept.get(`/api/v1/roll/${S.entries[0]}`))).review_flag, null);
    const e1 = await ok(branch.get(`/api/v1/roll/${S.entries[1]}`));
    assert.equal(e1.review_flag.title, '2027 年 11 月台账动态调整');
    await refused(dept.get('/api/v1/roll?flagged=2'), 400, null, 'invalid_field');
    // the workbook's 登记审核 column says the same
    const r = await fetch(`${dept.base}/api/v1/roll.xlsx?size=200`, { headers: { Cookie: dept.cookie } });
    assert.equal(r.status, 200);
    const file = join(db.dir, 'roll-flag.xlsx');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    const rows = [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((m) => [...m[1].matchAll(/<c r="([A-Z]+)\d+"[^>]*?(?:\/>|>([\s\S]*?)<\/c>)/g)].reduce((o, c) => {
      const t = /<t[^>]*>([\s\S]*?)<\/t>/.exec(c[2] || '') || /<v>(.*?)<\/v>/.exec(c[2] || '');
      o[c[1]] = t ? t[1] : '';
      return o;
    }, {}));
    const colOf = (h) => Object.keys(rows[1]).find((k) => rows[1][k] === h);
    const [flagCol, idCol] = [colOf('登记审核'), colOf('台账编号')];
    assert.ok(flagCol && idCol, Object.values(rows[1]).join(','));
    const flagOf = (id) => rows.slice(2).find((x) => Number(x[idCol]) === id)?.[flagCol] ?? '';
    assert.equal(flagOf(S.entries[1]), '未通过登记审核');
    assert.equal(flagOf(S.otherEntry), '未通过登记审核');
    assert.equal(flagOf(S.entries[0]), '', 'confirmed: blank');
    assert.ok(rows.slice(2).some((x) => Number(x[idCol]) === S.entries[0]));
    // confirmed late: the flag goes
    const b = itemOf(items, S.entries[1]);
    await ok(branch.post(`/api/v1/roll-review-items/${b.id}`, { decision: 'continue' }));
    await ok(town.post(`/api/v1/roll-reviews/${v.id}/confirm`, { item_ids: [b.id] }));
    assert.equal((await ok(dept.get(`/api/v1/roll/${S.entries[1]}`))).review_flag, null);
  });
});

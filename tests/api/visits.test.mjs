// visits.test.mjs - visits (走访慰问) and festival rounds (issue 12) over
// HTTP against a real `bangfu serve` on the demo district (SQLite, or
// PostgreSQL when BANGFU_TEST_PG is set): the department opens a round and
// every member on the roll or old by the round's rule gets one task for
// their branch; opening again is refused and a refresh after a member
// became due adds only that member (the unique key); the branch sees its
// tasks only and another committee's branch none; recording a visit with
// money posts a visit gift on the fund, so the statement shows it; the
// progress per organisation moves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { initDb, Stage, sanitizerEnv, cast, ok, refused, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, auditor, other;
let orgs, branchOrg;
const S = {};

function sql(text) {
  if (process.env.BANGFU_TEST_PG) execFileSync('psql', [db.url, '-q', '-c', text], { stdio: 'pipe' });
  else execFileSync('sqlite3', [db.url.replace(/^sqlite:/, ''), text], { stdio: 'pipe' });
}
function today() { return new Date().toISOString().slice(0, 10); }
function later(days) { return new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10); }

before(async () => {
  db = initDb({ members: 300 });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, dept, town, branch, auditor } = await cast(stage));
  orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  branchOrg = orgs.find((o) => o.code === 'T01V01');
  const t02v01 = orgs.find((o) => o.code === 'T02V01');
  await ok(admin.post('/api/v1/users', { username: 'branch0201', display_name: '二镇支部', role: 'branch', org_id: t02v01.id, password: DEMO_PASSWORD }), 201);
  other = await stage.login('branch0201');
  // a known set of old members: nobody is old but two members of T01V01
  // (one by party age, one by age); no roll periods in this district
  sql("UPDATE members SET joined_on = '2000-01-01', birth_date = '1980-01-01'");
  const mine = (await ok(branch.get("/api/v1/members?size=100"))).items;
  assert.ok(mine.length >= 3);
  S.m = mine.map((m) => m.id);
  sql(`UPDATE members SET joined_on = '1970-05-01' WHERE id = ${S.m[0]}`);
  sql(`UPDATE members SET birth_date = '1940-03-03' WHERE id = ${S.m[1]}`);
  sql('DELETE FROM roll_entries');
});

after(async () => {
  if (stage) await stage.stop();
  if (db) db.cleanup();
});

test('the department opens a festival round: one task per member due a visit', async () => {
  await refused(branch.post('/api/v1/visit-rounds', { year: 2027, festival: 'spring', due_on: later(30) }), 403);
  await refused(dept.post('/api/v1/visit-rounds', { year: 2027, due_on: later(30) }), 400, /节日/);
  await refused(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'easter', due_on: later(30) }), 400, /节日/);
  await refused(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'spring', due_on: '2020-01-01' }), 400, /完成期限/);
  const r = await ok(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'spring', due_on: later(30), gift_roll_fen: 50000, gift_old_fen: 30000 }), 201);
  assert.equal(r.title, '2027年春节走访慰问');
  assert.equal(r.old_party_years, 50);
  assert.equal(r.old_age, 80);
  assert.equal(r.added, 2);
  S.r = r;
  const tasks = (await ok(dept.get(`/api/v1/visits?round=${r.id}`))).items;
  assert.deepEqual(tasks.map((t) => t.member_id).sort((a, b) => a - b), [S.m[0], S.m[1]].sort((a, b) => a - b));
  for (const t of tasks) {
    assert.equal(t.reason, 'old');
    assert.equal(t.std_gift_fen, 30000);
    assert.equal(t.visited_on, null);
    assert.equal(t.due_on, r.due_on);
    assert.equal(t.org_id, branchOrg.id);
  }
  // the same festival of the same year again: refused, nothing doubled
  await refused(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'spring', due_on: later(30) }), 409);
  assert.equal((await ok(dept.get(`/api/v1/visits?round=${r.id}`))).items.length, 2);
});

test('a refresh adds only the members who became due (idempotent)', async () => {
  const again = await ok(dept.post(`/api/v1/visit-rounds/${S.r.id}/refresh`, {}));
  assert.equal(again.added, 0);
  sql(`UPDATE members SET joined_on = '1960-07-01' WHERE id = ${S.m[2]}`);
  const more = await ok(dept.post(`/api/v1/visit-rounds/${S.r.id}/refresh`, {}));
  assert.equal(more.added, 1);
  assert.equal((await ok(dept.post(`/api/v1/visit-rounds/${S.r.id}/refresh`, {}))).added, 0);
  assert.equal((await ok(dept.get(`/api/v1/visits?round=${S.r.id}`))).items.length, 3);
  await refused(town.post(`/api/v1/visit-rounds/${S.r.id}/refresh`, {}), 403);
});

test('scope: the branch sees its tasks, another committee\'s branch none', async () => {
  const mine = (await ok(branch.get(`/api/v1/visits?round=${S.r.id}&pending=1`))).items;
  assert.equal(mine.length, 3);
  assert.ok(mine.every((t) => t.org_name === branchOrg.name));
  assert.equal((await ok(other.get(`/api/v1/visits?round=${S.r.id}`))).items.length, 0);
  await refused(other.get(`/api/v1/visits/${mine[0].id}`), 404);
  await refused(other.post(`/api/v1/visits/${mine[0].id}/record`, { visited_on: today(), visitors: '张三' }), 404);
  // the round itself is seen from below
  assert.ok((await ok(branch.get('/api/v1/visit-rounds'))).items.some((x) => x.id === S.r.id));
  const p = await ok(other.get(`/api/v1/visit-rounds/${S.r.id}/progress`));
  assert.equal(p.total, 0);
});

test('recording a visit with money posts a gift on the fund; progress moves', async () => {
  const before = await ok(dept.get(`/api/v1/visit-rounds/${S.r.id}/progress`));
  assert.equal(before.total, 3);
  assert.equal(before.done, 0);
  const task = (await ok(branch.get(`/api/v1/visits?round=${S.r.id}&member=${S.m[0]}`))).items[0];
  // the branch's fund has money to give
  const f = await ok(dept.post('/api/v1/funds', { org_id: branchOrg.id }));
  await ok(dept.post(`/api/v1/funds/${f.id}/income`, { source: 'finance', amount_fen: 100000, date: today() }), 201);
  await refused(branch.post(`/api/v1/visits/${task.id}/record`, { visitors: '张三' }), 400, /走访日期/);
  await refused(branch.post(`/api/v1/visits/${task.id}/record`, { visited_on: today() }), 400, /走访人员/);
  await refused(auditor.post(`/api/v1/visits/${task.id}/record`, { visited_on: today(), visitors: '张三' }), 403);
  const v = await ok(branch.post(`/api/v1/visits/${task.id}/record`, {
    visited_on: today(), visitors: '张三、李四', found: '身体尚好，生活稳定', gift_fen: 30000, method: 'bank', goods: '米一袋、油一桶', goods_value_fen: 15000,
  }));
  assert.equal(v.visited_on, today());
  assert.equal(v.gift_fen, 30000);
  assert.equal(v.goods_value_fen, 15000);
  assert.ok(v.posting_id > 0);
  await refused(branch.post(`/api/v1/visits/${task.id}/record`, { visited_on: today(), visitors: '张三' }), 409);
  const s = await ok(branch.get(`/api/v1/statements?org=${branchOrg.id}&from=${today()}&to=${today()}`));
  assert.equal(s.expense_total_fen, 30000);
  const after = await ok(dept.get(`/api/v1/visit-rounds/${S.r.id}/progress`));
  assert.equal(after.done, 1);
  assert.equal(after.late, 0);
  assert.deepEqual(after.items.map((i) => [i.org_id, i.total, i.done]), [[branchOrg.id, 3, 1]]);
  // a goods-only visit posts nothing
  const t2 = (await ok(branch.get(`/api/v1/visits?round=${S.r.id}&member=${S.m[1]}`))).items[0];
  const v2 = await ok(branch.post(`/api/v1/visits/${t2.id}/record`, { visited_on: today(), visitors: '王五', goods: '棉被', goods_value_fen: 20000 }));
  assert.equal(v2.posting_id, null);
  // the member's visits
  assert.equal((await ok(branch.get(`/api/v1/visits?member=${S.m[0]}`))).items.length, 1);
});

test('unvisited past the finish date are late', async () => {
  sql(`UPDATE visits SET due_on = '2020-01-01' WHERE round_id = ${S.r.id}`);
  const p = await ok(dept.get(`/api/v1/visit-rounds/${S.r.id}/progress`));
  assert.equal(p.late, 1);
  assert.equal(p.done, 2);
});

test('per-round rules: standard gift by roll category, thresholds as opened', async () => {
  // two members on the roll (relief and capacity), a third with no category
  for (const [i, cat] of [[3, 'relief'], [4, 'capacity'], [5, '']]) {
    sql(`INSERT INTO roll_entries (member_id, org_id, status, source, since_on, category, created_at, updated_at) VALUES (${S.m[i]}, ${branchOrg.id}, 'active', 'survey', '2024-01-01', '${cat}', 0, 0)`);
  }
  await refused(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'july1', due_on: later(20), gift_relief_fen: -1 }), 400, /输血型/);
  await refused(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'july1', due_on: later(20), old_age: 131 }), 400, /年龄/);
  // defaults from care.h when no gift is named; thresholds edited: nobody old by age 200? (0..130) -> 130
  const r = await ok(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'july1', due_on: later(20), old_party_years: 100, old_age: 130 }), 201);
  assert.deepEqual([r.gift_relief_fen, r.gift_care_fen, r.gift_capacity_fen, r.gift_roll_fen, r.gift_old_fen], [50000, 40000, 30000, 30000, 20000]);
  assert.equal(r.added, 3);
  const tasks = (await ok(dept.get(`/api/v1/visits?round=${r.id}`))).items;
  const by = Object.fromEntries(tasks.map((t) => [t.member_id, t]));
  assert.equal(by[S.m[3]].category, 'relief');
  assert.equal(by[S.m[3]].category_label, '输血型');
  assert.equal(by[S.m[3]].std_gift_fen, 50000);
  assert.equal(by[S.m[4]].std_gift_fen, 30000);
  assert.equal(by[S.m[5]].reason, 'roll');
  assert.equal(by[S.m[5]].std_gift_fen, 30000);
  assert.equal(by[S.m[3]].occasion_label, '七一');
  assert.equal(by[S.m[0]], undefined, 'old by party age 50 but the round asks 100');
  // a named roll gift is every category's unless one is named
  const d = await ok(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'double_ninth', due_on: later(20), gift_roll_fen: 10000, gift_care_fen: 12000 }), 201);
  assert.deepEqual([d.gift_relief_fen, d.gift_care_fen, d.gift_capacity_fen], [10000, 12000, 10000]);
  assert.equal((await ok(dept.post(`/api/v1/visit-rounds/${d.id}/refresh`, {}))).added, 0);
  S.july = r;
});

test('a visit outside a round: any member in scope, any occasion, with money or goods', async () => {
  const m = S.m[6];
  await refused(branch.post('/api/v1/visits', { occasion: 'hospital', visited_on: today(), visitors: '张三' }), 400, /走访对象/);
  await refused(branch.post('/api/v1/visits', { member_id: m, visited_on: today(), visitors: '张三' }), 400, /走访事由/);
  await refused(branch.post('/api/v1/visits', { member_id: m, occasion: 'party', visited_on: today(), visitors: '张三' }), 400, /走访事由/);
  await refused(branch.post('/api/v1/visits', { member_id: m, occasion: 'hospital', visitors: '张三' }), 400, /走访日期/);
  await refused(branch.post('/api/v1/visits', { member_id: m, occasion: 'hospital', visited_on: later(2), visitors: '张三' }), 400, /走访日期/);
  await refused(branch.post('/api/v1/visits', { member_id: m, occasion: 'hospital', visited_on: today(), visitors: '张三', goods_value_fen: 100 }), 400, /慰问物品/);
  await refused(other.post('/api/v1/visits', { member_id: m, occasion: 'hospital', visited_on: today(), visitors: '张三' }), 404);
  await refused(auditor.post('/api/v1/visits', { member_id: m, occasion: 'hospital', visited_on: today(), visitors: '张三' }), 403);
  const v = await ok(branch.post('/api/v1/visits', { member_id: m, occasion: 'hospital', visited_on: today(), visitors: '张书记', found: '术后恢复中', gift_fen: 20000, method: 'bank' }), 201);
  assert.equal(v.round_id, null);
  assert.equal(v.occasion_label, '住院');
  assert.ok(v.posting_id > 0);
  const g = await ok(branch.post('/api/v1/visits', { member_id: m, occasion: 'death', visited_on: today(), visitors: '张书记', goods: '花圈', goods_value_fen: 30000 }), 201);
  assert.equal(g.posting_id, null);
  const s = await ok(branch.get(`/api/v1/statements?org=${branchOrg.id}&from=${today()}&to=${today()}`));
  assert.equal(s.expense_total_fen, 50000);
  // filters: occasion, outside rounds, dates, paging
  const hosp = await ok(branch.get('/api/v1/visits?occasion=hospital'));
  assert.deepEqual(hosp.items.map((x) => x.id), [v.id]);
  assert.equal((await ok(branch.get('/api/v1/visits?in_round=2'))).total, 2);
  assert.equal((await ok(branch.get(`/api/v1/visits?in_round=2&from=${later(1)}`))).total, 0);
  await refused(branch.get('/api/v1/visits?occasion=party'), 400, /走访事由/);
  await refused(branch.get('/api/v1/visits?from=2027-02-30'), 400);
  const p1 = await ok(dept.get('/api/v1/visits?size=2'));
  assert.equal(p1.items.length, 2);
  assert.ok(p1.total > 2);
  const byOrg = await ok(town.get(`/api/v1/visits?org=${branchOrg.id}&in_round=2`));
  assert.equal(byOrg.total, 2);
});

test('open visit tasks on the branch\'s to-do list, late ones overdue; the list as XLSX', async () => {
  const todo = await ok(branch.get('/api/v1/todo?kind=visit'));
  const open = (await ok(branch.get('/api/v1/visits?pending=1'))).total;
  assert.equal(todo.counts.visits, open);
  assert.equal(todo.items.length, open);
  assert.ok(todo.items.every((i) => i.kind === 'visit' && i.visit_id > 0));
  const late = todo.items.filter((i) => i.overdue);
  assert.equal(late.length, (await ok(branch.get('/api/v1/visits?late=1'))).total);
  assert.ok(late.length >= 1);
  assert.match(late[0].title, /2027年春节走访慰问待走访/);
  const x = await branch.get('/api/v1/visits.xlsx?occasion=hospital');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
});

test('printable: a visit\'s record sheet and a round\'s list per organisation (PDF)', async () => {
  const v = (await ok(branch.get('/api/v1/visits?in_round=2&occasion=hospital'))).items[0]
  const s = await branch.get(`/api/v1/visits/${v.id}/sheet`)
  assert.equal(s.status, 200)
  assert.match(s.headers.get('content-type'), /application\/pdf/)
  assert.ok(s.text.startsWith('%PDF-'))
  assert.match(s.headers.get('content-disposition'), /filename\*=UTF-8''/)
  // a task not yet done prints blank to fill by hand
  const t = (await ok(branch.get('/api/v1/visits?pending=1&size=1'))).items[0]
  assert.equal((await branch.get(`/api/v1/visits/${t.id}/sheet`)).status, 200)
  await refused(other.get(`/api/v1/visits/${v.id}/sheet`), 404)
  const l = await branch.get(`/api/v1/visit-rounds/${S.r.id}/list`)
  assert.equal(l.status, 200)
  assert.ok(l.text.startsWith('%PDF-'))
  assert.equal((await town.get(`/api/v1/visit-rounds/${S.r.id}/list?org=${branchOrg.id}`)).status, 200)
  await refused(other.get(`/api/v1/visit-rounds/${S.r.id}/list?org=${branchOrg.id}`), 404)
  await refused(branch.get('/api/v1/visit-rounds/999999/list'), 404)
})

test('a visit\'s photos and papers: uploaded, listed, read back, in scope', async () => {
  const v = (await ok(branch.get('/api/v1/visits?in_round=2&occasion=hospital'))).items[0]
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')
  const put = async (c, id, body, type = 'image/png', name = encodeURIComponent('走访照片.png')) => {
    const r = await fetch(`${c.base}/api/v1/visits/${id}/attachments`, {
      method: 'POST', body, headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': type, 'X-Filename': name },
    })
    const text = await r.text()
    let json = null
    try { json = JSON.parse(text) } catch { json = null }
    return { status: r.status, json, text, headers: r.headers }
  }
  await refused(put(branch, v.id, Buffer.from('hello'), 'text/plain'), 400, /PDF、JPG 或 PNG/)
  await refused(put(branch, v.id, Buffer.from('not a png')), 400)
  await refused(put(other, v.id, png), 404)
  await refused(put(auditor, v.id, png), 403)
  const f = await ok(put(branch, v.id, png), 201)
  assert.equal(f.name, '走访照片.png')
  assert.equal(f.mime, 'image/png')
  const list = await ok(town.get(`/api/v1/visits/${v.id}/attachments`))
  assert.deepEqual(list.items.map((x) => x.id), [f.id])
  await refused(other.get(`/api/v1/visits/${v.id}/attachments`), 404)
  const back = await branch.get(`/api/v1/visit-attachments/${f.id}`)
  assert.equal(back.status, 200)
  assert.equal(back.headers.get('content-type'), 'image/png')
  await refused(other.get(`/api/v1/visit-attachments/${f.id}`), 404)
  await refused(branch.get('/api/v1/visit-attachments/999999'), 404)
})

// verification.test.mjs - the verification campaign (走访核查, issue 11)
// over HTTP against a real `bangfu serve` on the demo district with its
// cases (SQLite, or PostgreSQL when BANGFU_TEST_PG is set): the draw is
// repeated from its seed (the same seed and population give the same
// sample; another seed another), shares per committee (rounded up, at least
// the minimum), roles and scope, assignment to checkers and their to-do
// list, a clean check taking the case's verify step, a finding of fraud
// opening a recovery, the report as PDF and XLSX, and the CLI's redraw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { initDb, Stage, sanitizerEnv, cast, ok, refused, cli, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, auditor, town02;
let orgs, year, paidByCommittee;
const S = {};

// The demo's paid cases of a year all lie under one committee (T01): then the
// campaign's sample is that committee's share.
function prog1Committees(v) { return v.population === S.v.population; }

function sql(text) {
  if (process.env.BANGFU_TEST_PG) execFileSync('psql', [db.url, '-q', '-c', text], { stdio: 'pipe' });
  else execFileSync('sqlite3', [db.url.replace(/^sqlite:/, ''), text], { stdio: 'pipe' });
}

function today() { return new Date().toISOString().slice(0, 10); }
function later(days) { return new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10); }

before(async () => {
  db = initDb({ members: 120, cases: true });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, dept, town, branch, auditor } = await cast(stage));
  orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  const t02 = orgs.find((o) => o.code === 'T02');
  await ok(admin.post('/api/v1/users', { username: 'town02', display_name: '二镇核查员', role: 'committee', org_id: t02.id, password: DEMO_PASSWORD }), 201);
  town02 = await stage.login('town02');
  // the year with the most paid cases in the demo
  const cases = [];
  for (let page = 1; ; page++) {
    const j = await ok(admin.get(`/api/v1/cases?size=200&page=${page}`));
    cases.push(...j.items);
    if (j.items.length < 200) break;
  }
  const paid = cases.filter((c) => c.state === 'paid' || c.state === 'verified');
  const years = {};
  for (const c of paid) years[c.year] = (years[c.year] || 0) + 1;
  year = Number(Object.entries(years).sort((a, b) => b[1] - a[1])[0][0]);
  S.cases = new Map(cases.map((c) => [c.id, c]));
});

after(async () => {
  if (stage) await stage.stop();
  if (db) db.cleanup();
});

test('the department draws a sample: a share per committee, rounded up, at least the minimum', async () => {
  // the whole population (100%), so the checks below find every kind of case
  const v = await ok(dept.post('/api/v1/verifications', { year, share_pct: 100, min_per_committee: 1, seed: '00c0ffee', due_on: later(30), title: '走访核查（测试）' }), 201);
  assert.equal(v.seed, '0000000000c0ffee');
  assert.equal(v.status, 'open');
  assert.ok(v.population > 0 && v.sample > 0 && v.sample <= v.population);
  S.v = v;
  const prog = (await ok(dept.get(`/api/v1/verifications/${v.id}/progress`))).items;
  assert.ok(prog.length >= 1);
  for (const p of prog) {
    assert.equal(p.sample, p.population, `${p.org_name}: all of it`);
    const k = orgs.find((o) => o.id === p.org_id);
    assert.equal(k.kind, 'committee', `${p.org_name} is a committee`);
  }
  assert.equal(prog.reduce((s, p) => s + p.population, 0), v.population);
  assert.equal(prog.reduce((s, p) => s + p.sample, 0), v.sample);
  const checks = (await ok(dept.get(`/api/v1/verifications/${v.id}/checks`))).items;
  assert.equal(checks.length, v.sample);
  for (const k of checks) {
    assert.equal(k.status, 'pending');
    assert.equal(k.phone_reached, null);
    assert.ok(k.amount_fen > 0 && k.paid_on, 'a paid case');
  }
  S.checks = checks;
});

test('the same seed over the same population draws the same sample; another seed another', async () => {
  const r = await ok(auditor.get(`/api/v1/verifications/${S.v.id}/redraw`));
  assert.equal(r.same, true);
  assert.equal(r.seed, '0000000000c0ffee');
  assert.match(r.population_sm3, /^[0-9a-f]{64}$/);
  assert.deepEqual(r.drawn.map((p) => p.case_id).sort(), S.checks.map((k) => k.case_id).sort());
  // a second campaign with the same seed: the same cases in the same ranks
  const twin = await ok(dept.post('/api/v1/verifications', { year, share_pct: 100, seed: 'C0FFEE', due_on: later(30) }), 201);
  const tk = (await ok(dept.get(`/api/v1/verifications/${twin.id}/checks`))).items;
  const key = (k) => `${k.committee_id}:${k.draw_rank}:${k.case_id}`;
  assert.deepEqual(tk.map(key).sort(), S.checks.map(key).sort());
  assert.equal(twin.title, `${year} 年度走访核查`);
  // a sample changed behind the product's back no longer matches its draw
  sql(`UPDATE verification_checks SET draw_rank = 99 WHERE id = ${tk[0].id}`);
  assert.equal((await ok(auditor.get(`/api/v1/verifications/${twin.id}/redraw`))).same, false);
  const bad = cli(['verification', 'redraw', String(twin.id), '--db', db.url, '--key', db.key]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /不一致/);
  // another seed: another sample (of the same size)
  const other = await ok(dept.post('/api/v1/verifications', { year, share_pct: 100, seed: '1', due_on: later(30) }), 201);
  const ok2 = (await ok(dept.get(`/api/v1/verifications/${other.id}/checks`))).items;
  assert.equal(ok2.length, tk.length);
  assert.notDeepEqual(ok2.map(key).sort(), tk.map(key).sort());
  // the CLI repeats the draw for an inspector
  const c = cli(['verification', 'redraw', String(S.v.id), '--db', db.url, '--key', db.key]);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /0000000000c0ffee/);
  assert.match(c.stdout, /一致/);
  const h = cli(['verification', 'redraw', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /splitmix64/);
  // a seed that is no hex is refused, naming the field
  const e = await refused(dept.post('/api/v1/verifications', { year, share_pct: 10, seed: 'xyz', due_on: later(30) }), 400, /随机种子/);
  assert.equal(e.field, 'seed');
  await refused(dept.post('/api/v1/verifications', { year, share_pct: 0, due_on: later(30) }), 400, /抽查比例/);
  await refused(dept.post('/api/v1/verifications', { year, share_pct: 10 }), 400, /完成期限/);
  await refused(dept.post('/api/v1/verifications', { year: 2001, share_pct: 10, due_on: later(3) }), 409, /没有已发放的案件/);
});

test('roles: only the department draws and assigns; the auditor and the committees read', async () => {
  for (const c of [town, branch, auditor]) await refused(c.post('/api/v1/verifications', { year, share_pct: 10, due_on: later(30) }), 403);
  for (const c of [town, branch, auditor]) await refused(c.post(`/api/v1/verifications/${S.v.id}/assign`, { checker_id: null, case_ids: [S.checks[0].case_id] }), 403);
  const list = (await ok(town.get('/api/v1/verifications'))).items;
  assert.ok(list.some((v) => v.id === S.v.id), 'a committee sees the campaign from below');
  // a committee sees the checks of its own subtree only
  const t01 = orgs.find((o) => o.code === 'T01');
  const mine = (await ok(town.get(`/api/v1/verifications/${S.v.id}/checks`))).items;
  assert.ok(mine.length > 0 && mine.every((k) => k.committee_id === t01.id));
  // another committee's staff, not assigned, sees none of T01's checks
  await refused(town02.get(`/api/v1/verification-checks/${mine[0].id}`), 404);
  assert.equal((await ok(town02.get(`/api/v1/verifications/${S.v.id}/checks`))).items.length, 0);
  // larger shares and minimums: ceil(share × paid), at least the minimum, at most all
  const all = S.v.population;
  for (const [share, min, want] of [[50, 1, Math.ceil(all / 2)], [10, 3, Math.min(all, Math.max(3, Math.ceil(all / 10)))], [100, 0, all], [1, 0, 1]]) {
    const v = await ok(dept.post('/api/v1/verifications', { year, share_pct: share, min_per_committee: min, seed: 'abc', due_on: later(10) }), 201);
    if (prog1Committees(v)) assert.equal(v.sample, want, `${share}% min ${min}`);
  }
});

test('checkers are assigned; a committee checker records only its own checks and sees them on the to-do list', async () => {
  const t01 = orgs.find((o) => o.code === 'T01');
  const users = (await ok(admin.get('/api/v1/users?size=200'))).items;
  const town02u = users.find((u) => u.username === 'town02');
  const branchU = users.find((u) => u.username === 'branch0101');
  await refused(dept.post(`/api/v1/verifications/${S.v.id}/assign`, { checker_id: branchU.id, org_id: t01.id }), 400, /核查人须为/);
  // cross-checking: T02's staff checks T01's sample
  const a = await ok(dept.post(`/api/v1/verifications/${S.v.id}/assign`, { checker_id: town02u.id, org_id: t01.id }));
  const t01checks = S.checks.filter((k) => k.committee_id === t01.id);
  assert.equal(a.assigned, t01checks.length);
  const seen = (await ok(town02.get(`/api/v1/verifications/${S.v.id}/checks?mine=1`))).items;
  assert.deepEqual(seen.map((k) => k.id).sort(), t01checks.map((k) => k.id).sort());
  const todo = await ok(town02.get('/api/v1/todo'));
  const items = todo.items.filter((t) => t.kind === 'verification');
  assert.equal(items.length, t01checks.length);
  assert.equal(items[0].due_on, S.v.due_on);
  assert.ok(t01checks.some((k) => k.id === items[0].verification_check_id), 'the item names its check');
  assert.match(items[0].title, /走访核查/);
  // the town's own staff (not assigned) may not record
  const k = t01checks.find((x) => x.case_state === 'paid' && x.kind === 'yearly');
  (S.used ||= new Set()).add(k.id);
  const body = { checked_on: today(), phone_reached: true, phone_correct: true, living_as_declared: true, notice_posted: true, money_received: true, finding: 'none' };
  await refused(town.post(`/api/v1/verification-checks/${k.id}`, body), 403, /指派的核查人/);
  await refused(branch.post(`/api/v1/verification-checks/${k.id}`, body), 403);
  // validation names the field in Chinese
  let e = await refused(town02.post(`/api/v1/verification-checks/${k.id}`, { ...body, phone_correct: undefined }), 400, /电话号码是否正确/);
  assert.equal(e.field, 'phone_correct');
  e = await refused(town02.post(`/api/v1/verification-checks/${k.id}`, { ...body, finding: 'irregular' }), 400, /核查情况/);
  assert.equal(e.field, 'notes');
  e = await refused(town02.post(`/api/v1/verification-checks/${k.id}`, { ...body, checked_on: later(2) }), 400, /核查日期/);
  assert.equal(e.field, 'checked_on');
  // a committee checker cannot find fraud (the department opens recoveries)
  await refused(town02.post(`/api/v1/verification-checks/${k.id}`, { ...body, finding: 'fraud', notes: '冒领' }), 403, /组织部/);
  // the member's phone: masked on the check, in full for its checker (audited)
  assert.match(k.phone, /\*/);
  await refused(town.post(`/api/v1/verification-checks/${k.id}/phone`, {}), 403);
  const full = await ok(town02.post(`/api/v1/verification-checks/${k.id}/phone`, {}));
  assert.match(full.phone, /^1\d{10}$/);
  assert.equal(full.phone.slice(-4), k.phone.slice(-4));
  const r = await ok(town02.post(`/api/v1/verification-checks/${k.id}`, body));
  assert.equal(r.status, 'done');
  assert.equal(r.phone_reached, true);
  assert.equal(r.verified, false, 'a committee does not take the department\'s verify step');
  assert.match(r.verify_note, /组织部/);
  const todo2 = await ok(town02.get('/api/v1/todo'));
  assert.equal(todo2.items.filter((t) => t.kind === 'verification').length, t01checks.length - 1);
  // a stale version is refused
  await refused(town02.post(`/api/v1/verification-checks/${k.id}`, { ...body, version: k.version }), 409, /已被他人更新/);
});

test('a clean check recorded by the department takes the case\'s verify step', async () => {
  const k = S.checks.find((x) => x.case_state === 'paid' && x.kind === 'yearly' && !S.used.has(x.id));
  assert.ok(k, 'a paid, unverified case in the sample');
  S.used.add(k.id);
  const r = await ok(dept.post(`/api/v1/verification-checks/${k.id}`, { checked_on: today(), phone_reached: true, phone_correct: true, living_as_declared: true, notice_posted: true, money_received: true, finding: 'none', notes: '电话回访，本人确认收到' }));
  assert.equal(r.verified, true, r.verify_note);
  const c = await ok(dept.get(`/api/v1/cases/${k.case_id}`));
  assert.equal(c.state, 'verified');
  const audit = (await ok(admin.get('/api/v1/audit?size=50'))).items;
  assert.ok(audit.some((a) => a.action === 'verification.record' && a.entity_id === k.id));
  // a pay-first case whose paperwork is missing stays paid: the guard's words are said
  const pf = S.checks.find((x) => x.case_state === 'paid' && x.kind === 'emergency' && !S.used.has(x.id));
  if (pf) {
    S.used.add(pf.id);
    const r2 = await ok(dept.post(`/api/v1/verification-checks/${pf.id}`, { checked_on: today(), phone_reached: true, phone_correct: true, living_as_declared: true, notice_posted: true, money_received: true, finding: 'none' }));
    assert.equal(r2.verified, false);
    assert.match(r2.verify_note, /先发后补/);
    assert.equal((await ok(dept.get(`/api/v1/cases/${pf.case_id}`))).state, 'paid');
  }
});

test('a finding of fraud opens a recovery and names the organisation responsible', async () => {
  const k = S.checks.find((x) => !S.used.has(x.id) && x.status === 'pending');
  S.used.add(k.id);
  const branchOrg = orgs.find((o) => o.id === k.org_id);
  const wrong = orgs.find((o) => o.code === 'T02V01' && !branchOrg.path?.includes(`/${o.id}/`));
  const body = { checked_on: today(), phone_reached: false, phone_correct: false, living_as_declared: false, notice_posted: false, money_received: true, finding: 'fraud', notes: '虚报家庭收入，实际有稳定经营收入', recover_fen: 30000 };
  if (wrong && wrong.id !== k.org_id) await refused(dept.post(`/api/v1/verification-checks/${k.id}`, { ...body, responsible_org_id: wrong.id }), 400, /责任组织/);
  const r = await ok(dept.post(`/api/v1/verification-checks/${k.id}`, { ...body, responsible_org_id: k.org_id }));
  assert.equal(r.finding, 'fraud');
  assert.ok(r.recovery_id);
  assert.equal(r.responsible_org_id, k.org_id);
  assert.equal(r.responsible_org_name, branchOrg.name);
  const rec = await ok(dept.get(`/api/v1/recoveries/${r.recovery_id}`));
  assert.equal(rec.case_id, k.case_id);
  assert.equal(rec.amount_fen, 30000);
  // the finding cannot be taken back once the recovery is open
  await refused(dept.post(`/api/v1/verification-checks/${k.id}`, { ...body, finding: 'none' }), 409, /追回/);
  const prog = (await ok(dept.get(`/api/v1/verifications/${S.v.id}/progress`))).items;
  const line = prog.find((p) => p.org_id === k.committee_id);
  assert.equal(line.fraud, 1);
  assert.equal(line.recovered_fen, 30000);
  const v = await ok(auditor.get(`/api/v1/verifications/${S.v.id}`));
  assert.equal(v.fraud, 1);
  assert.ok(v.done >= 3);
});

test('the report as PDF and XLSX', async () => {
  for (const [fmt, magic, type] of [['pdf', '%PDF', 'application/pdf'], ['xlsx', 'PK', 'spreadsheetml']]) {
    const r = await fetch(`${auditor.base}/api/v1/verifications/${S.v.id}/report?format=${fmt}`, { headers: { Cookie: auditor.cookie } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), new RegExp(type));
    const body = Buffer.from(await r.arrayBuffer());
    assert.equal(body.subarray(0, magic.length).toString(), magic);
    if (fmt === 'pdf') {
      const f = join(db.dir, 'report.pdf');
      writeFileSync(f, body);
      const text = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
      assert.match(text, /0000000000c0ffee/);
      assert.match(text, /骗取帮扶/);
      assert.match(text, /虚报家庭收入/);
    }
  }
  await refused(auditor.get(`/api/v1/verifications/${S.v.id}/report?format=doc`), 400);
});

test('closing a campaign takes its checks off the to-do lists and stops recording', async () => {
  const other = (await ok(dept.get('/api/v1/verifications'))).items.find((v) => v.id !== S.v.id);
  await refused(town.post(`/api/v1/verifications/${other.id}/close`, {}), 403);
  await ok(dept.post(`/api/v1/verifications/${S.v.id}/close`, {}));
  await refused(dept.post(`/api/v1/verifications/${S.v.id}/close`, {}), 409);
  const todo = await ok(town02.get('/api/v1/todo'));
  assert.equal(todo.items.filter((t) => t.kind === 'verification').length, 0);
  const k = S.checks.find((x) => !S.used.has(x.id));
  await refused(dept.post(`/api/v1/verification-checks/${k.id}`, { checked_on: today(), phone_reached: true, phone_correct: true, living_as_declared: true, notice_posted: true, money_received: true, finding: 'none' }), 409, /已经结束/);
});

// cases_driver.mjs - drives a district-sized yearly round through the HTTP
// API of a running `bangfu serve` (bench/cases.sh sets the district up):
// every case from application to verification, the batch steps where the
// API offers them (a notice per branch, its closing, the department's
// approval and the payment batch per township), `--conc` requests in flight over keep-alive
// connections.  Logs every request's latency by step and prints per-step
// count / p50 / p99 / max, the wall time of each phase and of the round,
// and a baseline: the same number of GET /api/v1/health requests through
// the same client at the same concurrency.
//
// The server's day is fixed (BANGFU_TODAY, --today here); the branch's
// paperwork is dated in the past (investigation, appraisal, decision, the
// notice's first day, all allowed by the API: "not after today"), so every
// notice has ended by today and can be closed without waiting 5 working
// days.  Objections: none.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';

const { values: opt } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:18090' },
    conc: { type: 'string', default: '8' },
    cases: { type: 'string', default: '5000' },
    password: { type: 'string', default: 'Bench12345' },
    year: { type: 'string', default: '2024' },
    'notice-start': { type: 'string', default: '2024-12-09' },
    'investigation-on': { type: 'string', default: '2024-12-02' },
    'appraisal-on': { type: 'string', default: '2024-12-04' },
    'decision-on': { type: 'string', default: '2024-12-06' },
    'no-baseline': { type: 'boolean', default: false },
    json: { type: 'string' }, // also write the figures as JSON here
    'server-pid': { type: 'string' }, // to report the server's CPU time beside the driver's
  },
});
const BASE = new URL(opt.base);
const CONC = Number(opt.conc);
const NCASES = Number(opt.cases);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONC, maxFreeSockets: CONC });

// One request; resolves {status, body(text), ms}.
function request(method, path, { cookie, csrf, body } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    let payload;
    if (cookie) headers.Cookie = cookie;
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: BASE.hostname, port: BASE.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, ms });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

class Client {
  constructor(name) { this.name = name; this.cookie = ''; this.csrf = ''; }
  async login(password) {
    const r = await request('POST', '/api/v1/session', { body: { username: this.name, password } });
    if (r.status !== 200) throw new Error(`login ${this.name}: ${r.status} ${r.body}`);
    this.cookie = /bangfu_session=[^;]*/.exec(r.headers['set-cookie'].join(';'))[0];
    this.csrf = JSON.parse(r.body).csrf_token;
  }
}

// Per-step latencies (ms).
const lat = new Map();
function record(step, ms) {
  if (!lat.has(step)) lat.set(step, []);
  lat.get(step).push(ms);
}

// A request that must answer `want`; its latency goes under `step`.
async function call(step, client, method, path, body, want = 200) {
  const r = await request(method, path, { cookie: client.cookie, csrf: client.csrf, body });
  record(step, r.ms);
  if (r.status !== want) throw new Error(`${step} ${method} ${path}: ${r.status} ${r.body.slice(0, 400)}`);
  return r;
}

// Runs fn(item) for every item, at most CONC at a time.
async function pool(items, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONC, items.length) }, worker));
}

// CPU seconds (user + system) of the server and of this driver.
function cpu() {
  let server = NaN;
  if (opt['server-pid']) {
    try {
      const f = readFileSync(`/proc/${opt['server-pid']}/stat`, 'utf8').split(') ')[1].split(' ');
      server = (Number(f[11]) + Number(f[12])) / 100; // utime, stime in ticks (USER_HZ 100)
    } catch { /* gone */ }
  }
  const u = process.cpuUsage();
  return { server, driver: (u.user + u.system) / 1e6 };
}
function cpuSince(c0) {
  const c1 = cpu();
  return { server: c1.server - c0.server, driver: c1.driver - c0.driver };
}

const phases = [];
async function phase(name, fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  phases.push({ name, ms });
  process.stderr.write(`  ${name}: ${(ms / 1000).toFixed(2)} s\n`);
}

function quantile(sorted, q) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function stats(arr) {
  const s = Float64Array.from(arr).sort();
  return { count: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1] };
}

// ------------------------------------------------------------------
// The district as the server sees it

async function district(dept) {
  const orgs = JSON.parse((await call('setup', dept, 'GET', '/api/v1/orgs')).body).items;
  const towns = orgs.filter((o) => o.kind === 'committee');
  const branches = orgs.filter((o) => o.kind === 'branch' || o.kind === 'general_branch');
  const townOf = new Map();
  const byId = new Map(orgs.map((o) => [o.id, o]));
  for (const b of branches) {
    let o = b;
    while (o && o.kind !== 'committee') o = byId.get(o.parent_id);
    townOf.set(b.id, o.id);
  }
  // every member, grouped by branch
  const members = new Map(branches.map((b) => [b.id, []]));
  for (let page = 1; ; page++) {
    const r = JSON.parse((await call('setup', dept, 'GET', `/api/v1/members?page=${page}&size=200`)).body);
    for (const m of r.items) if (members.has(m.org_id)) members.get(m.org_id).push(m.id);
    if (page * 200 >= r.total) break;
  }
  for (const l of members.values()) l.sort((a, b) => a - b);
  // NCASES applicants spread over the branches in turn
  const have = [...members.values()].reduce((s, l) => s + l.length, 0);
  if (have < NCASES) throw new Error(`${NCASES} applicants wanted, the register has ${have} members`);
  const picks = [];
  for (let i = 0; picks.length < NCASES; i++) {
    const b = branches[i % branches.length];
    const list = members.get(b.id);
    const k = Math.floor(i / branches.length);
    if (k < list.length) picks.push({ member_id: list[k], branch: b.id, town: townOf.get(b.id) });
  }
  const deptOrg = orgs.find((o) => o.kind === 'department').id;
  return { towns, branches: branches.filter((b) => picks.some((p) => p.branch === b.id)), picks, townOf, deptOrg };
}

// ------------------------------------------------------------------
// The round

const APPLICATION = {
  kind: 'yearly', conditions: ['serious_illness'], causes: ['illness'],
  situation: '本人患尿毒症，每周透析三次，家庭收入微薄', household_size: 3,
  labour_capacity: false, income_fen: 800000,
};
const DOSSIER = ['application', 'application_form', 'assembly_minutes', 'committee_minutes', 'notice_report', 'registration_form'];

async function round(dept, townClient, d) {
  const cases = d.picks.map((p) => ({ ...p, id: 0 }));
  const step = (name, who, data = {}) => async (c) => {
    await call(name, who(c), 'POST', `/api/v1/cases/${c.id}/steps`, { event: name, ...data });
  };
  const town = (c) => townClient.get(c.town);
  let roundId = 0;
  const notices = [];
  const t0 = process.hrtime.bigint();
  let filedMs = 0;

  await phase('open the round', async () => {
    const r = await call('open_round', dept, 'POST', '/api/v1/rounds', { year: Number(opt.year) }, 201);
    roundId = JSON.parse(r.body).id;
  });
  await phase('applications', () => pool(cases, async (c) => {
    const r = await call('apply', town(c), 'POST', '/api/v1/cases', { ...APPLICATION, member_id: c.member_id, round_id: roundId }, 201);
    c.id = JSON.parse(r.body).id;
  }));
  await phase('investigations', () => pool(cases, step('investigate', town, { investigation_on: opt['investigation-on'], investigators: '张三、李四', investigation: '入户查看，情况属实' })));
  await phase('appraisals', () => pool(cases, step('appraise', town, { appraisal_on: opt['appraisal-on'], expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '党员大会记录：同意列为帮扶对象' })));
  await phase('committee decisions', () => pool(cases, step('decide', town, { decision_on: opt['decision-on'], decision_minutes: '支委会研究同意' })));
  await phase('notices (one per branch)', () => pool(d.branches, async (b) => {
    const t = d.townOf.get(b.id);
    // the office defaults to the branch's name; the imported branches have no phone on file
    const r = await call('open_notice', townClient.get(t), 'POST', '/api/v1/notices',
      { org_id: b.id, kind: 'yearly', starts_on: opt['notice-start'], office_phone: '0570-8123456' }, 201);
    notices.push({ id: JSON.parse(r.body).id, town: t });
  }));
  await phase('notices closed', () => pool(notices, async (n) => {
    await call('close_notice', townClient.get(n.town), 'POST', `/api/v1/notices/${n.id}/close`);
  }));
  await phase('submissions', () => pool(cases, step('submit', town, { dossier: DOSSIER })));
  await phase('committee reviews', () => pool(cases, step('review', town)));
  await phase('approval and filing (batch per township)', () => pool(d.towns, async (t) => {
    // the batch approves exactly the listed cases, at most 500 a call
    const ids = cases.filter((c) => c.town === t.id).map((c) => c.id);
    for (let i = 0; i < ids.length; i += 500) {
      await call('approve_batch', dept, 'POST', '/api/v1/cases/approve', { org_id: t.id, case_ids: ids.slice(i, i + 500) });
    }
  }));
  filedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  await phase('screening entered', () => pool(cases, step('enter_screening', town)));
  await phase('screening passed', () => pool(cases, step('screen_pass', town, { screening_result: '系统筛查通过，无重复救助' })));
  // the money (issue #4): the department's fund takes the round's whole amount, then one
  // payment batch per township (the console's 资金拨付), at most 2,000 cases a batch
  await phase('fund income', async () => {
    const f = JSON.parse((await call('fund', dept, 'POST', '/api/v1/funds', { org_id: d.deptOrg })).body);
    await call('income', dept, 'POST', `/api/v1/funds/${f.id}/income`, { source: 'finance', amount_fen: 60000 * cases.length, date: opt['notice-start'] }, 201);
  });
  const batches = [];
  for (const t of d.towns) {
    const ids = cases.filter((c) => c.town === t.id).map((c) => c.id);
    for (let i = 0; i < ids.length; i += 2000) batches.push({ town: t.id, ids: ids.slice(i, i + 2000) });
  }
  await phase('payments (batch per township)', () => pool(batches, async (b) => {
    await call('pay_batch', dept, 'POST', '/api/v1/payment-batches', { org_id: b.town, case_ids: b.ids, payer: 'department' }, 201);
  }));
  await phase('verifications', () => pool(cases, step('verify', () => dept)));
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;

  // every case verified
  const pr = JSON.parse((await call('check', dept, 'GET', `/api/v1/rounds/${roundId}/progress`)).body);
  const verified = pr.items.reduce((s, l) => s + (l.by_state.verified || 0), 0);
  if (verified !== cases.length) throw new Error(`only ${verified} of ${cases.length} cases verified`);
  return { totalMs, filedMs, notices: notices.length };
}

async function baseline(n) {
  const items = Array.from({ length: n });
  const t0 = process.hrtime.bigint();
  const anon = new Client('');
  await pool(items, async () => { await call('health', anon, 'GET', '/api/v1/health'); });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main() {
  const dept = new Client('dept');
  await dept.login(opt.password);
  const townClient = new Map();
  const d0 = await district(dept);
  for (const t of d0.towns) {
    const c = new Client(`town${t.code}`);
    await c.login(opt.password);
    townClient.set(t.id, c);
  }
  process.stderr.write(`district: ${d0.towns.length} townships, ${d0.branches.length} branches, ${d0.picks.length} applicants; ${CONC} requests in flight\n`);
  lat.clear();
  const c0 = cpu();
  const r = await round(dept, townClient, d0);
  r.cpu = cpuSince(c0);
  const steps = [...lat.entries()].filter(([k]) => k !== 'check').map(([k, v]) => ({ step: k, ...stats(v) }));
  const requests = steps.reduce((s, x) => s + x.count, 0);
  const slowest = steps.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  let base = null;
  let baseCpu = null;
  if (!opt['no-baseline']) {
    const b0 = cpu();
    base = await baseline(requests);
    baseCpu = cpuSince(b0);
  }

  const f = (x) => x.toFixed(2);
  console.log(`round: ${d0.picks.length} cases, ${d0.branches.length} branches, ${d0.towns.length} townships, ${requests} requests, ${CONC} in flight`);
  console.log(`${'step'.padEnd(16)} ${'count'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  for (const s of steps) console.log(`${s.step.padEnd(16)} ${String(s.count).padStart(6)} ${f(s.p50).padStart(8)} ${f(s.p99).padStart(8)} ${f(s.max).padStart(8)}`);
  console.log(`phases: ${phases.map((p) => `${p.name} ${f(p.ms / 1000)} s`).join('; ')}`);
  console.log(`to filing (application … approval): ${f(r.filedMs / 1000)} s`);
  console.log(`whole round (… verification): ${f(r.totalMs / 1000)} s (goal < 60 s); ${(requests / (r.totalMs / 1000)).toFixed(0)} req/s`);
  console.log(`CPU during the round: server ${f(r.cpu.server)} s, driver ${f(r.cpu.driver)} s (2 cores: ${f(2 * r.totalMs / 1000)} core-seconds)`);
  console.log(`slowest step's p99: ${slowest.step} ${f(slowest.p99)} ms`);
  if (base !== null)
    console.log(`baseline: ${requests} × GET /api/v1/health, same client and concurrency: ${f(base / 1000)} s; round / baseline = ${(r.totalMs / base).toFixed(1)}× (baseline CPU: server ${f(baseCpu.server)} s, driver ${f(baseCpu.driver)} s)`);
  if (opt.json) {
    writeFileSync(opt.json, JSON.stringify({ ...r, requests, conc: CONC, steps, phases, baselineMs: base, baselineCpu: baseCpu }, null, 1));
  }
  agent.destroy();
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });

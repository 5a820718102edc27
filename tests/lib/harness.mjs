// harness.mjs - starts real things for the API, CLI and browser tests: a
// fresh database (a temp SQLite file, or a new database in the throwaway
// PostgreSQL named by BANGFU_TEST_PG), `bangfu init` + `bangfu demo`, and a
// real `bangfu serve` on a free loopback port.  Nothing is mocked.  Also
// what the API scenarios share: a server moved from day to day with its
// clients (Stage), the checks of an answer (ok, refused) and a case's step.
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = resolve(ROOT, process.env.BANGFU_BIN || 'build/bangfu');
export const ADMIN_PASSWORD = 'Bf-Console-2468';
export const DEMO_PASSWORD = 'Demo123456';

// Runs the CLI; returns {status, stdout, stderr}.
export function cli(args, opts = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', cwd: opts.cwd || ROOT, env: { ...process.env, ...(opts.env || {}) }, input: opts.input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dbCounter = 0;
// A fresh, empty database URL (and a temp dir for the key and files).
export function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-t-'));
  const pg = process.env.BANGFU_TEST_PG;
  if (!pg) return { dir, url: `sqlite:${dir}/t.db`, key: `${dir}/t.key`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  const name = `bangfu_t_${process.pid}_${Date.now()}_${dbCounter++}`;
  execFileSync('psql', [pg, '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  const url = pg.replace(/dbname=\S+/, `dbname=${name}`);
  return {
    dir, url, key: `${dir}/t.key`,
    cleanup: () => {
      spawnSync('psql', [pg, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// init + demo on a fresh database; without cases (--no-cases) unless asked,
// since most scenarios start from an empty procedure and fund.
export function initDb({ members = 60, cases = false } = {}) {
  const db = freshDb();
  const g = ['--db', db.url, '--key', db.key];
  let r = cli(['init', ...g, '--admin-password', ADMIN_PASSWORD]);
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}${r.stdout}`);
  r = cli(['demo', ...g, '--members', String(members), ...(cases ? [] : ['--no-cases'])]);
  if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}${r.stdout}`);
  return { ...db, g };
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// Starts `bangfu serve` and waits for /api/v1/health.  env adds to the
// server's environment (e.g. { BANGFU_TODAY: '2024-02-08' } fixes its day);
// nofile starts it with that soft open-file limit (systemd's is 1024).
export async function startServer(db, extra = [], { env = {}, nofile = 0 } = {}) {
  const port = await freePort();
  const log = join(db.dir, 'access.log');
  const args = ['serve', ...db.g, '--listen', `127.0.0.1:${port}`, '--access-log', log, '--threads', '4', ...extra];
  const [cmd, argv] = nofile ? ['sh', ['-c', `ulimit -Sn ${nofile} && exec "$0" "$@"`, BIN, ...args]] : [BIN, args];
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', () => {});
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
    try { const r = await fetch(`${base}/api/v1/health`); if (r.ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  const server = {
    base, port, child, log,
    get stderr() { return stderr; },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const done = new Promise((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      return done;
    },
  };
  return server;
}

// Sanitizer findings in the server's output fail the run under ASan/UBSan.
export function assertClean(server) {
  const bad = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.exec(server.stderr);
  if (bad) throw new Error(`sanitizer report from the server:\n${server.stderr}`);
}

// Under the sanitizers (BANGFU_SANITIZED=1) the server and the command line
// render PDFs, and libraries that are not ours lose a little memory doing
// so: cairo 1.16 in cairo_surface_finish (in tests/lsan.supp, matched only
// on a full stack, hence the slow unwinder) and fontconfig's one-time
// configuration load, which pango runs in a thread of its own (extra; a
// short-lived command exits with fontconfig's caches still held, so for the
// command line all of libfontconfig: 'leak:libfontconfig.so').  The
// environment with tests/lsan.supp plus extra, written into dir.
export function sanitizerEnv(dir, extra = 'leak:FcInitLoadConfigAndFonts') {
  if (!process.env.BANGFU_SANITIZED) return {};
  const supp = join(dir, `lsan-${extra.replace(/\W+/g, '_')}.supp`);
  writeFileSync(supp, `${readFileSync(join(ROOT, 'tests/lsan.supp'), 'utf8')}\n${extra}\n`);
  const asan = [process.env.ASAN_OPTIONS, 'fast_unwind_on_malloc=0'].filter(Boolean).join(':');
  return { ASAN_OPTIONS: asan, LSAN_OPTIONS: `suppressions=${supp}` };
}

// A server on one database that can be moved to another day: day(d)
// stops it and starts it again with BANGFU_TODAY = d (sessions live in the
// database, so the clients logged in through login() stay logged in and are
// pointed at the new port).  strict: every stop must exit 0 with no
// sanitizer report.  args go to `bangfu serve`; env() adds to its
// environment at each start.
export class Stage {
  constructor(db, { args = [], env = () => ({}), strict = true } = {}) {
    Object.assign(this, { db, args, env, strict, srv: null, clients: [] });
  }
  get base() { return this.srv.base; }
  async start(extraEnv = {}) {
    await this.stop();
    this.srv = await startServer(this.db, this.args, { env: { ...extraEnv, ...this.env() } });
    for (const c of this.clients) c.base = this.srv.base;
    return this.srv;
  }
  day(d) { return this.start({ BANGFU_TODAY: d }); }
  async stop() {
    if (!this.srv) return;
    const code = await this.srv.stop();
    if (!this.strict) return;
    assertClean(this.srv);
    assert.equal(code, 0, 'serve exits 0 on SIGTERM');
  }
  async login(user, password = DEMO_PASSWORD) {
    const c = new Client(this.srv.base);
    const r = await c.login(user, password);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    this.clients.push(c);
    return c;
  }
}

// A request that must answer `status`; returns the JSON.
export async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, JSON.stringify(r.json));
  return r.json;
}

// A refusal with status and code (when given) whose Chinese message
// matches re (when given); returns the error.
export async function refused(p, status, re, code) {
  const r = await p;
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.ok(r.json && r.json.error, 'the error shape');
  if (code) assert.equal(r.json.error.code, code);
  if (re) assert.match(r.json.error.message, re);
  return r.json.error;
}

// The demo's users logged in on stage: admin, dept (the department), town
// (城关镇党委, T01), branch (its 东风村党支部, T01V01) and auditor.
export async function cast(stage) {
  const admin = await stage.login('admin', ADMIN_PASSWORD);
  const dept = await stage.login('dept');
  const town = await stage.login('town01');
  const branch = await stage.login('branch0101');
  const auditor = await stage.login('auditor');
  return { admin, dept, town, branch, auditor };
}

// The procedure scenarios' opening: init + demo with members, the server
// on day (with the sanitizers' suppressions), the cast logged in, the
// organisations they use (dept: the department; town: 城关镇党委 T01;
// branch: 东风村党支部 T01V01; other: T02V01, another committee's branch)
// and other, branch0201, a user of that branch made by admin: someone
// outside the cast's scope.
export async function openScenario({ members = 60, day } = {}) {
  const db = initDb({ members });
  const stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.day(day);
  const who = await cast(stage);
  const orgs = (await ok(who.admin.get('/api/v1/orgs'))).items;
  const org = {
    dept: orgs.find((o) => o.kind === 'department'),
    town: orgs.find((o) => o.code === 'T01'),
    branch: orgs.find((o) => o.code === 'T01V01'),
    other: orgs.find((o) => o.code === 'T02V01'),
  };
  await ok(who.admin.post('/api/v1/users', { username: 'branch0201', display_name: '另一支部', role: 'branch', org_id: org.other.id, password: DEMO_PASSWORD }), 201);
  const other = await stage.login('branch0201');
  return { db, stage, ...who, other, org };
}

// A step of the aid procedure on case id (the request, not yet checked).
export const step = (c, id, event, data = {}) => c.post(`/api/v1/cases/${id}/steps`, { event, ...data });

// The six items of a complete dossier.
export const DOSSIER = ['application', 'application_form', 'assembly_minutes', 'committee_minutes', 'notice_report', 'registration_form'];

// A logged-in client with its cookie and CSRF token.
export class Client {
  constructor(base) { this.base = base; this.cookie = ''; this.csrf = ''; }
  async req(method, path, body, { csrf = true, raw = false, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.Cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    let payload;
    if (body !== undefined) { h['Content-Type'] = 'application/json'; payload = raw ? body : JSON.stringify(body); }
    const r = await fetch(this.base + path, { method, headers: h, body: payload });
    const set = r.headers.get('set-cookie');
    if (set) { const m = /bangfu_session=([^;]*)/.exec(set); if (m) this.cookie = m[1] ? `bangfu_session=${m[1]}` : ''; }
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: r.status, json, text, headers: r.headers };
  }
  async login(username, password) {
    const r = await this.req('POST', '/api/v1/session', { username, password });
    if (r.status === 200) this.csrf = r.json.csrf_token;
    return r;
  }
  get(p) { return this.req('GET', p); }
  post(p, b, o) { return this.req('POST', p, b, o); }
  patch(p, b, o) { return this.req('PATCH', p, b, o); }
  del(p, o) { return this.req('DELETE', p, undefined, o); }
}

// A valid 18-digit ID number: 17 digits + the ISO 7064 MOD 11-2 check character.
export function idNumber(area = '330702', birth = '19600315', seq = '123') {
  const first = `${area}${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return first + '10X98765432'[sum % 11];
}

// The same ID with a wrong check character.
export function badIdNumber(...a) {
  const good = idNumber(...a);
  const last = good[17] === '0' ? '1' : '0';
  return good.slice(0, 17) + last;
}

export function readText(p) { return readFileSync(p, 'utf8'); }

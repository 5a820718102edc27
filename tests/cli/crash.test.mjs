// crash.test.mjs - kill -9 at a random moment, five times each: during a
// `member import` of a large generated CSV (one transaction), during a
// `ledger import` of a large batch of postings, and during payment batch
// confirms (POST /api/v1/payment-batches) in a real server.  Each time, on a
// fresh copy of the same database: `audit verify` and `ledger verify` pass,
// the member count is the one before or the one after, the imported
// postings are all there or none, and every payment batch is whole (its
// payments, its postings, its cases paid) or absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { cli, initDb, startServer, Client, ok, ADMIN_PASSWORD, BIN, ROOT } from '../lib/harness.mjs';

const ROUNDS = 5;
const MEMBERS = 40000;
const POSTINGS = 20000;
let db, template;

function sql(text, f) {
  return execFileSync('sqlite3', [f], { input: text, encoding: 'utf8' }).trim();
}

// A fresh copy of the template database (the key is the template's).
let copies = 0;
function copy() {
  const f = `${db.dir}/c${copies++}.db`;
  copyFileSync(template, f);
  return { f, g: ['--db', `sqlite:${f}`, '--key', db.key] };
}

function drop({ f }) {
  for (const s of ['', '-wal', '-shm']) rmSync(f + s, { force: true });
}

// Runs the command line, killed with SIGKILL after ms (unless done before).
function killedAfter(args, ms) {
  return new Promise((res) => {
    const child = spawn(BIN, args, { cwd: ROOT, stdio: 'ignore' });
    const t = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => { clearTimeout(t); res({ code, signal }); });
  });
}

function timed(args) {
  const t0 = Date.now();
  const r = cli(args);
  assert.equal(r.status, 0, r.stderr);
  return Date.now() - t0;
}

function verified(c, what) {
  for (const cmd of [['audit', 'verify'], ['ledger', 'verify']]) {
    const r = cli([...cmd, ...c.g]);
    assert.equal(r.status, 0, `${what}: ${cmd.join(' ')}: ${r.stderr}`);
  }
}

const count = (c, q) => Number(sql(q, c.f));

before(() => {
  db = initDb({ members: 60, cases: true });
  template = db.url.slice('sqlite:'.length);
  sql('PRAGMA wal_checkpoint(TRUNCATE);', template);
  execFileSync('python3', ['bench/gen_members.py', String(MEMBERS), `${db.dir}/members.csv`], { cwd: ROOT });
  writeFileSync(`${db.dir}/postings.csv`, '日期,类型,借方科目,贷方科目,金额,摘要\n' + ',payment,yearly_aid,bank,1,批量\n'.repeat(POSTINGS));
});

after(() => db.cleanup());

// Kills args at random moments within the time a whole run takes; check(c,
// result) after each.
async function killRounds(args, check) {
  const whole = copy();
  const ms = timed([...args, ...whole.g]);
  check(whole, { code: 0 });
  drop(whole);
  let killed = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const c = copy();
    const d = Math.round(ms * (0.1 + 0.8 * Math.random()));
    const r = await killedAfter([...args, ...c.g], d);
    killed += r.signal === 'SIGKILL';
    check(c, r, `killed after ${d} of ${ms} ms`);
    drop(c);
  }
  assert.ok(killed > 0, 'at least one run was killed before it ended');
}

test('kill -9 during member import: all or nothing', async () => {
  const t = copy();
  const before = count(t, 'SELECT count(*) FROM members;');
  drop(t);
  await killRounds(['member', 'import', `${db.dir}/members.csv`], (c, r, what = 'whole') => {
    verified(c, what);
    const n = count(c, 'SELECT count(*) FROM members;');
    if (r.code === 0) assert.equal(n, before + MEMBERS, what);
    else assert.ok(n === before || n === before + MEMBERS, `${what}: ${n} members`);
  });
});

test('kill -9 during a large ledger import: the batch whole or absent', async () => {
  await killRounds(['ledger', 'import', `${db.dir}/postings.csv`, '--org', '000', '--batch', 'big'], (c, r, what = 'whole') => {
    verified(c, what);
    const n = count(c, "SELECT count(*) FROM ledger_postings WHERE batch_ref = 'big';");
    assert.ok(n === 0 || n === POSTINGS, `${what}: ${n} postings`);
    if (r.code === 0) assert.equal(n, POSTINGS);
  });
});

test('kill -9 of the server during payment batch confirms: each batch whole or absent', async () => {
  const probe = copy();
  const committees = sql("SELECT DISTINCT o.parent_id FROM cases c JOIN orgs o ON o.id = c.org_id WHERE c.state = 'screened';", probe.f).split('\n').filter(Boolean);
  const batches = count(probe, 'SELECT count(*) FROM pay_batches;');
  drop(probe);
  assert.ok(committees.length >= 1, 'the demo leaves cases ready to pay');
  for (let i = 0; i < ROUNDS; i++) {
    const c = copy();
    const server = await startServer({ ...db, g: c.g, dir: db.dir });
    const admin = new Client(server.base);
    assert.equal((await admin.login('admin', ADMIN_PASSWORD)).status, 200);
    const d = Math.round(40 * Math.random());
    const sent = committees.map((org) => admin.post('/api/v1/payment-batches', { org_id: Number(org), method: 'bank' }).catch(() => null));
    await new Promise((r) => setTimeout(r, d));
    server.child.kill('SIGKILL');
    await Promise.all(sent);
    await new Promise((r) => (server.child.exitCode !== null || server.child.signalCode ? r() : server.child.on('exit', r)));
    const what = `round ${i}, killed after ${d} ms`;
    verified(c, what);
    const bad = sql(`SELECT count(*) FROM pay_batches b WHERE b.count != (SELECT count(*) FROM payments p WHERE p.batch_id = b.id)
        OR NOT EXISTS (SELECT 1 FROM ledger_postings l WHERE l.batch_ref = 'pay-' || b.id);
      SELECT count(*) FROM ledger_postings WHERE batch_ref LIKE 'pay-%' AND CAST(substr(batch_ref, 5) AS INTEGER) NOT IN (SELECT id FROM pay_batches);
      SELECT count(*) FROM payments p JOIN cases c ON c.id = p.case_id WHERE c.state = 'screened';
      SELECT count(*) FROM cases c WHERE c.state = 'paid' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.case_id = c.id);`, c.f);
    assert.deepEqual(bad.split('\n'), ['0', '0', '0', '0'], what);
    const n = count(c, 'SELECT count(*) FROM pay_batches;');
    assert.ok(n >= batches && n <= batches + committees.length, `${what}: ${n} batches`);
    drop(c);
  }
});

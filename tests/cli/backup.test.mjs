// backup.test.mjs - `bangfu backup` and `bangfu restore` on SQLite: backups
// taken while a real server pays cases (each a payment batch with its
// allocations) and `ledger import` posts batches of postings beside it;
// each backup restored into a database of its own, where both verify
// commands pass and every batch is whole or absent.  A restore refuses an
// existing database without --force, a file that is not a bangfu database,
// a newer schema and a copy whose chain does not verify, leaving the target
// as it was; PostgreSQL is refused with the advice to use pg_dump.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, copyFileSync, existsSync, statSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { cli, initDb, startServer, Client, ok, ADMIN_PASSWORD, BIN, ROOT } from '../lib/harness.mjs';

const IMPORTS = 6;
const PER_IMPORT = 300;
let db, file;

function sql(text, f = file) {
  return execFileSync('sqlite3', [f], { input: text, encoding: 'utf8' }).trim();
}

// The command line without waiting (so it runs beside the server).
function run(args) {
  return new Promise((res) => {
    const child = spawn(BIN, args, { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (status) => res({ status, stderr: err }));
  });
}

// Every batch in the database f whole or absent: each import's postings,
// each payment batch's payments and postings.
function batchesWhole(f) {
  const imports = sql("SELECT batch_ref || ' ' || count(*) FROM ledger_postings WHERE batch_ref LIKE 'imp-%' GROUP BY batch_ref;", f);
  for (const line of imports.split('\n').filter(Boolean)) assert.match(line, new RegExp(` ${PER_IMPORT}$`), `import batch ${line}`);
  const bad = sql(`SELECT count(*) FROM pay_batches b WHERE b.count != (SELECT count(*) FROM payments p WHERE p.batch_id = b.id)
      OR NOT EXISTS (SELECT 1 FROM ledger_postings l WHERE l.batch_ref = 'pay-' || b.id);
    SELECT count(*) FROM ledger_postings WHERE batch_ref LIKE 'pay-%' AND CAST(substr(batch_ref, 5) AS INTEGER) NOT IN (SELECT id FROM pay_batches);
    SELECT count(*) FROM payments p JOIN cases c ON c.id = p.case_id WHERE c.state = 'screened';`, f);
  assert.deepEqual(bad.split('\n'), ['0', '0', '0'], `payment batches in ${f}`);
  return { imports: imports ? imports.split('\n').length : 0, batches: Number(sql('SELECT count(*) FROM pay_batches;', f)) };
}

before(() => {
  db = initDb({ members: 60, cases: true });
  file = db.url.slice('sqlite:'.length);
});

after(() => db.cleanup());

test('backups while batches are posted restore whole, verified, each batch whole or absent', async () => {
  const csv = `${db.dir}/batch.csv`;
  writeFileSync(csv, '日期,类型,借方科目,贷方科目,金额,摘要\n' + `,payment,yearly_aid,bank,1,测试批次\n`.repeat(PER_IMPORT));
  const screened = sql("SELECT id FROM cases WHERE state = 'screened';").split('\n').filter(Boolean);
  assert.ok(screened.length >= 2, 'the demo leaves cases ready to pay');
  const before = batchesWhole(file);
  const server = await startServer(db);
  try {
    const dept = new Client(server.base);
    assert.equal((await dept.login('admin', ADMIN_PASSWORD)).status, 200);
    const imports = (async () => {
      for (let k = 1; k <= IMPORTS; k++) {
        const r = await run(['ledger', 'import', csv, '--org', '000', '--batch', `imp-${k}`, ...db.g]);
        assert.equal(r.status, 0, r.stderr);
      }
    })();
    const payments = (async () => {
      for (const id of screened) {
        await new Promise((r) => setTimeout(r, 150));
        await ok(dept.post(`/api/v1/cases/${id}/payments`, { method: 'bank' }), 201);
      }
    })();
    const backups = (async () => {
      const out = [];
      for (let i = 1; i <= 4; i++) {
        await new Promise((r) => setTimeout(r, 60 * i));
        const f = `${db.dir}/b${i}.db`;
        const r = await run(['backup', '--out', f, ...db.g]);
        assert.equal(r.status, 0, r.stderr);
        out.push(f);
      }
      return out;
    })();
    const [files] = await Promise.all([backups, imports, payments]);
    const seen = [];
    for (const [i, f] of files.entries()) {
      assert.equal(sql('PRAGMA journal_mode;', f), 'delete', 'one self-contained file');
      const target = `${db.dir}/r${i}.db`;
      const g = ['--db', `sqlite:${target}`, '--key', db.key];
      const r = cli(['restore', f, ...g]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /备份校验通过/);
      assert.equal(cli(['audit', 'verify', ...g]).status, 0);
      assert.equal(cli(['ledger', 'verify', ...g]).status, 0);
      seen.push(batchesWhole(target));
    }
    const last = batchesWhole(file);
    assert.equal(last.imports, IMPORTS);
    assert.equal(last.batches, before.batches + screened.length);
    for (const s of seen) assert.ok(s.imports <= IMPORTS && s.batches >= before.batches, JSON.stringify(seen));
  } finally {
    await server.stop();
  }
});

test('restore refuses what it must, and leaves the target as it was', () => {
  const b = `${db.dir}/ok.db`;
  assert.equal(cli(['backup', '--out', b, ...db.g]).status, 0);
  const target = `${db.dir}/target.db`;
  const g = ['--db', `sqlite:${target}`, '--key', db.key];
  assert.equal(cli(['restore', b, ...g]).status, 0);
  const size = statSync(target).size;
  // an existing database without --force
  let r = cli(['restore', b, ...g]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /已存在.*--force/);
  // not a database, not bangfu's, a newer schema
  const junk = `${db.dir}/junk.db`;
  writeFileSync(junk, 'not a database at all'.repeat(100));
  r = cli(['restore', junk, '--force', ...g]);
  assert.match(r.stderr, /不是 SQLite 数据库文件/);
  const other = `${db.dir}/other.db`;
  sql('CREATE TABLE t (x);', other);
  assert.match(cli(['restore', other, '--force', ...g]).stderr, /不是 bangfu 的数据库/);
  const newer = `${db.dir}/newer.db`;
  copyFileSync(b, newer);
  sql("INSERT INTO schema_migrations VALUES (999, '0999-future', 0);", newer);
  assert.match(cli(['restore', newer, '--force', ...g]).stderr, /更新版本的 bangfu/);
  // a copy whose audit chain was rewritten without the key
  const forged = `${db.dir}/forged.db`;
  copyFileSync(b, forged);
  sql("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{}' WHERE seq = 3;", forged);
  r = cli(['restore', forged, '--force', ...g]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /审计日志链校验失败.*\n没有恢复/);
  // a wrong key: the MACs do not verify
  const key2 = `${db.dir}/other.key`;
  writeFileSync(key2, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  assert.equal(cli(['restore', b, '--force', '--db', `sqlite:${target}`, '--key', key2]).status, 1);
  assert.equal(statSync(target).size, size);
  assert.equal(cli(['audit', 'verify', ...g]).status, 0, 'the target untouched');
  assert.ok(!existsSync(`${target}.restore-${process.pid}`));
  // --force replaces it
  r = cli(['restore', b, '--force', ...g]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(cli(['restore', '--help']).stdout, /--force/);
  assert.match(cli(['backup', '--help']).stdout, /pg_dump/);
  assert.equal(cli(['backup', ...db.g]).status, 2, '--out is required');
});

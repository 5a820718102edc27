// chains.test.mjs - the keyed chains from the command line on SQLite: what
// someone with the database file but not the key file does (the triggers
// dropped, the last audit rows deleted or a reveal row rewritten, the SM3
// chain recomputed here in JavaScript exactly as the documented format
// says) fails `audit verify`; a tail cut with the head moved back passes
// `verify` but not `verify --head` with the head printed by `audit head`;
// the same for a fund ledger with `ledger head` / `ledger verify --head`;
// a database from before the keys (its MAC columns dropped, migration 0007
// applied again) asks for `audit seal`, verifies after it, and finds a
// legacy row rewritten after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cli, freshDb, ADMIN_PASSWORD, ROOT } from '../lib/harness.mjs';

let db, g, file;

function sql(text, f = file) {
  return execFileSync('sqlite3', [f], { input: text, encoding: 'utf8' });
}

const US = '\x1f';
const sm3 = (s) => createHash('sm3').update(s, 'utf8').digest('hex');

// The audit row's hash (core/register/audit.c audit_hash; org_path only when set).
function auditHash(r, prev) {
  const f = [prev, r.seq, r.at, r.user_id, r.username, r.action, r.entity, r.entity_id, r.addr, r.detail];
  if (r.org_path) f.push(r.org_path);
  return sm3(f.join(US));
}

// Recomputes the audit chain of f from its first row and moves the head.
function rechainAudit(f) {
  const rows = JSON.parse(sql('.mode json\nSELECT * FROM audit_log ORDER BY seq;', f) || '[]');
  let prev = '0'.repeat(64);
  const out = ['BEGIN;'];
  for (const r of rows) {
    const h = auditHash(r, prev);
    out.push(`UPDATE audit_log SET prev_hash = '${prev}', hash = '${h}' WHERE seq = ${r.seq};`);
    prev = h;
  }
  out.push(`UPDATE audit_head SET seq = ${rows.length}, hash = '${prev}';`, 'COMMIT;');
  sql(out.join('\n'), f);
  return rows;
}

const DROP = 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';

// A copy of the database to tamper with, and its --db/--key arguments.
function copy(name) {
  const f = `${db.dir}/${name}.db`;
  sql('PRAGMA wal_checkpoint(TRUNCATE);');
  copyFileSync(file, f);
  return { f, args: ['--db', `sqlite:${f}`, '--key', db.key] };
}

before(() => {
  db = freshDb();
  g = ['--db', db.url, '--key', db.key];
  file = db.url.slice('sqlite:'.length);
  let r = cli(['init', ...g, '--admin-password', ADMIN_PASSWORD]);
  assert.equal(r.status, 0, r.stderr);
  const csv = `${db.dir}/in.csv`;
  writeFileSync(csv, '日期,类型,借方科目,贷方科目,金额,摘要\n' +
    Array.from({ length: 6 }, (_, i) => `2024-01-0${i + 2},income,bank,dues,${100 + i},党费\n`).join(''));
  for (let k = 0; k < 3; k++) {
    r = cli(['ledger', 'import', csv, '--org', '000', ...g]);
    assert.equal(r.status, 0, r.stderr);
  }
  r = cli(['member', 'export', '--reveal', '--out', `${db.dir}/m.csv`, ...g]);
  assert.equal(r.status, 0, r.stderr);
});

after(() => db.cleanup());

test('audit head prints SEQ:HASH that verify --head accepts', () => {
  const h = cli(['audit', 'head', ...g]);
  assert.equal(h.status, 0, h.stderr);
  assert.match(h.stdout, /^\d+:[0-9a-f]{64}\n$/);
  let r = cli(['audit', 'verify', '--head', h.stdout.trim(), ...g]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /链外保存的链头在链中/);
  r = cli(['audit', 'verify', '--head', h.stdout.trim().split(':')[1], ...g]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['audit', 'verify', '--head', '12:abc', ...g]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /64 位/);
  assert.match(cli(['audit', 'verify', '--help']).stdout, /--head SEQ:HASH/);
  assert.match(cli(['audit', 'seal', '--help']).stdout, /升级后运行一次/);
});

test('an audit row deleted, the rest renumbered and the chain recomputed: verify fails', () => {
  const { f, args } = copy('cut');
  sql(`${DROP} DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq > 2;`, f);
  const rows = rechainAudit(f);
  assert.ok(rows.length >= 3);
  const r = cli(['audit', 'verify', ...args]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /第 2 条记录密钥校验值不符/);
});

test('a reveal row rewritten and the chain recomputed: verify fails', () => {
  const { f, args } = copy('reveal');
  const seq = sql("SELECT seq FROM audit_log WHERE action = 'reveal';", f).trim();
  assert.ok(seq, 'the export wrote a reveal row');
  sql(`${DROP} UPDATE audit_log SET username = 'nobody', addr = '10.0.0.9' WHERE seq = ${seq};`, f);
  rechainAudit(f);
  const r = cli(['audit', 'verify', ...args]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 \d+ 条记录密钥校验值不符/);
});

test('a tail cut passes verify, but not verify --head', () => {
  const head = cli(['audit', 'head', ...g]).stdout.trim();
  const { f, args } = copy('tail');
  sql(`${DROP} DELETE FROM audit_log WHERE seq > 2;
       UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2);`, f);
  let r = cli(['audit', 'verify', ...args]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['audit', 'verify', '--head', head, ...args]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 3 条起被删除/);
});

test('ledger head and verify --head find a tail cut of a fund', () => {
  const h = cli(['ledger', 'head', ...g]);
  assert.equal(h.status, 0, h.stderr);
  const m = h.stdout.match(/^(\d+)\t(18:[0-9a-f]{64})$/m);
  assert.ok(m, h.stdout);
  let r = cli(['ledger', 'verify', '--fund', m[1], '--head', m[2], ...g]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(cli(['ledger', 'verify', '--head', m[2], ...g]).status, 2, '--head needs --fund');
  const { f, args } = copy('ledger');
  sql(`PRAGMA foreign_keys = OFF;
       DROP TRIGGER ledger_postings_no_delete; DROP TRIGGER ledger_lines_no_delete;
       DELETE FROM ledger_lines WHERE posting_id IN (SELECT id FROM ledger_postings WHERE seq > 12);
       DELETE FROM ledger_postings WHERE seq > 12;
       UPDATE fund_accounts SET balance = (SELECT COALESCE(SUM(amount), 0) FROM ledger_lines l WHERE l.account_id = fund_accounts.id);
       UPDATE funds SET last_seq = 12, head_hash = (SELECT hash FROM ledger_postings WHERE seq = 12),
         balance = (SELECT SUM(balance) FROM fund_accounts a WHERE a.fund_id = funds.id AND a.kind = 'asset');`, f);
  r = cli(['ledger', 'verify', ...args]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['ledger', 'verify', '--fund', m[1], '--head', m[2], ...args]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 13 条起被删除/);
});

test('a posting rewritten and its hash recomputed: ledger verify fails', () => {
  const { f, args } = copy('posting');
  // the memo is hashed; recompute only this posting's hash (the next
  // posting's prev_hash then breaks unless the chain is recomputed too:
  // here the last posting, so no next)
  const last = JSON.parse(sql('.mode json\nSELECT * FROM ledger_postings ORDER BY seq DESC LIMIT 1;', f))[0];
  const lines = JSON.parse(sql(`.mode json\nSELECT account_id, amount FROM ledger_lines WHERE posting_id = ${last.id} ORDER BY line_no;`, f));
  const z = (v) => (v == null ? 0 : v);
  const text = ['ledger/v1', last.fund_id, last.seq, last.posted_at, last.posted_by, last.value_date, last.kind,
    '篡改', z(last.reverses), z(last.link_id), z(last.case_id), z(last.member_id), last.batch_ref, last.donor].join(US) +
    lines.map((l) => `\x1e${l.account_id}:${l.amount}`).join('') + '\x1d' + last.prev_hash;
  const h = sm3(text);
  sql(`DROP TRIGGER ledger_postings_no_update;
       UPDATE ledger_postings SET memo = '篡改', hash = '${h}' WHERE id = ${last.id};
       UPDATE funds SET head_hash = '${h}' WHERE id = ${last.fund_id};`, f);
  const r = cli(['ledger', 'verify', ...args]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 18 号凭证.*密钥校验值不符/);
  assert.equal(cli(['ledger', 'head', ...args]).status, 1, 'no head printed from a forged row');
});

test('a database from before the keyed chains: migrated, sealed once, then verified', () => {
  const { f, args } = copy('legacy');
  // the tables as the release before 0007 left them (no MACs), then 0007
  // applied to them as an upgrade does
  sql(`ALTER TABLE audit_log DROP COLUMN mac;
       ALTER TABLE audit_head DROP COLUMN legacy_seq; ALTER TABLE audit_head DROP COLUMN legacy_mac;
       ALTER TABLE ledger_postings DROP COLUMN mac;
       ALTER TABLE funds DROP COLUMN legacy_seq; ALTER TABLE funds DROP COLUMN legacy_mac;`, f);
  sql(readFileSync(`${ROOT}/src/store/sql/sqlite/0007-keyed-chains.sql`, 'utf8'), f);
  const rows = Number(sql('SELECT seq FROM audit_head;', f));
  let r = cli(['audit', 'verify', ...args]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`第 ${rows} 条记录是升级到密钥链之前的最后一条记录，尚未封存`));
  assert.match(cli(['ledger', 'verify', ...args]).stderr, /尚未封存/);
  r = cli(['audit', 'seal', ...args]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`审计日志升级前的 ${rows} 条记录，1 个基金账簿`));
  assert.equal(cli(['audit', 'verify', ...args]).status, 0);
  assert.equal(cli(['ledger', 'verify', ...args]).status, 0);
  assert.match(cli(['audit', 'seal', ...args]).stdout, /没有需要封存/);
  // new rows carry their MACs; the head printed from them verifies
  const csv = `${db.dir}/one.csv`;
  writeFileSync(csv, '借方科目,贷方科目,金额\nbank,dues,1\n');
  assert.equal(cli(['ledger', 'import', csv, '--org', '000', ...args]).status, 0);
  const head = cli(['audit', 'head', ...args]).stdout.trim();
  assert.ok(Number(head.split(':')[0]) > rows);
  assert.equal(cli(['audit', 'verify', '--head', head, ...args]).status, 0);
  assert.equal(cli(['ledger', 'verify', ...args]).status, 0);
  // a legacy row rewritten without the key after the seal
  sql(`${DROP} UPDATE audit_log SET detail = '{}' WHERE seq = 1;`, f);
  rechainAudit(f);
  // the rechained rows up to the seal no longer match the seal's MAC
  assert.match(cli(['audit', 'verify', ...args]).stderr, new RegExp(`第 ${rows} 条记录升级前记录的封存校验值不符`));
});

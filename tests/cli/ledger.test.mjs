// ledger.test.mjs - `bangfu ledger verify|funds|import` running the real
// binary on a SQLite database: an import all or nothing (the failing line
// named), verify passing, then the ledger tampered with by hand through
// sqlite3 (the append-only triggers dropped first, as an administrator
// would have to) — a changed amount, a changed memo, a deleted posting —
// each found by verify with a non-zero exit naming fund, seq and posting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cli, freshDb, ADMIN_PASSWORD } from '../lib/harness.mjs';

let db, g, file;

function sql(text) {
  return execFileSync('sqlite3', [file], { input: text, encoding: 'utf8' });
}

function verify(...extra) {
  return cli(['ledger', 'verify', ...g, ...extra]);
}

before(() => {
  db = freshDb();
  g = ['--db', db.url, '--key', db.key];
  file = db.url.slice('sqlite:'.length);
  const r = cli(['init', ...g, '--admin-password', ADMIN_PASSWORD]);
  assert.equal(r.status, 0, r.stderr);
});

after(() => db.cleanup());

test('--help names the options', () => {
  const r = cli(['ledger', 'verify', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--fund ID/);
  assert.match(cli(['ledger', 'import', '--help']).stdout, /借方科目/);
  assert.equal(cli(['ledger', 'verify', '--fund', 'x', ...g]).status, 2);
});

test('an empty ledger verifies', () => {
  const r = verify();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0 个基金，0 张凭证/);
});

test('import: all or nothing, the failing line named', () => {
  const bad = `${db.dir}/bad.csv`;
  writeFileSync(bad, '日期,类型,借方科目,贷方科目,金额,摘要\n2024-01-02,income,银行存款,党费,"1,000.00",党费\n2024-01-03,payment,yearly_aid,bank,600,帮扶\n2024-01-04,payment,yearly_aid,bank,600,帮扶\n');
  let r = cli(['ledger', 'import', bad, '--org', '000', ...g]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 4 行：基金余额不足：当前余额 400\.00 元，本次支出 600\.00 元/);
  assert.match(r.stderr, /没有导入任何凭证/);
  writeFileSync(bad, '借方科目,贷方科目,金额\n糖果,bank,5\n');
  r = cli(['ledger', 'import', bad, '--org', '000', ...g]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 2 行：科目“糖果”不存在/);
  r = cli(['ledger', 'funds', ...g]);
  assert.match(r.stdout, /^1\t.*帮扶基金\t0\.00\t0$/m, 'the fund exists, empty');

  const good = `${db.dir}/good.csv`;
  const rows = ['日期,类型,借方科目,贷方科目,金额,摘要', '2024-01-02,income,bank,finance,10000,区财政拨款'];
  for (let i = 1; i <= 6; i++) rows.push(`2024-02-0${i},payment,yearly_aid,bank,600,第${i}户`);
  writeFileSync(good, `${rows.join('\n')}\n`);
  r = cli(['ledger', 'import', good, '--fund', '1', '--batch', 'B-2024', ...g]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /已导入 7 张凭证/);
  assert.match(cli(['ledger', 'funds', ...g]).stdout, /^1\t.*\t6,400\.00\t7$/m);
  r = verify();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 个基金，7 张凭证，14 行分录/);
});

test('the triggers refuse changes', () => {
  assert.throws(() => execFileSync('sqlite3', [file], { input: 'UPDATE ledger_lines SET amount = 1;', stdio: 'pipe' }), /append-only/);
  assert.throws(() => execFileSync('sqlite3', [file], { input: 'DELETE FROM ledger_postings WHERE seq = 3;', stdio: 'pipe' }), /append-only/);
});

test('tampering is found and named', () => {
  sql('DROP TRIGGER ledger_lines_no_update; DROP TRIGGER ledger_lines_no_delete; DROP TRIGGER ledger_postings_no_update; DROP TRIGGER ledger_postings_no_delete;');
  const id = (seq) => Number(sql(`SELECT id FROM ledger_postings WHERE fund_id = 1 AND seq = ${seq};`).trim());

  // an amount changed on both lines: still balanced, the hash breaks
  sql(`UPDATE ledger_lines SET amount = amount * 2 WHERE posting_id = ${id(3)};`);
  let r = verify('--fund', '1');
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`基金 1 第 3 号凭证（凭证编号 ${id(3)}）：内容已被修改（哈希不符）`));
  assert.match(r.stderr, new RegExp(`第一条异常：基金 1，第 3 号凭证，凭证编号 ${id(3)}`));
  sql(`UPDATE ledger_lines SET amount = amount / 2 WHERE posting_id = ${id(3)};`);
  assert.equal(verify().status, 0, 'put back, it verifies again');

  // a memo changed
  sql(`UPDATE ledger_postings SET memo = '第九户' WHERE id = ${id(5)};`);
  r = verify();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 5 号凭证.*哈希不符/);
  sql(`UPDATE ledger_postings SET memo = '第4户' WHERE id = ${id(5)};`);
  assert.equal(verify().status, 0);

  // one line removed: unbalanced
  const four = id(4);
  const line = sql(`SELECT account_id, amount FROM ledger_lines WHERE posting_id = ${four} AND line_no = 2;`).trim().split('|');
  sql(`DELETE FROM ledger_lines WHERE posting_id = ${four} AND line_no = 2;`);
  r = verify();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 4 号凭证.*分录行缺失/);
  sql(`INSERT INTO ledger_lines VALUES (${four}, 2, ${line[0]}, ${line[1]});`);
  assert.equal(verify().status, 0);

  // a whole posting deleted
  const two = id(2);
  sql(`PRAGMA foreign_keys = OFF; DELETE FROM ledger_lines WHERE posting_id = ${two}; DELETE FROM ledger_postings WHERE id = ${two};`);
  r = verify();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 2 号凭证缺失/);

  // a balance changed
  sql("UPDATE fund_accounts SET balance = balance + 100 WHERE code = 'cash';");
  r = verify();
  assert.equal(r.status, 1);
});

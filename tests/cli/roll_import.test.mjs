// roll_import.test.mjs - `bangfu roll import FILE` (建库, issue #11) with the
// real binary on the demo district: --help, a 台账 as CSV with a title row
// and the values as people type them, every bad row listed with its line
// and nothing stored, --errors, --skip-invalid, and the same file again
// refused because its members are on the roll.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, initDb } from '../lib/harness.mjs';

let db;
before(() => { db = initDb({ members: 12 }); });
after(() => db.cleanup());
const run = (args) => cli([...args, ...db.g]);

test('roll import --help and usage', () => {
  const h = cli(['roll', 'import', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /用法：bangfu roll import FILE/);
  assert.match(h.stdout, /身份证号码,纳入日期,类别,档次/);
  assert.match(h.stdout, /--skip-invalid/);
  assert.match(cli(['--help']).stdout, /roll import/);
  assert.equal(run(['roll', 'import']).status, 2);
  assert.equal(run(['roll', 'import', 'a.csv', '--bogus']).status, 2);
});

test('a 台账 as CSV: bad rows listed with their lines, all or nothing, then the good rows', () => {
  const out = join(db.dir, 'members.csv');
  assert.equal(run(['member', 'export', '--reveal', '--out', out]).status, 0);
  const members = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const [m1, m2, m3] = members; // 姓名 … 身份证号码 (column 6)
  const file = join(db.dir, 'roll.csv');
  writeFileSync(file, [
    '城关镇困难党员台账,,,,,,,,,,',
    '身份证号码,姓名,纳入日期,类别,档次,致困原因,人均年纯收入（元）,收入来源,享受其他补贴,思想动态,急需何种帮助',
    `${m1[5]},${m1[0]},2025-6-1,造血型,特别困难,因病、缺劳力,"3,600",务农,低保,积极,医疗救助`,
    `${m2[5]},,2025年6月1日,输血型,比较困难,因残 其他,3600元,,,,`,
    `${m3[5]},,45809,关爱,暂时困难,,3600.5,,,,`,
    '11010519491231002X,,2025-06-01,造血型,特别困难,因病,100,,,,',
    `${m1[5]},,2025-06-01,造血型,特别困难,因懒,100,,,,`,
  ].join('\r\n'));
  const errors = join(db.dir, 'bad.csv');
  let r = run(['roll', 'import', file, '--errors', errors]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 6 行，身份证号码/);
  assert.match(r.stderr, /第 7 行，身份证号码：与第 3 行是同一党员/);
  assert.match(r.stderr, /未导入任何台账记录/);
  assert.match(r.stdout, /导入 0 行，错误 2 行/);
  assert.match(readFileSync(errors, 'utf8'), /^\uFEFF行号,错误列,原因,身份证号码/);
  assert.equal(JSON.parse(run(['roll', 'list', '--json']).stdout).length, 0, 'nothing stored');
  r = run(['roll', 'import', file, '--skip-invalid']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /导入 3 行，错误 2 行/);
  const roll = JSON.parse(run(['roll', 'list', '--json']).stdout);
  assert.equal(roll.length, 3);
  assert.ok(roll.every((x) => x.source === 'import' && x.status === 'active' && x.since_on === '2025-06-01'));
  const first = roll.find((x) => x.member_name === m1[0]);
  assert.equal(first.category, 'capacity');
  assert.equal(first.income_fen, 360000);
  r = run(['roll', 'import', file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /已在困难党员台账中/);
});

// roll_review.test.mjs - `bangfu roll review open|list|progress|close` with
// the real binary on the demo district (whose demo left this half-year's
// review half done): help and usage, errors in Chinese with a non-zero
// exit, a review opened for the whole district (every entry on the roll an
// item), its progress per committee, closing once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, initDb } from '../lib/harness.mjs';

let db;
before(() => { db = initDb({ members: 30, cases: true }); });
after(() => db.cleanup());

const run = (args, env = {}) => cli([...args, ...db.g], { env });
const COMMANDS = ['roll review open', 'roll review list', 'roll review progress', 'roll review close'];
const day = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);

test('each review command has --help and bad usage exits 2', () => {
  for (const c of COMMANDS) {
    const h = cli([...c.split(' '), '--help']);
    assert.equal(h.status, 0, c);
    assert.match(h.stdout, /用法：bangfu roll review/);
  }
  assert.match(cli(['roll', 'review', 'open', '--help']).stdout, /--kind[\s\S]*--finish/);
  assert.equal(run(['roll', 'review', 'open', '--kind', 'june']).status, 2, 'no finish date');
  assert.equal(run(['roll', 'review', 'progress']).status, 2);
  assert.equal(run(['roll', 'review', 'close', 'x']).status, 2);
});

test('open for the district, progress, close once', () => {
  const bad = run(['roll', 'review', 'open', '--kind', 'july', '--finish', day(10)]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /调整批次/);
  const late = run(['roll', 'review', 'open', '--kind', 'june', '--year', '2031', '--finish', day(-1)]);
  assert.notEqual(late.status, 0);
  assert.match(late.stderr, /完成期限不能早于今天/);
  const onRoll = JSON.parse(run(['roll', 'list', '--json', '--limit', '10000']).stdout).filter((x) => x.status === 'active').length;
  const r = run(['roll', 'review', 'open', '--kind', 'june', '--year', '2031', '--finish', day(10)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`已开启 2031 年 6 月台账动态调整（编号 (\\d+)），纳入 ${onRoll} 名`));
  const id = r.stdout.match(/编号 (\d+)/)[1];
  const again = run(['roll', 'review', 'open', '--kind', 'june', '--year', '2031', '--finish', day(10)]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /已经开启/);
  const list = run(['roll', 'review', 'list']).stdout;
  assert.match(list, /2031 年 6 月台账动态调整/);
  assert.match(list, /进行中/);
  const p = run(['roll', 'review', 'progress', id]).stdout.trim().split('\n');
  assert.match(p[0], /组织\t人数\t待填报/);
  const sum = p.slice(1).reduce((s, l) => s + Number(l.split('\t')[1]), 0);
  assert.equal(sum, onRoll, 'every entry on the roll counted once');
  assert.equal(run(['roll', 'review', 'close', id]).status, 0);
  const twice = run(['roll', 'review', 'close', id]);
  assert.notEqual(twice.status, 0);
  assert.match(twice.stderr, /已经结束/);
});

// plans.test.mjs - `bangfu care plans` with the real binary on the demo
// district with its year of care (help plans of 城关镇's members on the
// roll): help and usage, the JSON list with each plan's measures counted,
// an organisation's subtree, the year and overdue filters, the text form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, initDb } from '../lib/harness.mjs';

let db;
before(() => { db = initDb({ members: 300, cases: true }); });
after(() => db.cleanup());

const run = (args) => cli([...args, ...db.g]);
const json = (args) => {
  const r = run([...args, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

test('--help lists the options; bad usage exits 2', () => {
  const h = cli(['care', 'plans', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /用法[\s\S]*--year[\s\S]*--org[\s\S]*--overdue[\s\S]*--json/);
  assert.match(cli(['--help']).stdout, /care plans/);
  assert.equal(run(['care', 'plans', '--year', 'abc']).status, 2);
  assert.equal(run(['care', 'plans', 'extra']).status, 2);
});

test('the demo\'s plans, their subtree, year and overdue filters, and the text form', () => {
  const all = json(['care', 'plans']);
  assert.ok(all.length >= 3, `${all.length} plans`);
  for (const p of all) {
    assert.ok(p.measures >= 1 && p.done + p.dropped <= p.measures, JSON.stringify(p));
    assert.ok(p.member_name && p.org_name && p.goal);
  }
  const year = all[0].year;
  assert.equal(json(['care', 'plans', '--year', String(year)]).length, all.filter((p) => p.year === year).length);
  assert.equal(json(['care', 'plans', '--year', String(year - 5)]).length, 0);
  const mine = json(['care', 'plans', '--org', 'T01V01']);
  assert.ok(mine.length >= 1 && mine.length <= all.length);
  assert.ok(mine.every((p) => p.org_name === '东风村党支部'));
  const late = json(['care', 'plans', '--overdue']);
  assert.ok(late.length >= 1, 'a few measures are past due in the demo');
  assert.ok(late.every((p) => p.overdue > 0));
  const text = run(['care', 'plans']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`帮扶计划共 ${all.length} 份\\n年度\\t帮扶对象`));
  assert.equal(run(['care', 'plans', '--org', 'NOPE']).status, 1);
});

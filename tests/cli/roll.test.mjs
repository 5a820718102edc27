// roll.test.mjs - `bangfu roll list|show|register|confirm|reject|exit` with
// the real binary on the demo district (whose approved cases entered their
// members on the roll): help and usage, the list now and as of a day, one
// entry with its history, registration and exit.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, initDb } from '../lib/harness.mjs';

let db;
before(() => { db = initDb({ members: 30, cases: true }); });
after(() => db.cleanup());

const run = (args, env = {}) => cli([...args, ...db.g], { env });
const COMMANDS = ['roll list', 'roll show', 'roll register', 'roll confirm', 'roll reject', 'roll exit'];

describe('help', () => {
  test('each roll command has --help and bad usage exits 2', () => {
    for (const c of COMMANDS) {
      const h = cli([...c.split(' '), '--help']);
      assert.equal(h.status, 0, c);
      assert.match(h.stdout, /用法/);
      assert.match(cli(['--help']).stdout, new RegExp(c));
    }
    assert.match(cli(['roll', 'list', '--help']).stdout, /--as-of[\s\S]*--json/);
    assert.match(cli(['roll', 'exit', '--help']).stdout, /deceased/);
    assert.equal(run(['roll', 'show']).status, 2);
    assert.equal(run(['roll', 'list', '--view', 'nonsense']).status, 2);
    assert.equal(run(['roll', 'list', '--as-of', '2025-02-30']).status, 2);
    assert.equal(run(['roll', 'exit', '1', '--on', '2025-01-01']).status, 2, 'no reason');
  });
});

describe('the roll', () => {
  test('list, show, register, exit and the roll as of a day', () => {
    const current = JSON.parse(run(['roll', 'list', '--json', '--limit', '1000']).stdout);
    const all = JSON.parse(run(['roll', 'list', '--json', '--view', 'all', '--limit', '1000']).stdout);
    const cases = current.filter((y) => y.source === 'case');
    assert.ok(cases.length > 0, 'the demo\'s approved cases entered the roll');
    assert.ok(current.every((x) => ['active', 'exiting'].includes(x.status)));
    const x = cases[cases.length - 1];
    const show = run(['roll', 'show', String(x.id)]);
    assert.equal(show.status, 0, show.stderr);
    assert.match(show.stdout, new RegExp(x.member_name));
    assert.match(show.stdout, /变动记录/);
    // an exit today: gone from the roll now, still on it the day before
    let r = run(['roll', 'exit', String(x.id), '--on', '1999-01-01', '--reason', 'work']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /脱困日期不能早于纳入日期/);
    r = run(['roll', 'exit', String(x.id), '--on', x.since_on, '--reason', 'moved']);
    assert.equal(r.status, 0, r.stderr);
    const now = JSON.parse(run(['roll', 'list', '--json', '--limit', '1000']).stdout);
    assert.ok(!now.some((y) => y.id === x.id));
    const exited = JSON.parse(run(['roll', 'list', '--json', '--view', 'exited']).stdout);
    const mine = exited.filter((y) => y.id === x.id);
    assert.equal(mine.length, 1, 'the exit is on the exited view');
    assert.equal(mine[0].until_on, x.since_on);
    // registered again: a relapse linked to the exited period
    r = run(['roll', 'register', '--member', String(x.member_id), '--category', 'relief', '--tier', 'severe', '--causes', 'illness']);
    assert.equal(r.status, 0, r.stderr);
    const again = JSON.parse(run(['roll', 'list', '--json', '--limit', '1000']).stdout).find((y) => y.member_id === x.member_id);
    assert.equal(again.relapse_of, x.id);
    assert.equal(again.source, 'relapse');
    assert.ok(again.since_on >= x.since_on);
    r = run(['roll', 'register', '--member', String(x.member_id), '--category', 'relief', '--tier', 'severe']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /已在困难党员台账中/);
    // a living member not on the roll (the demo's care has members die)
    const lazy = (id) => run(['roll', 'register', '--member', String(id), '--category', 'lazy', '--tier', 'severe']);
    const free = [...Array(30).keys()].map((i) => i + 1)
      .filter((id) => !all.some((y) => y.member_id === id))
      .find((id) => !/已亡故/.test(lazy(id).stderr));
    r = lazy(free);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /类别/);
    // nothing was waiting for confirmation: the command line is the department
    assert.equal(JSON.parse(run(['roll', 'list', '--json', '--view', 'pending']).stdout).length, 0);
    assert.equal(run(['roll', 'confirm', String(x.id)]).status, 1);
  });
});

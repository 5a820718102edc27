// care.test.mjs - `bangfu care birthdays` and `care medals` with the real binary on the demo
// district: help and usage, the political birthdays of each month of a
// year (every day's anniversary of its 入党时间 with the years of party
// age), the default week from BANGFU_TODAY, an organisation's subtree, the
// text form, and a range refused.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cli, initDb } from '../lib/harness.mjs';

let db;
before(() => { db = initDb({ members: 60 }); });
after(() => db.cleanup());

const run = (args, env = {}) => cli([...args, ...db.g], { env });
const json = (args, env) => {
  const r = run([...args, '--json'], env);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

describe('care birthdays', () => {
  test('--help lists the options; bad usage exits 2', () => {
    const h = cli(['care', 'birthdays', '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /用法[\s\S]*--from[\s\S]*--to[\s\S]*--org[\s\S]*--json/);
    assert.match(h.stdout, /2 月 29 日/);
    assert.match(cli(['--help']).stdout, /care birthdays/);
    assert.equal(run(['care', 'birthdays', '--from', '2027-02-30']).status, 2);
    assert.equal(run(['care', 'birthdays', 'extra']).status, 2);
  });

  test('each month of 2027: anniversaries in the range with their party age, each member once', () => {
    const seen = new Set();
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0');
      const last = new Date(Date.UTC(2027, m, 0)).getUTCDate();
      const items = json(['care', 'birthdays', '--from', `2027-${mm}-01`, '--to', `2027-${mm}-${last}`]);
      for (const x of items) {
        assert.ok(x.anniversary.startsWith(`2027-${mm}-`), x.anniversary);
        const md = x.joined_on.slice(5);
        assert.equal(x.anniversary.slice(5), md === '02-29' ? '02-28' : md);
        assert.equal(x.party_years, 2027 - Number(x.joined_on.slice(0, 4)));
        assert.ok(x.party_years >= 1);
        assert.ok(!seen.has(x.member_id), 'once a year');
        seen.add(x.member_id);
      }
      for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].anniversary <= items[i].anniversary);
    }
    assert.ok(seen.size > 20, `${seen.size} members with a political birthday in 2027`);
  });

  test('the week from BANGFU_TODAY by default, an organisation\'s subtree, the text form', () => {
    const week = json(['care', 'birthdays'], { BANGFU_TODAY: '2027-07-01' });
    assert.deepEqual(week, json(['care', 'birthdays', '--from', '2027-07-01', '--to', '2027-07-07']));
    const all = json(['care', 'birthdays', '--from', '2027-03-01', '--to', '2027-03-31']);
    const town = json(['care', 'birthdays', '--from', '2027-03-01', '--to', '2027-03-31', '--org', 'T01']);
    assert.ok(town.every((x) => all.some((y) => y.member_id === x.member_id)));
    const t = run(['care', 'birthdays', '--from', '2027-03-01', '--to', '2027-03-31']);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, new RegExp(`2027-03-01 至 2027-03-31 政治生日共 ${all.length} 人`));
    assert.match(t.stdout, /政治生日\t姓名\t党组织\t入党时间\t党龄/);
    const bad = run(['care', 'birthdays', '--from', '2027-03-01', '--to', '2027-04-01']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /31 天/);
    assert.equal(run(['care', 'birthdays', '--org', 'NOPE']).status, 1);
  });
});

describe('care medals', () => {
  test('--help lists the options; bad usage exits 2', () => {
    const h = cli(['care', 'medals', '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /用法[\s\S]*--year[\s\S]*--org[\s\S]*--out[\s\S]*--json/);
    assert.match(cli(['--help']).stdout, /care medals/);
    assert.equal(run(['care', 'medals', '--year', 'abc']).status, 2);
    assert.equal(run(['care', 'medals', '--json', '--out', 'x.pdf']).status, 2);
    assert.equal(run(['care', 'medals', 'extra']).status, 2);
  });

  test('the members who joined 50 years before, as JSON, text, PDF and XLSX', () => {
    // every year of the demo's joiners: the list holds exactly those who joined year - 50
    let found = 0;
    for (let year = 2010; year <= 2030 && !found; year++) {
      const items = json(['care', 'medals', '--year', String(year)]);
      for (const x of items) {
        assert.equal(x.party_years, 50);
        assert.ok(x.joined_on.startsWith(String(year - 50)), x.joined_on);
      }
      found = items.length ? year : 0;
    }
    assert.ok(found, 'some demo member reaches 50 years');
    const text = run(['care', 'medals', '--year', String(found)]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /光荣在党50年/);
    assert.match(text.stdout, /序号\t党组织\t姓名/);
    for (const ext of ['pdf', 'xlsx']) {
      const out = `${db.dir}/medals.${ext}`;
      const r = run(['care', 'medals', '--year', String(found), '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      const head = readFileSync(out).subarray(0, 4).toString('latin1');
      assert.equal(head, ext === 'pdf' ? '%PDF' : 'PK\u0003\u0004');
    }
    const bad = run(['care', 'medals', '--out', `${db.dir}/medals.txt`]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /\.pdf 或 \.xlsx/);
    assert.equal(run(['care', 'medals', '--org', 'NOPE']).status, 1);
  });
});

// 一人一档 from the command line (issue #12): the same PDF as the console's.
describe('member file', () => {
  test('--help; a member\'s whole file as one PDF; an unknown member refused', async () => {
    const h = cli(['member', 'file', '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /用法[\s\S]*member file ID --out/);
    assert.match(cli(['--help']).stdout, /member file/);
    assert.equal(run(['member', 'file', '1']).status, 2, 'without --out');
    const { join } = await import('node:path');
    const { execFileSync } = await import('node:child_process');
    const out = join(db.dir, 'file-1.pdf');
    const r = run(['member', 'file', '1', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.match(text, /党员帮扶关怀档案（一人一档）/);
    const bad = run(['member', 'file', '999999', '--out', join(db.dir, 'none.pdf')]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /党员不存在/);
  });
});

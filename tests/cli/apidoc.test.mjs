// apidoc.test.mjs - the documentation against the code: every route of the
// route table (read through the hidden `bangfu routes --json`) has its
// heading in docs/API.md and every heading names a route; every error code
// of data/errors.tsv is in API.md's table of errors under its status; every
// command line of README.md names a command whose --help lists its options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT } from '../lib/harness.mjs';

const API = readFileSync(join(ROOT, 'docs/API.md'), 'utf8');

// "GET /api/v1/cases?state=&…" and "{year}" / "{version}" as the table writes them.
const normal = (s) => s.replace(/\?.*$/, '').replace(/\{[a-z_]+\}/g, '{id}');

test('every route is documented in API.md, and every documented route exists', () => {
  const r = cli(['routes', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const table = new Set(JSON.parse(r.stdout).map((x) => `${x.method} ${x.pattern}`));
  const documented = new Set();
  for (const line of API.split('\n')) {
    if (!/^#{2,5} `/.test(line)) continue;
    for (const m of line.matchAll(/`(GET|POST|PATCH|PUT|DELETE) (\/[^`]*)`/g))
      documented.add(`${m[1]} ${normal(m[2])}`);
  }
  assert.ok(table.size > 80, `${table.size} routes`);
  assert.deepEqual([...table].filter((x) => !documented.has(x)), [], 'routes without a heading in API.md');
  assert.deepEqual([...documented].filter((x) => !table.has(x)), [], 'headings in API.md naming no route');
});

test("every error code is in API.md's table of errors under its status", () => {
  const rows = new Map(); // status → the codes of its row
  for (const m of API.matchAll(/^ {2}\| (\d{3}) \| ([^|]+) \|/gm))
    rows.set(m[1], new Set([...m[2].matchAll(/`([a-z_]+)`/g)].map((c) => c[1])));
  const codes = readFileSync(join(ROOT, 'data/errors.tsv'), 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'))
    .filter((f) => f.length >= 3 && f[1] !== '200');
  assert.ok(codes.length > 20, `${codes.length} codes`);
  const missing = codes.filter(([, status, code]) => !rows.get(status)?.has(code)).map(([, s, c]) => `${s} ${c}`);
  assert.deepEqual(missing, []);
});

test("README's command lines name commands and options their --help lists", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const lines = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((m) => m[1].split('\n'))
    .flatMap((l) => [...l.matchAll(/(?:^|[\s:/;])bangfu ([a-z][^#|>]*)/g)].map((m) => m[1].trim()))
    .filter((l) => l);
  assert.ok(lines.length >= 15, `${lines.length} command lines`);
  for (const line of lines) {
    const words = line.split(/\s+/);
    // the command is one word, two ("user add") or three ("roll review open"): the longest that has a --help
    let help = null;
    for (const n of [3, 2, 1]) {
      if (words.length < n || words.slice(0, n).some((w) => w.startsWith('-'))) continue;
      const r = cli([...words.slice(0, n), '--help']);
      if (r.status === 0 && /^用法：bangfu /.test(r.stdout)) { help = r.stdout; break; }
    }
    assert.ok(help, `bangfu ${line}: no such command`);
    for (const opt of line.match(/--[a-z-]+/g) || [])
      assert.ok(help.includes(opt), `bangfu ${line}: ${opt} is not in its --help`);
  }
});

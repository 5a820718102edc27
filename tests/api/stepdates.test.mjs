// stepdates.test.mjs - the demo's printed forms carry the demo's step
// dates (issue #10) over HTTP against a real `bangfu serve` (SQLite by
// default; PostgreSQL when BANGFU_TEST_PG is set).  `bangfu demo` takes its
// cases through the procedure day by day (BANGFU_TODAY set per step), and
// each timeline row records the day the procedure counted (taken_on), so
// the 信息登记表 dates the committee's review and the department's approval
// with those days, not with the day the demo was loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { initDb, Stage, cast, sanitizerEnv, ok } from '../lib/harness.mjs';

let db, stage, admin;

before(async () => {
  db = initDb({ members: 60, cases: true });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin } = await cast(stage));
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

// 2024-03-05 → 2024年3月5日, as the forms print a day.
const cn = (d) => { const [y, m, dd] = d.split('-').map(Number); return `${y}年${m}月${dd}日`; };

test('the demo\'s forms date review and approval with the demo\'s step days', async () => {
  const loaded = new Date().toISOString().slice(0, 10); // about the day the demo ran
  const cases = (await ok(admin.get('/api/v1/cases?kind=yearly&size=100'))).items;
  let checked = 0;
  for (const c of cases) {
    const tl = (await ok(admin.get(`/api/v1/cases/${c.id}/timeline`))).items;
    const review = tl.findLast((t) => t.event === 'review');
    const approve = tl.findLast((t) => t.event === 'approve');
    if (!review || !approve) continue;
    for (const t of [review, approve]) assert.match(t.taken_on, /^\d{4}-\d{2}-\d{2}$/, `case ${c.id}: ${t.event} has its day`);
    if (approve.taken_on >= loaded || review.taken_on >= loaded) continue; // a step of the demo's today proves nothing
    const r = await fetch(admin.base + `/api/v1/cases/${c.id}/documents/registration`, { headers: { Cookie: admin.cookie } });
    assert.equal(r.status, 200);
    const file = join(db.dir, `reg-${c.id}.pdf`);
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes(cn(review.taken_on)), `case ${c.id}: reviewed ${review.taken_on} in\n${text}`);
    assert.ok(text.includes(cn(approve.taken_on)), `case ${c.id}: approved ${approve.taken_on} in\n${text}`);
    assert.ok(!text.includes(cn(loaded)), `case ${c.id}: nothing dated the day the demo was loaded`);
    if (++checked >= 3) break;
  }
  assert.ok(checked > 0, 'the demo has yearly cases reviewed and approved on earlier days');
});

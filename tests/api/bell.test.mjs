// bell.test.mjs - the message bell (issue #10) against a real `bangfu
// serve` (SQLite; PostgreSQL when BANGFU_TEST_PG is set): GET
// /api/v1/todo/bell counts the caller's to-do items that are new since the
// bell was last opened or due within three working days (until opened that
// day); POST /api/v1/todo/seen opens it, stored on the account so it
// follows the user to another session; nothing of another subtree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, Stage, cast, sanitizerEnv, ok, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, stage, admin, town, branch, auditor, other;
const org = {};

before(async () => {
  db = initDb({ members: 60, cases: true });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, town, branch, auditor } = await cast(stage));
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  org.branch = orgs.find((o) => o.code === 'T01V01');
  org.other = orgs.find((o) => o.code === 'T02V01');
  await ok(admin.post('/api/v1/users', { username: 'branch0201', display_name: '另一支部', role: 'branch', org_id: org.other.id, password: DEMO_PASSWORD }), 201);
  other = await stage.login('branch0201');
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

const bell = (c) => ok(c.get('/api/v1/todo/bell'));

test('never opened: every to-do item is new; the due ones are marked due', async () => {
  const b = await bell(branch);
  const todo = await ok(branch.get('/api/v1/todo'));
  assert.equal(b.seen_at, null);
  assert.equal(b.count, todo.items.length, 'every item rings');
  assert.ok(b.count > 0);
  assert.ok(b.items.length <= 10 && b.items.length === Math.min(10, b.count));
  assert.match(b.horizon, /^\d{4}-\d{2}-\d{2}$/);
  for (const i of b.items) {
    assert.ok(i.new || i.due_soon);
    assert.equal(i.due_soon, !!i.due_on && i.due_on <= b.horizon, i.title);
  }
  assert.equal(b.due_soon, todo.items.filter((i) => i.due_on && i.due_on <= b.horizon).length);
  assert.equal((await bell(auditor)).count, 0, 'an auditor has nothing to do');
});

test('opening it clears the count, on every session of the account', async () => {
  const s = await ok(branch.post('/api/v1/todo/seen', {}));
  assert.match(s.seen_at, /^\d{4}-\d{2}-\d{2}T/);
  const b = await bell(branch);
  assert.equal(b.count, 0);
  assert.equal(b.new, 0);
  assert.equal(b.due_soon, 0, 'due items were seen today');
  assert.deepEqual(b.items, []);
  assert.equal(b.seen_at, s.seen_at);
  const again = await stage.login('branch0101');
  assert.equal((await bell(again)).count, 0, 'another device of the same user');
  assert.ok((await bell(town)).count > 0, 'another user\'s bell is their own');
  // a POST without the CSRF token changes nothing
  assert.equal((await town.post('/api/v1/todo/seen', {}, { csrf: false })).status, 403);
  assert.ok((await bell(town)).count > 0);
});

test('a new item after that rings as new; nothing from another subtree', async () => {
  // a second apart: seen_at and the case's time are whole seconds
  await new Promise((res) => setTimeout(res, 1100));
  const m = (await ok(branch.get(`/api/v1/members?org=${org.branch.id}&size=200`))).items.at(-1);
  const c = await ok(branch.post('/api/v1/cases', { member_id: m.id, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000 }), 201);
  const b = await bell(branch);
  assert.equal(b.count, 1);
  assert.equal(b.new, 1);
  assert.equal(b.items[0].case_id, c.id);
  assert.equal(b.items[0].new, true);
  assert.equal((await bell(other)).items.filter((i) => i.case_id === c.id).length, 0);
  await ok(branch.post('/api/v1/todo/seen', {}));
  assert.equal((await bell(branch)).count, 0);
});

// shutdown.test.mjs - SIGTERM lets in-flight requests finish, then exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, startServer, ADMIN_PASSWORD, assertClean } from '../lib/harness.mjs';

test('SIGTERM during a login: the login completes, then the server exits 0', async () => {
  const db = initDb({ members: 5 });
  const srv = await startServer(db);
  try {
    // A login takes tens of milliseconds (Argon2id): it is in flight when the signal lands.
    const pending = fetch(`${srv.base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    await new Promise((r) => setTimeout(r, 5));
    const exited = srv.stop();
    const r = await pending;
    assert.equal(r.status, 200);
    assert.equal(await exited, 0);
    assertClean(srv);
    // the listening socket is gone
    await assert.rejects(fetch(`${srv.base}/api/v1/health`));
  } finally {
    await srv.stop();
    db.cleanup();
  }
});

test('a session ends after the idle timeout; activity keeps it alive', async () => {
  const { Client } = await import('../lib/harness.mjs');
  const db = initDb({ members: 0 });
  const srv = await startServer(db, ['--idle-timeout', '3s']);
  try {
    const c = new Client(srv.base);
    assert.equal((await c.login('admin', ADMIN_PASSWORD)).status, 200);
    for (let i = 0; i < 3; i++) { // active for 4.5 s: longer than the timeout
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await c.get('/api/v1/session')).status, 200, `still alive after ${(i + 1) * 1.5} s of activity`);
    }
    await new Promise((r) => setTimeout(r, 4500));
    const r = await c.get('/api/v1/session');
    assert.equal(r.status, 401);
    assert.match(r.json.error.message, /超时|登录/);
  } finally {
    await srv.stop();
    db.cleanup();
  }
});

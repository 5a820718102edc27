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

// shutdown.test.mjs - SIGTERM lets in-flight requests finish, then exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { initDb, startServer, ADMIN_PASSWORD, assertClean } from '../lib/harness.mjs';

test('SIGTERM during a request: the request completes, then the server exits 0', async () => {
  const db = initDb({ members: 5 });
  const srv = await startServer(db);
  try {
    // Half the body is sent, so the server has begun the request when the
    // signal lands; the rest follows the signal.
    const body = JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD });
    const answer = new Promise((res, rej) => {
      const q = http.request({ host: '127.0.0.1', port: srv.port, method: 'POST', path: '/api/v1/session', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (r) => { r.resume(); r.on('end', () => res(r.statusCode)); });
      q.on('error', rej);
      q.write(body.slice(0, 10));
      setTimeout(() => {
        srv.child.kill('SIGTERM');
        setTimeout(() => q.end(body.slice(10)), 200);
      }, 300);
    });
    const exited = new Promise((r) => srv.child.on('exit', (code) => r(code)));
    assert.equal(await answer, 200);
    assert.equal(await exited, 0);
    assertClean(srv);
    await assert.rejects(fetch(`${srv.base}/api/v1/health`)); // the listening socket is gone
  } finally {
    await srv.stop();
    db.cleanup();
  }
});

test('a session ends after the idle timeout; activity keeps it alive', async () => {
  const { Client } = await import('../lib/harness.mjs');
  const db = initDb({ members: 0 });
  // a 5 s timeout and a request every 1.5 s: a margin of 2.5 s (last_seen
  // is whole seconds) for a loaded machine's slow requests
  const srv = await startServer(db, ['--idle-timeout', '5s']);
  try {
    const c = new Client(srv.base);
    assert.equal((await c.login('admin', ADMIN_PASSWORD)).status, 200);
    for (let i = 0; i < 4; i++) { // active for 6 s: longer than the timeout
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await c.get('/api/v1/session')).status, 200, `still alive after ${(i + 1) * 1.5} s of activity`);
    }
    await new Promise((r) => setTimeout(r, 7000));
    const r = await c.get('/api/v1/session');
    assert.equal(r.status, 401);
    assert.deepEqual(r.json.error, { code: 'unauthenticated', message: '登录已超时，请重新登录' });
  } finally {
    await srv.stop();
    db.cleanup();
  }
});

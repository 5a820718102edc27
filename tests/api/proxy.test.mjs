// proxy.test.mjs - behind a trusted reverse proxy (--trusted-proxy) the
// client is the rightmost untrusted X-Forwarded-For hop: the login throttle,
// the audit log and the access log use it, and X-Forwarded-Proto https makes
// the session cookie Secure.  From any other peer both headers are ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initDb, startServer, Client, ADMIN_PASSWORD, assertClean } from '../lib/harness.mjs';

const MAX_ADDR_FAILURES = 20; // AUTH_MAX_ADDR_FAILURES

// Runs fn against a fresh server, stops it, then gives its access log to
// checkLog (a line is written when a request completes, which may be just
// after the client has its answer).
async function withServer(args, fn, checkLog = () => {}) {
  const db = initDb({ members: 0 });
  const srv = await startServer(db, args);
  try {
    await fn(srv);
    assert.equal(await srv.stop(), 0);
    assertClean(srv);
    checkLog(readFileSync(srv.log, 'utf8'));
  } finally {
    await srv.stop();
    db.cleanup();
  }
}

// A login as someone else (a different unknown user each time, so only the
// address counts) from the given headers.
function failLogin(srv, i, headers) {
  return new Client(srv.base).req('POST', '/api/v1/session', { username: `nobody${i}`, password: 'wrong-password1' }, { headers });
}

// The addresses the audit log recorded for an action, newest first.
async function auditAddrs(srv, action) {
  const admin = new Client(srv.base);
  assert.equal((await admin.login('admin', ADMIN_PASSWORD)).status, 200);
  const r = await admin.get('/api/v1/audit?size=100');
  assert.equal(r.status, 200);
  return r.json.items.filter((x) => x.action === action).map((x) => x.addr);
}

test('behind a trusted proxy, failed logins lock out the forwarded address only', async () => {
  await withServer(['--trusted-proxy', '127.0.0.1'], async (srv) => {
    const attacker = { 'X-Forwarded-For': '203.0.113.7' };
    for (let i = 0; i < MAX_ADDR_FAILURES; i++)
      assert.equal((await failLogin(srv, i, attacker)).status, 401);
    const locked = await failLogin(srv, 99, attacker);
    assert.equal(locked.status, 429, 'the attacker is throttled');
    // Everyone else, coming through the same proxy, still logs in.
    const c = new Client(srv.base);
    const ok = await c.req('POST', '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD }, { headers: { 'X-Forwarded-For': '198.51.100.2' } });
    assert.equal(ok.status, 200, 'another client behind the proxy is not locked out');
    const failed = await auditAddrs(srv, 'login_failed');
    assert.equal(failed.length, MAX_ADDR_FAILURES);
    assert.ok(failed.every((a) => a === '203.0.113.7'), `audit addresses ${[...new Set(failed)]}`);
    assert.ok((await auditAddrs(srv, 'login')).includes('198.51.100.2'));
  }, (log) => {
    assert.match(log, / 203\.0\.113\.7 POST \/api\/v1\/session 401 /);
    assert.match(log, / 198\.51\.100\.2 POST \/api\/v1\/session 200 /);
  });
});

test('the rightmost untrusted hop is the client; hops that are not addresses stop the walk', async () => {
  const cases = [
    ['1.1.1.1, 203.0.113.9', '203.0.113.9'], // a client-supplied hop on the left is ignored
    ['203.0.113.5, 10.1.2.3', '203.0.113.5'], // an inner trusted proxy is skipped
    ['2001:db8::7', '2001:db8::7'],
    ['bogus', '127.0.0.1'], // not an address: the proxy itself
    ['203.0.113.6, bogus, 10.9.9.9', '10.9.9.9'],
    ['', '127.0.0.1'],
  ];
  await withServer(['--trusted-proxy', '127.0.0.1,10.0.0.0/8'], async (srv) => {
    for (const [xff] of cases) {
      const r = await fetch(`${srv.base}/api/v1/health`, { headers: { 'X-Forwarded-For': xff } });
      assert.equal(r.status, 200);
    }
    // Two headers: the rightmost hop is in the last one.
    const { request } = await import('node:http');
    await new Promise((res, rej) => {
      const q = request(`${srv.base}/api/v1/health`, { headers: [['X-Forwarded-For', '203.0.113.1'], ['X-Forwarded-For', '203.0.113.2']] }, (r) => { r.resume(); r.on('end', res); });
      q.on('error', rej);
      q.end();
    });
  }, (log) => {
    // The access log has no query string: the lines are in the order sent.
    const addrs = log.split('\n').filter((l) => / GET \/api\/v1\/health /.test(l)).map((l) => l.split(' ')[1]);
    const got = addrs.slice(-cases.length - 1);
    for (const [i, [xff, want]] of cases.entries()) assert.equal(got[i], want, `X-Forwarded-For "${xff}"`);
    assert.equal(got[cases.length], '203.0.113.2', 'two headers');
  });
});

test('X-Forwarded-For from an untrusted peer is ignored: spoofing does not escape the throttle', async () => {
  await withServer(['--trusted-proxy', '127.0.0.9'], async (srv) => {
    for (let i = 0; i < MAX_ADDR_FAILURES; i++)
      assert.equal((await failLogin(srv, i, { 'X-Forwarded-For': `203.0.113.${i + 1}` })).status, 401);
    const r = await failLogin(srv, 99, { 'X-Forwarded-For': '198.51.100.99' });
    assert.equal(r.status, 429, 'a new forged address is still the same peer');
  }, (log) => {
    assert.doesNotMatch(log, /203\.0\.113\.|198\.51\.100\./);
    assert.match(log, / 127\.0\.0\.1 POST \/api\/v1\/session 429 /);
  });
});

test('the session cookie is Secure when a trusted proxy says https, and only then', async () => {
  const cookieOf = async (srv, headers) => {
    const c = new Client(srv.base);
    const r = await c.req('POST', '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD }, { headers });
    assert.equal(r.status, 200);
    c.csrf = r.json.csrf_token;
    const out = await c.req('DELETE', '/api/v1/session', undefined, { headers });
    assert.equal(out.status, 204);
    return [r.headers.get('set-cookie'), out.headers.get('set-cookie')];
  };
  await withServer(['--trusted-proxy', '127.0.0.1'], async (srv) => {
    const [login, logout] = await cookieOf(srv, { 'X-Forwarded-For': '198.51.100.3', 'X-Forwarded-Proto': 'https' });
    assert.match(login, /; Secure/);
    assert.match(login, /HttpOnly; SameSite=Strict/);
    assert.match(logout, /Max-Age=0; Secure/);
    const [plain] = await cookieOf(srv, { 'X-Forwarded-Proto': 'http' });
    assert.doesNotMatch(plain, /Secure/);
  });
  await withServer([], async (srv) => {
    const [login] = await cookieOf(srv, { 'X-Forwarded-Proto': 'https' });
    assert.doesNotMatch(login, /Secure/, 'an untrusted peer cannot say https');
  });
});

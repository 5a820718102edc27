// slowclients.test.mjs - slow clients (slowloris) cannot starve the server:
// thousands of half-sent requests from one address leave another address
// served; a silent connection is closed after --conn-timeout, one that
// trickles its head or body after --header-timeout / --body-timeout; a
// trusted proxy's address has no per-address limit.  Loopback only: the attacker
// binds its sockets to 127.0.0.2 / 127.0.0.3, the victim uses 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { initDb, startServer, assertClean } from '../lib/harness.mjs';

const HALF = 'GET /api/v1/health HTTP/1.1\r\nHost: bangfu\r\nX-Slow: ';

// Opens n connections from address `from`, each sending the start of a
// request and never its end.  Stops opening at the deadline (a stalled
// server leaves connects hanging).  Returns the sockets and a live count of
// those the server closed.
async function holdHalfOpen(port, from, n, deadlineMs = 10000) {
  const socks = [];
  const state = { closed: 0, opened: 0 };
  const until = Date.now() + deadlineMs;
  const open = () => new Promise((res) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: from });
    s.on('error', () => {});
    s.on('close', () => { state.closed++; res(); });
    s.on('connect', () => { state.opened++; s.write(HALF); res(); });
    s.setTimeout(Math.max(1, until - Date.now()), () => res());
    socks.push(s);
  });
  for (let i = 0; i < n && Date.now() < until; i += 200)
    await Promise.all(Array.from({ length: Math.min(200, n - i) }, open));
  return { socks, state, release: () => socks.forEach((s) => s.destroy()) };
}

// GET /api/v1/health from 127.0.0.1 on a new connection; the status, or
// 'timeout' after ms.
function health(port, ms) {
  return new Promise((res) => {
    const q = http.get({ host: '127.0.0.1', port, path: '/api/v1/health', agent: false, timeout: ms }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode));
    });
    q.on('timeout', () => { q.destroy(); res('timeout'); });
    q.on('error', (e) => res(String(e)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The connection limits do not depend on the database engine: once is enough.
const engine = process.env.BANGFU_TEST_PG && 'engine-independent, runs on SQLite';
const hardNofile = Number(spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim()) || Infinity;

test('3,000 half-open connections from one address: another address is served within a second', {
  skip: engine || (hardNofile < 8000 && `the open-file limit (${hardNofile}) is too low to hold 3,000 connections`),
}, async () => {
  const db = initDb({ members: 0 });
  // The soft limit systemd gives a service: the server must raise it.
  const srv = await startServer(db, [], { nofile: 1024 });
  let attack;
  try {
    attack = await holdHalfOpen(srv.port, '127.0.0.2', 3000);
    await sleep(300);
    const t0 = Date.now();
    const status = await health(srv.port, 1000);
    const ms = Date.now() - t0;
    assert.equal(status, 200, `health from 127.0.0.1 while 127.0.0.2 holds ${attack.state.opened} connections: ${status} after ${ms} ms`);
    assert.ok(ms < 1000, `answered in ${ms} ms`);
    // The per-address limit (128 by default) refused the rest at once.
    assert.ok(attack.state.closed >= 3000 - 128 - 16, `the server closed ${attack.state.closed} of 3000`);
    attack.release();
    assert.equal(await srv.stop(), 0);
    assertClean(srv);
  } finally {
    attack?.release();
    await srv.stop();
    db.cleanup();
  }
});

test('a connection that stops sending is closed after --conn-timeout', { skip: engine }, async () => {
  const db = initDb({ members: 0 });
  const srv = await startServer(db, ['--conn-timeout', '1']);
  let slow;
  try {
    slow = await holdHalfOpen(srv.port, '127.0.0.1', 3);
    assert.equal(slow.state.opened, 3);
    for (let i = 0; i < 40 && slow.state.closed < 3; i++) await sleep(100);
    assert.equal(slow.state.closed, 3, 'closed within 4 s of silence');
  } finally {
    slow?.release();
    await srv.stop();
    db.cleanup();
  }
});

// A client that keeps sending, a byte every 200 ms, and never finishes:
// the silence timeout never fires; the deadline must.  Resolves with the
// milliseconds until the server closed the connection (or 'open' after ms).
function trickle(port, head, ms) {
  return new Promise((res) => {
    const t0 = Date.now();
    const s = net.connect({ host: '127.0.0.1', port });
    let timer;
    const done = (v) => { clearInterval(timer); s.destroy(); res(v); };
    s.on('error', () => {});
    s.on('close', () => done(Date.now() - t0));
    s.on('connect', () => {
      s.write(head);
      timer = setInterval(() => s.write('x'), 200);
    });
    setTimeout(() => done('open'), ms);
  });
}

test('a request head trickled a byte at a time is cut at --header-timeout', { skip: engine }, async () => {
  const db = initDb({ members: 0 });
  const srv = await startServer(db, ['--header-timeout', '2', '--conn-timeout', '30']);
  try {
    const ms = await trickle(srv.port, HALF, 8000);
    assert.ok(ms !== 'open' && ms >= 1900 && ms < 4000, `closed after ${ms} ms`);
    assert.equal(await health(srv.port, 1000), 200, 'ordinary requests are untouched');
    assert.equal(await srv.stop(), 0);
    assertClean(srv);
    assert.match(readFileSync(srv.log, 'utf8'), /ERROR slow clients: 0 connections refused .*, 1 closed for not sending/);
  } finally {
    await srv.stop();
    db.cleanup();
  }
});

test('a request body trickled a byte at a time is cut at --body-timeout', { skip: engine }, async () => {
  const db = initDb({ members: 0 });
  const srv = await startServer(db, ['--body-timeout', '2', '--conn-timeout', '30']);
  try {
    const head = 'POST /api/v1/session HTTP/1.1\r\nHost: bangfu\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{';
    const ms = await trickle(srv.port, head, 8000);
    assert.ok(ms !== 'open' && ms >= 1900 && ms < 4000, `closed after ${ms} ms`);
    // A keep-alive client that sends its requests whole is not cut: three
    // requests on one connection, spread over more than the deadline.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set();
    for (let i = 0; i < 3; i++) {
      const port = await new Promise((res, rej) => {
        const q = http.get({ host: '127.0.0.1', port: srv.port, path: '/api/v1/health', agent, timeout: 2000 }, (r) => {
          const local = r.socket.localPort;
          r.resume();
          r.on('end', () => res(local));
        });
        q.on('timeout', () => q.destroy(new Error('no answer in 2 s')));
        q.on('error', rej);
      });
      ports.add(port);
      await sleep(900);
    }
    agent.destroy();
    assert.equal(ports.size, 1, 'one connection for all three');
    assert.equal(await srv.stop(), 0);
    assertClean(srv);
  } finally {
    await srv.stop();
    db.cleanup();
  }
});

test('--max-per-address limits one address, but not a trusted proxy', { skip: engine }, async () => {
  const db = initDb({ members: 0 });
  const srv = await startServer(db, ['--max-per-address', '10', '--trusted-proxy', '127.0.0.2']);
  const held = [];
  try {
    const proxy = await holdHalfOpen(srv.port, '127.0.0.2', 50);
    held.push(proxy);
    const other = await holdHalfOpen(srv.port, '127.0.0.3', 50);
    held.push(other);
    await sleep(300);
    assert.equal(proxy.state.closed, 0, 'the proxy keeps all 50');
    assert.ok(other.state.closed >= 50 - 10 - 4 && other.state.closed <= 40, `127.0.0.3 kept ${50 - other.state.closed}`);
    other.release();
    await sleep(200);
    // Its connections gone, the address may connect again.
    const again = await holdHalfOpen(srv.port, '127.0.0.3', 5);
    held.push(again);
    await sleep(200);
    assert.equal(again.state.closed, 0);
    assert.equal(await health(srv.port, 1000), 200);
  } finally {
    held.forEach((h) => h.release());
    await srv.stop();
    db.cleanup();
  }
});

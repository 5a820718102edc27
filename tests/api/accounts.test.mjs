// accounts.test.mjs - the account lifecycle (issue #8 §3) against a real
// `bangfu serve` (SQLite, or PostgreSQL with BANGFU_TEST_PG): changing
// one's own password and the policy, the forced change of a generated or
// reset password, editing, disabling and enabling users (admin, and the
// department within its reach), which roles fit which organisations,
// one's own sessions, the absolute session lifetime, password expiry and
// the audit rows of every change.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { initDb, startServer, Client, ADMIN_PASSWORD, DEMO_PASSWORD, assertClean, ok, refused } from '../lib/harness.mjs';

let db, srv, admin, orgs;
before(async () => {
  db = initDb({ members: 10 });
  srv = await startServer(db);
  admin = await login('admin', ADMIN_PASSWORD);
  orgs = (await ok(admin.get('/api/v1/orgs'))).items;
});
after(async () => { const code = await srv.stop(); assertClean(srv); db.cleanup(); assert.equal(code, 0, 'serve exits 0 on SIGTERM'); });

async function login(user, password, { base = srv.base, ua } = {}) {
  const c = new Client(base);
  const r = await c.req('POST', '/api/v1/session', { username: user, password }, { headers: ua ? { 'User-Agent': ua } : {} });
  assert.equal(r.status, 200, `${user}: ${JSON.stringify(r.json)}`);
  c.csrf = r.json.csrf_token;
  c.session = r.json;
  return c;
}
const org = (code) => orgs.find((o) => o.code === code);
const root = () => orgs.find((o) => o.kind === 'department');
let serial = 0;
// A new user made by admin with a chosen password (no forced change).
async function newUser(role, code, password = 'Kx7-ponder-river') {
  const username = `acc${role}${++serial}`;
  const r = await ok(admin.post('/api/v1/users', { username, display_name: '测试账号', role, org_id: (code ? org(code) : root()).id, password }), 201);
  return { id: r.id, username, password };
}
// Straight into the database (sqlite3 or psql): the answer's text.
function sql(text) {
  const out = process.env.BANGFU_TEST_PG
    ? execFileSync('psql', [db.url, '-tAq', '-c', text], { encoding: 'utf8' })
    : execFileSync('sqlite3', [db.url.replace(/^sqlite:/, ''), text], { encoding: 'utf8' });
  return out.trim();
}
const audit = async (action) => (await ok(admin.get('/api/v1/audit?size=200'))).items.filter((a) => a.action === action);

describe('changing one\'s own password', () => {
  test('the old password is required, the policy holds, other sessions end', async () => {
    const u = await newUser('branch', 'T01V01');
    const c = await login(u.username, u.password);
    const other = await login(u.username, u.password);
    const change = (old_password, new_password) => c.post('/api/v1/session/password', { old_password, new_password });
    let e = await refused(change('wrong-pass-123', 'Mq4-lantern-hill'), 400, /原密码不正确/);
    assert.equal(e.field, 'old_password');
    e = await refused(change(u.password, 'short1'), 400, /至少 10 位/, 'weak_password');
    assert.equal(e.field, 'new_password');
    await refused(change(u.password, 'lettersonlyhere'), 400, /字母和数字/, 'weak_password');
    await refused(change(u.password, `x${u.username.toUpperCase()}-77`), 400, /用户名/, 'weak_password');
    await refused(change(u.password, 'Password123'), 400, /常见/, 'weak_password');
    await refused(change(u.password, 'woaini1314520'), 400, /常见/, 'weak_password');
    await refused(change(u.password, u.password), 400, /最近 5 次/, 'weak_password');
    await refused(c.post('/api/v1/session/password', { old_password: u.password, new_password: 'Mq4-lantern-hill' }, { csrf: false }), 403, null, 'csrf');
    assert.equal((await change(u.password, 'Mq4-lantern-hill')).status, 204);
    await ok(c.get('/api/v1/session'));
    await refused(other.get('/api/v1/session'), 401);
    assert.equal((await new Client(srv.base).login(u.username, u.password)).status, 401);
    await login(u.username, 'Mq4-lantern-hill');
  });

  test('none of the last five passwords comes back; the sixth may', async () => {
    const u = await newUser('branch', 'T01V01', 'Hist-pass-001');
    const c = await login(u.username, u.password);
    const pws = ['Hist-pass-001', 'Hist-pass-002', 'Hist-pass-003', 'Hist-pass-004', 'Hist-pass-005', 'Hist-pass-006'];
    for (let i = 1; i < pws.length; i++) {
      assert.equal((await c.post('/api/v1/session/password', { old_password: pws[i - 1], new_password: pws[i] })).status, 204);
    }
    // the current one is 006; 002–006 are the last five, 001 the sixth
    for (const old of pws.slice(1))
      await refused(c.post('/api/v1/session/password', { old_password: 'Hist-pass-006', new_password: old }), 400, /最近 5 次/);
    assert.equal((await c.post('/api/v1/session/password', { old_password: 'Hist-pass-006', new_password: 'Hist-pass-001' })).status, 204);
  });

  test('wrong old passwords are throttled like logins', async () => {
    const u = await newUser('branch', 'T01V01');
    const c = await login(u.username, u.password);
    for (let i = 0; i < 5; i++) await refused(c.post('/api/v1/session/password', { old_password: `bad-guess-${i}`, new_password: 'Mq4-lantern-hill' }), 400, /原密码不正确/);
    await refused(c.post('/api/v1/session/password', { old_password: u.password, new_password: 'Mq4-lantern-hill' }), 429, /次数过多/, 'throttled');
  });
});

describe('a generated or reset password is changed at the first login', () => {
  test('a user made without a password gets one, shown once, and must change it', async () => {
    const r = await ok(admin.post('/api/v1/users', { username: 'accgen1', display_name: '生成密码', role: 'committee', org_id: org('T02').id }), 201);
    assert.match(r.password, /^[A-Za-z2-9]{16}$/);
    const c = await login('accgen1', r.password);
    assert.equal(c.session.password_change_required, true);
    assert.equal(c.session.password_change_reason, 'reset');
    const s = await ok(c.get('/api/v1/session'));
    assert.equal(s.password_change_required, true);
    await ok(c.get('/api/v1/meta'));
    for (const [m, p] of [['GET', '/api/v1/members'], ['GET', '/api/v1/sessions'], ['GET', '/api/v1/orgs'], ['POST', '/api/v1/rounds']])
      await refused(c.req(m, p, m === 'POST' ? {} : undefined), 403, /请先修改密码/, 'password_change_required');
    assert.equal((await c.post('/api/v1/session/password', { old_password: r.password, new_password: 'Kq8-meadow-lark' })).status, 204);
    assert.equal((await ok(c.get('/api/v1/session'))).password_change_required, false);
    await ok(c.get('/api/v1/members'));
    const users = (await ok(admin.get('/api/v1/users'))).items;
    assert.equal(users.find((x) => x.username === 'accgen1').must_change_password, false);
  });

  test('admin resets a password: shown once, sessions end, changed at the next login', async () => {
    const u = await newUser('branch', 'T01V02');
    const c = await login(u.username, u.password);
    const r = await ok(admin.post(`/api/v1/users/${u.id}/password-reset`));
    assert.match(r.password, /^[A-Za-z2-9]{16}$/);
    await refused(c.get('/api/v1/session'), 401);
    assert.equal((await new Client(srv.base).login(u.username, u.password)).status, 401);
    const again = await login(u.username, r.password);
    assert.equal(again.session.password_change_required, true);
    await refused(again.get('/api/v1/members'), 403, null, 'password_change_required');
    // the reset password itself cannot be kept
    await refused(again.post('/api/v1/session/password', { old_password: r.password, new_password: r.password }), 400, /最近 5 次/);
    assert.equal((await again.post('/api/v1/session/password', { old_password: r.password, new_password: 'Kq8-meadow-lark' })).status, 204);
    await ok(again.get('/api/v1/members'));
    // nobody resets their own password this way
    const me = (await ok(admin.get('/api/v1/session'))).user;
    await refused(admin.post(`/api/v1/users/${me.id}/password-reset`), 403, /个人中心/);
  });
});

describe('editing users; roles and organisations', () => {
  test('admin edits display name, role and organisation, audited with what changed', async () => {
    const u = await newUser('branch', 'T01V01');
    const r = await ok(admin.patch(`/api/v1/users/${u.id}`, { display_name: '改过的名字', role: 'committee', org_id: org('T03').id }));
    assert.equal(r.display_name, '改过的名字');
    assert.equal(r.role, 'committee');
    assert.equal(r.org_id, org('T03').id);
    const row = (await audit('update')).find((a) => a.entity_id === u.id);
    assert.deepEqual(row.detail.changes.role, { from: 'branch', to: 'committee' });
    assert.deepEqual(row.detail.changes.display_name, { from: '测试账号', to: '改过的名字' });
    assert.equal(row.detail.username, u.username);
    await refused(admin.patch(`/api/v1/users/${u.id}`, { nickname: 'x' }), 400);
    await refused(admin.patch('/api/v1/users/999999', { display_name: 'x' }), 404);
  });

  test('each role only at its kind of organisation, at add and at edit', async () => {
    const bad = [
      ['department', 'T01', /组织部账号只能属于组织部/],
      ['committee', 'T01V01', /党委或党工委/],
      ['committee', null, /党委或党工委/],
      ['branch', 'T01', /党支部或党总支/],
      ['branch', null, /党支部或党总支/],
      ['admin', 'T01V01', /组织部或党（工）委/],
      ['auditor', 'T01V01', /组织部或党（工）委/],
    ];
    for (const [role, code, re] of bad) {
      const org_id = (code ? org(code) : root()).id;
      const e = await refused(admin.post('/api/v1/users', { username: `accbad${++serial}`, role, org_id, password: 'Kx7-ponder-river' }), 400, re);
      assert.equal(e.field, 'org_id');
      assert.match(e.message, /所属组织/);
    }
    // the ones that fit
    for (const [role, code] of [['department', null], ['committee', 'T01'], ['branch', 'T01V01'], ['admin', 'T01'], ['auditor', 'T02'], ['auditor', null]])
      await newUser(role, code);
    const general = orgs.find((o) => o.kind === 'general_branch');
    if (general) await newUser('branch', general.code);
    const u = await newUser('branch', 'T01V01');
    const e = await refused(admin.patch(`/api/v1/users/${u.id}`, { role: 'committee' }), 400, /党委或党工委/);
    assert.equal(e.field, 'org_id');
    await refused(admin.patch(`/api/v1/users/${u.id}`, { role: 'emperor' }), 400);
  });

  test('the department manages committee and branch accounts only; others none', async () => {
    const dept = await login('dept', DEMO_PASSWORD);
    const u = await newUser('branch', 'T02V01');
    const r = await ok(dept.patch(`/api/v1/users/${u.id}`, { display_name: '组织部改的' }));
    assert.equal(r.display_name, '组织部改的');
    const e = await refused(dept.patch(`/api/v1/users/${u.id}`, { role: 'admin', org_id: root().id }), 403, /^角色：您不能授予系统管理员角色$/);
    assert.equal(e.field, 'role');
    const aud = await newUser('auditor', null);
    await refused(dept.patch(`/api/v1/users/${aud.id}`, { display_name: 'x' }), 403, /审计/);
    await refused(dept.post(`/api/v1/users/${aud.id}/disable`), 403);
    const reset = await ok(dept.post(`/api/v1/users/${u.id}/password-reset`));
    assert.ok(reset.password);
    await ok(dept.post(`/api/v1/users/${u.id}/disable`));
    await ok(dept.post(`/api/v1/users/${u.id}/enable`));
    const town = await login('town01', DEMO_PASSWORD);
    await refused(town.patch(`/api/v1/users/${u.id}`, { display_name: 'x' }), 403);
    await refused(town.post(`/api/v1/users/${u.id}/disable`), 403);
    await refused(town.post(`/api/v1/users/${u.id}/password-reset`), 403);
    // own role and organisation stay
    const me = (await ok(admin.get('/api/v1/session'))).user;
    await refused(admin.patch(`/api/v1/users/${me.id}`, { role: 'auditor' }), 403, /自己的角色/);
    await ok(admin.patch(`/api/v1/users/${me.id}`, { display_name: '管理员' }));
  });
});

describe('disabling and enabling', () => {
  test('a disabled user\'s open session ends at once; enabled again they log in', async () => {
    const u = await newUser('committee', 'T04');
    const c = await login(u.username, u.password);
    await ok(c.get('/api/v1/members?size=1'));
    const r = await ok(admin.post(`/api/v1/users/${u.id}/disable`));
    assert.equal(r.active, false);
    await refused(c.get('/api/v1/members?size=1'), 401);
    await refused(new Client(srv.base).login(u.username, u.password), 401, null, 'bad_credentials');
    const row = (await audit('disable')).find((a) => a.entity_id === u.id);
    assert.equal(row.detail.sessions_ended, 1);
    // never deleted: still listed, disabled
    assert.equal((await ok(admin.get('/api/v1/users'))).items.find((x) => x.id === u.id).active, false);
    assert.equal((await ok(admin.post(`/api/v1/users/${u.id}/enable`))).active, true);
    await login(u.username, u.password);
    const me = (await ok(admin.get('/api/v1/session'))).user;
    await refused(admin.post(`/api/v1/users/${me.id}/disable`), 403, /自己/);
    await refused(admin.post('/api/v1/users/999999/disable'), 404);
  });
});

describe('one\'s own sessions', () => {
  test('listed with address and browser, the current one marked; ended one by one or all others', async () => {
    const u = await newUser('branch', 'T01V01');
    const a = await login(u.username, u.password, { ua: 'Browser-A/1.0' });
    const b = await login(u.username, u.password, { ua: 'Browser-B/2.0' });
    const c = await login(u.username, u.password, { ua: 'Browser-C/3.0 \u00e9' });
    const items = (await ok(a.get('/api/v1/sessions'))).items;
    assert.equal(items.length, 3);
    const mine = items.find((s) => s.current);
    assert.equal(mine.user_agent, 'Browser-A/1.0');
    assert.equal(mine.addr, '127.0.0.1');
    assert.ok(mine.created_at && mine.last_seen && mine.id);
    assert.equal(items.filter((s) => s.current).length, 1);
    assert.ok(items.every((s) => !('token_hash' in s) && !('csrf_token' in s)));
    const bId = items.find((s) => s.user_agent === 'Browser-B/2.0').id;
    await refused(admin.del(`/api/v1/sessions/${bId}`), 404); // not admin's
    assert.equal((await ok(a.del(`/api/v1/sessions/${bId}`))).ended, 1);
    await refused(b.get('/api/v1/session'), 401);
    await ok(c.get('/api/v1/session'));
    await refused(a.del(`/api/v1/sessions/${bId}`), 404, /不存在或已结束/);
    assert.equal((await ok(a.del('/api/v1/sessions'))).ended, 1);
    await refused(c.get('/api/v1/session'), 401);
    const left = (await ok(a.get('/api/v1/sessions'))).items;
    assert.equal(left.length, 1);
    assert.equal(left[0].current, true);
    await refused(a.del('/api/v1/sessions', { csrf: false }), 403, null, 'csrf');
  });
});

describe('every account change is audited, never a password', () => {
  test('create, update, disable, enable, reset, change and session ends', async () => {
    const items = (await ok(admin.get('/api/v1/audit?size=200'))).items;
    const actions = new Set(items.filter((a) => a.entity === 'user').map((a) => a.action));
    for (const a of ['create', 'update', 'disable', 'enable', 'password_reset', 'password_change', 'session_end', 'session_end_others'])
      assert.ok(actions.has(a), `an audit row for ${a}`);
    const text = JSON.stringify(items);
    for (const pw of ['Kx7-ponder-river', 'Mq4-lantern-hill', 'Kq8-meadow-lark', 'Hist-pass-00', 'argon2'])
      assert.ok(!text.includes(pw), `no ${pw} in the audit log`);
    // the two resets above, newest first: the department's, then admin's
    const resets = items.filter((a) => a.action === 'password_reset');
    assert.deepEqual(resets.map((a) => a.username), ['dept', 'admin']);
    for (const reset of resets) assert.equal(reset.detail.must_change_password, true);
  });
});

describe('session lifetime and password expiry (a server of their own)', () => {
  test('a session ends after its absolute lifetime however busy', async () => {
    // busy for the first 3 s of a 6 s lifetime (a margin of 3 s for a
    // loaded machine), then past it: created_at is whole seconds, so the
    // session ends between 6 and 7 s after the login
    const s2 = await startServer(db, ['--session-lifetime', '6s', '--idle-timeout', '60']);
    try {
      const t0 = Date.now();
      const c = await login('town01', DEMO_PASSWORD, { base: s2.base });
      do { await ok(c.get('/api/v1/session')); await new Promise((r) => setTimeout(r, 500)); } while (Date.now() - t0 < 3000);
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + 8000 - Date.now())));
      await refused(c.get('/api/v1/session'), 401, /登录时间已达上限/);
    } finally { await s2.stop(); assertClean(s2); }
  });

  test('a session past its idle timeout or lifetime is not listed as open', async () => {
    const s2 = await startServer(db, ['--idle-timeout', '3s', '--session-lifetime', '8s']);
    try {
      const idle = await login('town01', DEMO_PASSWORD, { base: s2.base, ua: 'Idle/1.0' });
      const busy = await login('town01', DEMO_PASSWORD, { base: s2.base, ua: 'Busy/1.0' });
      assert.ok((await ok(busy.get('/api/v1/sessions'))).items.some((s) => s.user_agent === 'Idle/1.0'));
      for (let i = 0; i < 4; i++) { await new Promise((r) => setTimeout(r, 1000)); await ok(busy.get('/api/v1/session')); }
      const open = (await ok(busy.get('/api/v1/sessions'))).items.filter((s) => /^(Idle|Busy)\//.test(s.user_agent));
      assert.deepEqual(open.map((s) => s.user_agent), ['Busy/1.0']);
      await refused(idle.get('/api/v1/session'), 401, /超时/);
      // a login clears sessions dead under any configuration (a day old)
      sql("UPDATE sessions SET last_seen = last_seen - 90000, created_at = created_at - 90000 WHERE user_agent = 'Idle/1.0'");
      await login('branch0101', DEMO_PASSWORD, { base: s2.base });
      assert.equal(sql("SELECT count(*) FROM sessions WHERE user_agent = 'Idle/1.0'"), '0');
    } finally { await s2.stop(); assertClean(s2); }
  });

  test('with an expiry set, an old password must be changed first; off by default', async () => {
    const u = await newUser('branch', 'T01V01');
    // password_changed_at is whole seconds and expiry is age > max age:
    // past 2 s for certain only after 3 s of waiting
    await new Promise((r) => setTimeout(r, 3100));
    assert.equal((await login(u.username, u.password)).session.password_change_required, false);
    const s2 = await startServer(db, ['--password-max-age', '2s']);
    try {
      const c = await login(u.username, u.password, { base: s2.base });
      assert.equal(c.session.password_change_required, true);
      assert.equal(c.session.password_change_reason, 'expired');
      await refused(c.get('/api/v1/members'), 403, /密码已过期/, 'password_change_required');
      assert.equal((await c.post('/api/v1/session/password', { old_password: u.password, new_password: 'Kq8-meadow-lark' })).status, 204);
      await ok(c.get('/api/v1/members?size=1'));
    } finally { await s2.stop(); assertClean(s2); }
  });
});

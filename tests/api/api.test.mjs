// api.test.mjs - the HTTP API against a real `bangfu serve` on loopback
// (SQLite by default; PostgreSQL when BANGFU_TEST_PG is set).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initDb, startServer, Client, ADMIN_PASSWORD, DEMO_PASSWORD, idNumber, badIdNumber, assertClean, cli } from '../lib/harness.mjs';

// The console the server is given: a tiny built tree of our own, so what
// is served does not depend on whether web/dist was built in this checkout.
const INDEX = '<!doctype html><div id="app"></div>';
const ASSET = 'console.log(1)';
function consoleTree(dir) {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), ASSET);
  return dir;
}

let db, srv;
before(async () => { db = initDb({ members: 60 }); srv = await startServer(db, ['--web', consoleTree(join(db.dir, 'web'))]); });
after(async () => { const code = await srv.stop(); assertClean(srv); db.cleanup(); assert.equal(code, 0, 'serve exits 0 on SIGTERM'); });

async function admin() { const c = new Client(srv.base); const r = await c.login('admin', ADMIN_PASSWORD); assert.equal(r.status, 200); return c; }
async function as(user) { const c = new Client(srv.base); const r = await c.login(user, DEMO_PASSWORD); assert.equal(r.status, 200, JSON.stringify(r.json)); return c; }

function newMember(org_id, over = {}) {
  return { name: '测试党员', ethnicity: '汉族', joined_on: '1985-07-01', id_number: idNumber('330702', '19600315', '135'), phone: '13812345678', household_type: '农业', household_size: 3, address: '城关镇东风村1组2号', education: '初中', member_type: '普通党员', org_id, ...over };
}

async function firstBranch(c, code = 'T01V01') {
  const r = await c.get('/api/v1/orgs');
  return r.json.items.find((o) => o.code === code);
}

describe('health and routing', () => {
  test('health answers without login', async () => {
    const r = await fetch(`${srv.base}/api/v1/health`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { status: 'ok' });
  });
  test('unknown route is 404 with the error shape', async () => {
    const r = await new Client(srv.base).get('/api/v1/nope');
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'no_route');
    assert.match(r.json.error.message, /接口不存在/);
  });
  test('wrong method is 405 with Allow', async () => {
    const c = await admin();
    const r = await c.req('PUT', '/api/v1/members');
    assert.equal(r.status, 405);
    assert.match(r.headers.get('allow'), /GET/);
    assert.equal(r.json.error.code, 'method_not_allowed');
  });
  test('not logged in is 401', async () => {
    const r = await new Client(srv.base).get('/api/v1/members');
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'unauthenticated');
  });
  test('the console index is served and not cached; history routes fall back to it', async () => {
    for (const path of ['/', '/members', '/cases/12']) {
      const r = await fetch(`${srv.base}${path}`);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('cache-control'), 'no-cache', path);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8', path);
      assert.equal(await r.text(), INDEX, path);
    }
    const a = await fetch(`${srv.base}/assets/app-1a2b3c.js`);
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(a.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await a.text(), ASSET);
    // a missing file (a name with an extension) is no console route
    const m = await fetch(`${srv.base}/assets/app-0000.js`);
    assert.equal(m.status, 404);
    assert.equal((await m.json()).error.message, '文件不存在');
    // a raw path with .. (fetch would normalise it away) never leaves the web root
    const status = await new Promise((res, rej) => {
      const q = http.request({ host: '127.0.0.1', port: srv.port, path: '/assets/../../../etc/passwd' }, (r) => { r.resume(); res(r.statusCode); });
      q.on('error', rej);
      q.end();
    });
    assert.equal(status, 404);
  });
  test('without a built console its routes are 404 saying so', async () => {
    const other = await startServer(db, ['--web', join(db.dir, 'no-console')]);
    try {
      const r = await fetch(`${other.base}/members`);
      assert.equal(r.status, 404);
      assert.equal((await r.json()).error.message, '控制台尚未构建（请运行 make）');
    } finally {
      assert.equal(await other.stop(), 0);
      assertClean(other);
    }
  });
});

describe('session', () => {
  test('login sets an HttpOnly SameSite=Strict cookie and returns the CSRF token', async () => {
    const r = await fetch(`${srv.base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    assert.equal(r.status, 200);
    const cookie = r.headers.get('set-cookie');
    assert.match(cookie, /bangfu_session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const j = await r.json();
    assert.equal(j.user.username, 'admin');
    assert.equal(j.user.role, 'admin');
    assert.ok(j.csrf_token.length >= 32);
  });
  test('bad credentials are 401 with a Chinese message', async () => {
    const r = await new Client(srv.base).login('admin', 'wrong-password1');
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'bad_credentials');
    assert.match(r.json.error.message, /用户名或密码错误/);
  });
  test('repeated failures for one account are throttled with 429', async () => {
    const c = new Client(srv.base);
    for (let i = 0; i < 5; i++) assert.equal((await c.login('auditor', 'Wrong12345x')).status, 401);
    const r = await c.login('auditor', DEMO_PASSWORD);
    assert.equal(r.status, 429, 'even the right password waits');
    assert.equal(r.json.error.code, 'throttled');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
  });
  test('GET session returns the user; logout ends it', async () => {
    const c = await admin();
    let r = await c.get('/api/v1/session');
    assert.equal(r.status, 200);
    assert.equal(r.json.user.username, 'admin');
    const cookie = c.cookie;
    r = await c.del('/api/v1/session');
    assert.equal(r.status, 204);
    c.cookie = cookie; // replaying the old cookie no longer works
    r = await c.get('/api/v1/members');
    assert.equal(r.status, 401);
  });
  test('a mutating request without the CSRF token is 403', async () => {
    const c = await admin();
    const branch = await firstBranch(c);
    const r = await c.post('/api/v1/members', newMember(branch.id), { csrf: false });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'csrf');
    const w = await c.post('/api/v1/members', newMember(branch.id), { headers: { 'X-CSRF-Token': 'x'.repeat(43) }, csrf: false });
    assert.equal(w.status, 403);
  });
});

describe('bad input', () => {
  test('malformed JSON is 400 bad_json', async () => {
    const c = await admin();
    const r = await c.post('/api/v1/members', '{"name": 张三', { raw: true });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'bad_json');
  });
  test('a JSON array or an empty body is refused', async () => {
    const c = await admin();
    assert.equal((await c.post('/api/v1/members', '[1,2]', { raw: true })).status, 400);
    assert.equal((await c.post('/api/v1/members', '', { raw: true })).status, 400);
  });
  test('a body over 1 MiB is 413 and the server stays up', async () => {
    const c = await admin();
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const r = await c.post('/api/v1/members', big, { raw: true });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'too_large');
    assert.equal((await fetch(`${srv.base}/api/v1/health`)).status, 200);
  });
  test('garbage of every kind never crashes the server', async () => {
    const c = await admin();
    const bodies = ['null', '1', '"x"', '{"name":null}', '{"household_size":"abc"}', '{"family":"x"}', '{"family":[1]}', '{"org_id":-5}', '{"name":"\\u0000"}', '{"a":1,"a":2}', '{'.repeat(5000)];
    for (const b of bodies) {
      const r = await c.post('/api/v1/members', b, { raw: true });
      assert.ok(r.status === 400, `${b.slice(0, 20)} → ${r.status}`);
      assert.ok(r.json.error.message);
    }
    // {id} matches a positive integer that fits, else there is no such route
    for (const p of ['/api/v1/members/abc', '/api/v1/members/0', '/api/v1/members/-1', '/api/v1/members/99999999999999999999']) {
      const r = await c.get(p);
      assert.equal(r.status, 404, p);
      assert.equal(r.json.error.code, 'no_route', p);
    }
    for (const [p, field] of [['/api/v1/members?page=0', 'page'], ['/api/v1/members?size=100000', 'size'], ['/api/v1/members?org=x', 'org']]) {
      const r = await c.get(p);
      assert.equal(r.status, 400, p);
      assert.deepEqual([r.json.error.code, r.json.error.field], ['invalid_field', field], p);
    }
    assert.equal((await fetch(`${srv.base}/api/v1/health`)).status, 200);
  });
});

describe('members', () => {
  test('create validates with Chinese messages naming the field', async () => {
    const c = await admin();
    const b = await firstBranch(c);
    const cases = [
      [{ id_number: badIdNumber() }, 'id_number', /校验/],
      [{ id_number: '330702600315123' }, 'id_number', /18/],
      [{ phone: '12345' }, 'phone', /./],
      [{ phone: '' }, 'phone', /联系电话/],
      [{ joined_on: '2099-01-01' }, 'joined_on', /晚于/],
      [{ joined_on: '1970-01-01' }, 'joined_on', /18/],
      [{ household_size: 0 }, 'household_size', /家庭人口/],
      [{ household_size: 31 }, 'household_size', /家庭人口/],
      [{ gender: '女' }, 'gender', /性别/],
      [{ birth_date: '1961-03-15' }, 'birth_date', /出生/],
      [{ name: '' }, 'name', /姓名/],
      [{ member_type: '干部' }, 'member_type', /人员类别/],
      [{ org_id: (await firstBranch(c, 'T01')).id }, 'org_id', /支部/],
    ];
    for (const [over, field, msg] of cases) {
      const r = await c.post('/api/v1/members', newMember(b.id, over));
      assert.equal(r.status, 400, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.json.error.field, field, JSON.stringify(over));
      assert.match(r.json.error.message, msg);
    }
  });

  test('create, read masked, list, search by name/ID/phone, reveal (audited)', async () => {
    const c = await admin();
    const b = await firstBranch(c);
    const id_number = idNumber('330702', '19580710', '231');
    const r = await c.post('/api/v1/members', newMember(b.id, { name: '欧阳明', id_number: id_number.toLowerCase(), phone: '+86 139 1234 5678', family: [{ name: '李芳', relation: '妻子', birth_year: 1960, occupation: '务农' }] }));
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    const g = await c.get(`/api/v1/members/${id}`);
    assert.equal(g.status, 200);
    assert.equal(g.json.id_number, `${id_number.slice(0, 6)}********${id_number.slice(14)}`);
    assert.equal(g.json.phone, '139****5678');
    assert.equal(g.json.birth_date, '1958-07-10');
    assert.equal(g.json.gender, '男');
    assert.equal(g.json.family.length, 1);
    assert.equal(g.json.family[0].relation, '妻子');
    assert.ok(g.json.age >= 60);
    for (const q of ['欧阳', id_number, '13912345678']) {
      const l = await c.get(`/api/v1/members?q=${encodeURIComponent(q)}`);
      assert.equal(l.status, 200);
      assert.ok(l.json.items.some((m) => m.id === id), `search ${q}`);
      assert.ok(!l.json.items.some((m) => /\d{18}|\d{17}X/.test(m.id_number)), 'list stays masked');
    }
    const rv = await c.post(`/api/v1/members/${id}/reveal`);
    assert.equal(rv.status, 200);
    assert.equal(rv.json.id_number, id_number);
    assert.equal(rv.json.phone, '13912345678');
    const audit = await c.get('/api/v1/audit?size=5');
    assert.ok(audit.json.items.some((a) => a.action === 'reveal' && a.entity_id === id));
    // the actor by display name beside the login name (the console shows the name)
    const me = (await c.get('/api/v1/session')).json.user;
    assert.ok(audit.json.items.every((a) => a.user_name === (me.display_name || me.username)), JSON.stringify(audit.json.items[0]));
  });

  test('one ID number, one member: 409 naming the branch', async () => {
    const c = await admin();
    const b = await firstBranch(c);
    const b2 = await firstBranch(c, 'T02V01');
    const id_number = idNumber('330702', '19620101', '311');
    assert.equal((await c.post('/api/v1/members', newMember(b.id, { id_number }))).status, 201);
    const r = await c.post('/api/v1/members', newMember(b2.id, { id_number, name: '另一人' }));
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'duplicate_id_number');
    assert.match(r.json.error.message, new RegExp(b.name));
  });

  test('patch keeps unchanged fields and validates changed ones', async () => {
    const c = await admin();
    const b = await firstBranch(c);
    const r = await c.post('/api/v1/members', newMember(b.id, { id_number: idNumber('330702', '19550505', '411') }));
    const id = r.json.id;
    let p = await c.patch(`/api/v1/members/${id}`, { address: '新地址 8 号', status: '离退休' });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.address, '新地址 8 号');
    assert.equal(p.json.phone, '138****5678');
    p = await c.patch(`/api/v1/members/${id}`, { household_size: 99 });
    assert.equal(p.status, 400);
    assert.equal(p.json.error.field, 'household_size');
    const g = await c.get(`/api/v1/members/${id}`);
    assert.equal(g.json.household_size, 3, 'refused change left the data as it was');
    p = await c.patch(`/api/v1/members/${id}`, { id_number: idNumber('330702', '19550506', '422') });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.birth_date, '1955-05-06');
    assert.equal(p.json.gender, '女');
    // each edit's audit row holds the changed fields, old and new; ID
    // numbers and phones only masked, never in full
    const rows = (await c.get(`/api/v1/audit?entity=member&entity_id=${id}&action=update&size=10`)).json.items;
    assert.equal(rows.length, 2, 'the refused edit wrote nothing');
    const [idEdit, addrEdit] = rows; // newest first
    assert.deepEqual(addrEdit.detail.changes.address, { from: '城关镇东风村1组2号', to: '新地址 8 号' });
    assert.deepEqual(addrEdit.detail.changes.status, { from: '在职', to: '离退休' });
    assert.equal(addrEdit.detail.changes.phone, undefined, 'what did not change is not listed');
    const idc = idEdit.detail.changes.id_number;
    assert.match(idc.from, /^330702\*{8}411[\dX]$/);
    assert.match(idc.to, /^330702\*{8}422[\dX]$/);
    assert.deepEqual(idEdit.detail.changes.birth_date, { from: '1955-05-05', to: '1955-05-06' });
    p = await c.patch(`/api/v1/members/${id}`, { phone: '13900001111' });
    assert.equal(p.status, 200, p.text);
    const ph = (await c.get(`/api/v1/audit?entity=member&entity_id=${id}&action=update&size=1`)).json.items[0];
    assert.deepEqual(ph.detail.changes.phone, { from: '138****5678', to: '139****1111' });
    for (const row of [...rows, ph]) {
      const text = JSON.stringify(row.detail);
      assert.doesNotMatch(text, /\d{17}[\dX]/, 'no full ID number');
      assert.doesNotMatch(text, /1[3-9]\d{9}/, 'no full phone');
    }
  });

  test('filters and pagination', async () => {
    const c = await admin();
    const all = await c.get('/api/v1/members?size=200');
    assert.ok(all.json.total >= 60);
    const p1 = await c.get('/api/v1/members?page=1&size=7');
    const p2 = await c.get('/api/v1/members?page=2&size=7');
    assert.equal(p1.json.items.length, 7);
    assert.equal(p1.json.total, all.json.total);
    assert.notEqual(p1.json.items[0].id, p2.json.items[0].id);
    const t1 = await firstBranch(c, 'T01');
    const inTown = await c.get(`/api/v1/members?org=${t1.id}&size=200`);
    assert.ok(inTown.json.items.every((m) => m.org_code.startsWith('T01')));
    const retired = await c.get('/api/v1/members?status=' + encodeURIComponent('离退休') + '&size=200');
    assert.ok(retired.json.items.every((m) => m.status === '离退休'));
  });
});

describe('scope and roles', () => {
  test('a branch worker sees only their branch and cannot read or change another', async () => {
    const adminC = await admin();
    const other = await firstBranch(adminC, 'T02V01');
    const created = await adminC.post('/api/v1/members', newMember(other.id, { id_number: idNumber('330702', '19660606', '511') }));
    assert.equal(created.status, 201);
    const otherId = created.json.id;
    const c = await as('branch0101');
    const list = await c.get('/api/v1/members?size=200');
    assert.ok(list.json.items.every((m) => m.org_code === 'T01V01'));
    const orgs = await c.get('/api/v1/orgs');
    assert.deepEqual(orgs.json.items.map((o) => o.code), ['T01V01']);
    assert.equal((await c.get(`/api/v1/members/${otherId}`)).status, 404);
    assert.equal((await c.patch(`/api/v1/members/${otherId}`, { address: 'x' })).status, 404);
    assert.equal((await c.post(`/api/v1/members/${otherId}/reveal`)).status, 404);
    const mine = await firstBranch(adminC, 'T01V01');
    const moved = await c.post('/api/v1/members', newMember(other.id, { id_number: idNumber('330702', '19660607', '521') }));
    assert.equal(moved.status, 400, 'cannot register into another branch');
    assert.equal(moved.json.error.field, 'org_id');
    const ok = await c.post('/api/v1/members', newMember(mine.id, { id_number: idNumber('330702', '19660608', '531') }));
    assert.equal(ok.status, 201);
  });
  test('a committee worker sees the whole town only', async () => {
    const c = await as('town01');
    const list = await c.get('/api/v1/members?size=200');
    assert.ok(list.json.total > 0);
    assert.ok(list.json.items.every((m) => m.org_code.startsWith('T01')));
  });
  test('only admin manages users; the password policy is enforced', async () => {
    const dept = await as('dept');
    const root = (await dept.get('/api/v1/orgs')).json.items[0];
    let r = await dept.post('/api/v1/users', { username: 'x1', role: 'branch', org_id: root.id, password: 'Abcdefgh123' });
    assert.equal(r.status, 403);
    const c = await admin();
    r = await c.post('/api/v1/users', { username: 'weak1', role: 'branch', org_id: root.id, password: 'short1' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'password');
    r = await c.post('/api/v1/users', { username: 'reader', display_name: '只读', role: 'auditor', org_id: root.id, password: 'Shenji-2468x' });
    assert.equal(r.status, 201, r.text);
    r = await c.post('/api/v1/users', { username: 'reader', role: 'auditor', org_id: root.id, password: 'Shenji-2468x' });
    assert.equal(r.status, 409);
    const reader = new Client(srv.base);
    assert.equal((await reader.login('reader', 'Shenji-2468x')).status, 200);
    const m = (await reader.get('/api/v1/members?size=1')).json.items[0];
    assert.equal((await reader.post(`/api/v1/members/${m.id}/reveal`)).status, 403);
    assert.equal((await reader.patch(`/api/v1/members/${m.id}`, { address: 'x' })).status, 403);
    assert.equal((await reader.get('/api/v1/audit')).status, 200);
    assert.equal((await dept.get('/api/v1/audit')).status, 403);
  });
});

describe('organisations', () => {
  test('create, duplicate code, wrong level, patch', async () => {
    const c = await admin();
    const town = await firstBranch(c, 'T01');
    let r = await c.post('/api/v1/orgs', { code: 'T01V99', name: '新建村党支部', kind_name: '党支部', parent_id: town.id, phone: '0570-1234567' });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    r = await c.post('/api/v1/orgs', { code: 'T01V99', name: '重复', kind_name: '党支部', parent_id: town.id });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.field, 'code');
    r = await c.post('/api/v1/orgs', { code: 'X1', name: '支部下的党委', kind_name: '党委', parent_id: id });
    assert.equal(r.status, 400);
    r = await c.patch(`/api/v1/orgs/${id}`, { name: '改名村党支部' });
    assert.equal(r.status, 200);
    assert.equal(r.json.name, '改名村党支部');
    const branch = await as('branch0101');
    assert.equal((await branch.get(`/api/v1/orgs/${id}`)).status, 404);
  });
});

describe('audit chain and shutdown', () => {
  test('the audit chain verifies after all of the above', async () => {
    const r = cli(['audit', 'verify', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
  });
  test('meta lists the form choices', async () => {
    const c = await admin();
    const r = await c.get('/api/v1/meta');
    assert.equal(r.json.ethnicities.length, 56);
    assert.match(r.json.today, /^\d{4}-\d{2}-\d{2}$/, 'the server says its date');
    assert.ok(r.json.org_kinds.some((k) => k.kind_name === '党支部' && k.kind === 'branch'));
  });
});

describe('organisation phone', () => {
  test('an office phone is checked and normalised', async () => {
    const c = await admin();
    const town = await firstBranch(c, 'T01');
    let r = await c.patch(`/api/v1/orgs/${town.id}`, { phone: 'abc' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'phone');
    r = await c.patch(`/api/v1/orgs/${town.id}`, { phone: '0570 8123456' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.phone, '0570-8123456');
  });
});

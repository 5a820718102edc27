// accounts.test.mjs - `bangfu user passwd|disable|enable|list` (and the
// forced change of `user add` and `init` without a password) with the real
// binary, checked through a real server where a login tells.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, initDb, startServer, Client, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, srv;
before(async () => { db = initDb({ members: 5 }); srv = await startServer(db); });
after(async () => { await srv.stop(); db.cleanup(); });

const run = (args, opts) => cli([...args, ...db.g], opts);
async function login(user, pw) {
  const c = new Client(srv.base);
  const r = await c.login(user, pw);
  return { c, r };
}

describe('help', () => {
  test('each user command has --help and bad usage exits 2', () => {
    for (const c of ['user passwd', 'user disable', 'user enable', 'user list']) {
      const h = cli([...c.split(' '), '--help']);
      assert.equal(h.status, 0, c);
      assert.match(h.stdout, /用法/);
      assert.match(cli(['--help']).stdout, new RegExp(c));
    }
    assert.match(cli(['user', 'passwd', '--help']).stdout, /--stdin/);
    assert.match(cli(['user', 'list', '--help']).stdout, /--json/);
    assert.match(cli(['serve', '--help']).stdout, /--session-lifetime[\s\S]*--password-max-age/);
    assert.equal(run(['user', 'passwd']).status, 2);
    assert.equal(run(['user', 'disable', 'a', 'b']).status, 2);
    assert.equal(run(['user', 'list', '--bogus']).status, 2);
  });
});

describe('user passwd', () => {
  test('generates a password, prints it once, and the login must change it', async () => {
    const r = run(['user', 'passwd', 'town01']);
    assert.equal(r.status, 0, r.stderr);
    const pw = /密码：([A-Za-z2-9]{16})/.exec(r.stdout)[1];
    assert.match(r.stdout, /首次登录后须修改/);
    assert.equal((await login('town01', DEMO_PASSWORD)).r.status, 401);
    const { r: lr } = await login('town01', pw);
    assert.equal(lr.status, 200);
    assert.equal(lr.json.password_change_required, true);
  });
  test('reads the new password from standard input under the policy and history', async () => {
    let r = run(['user', 'passwd', 'branch0101', '--stdin'], { input: 'short1\n' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /至少 10 位/);
    r = run(['user', 'passwd', 'branch0101', '--stdin'], { input: 'qwerty123456\n' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /常见/);
    r = run(['user', 'passwd', 'branch0101', '--stdin'], { input: `${DEMO_PASSWORD}\n` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /最近 5 次/);
    r = run(['user', 'passwd', 'branch0101', '--stdin'], { input: '' });
    assert.equal(r.status, 1);
    r = run(['user', 'passwd', 'branch0101', '--stdin'], { input: 'Cli-set-pass-42\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /Cli-set-pass-42/);
    const { r: lr } = await login('branch0101', 'Cli-set-pass-42');
    assert.equal(lr.status, 200);
    assert.equal(lr.json.password_change_required, false);
    r = run(['user', 'passwd', 'nobody-here']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /不存在/);
  });
});

describe('user disable / enable / list', () => {
  test('a disabled user cannot log in and their session ends; enable restores; list shows it', async () => {
    const { c } = await login('auditor', DEMO_PASSWORD);
    assert.equal((await c.get('/api/v1/session')).status, 200);
    let r = run(['user', 'disable', 'auditor']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /已停用用户 auditor/);
    assert.equal((await c.get('/api/v1/session')).status, 401);
    assert.equal((await login('auditor', DEMO_PASSWORD)).r.status, 401);
    r = run(['user', 'list']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.split('\n')[0], /用户名\s+姓名\s+角色\s+所属组织\s+状态/);
    assert.match(r.stdout, /auditor\s+纪检审计员\s+审计员\s+\S+\s+停用/);
    assert.match(r.stdout, /town01.*启用（待改密）/);
    const j = JSON.parse(run(['user', 'list', '--json']).stdout);
    assert.equal(j.find((u) => u.username === 'auditor').active, false);
    assert.equal(j.find((u) => u.username === 'town01').must_change_password, true);
    assert.ok(j.every((u) => !('password_hash' in u)));
    r = run(['user', 'enable', 'auditor']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await login('auditor', DEMO_PASSWORD)).r.status, 200);
    assert.equal(run(['user', 'disable', 'nobody-here']).status, 1);
  });
  test('user add: a generated password must be changed; roles only at their kind of organisation', async () => {
    let r = run(['user', 'add', 'cliadd1', '--role', 'branch', '--org', 'T01V02']);
    assert.equal(r.status, 0, r.stderr);
    const pw = /初始密码：([A-Za-z2-9]{16})/.exec(r.stdout)[1];
    assert.equal((await login('cliadd1', pw)).r.json.password_change_required, true);
    r = run(['user', 'add', 'cliadd2', '--role', 'department', '--org', 'T01', '--password', 'Kx7-ponder-river']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /所属组织：组织部账号只能属于组织部/);
    r = run(['user', 'add', 'cliadd3', '--role', 'branch', '--org', 'T01V02', '--password', 'cliadd3-pass-99']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /用户名/);
    // every change above is in the audit chain, which still verifies
    r = run(['audit', 'verify']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });
});

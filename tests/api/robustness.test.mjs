// robustness.test.mjs - no request may stop the server (issue 8, §1): each
// class of input that once made `bangfu serve` abort is sent unauthenticated
// and as every role of the demo cast to a real server (SQLite by default;
// PostgreSQL when BANGFU_TEST_PG is set; under ASan with BANGFU_SANITIZED=1).
// Each must answer 4xx with a JSON error body that is valid UTF-8 and says
// what is wrong in Chinese, and /api/v1/health must still answer after it.
// The classes: error text cut in the middle of a UTF-8 character (a long
// unknown JSON key, an unknown policy key, a dossier item, a calendar line,
// the list of the 56 ethnicities), bytes that are not UTF-8 in the path and
// the query, and dates that do not exist.
import { test, before, beforeEach, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { initDb, Stage, Client, cast, sanitizerEnv, idNumber } from '../lib/harness.mjs';

let db, stage, who;
const ROLES = ['anon', 'admin', 'dept', 'town', 'branch', 'auditor'];

before(async () => {
  db = initDb({ members: 20 });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  who = { anon: new Client(stage.base), ...(await cast(stage)) };
});
// A server that died in an earlier test is started again, so that each
// class is tried on its own (and fails on its own when it kills it).
beforeEach(async () => {
  try { if ((await fetch(`${stage.base}/api/v1/health`)).ok) return; } catch { /* dead */ }
  stage.srv = null;
  stage.clients = [];
  await stage.start();
  who = { anon: new Client(stage.base), ...(await cast(stage)) };
});
after(async () => { await stage.stop(); db.cleanup(); });

// Sends a request as c and returns {status, body (raw bytes), json}.
async function send(c, method, path, body) {
  const h = {};
  if (c.cookie) h.Cookie = c.cookie;
  if (c.csrf && method !== 'GET') h['X-CSRF-Token'] = c.csrf;
  let payload;
  if (body !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const r = await fetch(stage.base + path, { method, headers: h, body: payload });
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { status: r.status, bytes };
}

const strict = new TextDecoder('utf-8', { fatal: true });

// The answer is a refusal (4xx) whose body is valid UTF-8 JSON with an error
// in Chinese, and the server still answers afterwards.  Returns the error.
async function refusedCleanly(role, method, path, body, what) {
  let r;
  try {
    r = await send(who[role], method, path, body);
  } catch (err) {
    assert.fail(`${what} as ${role}: no answer (${err.cause?.code || err.message})`);
  }
  const label = `${what} as ${role}: ${method} ${path.slice(0, 80)} → ${r.status}`;
  assert.ok(r.status >= 400 && r.status < 500, label);
  let text;
  assert.doesNotThrow(() => { text = strict.decode(r.bytes); }, `${label}: body is valid UTF-8`);
  const json = JSON.parse(text);
  assert.ok(json.error && typeof json.error.code === 'string', `${label}: error shape ${text.slice(0, 200)}`);
  assert.match(json.error.message, /[\u4e00-\u9fff]/, `${label}: a Chinese message`);
  await healthy(label);
  return json.error;
}

async function healthy(label) {
  let h;
  try { h = await fetch(`${stage.base}/api/v1/health`); } catch (err) { assert.fail(`${label}: the server died (${err.cause?.code || err.message})`); }
  assert.equal(h.status, 200, `${label}: health`);
}

// Keys and texts long enough to be cut by any fixed buffer, each with 0, 1
// and 2 ASCII bytes in front, so that a cut falls inside a 3-byte character
// whatever the message before it.
const long = (n) => [0, 1, 2].map((k) => 'ab'.slice(0, k) + '键'.repeat(n));

describe('error text cut inside a character', () => {
  test('a long unknown JSON key, to every kind of body', async () => {
    const targets = [
      ['POST', '/api/v1/session'],
      ['POST', '/api/v1/members'],
      ['POST', '/api/v1/cases'],
      ['POST', '/api/v1/loans/schedule'],
      ['PUT', '/api/v1/calendar/days'],
    ];
    for (const role of ROLES)
      for (const [method, path] of targets)
        for (const key of long(200)) {
          const e = await refusedCleanly(role, method, path, { [key]: 1 }, 'unknown key');
          if (e.field) assert.ok(key.startsWith(e.field), `the field is the key cut between characters: ${e.field}`);
        }
  });

  test('a short unknown key is named whole in field', async () => {
    const key = 'a' + '键'.repeat(30); // 91 bytes: more than field holds
    const e = await refusedCleanly('anon', 'POST', '/api/v1/session', { [key]: 1 }, 'unknown key');
    assert.equal(e.code, 'invalid_field');
    assert.ok(e.field && key.startsWith(e.field), `field ${e.field}`);
  });

  test('an unknown key in a policy document', async () => {
    for (const role of ROLES)
      for (const key of long(200)) {
        await refusedCleanly(role, 'POST', '/api/v1/policies', { note: '测试', document: { [key]: 1 } }, 'policy key');
        await refusedCleanly(role, 'POST', '/api/v1/policies', { note: '测试', document: { classify: { [key]: 1 } } }, 'nested policy key');
      }
  });

  test('a long dossier item', async () => {
    for (const role of ROLES)
      for (const item of long(200))
        await refusedCleanly(role, 'POST', '/api/v1/cases/1/dossier', { items: [item] }, 'dossier item');
  });

  test('a calendar line with a long date or kind', async () => {
    for (const role of ROLES)
      for (const s of long(40)) {
        await refusedCleanly(role, 'POST', '/api/v1/calendar/years/2030', { tsv: `${s}\tholiday\t元旦\n` }, 'calendar date');
        await refusedCleanly(role, 'POST', '/api/v1/calendar/years/2030', { tsv: `2030-01-01\t${s}\t元旦\n` }, 'calendar kind');
      }
  });

  test('an ethnicity that is none of the 56', async () => {
    const orgs = (await send(who.admin, 'GET', '/api/v1/orgs')).bytes;
    const branch = JSON.parse(strict.decode(orgs)).items.find((o) => o.code === 'T01V01');
    const member = { name: '测试党员', ethnicity: '火星族', joined_on: '1985-07-01', id_number: idNumber('330702', '19600315', '135'), phone: '13812345678', household_type: '农业', household_size: 3, address: '城关镇东风村1组2号', education: '初中', member_type: '普通党员', org_id: branch.id };
    for (const role of ROLES) await refusedCleanly(role, 'POST', '/api/v1/members', member, 'ethnicity');
    const e = await refusedCleanly('admin', 'POST', '/api/v1/members', member, 'ethnicity');
    assert.equal(e.field, 'ethnicity');
    assert.match(e.message, /民族/);
  });
});

describe('bytes that are not UTF-8 from the request', () => {
  const queries = [
    ['GET', '/api/v1/policies/current?date=%E3', 'date'],
    ['GET', '/api/v1/statements?org=1&from=%E3&to=2024-12-31', 'from'],
    ['GET', '/api/v1/statements?org=1&from=2024-01-01&to=%E3%81', 'to'],
    ['GET', '/api/v1/statements/document?org=1&from=%E3&to=2024-12-31', 'from'],
    ['GET', '/api/v1/funds/1/postings?from=%E3', 'from'],
    ['GET', '/api/v1/members?q=%E3', 'q'],
    ['GET', '/api/v1/members?status=%C0%AF', 'status'],
    ['GET', '/api/v1/cases?state=%E3&kind=%FF', 'state'],
    ['GET', '/api/v1/notices?status=%ED%A0%80', 'status'],
    ['GET', '/api/v1/cases/1/attachments?kind=%E3', 'kind'],
    ['GET', '/api/v1/calendar?year=%E3', 'year'],
    ['DELETE', '/api/v1/calendar/days?day=%E3', 'day'],
    ['GET', '/api/v1/audit?from=%E3', 'from'],
  ];
  test('in a query argument: 400 naming it', async () => {
    for (const role of ROLES)
      for (const [method, path, field] of queries) {
        const e = await refusedCleanly(role, method, path, undefined, 'query');
        assert.equal(e.field, field, `${role} ${path}`);
        assert.match(e.message, new RegExp(`参数 ${field} `));
      }
  });
  test('in a query argument name, and in the path', async () => {
    for (const role of ROLES) {
      let e = await refusedCleanly(role, 'GET', '/api/v1/members?%E3=1', undefined, 'query name');
      assert.equal(e.field, 'query');
      e = await refusedCleanly(role, 'GET', '/api/v1/members/%E3', undefined, 'path');
      assert.equal(e.field, 'path');
      e = await refusedCleanly(role, 'GET', '/%E3%81', undefined, 'console path');
    }
  });
});

describe('the access log', () => {
  test('a decoded %0A in the path cannot forge a line', async () => {
    const forged = '1999-01-01T00:00:00+0000 6.6.6.6 GET /forged 200 0 0.1ms admin';
    const path = `/api/v1/nope%0A${encodeURIComponent(forged)}`;
    await refusedCleanly('anon', 'GET', path, undefined, 'forged log line');
    let log = '';
    for (let i = 0; i < 50 && !log.includes('/api/v1/nope%0A1999'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      log = readFileSync(stage.srv.log, 'utf8');
    }
    assert.ok(log.includes('/api/v1/nope%0A1999-01-01T00:00:00+0000%206.6.6.6%20GET'), 'the path written again as one token');
    assert.ok(!log.split('\n').some((l) => l.startsWith('1999-01-01')), 'no forged line');
  });
});

describe('a path too long to hold', () => {
  test('is 414, never routed cut', async () => {
    // cut at 511 bytes, this would read GET /api/v1/members/1
    const path = `/api/v1/members/${'0'.repeat(494)}1/${'键'.repeat(40)}`;
    for (const role of ROLES) {
      const e = await refusedCleanly(role, 'GET', path, undefined, 'long path');
      assert.equal(e.code, 'uri_too_long', role);
    }
  });
});

describe('dates that do not exist', () => {
  test('a loan schedule from 2024-02-30', async () => {
    for (const role of ROLES) {
      const e = await refusedCleanly(role, 'POST', '/api/v1/loans/schedule', { principal_fen: 120000, rate_bp: 360, months: 12, start_on: '2024-02-30' }, 'start_on');
      if (role === 'anon') assert.equal(e.code, 'unauthenticated');
      else assert.deepEqual([e.code, e.field], ['invalid_field', 'start_on'], `${role}: ${e.message}`);
    }
  });
  test('dates in the query and the body name their field', async () => {
    // the department's fund: in the subtree of admin and dept only
    const orgs = JSON.parse(strict.decode((await send(who.admin, 'GET', '/api/v1/orgs')).bytes)).items;
    const deptOrg = orgs.find((o) => o.kind === 'department');
    const branchOrg = orgs.find((o) => o.code === 'T01V01');
    const fund = JSON.parse(strict.decode((await send(who.admin, 'POST', '/api/v1/funds', { org_id: deptOrg.id })).bytes));
    // what the income with a date that does not exist answers: the date
    // where the fund is in scope; for a township or branch account the
    // fund is absent (404 before the body, src/http/gate.c); the auditor
    // may not write (403 before anything, the route's R_WRITE)
    const income = {
      admin: ['invalid_field', 'date'], dept: ['invalid_field', 'date'],
      town: ['not_found', 'fund_id'], branch: ['not_found', 'fund_id'],
      auditor: ['forbidden', undefined], anon: ['unauthenticated', undefined],
    };
    // a notice's start date is read before its branch is looked up
    const notice = { admin: 'invalid_field', dept: 'invalid_field', town: 'invalid_field', branch: 'invalid_field', auditor: 'forbidden', anon: 'unauthenticated' };
    for (const role of ROLES) {
      const query = role === 'anon' ? ['unauthenticated', undefined] : undefined;
      let e = await refusedCleanly(role, 'GET', '/api/v1/policies/current?date=2023-02-29', undefined, 'date');
      assert.deepEqual([e.code, e.field], query ?? ['invalid_field', 'date'], role);
      e = await refusedCleanly(role, 'GET', `/api/v1/statements?org=${branchOrg.id}&from=2024-13-01&to=2024-12-31`, undefined, 'from');
      assert.deepEqual([e.code, e.field], query ?? ['invalid_field', 'from'], role);
      e = await refusedCleanly(role, 'GET', `/api/v1/funds/${fund.id}/postings?to=2024-04-31`, undefined, 'to');
      assert.deepEqual([e.code, e.field], query ?? ['invalid_field', 'to'], role);
      e = await refusedCleanly(role, 'POST', `/api/v1/funds/${fund.id}/income`, { source: 'finance', amount_fen: 100, date: '2024-02-30' }, 'income date');
      assert.deepEqual([e.code, e.field], income[role], `${role}: ${e.message}`);
      e = await refusedCleanly(role, 'POST', '/api/v1/notices', { org_id: branchOrg.id, starts_on: '2025-06-31' }, 'starts_on');
      assert.deepEqual([e.code, e.field], [notice[role], notice[role] === 'invalid_field' ? 'starts_on' : undefined], `${role}: ${e.message}`);
    }
  });
});

describe('a damaged database', () => {
  // Only SQLite stores text that is not UTF-8 (PostgreSQL refuses it), as
  // a damaged or hand-edited database file might hold it.
  test('answers the fixed 500 body, logs it and stays up', { skip: process.env.BANGFU_TEST_PG ? 'PostgreSQL keeps text valid' : false }, async () => {
    const orgs = JSON.parse(strict.decode((await send(who.admin, 'GET', '/api/v1/orgs')).bytes)).items;
    const { id } = orgs.find((o) => o.code === 'T08V06');
    const file = db.url.slice('sqlite:'.length);
    execFileSync('sqlite3', [file], { input: "UPDATE orgs SET name = CAST(X'E6B58BE3E8AF95' AS TEXT) WHERE code = 'T08V06';" });
    const r = await send(who.admin, 'GET', `/api/v1/orgs/${id}`);
    assert.equal(r.status, 500);
    const e = JSON.parse(strict.decode(r.bytes)).error;
    assert.equal(e.code, 'internal');
    assert.match(e.message, /服务器内部错误/);
    await healthy('after the 500');
    assert.match(readFileSync(stage.srv.log, 'utf8'), new RegExp(`ERROR GET /api/v1/orgs/${id}: reply not encoded`));
  });

  test('text that is not UTF-8 in a list answers repaired', { skip: process.env.BANGFU_TEST_PG ? 'PostgreSQL keeps text valid' : false }, async () => {
    const file = db.url.slice('sqlite:'.length);
    execFileSync('sqlite3', [file], { input: "UPDATE members SET name = CAST(X'E5BCA0E3E4B889' AS TEXT) WHERE id = (SELECT min(id) FROM members);" });
    for (const role of ['admin', 'dept', 'auditor']) {
      const r = await send(who[role], 'GET', '/api/v1/members?size=200');
      assert.equal(r.status, 200, role);
      const items = JSON.parse(strict.decode(r.bytes)).items;
      assert.ok(items.some((m) => m.name === '张\ufffd三'), `${role}: the bad byte answered as U+FFFD`);
    }
  });

  test('a calendar day that does not exist is skipped, not fatal', { skip: process.env.BANGFU_TEST_PG ? 'PostgreSQL keeps dates valid' : false }, async () => {
    const file = db.url.slice('sqlite:'.length);
    execFileSync('sqlite3', [file], { input: "INSERT INTO calendar_days (day, kind, name, updated_at) VALUES ('2025-02-30', 'holiday', '不存在的一天', 0);" });
    try {
      for (const role of ROLES.filter((r) => r !== 'anon')) {
        const r = await send(who[role], 'GET', '/api/v1/calendar?year=2025');
        assert.equal(r.status, 200, role);
        JSON.parse(strict.decode(r.bytes));
        await healthy(role);
      }
      assert.match(readFileSync(stage.srv.log, 'utf8'), /ERROR stored date "2025-02-30" does not parse/);
    } finally {
      execFileSync('sqlite3', [file], { input: "DELETE FROM calendar_days WHERE day = '2025-02-30';" });
    }
  });
});

describe('database errors', () => {
  // A table gone from under the running server (a broken migration, a
  // hand-edited database): the client gets the registry's code and Chinese
  // message, the log the engine's words and the transaction's name.
  test('reach the log, never the client', async () => {
    const sql = (text) => (process.env.BANGFU_TEST_PG
      ? execFileSync('psql', [db.url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', text], { stdio: 'pipe' })
      : execFileSync('sqlite3', [db.url.slice('sqlite:'.length)], { input: text }));
    sql('ALTER TABLE calendar_years RENAME TO calendar_years_away;');
    try {
      for (const role of ROLES.filter((r) => r !== 'anon')) {
        const r = await send(who[role], 'GET', '/api/v1/calendar?year=2025');
        assert.equal(r.status, 500, role);
        const text = strict.decode(r.bytes);
        assert.deepEqual(JSON.parse(text), { error: { code: 'database', message: '数据库错误，请稍后重试' } });
        assert.doesNotMatch(text, /calendar_years|no such|does not exist|relation/);
        await healthy(role);
      }
    } finally {
      sql('ALTER TABLE calendar_years_away RENAME TO calendar_years;');
    }
    const log = readFileSync(stage.srv.log, 'utf8');
    assert.match(log, /ERROR tx case_calendar_edits failed \(database\): .*calendar_years/);
    assert.ok((await send(who.admin, 'GET', '/api/v1/calendar?year=2025')).status === 200, 'back once the table is');
  });
});

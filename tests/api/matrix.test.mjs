// matrix.test.mjs - the authorisation matrix (issue #8 §2): every route of
// the route table (`bangfu routes --json`) asked by every role — admin,
// department, committee, branch, auditor and anonymous — in scope and out of
// scope, against a real `bangfu serve` on the demo district (SQLite, or
// PostgreSQL with BANGFU_TEST_PG), each answer checked against the route's
// `expect` in src/http/routes.c.  A route without `expect` fails.
//
// In scope: the accounts whose subtree holds 东风村党支部 (T01V01) — admin,
// dept and auditor at the root, town01 at 城关镇 (T01), branch0101 at T01V01
// — asking about T01V01's objects.  Out of scope: the same roles attached to
// 另一镇 (T02; the branch at T02V01) asking the very same requests.  The
// admin and department accounts of T02 are written into the users table
// directly when `user add` refuses those roles there: accounts made before
// that rule still exist, and the core's scope must hold for them too.
//
// A request is the route's path with {id} the fixture of its resource (the
// path segment before {id}: members → a member of T01V01 …), plus the
// filters the expectation names (`?org` → ?org=<T01V01>), with an empty
// JSON object as the body of every write: an answer 400 (or 409) shows the
// request got past permission and scope to the content.
//
// MATRIX_RECORD=1 prints the answers seen in the table's format instead of
// checking them (to write a new route's expectation; check it by reading).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BIN, initDb, Stage, Client, ok, sanitizerEnv, ADMIN_PASSWORD, DEMO_PASSWORD } from '../lib/harness.mjs';

const ROLES = ['admin', 'department', 'committee', 'branch', 'auditor', 'anonymous'];
// The expectation's letters: exactly the statuses named, never "either".
const CLASS = { o: [200, 201, 204], b: [400], c: [409], f: [403], n: [404], u: [401] };
const RECORD = !!process.env.MATRIX_RECORD;

let db, stage, routes;
const inCast = {}, outCast = {}, fx = {};
const creds = new Map(); // client → [username, password]

// Resources by the path segment before {id}.
const SEGMENT = {
  orgs: 'org', members: 'member', users: 'user', rounds: 'round', cases: 'case',
  attachments: 'attachment', notices: 'notice', objections: 'objection', policies: 'policy',
  years: 'year', funds: 'fund', postings: 'posting', 'payment-batches': 'batch',
  payments: 'payment', loans: 'loan', recoveries: 'recovery', sessions: 'session',
  imports: 'import', roll: 'roll',
  verifications: 'verification', 'verification-checks': 'verificationCheck',
  findings: 'finding', 'household-links': 'householdLink', 'screening-batches': 'screeningBatch',
  'roll-reviews': 'rollReview', 'roll-review-items': 'rollReviewItem',
  'training-sessions': 'trainingSession',
  'help-plans': 'helpPlan', 'plan-measures': 'planMeasure',
  pairings: 'pairing', 'help-records': 'helpRecord', 'help-attachments': 'helpAttachment',
  'visit-rounds': 'visitRound', visits: 'visit', 'visit-attachments': 'visitAttachment',
  celebrations: 'celebration',
  commendations: 'commendation', nominations: 'nomination',
};
// Routes that need a particular object of their resource: closing what is
// already closed answers 409 once permission and scope passed, and changes
// nothing.
const OVERRIDE = {
  'POST /api/v1/rounds/{id}/close': 'closedRound',
  'POST /api/v1/notices/{id}/close': 'closedNotice',
  'GET /api/v1/cases/{id}/documents/notice_report': 'noticedCase',
  'POST /api/v1/verifications/{id}/close': 'closedVerification',
  'POST /api/v1/roll-reviews/{id}/close': 'closedRollReview',
};

// The query a route needs besides its filters (a period).
const PERIOD = 'from=2020-01-01&to=2030-12-31';
const QUERY = {
  'GET /api/v1/statements': PERIOD,
  'GET /api/v1/statements/document': PERIOD,
  'GET /api/v1/statements/postings': PERIOD,
};

function sql(text) {
  if (process.env.BANGFU_TEST_PG) execFileSync('psql', [db.url, '-q', '-c', text], { stdio: 'pipe' });
  else execFileSync('sqlite3', [db.url.replace(/^sqlite:/, ''), text], { stdio: 'pipe' });
}

// An account of role at org: by `user add` when it may, else as an older
// database would hold it (the demo password's hash copied from dept).
async function account(admin, username, role, org) {
  const r = await admin.post('/api/v1/users', { username, display_name: username, role, org_id: org.id, password: DEMO_PASSWORD });
  if (r.status !== 201)
    sql(`INSERT INTO users (username, display_name, role, org_id, password_hash, active, created_at) SELECT '${username}', '${username}', '${role}', ${org.id}, password_hash, 1, 0 FROM users WHERE username = 'dept'`);
  return login(username);
}

async function login(username, password = DEMO_PASSWORD) {
  const c = await stage.login(username, password);
  creds.set(c, [username, password]);
  return c;
}

before(async () => {
  routes = JSON.parse(execFileSync(BIN, ['routes', '--json'], { encoding: 'utf8' }));
  db = initDb({ members: 60, cases: true });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  Object.assign(inCast, {
    admin: await login('admin', ADMIN_PASSWORD), department: await login('dept'), committee: await login('town01'),
    branch: await login('branch0101'), auditor: await login('auditor'), anonymous: new Client(stage.base),
  });
  const who = { admin: inCast.admin };
  stage.clients.push(inCast.anonymous);
  const admin = who.admin;
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  const code = (c) => orgs.find((o) => o.code === c);
  const [t01v01, t02, t02v01] = [code('T01V01'), code('T02'), code('T02V01')];
  Object.assign(outCast, {
    admin: await account(admin, 'admin02', 'admin', t02),
    department: await account(admin, 'dept02', 'department', t02),
    committee: await account(admin, 'town02', 'committee', t02),
    branch: await account(admin, 'branch0201', 'branch', t02v01),
    auditor: await account(admin, 'audit02', 'auditor', t02),
    anonymous: inCast.anonymous,
  });
  // T01V01's objects, found as admin
  const first = async (path, pred = () => true, c = admin) => {
    const j = await ok(c.get(path));
    const hit = (j.items || j).find(pred);
    assert.ok(hit, `a fixture from ${path}`);
    return hit;
  };
  const mine = (x) => x.org_id === t01v01.id;
  fx.org = t01v01.id;
  fx.member = (await first(`/api/v1/members?org=${t01v01.id}`)).id;
  const loan = await first('/api/v1/loans');
  fx.loan = loan.id;
  fx.recovery = (await first('/api/v1/recoveries')).id;
  const rounds = (await ok(admin.get('/api/v1/rounds'))).items;
  fx.round = rounds.find((r) => r.status === 'open').id;
  fx.closedRound = rounds.find((r) => r.status === 'closed').id;
  const notices = (await ok(admin.get(`/api/v1/notices?org=${t01v01.id}&size=200`))).items;
  fx.notice = notices.find((n) => n.status === 'open')?.id ?? notices[0].id;
  fx.closedNotice = notices.find((n) => n.status === 'closed').id;
  fx.objection = (await first(`/api/v1/notices/${fx.notice}/objections`)).id;
  fx.noticedCase = (await ok(admin.get(`/api/v1/notices/${fx.notice}`))).cases[0].id;
  fx.case = (await first(`/api/v1/cases?org=${t01v01.id}&size=200`, (c) => c.member_id)).id;
  // a roll entry of T01V01 (the demo's approved cases entered their members)
  fx.roll = (await first(`/api/v1/roll?org=${t01v01.id}`)).id;
  const batch = (await ok(admin.get('/api/v1/payment-batches'))).items[0];
  fx.batch = batch.id;
  const b = await ok(admin.get(`/api/v1/payment-batches/${batch.id}`));
  const line = b.payments.find((p) => p.org_id === t01v01.id);
  assert.ok(line, 'a payment of T01V01 in the first batch');
  fx.payment = line.id;
  fx.paidCase = line.case_id;
  fx.fund = (await first('/api/v1/funds', mine)).id;
  fx.posting = (await first(`/api/v1/funds/${fx.fund}/postings`)).id;
  fx.attachment = await upload(admin, fx.case);
  // an import job of admin's own: a job is its maker's alone
  fx.import = (await ok(admin.post('/api/v1/imports', { kind: 'member', name: 'm.xlsx' }), 201)).id;
  // a user of T01V01 of its own, with a session, for the account routes
  // (disabled, reset … in the walk: none of the cast)
  await ok(admin.post('/api/v1/users', { username: 'matrix0101', display_name: '矩阵', role: 'branch', org_id: t01v01.id, password: DEMO_PASSWORD }), 201);
  fx.user = (await first('/api/v1/users?size=200', (u) => u.username === 'matrix0101')).id;
  const own = await stage.login('matrix0101');
  fx.session = (await first('/api/v1/sessions', () => true, own)).id;
  fx.policy = 1;
  fx.year = 2024;
  // a verification campaign of the paid case's year, every case drawn, and
  // one closed; the check of T01V01's paid case
  const paidYear = (await ok(admin.get(`/api/v1/cases/${fx.paidCase}`))).year;
  const due = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const camp = await ok(admin.post('/api/v1/verifications', { year: paidYear, share_pct: 100, seed: '1', due_on: due }), 201);
  fx.verification = camp.id;
  fx.verificationCheck = (await first(`/api/v1/verifications/${camp.id}/checks`, (k) => k.case_id === fx.paidCase)).id;
  const shut = await ok(admin.post('/api/v1/verifications', { year: paidYear, share_pct: 1, seed: '2', due_on: due }), 201);
  await ok(admin.post(`/api/v1/verifications/${shut.id}/close`, {}));
  fx.closedVerification = shut.id;
  // screening (issue #11): a finding on T01V01's case, a household link of
  // two T01V01 members, a batch of T01V01 — written as the rules and the
  // committee would leave them
  const two = (await ok(admin.get(`/api/v1/members?org=${t01v01.id}&size=2`))).items;
  sql(`INSERT INTO screening_findings (case_id, rule, detail, state, created_at) VALUES (${fx.case}, 'duplicate_id', '矩阵', 'open', 0)`);
  sql(`INSERT INTO household_links (member_id, relative_id, relation, created_at) VALUES (${two[0].id}, ${two[1].id}, '配偶', 0)`);
  sql(`INSERT INTO screening_batches (org_id, state, created_at) VALUES (${t01v01.id}, 'open', 0)`);
  fx.finding = (await ok(admin.get(`/api/v1/cases/${fx.case}/findings`))).items[0].id;
  fx.householdLink = (await ok(admin.get(`/api/v1/members/${two[0].id}/household`))).items[0].id;
  fx.screeningBatch = (await ok(admin.get('/api/v1/screening-batches'))).items.find(mine).id;
  // a June review of the roll (an item of T01V01's entry) and a closed
  // November one
  const rr = await ok(admin.post('/api/v1/roll-reviews', { kind: 'june', year: 2031, finish_on: due }), 201);
  fx.rollReview = rr.id;
  fx.rollReviewItem = (await first(`/api/v1/roll-reviews/${rr.id}/items?org=${t01v01.id}`)).id;
  const rn = await ok(admin.post('/api/v1/roll-reviews', { kind: 'november', year: 2031, finish_on: due }), 201);
  await ok(admin.post(`/api/v1/roll-reviews/${rn.id}/close`, {}));
  fx.closedRollReview = rn.id;
  // a training session of T01V01 (issue #12), with attendance (so it cannot be deleted)
  fx.trainingSession = (await ok(admin.post('/api/v1/training-sessions', { org_id: t01v01.id, title: '矩阵培训', topic: 'other', start_on: '2024-05-01', place: '村部', hours: 2 }), 201)).id;
  await ok(admin.post(`/api/v1/training-sessions/${fx.trainingSession}/attendance`, { marks: [{ member_id: fx.member, status: 'present' }] }));
  // a pairing (issue #12) of T01V01's member on the roll with a leading cadre
  const entry = await ok(admin.get(`/api/v1/roll/${fx.roll}`));
  fx.pairing = (await ok(admin.post('/api/v1/pairings', { member_id: entry.member_id, helper_name: '矩阵书记', helper_post: '镇党委书记', goal: '增收', measures: '养殖', start_on: '2025-01-01', target_on: '2031-12-31', place: '东风村', matter: '养殖' }), 201)).id;
  // a help plan (issue #12) of the same member, with one measure
  const hp = await ok(admin.post('/api/v1/help-plans', { member_id: entry.member_id, year: 2031, goal: '增收', measures: [{ kind: 'job', target: '推荐就业', due_on: '2031-06-30' }] }), 201);
  fx.helpPlan = hp.id;
  fx.planMeasure = hp.items[0].id;
  // a help record of it with a file (the record's files: help-attachments)
  fx.helpRecord = (await ok(admin.post(`/api/v1/pairings/${fx.pairing}/records`, { done_on: '2025-02-01', what: '矩阵走访' }), 201)).record_id;
  fx.helpAttachment = await upload(admin, fx.helpRecord, 'help-records');
  // a festival round (issue #12) whose rule (any age) gives T01V01's member a task
  const vr = await ok(admin.post('/api/v1/visit-rounds', { year: 2031, festival: 'spring', due_on: due, old_age: 0 }), 201);
  fx.visitRound = vr.id;
  fx.visit = (await first(`/api/v1/visits?round=${vr.id}&member=${fx.member}`)).id;
  fx.visitAttachment = await upload(admin, fx.visit, 'visits');
  // the 1 July celebration (issue #12) of T01V01
  fx.celebration = (await ok(admin.post('/api/v1/care/celebrations', { org_id: t01v01.id, held_on: '2024-07-01', place: '村部', title: '矩阵七一活动' }), 201)).id;
  // a commendation round (issue #12) with T01's quota and a nomination of T01V01's member
  const town = code('T01');
  const cr = await ok(admin.post('/api/v1/commendations', { title: '矩阵表彰', year: 2031, nominate_by: due, quotas: [{ org_id: town.id, honour: 'outstanding_member', quota: 1 }] }), 201);
  fx.commendation = cr.id;
  fx.nomination = (await ok(admin.post(`/api/v1/commendations/${cr.id}/nominations`, { honour: 'outstanding_member', member_id: fx.member, deeds: '矩阵事迹' }), 201)).id;
});

after(async () => {
  if (stage) await stage.stop();
  if (db) db.cleanup();
});

// A small PDF attached to case (or visit, of) id by client c; its id.
async function upload(c, id, of = 'cases') {
  const r = await fetch(`${c.base}/api/v1/${of}/${id}/attachments?kind=other`, {
    method: 'POST', body: Buffer.from('%PDF-1.4\n% 附件\n1 0 obj<<>>endobj\n%%EOF\n'),
    headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': 'application/pdf' },
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text).id;
}

// The request of route rt (filter via); absent, when given, replaces the
// filter's id (with via) or the {id} (without) by one that does not exist.
function target(rt, via, absent) {
  const key = `${rt.method} ${rt.pattern}`;
  let path = rt.pattern + (QUERY[key] ? `?${QUERY[key]}` : '');
  if (path.includes('{id}')) {
    const seg = path.split('/')[path.split('/').indexOf('{id}') - 1];
    const name = OVERRIDE[key] || SEGMENT[seg];
    assert.ok(name && fx[name] !== undefined, `${key}: no fixture for {id} (add it to SEGMENT or OVERRIDE in matrix.test.mjs)`);
    path = path.replace('{id}', String((!via && absent) || fx[name]));
  }
  if (via) {
    const name = via.slice(1);
    assert.ok(fx[name] !== undefined, `${key}: no fixture for filter ${via}`);
    path += `${path.includes('?') ? '&' : '?'}${name}=${absent ?? fx[name]}`;
  }
  return path;
}

async function ask(client, rt, path, full = false) {
  const body = rt.method === 'GET' || rt.method === 'DELETE' ? undefined : {};
  const r = await client.req(rt.method, path, body);
  if (full) return r;
  // a logout: the same account logs in again for the routes after it
  if (r.status < 300 && creds.has(client) && !client.cookie) await client.login(...creds.get(client));
  return r.status;
}

function letter(status) {
  for (const [k, v] of Object.entries(CLASS)) if (v.includes(status)) return k;
  return `?${status}`;
}

// "IIIIII OOOOOO ?filter …": six letters for the roles in ROLES, in scope
// then out of scope ('.': not asked), then the filters (?org) asked as
// variants of the request, each answering the same; several such groups
// separated by ';' when variants answer differently.
function parse(expect) {
  return expect.split(';').map((g) => {
    const [inScope, outScope, ...via] = g.trim().split(/\s+/);
    for (const s of [inScope, outScope]) assert.match(s || '', /^[obcfnu.]{6}$/, `six roles' letters in "${expect}"`);
    return { in: inScope, out: outScope, via: via.length ? via : [null] };
  });
}

test('every route has its expected answers beside it in src/http/routes.c', () => {
  const missing = routes.filter((r) => !r.expect).map((r) => `${r.method} ${r.pattern}`);
  assert.deepEqual(missing, [], 'routes without an expectation (add "expect" to their entry in src/http/routes.c)');
  for (const r of routes) parse(r.expect);
});

test('the matrix: every route × role, in scope and out of scope', async () => {
  const wrong = [];
  const recorded = [];
  let asked = 0;
  for (const rt of routes) {
    const groups = rt.expect ? parse(rt.expect) : [{ in: '......', out: '......', via: [null] }];
    const seen = [];
    for (const e of groups) {
      for (const via of e.via) {
        const path = target(rt, via);
        const got = { in: '', out: '' };
        for (const [side, who] of [['in', inCast], ['out', outCast]]) {
          for (let i = 0; i < ROLES.length; i++) {
            if (!RECORD && e[side][i] === '.') { got[side] += '.'; continue; }
            const status = await ask(who[ROLES[i]], rt, path);
            asked++;
            got[side] += letter(status);
            if (!RECORD && letter(status) !== e[side][i])
              wrong.push(`${rt.method} ${path} as ${ROLES[i]} (${side === "in" ? "in scope" : "out of scope"}): expected ${CLASS[e[side][i]]?.join('/') ?? e[side][i]}, got ${status}`);
          }
        }
        seen.push(`${got.in} ${got.out}${via ? ' ' + via : ''}`);
      }
    }
    recorded.push(`${rt.method} ${rt.pattern}: "${seen.join('; ')}"`);
  }
  if (RECORD) console.log(recorded.join('\n'));
  console.log(`# matrix: ${routes.length} routes × ${ROLES.length} roles × in/out of scope, ${asked} requests`);
  assert.deepEqual(wrong, []);
});

// What is out of scope must look exactly like what does not exist: where
// the matrix expects 404 out of scope, the same request naming an id that
// does not exist answers the same error (code, field and message, its
// numbers aside), so no answer tells a record of another township from none.
test('out of scope answers as if the record did not exist', async () => {
  const ABSENT = 987654321;
  const norm = (r) => JSON.stringify(r.json?.error ?? r.text).replace(/\d+/g, 'N');
  const wrong = [];
  let asked = 0;
  for (const rt of routes) {
    for (const e of rt.expect ? parse(rt.expect) : []) {
      for (const via of e.via) {
        if (!via && !rt.pattern.includes('{id}')) continue;
        for (let i = 0; i < ROLES.length; i++) {
          if (e.out[i] !== 'n') continue;
          const who = outCast[ROLES[i]];
          const real = await ask(who, rt, target(rt, via), true);
          const none = await ask(who, rt, target(rt, via, ABSENT), true);
          asked += 2;
          if (real.status !== none.status || norm(real) !== norm(none))
            wrong.push(`${rt.method} ${rt.pattern}${via ? ' ' + via : ''} as ${ROLES[i]}: ${real.status} ${norm(real)} ≠ ${none.status} ${norm(none)}`);
        }
      }
    }
  }
  console.log(`# out of scope as absent: ${asked} requests`);
  assert.deepEqual(wrong, []);
});

// scope.test.mjs - scope and authority over HTTP (issue #8 §2) against a
// real `bangfu serve` (SQLite; PostgreSQL when BANGFU_TEST_PG is set): the
// audit log read within the reader's subtree, out-of-scope list filters
// answering 404, permission before existence, and what a branch may do with
// its own members' recoveries and payment lines.  The root-only district
// settings and the round's closer are in tests/unit/test_casework.c (they
// need accounts that `user add` refuses); every route × role is walked by
// matrix.test.mjs.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, Stage, cast, sanitizerEnv, ok, refused, idNumber, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor, townAuditor;
const org = {};

const member = (name, orgId, seq) => ({
  name, ethnicity: '汉族', joined_on: '1980-07-01', id_number: idNumber('330702', '19580402', String(seq)),
  phone: `1391234${String(5000 + seq).slice(-4)}`, household_type: '农业', household_size: 3,
  address: '某镇某村1组2号', education: '初中', member_type: '普通党员', org_id: orgId,
});

// The demo district with its procedure and fund (a yearly round, payment
// batches of 城关镇, a loan and a recovery of 东风村's members), the cast,
// branch0201 of another township (T02V01) and audit01, 城关镇's auditor.
before(async () => {
  db = initDb({ members: 60, cases: true });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, dept, town, branch, auditor } = await cast(stage));
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  for (const [k, code] of [['town', 'T01'], ['branch', 'T01V01'], ['other', 'T02V01'], ['town2', 'T02']]) org[k] = orgs.find((o) => o.code === code);
  await ok(admin.post('/api/v1/users', { username: 'branch0201', display_name: '另一支部', role: 'branch', org_id: org.other.id, password: DEMO_PASSWORD }), 201);
  other = await stage.login('branch0201');
  await ok(admin.post('/api/v1/users', { username: 'audit01', display_name: '镇纪委', role: 'auditor', org_id: org.town.id, password: DEMO_PASSWORD }), 201);
  townAuditor = await stage.login('audit01');
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

// The whole log as c reads it: {page: {items, total}, text}.
async function auditText(c) {
  const items = [];
  let total = 0;
  for (let p = 1; p === 1 || items.length < total; p++) {
    const page = await ok(c.get(`/api/v1/audit?size=200&page=${p}`));
    total = page.total;
    items.push(...page.items);
    if (!page.items.length) break;
  }
  return { page: { items, total }, text: JSON.stringify(items) };
}

describe('the audit log within the reader\'s subtree', () => {
  test('a township auditor sees its township\'s rows, not another township\'s members', async () => {
    await ok(admin.post('/api/v1/members', member('邻镇甲某', org.other.id, 711)), 201);
    const mine = await ok(admin.post('/api/v1/members', member('本镇乙某', org.branch.id, 712)), 201);
    await ok(admin.post(`/api/v1/members/${mine.id}/reveal`, {}));
    const root = await auditText(auditor);
    assert.match(root.text, /邻镇甲某/);
    assert.match(root.text, /branch0201/, 'the other township\'s login');
    const t = await auditText(townAuditor);
    assert.doesNotMatch(t.text, /邻镇甲某/);
    assert.doesNotMatch(t.text, /branch0201/);
    assert.match(t.text, /本镇乙某/);
    assert.ok(t.page.items.some((a) => a.action === 'reveal' && a.entity_id === mine.id), 'the district\'s reveal of its member');
    assert.ok(t.page.items.some((a) => a.action === 'login' && a.username === 'town01'));
    assert.equal(t.page.total, t.page.items.length);
    assert.ok(t.page.total < root.page.total);
    // every member row it sees is a member it may read
    for (const a of t.page.items.filter((x) => x.entity === 'member' && x.entity_id))
      await ok(townAuditor.get(`/api/v1/members/${a.entity_id}`));
  });
});

describe('list filters naming what is out of scope answer 404', () => {
  test('cases by org, member, round; recoveries by case; postings by case and member', async () => {
    const theirs = (await ok(admin.get(`/api/v1/members?org=${org.branch.id}`))).items[0].id;
    const theirCase = (await ok(admin.get(`/api/v1/cases?org=${org.branch.id}`))).items[0].id;
    for (const q of [`org=${org.branch.id}`, `member=${theirs}`])
      await refused(other.get(`/api/v1/cases?${q}`), 404);
    await refused(other.get(`/api/v1/recoveries?case=${theirCase}`), 404);
    await refused(other.get(`/api/v1/members?org=${org.branch.id}`), 404);
    await refused(other.get(`/api/v1/notices?org=${org.branch.id}`), 404);
    // and a filter that does not exist at all answers the same
    await refused(other.get('/api/v1/cases?org=999999'), 404);
    await refused(other.get('/api/v1/recoveries?case=999999'), 404);
    // in scope they filter
    assert.ok((await ok(branch.get(`/api/v1/cases?member=${theirs}`))).items.every((c) => c.member_id === theirs));
    await ok(branch.get(`/api/v1/recoveries?case=${theirCase}`));
  });
});

describe('permission before existence', () => {
  test('an auditor\'s POST /api/v1/funds is 403 whether the fund exists or not', async () => {
    const funds = (await ok(admin.get('/api/v1/funds'))).items;
    const has = funds[0].org_id;
    const hasNot = org.town2.id;
    assert.ok(!funds.some((f) => f.org_id === hasNot));
    for (const id of [has, hasNot, 999999]) await refused(auditor.post('/api/v1/funds', { org_id: id }), 403);
    await refused(auditor.post('/api/v1/funds', {}), 403);
  });
});

describe('what a branch may do with its own members\' money', () => {
  test('it reads its members\' lines in its committee\'s payment batch, no one else\'s', async () => {
    const batches = (await ok(admin.get('/api/v1/payment-batches'))).items;
    let seen = 0;
    for (const b of batches) {
      const all = (await ok(admin.get(`/api/v1/payment-batches/${b.id}`))).payments;
      const mine = all.filter((p) => p.org_id === org.branch.id);
      if (!mine.length) {
        await refused(branch.get(`/api/v1/payment-batches/${b.id}`), 404);
        continue;
      }
      const got = await ok(branch.get(`/api/v1/payment-batches/${b.id}`));
      assert.deepEqual(got.payments.map((p) => p.id).sort(), mine.map((p) => p.id).sort());
      seen++;
      await refused(other.get(`/api/v1/payment-batches/${b.id}`), 404);
    }
    assert.ok(seen > 0, 'a batch with 东风村\'s lines');
  });

  test('it and its committee see its member\'s loan, in the list too, and record a repayment', async () => {
    const loan = (await ok(admin.get('/api/v1/loans'))).items.find((l) => l.status === 'active');
    assert.ok(loan, 'an active loan of the demo');
    const member = await ok(admin.get(`/api/v1/members/${loan.member_id}`));
    assert.equal(member.org_id, org.branch.id, 'the demo\'s loan is to a member of 东风村');
    for (const c of [town, branch]) {
      await ok(c.get(`/api/v1/loans/${loan.id}`));
      assert.ok((await ok(c.get('/api/v1/loans'))).items.some((l) => l.id === loan.id));
    }
    await refused(other.get(`/api/v1/loans/${loan.id}`), 404);
    assert.ok(!(await ok(other.get('/api/v1/loans'))).items.some((l) => l.id === loan.id));
    const after = await ok(branch.post(`/api/v1/loans/${loan.id}/repayments`, { amount_fen: 100, method: 'cash' }), 201);
    assert.equal(after.repaid_principal_fen + after.repaid_interest_fen, loan.repaid_principal_fen + loan.repaid_interest_fen + 100);
    await refused(other.post(`/api/v1/loans/${loan.id}/repayments`, { amount_fen: 100, method: 'cash' }), 404);
  });

  test('it records a repayment of its own member\'s recovery, not another branch\'s', async () => {
    const rec = (await ok(admin.get('/api/v1/recoveries'))).items.find((r) => r.org_id === org.branch.id && r.status === 'open');
    assert.ok(rec, 'an open recovery of 东风村');
    const after = await ok(branch.post(`/api/v1/recoveries/${rec.id}/repayments`, { amount_fen: 100, method: 'cash' }), 201);
    assert.equal(after.repaid_fen, rec.repaid_fen + 100);
    await refused(other.post(`/api/v1/recoveries/${rec.id}/repayments`, { amount_fen: 100, method: 'cash' }), 404);
    await refused(auditor.post(`/api/v1/recoveries/${rec.id}/repayments`, { amount_fen: 100, method: 'cash' }), 403);
    const log = (await ok(admin.get('/api/v1/audit?size=5'))).items;
    assert.ok(log.some((a) => a.action === 'recovery.repay' && a.username === 'branch0101'));
  });
});

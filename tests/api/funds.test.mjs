// funds.test.mjs - the fund ledger (issue #4) over HTTP against a real
// `bangfu serve` (SQLite by default; PostgreSQL when BANGFU_TEST_PG is set):
// funds made on demand per organisation, income by source with the
// donation's donor, postings with filters and pages, reversal once only,
// the balance rule's message, roles (auditor reads, 403 on writes) and
// scope (404 outside the subtree), CSRF, and `ledger verify` afterwards.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, Stage, cast, ok, refused, cli } from '../lib/harness.mjs';

let db, stage;
let admin, dept, town, branch, auditor;
const S = {};

before(async () => {
  db = initDb({ members: 20 });
  stage = new Stage(db);
  await stage.day('2024-06-01');
  ({ admin, dept, town, branch, auditor } = await cast(stage));
  const me = async (c) => (await ok(c.get('/api/v1/session'))).user.org_id;
  S.root = await me(dept);
  S.town = await me(town);
  S.branch = await me(branch);
  const orgs = (await ok(dept.get('/api/v1/orgs'))).items;
  S.otherTown = orgs.find((o) => o.kind === 'committee' && o.id !== S.town).id;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('funds', () => {
  test('made on demand, once per organisation, with the chart of accounts', async () => {
    assert.deepEqual((await ok(dept.get('/api/v1/funds'))).items, []);
    const f = await ok(town.post('/api/v1/funds', { org_id: S.town }));
    assert.equal(f.org_id, S.town);
    assert.equal(f.balance_fen, 0);
    assert.equal(f.postings, 0);
    assert.match(f.name, /帮扶基金$/);
    assert.equal(f.accounts.length, 17);
    assert.deepEqual(f.accounts.slice(0, 2).map((a) => [a.code, a.kind, a.name]), [['cash', 'asset', '现金'], ['bank', 'asset', '银行存款']]);
    const again = await ok(dept.post('/api/v1/funds', { org_id: S.town }));
    assert.equal(again.id, f.id);
    S.townFund = f.id;
    S.rootFund = (await ok(dept.post('/api/v1/funds', { org_id: S.root }))).id;
    S.branchFund = (await ok(branch.post('/api/v1/funds', { org_id: S.branch }))).id;
  });

  test('scope and roles', async () => {
    const townSees = (await ok(town.get('/api/v1/funds'))).items.map((f) => f.id).sort();
    assert.deepEqual(townSees, [S.townFund, S.branchFund].sort());
    assert.equal((await ok(dept.get('/api/v1/funds'))).items[0].id, S.rootFund);
    await refused(town.get(`/api/v1/funds/${S.rootFund}`), 404, null, 'not_found');
    await refused(branch.get(`/api/v1/funds/${S.townFund}`), 404);
    await refused(town.post('/api/v1/funds', { org_id: S.otherTown }), 404);
    await refused(auditor.post('/api/v1/funds', { org_id: S.otherTown }), 403, null, 'forbidden');
    await ok(auditor.get(`/api/v1/funds/${S.townFund}`));
    await refused(town.post('/api/v1/funds', {}), 400, /组织/, 'missing_field');
    await refused(town.post('/api/v1/funds', { org_id: S.town, extra: 1 }), 400);
    await refused(town.post('/api/v1/funds', { org_id: S.town }, { csrf: false }), 403, null, 'csrf');
  });
});

describe('income and postings', () => {
  test('income by source; a donation names its donor', async () => {
    const p = await ok(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: 500000, date: '2024-03-01', memo: '党费划拨' }), 201);
    assert.equal(p.kind, 'income');
    assert.equal(p.seq, 1);
    assert.equal(p.value_date, '2024-03-01');
    assert.equal(p.amount_fen, 500000);
    assert.deepEqual(p.lines.map((l) => [l.account, l.amount_fen]), [['bank', 500000], ['dues', -500000]]);
    assert.match(p.hash, /^[0-9a-f]{64}$/);
    assert.equal(p.prev_hash, '0'.repeat(64));
    S.duesPosting = p.id;
    await refused(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'member_donation', amount_fen: 10000 }), 400, /捐款人/, 'missing_field');
    const d = await ok(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'member_donation', amount_fen: 10000, donor: '王建国', method: 'cash' }), 201);
    assert.equal(d.donor, '王建国');
    assert.equal(d.value_date, '2024-06-01');
    assert.equal(d.prev_hash, p.hash);
    await refused(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'lottery', amount_fen: 1 }), 400, /资金来源/, 'invalid_field');
    await refused(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: -5 }), 400, /大于零/);
    await refused(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: 5, date: '2024-13-01' }), 400, /日期/);
    await refused(auditor.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: 5 }), 403);
    await refused(branch.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: 5 }), 404);
    const f = await ok(town.get(`/api/v1/funds/${S.townFund}`));
    assert.equal(f.balance_fen, 510000);
    assert.equal(f.postings, 2);
    assert.equal(f.accounts.find((a) => a.code === 'member_donation').balance_fen, -10000);
  });

  test('postings with filters and pages', async () => {
    for (let i = 0; i < 5; i++) await ok(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'finance', amount_fen: 1000 + i, date: `2024-04-0${i + 1}` }), 201);
    let r = await ok(auditor.get(`/api/v1/funds/${S.townFund}/postings?size=3`));
    assert.equal(r.total, 7);
    assert.equal(r.items.length, 3);
    assert.equal(r.items[0].seq, 7, 'newest first');
    r = await ok(auditor.get(`/api/v1/funds/${S.townFund}/postings?size=3&page=3`));
    assert.equal(r.items.length, 1);
    r = await ok(town.get(`/api/v1/funds/${S.townFund}/postings?from=2024-04-02&to=2024-04-04`));
    assert.equal(r.total, 3);
    r = await ok(town.get(`/api/v1/funds/${S.townFund}/postings?account=cash`));
    assert.equal(r.total, 1);
    r = await ok(town.get(`/api/v1/funds/${S.townFund}/postings?kind=payment`));
    assert.equal(r.total, 0);
    await refused(town.get(`/api/v1/funds/${S.townFund}/postings?account=candy`), 400, /科目/);
    await refused(town.get(`/api/v1/funds/${S.townFund}/postings?from=yesterday`), 400, /日期/);
    await refused(town.get(`/api/v1/funds/${S.townFund}/postings?size=0`), 400);
    await refused(town.get(`/api/v1/funds/${S.rootFund}/postings`), 404);
    const one = await ok(auditor.get(`/api/v1/postings/${S.duesPosting}`));
    assert.equal(one.memo, '党费划拨');
    await refused(branch.get(`/api/v1/postings/${S.duesPosting}`), 404);
  });

  test('reversal once only; income already spent is not reversed', async () => {
    const rev = await ok(town.post(`/api/v1/postings/${S.duesPosting}/reverse`, { reason: '金额录入错误' }), 201);
    assert.equal(rev.kind, 'reversal');
    assert.equal(rev.reverses, S.duesPosting);
    assert.equal(rev.memo, '冲正：金额录入错误');
    assert.deepEqual(rev.lines.map((l) => [l.account, l.amount_fen]), [['bank', -500000], ['dues', 500000]]);
    assert.equal((await ok(town.get(`/api/v1/postings/${S.duesPosting}`))).reversed, true);
    await refused(town.post(`/api/v1/postings/${S.duesPosting}/reverse`, { reason: '再来一次' }), 409, /已由凭证/, 'already_reversed');
    await refused(town.post(`/api/v1/postings/${rev.id}/reverse`, { reason: 'x' }), 409, /冲正凭证/);
    await refused(town.post(`/api/v1/postings/${rev.id}/reverse`, {}), 400, /原因/, 'missing_field');
    await refused(auditor.post(`/api/v1/postings/${rev.id}/reverse`, { reason: 'x' }), 403);
    await refused(town.post('/api/v1/postings/999999/reverse', { reason: 'x' }), 404);
    assert.equal((await ok(town.get(`/api/v1/funds/${S.townFund}`))).balance_fen, 10000 + 5010);
  });

  test('the balance rule names the balance', async () => {
    // the branch fund has nothing: reversing income is the only outflow
    // this API offers, so take money in, spend it by the CLI, then reverse
    const p = await ok(branch.post(`/api/v1/funds/${S.branchFund}/income`, { source: 'admin', amount_fen: 123400 }), 201);
    const csv = `${db.dir}/pay.csv`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csv, '借方科目,贷方科目,金额\nyearly_aid,bank,600\n');
    const r = cli(['ledger', 'import', csv, '--fund', String(S.branchFund), ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    await refused(branch.post(`/api/v1/postings/${p.id}/reverse`, { reason: '来源错误' }), 409,
      /基金余额不足：当前余额 634\.00 元，本次支出 1,234\.00 元/, 'insufficient_funds');
  });

  test('ledger verify after all of it', async () => {
    const r = cli(['ledger', 'verify', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /基金账簿完好：3 个基金/);
  });
});

// search.test.mjs - the search boxes of the lists (issue #10, 查询) against
// a real `bangfu serve` (SQLite; PostgreSQL when BANGFU_TEST_PG is set):
// cases by member name, exact ID number (through the blind index: a part of
// one matches nothing) or case number; notices by branch name, listed
// member or number; payment batches by memo, committee, paid member or
// number, now paged; the audit log by user, action, object and days.  Each
// within the caller's subtree, the query checked at the edge (400 naming
// the field), LIKE's % and _ taken literally.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { initDb, Stage, cast, sanitizerEnv, ok, refused, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, stage, admin, town, branch, auditor, other, townAuditor;
const org = {};
let mine; // a case of 东风村 (T01V01) with its member's plain ID number
const q = (s) => encodeURIComponent(s);

before(async () => {
  db = initDb({ members: 60, cases: true });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, town, branch, auditor } = await cast(stage));
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  for (const [k, code] of [['town', 'T01'], ['branch', 'T01V01'], ['other', 'T02V01']]) org[k] = orgs.find((o) => o.code === code);
  await ok(admin.post('/api/v1/users', { username: 'branch0201', display_name: '另一支部', role: 'branch', org_id: org.other.id, password: DEMO_PASSWORD }), 201);
  other = await stage.login('branch0201');
  await ok(admin.post('/api/v1/users', { username: 'audit01', display_name: '镇纪委张三', role: 'auditor', org_id: org.town.id, password: DEMO_PASSWORD }), 201);
  townAuditor = await stage.login('audit01');
  const c = (await ok(admin.get(`/api/v1/cases?org=${org.branch.id}&size=1`))).items[0];
  const m = await ok(admin.post(`/api/v1/members/${c.member_id}/reveal`, {}));
  mine = { ...c, id_number: m.id_number };
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

const cases = async (c, s, extra = '') => ok(c.get(`/api/v1/cases?q=${q(s)}${extra}`));

describe('cases', () => {
  test('by a fragment of the member\'s name', async () => {
    const got = await cases(admin, mine.member_name.slice(1));
    assert.ok(got.items.some((c) => c.id === mine.id));
    assert.ok(got.items.every((c) => c.member_name.includes(mine.member_name.slice(1))));
    assert.ok(got.total < (await ok(admin.get('/api/v1/cases'))).total, 'the search narrows');
    // spaces around are trimmed, full-width too
    assert.equal((await cases(admin, ` ${mine.member_name}\u3000`)).total, (await cases(admin, mine.member_name)).total);
  });

  test('by the exact ID number through the blind index; a part of one matches nothing', async () => {
    const got = await cases(admin, mine.id_number);
    assert.ok(got.total >= 1);
    assert.ok(got.items.every((c) => c.member_id === mine.member_id));
    assert.ok(got.items.some((c) => c.id === mine.id));
    // lower-case x is the same number
    assert.equal((await cases(admin, mine.id_number.toLowerCase())).total, got.total);
    for (const part of [mine.id_number.slice(0, 17), mine.id_number.slice(0, 6), mine.id_number.slice(6, 14), mine.id_number.slice(1)])
      assert.equal((await cases(admin, part)).total, 0, `part ${part}`);
  });

  test('by the case number, exactly', async () => {
    const got = await cases(admin, String(mine.id));
    assert.deepEqual(got.items.map((c) => c.id), [mine.id]);
    assert.equal((await cases(admin, '999999')).total, 0);
    assert.equal((await cases(admin, '1234567890123456')).total, 0, 'digits too long for a number');
  });

  test('with the other filters and pages', async () => {
    const got = await cases(admin, mine.member_name, `&org=${org.branch.id}&size=1`);
    assert.ok(got.total >= 1);
    assert.equal(got.size, 1);
    assert.equal((await cases(admin, mine.member_name, `&org=${org.other.id}`)).total, 0);
  });

  test('nothing outside the caller\'s subtree', async () => {
    for (const s of [mine.member_name, mine.id_number, String(mine.id)]) {
      assert.equal((await cases(other, s)).total, 0, s);
      assert.ok((await cases(branch, s)).total >= 1, s);
    }
  });

  test('% and _ are plain characters; the query is checked at the edge', async () => {
    assert.equal((await cases(admin, '%')).total, 0);
    assert.equal((await cases(admin, '_')).total, 0);
    assert.equal((await cases(admin, '\\')).total, 0);
    await refused(admin.get(`/api/v1/cases?q=${'张'.repeat(41)}`), 400, /查询内容最长 40 个字/, 'invalid_field');
    const e = await refused(admin.get(`/api/v1/cases?q=${q('张\u200b三')}`), 400);
    assert.equal(e.field, 'q');
    assert.equal((await cases(admin, '')).total, (await ok(admin.get('/api/v1/cases'))).total);
  });
});

describe('notices', () => {
  test('by the branch\'s name, a listed member\'s name or ID number, the notice\'s number', async () => {
    const all = (await ok(admin.get('/api/v1/notices?size=200'))).items;
    // a notice of cases (the demo's commendation notices list nominations)
    const nt = await ok(admin.get(`/api/v1/notices/${all.find((n) => n.ncases > 0).id}`));
    const listed = nt.cases[0];
    const id = (await ok(admin.post(`/api/v1/members/${listed.member_id}/reveal`, {}))).id_number;
    const byName = await ok(admin.get(`/api/v1/notices?q=${q(listed.member_name)}`));
    assert.ok(byName.items.some((n) => n.id === nt.id));
    const byId = await ok(admin.get(`/api/v1/notices?q=${id}`));
    assert.ok(byId.items.some((n) => n.id === nt.id));
    assert.equal((await ok(admin.get(`/api/v1/notices?q=${id.slice(0, 17)}`))).total, 0);
    const byOrg = await ok(admin.get(`/api/v1/notices?q=${q(nt.org_name)}&size=200`));
    assert.deepEqual(byOrg.items.map((n) => n.id).sort(), all.filter((n) => n.org_name.includes(nt.org_name)).map((n) => n.id).sort());
    assert.deepEqual((await ok(admin.get(`/api/v1/notices?q=${nt.id}`))).items.map((n) => n.id), [nt.id]);
    assert.equal((await ok(admin.get('/api/v1/notices?q=%25'))).total, 0);
    // another township's branch finds none of them
    assert.equal((await ok(other.get(`/api/v1/notices?q=${q(listed.member_name)}`))).total, byName.items.filter((n) => n.org_id === org.other.id).length);
    await refused(admin.get(`/api/v1/notices?q=${'x'.repeat(41)}`), 400, /查询内容/);
  });
});

describe('payment batches', () => {
  test('by memo, committee, paid member, number; paged like the other lists', async () => {
    const all = await ok(admin.get('/api/v1/payment-batches?size=200'));
    assert.equal(all.total, all.items.length);
    assert.ok(all.total >= 2);
    const first = await ok(admin.get('/api/v1/payment-batches?size=1&page=2'));
    assert.equal(first.items.length, 1);
    assert.equal(first.items[0].id, all.items[1].id);
    assert.equal(first.total, all.total);
    const withMemo = all.items.find((b) => b.memo);
    const memo = await ok(admin.get(`/api/v1/payment-batches?q=${q(withMemo.memo.slice(0, 4))}`));
    assert.ok(memo.items.some((b) => b.id === withMemo.id));
    const b = await ok(admin.get(`/api/v1/payment-batches/${all.items[0].id}`));
    const p = b.payments[0];
    const id = (await ok(admin.post(`/api/v1/members/${p.member_id}/reveal`, {}))).id_number;
    for (const s of [p.member_name, id]) {
      const got = await ok(admin.get(`/api/v1/payment-batches?q=${q(s)}`));
      assert.ok(got.items.some((x) => x.id === b.id), s);
      assert.equal((await ok(other.get(`/api/v1/payment-batches?q=${q(s)}`))).total, 0);
    }
    assert.equal((await ok(admin.get(`/api/v1/payment-batches?q=${id.slice(0, 12)}`))).total, 0);
    assert.deepEqual((await ok(admin.get(`/api/v1/payment-batches?q=${b.id}`))).items.map((x) => x.id), [b.id]);
    assert.deepEqual((await ok(admin.get(`/api/v1/payment-batches?q=${b.batch_ref}`))).items.map((x) => x.id), [b.id], 'its reference pay-N');
    assert.equal((await ok(admin.get(`/api/v1/payment-batches?q=${q(b.org_name)}&size=200`))).total, all.items.filter((x) => x.org_name === b.org_name).length);
    await refused(admin.get('/api/v1/payment-batches?size=0'), 400);
  });
});

describe('the audit log', () => {
  const audit = async (c, s) => ok(c.get(`/api/v1/audit?size=200&${s}`));

  test('by user: a fragment of the username or the account\'s name', async () => {
    const got = await audit(auditor, 'user=town01');
    assert.ok(got.total > 0);
    assert.ok(got.items.every((a) => a.username.includes('town01')));
    const named = await audit(auditor, `user=${q('镇纪委')}`);
    assert.ok(named.total > 0);
    assert.ok(named.items.every((a) => a.username === 'audit01'), 'the display name finds its account\'s rows');
    assert.equal((await audit(auditor, 'user=%25')).total, 0);
  });

  test('by action and object (entity, number); only the reader\'s subtree', async () => {
    const got = await audit(auditor, `action=reveal&entity=member&entity_id=${mine.member_id}`);
    assert.ok(got.total >= 1);
    assert.ok(got.items.every((a) => a.action === 'reveal' && a.entity === 'member' && a.entity_id === mine.member_id));
    const dotted = await audit(auditor, 'action=pay.receipt');
    assert.ok(dotted.items.every((a) => a.action === 'pay.receipt'));
    // 城关镇's auditor sees the reveal of its member; the login of another township's branch it does not
    assert.equal((await audit(townAuditor, `action=reveal&entity=member&entity_id=${mine.member_id}`)).total, got.total);
    assert.ok((await audit(auditor, 'user=branch0201&action=login')).total >= 1);
    assert.equal((await audit(townAuditor, 'user=branch0201')).total, 0);
  });

  test('by days, both included; dates and codes checked at the edge', async () => {
    const today = new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD, local time like the server
    const all = (await audit(auditor, '')).total;
    assert.equal((await audit(auditor, `from=${today}&to=${today}`)).total, all, 'every row is from today');
    assert.equal((await audit(auditor, 'to=2020-01-01')).total, 0);
    assert.equal((await audit(auditor, 'from=2099-01-01')).total, 0);
    assert.equal((await audit(auditor, 'from=2020/1/1')).total, all, 'people\'s spelling of a date');
    let e = await refused(auditor.get('/api/v1/audit?from=2024-02-30'), 400);
    assert.equal(e.field, 'from');
    e = await refused(auditor.get('/api/v1/audit?to=2024-02'), 400);
    assert.equal(e.field, 'to');
    e = await refused(auditor.get('/api/v1/audit?from=2024-03-02&to=2024-03-01'), 400, /结束日期不能早于开始日期/);
    assert.equal(e.field, 'to');
    e = await refused(auditor.get(`/api/v1/audit?action=${q('DROP TABLE')}`), 400);
    assert.equal(e.field, 'action');
    e = await refused(auditor.get('/api/v1/audit?entity=Member'), 400);
    assert.equal(e.field, 'entity');
    e = await refused(auditor.get('/api/v1/audit?entity_id=x'), 400);
    assert.equal(e.field, 'entity_id');
    e = await refused(auditor.get(`/api/v1/audit?user=${'u'.repeat(41)}`), 400);
    assert.equal(e.field, 'user');
    await refused(branch.get('/api/v1/audit?user=town01'), 403);
  });
});

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
import { openScenario, ok, refused, idNumber, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor, org, townAuditor;

const member = (name, orgId, seq) => ({
  name, ethnicity: '汉族', joined_on: '1980-07-01', id_number: idNumber('330702', '19580402', String(seq)),
  phone: `1391234${String(5000 + seq).slice(-4)}`, household_type: '农业', household_size: 3,
  address: '某镇某村1组2号', education: '初中', member_type: '普通党员', org_id: orgId,
});

before(async () => {
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2024-02-01' }));
  await ok(admin.post('/api/v1/users', { username: 'audit01', display_name: '镇纪委', role: 'auditor', org_id: org.town.id, password: DEMO_PASSWORD }), 201);
  townAuditor = await stage.login('audit01');
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

async function auditText(c) {
  const page = await ok(c.get('/api/v1/audit?size=200'));
  assert.ok(page.total <= 200 || c === auditor, 'one page holds the scoped log');
  return { page, text: JSON.stringify(page.items) };
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

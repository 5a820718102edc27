// roll_household.test.mjs - the roll and the register, the roll and
// households (issue #11) over HTTP on SQLite or PostgreSQL
// (BANGFU_TEST_PG): a confirmed deceased exit sets the member's status in
// the register to 亡故 (audited as a member edit, old → new) while a
// proposed one or a moved exit does not; a roll entry whose member's linked
// household member has an open roll period carries the flag naming them,
// and the case page's household flag names household members on the roll.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other;
const S = {};
const facts = { category: 'relief', tier: 'moderate', causes: ['illness'], household_size: 2, income_fen: 250000 };

async function member(name, k) {
  const id_number = idNumber('330702', `1952050${k}`, `${330 + k}`);
  const m = await ok(admin.post('/api/v1/members', { name, ethnicity: '汉族', joined_on: '1975-07-01', id_number, phone: `1381234${String(5700 + k)}`, household_type: '农业', household_size: 2, address: '城关镇东风村3组1号', education: '小学', member_type: '普通党员', org_id: S.org.branch.id }), 201);
  return { id: m.id, id_number, name };
}
const status = async (m) => (await ok(admin.get(`/api/v1/members/${m.id}`))).status;
const memberAudit = async (m) => (await ok(admin.get(`/api/v1/audit?entity=member&entity_id=${m.id}&size=50`))).items;

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, other, org } = await openScenario({ day: '2027-03-01' }));
  S.org = org;
  S.dead = await member('王亡故', 1);
  S.gone = await member('赵迁出', 2);
  S.dead2 = await member('孙调整', 3);
  S.husband = await member('钱丈夫', 4);
  S.wife = await member('钱妻子', 5);
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('a confirmed deceased exit tells the register', () => {
  test('proposed by the branch: the register unchanged; confirmed by the committee: 亡故, audited old → new', async () => {
    const x = await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.dead.id, since_on: '2026-03-01' }), 201);
    const p = await ok(branch.post(`/api/v1/roll/${x.id}/exit`, { exit_on: '2027-02-20', exit_reason: 'deceased' }));
    assert.equal(p.status, 'exiting');
    assert.equal(await status(S.dead), '在职');
    // refused by the committee: still 在职
    await ok(town.post(`/api/v1/roll/${x.id}/reject`, { reason: '核实后仍健在' }));
    assert.equal(await status(S.dead), '在职');
    await ok(branch.post(`/api/v1/roll/${x.id}/exit`, { exit_on: '2027-02-20', exit_reason: 'deceased' }));
    const c = await ok(town.post(`/api/v1/roll/${x.id}/confirm`, {}));
    assert.equal(c.status, 'exited');
    assert.equal(await status(S.dead), '亡故');
    const a = (await memberAudit(S.dead)).find((r) => r.action === 'update' && r.detail?.changes?.status);
    assert.ok(a, 'a member edit in the audit');
    assert.deepEqual(a.detail.changes.status, { from: '在职', to: '亡故' });
    assert.equal(a.detail.roll_id, x.id);
    assert.equal(a.detail.exit_reason, 'deceased');
    assert.equal(a.username, 'town01');
    // the register's list filter sees it
    const l = await ok(admin.get(`/api/v1/members?org=${S.org.branch.id}&status=${encodeURIComponent('亡故')}&size=50`));
    assert.ok(l.items.some((m) => m.id === S.dead.id));
  });

  test('a moved exit leaves the register alone (it has no 迁出 status); an exit by the committee itself is confirmed at once', async () => {
    const x = await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.gone.id, since_on: '2026-03-01' }), 201);
    const c = await ok(town.post(`/api/v1/roll/${x.id}/exit`, { exit_on: '2027-02-21', exit_reason: 'moved' }));
    assert.equal(c.status, 'exited');
    assert.equal(await status(S.gone), '在职');
    assert.ok(!(await memberAudit(S.gone)).some((r) => r.action === 'update'));
    const y = await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.dead2.id, since_on: '2026-03-01' }), 201);
    assert.equal((await ok(town.post(`/api/v1/roll/${y.id}/exit`, { exit_on: '2027-02-22', exit_reason: 'deceased' }))).status, 'exited');
    assert.equal(await status(S.dead2), '亡故');
  });

  test("a June review's deceased decision, once confirmed, sets 亡故", async () => {
    const m = await member('周复核', 6);
    const x = await ok(dept.post('/api/v1/roll', { ...facts, member_id: m.id, since_on: '2026-03-01' }), 201);
    await stage.day('2027-06-01');
    const v = await ok(dept.post('/api/v1/roll-reviews', { kind: 'june', finish_on: '2027-06-30' }), 201);
    const items = (await ok(branch.get(`/api/v1/roll-reviews/${v.id}/items?size=100`))).items;
    const it = items.find((i) => i.entry_id === x.id);
    await ok(branch.post(`/api/v1/roll-review-items/${it.id}`, { decision: 'deceased', exit_on: '2027-05-20' }));
    for (const i of items) if (i.id !== it.id) await ok(branch.post(`/api/v1/roll-review-items/${i.id}`, { decision: 'continue' }));
    assert.equal(await status(m), '在职', 'decided, not yet confirmed');
    await ok(town.post(`/api/v1/roll-reviews/${v.id}/confirm`, { org_id: S.org.branch.id }));
    assert.equal(await status(m), '亡故');
    assert.equal((await ok(dept.get(`/api/v1/roll/${x.id}`))).status, 'exited');
  });
});

describe('households on the roll', () => {
  test("a roll entry of a member whose household member is on the roll carries the flag; the case page's flag names the entry", async () => {
    await ok(branch.post(`/api/v1/members/${S.husband.id}/household`, { id_number: S.wife.id_number, relation: '配偶' }), 201);
    const h = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.husband.id }), 201);
    assert.deepEqual(h.household_roll, [], 'no household member on the roll yet');
    // the wife registered by the branch: pending, flagged at once with the husband's entry
    const w = await ok(branch.post('/api/v1/roll', { ...facts, member_id: S.wife.id }), 201);
    assert.equal(w.status, 'pending');
    assert.equal(w.household_roll.length, 1);
    const f = w.household_roll[0];
    assert.equal(f.member_id, S.husband.id);
    assert.equal(f.member_name, '钱丈夫');
    assert.equal(f.relation, '配偶');
    assert.equal(f.roll_id, h.id);
    assert.equal(f.status, 'pending');
    assert.equal(f.status_label, '待确认');
    assert.equal(f.in_scope, true);
    // the committee's confirmation reads the same flag; each side sees the other
    assert.equal((await ok(town.get(`/api/v1/roll/${w.id}`))).household_roll[0].roll_id, h.id);
    assert.equal((await ok(town.get(`/api/v1/roll/${h.id}`))).household_roll[0].roll_id, w.id);
    // a case of the husband: its household flag names the wife's entry
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.husband.id, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌，财产损失严重', requested_fen: 150000 }), 201);
    const hh = await ok(branch.get(`/api/v1/cases/${c.id}/household`));
    assert.deepEqual(hh.items, []);
    assert.deepEqual(hh.roll.map((r) => [r.member_id, r.roll_id, r.relation]), [[S.wife.id, w.id, '配偶']]);
    await refused(other.get(`/api/v1/cases/${c.id}/household`), 404);
    // once the wife's period is closed, neither is flagged; a closed entry carries no flag
    await ok(town.post(`/api/v1/roll/${w.id}/reject`, { reason: '不符合条件' }));
    assert.deepEqual((await ok(town.get(`/api/v1/roll/${h.id}`))).household_roll, []);
    assert.deepEqual((await ok(town.get(`/api/v1/roll/${w.id}`))).household_roll, []);
    assert.deepEqual((await ok(branch.get(`/api/v1/cases/${c.id}/household`))).roll, []);
  });
});

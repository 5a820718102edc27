// birthdays.test.mjs - political birthdays (政治生日, issue #12) over HTTP
// against a real `bangfu serve` (SQLite, or PostgreSQL with BANGFU_TEST_PG):
// whose 入党时间 falls in the coming week (BANGFU_TODAY) with the years of
// party age, across the year's end, 29 February kept on 28 February in
// other years, the deceased left out, scope (404 for another township's
// organisation, nobody of it listed) and the range's checks.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';

let db, stage, admin, branch, other, auditor;
const S = {};
const MEMBER = { ethnicity: '汉族', household_type: '农业', household_size: 2, address: '城关镇东风村3组', education: '小学', member_type: '普通党员' };

before(async () => {
  let org;
  ({ db, stage, admin, branch, auditor, other, org } = await openScenario({ day: '2027-02-25' }));
  S.org = org;
  // the scenario's members keep their own dates; these five are new (seq 5xx)
  const add = async (name, joined_on, seq, orgId = org.branch.id) => (await ok(admin.post('/api/v1/members', { ...MEMBER, name, joined_on, id_number: idNumber('330702', '19300402', seq), phone: '13812345678', org_id: orgId }), 201)).id;
  S.leap = await add('闰日生', '1976-02-29', '511');
  S.march = await add('三月一', '1977-03-01', '512');
  S.dead = await add('已故者', '1970-02-26', '513');
  await ok(admin.patch(`/api/v1/members/${S.dead}`, { status: '亡故' }));
  S.far = await add('外乡人', '1971-02-27', '514', org.other.id);
  S.newYear = await add('元旦生', '1950-01-02', '515');
  S.fresh = await add('新党员', '2027-02-25', '516');
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

const mine = (r) => r.items.filter((x) => [S.leap, S.march, S.dead, S.far, S.newYear, S.fresh].includes(x.member_id));

describe('political birthdays', () => {
  test('the coming week by default: 29 February on 28 February in 2027, party age, the deceased and a member not a year in left out', async () => {
    const r = await ok(branch.get('/api/v1/care/birthdays'));
    assert.equal(r.from, '2027-02-25');
    assert.equal(r.to, '2027-03-03');
    const got = mine(r);
    assert.deepEqual(got.map((x) => [x.member_name, x.anniversary, x.party_years, x.joined_on]), [
      ['闰日生', '2027-02-28', 51, '1976-02-29'],
      ['三月一', '2027-03-01', 50, '1977-03-01'],
    ]);
    assert.equal(got[0].org_id, S.org.branch.id);
    assert.ok(got[0].org_name.length > 0);
    for (let i = 1; i < r.items.length; i++) assert.ok(r.items[i - 1].anniversary <= r.items[i].anniversary, 'sorted by day');
    assert.equal(r.total, r.items.length);
  });

  test('in a leap year 29 February is its own day', async () => {
    const r = mine(await ok(admin.get('/api/v1/care/birthdays?from=2028-02-27&to=2028-02-29')));
    assert.deepEqual(r.map((x) => [x.member_name, x.anniversary, x.party_years]), [
      ['外乡人', '2028-02-27', 57],
      ['闰日生', '2028-02-29', 52],
    ]);
    const none = mine(await ok(admin.get('/api/v1/care/birthdays?from=2028-02-28&to=2028-02-28')));
    assert.deepEqual(none, []);
  });

  test('across the year\'s end', async () => {
    const r = mine(await ok(admin.get('/api/v1/care/birthdays?from=2027-12-28&to=2028-01-03')));
    assert.deepEqual(r.map((x) => [x.member_name, x.anniversary, x.party_years]), [['元旦生', '2028-01-02', 78]]);
  });

  test('scope: a branch sees its members, another township\'s organisation is absent', async () => {
    const q = 'from=2027-02-25&to=2027-03-03';
    assert.deepEqual(mine(await ok(branch.get(`/api/v1/care/birthdays?${q}`))).map((x) => x.member_name), ['闰日生', '三月一']);
    assert.deepEqual(mine(await ok(admin.get(`/api/v1/care/birthdays?${q}`))).map((x) => x.member_name), ['外乡人', '闰日生', '三月一']);
    assert.deepEqual(mine(await ok(admin.get(`/api/v1/care/birthdays?${q}&org=${S.org.other.id}`))).map((x) => x.member_name), ['外乡人']);
    assert.deepEqual(mine(await ok(auditor.get(`/api/v1/care/birthdays?${q}`))).map((x) => x.member_name), ['外乡人', '闰日生', '三月一']);
    assert.deepEqual(mine(await ok(other.get(`/api/v1/care/birthdays?${q}`))).map((x) => x.member_name), ['外乡人']);
    await refused(branch.get(`/api/v1/care/birthdays?${q}&org=${S.org.other.id}`), 404, /组织/, 'not_found');
  });

  test('the range: backwards or longer than 31 days refused on to, a bad date on its field', async () => {
    assert.equal((await refused(admin.get('/api/v1/care/birthdays?from=2027-03-01&to=2027-02-28'), 400, /截止日期不能早于起始日期/, 'invalid_field')).field, 'to');
    assert.equal((await refused(admin.get('/api/v1/care/birthdays?from=2027-03-01&to=2027-04-01'), 400, /31 天/, 'invalid_field')).field, 'to');
    await ok(admin.get('/api/v1/care/birthdays?from=2027-03-01&to=2027-03-31'));
    assert.equal((await refused(admin.get('/api/v1/care/birthdays?from=2027-02-30'), 400, /起始日期/)).field, 'from');
  });
});

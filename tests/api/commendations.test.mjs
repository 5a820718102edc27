// commendations.test.mjs - commendations (表彰, issue #12, DOMAIN §6) over
// HTTP against a real `bangfu serve` (SQLite, or PostgreSQL with
// BANGFU_TEST_PG): the department opens a round with quotas per committee;
// branches nominate members and organisations of their scope with deeds;
// the committee reviews within its quota (over it: refused naming the
// quota); the recommended list goes on a public notice of the department
// through the cases' notices (working days, objections and their handling,
// the 公示 PDF); approval is refused while the notice runs or an objection
// is open, then the honours show on the member and as PDF and XLSX.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other, auditor;
const S = {};
const YEAR = 2031;
const put = (c, p, b) => c.req('PUT', p, b);

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: `${YEAR}-06-10` }));
  S.org = org;
  const members = (await ok(admin.get(`/api/v1/members?org=${org.branch.id}&size=10`))).items;
  [S.a, S.b] = members.map((m) => m.id);
  S.c = (await ok(admin.post('/api/v1/members', { name: '郑七华', ethnicity: '汉族', joined_on: '1980-07-01', id_number: idNumber('330702', '19600410', '313'), phone: '13812345013', household_type: '农业', household_size: 2, address: '城关镇东风村1组', education: '初中', member_type: '普通党员', org_id: org.branch.id }), 201)).id;
  S.nameA = members[0].name;
  S.far = (await ok(admin.post('/api/v1/members', { name: '吴党员', ethnicity: '汉族', joined_on: '1990-07-01', id_number: idNumber('330702', '19650402', '532'), phone: '13812345672', household_type: '农业', household_size: 3, address: '某村1组', education: '高中', member_type: '普通党员', org_id: org.other.id }), 201)).id;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('commendations', () => {
  test('the department opens a round with quotas per committee', async () => {
    const body = { title: `${YEAR}年度“两优一先”表彰`, year: YEAR, nominate_by: `${YEAR}-06-20`, quotas: [
      { org_id: S.org.town.id, honour: 'outstanding_member', quota: 1 },
      { org_id: S.org.town.id, honour: 'advanced_org', quota: 1 },
    ] };
    await refused(branch.post('/api/v1/commendations', body), 403, /组织部/, 'forbidden');
    assert.equal((await refused(dept.post('/api/v1/commendations', { ...body, title: '' }), 400, /表彰名称/)).field, 'title');
    assert.equal((await refused(dept.post('/api/v1/commendations', { ...body, quotas: [{ org_id: S.org.branch.id, honour: 'advanced_org', quota: 1 }] }), 400, /不是党\(工\)委/)).field, 'quotas');
    assert.equal((await refused(dept.post('/api/v1/commendations', { ...body, quotas: [{ org_id: S.org.town.id, honour: 'hero', quota: 1 }] }), 400, /表彰类别/)).field, 'quotas');
    const r = await ok(dept.post('/api/v1/commendations', body), 201);
    assert.equal(r.status, 'open');
    assert.equal(r.status_label, '提名审核中');
    assert.equal(r.nominating, true);
    assert.deepEqual(r.quotas.map((q) => [q.honour_label, q.quota]), [['优秀共产党员', 1], ['先进基层党组织', 1]]);
    S.round = r.id;
    await refused(dept.post('/api/v1/commendations', body), 409, /已经开启/, 'conflict');
    // quotas adjusted while open
    const q = await ok(put(dept, `/api/v1/commendations/${S.round}/quotas`, { quotas: [{ org_id: S.org.town.id, honour: 'outstanding_worker', quota: 2 }] }));
    assert.equal(q.quotas.length, 3);
    // every role of the district sees the round; a branch its committee's quotas
    const seen = await ok(other.get(`/api/v1/commendations/${S.round}`));
    assert.deepEqual(seen.quotas, [], 'another township sees none of T01\'s quotas');
    assert.equal((await ok(branch.get(`/api/v1/commendations/${S.round}`))).quotas.length, 3);
    assert.ok((await ok(auditor.get('/api/v1/commendations'))).items.some((x) => x.id === S.round));
    const audit = (await ok(admin.get('/api/v1/audit?action=commendation_round_open'))).items;
    assert.ok(audit.some((x) => x.entity_id === S.round));
  });

  test('branches nominate in their scope with deeds', async () => {
    const url = `/api/v1/commendations/${S.round}/nominations`;
    assert.equal((await refused(branch.post(url, { honour: 'outstanding_member', member_id: S.a }), 400, /主要事迹/, 'missing_field')).field, 'deeds');
    assert.equal((await refused(branch.post(url, { honour: 'outstanding_member', member_id: S.a, deeds: '事'.repeat(1501) }), 400, /主要事迹/)).field, 'deeds');
    assert.equal((await refused(branch.post(url, { honour: 'outstanding_member', deeds: '带头致富' }), 400, /党员/)).field, 'member_id');
    await refused(branch.post(url, { honour: 'outstanding_member', member_id: S.far, deeds: '带头致富' }), 404, /党员不存在/, 'not_found');
    await refused(auditor.post(url, { honour: 'outstanding_member', member_id: S.a, deeds: '带头致富' }), 403);
    const n = await ok(branch.post(url, { honour: 'outstanding_member', member_id: S.a, deeds: '带领群众发展养殖，户均增收三千元' }), 201);
    assert.equal(n.status, 'nominated');
    assert.equal(n.nominee_name, S.nameA);
    assert.equal(n.committee_id, S.org.town.id);
    assert.equal(n.org_id, S.org.branch.id);
    S.nomA = n.id;
    await refused(branch.post(url, { honour: 'outstanding_member', member_id: S.a, deeds: '再提一次' }), 409, /已被提名/, 'conflict');
    S.nomB = (await ok(branch.post(url, { honour: 'outstanding_member', member_id: S.b, deeds: '照顾孤寡老人十年' }), 201)).id;
    assert.equal((await refused(town.post(url, { honour: 'advanced_org', nominee_org_id: S.org.town.id, deeds: '组织有力' }), 400, /不是/)).field, 'nominee_org_id');
    S.nomOrg = (await ok(branch.post(url, { honour: 'advanced_org', nominee_org_id: S.org.branch.id, deeds: '支部班子团结，三会一课规范' }), 201)).id;
    // another township sees none of them
    assert.deepEqual((await ok(other.get(url))).items, []);
    await refused(other.get(`/api/v1/nominations/${S.nomA}`), 404, /提名不存在/);
    assert.equal((await ok(town.get(`${url}?status=nominated`))).items.length, 3);
    await refused(town.get(`${url}?status=maybe`), 400, /状态/);
    // waiting for the committee's review: on its to-do list, due when nominations close
    const todo = (await ok(town.get('/api/v1/todo?kind=nomination'))).items;
    assert.deepEqual(todo.map((t) => t.nomination_id).sort(), [S.nomA, S.nomB, S.nomOrg].sort());
    assert.ok(todo.every((t) => t.due_on === `${YEAR}-06-20` && t.round_id === S.round));
    assert.deepEqual((await ok(branch.get('/api/v1/todo?kind=nomination'))).items, []);
  });

  test('the committee reviews within its quota', async () => {
    const review = (c, id, decision, opinion = '同意推荐') => c.post(`/api/v1/nominations/${id}/review`, { decision, opinion });
    await refused(review(branch, S.nomA, 'recommended'), 403, /党\(工\)委/, 'forbidden');
    await refused(review(dept, S.nomA, 'recommended'), 403);
    assert.equal((await refused(review(town, S.nomA, 'recommended', ''), 400, /审核意见/)).field, 'opinion');
    assert.equal((await refused(review(town, S.nomA, 'perhaps'), 400, /审核结果/)).field, 'decision');
    const r = await ok(review(town, S.nomA, 'recommended'));
    assert.equal(r.status, 'recommended');
    assert.equal(r.status_label, '推荐');
    const over = await refused(review(town, S.nomB, 'recommended'), 409, /超出名额/, 'conflict');
    assert.match(over.message, /优秀共产党员名额为 1 名，已推荐 1 名/);
    // a notice before every nomination is reviewed
    await refused(dept.post(`/api/v1/commendations/${S.round}/notice`, {}), 409, /未经党\(工\)委审核/);
    await ok(review(town, S.nomB, 'not_recommended', '事迹不够突出'));
    await ok(review(town, S.nomOrg, 'recommended'));
    const round = await ok(town.get(`/api/v1/commendations/${S.round}`));
    assert.deepEqual([round.recommended, round.not_recommended, round.nominated], [2, 1, 0]);
    assert.deepEqual((await ok(town.get('/api/v1/todo?kind=nomination'))).items, [], 'reviewed: off the list');
    const q = round.quotas.find((x) => x.honour === 'outstanding_member');
    assert.equal(q.recommended, 1);
    // the quota cannot go below what is recommended
    await refused(put(dept, `/api/v1/commendations/${S.round}/quotas`, { quotas: [{ org_id: S.org.town.id, honour: 'outstanding_member', quota: 0 }] }), 409, /名额不能少于 1/);
  });

  test('the public notice of the recommended list, through the notices of the cases', async () => {
    await refused(dept.post(`/api/v1/commendations/${S.round}/approve`, {}), 409, /须先经公示/);
    await refused(town.post(`/api/v1/commendations/${S.round}/notice`, {}), 403);
    const r = await ok(dept.post(`/api/v1/commendations/${S.round}/notice`, { starts_on: `${YEAR}-06-23`, office_phone: '0571-88886666' }), 201);
    assert.equal(r.status, 'in_notice');
    assert.ok(r.notice_id);
    assert.equal(r.notice_starts_on, `${YEAR}-06-23`);
    S.notice = r.notice_id;
    await refused(dept.post(`/api/v1/commendations/${S.round}/notice`, {}), 409, /已经公示/);
    const nt = await ok(branch.get(`/api/v1/notices/${S.notice}`));
    assert.equal(nt.kind, 'commendation');
    assert.equal(nt.nnominations, 2);
    assert.deepEqual(nt.nominations.map((x) => x.id).sort(), [S.nomA, S.nomOrg].sort());
    assert.deepEqual(nt.cases, []);
    const pdf = await branch.get(`/api/v1/notices/${S.notice}/document`);
    assert.equal(pdf.status, 200);
    assert.ok(pdf.text.startsWith('%PDF'));
    // listed among the department's notices with the new kind
    assert.ok((await ok(dept.get('/api/v1/notices?kind=commendation'))).items.some((x) => x.id === S.notice));
    // approval refused while the notice runs
    await stage.day(`${YEAR}-06-24`);
    await refused(dept.post(`/api/v1/commendations/${S.round}/approve`, {}), 409, /公示期尚未结束/);
    // objections name a nomination of the notice
    const obj = `/api/v1/notices/${S.notice}/objections`;
    assert.equal((await refused(dept.post(obj, { channel: 'phone', content: '反映情况' }), 400, /拟表彰对象/)).field, 'nomination_id');
    assert.equal((await refused(dept.post(obj, { channel: 'phone', content: '反映情况', nomination_id: S.nomB }), 400, /不在这份公示/)).field, 'nomination_id');
    const o1 = await ok(dept.post(obj, { channel: 'phone', content: '反映其事迹有夸大', nomination_id: S.nomA }), 201);
    const o2 = await ok(dept.post(obj, { channel: 'letter', content: '反映支部账目不清', nomination_id: S.nomOrg }), 201);
    assert.equal(o1.nomination_id, S.nomA);
    await stage.day(`${YEAR}-07-10`);
    await refused(dept.post(`/api/v1/commendations/${S.round}/approve`, {}), 409, /异议尚未全部处理/);
    // the department handles the objections of its own notice; a branch may not
    await refused(branch.post(`/api/v1/objections/${o1.id}/handle`, { outcome: 'unfounded', reason: '经核实属实' }), 403, /组织部/);
    await refused(dept.post(`/api/v1/objections/${o1.id}/handle`, { outcome: 'upheld_returned', reason: '退回' }), 400, /撤销提名/);
    await ok(dept.post(`/api/v1/objections/${o1.id}/handle`, { outcome: 'unfounded', reason: '经核实，事迹属实' }));
    await ok(dept.post(`/api/v1/objections/${o2.id}/handle`, { outcome: 'upheld_rejected', reason: '经核查账目确有问题' }));
    const withdrawn = await ok(town.get(`/api/v1/nominations/${S.nomOrg}`));
    assert.equal(withdrawn.status, 'rejected');
    assert.match(withdrawn.opinion, /异议成立/);
  });

  test('the department approves; the honours on the member, as PDF and XLSX', async () => {
    await refused(town.post(`/api/v1/commendations/${S.round}/approve`, {}), 403);
    await refused(dept.get(`/api/v1/commendations/${S.round}/honours/document`), 409, /尚未审批/);
    const r = await ok(dept.post(`/api/v1/commendations/${S.round}/approve`, {}));
    assert.equal(r.status, 'approved');
    assert.equal(r.approved_on, `${YEAR}-07-10`);
    assert.equal(r.approved, 1);
    await refused(dept.post(`/api/v1/commendations/${S.round}/approve`, {}), 409, /已经审批/);
    assert.equal((await ok(dept.get(`/api/v1/notices/${S.notice}`))).status, 'closed', 'closed by the approval');
    const h = (await ok(branch.get(`/api/v1/honours?round=${S.round}`))).items;
    assert.deepEqual(h.map((x) => [x.nominee_name, x.honour_label]), [[S.nameA, '优秀共产党员']]);
    const mine = (await ok(branch.get(`/api/v1/members/${S.a}/honours`))).items;
    assert.deepEqual(mine.map((x) => [x.year, x.honour, x.approved_on]), [[YEAR, 'outstanding_member', `${YEAR}-07-10`]]);
    await refused(other.get(`/api/v1/members/${S.a}/honours`), 404);
    assert.deepEqual((await ok(other.get('/api/v1/honours'))).items.filter((x) => x.member_id === S.a), []);
    const pdf = await branch.get(`/api/v1/commendations/${S.round}/honours/document`);
    assert.equal(pdf.status, 200);
    assert.ok(pdf.text.startsWith('%PDF'));
    const x = await dept.get(`/api/v1/honours.xlsx?round=${S.round}`);
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
    const audit = (await ok(admin.get('/api/v1/audit?action=commendation_approve'))).items;
    assert.ok(audit.some((a) => a.entity_id === S.round));
  });

  test('honours count in later decisions: the 曾获表彰 mark on the roll and the untrained', async () => {
    // two 造血型 members on the roll: the honoured one and another
    const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术', since_on: `${YEAR}-01-10` };
    await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.a }), 201);
    await ok(dept.post('/api/v1/roll', { ...facts, member_id: S.c }), 201);
    const roll = await ok(admin.get(`/api/v1/roll?org=${S.org.branch.id}&size=200`));
    assert.ok(roll.items.length >= 2);
    for (const e of roll.items) assert.equal(e.honoured, e.member_id === S.a, `roll entry of ${e.member_name}`);
    const u = await ok(admin.get(`/api/v1/training-untrained?year=${YEAR}`));
    assert.ok(u.items.some((e) => e.member_id === S.a && e.honoured === true));
    assert.ok(u.items.some((e) => e.member_id === S.c && e.honoured === false));
  });
});

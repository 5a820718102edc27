// care_events.test.mjs - the tasks care makes from events (issue #12,
// "Event-made tasks"), over HTTP on SQLite or PostgreSQL (BANGFU_TEST_PG):
// an emergency case for a sudden illness or an accident with injury makes a
// hospital visit task for the member's branch, due CARE_HOSPITAL_VISIT_DAYS
// (7) later, once (a second case while it is open adds none), nothing for a
// loss of property; a member marked deceased — by a member edit or by the
// roll's deceased exit — makes a condolence visit task (亡故关怀) due
// CARE_CONDOLENCE_DAYS (3) later, ends the member's open pairings (and those
// where the member helped) with end_reason deceased, and closes the member's
// other tasks not yet done (a festival round's), which are then neither due
// nor late nor recordable; all of it on the branch's to-do list, in the
// event's transaction, audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openScenario, ok, refused, idNumber } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, other;
const S = {};
const DAY = '2027-03-01';
const facts = { category: 'capacity', tier: 'moderate', causes: ['illness'], household: '夫妻二人', household_size: 2, income_fen: 250000, income_sources: '务农', subsidies: '', state_of_mind: '积极', needs: '技术' };
const six = { goal: '发展养殖增收', measures: '技术指导', start_on: '2027-01-10', target_on: '2027-12-31', place: '东风村', matter: '养殖项目' };

async function member(name, k) {
  const m = await ok(admin.post('/api/v1/members', { name, ethnicity: '汉族', joined_on: '1975-07-01', id_number: idNumber('330702', `1952060${k}`, `${440 + k}`), phone: `1381235${String(5800 + k)}`, household_type: '农业', household_size: 2, address: '城关镇东风村2组', education: '小学', member_type: '普通党员', org_id: S.org.branch.id }), 201);
  return m.id;
}
const tasks = async (c, id, q = '') => (await ok(c.get(`/api/v1/visits?member=${id}&size=50${q}`))).items;
const audit = async (action) => (await ok(admin.get(`/api/v1/audit?action=${action}&size=100`))).items;

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, other, org } = await openScenario({ day: DAY }));
  S.org = org;
  S.ill = await member('赵急病', 1);
  S.flood = await member('钱受灾', 2);
  S.dies = await member('孙亡故', 3);
  S.exits = await member('李病故', 4);
  S.helper = await member('周帮扶', 5);
  S.helped = await member('吴受助', 6);
  for (const id of [S.dies, S.exits, S.helped])
    await ok(dept.post('/api/v1/roll', { ...facts, member_id: id, since_on: '2027-01-05' }), 201);
  const pair = (member_id, h) => ok(branch.post('/api/v1/pairings', { ...six, member_id, ...h }), 201);
  S.pDies = (await pair(S.dies, { helper_name: '王书记', helper_post: '镇党委书记' })).id;
  S.pExits = (await pair(S.exits, { helper_name: '王书记', helper_post: '镇党委书记' })).id;
  S.pHelped = (await pair(S.helped, { helper_member_id: S.helper })).id;
  // a festival round whose rule (any age) gives every member of the district a task
  S.round = await ok(dept.post('/api/v1/visit-rounds', { year: 2027, festival: 'july1', due_on: '2027-06-30', old_age: 0 }), 201);
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

const emergency = (member_id, loss_type, conditions, causes, situation) =>
  branch.post('/api/v1/cases', { member_id, kind: 'emergency', loss_type, conditions, causes, situation, requested_fen: 200000, household_size: 2, income_fen: 300000 });

test('an emergency case for a sudden illness makes one hospital visit task, due in 7 days, on the to-do list', async () => {
  const c = await ok(emergency(S.ill, 'sudden_illness', ['serious_illness'], ['illness'], '突发脑梗住院'), 201);
  let open = await tasks(branch, S.ill, '&pending=1&in_round=2');
  assert.equal(open.length, 1, JSON.stringify(open));
  assert.equal(open[0].occasion, 'hospital');
  assert.equal(open[0].due_on, '2027-03-08');
  assert.equal(open[0].round_id, null);
  // an accident with injury while it is open: still one task
  await ok(emergency(S.ill, 'disability_death', ['accident_disaster'], ['accident'], '车祸致重伤'), 201);
  open = await tasks(branch, S.ill, '&pending=1&in_round=2');
  assert.equal(open.length, 1);
  const made = (await audit('visit_task_make')).filter((a) => a.detail.member_id === S.ill);
  assert.equal(made.length, 1);
  assert.equal(made[0].detail.case_id, c.id);
  assert.equal(made[0].detail.occasion, 'hospital');
  const todo = await ok(branch.get('/api/v1/todo'));
  const item = todo.items.find((t) => t.kind === 'visit' && t.visit_id === open[0].id);
  assert.ok(item, 'on the branch to-do list');
  assert.equal(item.due_on, '2027-03-08');
  assert.equal(item.overdue, false);
  // another branch does not see it
  assert.equal((await ok(other.get('/api/v1/todo'))).items.filter((t) => t.kind === 'visit' && t.visit_id === open[0].id).length, 0);
});

test('a loss of property makes no hospital visit', async () => {
  await ok(emergency(S.flood, 'major_loss', ['accident_disaster'], ['disaster'], '房屋因暴雨倒塌'), 201);
  assert.equal((await tasks(branch, S.flood, '&in_round=2')).length, 0);
});

test('a member edit to 亡故: condolence task, pairings ended as deceased, the round task closed', async () => {
  const before = (await tasks(branch, S.dies, `&round=${S.round.id}`))[0];
  assert.ok(before && !before.closed_on, 'the round gave a task');
  await ok(branch.patch(`/api/v1/members/${S.dies}`, { status: '亡故' }));
  const p = await ok(branch.get(`/api/v1/pairings/${S.pDies}`));
  assert.equal(p.status, 'ended');
  assert.equal(p.end_reason, 'deceased');
  assert.equal(p.end_reason_label, '党员亡故');
  assert.equal(p.end_on, DAY);
  assert.equal(p.end_note, '帮扶对象亡故');
  const round = await ok(branch.get(`/api/v1/visits/${before.id}`));
  assert.equal(round.closed_on, DAY);
  assert.equal(round.close_reason, 'deceased');
  await refused(branch.post(`/api/v1/visits/${before.id}/record`, { visited_on: DAY, visitors: '张三' }), 409, /关闭/);
  const open = await tasks(branch, S.dies, '&pending=1');
  assert.equal(open.length, 1, 'only the condolence is open');
  assert.equal(open[0].occasion, 'death');
  assert.equal(open[0].due_on, '2027-03-04');
  const todo = await ok(branch.get('/api/v1/todo'));
  assert.ok(todo.items.some((t) => t.kind === 'visit' && t.visit_id === open[0].id && t.due_on === '2027-03-04'));
  assert.ok(!todo.items.some((t) => t.kind === 'visit' && t.visit_id === before.id), 'the closed task is not on the list');
  const closed = (await audit('visit_task_close')).filter((a) => a.entity_id === S.dies);
  assert.equal(closed.length, 1);
  assert.equal(closed[0].detail.tasks, 1);
  // editing the dead member again makes nothing new
  await ok(branch.patch(`/api/v1/members/${S.dies}`, { address: '城关镇东风村2组5号' }));
  await ok(branch.patch(`/api/v1/members/${S.dies}`, { status: '亡故' }));
  assert.equal((await tasks(branch, S.dies, '&occasion=death')).length, 1);
});

test('the roll\'s deceased exit: the pairing ends as deceased on the exit day, condolence owed', async () => {
  const entry = (await ok(dept.get(`/api/v1/roll?member=${S.exits}`))).items[0];
  await ok(dept.post(`/api/v1/roll/${entry.id}/exit`, { exit_on: '2027-02-25', exit_reason: 'deceased' }));
  assert.equal((await ok(admin.get(`/api/v1/members/${S.exits}`))).status, '亡故');
  const p = await ok(branch.get(`/api/v1/pairings/${S.pExits}`));
  assert.equal(p.end_reason, 'deceased');
  assert.equal(p.end_on, '2027-02-25');
  const open = await tasks(branch, S.exits, '&pending=1');
  assert.deepEqual(open.map((t) => [t.occasion, t.due_on]), [['death', '2027-03-04']]);
  const made = (await audit('visit_task_make')).filter((a) => a.detail.member_id === S.exits);
  assert.equal(made.length, 1, 'one condolence, though the exit and the register both say so');
});

test('a helper who dies: the pairings where the member helped end too', async () => {
  await ok(admin.patch(`/api/v1/members/${S.helper}`, { status: '亡故' }));
  const p = await ok(branch.get(`/api/v1/pairings/${S.pHelped}`));
  assert.equal(p.status, 'ended');
  assert.equal(p.end_reason, 'deceased');
  assert.equal(p.end_note, '帮扶人亡故');
  // the member helped is left unpaired: the coverage view shows it
  const gaps = await ok(town.get('/api/v1/pairing-coverage?size=200'));
  assert.ok(gaps.items.some((g) => g.member_id === S.helped));
});

test('the round\'s progress: a closed task is not late', async () => {
  await stage.day('2027-07-05');
  const prog = await ok(dept.get(`/api/v1/visit-rounds/${S.round.id}/progress`));
  const late = await ok(dept.get(`/api/v1/visits?round=${S.round.id}&late=1&size=200`));
  assert.ok(!late.items.some((t) => t.member_id === S.dies), 'the dead member\'s task is not late');
  assert.equal(prog.late, late.total);
});

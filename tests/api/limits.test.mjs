// limits.test.mjs - the limits on what is stored (issue 8 §1) over HTTP
// against a real `bangfu serve` (SQLite; PostgreSQL when BANGFU_TEST_PG is
// set): text lengths counted in characters, names and titles without
// invisible or bidirectional-control characters, free text with newlines
// but no overrides, amounts up to 10^10 fen, and money dates between the
// record they belong to and the server's today.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initDb, Stage, cast, ok, refused, idNumber, DEMO_PASSWORD } from '../lib/harness.mjs';

let db, stage;
let admin, dept, town, branch;
const S = {};

const BOM = '\uFEFF';
const ZWSP = '\u200B';
const RLO = '\u202E';
const EXT_B = '\u{20000}'; // 𠀀: four bytes of UTF-8, one character

function member(org_id, over = {}) {
  return { name: '限长测试', ethnicity: '汉族', joined_on: '1985-07-01', id_number: idNumber('330702', '19600315', '246'), phone: '13812345670', household_type: '农业', household_size: 3, address: '城关镇东风村1组2号', education: '初中', member_type: '普通党员', org_id, ...over };
}

// 400 invalid_field (or missing_field) naming field, the message matching re.
async function badField(p, field, re, code = 'invalid_field') {
  const e = await refused(p, 400, re, code);
  assert.equal(e.field, field, JSON.stringify(e));
  return e;
}

// Days around the server's today (the demo's cases are dated up to the real
// today, so the server runs on it).
const day = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv');

before(async () => {
  db = initDb({ members: 10, cases: true });
  stage = new Stage(db);
  await stage.start();
  ({ admin, dept, town, branch } = await cast(stage));
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  S.branch = orgs.find((o) => o.code === 'T01V01').id;
  S.town = orgs.find((o) => o.code === 'T01').id;
  S.member = (await ok(branch.get('/api/v1/members?size=1'))).items[0].id;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('text', () => {
  test('GET /api/v1/meta gives the forms the same table', async () => {
    const m = await ok(branch.get('/api/v1/meta'));
    assert.deepEqual(m.limits.member_name, { field: 'name', max: 20, kind: 'line' });
    assert.deepEqual(m.limits.objection_content, { field: 'content', max: 500, kind: 'free' });
    assert.deepEqual(m.limits.talk_note, { field: 'note', max: 500, kind: 'free' });
    // one entry per row of include/bangfu/limits.h (a count written here went
    // stale whenever two parts added rows side by side)
    const rows = readFileSync(new URL('../../include/bangfu/limits.h', import.meta.url), 'utf8').match(/^\s*X\(/gm).length;
    assert.ok(rows > 60, `${rows} rows`);
    assert.equal(Object.keys(m.limits).length, rows);
    assert.equal(m.money_max_fen, 10 ** 10);
    assert.equal(m.money_date_min, '2000-01-01');
  });


  test('a name of one BOM, a zero-width space or an RLO is refused, naming the field', async () => {
    for (const name of [BOM, `张${ZWSP}三`, `张${RLO}三`, `${BOM}张三`, '张\u00AD三', '张\u2060三', '张\u200D三', '张\u2066三\u2069', '张\n三']) {
      await badField(branch.post('/api/v1/members', member(S.branch, { name })), 'name', /姓名不能含有/);
    }
    await badField(branch.post('/api/v1/members', member(S.branch, { name: '张三', family: [{ name: `李${ZWSP}四`, relation: '配偶' }] })), 'family[0].name', /家庭成员姓名不能含有不可见字符/);
    await badField(branch.post('/api/v1/members', member(S.branch, { name: '张三', family: [{ name: '李四', relation: `配${RLO}偶` }] })), 'family[0].relation', /文字方向控制符/);
    await badField(admin.post('/api/v1/orgs', { code: 'LIM1', name: `东风${RLO}支部`, kind_name: '党支部', parent_id: S.town }), 'name', /组织名称不能含有文字方向控制符（U\+202E）/);
    await badField(admin.post('/api/v1/users', { username: 'lim1', display_name: BOM, role: 'branch', org_id: S.branch, password: DEMO_PASSWORD }), 'display_name', /姓名不能含有不可见字符（U\+FEFF）/);
    await badField(dept.post('/api/v1/rounds', { year: 2024, title: `2024${ZWSP}年度` }), 'title', /轮次名称不能含有不可见字符/);
    const u = (await ok(admin.get('/api/v1/users'))).items.find((x) => x.username === 'branch0101');
    await badField(admin.patch(`/api/v1/users/${u.id}`, { display_name: `王${RLO}五`, role: u.role, org_id: u.org_id }), 'display_name', /姓名不能含有文字方向控制符/);
  });

  test('lengths count characters, not bytes', async () => {
    // 20 characters of four bytes each: at the limit and accepted
    const { id } = await ok(branch.post('/api/v1/members', member(S.branch, { name: EXT_B.repeat(20) })), 201);
    assert.equal((await ok(branch.get(`/api/v1/members/${id}`))).name, EXT_B.repeat(20));
    await badField(branch.post('/api/v1/members', member(S.branch, { name: '张'.repeat(21), id_number: idNumber('330702', '19600315', '257') })), 'name', /姓名最长 20 个字，现有 21 个字/);
    await badField(branch.post('/api/v1/members', member(S.branch, { address: '村'.repeat(101) })), 'address', /家庭住址最长 100 个字/);
    await badField(branch.post('/api/v1/members', member(S.branch, { income_sources: '收'.repeat(201) })), 'income_sources', /最长 200 个字/);
    await badField(dept.post('/api/v1/rounds', { year: 2024, title: '年'.repeat(41) }), 'title', /轮次名称最长 40 个字/);
    await badField(admin.post('/api/v1/orgs', { code: 'LIM2', name: '支'.repeat(41), kind_name: '党支部', parent_id: S.town }), 'name', /组织名称最长 40 个字/);
    await badField(admin.post('/api/v1/users', { username: 'lim2', display_name: '名'.repeat(21), role: 'branch', org_id: S.branch, password: DEMO_PASSWORD }), 'display_name', /姓名最长 20 个字/);
    const f = await ok(town.post('/api/v1/funds', { org_id: S.town }));
    S.townFund = f.id;
    await badField(town.post(`/api/v1/funds/${f.id}/income`, { source: 'social_donation', amount_fen: 100, donor: '捐'.repeat(31) }), 'donor', /捐款人最长 30 个字/);
    await badField(town.post(`/api/v1/funds/${f.id}/income`, { source: 'dues', amount_fen: 100, memo: '摘'.repeat(61) }), 'memo', /摘要最长 60 个字/);
    const p = await ok(town.post(`/api/v1/funds/${f.id}/income`, { source: 'dues', amount_fen: 100, date: day(0), memo: '摘'.repeat(60) }), 201);
    await badField(town.post(`/api/v1/postings/${p.id}/reverse`, { reason: '错'.repeat(61) }), 'reason', /冲正原因最长 60 个字/);
  });

  test('free text keeps newlines and tabs but not overrides or other controls', async () => {
    const { id } = await ok(branch.post('/api/v1/members', member(S.branch, { id_number: idNumber('330702', '19600315', '268'), phone: '13812345671', income_sources: '务农\n\t约 3000 元' })), 201);
    assert.equal((await ok(branch.get(`/api/v1/members/${id}`))).income_sources, '务农\n\t约 3000 元');
    await badField(branch.post('/api/v1/members', member(S.branch, { income_sources: `务农${RLO}` })), 'income_sources', /文字方向控制符/);
    await badField(branch.post('/api/v1/members', member(S.branch, { other_subsidies: '低保\u001b[31m' })), 'other_subsidies', /控制字符/);
    await badField(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'social_donation', amount_fen: 100, donor: `某${RLO}公司` }), 'donor', /捐款人不能含有/);
    // a memo is the one-line title of a posting, a batch or a gift
    await badField(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: 100, memo: '党费\n划拨' }), 'memo', /摘要不能含有换行符/);
    await badField(town.post('/api/v1/gifts', { org_id: S.town, member_id: S.member, amount_fen: 100, method: 'bank', memo: `春节${ZWSP}慰问` }), 'memo', /摘要不能含有不可见字符/);
  });
});

describe('money', () => {
  test('no amount above 10^10 fen, naming the field', async () => {
    const over = 10 ** 10 + 1;
    await badField(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: over }), 'amount_fen', /金额不能超过 1 亿元/);
    await ok(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'finance', amount_fen: 10 ** 10, date: day(0) }), 201);
    const m = { id: S.member };
    await badField(branch.post('/api/v1/cases', { member_id: m.id, kind: 'emergency', loss_type: 'major_loss', situation: '房屋倒塌', requested_fen: over }), 'requested_fen', /申请金额不能超过 1 亿元/);
    await badField(branch.post('/api/v1/cases', { member_id: m.id, kind: 'emergency', loss_type: 'major_loss', situation: '房屋倒塌', income_fen: over }), 'income_fen', /家庭年收入不能超过 1 亿元/);
    await badField(town.post('/api/v1/gifts', { org_id: S.town, member_id: m.id, amount_fen: over, method: 'cash', date: day(0) }), 'amount_fen', /慰问金额不能超过 1 亿元/);
    const loan = (await ok(dept.get('/api/v1/loans'))).items[0];
    await badField(dept.post(`/api/v1/loans/${loan.id}/repayments`, { amount_fen: over, method: 'bank', date: day(0) }), 'amount_fen', /还款金额不能超过 1 亿元/);
    const rec = (await ok(dept.get('/api/v1/recoveries'))).items[0];
    await badField(dept.post(`/api/v1/recoveries/${rec.id}/repayments`, { amount_fen: over, method: 'cash', date: day(0) }), 'amount_fen', /还款金额不能超过 1 亿元/);
  });
});

describe('money dates', () => {
  test('income is not dated after today nor before 2000', async () => {
    // the far ones may already fail as dates (years 1900–2100); the near ones are in range
    const income = (date) => town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: 100, date });
    await badField(income('9999-12-31'), 'date', /不能晚于今天|年份应在/);
    await badField(income('1899-12-31'), 'date', /不能早于 2000-01-01|年份应在/);
    await badField(income(day(1)), 'date', /不能晚于今天/);
    await badField(income('2099-12-31'), 'date', /不能晚于今天/);
    await badField(income('1999-12-31'), 'date', /不能早于 2000-01-01/);
    await ok(town.post(`/api/v1/funds/${S.townFund}/income`, { source: 'dues', amount_fen: 100, date: '2000-01-01' }), 201);
  });

  test('a gift or a loan is not dated before the fund had money', async () => {
    const org = await ok(admin.post('/api/v1/orgs', { code: 'LIM9', name: '限期测试支部', kind_name: '党支部', parent_id: S.town }), 201);
    const { id: mid } = await ok(admin.post('/api/v1/members', member(org.id, { id_number: idNumber('330702', '19600315', '279'), phone: '13812345672' })), 201);
    const f = await ok(admin.post('/api/v1/funds', { org_id: org.id }));
    await ok(admin.post(`/api/v1/funds/${f.id}/income`, { source: 'finance', amount_fen: 5000000, date: day(-30) }), 201);
    const gift = { org_id: org.id, member_id: mid, amount_fen: 50000, method: 'bank' };
    await badField(admin.post('/api/v1/gifts', { ...gift, date: day(-400) }), 'date', /慰问日期.*不能早于该基金第一笔入账的日期/);
    await badField(admin.post('/api/v1/gifts', { ...gift, date: day(1) }), 'date', /不能晚于今天/);
    await ok(admin.post('/api/v1/gifts', { ...gift, date: day(-30) }), 201);
    const loan = { org_id: org.id, member_id: mid, principal_fen: 1000000, rate_bp: 0, months: 12, method: 'bank', purpose: '养殖' };
    await badField(admin.post('/api/v1/loans', { ...loan, start_on: day(-31) }), 'start_on', /放款日期.*不能早于该基金第一笔入账的日期/);
    const l = await ok(admin.post('/api/v1/loans', { ...loan, start_on: day(-10) }), 201);
    await badField(admin.post(`/api/v1/loans/${l.id}/repayments`, { amount_fen: 1000, method: 'bank', date: day(-11) }), 'date', /还款日期.*不能早于放款日期/);
    await ok(admin.post(`/api/v1/loans/${l.id}/repayments`, { amount_fen: 1000, method: 'bank', date: day(-10) }), 201);
  });

  test('a recovery is not dated before the payment, its repayment not before the recovery', async () => {
    const rec = (await ok(dept.get('/api/v1/recoveries'))).items.find((r) => r.status === 'open');
    await badField(dept.post(`/api/v1/recoveries/${rec.id}/repayments`, { amount_fen: 100, method: 'cash', date: '2001-01-01' }), 'date', /还款日期.*不能早于认定日期/);
    await ok(dept.post(`/api/v1/recoveries/${rec.id}/repayments`, { amount_fen: 100, method: 'cash', date: rec.found_on }), 201);
    const pay = (await ok(dept.get(`/api/v1/cases/${rec.case_id}/payments`))).items[0];
    const before = new Date(Date.parse(pay.value_date) - 86400000).toISOString().slice(0, 10);
    await badField(dept.post('/api/v1/recoveries', { case_id: rec.case_id, amount_fen: 100, found_on: before, finding: '核查发现多发' }), 'found_on', new RegExp(`认定日期.*不能早于发放日期（${pay.value_date}）`));
    await badField(dept.post('/api/v1/recoveries', { case_id: rec.case_id, amount_fen: 100, found_on: day(1), finding: '核查发现多发' }), 'found_on', /不能晚于今天/);
    const old = (await ok(dept.get('/api/v1/loans'))).items.find((l) => l.status === 'active');
    await badField(dept.post(`/api/v1/loans/${old.id}/repayments`, { amount_fen: 100, method: 'bank', date: '2001-01-01' }), 'date', /不能早于放款日期/);
  });

  test('a receipt is not dated before its payment', async () => {
    const cases = (await ok(dept.get('/api/v1/cases?state=paid&size=50'))).items;
    for (const c of cases) {
      const p = (await ok(dept.get(`/api/v1/cases/${c.id}/payments`))).items.find((x) => !x.receipt_on);
      if (!p) continue;
      await badField(town.post(`/api/v1/payments/${p.id}/receipt`, { date: '2001-01-01', method: 'cash', handed_by: '王五', signed_by: 'signature' }), 'date', /签收日期不能早于发放日期/);
      return;
    }
    assert.fail('the demo has a payment without a receipt');
  });
});

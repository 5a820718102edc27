// roll_import.test.mjs - the roll import (建库, issue #11) from the console
// in steps, against a real `bangfu serve` (SQLite; PostgreSQL when
// BANGFU_TEST_PG is set): the template, a district's 台账 as .xlsx and CSV
// with a title row, dates and amounts as people type them, Chinese names of
// category, tier and causes; every kind of bad row with its line, column and
// reason; all-or-nothing; the importer's scope; a branch's import waiting for
// its committee; audited.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initDb, Stage, cast, sanitizerEnv, ok, refused, idNumber, cli } from '../lib/harness.mjs';
import { makeXlsx, readXlsx } from '../lib/xlsx.mjs';

let db, stage, admin, town, branch, auditor;
const HEADER = ['序号', '身份证号码', '姓名', '纳入日期', '类别', '档次', '致困原因', '人均年纯收入（元）', '收入来源', '享受其他补贴', '思想动态', '急需何种帮助', '家庭结构', '家庭人口'];
// members registered for the test: [name, ID number, branch]
const M = {};
const person = (key, name, birth, seq, org) => { M[key] = { name, id: idNumber('330702', birth, seq), org }; };
person('a', '台账甲', '19500101', '011', 'T01V01');
person('b', '台账乙', '19500102', '021', 'T01V01');
person('c', '台账丙', '19500103', '031', 'T01V02');
person('d', '台账丁', '19500104', '041', 'T02V01'); // another committee's branch
person('e', '台账戊', '19500105', '051', 'T01V01');
person('f', '台账己', '19500106', '061', 'T01V01');
person('g', '台账庚', '19500107', '071', 'T01V01');

before(async () => {
  db = initDb({ members: 10 });
  const csv = ['姓名,性别,民族,出生年月,入党时间,身份证号码,联系电话,户口类别,家庭人口,家庭住址,文化程度,人员类别,所在支部',
    ...Object.values(M).map((m, i) => `${m.name},,汉族,,1975-07-01,${m.id},1391234${String(1000 + i)},农业,2,城关镇东风村,初中,普通党员,${m.org}`)].join('\n');
  writeFileSync(join(db.dir, 'm.csv'), csv);
  const r = cli(['member', 'import', join(db.dir, 'm.csv'), ...db.g]);
  assert.equal(r.status, 0, r.stderr);
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, town, branch, auditor } = await cast(stage));
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

async function download(c, path) {
  const r = await fetch(c.base + path, { headers: { Cookie: c.cookie } });
  return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), buf: Buffer.from(await r.arrayBuffer()) };
}
const upload = (c, id, buf) => c.req('PUT', `/api/v1/imports/${id}/file`, buf, { raw: true, headers: { 'Content-Type': 'application/octet-stream' } });
async function job(c, file, name = '台账.xlsx') {
  const j = await ok(c.post('/api/v1/imports', { kind: 'roll', name }), 201);
  return { id: j.id, check: await upload(c, j.id, file) };
}
async function rollOf(c, key) {
  const m = (await ok(c.get(`/api/v1/members?q=${encodeURIComponent(M[key].name)}`))).items[0];
  return (await ok(c.get(`/api/v1/members/${m.id}/roll`))).items;
}

describe('the roll import', () => {
  test('the template: the roll\'s headers, the example row refused', async () => {
    const t = await download(town, '/api/v1/imports/template?kind=roll');
    assert.equal(t.status, 200);
    assert.match(decodeURIComponent(t.disposition), /困难党员台账导入模板/);
    const rows = readXlsx(t.buf);
    for (const h of ['身份证号码', '纳入日期', '类别', '档次', '致困原因', '人均年纯收入（元）', '收入来源', '享受其他补贴', '思想动态', '急需何种帮助'])
      assert.ok(rows[0].includes(h), h);
    const { check } = await job(town, t.buf);
    assert.equal(check.status, 200, check.text);
    assert.equal(check.json.good, 0);
    assert.deepEqual(check.json.bad_rows.map((b) => [b.line, b.column]), [[2, '身份证号码']]);
    assert.match(check.json.bad_rows[0].reason, /不在党员名册中/);
  });

  test('a file with bad rows: each listed, nothing stored, all-or-nothing refuses', async () => {
    const file = makeXlsx([
      ['城关镇困难党员台账（2025 年）'],
      HEADER,
      [1, M.a.id, M.a.name, { date: 45809 }, '造血型', '特别困难', '因病、缺劳力', 3600, '务农', '低保', '积极', '医疗救助', '夫妻二人', 2],
      [2, M.b.id, '', '2025年6月1日', '输血', '比较困难', '因残致贫/其他', '3,600元', '', '', '', '', '', ''],
      [3, M.c.id, '', '2025/6/1', '关爱型', '暂时困难', '', '', '', '', '', '', '', ''],
      [4, M.d.id, '', '2025-06-01', '造血型', '特别困难', '因病', 100, '', '', '', '', '', ''], // scope
      [5, idNumber('330702', '19700101', '991'), '', '2025-06-01', '造血型', '特别困难', '因病', 100, '', '', '', '', '', ''], // not in the register
      [6, M.a.id, '', '2025-06-01', '造血型', '特别困难', '因病', 100, '', '', '', '', '', ''], // twice
      [7, M.e.id, '别人', '2025-06-01', '造血型', '特别困难', '因病', 100, '', '', '', '', '', ''], // name
      [8, M.f.id, '', '2025-13-01', '造血型', '特别困难', '因病', 100, '', '', '', '', '', ''], // date
      [9, M.g.id, '', '2025-06-01', '懒惰型', '特别困难', '因病', 100, '', '', '', '', '', ''], // category
      [10, M.g.id.slice(0, 17) + (M.g.id[17] === '0' ? '1' : '0'), '', '2025-06-01', '造血型', '特别困难', '因病', 100, '', '', '', '', '', ''], // ID number
      [11, 1.10101199001011e17, '', '2025-06-01', '造血型', '特别困难', '因病', 100, '', '', '', '', '', ''], // ID as a number
    ]);
    const { id, check } = await job(town, file);
    assert.equal(check.status, 200, check.text);
    const j = check.json;
    assert.equal(j.state, 'checked');
    assert.equal(j.good, 3);
    assert.equal(j.bad, 8);
    assert.deepEqual(j.bad_rows.map((b) => [b.line, b.column]), [
      [6, '身份证号码'], [7, '身份证号码'], [8, '身份证号码'], [9, '姓名'], [10, '纳入日期'], [11, '类别'], [12, '身份证号码'], [13, '身份证号码']]);
    assert.equal(j.name_column, 2, 'the 姓名 cell of the header row under the title row');
    assert.equal(j.bad_rows[3].fields[j.name_column], '别人');
    const reasons = j.bad_rows.map((b) => b.reason);
    assert.match(reasons[0], /不在您的管辖范围内/);
    assert.match(reasons[1], /不在党员名册中/);
    assert.match(reasons[2], /与第 3 行是同一党员/);
    assert.match(reasons[3], /与党员名册中的“台账戊”不符/);
    assert.match(reasons[4], /月份/);
    assert.match(reasons[5], /类别应为造血型、输血型、关爱型/);
    assert.match(reasons[7], /存成了数字/);
    assert.deepEqual(await rollOf(admin, 'a'), [], 'the check stores nothing');
    await refused(town.post(`/api/v1/imports/${id}/confirm`, { mode: 'all' }), 409, /有 8 行错误/);
    assert.deepEqual(await rollOf(admin, 'a'), []);
    // the bad rows as .xlsx
    const x = await download(town, `/api/v1/imports/${id}/errors`);
    assert.equal(x.status, 200);
    const rows = readXlsx(x.buf);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), ['6', '7', '8', '9', '10', '11', '12', '13']);
    assert.deepEqual(rows[0].slice(0, 6), ['行号', '错误列', '原因', '序号', '身份证号码', '姓名'], 'the header row, not the title');
  });

  test('a clean file is imported whole, with the values as typed, and audited; the same file again is refused row by row', async () => {
    const file = makeXlsx([HEADER,
      [1, M.a.id, M.a.name, { date: 45809 }, '造血型', '特别困难', '因病、缺劳力', 3600.5, '务农', '低保', '积极', '医疗救助', '夫妻二人', 2],
      [2, M.b.id, '', '2025年6月1日', '输血', '比较困难', '因残致贫/其他', '3,600元', '', '', '', '', '', ''],
      [3, M.c.id, '', '2025/6/1', 'care', '暂时困难', '', '', '', '', '', '', '', ''],
    ]);
    const { id, check } = await job(town, file);
    assert.equal(check.status, 200, check.text);
    assert.equal(check.json.bad, 0);
    const done = await ok(town.post(`/api/v1/imports/${id}/confirm`, {}));
    assert.equal(done.state, 'done');
    assert.equal(done.imported, 3);
    const [a] = await rollOf(admin, 'a');
    assert.equal(a.status, 'active', 'a committee\'s import is on the roll at once');
    assert.equal(a.source, 'import');
    assert.equal(a.since_on, '2025-06-01');
    assert.equal(a.category, 'capacity');
    assert.equal(a.tier, 'severe');
    assert.deepEqual(a.causes.map((x) => x.code), ['illness', 'lack_labour']);
    assert.equal(a.income_fen, 360050);
    assert.equal(a.household_size, 2);
    assert.equal(a.subsidies, '低保');
    assert.equal(a.needs, '医疗救助');
    const [b] = await rollOf(admin, 'b');
    assert.deepEqual([b.category, b.tier, b.causes.map((x) => x.code), b.income_fen, b.since_on], ['relief', 'moderate', ['disability', 'other'], 360000, '2025-06-01']);
    const [c] = await rollOf(admin, 'c');
    assert.deepEqual([c.category, c.tier, c.causes.map((x) => x.code), c.income_fen], ['care', 'temporary', [], null]);
    const audit = await ok(admin.get('/api/v1/audit?size=50'));
    assert.ok(audit.items.some((x) => x.action === 'import' && x.entity === 'roll_entry' && x.detail.imported === 3));
    // again: every row already on the roll
    const again = await job(town, file);
    assert.equal(again.check.json.good, 0);
    assert.equal(again.check.json.bad, 3);
    assert.match(again.check.json.bad_rows[0].reason, /已在困难党员台账中/);
  });

  test('CSV, a branch\'s import waits for its committee, the good rows only, the auditor cannot', async () => {
    const csv = Buffer.from(`\uFEFF身份证号码,纳入日期,类别,档次,致困原因,人均年纯收入(元),收入来源,享受其他补贴,思想动态,急需何种帮助\r\n${M.e.id},2025.7.1,造血型,暂时困难,缺技术 缺资金,"2,400",打工,,,\r\n${M.c.id},2025-07-01,造血型,暂时困难,,,,,,\r\n${M.d.id},2025-07-01,造血型,暂时困难,,,,,,\r\n`);
    const { id, check } = await job(branch, csv, '台账.csv');
    assert.equal(check.status, 200, check.text);
    // M.c is T01V02's: outside branch0101's scope; M.d another committee's
    assert.deepEqual(check.json.bad_rows.map((b) => [b.line, b.column]), [[3, '身份证号码'], [4, '身份证号码']]);
    assert.match(check.json.bad_rows[0].reason, /不在您的管辖范围内/);
    const done = await ok(branch.post(`/api/v1/imports/${id}/confirm`, { mode: 'valid' }));
    assert.equal(done.imported, 1);
    const [e] = await rollOf(admin, 'e');
    assert.equal(e.status, 'pending');
    assert.deepEqual(e.causes.map((x) => x.code), ['lack_skills', 'lack_capital']);
    assert.equal(e.income_fen, 240000);
    assert.equal(e.since_on, '2025-07-01');
    await refused(auditor.post('/api/v1/imports', { kind: 'roll' }), 403);
  });

  test('a file without the roll\'s columns fails as a whole', async () => {
    const { check } = await job(town, makeXlsx([['身份证号码', '纳入日期'], [M.f.id, '2025-01-01']]));
    assert.equal(check.status, 400);
    assert.match(check.json.error.message, /缺少列：类别、档次/);
    const none = await job(town, makeXlsx([['姓名'], ['张三']]));
    assert.equal(none.check.status, 400);
    assert.match(none.check.json.error.message, /没有找到表头/);
  });
});

// imports.test.mjs - importing from the console in steps (issue #10) against
// a real `bangfu serve` (SQLite; PostgreSQL when BANGFU_TEST_PG is set): the
// templates, a job checked without storing anything, its bad rows with line,
// column and reason, all-or-nothing or the good rows only, the bad rows as
// .xlsx, organisations too, and whose job is whose.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initDb, Stage, cast, sanitizerEnv, ok, refused, idNumber, DEMO_PASSWORD } from '../lib/harness.mjs';
import { makeXlsx, readXlsx, unzip } from '../lib/xlsx.mjs';

let db, stage, admin, town, branch, auditor, other;
const HEADER = ['姓名', '性别', '民族', '出生年月', '入党时间', '身份证号码', '联系电话', '户口类别', '家庭人口', '家庭住址', '文化程度', '人员类别', '所在支部'];
const row = (name, id, { joined = { date: 29037 }, branch: b = 'T01V01', phone = '13912340001' } = {}) =>
  [name, '', '汉族', '', joined, id, phone, '农业', 3, '城关镇东风村', '初中', '普通党员', b];

before(async () => {
  db = initDb({ members: 20 });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, town, branch, auditor } = await cast(stage));
  const orgs = (await ok(admin.get('/api/v1/orgs'))).items;
  const t02v01 = orgs.find((o) => o.code === 'T02V01');
  await ok(admin.post('/api/v1/users', { username: 'branch0201', display_name: '另一支部', role: 'branch', org_id: t02v01.id, password: DEMO_PASSWORD }), 201);
  other = await stage.login('branch0201');
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

// A binary GET: {status, type, buf}.
async function download(c, path) {
  const r = await fetch(c.base + path, { headers: { Cookie: c.cookie } });
  return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), buf: Buffer.from(await r.arrayBuffer()) };
}
const upload = (c, id, buf) => c.req('PUT', `/api/v1/imports/${id}/file`, buf, { raw: true, headers: { 'Content-Type': 'application/octet-stream' } });
async function job(c, kind, file, name = 'members.xlsx') {
  const j = await ok(c.post('/api/v1/imports', { kind, name }), 201);
  assert.equal(j.state, 'new');
  return { id: j.id, check: await upload(c, j.id, file) };
}
async function named(c, name) {
  const r = await ok(c.get(`/api/v1/members?q=${encodeURIComponent(name)}`));
  return r.items.filter((m) => m.name.startsWith(name));
}

describe('templates', () => {
  test('the member template: headers, an example row refused if left in, the ID column as text, the notes', async () => {
    const t = await download(town, '/api/v1/imports/template?kind=member');
    assert.equal(t.status, 200);
    assert.match(t.type, /spreadsheetml/);
    assert.match(t.disposition, /filename\*=UTF-8''/);
    const rows = readXlsx(t.buf);
    assert.deepEqual(rows[0], HEADER);
    assert.match(rows[1][12], /示例/);
    const parts = unzip(t.buf);
    assert.ok(parts['xl/worksheets/sheet2.xml'], 'a second sheet');
    assert.match(parts['xl/workbook.xml'].toString(), /填写说明/);
    assert.match(parts['xl/styles.xml'].toString(), /numFmtId="49"/, 'the text format @');
    // the template as it comes: the example row is refused, naming 所在支部
    const { check } = await job(town, 'member', t.buf, 'template.xlsx');
    const j = check.json;
    assert.equal(check.status, 200, check.text);
    assert.equal(j.good, 0);
    assert.equal(j.bad, 1);
    assert.equal(j.bad_rows[0].line, 2);
    assert.equal(j.bad_rows[0].column, '所在支部');
  });

  test('the organisation template', async () => {
    const t = await download(town, '/api/v1/imports/template?kind=org');
    assert.equal(t.status, 200);
    assert.deepEqual(readXlsx(t.buf)[0], ['组织编码', '组织名称', '上级组织编码', '组织类别']);
    await refused(town.get('/api/v1/imports/template?kind=cases'), 400, /导入类别/);
  });
});

describe('members', () => {
  const file = () => makeXlsx([HEADER,
    row('导入甲', idNumber('330702', '19600101', '011')),
    row('导入乙', 1.10101199001011e17),
    row('导入丙', idNumber('330702', '19600103', '031'), { joined: '1982年7月' }),
    row('导入丁', idNumber('330702', '19600104', '041'), { branch: 'T02V01' }),
    row('导入戊', idNumber('330702', '19600105', '051'), { phone: 13912340005 }),
  ]);

  test('the check lists every bad row with line, column and reason and stores nothing', async () => {
    const { id, check } = await job(town, 'member', file());
    assert.equal(check.status, 200, check.text);
    const j = check.json;
    assert.equal(j.state, 'checked');
    assert.equal(j.good, 3);
    assert.equal(j.bad, 2);
    assert.equal(j.progress.done, j.progress.total);
    assert.ok(j.progress.total > 0);
    assert.deepEqual(j.bad_rows.map((b) => [b.line, b.column]), [[3, '身份证号码'], [5, '所在支部']]);
    assert.match(j.bad_rows[0].reason, /请将该列设置为文本格式后重新录入/);
    assert.match(j.bad_rows[1].reason, /不在您的管辖范围内/);
    assert.equal(j.bad_rows[1].fields[0], '导入丁');
    assert.deepEqual(await named(admin, '导入'), [], 'nothing stored by the check');
    // paging
    const page = await ok(town.get(`/api/v1/imports/${id}?offset=1&limit=1`));
    assert.deepEqual(page.bad_rows.map((b) => b.line), [5]);
    // all-or-nothing refuses; the good rows only imports three
    await refused(town.post(`/api/v1/imports/${id}/confirm`, {}), 409, /有 2 行错误/);
    await refused(town.post(`/api/v1/imports/${id}/confirm`, { mode: 'some' }), 400, /导入方式/);
    const done = await ok(town.post(`/api/v1/imports/${id}/confirm`, { mode: 'valid' }));
    assert.equal(done.state, 'done');
    assert.equal(done.committed, true);
    assert.equal(done.imported, 3);
    assert.equal(done.bad, 2);
    const stored = await named(admin, '导入');
    assert.deepEqual(stored.map((m) => m.name).sort(), ['导入丙', '导入戊', '导入甲']);
    await refused(town.post(`/api/v1/imports/${id}/confirm`, { mode: 'valid' }), 409);
    // the upload (plain ID numbers) is gone once stored; on SQLite the files
    // directory is beside the database
    if (db.url.startsWith('sqlite:')) {
      const dir = join(db.url.slice(7), '..', 'attachments', 'imports', String(id));
      assert.ok(existsSync(join(dir, 'job.json')), dir);
      assert.equal(existsSync(join(dir, 'upload')), false, 'the upload removed');
    }
    // the bad rows with their reasons as .xlsx
    const x = await download(town, `/api/v1/imports/${id}/errors`);
    assert.equal(x.status, 200);
    const rows = readXlsx(x.buf);
    assert.deepEqual(rows[0], ['行号', '错误列', '原因', ...HEADER]);
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[3]]), [['3', '身份证号码', '导入乙'], ['5', '所在支部', '导入丁']]);
    // audited
    const audit = await ok(admin.get('/api/v1/audit?size=50'));
    assert.ok(audit.items.some((a) => a.action === 'import' && a.entity === 'member' && a.detail.imported === 3), JSON.stringify(audit.items.slice(0, 3)));
  });

  test('all-or-nothing: a clean file is imported whole', async () => {
    const { id, check } = await job(branch, 'member', makeXlsx([HEADER,
      row('整批甲', idNumber('330702', '19610101', '011')),
      row('整批乙', idNumber('330702', '19610102', '021')),
    ]));
    assert.equal(check.json.bad, 0, check.text);
    const done = await ok(branch.post(`/api/v1/imports/${id}/confirm`, { mode: 'all' }));
    assert.equal(done.imported, 2);
    assert.equal((await named(admin, '整批')).length, 2);
  });

  test('a CSV works the same; a file without the columns fails the job', async () => {
    const csv = Buffer.from(HEADER.join(',') + '\n' + row('逗号甲', idNumber('330702', '19620101', '011'), { joined: '1985-07-01' }).join(',') + '\n');
    const a = await job(town, 'member', csv, 'm.csv');
    assert.equal(a.check.json.good, 1, a.check.text);
    const b = await job(town, 'member', makeXlsx([['姓名'], ['张']]));
    assert.equal(b.check.status, 400);
    assert.match(b.check.json.error.message, /缺少列/);
    const j = await ok(town.get(`/api/v1/imports/${b.id}`));
    assert.equal(j.state, 'failed');
    assert.match(j.error, /缺少列/);
    await refused(upload(town, b.id, csv), 409, /已上传过文件/);
    await refused(town.post(`/api/v1/imports/${b.id}/confirm`, {}), 409);
  });
});

describe('organisations', () => {
  test('a committee imports branches under itself; the good rows only', async () => {
    const head = ['组织编码', '组织名称', '上级组织编码', '组织类别'];
    const { id, check } = await job(town, 'org', makeXlsx([head,
      ['T01V71', '新建一村党支部', 'T01', '党支部'],
      ['T02V71', '邻镇新村党支部', 'T02', '党支部'],
      ['T01V01', '重复编码党支部', 'T01', '党支部'],
    ]), 'orgs.xlsx');
    const j = check.json;
    assert.equal(j.good, 1, check.text);
    assert.deepEqual(j.bad_rows.map((b) => [b.line, b.column]).sort(), [[3, '上级组织编码'], [4, '组织编码']]);
    assert.equal((await ok(admin.get('/api/v1/orgs'))).items.some((o) => o.code === 'T01V71'), false);
    const done = await ok(town.post(`/api/v1/imports/${id}/confirm`, { mode: 'valid' }));
    assert.equal(done.imported, 1);
    assert.ok((await ok(admin.get('/api/v1/orgs'))).items.some((o) => o.code === 'T01V71'));
  });
});

describe('whose job', () => {
  test('only its maker sees a job; write roles only; organisations for committees and up', async () => {
    const { id } = await job(town, 'member', makeXlsx([HEADER]));
    for (const c of [branch, other, admin]) {
      await refused(c.get(`/api/v1/imports/${id}`), 404, /不存在或已过期/);
      await refused(c.post(`/api/v1/imports/${id}/confirm`, {}), 404);
      assert.equal((await download(c, `/api/v1/imports/${id}/errors`)).status, 404);
    }
    await refused(upload(other, id, makeXlsx([HEADER])), 404);
    await refused(auditor.post('/api/v1/imports', { kind: 'member' }), 403);
    await refused(branch.post('/api/v1/imports', { kind: 'org' }), 403, /不能导入组织/);
    await refused(town.post('/api/v1/imports', { kind: 'member', extra: 1 }), 400);
    await refused(town.get('/api/v1/imports/99999999'), 404, /不存在或已过期/);
  });
});

// export.test.mjs - every list as XLSX (issue #10, GET <list>.xlsx) over
// HTTP against a real `bangfu serve` on the demo district with its cases
// and fund (SQLite by default; PostgreSQL when BANGFU_TEST_PG is set):
// each workbook is unzipped and its sheet read back (headers, a known row,
// dates and money as numbers, codes as Chinese names), the list's filters
// apply, scope and roles refuse as the list does, ID numbers and phones are
// masked unless revealed by a role allowed to, and a revealed export leaves
// an audit row saying what was exported.  Also `bangfu member export
// --format xlsx`.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { initDb, Stage, cast, ok, refused, sanitizerEnv, cli } from '../lib/harness.mjs';

let db, stage, admin, dept, town, branch, auditor;
let n = 0;

// The first sheet of an XLSX as rows of cell texts (inline strings as
// libxlsxwriter's constant_memory mode writes them, numbers as written),
// with each cell's type: 's' text, 'n' number; a text may hold lines.
function unzip(file, part) {
  return execFileSync('unzip', ['-p', file, part], { encoding: 'utf8', maxBuffer: 1 << 28 });
}
function unescape(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
function readSheet(buf) {
  const file = join(db.dir, `export-${n++}.xlsx`);
  writeFileSync(file, buf);
  const xml = unzip(file, 'xl/worksheets/sheet1.xml');
  const rows = [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((m) => {
    const row = [];
    for (const c of m[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const t = /<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3] || '');
      const v = /<v>(.*?)<\/v>/.exec(c[3] || '');
      row[col] = t ? unescape(t[1]) : v ? Number(v[1]) : '';
    }
    return Array.from(row, (x) => (x === undefined ? '' : x));
  });
  return { rows, xml, file, head: rows[0], body: rows.slice(1) };
}

async function download(c, path) {
  const r = await fetch(c.base + path, { headers: { Cookie: c.cookie } });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, body, json: () => JSON.parse(body.toString()) };
}

// A workbook download that must succeed; its sheet.
async function sheet(c, path) {
  const r = await download(c, path);
  assert.equal(r.status, 200, `${path}: ${r.body.toString().slice(0, 300)}`);
  assert.match(r.headers.get('content-type'), /spreadsheetml\.sheet/);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="[^"]*\.xlsx"; filename\*=UTF-8''%/);
  return readSheet(r.body);
}

// A refused download: the list's JSON error.
async function refusedXlsx(c, path, status, code) {
  const r = await download(c, path);
  assert.equal(r.status, status, r.body.toString().slice(0, 300));
  assert.equal(r.json().error.code, code);
}

// An Excel serial day (1900 system) as YYYY-MM-DD.
function excelDate(v) {
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86400000).toISOString().slice(0, 10);
}

const col = (s, header) => {
  const i = s.head.indexOf(header);
  assert.ok(i >= 0, `no column ${header} in ${s.head.join(',')}`);
  return i;
};

let orgs;
before(async () => {
  db = initDb({ members: 80, cases: true });
  stage = new Stage(db, { env: () => sanitizerEnv(db.dir) });
  await stage.start();
  ({ admin, dept, town, branch, auditor } = await cast(stage));
  orgs = (await ok(admin.get('/api/v1/orgs'))).items;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

const org = (code) => orgs.find((o) => o.code === code);

describe('the member register', () => {
  test('Chinese headers, every member in scope, masked, dates as dates, the file named in Chinese', async () => {
    const r = await download(town, '/api/v1/members.xlsx');
    assert.equal(r.status, 200);
    const cd = r.headers.get('content-disposition');
    const name = decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(cd)[1]);
    assert.match(name, /^党员名册_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const s = readSheet(r.body);
    assert.deepEqual(s.head.slice(0, 9), ['姓名', '性别', '民族', '出生日期', '年龄', '入党时间', '党龄', '身份证号码', '联系电话']);
    const list = await ok(town.get('/api/v1/members?size=200'));
    assert.equal(s.body.length, list.total);
    const m = list.items[0];
    const row = s.body.find((x) => x[col(s, '姓名')] === m.name && x[col(s, '身份证号码')] === m.id_number);
    assert.ok(row, `${m.name} in the workbook`);
    assert.match(row[col(s, '身份证号码')], /^\d{6}\*{8}\d{3}[\dX]$/);
    assert.match(row[col(s, '联系电话')], /^\d{3}\*{4}\d{4}$/);
    assert.equal(row[col(s, '所在党组织')], m.org_name);
    assert.equal(typeof row[col(s, '出生日期')], 'number', 'a date cell');
    assert.equal(excelDate(row[col(s, '出生日期')]), m.birth_date);
    assert.equal(row[col(s, '年龄')], m.age);
    // no member of another committee
    const names = new Set(s.body.map((x) => x[col(s, '所在党组织')]));
    assert.ok(![...names].some((o) => /青山镇|河口镇|柳林镇/.test(o)), [...names].join(','));
    // printed: landscape A4, one page wide, the header row on every page
    assert.match(s.xml, /<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"\/>/);
    assert.match(s.xml, /<pageSetUpPr fitToPage="1"\/>/);
    assert.match(unzip(s.file, 'xl/workbook.xml'), /_xlnm\.Print_Titles[^>]*>'党员名册'!\$1:\$1</);
  });

  test('the list\'s filters apply: organisation, status, member type, name', async () => {
    const v = org('T01V01');
    for (const q of [`org=${v.id}`, `status=${encodeURIComponent('在职')}`, `member_type=${encodeURIComponent('普通党员')}`, `q=${encodeURIComponent('建')}`, `org=${v.id}&status=${encodeURIComponent('离退休')}`]) {
      const list = await ok(dept.get(`/api/v1/members?size=200&${q}`));
      const s = await sheet(dept, `/api/v1/members.xlsx?${q}`);
      assert.equal(s.body.length, list.total, q);
      assert.deepEqual(s.body.map((x) => x[0]).sort(), list.items.map((m) => m.name).sort(), q);
    }
    const all = await ok(dept.get('/api/v1/members?size=1'));
    const s = await sheet(dept, `/api/v1/members.xlsx?org=${v.id}`);
    assert.ok(s.body.length > 0 && s.body.length < all.total);
    assert.ok(s.body.every((x) => x[col(s, '所在党组织')] === v.name));
  });

  test('an exact ID number or phone finds the member, as in the list', async () => {
    const m = (await ok(admin.get('/api/v1/members?size=1'))).items[0];
    const full = await ok(admin.post(`/api/v1/members/${m.id}/reveal`, {}));
    for (const q of [full.id_number, full.phone]) {
      const s = await sheet(admin, `/api/v1/members.xlsx?q=${q}`);
      assert.deepEqual(s.body.map((x) => x[0]), [m.name], q);
    }
  });

  test('reveal=1: full ID numbers and phones for a role allowed to, and an audit row of what was exported', async () => {
    const v = org('T01V01');
    const m = (await ok(town.get(`/api/v1/members?org=${v.id}&size=1`))).items[0];
    const full = await ok(admin.post(`/api/v1/members/${m.id}/reveal`, {}));
    const s = await sheet(town, `/api/v1/members.xlsx?org=${v.id}&reveal=1&status=${encodeURIComponent(m.status)}`);
    const row = s.body.find((x) => x[col(s, '身份证号码')] === full.id_number);
    assert.ok(row, 'the full ID number');
    assert.equal(row[col(s, '联系电话')], full.phone);
    const a = (await ok(auditor.get('/api/v1/audit?size=5'))).items.find((x) => x.action === 'reveal' && x.username === 'town01');
    assert.ok(a, 'an audit row');
    assert.equal(a.entity, 'member');
    assert.equal(a.detail.list, 'members');
    assert.equal(a.detail.via, 'api');
    assert.equal(a.detail.format, 'xlsx');
    assert.equal(a.detail.rows, s.body.length);
    assert.deepEqual(a.detail.fields, ['id_number', 'phone']);
    assert.deepEqual(a.detail.filters, { org: v.id, status: m.status });
  });

  test('reveal refused to a role without it (403, nothing audited); masked export not audited', async () => {
    const before = (await ok(auditor.get('/api/v1/audit?size=1'))).total;
    await refusedXlsx(auditor, '/api/v1/members.xlsx?reveal=1', 403, 'forbidden');
    await sheet(auditor, '/api/v1/members.xlsx');
    assert.equal((await ok(auditor.get('/api/v1/audit?size=1'))).total, before);
    await refusedXlsx(auditor, '/api/v1/members.xlsx?reveal=2', 400, 'invalid_field');
  });

  test('out of scope looks absent, like the list', async () => {
    const other = org('T02V01');
    await refused(branch.get(`/api/v1/members?org=${other.id}`), 404);
    await refusedXlsx(branch, `/api/v1/members.xlsx?org=${other.id}`, 404, 'not_found');
    await refusedXlsx(branch, '/api/v1/members.xlsx?org=99999', 404, 'not_found');
    const r = await fetch(`${stage.base}/api/v1/members.xlsx`);
    assert.equal(r.status, 401);
  });
});

describe('the other lists', () => {
  test('cases: the whole filtered list, states as Chinese names, money in yuan, dates as dates', async () => {
    const list = await ok(dept.get('/api/v1/cases?size=200'));
    const s = await sheet(dept, '/api/v1/cases.xlsx?size=5&page=3'); // page and size do not apply
    assert.equal(s.body.length, list.total);
    assert.equal(s.head[0], '档案号');
    const c = list.items.find((x) => x.approved_fen && x.due_on);
    const row = s.body.find((x) => x[0] === c.id);
    assert.equal(row[col(s, '状态')], c.state_label);
    assert.equal(row[col(s, '党员')], c.member_name);
    assert.equal(row[col(s, '所在党组织')], c.org_name);
    assert.equal(row[col(s, '批准金额（元）')], c.approved_fen / 100);
    assert.equal(excelDate(row[col(s, '办理期限')]), c.due_on);
    const codes = new Set(list.items.map((x) => x.state));
    assert.ok(!s.body.some((x) => codes.has(x[col(s, '状态')])), 'no state code');
    // a filter: one state, one organisation's subtree
    const st = c.state;
    const one = await ok(dept.get(`/api/v1/cases?size=200&state=${st}`));
    const f = await sheet(dept, `/api/v1/cases.xlsx?state=${st}`);
    assert.deepEqual(f.body.map((x) => x[0]).sort(), one.items.map((x) => x.id).sort());
    const t = org('T01');
    const sub = await ok(dept.get(`/api/v1/cases?size=200&org=${t.id}`));
    assert.equal((await sheet(dept, `/api/v1/cases.xlsx?org=${t.id}`)).body.length, sub.total);
    await refusedXlsx(dept, '/api/v1/cases.xlsx?state=bogus', 400, 'invalid_field');
    await refusedXlsx(branch, `/api/v1/cases.xlsx?org=${org('T02').id}`, 404, 'not_found');
  });

  test('more than one page of a paged list (the audit log, 200 a page)', async () => {
    const total = (await ok(admin.get('/api/v1/audit?size=1'))).total;
    assert.ok(total > 200, `${total} audit rows`);
    const s = await sheet(admin, '/api/v1/audit.xlsx');
    assert.ok(s.body.length >= total, `${s.body.length} of ${total}`);
    assert.deepEqual(s.head, ['序号', '时间', '操作人', '操作', '对象', '对象编号', '来源地址', '详情']);
    const seqs = s.body.map((x) => x[0]);
    assert.equal(new Set(seqs).size, seqs.length, 'no row twice');
    const login = s.body.find((x) => x[2] === '组织部干部' && x[3] === '登录');
    assert.ok(login, 'a login, named in Chinese');
    assert.equal(login[4], '会话');
    assert.equal(typeof login[1], 'number', 'a date-time cell');
    await refusedXlsx(branch, '/api/v1/audit.xlsx', 403, 'forbidden');
  });

  test('the audit log in words: actions, objects and details as the audit page reads them, no JSON', async () => {
    // a member edit: its detail as 字段：旧 → 新, ID numbers and phones masked
    const m = (await ok(dept.get('/api/v1/members?size=1'))).items[0];
    const to = m.address === '新地址 9 号' ? '新地址 10 号' : '新地址 9 号';
    await ok(dept.patch(`/api/v1/members/${m.id}`, { address: to, phone: '13900002222' }));
    const s = await sheet(auditor, '/api/v1/audit.xlsx');
    const [action, entity, detail] = ['操作', '对象', '详情'].map((h) => col(s, h));
    const edit = s.body.find((x) => x[action] === '修改党员' && x[col(s, '对象编号')] === m.id);
    assert.ok(edit, 'the member edit, named in Chinese');
    assert.equal(edit[entity], '党员');
    const lines = edit[detail].split('\n');
    assert.ok(lines.includes(`家庭住址：${m.address} → ${to}`), edit[detail]);
    assert.ok(lines.some((l) => /^联系电话：\d{3}\*{4}\d{4} → 139\*{4}2222$/.test(l)), edit[detail]);
    assert.ok(lines.includes(`姓名：${m.name}`), edit[detail]);
    assert.ok(lines.includes(`所属组织：${m.org_name}`), edit[detail]);
    // every row: no JSON, no codes of actions, objects, states or kinds
    for (const x of s.body) {
      for (const bad of ['{', '}', '":', 'pay.batch', 'fund.create', 'round_open', 'approve_batch', 'screen_pass', 'yearly', 'org_id', 'changes'])
        assert.ok(!String(x[detail]).includes(bad) && !String(x[action]).includes(bad), `row ${x[0]}: "${bad}" in ${x[action]} ${x[detail]}`);
      assert.doesNotMatch(String(x[detail]), /[0-9a-f]{64}/, `row ${x[0]}: a hash`);
      assert.match(String(x[action]), /^[\u4e00-\u9fff：]+$/, `row ${x[0]}: ${x[action]}`);
    }
    // a case step: the state moved, in words
    const step = s.body.find((x) => x[action] === '审批案件');
    assert.ok(step, 'an approval of a case');
    assert.match(step[detail], /^状态：[^\s→]+ → [^\s→]+/m);
    // a payment batch: its total in yuan
    const pay = s.body.find((x) => x[action] === '资金拨付');
    assert.ok(pay, 'a payment batch');
    assert.match(pay[detail], /合计金额：[\d,]+\.\d{2} 元/);
  });

  test('a list\'s search applies as well (the audit log by user and action)', async () => {
    const list = await ok(admin.get('/api/v1/audit?user=dept&action=login&size=200'));
    assert.ok(list.total > 0);
    const s = await sheet(admin, '/api/v1/audit.xlsx?user=dept&action=login');
    assert.equal(s.body.length, list.total);
    assert.ok(s.body.every((x) => x[2] === '组织部干部' && x[3] === '登录'));
    const all = await ok(admin.get('/api/v1/audit?size=1'));
    assert.ok(all.total > list.total);
  });

  test('notices and a notice\'s objections', async () => {
    const list = await ok(town.get('/api/v1/notices?size=200'));
    const s = await sheet(town, '/api/v1/notices.xlsx');
    assert.equal(s.body.length, list.total);
    const nt = list.items[0];
    const row = s.body.find((x) => x[0] === nt.id);
    assert.equal(row[col(s, '状态')], { open: '公示中', closed: '已结束' }[nt.status]);
    assert.equal(row[col(s, '公示组织')], nt.org_name);
    assert.equal(excelDate(row[col(s, '开始日期')]), nt.starts_on);
    const closed = await sheet(town, '/api/v1/notices.xlsx?status=closed');
    assert.ok(closed.body.every((x) => x[col(s, '状态')] === '已结束'));
    // the notice with objections
    let withObj = null;
    for (const x of (await ok(dept.get('/api/v1/notices?size=200'))).items) {
      const o = await ok(dept.get(`/api/v1/notices/${x.id}/objections`));
      if (o.items.length) { withObj = { notice: x, items: o.items }; break; }
    }
    assert.ok(withObj, 'the demo has objections');
    const o = await sheet(dept, `/api/v1/notices/${withObj.notice.id}/objections.xlsx`);
    assert.equal(o.body.length, withObj.items.length);
    assert.equal(o.head[col(o, '异议内容')], '异议内容');
    assert.equal(o.body[0][col(o, '异议内容')], withObj.items.find((x) => x.id === o.body[0][0]).content);
    assert.equal(o.body[0][col(o, '反映方式')], withObj.items.find((x) => x.id === o.body[0][0]).channel_label);
    await refusedXlsx(dept, '/api/v1/notices/999999/objections.xlsx', 404, 'not_found');
  });

  test('payment batches and a batch\'s payments', async () => {
    const list = await ok(dept.get('/api/v1/payment-batches'));
    const s = await sheet(dept, '/api/v1/payment-batches.xlsx');
    assert.equal(s.body.length, list.items.length);
    const b = list.items[0];
    const row = s.body.find((x) => x[0] === b.id);
    assert.equal(row[col(s, '合计金额（元）')], b.total_fen / 100);
    assert.equal(row[col(s, '发放方式')], { bank: '银行转账', cash: '现金' }[b.method]);
    assert.equal(row[col(s, '发放组织')], b.org_name);
    const full = await ok(dept.get(`/api/v1/payment-batches/${b.id}`));
    const p = await sheet(dept, `/api/v1/payment-batches/${b.id}/payments.xlsx`);
    assert.equal(p.body.length, full.payments.length);
    const line = full.payments[0];
    const prow = p.body.find((x) => x[0] === line.id);
    assert.equal(prow[col(p, '党员')], line.member_name);
    assert.equal(prow[col(p, '金额（元）')], line.amount_fen / 100);
    if (line.receipt) assert.equal(excelDate(prow[col(p, '签收日期')]), line.receipt.date);
    await refusedXlsx(dept, '/api/v1/payment-batches/999999/payments.xlsx', 404, 'not_found');
  });

  /** The filtered list (GET path?q) and its workbook (path.xlsx?q) hold the same items, in order: the first column is the id. */
  async function agree(c, path, q) {
    const list = (await ok(c.get(`${path}?${q}`))).items;
    const book = await sheet(c, `${path}.xlsx?${q}`);
    assert.deepEqual(book.body.map((x) => x[0]), list.map((x) => x.id), `${path}?${q}: the list and the workbook`);
    return list;
  }

  test('loans and recoveries: the list filters by status and overdue, the workbook the same', async () => {
    // a loan lent today beside the demo's overdue one
    const t01 = org('T01');
    const fund = await ok(town.post('/api/v1/funds', { org_id: t01.id }));
    const today = new Date().toISOString().slice(0, 10);
    await ok(town.post(`/api/v1/funds/${fund.id}/income`, { source: 'finance', amount_fen: 500000, date: today }), 201);
    const member = (await ok(town.get('/api/v1/members?size=1'))).items[0];
    await ok(town.post('/api/v1/loans', { org_id: t01.id, member_id: member.id, principal_fen: 100000, rate_bp: 0, months: 6, purpose: '种植茶叶' }), 201);
    const loans = (await ok(dept.get('/api/v1/loans'))).items;
    const l = await sheet(dept, '/api/v1/loans.xlsx');
    assert.equal(l.body.length, loans.length);
    assert.equal(l.body[0][col(l, '状态')], { active: '还款中', repaid: '已还清' }[loans.find((x) => x.id === l.body[0][0]).status]);
    assert.equal(l.body[0][col(l, '未还本金（元）')], loans.find((x) => x.id === l.body[0][0]).outstanding_principal_fen / 100);
    for (const status of ['active', 'repaid']) {
      const some = await agree(dept, '/api/v1/loans', `status=${status}`);
      assert.deepEqual(some.map((x) => x.id), loans.filter((x) => x.status === status).map((x) => x.id), status);
    }
    // overdue=1: the loans of GET /loans/overdue (an instalment late), no other
    const late = new Set((await ok(dept.get('/api/v1/loans/overdue'))).items.map((x) => x.loan_id));
    assert.ok(late.size > 0 && late.size < loans.length, 'overdue and not');
    const overdue = await agree(dept, '/api/v1/loans', 'overdue=1');
    assert.deepEqual(overdue.map((x) => x.id).sort(), [...late].sort());
    assert.deepEqual((await agree(dept, '/api/v1/loans', 'overdue=1&status=repaid')).map((x) => x.id), []);
    for (const q of ['overdue=2', 'status=late']) {
      await refused(dept.get(`/api/v1/loans?${q}`), 400, null, 'invalid_field');
      await refusedXlsx(dept, `/api/v1/loans.xlsx?${q}`, 400, 'invalid_field');
    }
    const recs = (await ok(dept.get('/api/v1/recoveries'))).items;
    const r = await sheet(dept, '/api/v1/recoveries.xlsx');
    assert.equal(r.body.length, recs.length);
    assert.ok(recs.length > 0);
    assert.equal(r.body[0][col(r, '尚欠（元）')], recs[0].outstanding_fen / 100);
    assert.equal(r.body[0][col(r, '认定事由')], recs[0].finding);
    for (const status of ['open', 'settled', 'written_off']) {
      const some = await agree(dept, '/api/v1/recoveries', `status=${status}`);
      assert.deepEqual(some.map((x) => x.id), recs.filter((x) => x.status === status).map((x) => x.id), status);
    }
    assert.ok((await agree(dept, '/api/v1/recoveries', 'status=open')).length < recs.length || recs.every((x) => x.status === 'open'));
    await refused(dept.get('/api/v1/recoveries?status=paid'), 400, null, 'invalid_field');
    await refusedXlsx(dept, '/api/v1/recoveries.xlsx?status=paid', 400, 'invalid_field');
  });

  test('round progress: a column per state, named in Chinese', async () => {
    const round = (await ok(dept.get('/api/v1/rounds'))).items.find((x) => x.status === 'open');
    const prog = await ok(dept.get(`/api/v1/rounds/${round.id}/progress`));
    const s = await sheet(dept, `/api/v1/rounds/${round.id}/progress.xlsx`);
    assert.equal(s.body.length, prog.items.length);
    assert.equal(s.head[0], '组织');
    assert.ok(s.head.includes('公示中') && s.head.includes('组织部已审批备案') && !s.head.includes('in_notice'));
    const t = prog.items.find((x) => x.total > 0);
    const row = s.body.find((x) => x[0] === t.org_name);
    assert.equal(row[col(s, '合计')], t.total);
    assert.equal(row[col(s, '公示中')], t.by_state.in_notice);
    await refusedXlsx(branch, `/api/v1/rounds/${round.id}/progress.xlsx?org=${org('T02').id}`, 404, 'not_found');
  });

  test('to-do: every item, and the console\'s tabs as filters', async () => {
    const todo = (await ok(town.get('/api/v1/todo'))).items;
    const s = await sheet(town, '/api/v1/todo.xlsx');
    assert.equal(s.body.length, todo.length);
    assert.ok(todo.length > 0);
    assert.equal(s.body[0][col(s, '事项')], todo[0].title);
    assert.equal(s.body[0][col(s, '类别')], { case: '待办案件', notice: '公示待结束', objection: '异议待处理', paperwork: '先发后补待补材料', receipt: '发放待签收', loan: '借款逾期' }[todo[0].kind]);
    // the tabs are the list's own filters (GET /todo?kind=&overdue=); the workbook says the same items
    const titles = async (q) => {
      const a = await ok(town.get(`/api/v1/todo?${q}`));
      const b = await sheet(town, `/api/v1/todo.xlsx?${q}`);
      assert.deepEqual(b.body.map((x) => x[col(b, '事项')]), a.items.map((x) => x.title), q);
      assert.deepEqual(a.counts, (await ok(town.get('/api/v1/todo'))).counts, 'the counts are of the whole list');
      return a.items;
    };
    const kinds = [...new Set(todo.map((x) => x.kind))];
    assert.ok(kinds.length > 1, `more than one kind: ${kinds}`);
    for (const kind of kinds) assert.deepEqual((await titles(`kind=${kind}`)).map((x) => x.title), todo.filter((x) => x.kind === kind).map((x) => x.title), kind);
    const late = await titles('overdue=1');
    assert.deepEqual(late.map((x) => x.title), todo.filter((x) => x.overdue).map((x) => x.title));
    assert.ok(late.length > 0 && late.length < todo.length, 'overdue and not');
    assert.deepEqual((await titles('kind=case&overdue=1')).map((x) => x.title), todo.filter((x) => x.kind === 'case' && x.overdue).map((x) => x.title));
    await refused(town.get('/api/v1/todo?kind=loans'), 400, null, 'invalid_field');
    await refusedXlsx(town, '/api/v1/todo.xlsx?overdue=yes', 400, 'invalid_field');
  });

  test('users: role names in Chinese; refused like the list', async () => {
    const users = (await ok(admin.get('/api/v1/users'))).items;
    const s = await sheet(admin, '/api/v1/users.xlsx');
    assert.equal(s.body.length, users.length);
    const row = s.body.find((x) => x[0] === 'town01');
    assert.equal(row[col(s, '角色')], '党(工)委');
    assert.equal(row[col(s, '启用')], '是');
    await refusedXlsx(branch, '/api/v1/users.xlsx', 403, 'forbidden');
  });
});

describe('bangfu member export --format xlsx', () => {
  test('by --format or the .xlsx name; --reveal audited; --help names it', async () => {
    const help = cli(['member', 'export', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--format/);
    const out = join(db.dir, 'cli.xlsx');
    let r = cli(['member', 'export', ...db.g, '--org', 'T01V01', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const s = readSheet(Buffer.from(execFileSync('cat', [out])));
    const list = await ok(admin.get(`/api/v1/members?org=${org('T01V01').id}&size=200`));
    assert.equal(s.body.length, list.total);
    assert.match(s.body[0][col(s, '身份证号码')], /\*{8}/);
    const out2 = join(db.dir, 'cli-revealed.dat');
    r = cli(['member', 'export', ...db.g, '--org', 'T01V01', '--format', 'xlsx', '--reveal', '--out', out2]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /审计日志/);
    const s2 = readSheet(Buffer.from(execFileSync('cat', [out2])));
    assert.match(s2.body[0][col(s2, '身份证号码')], /^\d{17}[\dX]$/);
    const a = (await ok(admin.get('/api/v1/audit?size=3'))).items.find((x) => x.action === 'reveal');
    assert.equal(a.detail.via, 'cli');
    assert.equal(a.detail.rows, list.total);
    r = cli(['member', 'export', ...db.g, '--format', 'xlsx']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--out/);
    r = cli(['member', 'export', ...db.g, '--format', 'pdf', '--out', join(db.dir, 'x.pdf')]);
    assert.equal(r.status, 2);
    assert.ok(!existsSync(join(db.dir, 'x.pdf')));
    r = cli(['member', 'export', ...db.g, '--org', 'NOPE', '--out', join(db.dir, 'nope.xlsx')]);
    assert.notEqual(r.status, 0);
    assert.ok(!existsSync(join(db.dir, 'nope.xlsx')));
  });
});

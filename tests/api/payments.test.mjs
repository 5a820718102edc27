// payments.test.mjs - money out of the fund (issue #4) over HTTP against a
// real `bangfu serve` (SQLite by default; PostgreSQL when BANGFU_TEST_PG is
// set): a yearly round taken through the procedure and paid end to end in a
// batch of the committee, with the policy's cost sharing (70% committee /
// 30% the branch level) and the department's allocations down the tree;
// the whole batch refused while a fund is short; receipts with a scanned
// copy; a pay-first emergency; the statement reconciling; a gift; a loan
// with its schedule, overdue instalment and repayments; a recovery repaid
// in part and written off by the department; and `bangfu ledger verify`.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openScenario, ok, refused, step, DOSSIER, sanitizerEnv, cli, idNumber } from '../lib/harness.mjs';

let db, stage; // the server, moved from day to day (BANGFU_TODAY)
const S = {};

// The command line with the sanitizers' suppressions (harness.mjs).
function bangfu(args) {
  return cli(args, { env: { ...process.env, ...sanitizerEnv(db.dir, 'leak:libfontconfig.so') } });
}

const PDF = Buffer.from('%PDF-1.4\n% 签收单\n1 0 obj<<>>endobj\n%%EOF\n');

async function income(c, orgId, fen, date, source = 'finance') {
  const f = await ok(c.post('/api/v1/funds', { org_id: orgId }));
  await ok(c.post(`/api/v1/funds/${f.id}/income`, { source, amount_fen: fen, date }), 201);
  return f.id;
}

async function balance(c, orgId) {
  const f = await ok(c.post('/api/v1/funds', { org_id: orgId }));
  return f.balance_fen;
}

let admin, dept, town, branch, other, auditor;

before(async () => {
  let org;
  ({ db, stage, admin, dept, town, branch, auditor, other, org } = await openScenario({ day: '2024-02-01' }));
  [S.dept, S.branchOrg, S.townOrg, S.otherOrg] = [org.dept, org.branch, org.town, org.other];
  // four members of the branch: the demo's and some of our own
  const ms = (await ok(admin.get(`/api/v1/members?org=${S.branchOrg.id}&size=10`))).items.map((m) => m.id);
  const names = ['王建国', '刘秀英', '陈德明', '赵春生'];
  for (let i = 0; ms.length < 4; i++) {
    const m = await ok(admin.post('/api/v1/members', { name: names[i], ethnicity: '汉族', joined_on: '1980-07-01', id_number: idNumber('330702', '19580402', String(300 + i)), phone: `1381234${String(5670 + i)}`, household_type: '农业', household_size: 3, address: '城关镇东风村1组2号', education: '初中', member_type: '普通党员', org_id: S.branchOrg.id }), 201);
    ms.push(m.id);
  }
  [S.mA, S.mB, S.mC, S.mD] = ms;
});

after(async () => {
  if (stage) await stage.stop();
  db.cleanup();
});

describe('a yearly round paid end to end', () => {
  test('the procedure up to screening (2024-02-01 … 02-21)', async () => {
    S.round = (await ok(dept.post('/api/v1/rounds', { year: 2024 }), 201)).id;
    S.cases = [];
    for (const m of [S.mA, S.mB]) {
      const c = await ok(branch.post('/api/v1/cases', { member_id: m, kind: 'yearly', round_id: S.round, conditions: ['serious_illness'], causes: ['illness'], situation: '本人患重病，家庭收入微薄', household_size: 3, labour_capacity: false, income_fen: 800000 }), 201);
      S.cases.push(c.id);
    }
    await stage.day('2024-02-08');
    for (const id of S.cases) {
      await ok(step(branch, id, 'investigate', { investigation_on: '2024-02-02', investigators: '张三、李四', investigation: '入户查看，情况属实' }));
      await ok(step(branch, id, 'appraise', { appraisal_on: '2024-02-05', expected: 30, present: 28, votes_for: 25, votes_against: 2, votes_abstain: 1, appraisal_minutes: '同意列为帮扶对象' }));
      await ok(step(branch, id, 'decide', { decision_on: '2024-02-07', decision_minutes: '支委会研究同意' }));
    }
    await ok(branch.post('/api/v1/notices', { org_id: S.branchOrg.id, kind: 'yearly' }), 201);
    await stage.day('2024-02-21');
    for (const id of S.cases) {
      await ok(step(branch, id, 'close_notice'));
      await ok(branch.post(`/api/v1/cases/${id}/dossier`, { items: DOSSIER }));
      await ok(step(branch, id, 'submit'));
      await ok(step(town, id, 'review'));
    }
    assert.equal((await ok(dept.post('/api/v1/cases/approve', { org_id: S.townOrg.id, case_ids: S.cases }))).approved, 2);
    // approved, not screened: nothing to pay yet
    await refused(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id }), 409, /没有可发放/, 'conflict');
    await refused(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id, case_ids: [S.cases[0]] }), 409, /程序筛查/);
    for (const id of S.cases) {
      await ok(step(town, id, 'enter_screening'));
      const c = await ok(step(town, id, 'screen_pass', { screening_result: '系统筛查通过，无重复救助' }));
      assert.equal(c.state, 'screened');
    }
  });

  test('the preview: amounts, cost sharing, allocations; roles and scope', async () => {
    await refused(branch.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id }), 403, null, 'forbidden');
    await refused(auditor.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id }), 403);
    await refused(dept.post('/api/v1/payment-batches/preview', {}), 400, /党\(工\)委/, 'missing_field');
    await refused(dept.post('/api/v1/payment-batches/preview', { org_id: S.branchOrg.id }), 400, /不是党\(工\)委/);
    await refused(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id, method: 'cheque' }), 400, /现金/);
    await refused(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id, value_date: '2024-02-22' }), 400, /晚于今天/);
    await refused(town.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id, payer: 'department' }), 403, /组织部/);
    const p = await ok(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id, value_date: '2024-02-21' }));
    assert.equal(p.id, null);
    assert.equal(p.payer, 'department');
    assert.equal(p.count, 2);
    assert.equal(p.total_fen, 120000);
    for (const l of p.lines) {
      assert.equal(l.amount_fen, 60000);
      assert.deepEqual(l.shares.map((s) => [s.org_id, s.amount_fen]), [[S.townOrg.id, 42000], [S.branchOrg.id, 18000]]);
      assert.equal(l.shares.reduce((a, s) => a + s.amount_fen, 0), l.amount_fen);
    }
    assert.deepEqual(p.allocations.map((a) => [a.from_org_id, a.to_org_id, a.amount_fen]), [[S.dept.id, S.townOrg.id, 120000], [S.townOrg.id, S.branchOrg.id, 36000]]);
  });

  test('a short fund refuses the whole batch, naming it and its balance', async () => {
    await income(dept, S.dept.id, 100000, '2024-01-15');
    const e = await refused(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id }), 409, /基金余额不足/, 'insufficient_funds');
    assert.match(e.message, /帮扶基金/);
    assert.match(e.message, /1,000/);
    for (const id of S.cases) assert.equal((await ok(dept.get(`/api/v1/cases/${id}`))).state, 'screened');
    assert.equal((await ok(dept.get('/api/v1/payment-batches'))).items.length, 0);
    assert.equal(await balance(dept, S.dept.id), 100000);
  });

  test('the preview judges each account as the ledger does: cash does not cover a payment out of the bank', async () => {
    // cash + bank = 6,000.00 covers the 1,200.00 allocated down, but it leaves the bank
    const fund = await ok(dept.post('/api/v1/funds', { org_id: S.dept.id }));
    const cash = await ok(dept.post(`/api/v1/funds/${fund.id}/income`, { source: 'dues', amount_fen: 500000, date: '2024-02-20', method: 'cash' }), 201);
    assert.equal(await balance(dept, S.dept.id), 600000);
    const p = await ok(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id }));
    assert.deepEqual(
      p.shortfalls.map((f) => [f.org_id, f.account, f.account_name, f.balance_fen, f.need_fen, f.short_fen]),
      [[S.dept.id, 'bank', '银行存款', 100000, 120000, 20000]],
    );
    assert.match(p.shortfalls[0].message, /帮扶基金银行存款余额不足，还差 200\.00 元/);
    // and posting refuses it, naming the same account
    const e = await refused(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id }), 409, /基金余额不足/, 'insufficient_funds');
    assert.match(e.message, /银行存款/);
    // paid in cash, the department still allocates from its bank, and the town and branch have no cash
    const c = await ok(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id, method: 'cash' }));
    assert.deepEqual(
      c.shortfalls.map((f) => [f.org_id, f.account, f.short_fen]).sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])),
      [[S.dept.id, 'bank', 20000], [S.townOrg.id, 'cash', 84000], [S.branchOrg.id, 'cash', 36000]].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])),
    );
    await refused(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id, method: 'cash' }), 409, /基金余额不足/, 'insufficient_funds');
    // the cash taken back: the statement below sees the dues once, in the bank
    await ok(dept.post(`/api/v1/postings/${cash.id}/reverse`, { reason: '改为银行存款入账' }), 201);
    assert.equal(await balance(dept, S.dept.id), 100000);
    assert.equal((await ok(dept.get('/api/v1/payment-batches'))).items.length, 0);
  });

  test('confirmed: posted all at once, the cases paid through the procedure', async () => {
    await income(dept, S.dept.id, 500000, '2024-02-20', 'dues');
    const b = await ok(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id, memo: '2024 年度生活困难党员帮扶' }), 201);
    assert.ok(b.id > 0);
    assert.equal(b.batch_ref, `pay-${b.id}`);
    assert.equal(b.total_fen, 120000);
    S.batch = b.id;
    for (const id of S.cases) {
      const c = await ok(dept.get(`/api/v1/cases/${id}`));
      assert.equal(c.state, 'paid');
      const tl = (await ok(branch.get(`/api/v1/cases/${id}/timeline`))).items;
      assert.equal(tl[tl.length - 1].event, 'pay');
    }
    assert.equal(await balance(dept, S.dept.id), 600000 - 120000);
    assert.equal(await balance(dept, S.townOrg.id), 0);
    assert.equal(await balance(dept, S.branchOrg.id), 0);
    // the postings carry the batch reference
    const fundT = await ok(dept.post('/api/v1/funds', { org_id: S.townOrg.id }));
    const ps = await ok(dept.get(`/api/v1/funds/${fundT.id}/postings?batch=pay-${b.id}`));
    assert.equal(ps.items.filter((p) => p.kind === 'payment').length, 2);
    const pay = ps.items.find((p) => p.kind === 'payment')
    await refused(dept.post(`/api/v1/postings/${pay.id}/reverse`, { reason: '金额有误' }), 409, /资金拨付第 \d+ 批/);
    const got = await ok(town.get(`/api/v1/payment-batches/${b.id}`));
    assert.equal(got.payments.length, 2);
    for (const pm of got.payments) {
      assert.equal(pm.shares.reduce((a, s) => a + s.amount_fen, 0), pm.amount_fen, 'a stored payment\'s shares carry amount_fen, as the preview');
    }
    await refused(other.get(`/api/v1/payment-batches/${b.id}`), 404);
    await refused(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id }), 409, /没有可发放/);
  });

  test('receipts: date, method, who handed over, thumbprint; the scanned receipt', async () => {
    const list = await ok(branch.get(`/api/v1/cases/${S.cases[0]}/payments`));
    assert.equal(list.items.length, 1);
    const pm = list.items[0];
    assert.equal(pm.amount_fen, 60000);
    assert.equal(pm.receipt, null);
    assert.equal(pm.paperwork, null);
    S.payment = pm.id;
    // both payments wait for their receipts on the branch's and committee's to-do lists
    let todo = await ok(branch.get('/api/v1/todo'));
    assert.equal(todo.counts.receipts, 2);
    const ri = todo.items.find((t) => t.kind === 'receipt' && t.payment_id === pm.id);
    assert.equal(ri.case_id, S.cases[0]);
    assert.match(ri.title, /待登记签收/);
    assert.equal(todo.items[todo.items.length - 1].kind, 'receipt', 'no due date: last');
    assert.equal((await ok(town.get('/api/v1/todo?counts_only=1'))).counts.receipts, 2);
    assert.equal((await ok(dept.get('/api/v1/todo'))).counts.receipts, 0);
    await refused(other.get(`/api/v1/cases/${S.cases[0]}/payments`), 404);
    await refused(branch.post(`/api/v1/payments/${pm.id}/receipt`, { method: 'cash', handed_by: '李书记', signed_by: 'thumbprint' }), 400, /签收日期/, 'missing_field');
    await refused(branch.post(`/api/v1/payments/${pm.id}/receipt`, { date: '2024-02-22', method: 'cash', handed_by: '李书记', signed_by: 'thumbprint' }), 400, /晚于今天/);
    await refused(branch.post(`/api/v1/payments/${pm.id}/receipt`, { date: '2024-02-21', method: 'cash', handed_by: '李书记', signed_by: 'stamp' }), 400, /按手印/);
    const r = await ok(branch.post(`/api/v1/payments/${pm.id}/receipt`, { date: '2024-02-21', method: 'cash', handed_by: '李书记', signed_by: 'thumbprint', note: '本人不识字，按手印' }));
    assert.deepEqual([r.receipt.date, r.receipt.method, r.receipt.handed_by, r.receipt.signed_by], ['2024-02-21', 'cash', '李书记', 'thumbprint']);
    await refused(branch.post(`/api/v1/payments/${pm.id}/receipt`, { date: '2024-02-21', method: 'bank', handed_by: '王五', signed_by: 'signature' }), 409, /重复/);
    todo = await ok(branch.get('/api/v1/todo'));
    assert.equal(todo.counts.receipts, 1);
    assert.ok(!todo.items.some((t) => t.kind === 'receipt' && t.payment_id === pm.id));
    const h = { Cookie: branch.cookie, 'X-CSRF-Token': branch.csrf, 'Content-Type': 'application/pdf', 'X-Filename': encodeURIComponent('签收单.pdf') };
    let up = await fetch(`${branch.base}/api/v1/payments/${pm.id}/receipt/scan`, { method: 'POST', headers: { ...h, 'Content-Type': 'text/plain' }, body: PDF });
    assert.equal(up.status, 400);
    up = await fetch(`${branch.base}/api/v1/payments/${pm.id}/receipt/scan`, { method: 'POST', headers: h, body: PDF });
    const scanned = await up.json();
    assert.equal(up.status, 201, JSON.stringify(scanned));
    assert.ok(scanned.receipt_attachment_id > 0);
    const at = (await ok(branch.get(`/api/v1/cases/${S.cases[0]}/attachments`))).items.find((a) => a.id === scanned.receipt_attachment_id);
    assert.equal(at.kind, 'receipt');
    assert.match(at.sha256, /^[0-9a-f]{64}$/);
  });

  test('the statement reconciles (department and committee)', async () => {
    const s = await ok(dept.get(`/api/v1/statements?org=${S.dept.id}&from=2024-01-01&to=2024-12-31`));
    assert.equal(s.opening_fen, 0);
    assert.equal(s.income_total_fen, 600000);
    assert.deepEqual(s.income.map((r) => [r.account, r.amount_fen]).sort(), [['dues', 500000], ['finance', 100000]]);
    assert.deepEqual(s.expense.map((r) => [r.account, r.amount_fen]), [['allocation_down', 120000]]);
    assert.equal(s.opening_fen + s.income_total_fen - s.expense_total_fen, s.closing_fen);
    assert.equal(s.closing_fen, 480000);
    const feb = await ok(dept.get(`/api/v1/statements?org=${S.dept.id}&from=2024-02-01&to=2024-02-29`));
    assert.equal(feb.opening_fen, 100000);
    const t = await ok(town.get(`/api/v1/statements?org=${S.townOrg.id}&from=2024-01-01&to=2024-12-31`));
    assert.equal(t.income_total_fen, 120000);
    assert.equal(t.closing_fen, 0);
    await refused(other.get(`/api/v1/statements?org=${S.townOrg.id}&from=2024-01-01&to=2024-12-31`), 404);
    // an organisation without a fund yet: all zero
    const none = await ok(other.get(`/api/v1/statements?org=${S.otherOrg.id}&from=2024-01-01&to=2024-12-31`));
    assert.deepEqual([none.opening_fen, none.income_total_fen, none.expense_total_fen, none.closing_fen, none.fund_id], [0, 0, 0, 0, 0]);
    assert.match(none.fund_name, /帮扶基金$/);
    await refused(dept.get(`/api/v1/statements?org=${S.dept.id}&from=2024-12-31&to=2024-01-01`), 400, /截止日期/);
    await refused(dept.get(`/api/v1/statements?org=${S.dept.id}&to=2024-01-01`), 400, /起始日期/, 'missing_field');
  });
});

describe('the fund\'s documents', () => {
  async function download(c, path) {
    const r = await fetch(c.base + path, { headers: { Cookie: c.cookie } });
    return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
  }

  test('the public fund notice as PDF (pdftotext finds its figures)', async () => {
    const r = await download(dept, `/api/v1/statements/document?org=${S.dept.id}&from=2024-01-01&to=2024-12-31`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), /inline; filename=/);
    assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
    const file = join(db.dir, 'fund.pdf');
    writeFileSync(file, r.body);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.match(text, /帮扶基金收支情况公示/);
    assert.match(text, /期初余额/);
    assert.match(text, /党费\s+5,000\.00/);
    assert.match(text, /向下级拨款\s+1,200\.00/);
    assert.match(text, /期末余额\s+4,800\.00/);
    const bad = await download(other, `/api/v1/statements/document?org=${S.dept.id}&from=2024-01-01&to=2024-12-31`);
    assert.equal(bad.status, 404);
  });

  test('the postings as XLSX (the sheet XML holds every line)', async () => {
    const r = await download(town, `/api/v1/statements/postings?org=${S.townOrg.id}&from=2024-01-01&to=2024-12-31`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /spreadsheetml/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename=/);
    const file = join(db.dir, 'postings.xlsx');
    writeFileSync(file, r.body);
    const wb = execFileSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' });
    assert.match(wb, /凭证明细/);
    assert.match(wb, /收支情况/);
    const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
    assert.match(strings, /帮扶发放/);
    assert.match(strings, /上级拨入/);
    assert.match(strings, /生活困难帮扶/);
    const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    // 1 allocation in (2 lines) + 1 allocation out (2) + 2 payments (4) + the header
    assert.equal((sheet.match(/<row /g) || []).length, 9);
    assert.match(sheet, /<v>420<\/v>/); // 420.00 yuan: the committee's part
  });

  test('bangfu fund statement: text, PDF and XLSX; --help', async () => {
    const help = bangfu(['fund', 'statement', '--help', ...db.g]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--org/);
    const txt = bangfu(['fund', 'statement', ...db.g, '--org', String(S.dept.id), '--from', '2024-01-01', '--to', '2024-12-31']);
    assert.equal(txt.status, 0, txt.stderr);
    assert.match(txt.stdout, /期末余额\t4,800\.00/);
    const pdf = join(db.dir, 'cli.pdf');
    let r = bangfu(['fund', 'statement', ...db.g, '--org', S.townOrg.code, '--from', '2024-01-01', '--to', '2024-12-31', '--out', pdf, '--issuer', '中共城关镇委员会', '--date', '2024-12-31']);
    assert.equal(r.status, 0, r.stderr);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /中共城关镇委员会/);
    assert.match(text, /2024年12月31日/);
    // the chain heads, for keeping outside the database (pdftotext may
    // break the hashes across lines)
    const flat = text.replace(/\s+/g, '');
    const audit = bangfu(['audit', 'head', ...db.g]).stdout.trim();
    assert.match(audit, /^\d+:[0-9a-f]{64}$/);
    assert.ok(flat.includes(`审计日志${audit}`), flat.slice(-400));
    const heads = bangfu(['ledger', 'head', ...db.g]).stdout;
    const fund = heads.split('\n').map((l) => l.split('\t')).find((f) => flat.includes(`基金${f[0]}账簿${f[1]}`));
    assert.ok(fund, `a fund's ledger head on the notice: ${heads}`);
    assert.equal(bangfu(['ledger', 'verify', '--fund', fund[0], '--head', fund[1], ...db.g]).status, 0);
    const xlsx = join(db.dir, 'cli.xlsx');
    r = bangfu(['fund', 'statement', ...db.g, '--org', String(S.townOrg.id), '--from', '2024-01-01', '--to', '2024-12-31', '--out', xlsx]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(xlsx));
    r = bangfu(['fund', 'statement', ...db.g, '--org', String(S.townOrg.id), '--from', '2024-01-01', '--to', '2024-12-31', '--out', join(db.dir, 'x.doc')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\.pdf 或 \.xlsx/);
    assert.ok(!existsSync(join(db.dir, 'x.doc')));
    r = bangfu(['fund', 'statement', ...db.g, '--org', String(S.townOrg.id)]);
    assert.equal(r.status, 2);
  });
});

describe('a pay-first emergency', () => {
  test('paid at once, still waiting for screening and its paperwork', async () => {
    const c = await ok(branch.post('/api/v1/cases', { member_id: S.mC, kind: 'emergency', loss_type: 'major_loss', conditions: ['accident_disaster'], causes: ['disaster'], situation: '房屋因暴雨倒塌', requested_fen: 150000 }), 201);
    S.em = c.id;
    const decided = await ok(step(dept, S.em, 'pay_first', { paperwork_due: '2024-03-15', reason: '房屋倒塌，一家四口无处安身，急需救助', approved_fen: 150000 }));
    assert.equal(decided.paid_first, false, 'decided, not paid yet');
    assert.equal(decided.payment, null);
    // the next step for its reader: the department pays, the others wait for it
    assert.equal(decided.next_step.level, 'department');
    assert.equal(decided.next_step.yours, true);
    assert.match(decided.next_step.text, /^下一步：请您先行发放资金/);
    const seen = await ok(town.get(`/api/v1/cases/${S.em}`));
    assert.equal(seen.next_step.yours, false);
    assert.match(seen.next_step.text, /^下一步：等待组织部先行发放资金/);
    const p = await ok(dept.post('/api/v1/payment-batches/preview', { org_id: S.townOrg.id }));
    assert.deepEqual(p.lines.map((l) => [l.case_id, l.pay_first, l.amount_fen]), [[S.em, true, 150000]]);
    // paid at once from the case page: a batch of this case alone for its committee
    await refused(branch.post(`/api/v1/cases/${S.em}/payments`, {}), 403);
    await refused(dept.post(`/api/v1/cases/${S.cases[0]}/payments`, {}), 409, /已经发放过/);
    const b = await ok(dept.post(`/api/v1/cases/${S.em}/payments`, { method: 'bank' }), 201);
    assert.equal(b.org_id, S.townOrg.id);
    assert.equal(b.count, 1);
    assert.equal(b.total_fen, 150000);
    const after = await ok(dept.get(`/api/v1/cases/${S.em}`));
    assert.equal(after.state, 'approved');
    // the case says it was paid first: amount, date, its payment; the paperwork due
    assert.equal(after.paid_first, true);
    assert.deepEqual(after.payment, { id: after.payment.id, batch_id: b.id, amount_fen: 150000, paid_on: b.value_date });
    assert.equal(after.paperwork_due, '2024-03-15');
    const listed = (await ok(town.get('/api/v1/cases?kind=emergency'))).items.find((x) => x.id === S.em);
    assert.equal(listed.paid_first, true, 'in the list too');
    assert.equal(listed.payment.amount_fen, 150000);
    // now the committee screens it: the hint says so to each reader
    const hint = async (c) => (await ok(c.get(`/api/v1/cases/${S.em}`))).next_step;
    let h = await hint(town);
    assert.deepEqual([h.level, h.yours], ['committee', true]);
    assert.match(h.text, /^下一步：请您录入救助系统进行程序筛查（资金已先行发放）/);
    h = await hint(dept);
    assert.equal(h.yours, false);
    assert.match(h.text, /^下一步：等待党\(工\)委录入救助系统/);
    assert.match((await hint(branch)).text, /^下一步：等待党\(工\)委/);
    assert.equal((await hint(auditor)).yours, false);
    assert.equal((await hint(admin)).yours, true, 'the administrator may take any step');
    const pm = (await ok(dept.get(`/api/v1/cases/${S.em}/payments`))).items;
    assert.equal(pm.length, 1);
    assert.equal(pm[0].pay_first, true);
    assert.deepEqual(pm[0].paperwork, { due_on: '2024-03-15', done: false });
    const tl = (await ok(dept.get(`/api/v1/cases/${S.em}/timeline`))).items;
    assert.equal(tl[tl.length - 1].event, 'pay');
    const todo = await ok(branch.get('/api/v1/todo'));
    assert.ok(todo.items.some((t) => t.kind === 'paperwork' && t.case_id === S.em), 'the missing paperwork stays on the to-do list');
    // screened later: passing the screening makes it paid, with no batch and no money
    const before = await balance(dept, S.dept.id);
    const nbatches = (await ok(dept.get('/api/v1/payment-batches'))).items.length;
    const inScreening = await ok(step(town, S.em, 'enter_screening'));
    assert.match(inScreening.next_step.text, /^下一步：请您录入筛查结果（资金已先行发放/);
    const passed = await ok(step(town, S.em, 'screen_pass', { screening_result: '通过' }));
    assert.equal(passed.state, 'paid');
    assert.equal(passed.paid_first, true);
    assert.equal(passed.payment.amount_fen, 150000);
    const last = (await ok(dept.get(`/api/v1/cases/${S.em}/timeline`))).items.at(-1);
    assert.deepEqual([last.event, last.from_state, last.to_state], ['screen_pass', 'screening', 'paid']);
    assert.equal(await balance(dept, S.dept.id), before);
    assert.equal((await ok(dept.get('/api/v1/payment-batches'))).items.length, nbatches, 'no new batch');
    // nothing left to pay: no batch at all, never an empty one
    await refused(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id }), 409, /没有可发放/);
    await refused(dept.post('/api/v1/payment-batches', { org_id: S.townOrg.id, case_ids: [S.em] }), 409, /已经发放过/);
    assert.ok((await ok(dept.get('/api/v1/payment-batches'))).items.every((x) => x.count > 0), 'no empty batch listed');
    // paid, paperwork missing: the branch completes it, then the department verifies
    h = await hint(branch);
    assert.deepEqual([h.level, h.yours], ['branch', true]);
    assert.match(h.text, /^下一步：请您补齐先发后补的手续/);
    assert.match((await hint(dept)).text, /^下一步：等待党支部补齐/);
    // the paperwork completed: the payment shows it
    await ok(branch.post(`/api/v1/cases/${S.em}/dossier`, { items: DOSSIER }));
    await ok(branch.post(`/api/v1/cases/${S.em}/paperwork`));
    const done = (await ok(branch.get(`/api/v1/cases/${S.em}/payments`))).items[0];
    assert.deepEqual(done.paperwork, { due_on: '2024-03-15', done: true });
  });
});

describe('gifts, loans, recovery', () => {
  test('a gift on a visit posts to the ledger', async () => {
    await income(town, S.townOrg.id, 50000, '2024-02-21', 'admin');
    const g = await ok(town.post('/api/v1/gifts', { org_id: S.townOrg.id, member_id: S.mA, amount_fen: 20000, memo: '春节走访慰问' }), 201);
    assert.equal(g.kind, 'gift');
    assert.match(g.memo, /春节走访慰问/);
    await refused(town.post('/api/v1/gifts', { org_id: S.townOrg.id, member_id: S.mA, amount_fen: 0 }), 400);
    await refused(other.post('/api/v1/gifts', { org_id: S.townOrg.id, member_id: S.mA, amount_fen: 100 }), 404);
  });

  test('a start-up loan: schedule, lending, overdue, repayments', async () => {
    const sch = await ok(branch.post('/api/v1/loans/schedule', { principal_fen: 120000, rate_bp: 360, months: 12, start_on: '2024-02-21' }));
    assert.equal(sch.instalments.length, 12);
    assert.equal(sch.instalments[0].due_on, '2024-03-21');
    assert.equal(sch.instalments.reduce((a, i) => a + i.principal_fen, 0), 120000);
    await refused(branch.post('/api/v1/loans', { org_id: S.branchOrg.id, member_id: S.mD, principal_fen: 120000, rate_bp: 360, months: 12, purpose: '养殖肉牛' }), 409, /基金余额不足/);
    await income(branch, S.branchOrg.id, 200000, '2024-02-21', 'admin');
    const l = await ok(branch.post('/api/v1/loans', { org_id: S.branchOrg.id, member_id: S.mD, principal_fen: 120000, rate_bp: 360, months: 12, purpose: '养殖肉牛' }), 201);
    assert.equal(l.status, 'active');
    assert.equal(l.instalments.length, 12);
    assert.equal(l.instalments[0].interest_fen, 360);
    S.loan = l.id;
    await refused(other.get(`/api/v1/loans/${l.id}`), 404);
    await stage.day('2024-04-01');
    const od = await ok(town.get('/api/v1/loans/overdue'));
    assert.deepEqual(od.items.map((i) => [i.loan_id, i.no, i.outstanding_fen]), [[l.id, 1, 10360]]);
    // on the to-do page too, among the overdue items; not the auditor's
    const todo = await ok(branch.get('/api/v1/todo'));
    const item = todo.items.find((t) => t.kind === 'loan');
    assert.equal(item.loan_id, l.id);
    assert.equal(item.due_on, '2024-03-21');
    assert.equal(item.overdue, true);
    assert.match(item.title, /第 1 期逾期/);
    assert.equal(todo.counts.loans, 1);
    // the overdue items come first (so the loan, overdue, is among them)
    const overdue = todo.items.map((t) => t.overdue === true);
    assert.deepEqual(overdue, [...overdue].sort((a, b) => b - a));
    assert.equal((await ok(branch.get('/api/v1/todo?counts_only=1'))).counts.loans, 1);
    assert.equal((await ok(auditor.get('/api/v1/todo'))).counts.loans, 0);
    const r = await ok(branch.post(`/api/v1/loans/${l.id}/repayments`, { amount_fen: 10360, method: 'cash' }), 201);
    assert.equal(r.instalments[0].paid_on, '2024-04-01');
    assert.equal(r.repaid_interest_fen, 360);
    assert.equal((await ok(town.get('/api/v1/loans/overdue'))).items.length, 0);
    assert.equal((await ok(branch.get('/api/v1/todo'))).counts.loans, 0);
    await refused(branch.post(`/api/v1/loans/${l.id}/repayments`, { amount_fen: 99999999 }), 400, /尚欠/);
  });

  test('recovery: a finding, a repayment, the department\'s write-off', async () => {
    await refused(town.post('/api/v1/recoveries', { case_id: S.cases[1], amount_fen: 30000, finding: '瞒报收入' }), 403);
    await refused(dept.post('/api/v1/recoveries', { case_id: S.cases[1], amount_fen: 70000, finding: '瞒报收入' }), 400, /可追回/);
    const x = await ok(dept.post('/api/v1/recoveries', { case_id: S.cases[1], amount_fen: 30000, finding: '核查发现家庭有经营收入未申报' }), 201);
    assert.equal(x.status, 'open');
    assert.equal(x.payment_ids.length, 1);
    const y = await ok(town.post(`/api/v1/recoveries/${x.id}/repayments`, { amount_fen: 10000, method: 'cash' }), 201);
    assert.equal(y.outstanding_fen, 20000);
    await refused(town.post(`/api/v1/recoveries/${x.id}/write-off`, { reason: '无力偿还' }), 403);
    await refused(dept.post(`/api/v1/recoveries/${x.id}/write-off`, {}), 400);
    const z = await ok(dept.post(`/api/v1/recoveries/${x.id}/write-off`, { reason: '本人已去世，家中无力偿还' }));
    assert.equal(z.status, 'written_off');
    assert.equal(z.written_off_fen, 20000);
    assert.equal((await ok(branch.get(`/api/v1/recoveries?case=${S.cases[1]}`))).items.length, 1);
    const t = await ok(town.get(`/api/v1/statements?org=${S.townOrg.id}&from=2024-01-01&to=2024-12-31`));
    assert.equal(t.opening_fen + t.income_total_fen - t.expense_total_fen, t.closing_fen);
    // money recovered is income on its own line, never a negative spending line (「应追回款 -100.00」)
    assert.ok([...t.income, ...t.expense].every((row) => row.amount_fen > 0), JSON.stringify(t));
    assert.deepEqual(t.income.filter((row) => row.account === 'recovery').map((row) => [row.name, row.amount_fen]), [['追回资金', 10000]]);
    assert.equal(t.expense.filter((row) => row.account === 'recovery').length, 0);
  });

  test('the ledger verifies', async () => {
    const r = bangfu(['ledger', 'verify', ...db.g]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });
});

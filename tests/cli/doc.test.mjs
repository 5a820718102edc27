// doc.test.mjs - the real binary's aid-procedure commands: `bangfu init`
// stores policy version 1, `bangfu doc` writes a case's or a notice's PDF
// (all-or-nothing), `bangfu policy show|set`.  The case and the notice are
// made through a real server first (there is no CLI for casework steps).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cli as run, initDb, startServer, Stage, ok, step, sanitizerEnv, ADMIN_PASSWORD, idNumber } from '../lib/harness.mjs';

let db;
const S = {};

// Under the sanitizers (BANGFU_SANITIZED=1): a short-lived process that
// rendered a PDF exits holding pango's and fontconfig's font caches, which
// LeakSanitizer reports inside libfontconfig (test_pdf drops the caches
// itself; `bangfu doc` has no reason to), and cairo 1.16 loses a little in
// cairo_surface_finish (tests/lsan.supp, matched on a full stack only).
// (tests/lib/harness.mjs sanitizerEnv, with all of libfontconfig.)
const sanEnv = () => sanitizerEnv(db.dir, 'leak:libfontconfig.so');
const cli = (args) => run(args, { env: sanEnv() });

function pdfText(file) {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

before(async () => {
  db = initDb({ members: 20 });
  const stage = new Stage(db, { env: sanEnv, strict: false });
  await stage.day('2024-02-08');
  try {
    const admin = await stage.login('admin', ADMIN_PASSWORD);
    const dept = await stage.login('dept');
    const branch = await stage.login('branch0101');
    const org = (await ok(admin.get('/api/v1/orgs'))).items.find((o) => o.code === 'T01V01');
    S.id_number = idNumber('330702', '19560811', '318');
    const member = (await ok(admin.post('/api/v1/members', { name: '李秀英', ethnicity: '汉族', joined_on: '1978-07-01', id_number: S.id_number, phone: '13912345678', household_type: '农业', household_size: 2, address: '城关镇东风村3组5号', education: '小学', member_type: '普通党员', org_id: org.id }), 201)).id;
    const round = (await ok(dept.post('/api/v1/rounds', { year: 2024 }), 201)).id;
    const c = await ok(branch.post('/api/v1/cases', { member_id: member, kind: 'yearly', round_id: round, conditions: ['serious_illness'], causes: ['illness'], situation: '长期患病，无劳动能力', labour_capacity: false }), 201);
    S.case = c.id;
    const take = (event, data) => ok(step(branch, c.id, event, data));
    await take('investigate', { investigation_on: '2024-02-02', investigators: '张三', investigation: '情况属实' });
    await take('appraise', { appraisal_on: '2024-02-05', expected: 20, present: 18, votes_for: 17, votes_against: 0, votes_abstain: 1, appraisal_minutes: '同意' });
    await take('decide', { decision_on: '2024-02-07', decision_minutes: '同意' });
    S.notice = (await ok(branch.post('/api/v1/notices', { org_id: org.id, case_ids: [c.id] }), 201)).id;
  } finally {
    assert.equal(await stage.srv.stop(), 0);
  }
});

after(() => db.cleanup());

describe('bangfu init', () => {
  test('stores the shipped policy as version 1', () => {
    const file = db.url.replace(/^sqlite:/, '');
    if (db.url.startsWith('sqlite:')) {
      const n = execFileSync('sqlite3', [file, 'SELECT version FROM policies'], { encoding: 'utf8' }).trim();
      assert.equal(n, '1');
    }
    const r = cli(['policy', 'show', '--version', '1', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).yearly_amount_fen, 60000);
  });
});

describe('bangfu doc', () => {
  test('application and registration of a case, with the name and the masked ID', () => {
    const mask = S.id_number.slice(0, 6) + '********' + S.id_number.slice(14);
    const app = join(db.dir, '申请表.pdf');
    let r = cli(['doc', 'application', '--case', String(S.case), '--out', app, ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /已生成/);
    let text = pdfText(app);
    assert.match(text, /李 *秀 *英/);
    assert.ok(text.includes(mask), text);
    assert.ok(!text.includes(S.id_number));
    const reg = join(db.dir, 'reg.pdf');
    r = cli(['doc', 'registration', '--case', String(S.case), '--out', reg, ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    text = pdfText(reg);
    assert.match(text, /信息登记表/);
    assert.match(text, /李 *秀 *英/);
    // --reveal prints the full ID, and the audit chain records it
    const full = join(db.dir, 'full.pdf');
    r = cli(['doc', 'application', '--case', String(S.case), '--out', full, '--reveal', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(pdfText(full).includes(S.id_number));
    assert.equal(cli(['audit', 'verify', ...db.g]).status, 0);
  });

  test('the notice', () => {
    const out = join(db.dir, 'notice.pdf');
    const r = cli(['doc', 'notice', '--notice', String(S.notice), '--out', out, ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    const text = pdfText(out);
    assert.match(text, /李 *秀 *英/);
    assert.match(text, /东风村党支部/);
  });

  test('all or nothing: a failure leaves no file and an existing one untouched', () => {
    const out = join(db.dir, 'missing.pdf');
    let r = cli(['doc', 'application', '--case', '999999', '--out', out, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /档案不存在/);
    assert.ok(!existsSync(out));
    const kept = join(db.dir, 'kept.pdf');
    writeFileSync(kept, 'old');
    r = cli(['doc', 'notice', '--notice', '999999', '--out', kept, ...db.g]);
    assert.equal(r.status, 1);
    assert.equal(readFileSync(kept, 'utf8'), 'old');
    r = cli(['doc', 'registration', '--case', String(S.case), '--out', join(db.dir, 'no/such/dir.pdf'), ...db.g]);
    assert.equal(r.status, 1);
    r = cli(['doc', 'registration', '--case', String(S.case), '--reveal', '--out', join(db.dir, 'r.pdf'), ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /只有申请表/);
    assert.ok(!existsSync(join(db.dir, 'r.pdf')));
  });

  test('usage: kind, ids and --out are checked; --help', () => {
    assert.equal(cli(['doc', 'poster', '--case', '1', '--out', 'x.pdf', ...db.g]).status, 2);
    assert.equal(cli(['doc', 'application', '--case', '1', ...db.g]).status, 2);
    assert.equal(cli(['doc', 'application', '--notice', '1', '--out', 'x.pdf', ...db.g]).status, 2);
    assert.equal(cli(['doc', 'notice', '--case', 'abc', '--out', 'x.pdf', ...db.g]).status, 2);
    assert.equal(cli(['doc', 'signoff', '--case', '1', '--out', 'x.pdf', ...db.g]).status, 2);
    assert.equal(cli(['doc', 'notice_report', '--batch', '1', '--out', 'x.pdf', ...db.g]).status, 2);
    const h = cli(['doc', '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /application/);
    assert.match(h.stdout, /--reveal/);
    assert.match(h.stdout, /notice_report（公示结果报告）或 signoff（发放签收表）/);
    assert.match(cli(['--help']).stdout, /policy set/);
  });
});

describe('bangfu policy', () => {
  test('show prints the version in force; set saves the next version', () => {
    const show = cli(['policy', 'show', ...db.g]);
    assert.equal(show.status, 0, show.stderr);
    const doc = JSON.parse(show.stdout);
    assert.equal(doc.version, 1);
    doc.yearly_amount_fen = 80000;
    const file = join(db.dir, 'policy.json');
    writeFileSync(file, JSON.stringify(doc));
    let r = cli(['policy', 'set', file, '--effective', '2099-01-01', '--note', '提高标准', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /第 2 版/);
    r = cli(['policy', 'show', '--date', '2099-06-01', ...db.g]);
    assert.equal(JSON.parse(r.stdout).yearly_amount_fen, 80000);
    assert.equal(JSON.parse(cli(['policy', 'show', ...db.g]).stdout).version, 1);
    // errors name the JSON path; a past date is refused; usage
    writeFileSync(file, JSON.stringify({ ...doc, notice_working_days: 1 }));
    r = cli(['policy', 'set', file, '--effective', '2099-01-01', ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /notice_working_days/);
    writeFileSync(file, '{"broken":');
    assert.equal(cli(['policy', 'set', file, '--effective', '2099-01-01', ...db.g]).status, 1);
    writeFileSync(file, JSON.stringify(doc));
    r = cli(['policy', 'set', file, '--effective', '2001-01-01', ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /生效日期/);
    assert.equal(cli(['policy', 'set', file, ...db.g]).status, 2);
    assert.equal(cli(['policy', 'show', '--version', '7', ...db.g]).status, 1);
  });
});

describe('bangfu serve --files', () => {
  test('the attachments directory is created 0750', async () => {
    const dir = join(db.dir, 'files-here');
    const srv = await startServer(db, ['--files', dir], { env: sanEnv() });
    try {
      assert.equal(statSync(dir).mode & 0o777, 0o750);
    } finally {
      assert.equal(await srv.stop(), 0);
    }
  });
});

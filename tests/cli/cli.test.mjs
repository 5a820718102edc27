// cli.test.mjs - the real `bangfu` binary: help, init, org and member
// import (all-or-nothing, --skip-invalid, GBK), export and the audit chain.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, statSync, existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { cli, freshDb, initDb, ADMIN_PASSWORD, idNumber, badIdNumber } from '../lib/harness.mjs';

const HEADER = '姓名,性别,民族,出生年月,入党时间,身份证号码,联系电话,户口类别,家庭人口,家庭住址,文化程度,人员类别,所在支部';
function row(name, id, { birth = '', joined = '1980-07-01', phone = '13800001111', branch = 'T01V01', gender = '' } = {}) {
  return `${name},${gender},汉族,${birth},${joined},${id},${phone},农业,3,城关镇东风村,初中,普通党员,${branch}`;
}
function countMembers(db) {
  const r = cli(['member', 'export', ...db.g]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split(/\r?\n/).length - 1;
}

describe('help', () => {
  test('bangfu --help lists every command; each command has --help', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0);
    for (const c of ['init', 'serve', 'user add', 'org import', 'member import', 'member export', 'demo', 'audit verify']) {
      assert.match(r.stdout, new RegExp(c));
      const h = cli([...c.split(' '), '--help']);
      assert.equal(h.status, 0, c);
      assert.match(h.stdout, /用法/);
      assert.match(h.stdout, /--db URL/);
    }
  });
  test('unknown command and bad usage exit 2', () => {
    assert.equal(cli(['frobnicate']).status, 2);
    assert.equal(cli(['member', 'import']).status, 2);
    // a group without its second word lists the group's commands
    const g = cli(['ledger']);
    assert.equal(g.status, 2);
    assert.match(g.stderr, /后面须跟子命令[\s\S]*bangfu ledger verify[\s\S]*bangfu ledger import/);
  });
});

describe('init', () => {
  test('creates the key file 0600 and admin; a second init changes nothing', () => {
    const db = freshDb();
    try {
      const g = ['--db', db.url, '--key', db.key];
      let r = cli(['init', ...g]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /admin\s+密码：\S{10,}/);
      assert.equal(statSync(db.key).mode & 0o777, 0o600);
      const key = readFileSync(db.key, 'utf8');
      r = cli(['init', ...g, '--admin-password', ADMIN_PASSWORD]);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /已初始化/);
      assert.equal(readFileSync(db.key, 'utf8'), key, 'the key is never overwritten');
    } finally { db.cleanup(); }
  });
  test('--db and --key work anywhere on the line, and BANGFU_DB is honoured', () => {
    const db = freshDb();
    try {
      assert.equal(cli(['--db', db.url, 'init', '--admin-password', ADMIN_PASSWORD, '--key', db.key]).status, 0);
      const r = cli(['org', 'list'], { env: { BANGFU_DB: db.url, BANGFU_KEY: db.key } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /区委组织部/);
    } finally { db.cleanup(); }
  });
  test('a weak admin password is refused in Chinese', () => {
    const db = freshDb();
    try {
      const r = cli(['init', '--db', db.url, '--key', db.key, '--admin-password', 'abc']);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /密码至少 10 位/);
    } finally { db.cleanup(); }
  });
});

describe('org import', () => {
  test('parents after children are fine; a bad row imports nothing', () => {
    const db = freshDb();
    try {
      const g = ['--db', db.url, '--key', db.key];
      cli(['init', ...g, '--admin-password', ADMIN_PASSWORD]);
      const bad = join(db.dir, 'bad.csv');
      writeFileSync(bad, '组织编码,组织名称,上级组织编码,组织类别\nA1,甲镇党委,000,党委\nA1B,乙村党支部,A9,党支部\n');
      let r = cli(['org', 'import', bad, ...g]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /第 3 行，上级组织编码：上级组织编码“A9”不存在/);
      assert.doesNotMatch(cli(['org', 'list', ...g]).stdout, /甲镇/);
      const good = join(db.dir, 'good.csv');
      writeFileSync(good, '\ufeff组织类别,组织编码,组织名称,上级组织编码\n党支部,A1V1,一村党支部,A1\n党委,A1,甲镇党委,000\n党工委,B1,乙街道党工委,000\n');
      r = cli(['org', 'import', good, ...g]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /导入 3 行，错误 0 行/);
      assert.match(cli(['org', 'list', ...g]).stdout, /一村党支部/);
    } finally { db.cleanup(); }
  });
});

describe('member import and export', () => {
  let db;
  before(() => { db = initDb({ members: 0 }); });
  after(() => db.cleanup());

  test('all-or-nothing: one bad row imports nothing and every bad row is listed', () => {
    const f = join(db.dir, 'm1.csv');
    writeFileSync(f, [HEADER,
      row('张一', idNumber('330702', '19500101', '011')),
      row('张二', badIdNumber('330702', '19500102', '021')),
      row('张三', idNumber('330702', '19500103', '031'), { phone: '123' }),
      row('张四', idNumber('330702', '19500104', '041'), { branch: '不存在的支部' }),
      row('张五', idNumber('330702', '19500101', '011')), // duplicate of line 2
    ].join('\n') + '\n');
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /导入 0 行，错误 4 行/);
    assert.match(r.stderr, /第 3 行，身份证号码：/);
    assert.match(r.stderr, /第 4 行，联系电话：/);
    assert.match(r.stderr, /第 5 行，所在支部：/);
    assert.match(r.stderr, /第 6 行，身份证号码：.*登记/);
    assert.equal(countMembers(db), 0, 'nothing was imported');
  });

  test('--skip-invalid imports the good rows and writes the bad ones with reasons', () => {
    const f = join(db.dir, 'm2.csv');
    const out = join(db.dir, 'errors.csv');
    writeFileSync(f, [HEADER,
      row('李一', idNumber('330702', '19510101', '011'), { birth: '1951.01', joined: '1975年7月' }),
      row('李二', idNumber('330702', '19510102', '022'), { joined: '1976/7/1', gender: '女' }),
      row('李三', badIdNumber('330702', '19510103', '031')),
      row('李四', idNumber('330702', '19510104', '041'), { joined: '197707', branch: '东风村党支部' }),
      row('李五', idNumber('330702', '19510105', '051'), { joined: '1978.07.01' }),
    ].join('\r\n') + '\r\n');
    const r = cli(['member', 'import', f, '--skip-invalid', '--errors', out, ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /导入 4 行，错误 1 行/);
    const errs = readFileSync(out, 'utf8');
    assert.match(errs, /行号,错误列,原因/);
    assert.match(errs, /4,身份证号码,.*李三/);
    assert.equal(countMembers(db), 4);
  });

  test('a duplicate against the register is a bad row naming the branch', () => {
    const f = join(db.dir, 'm3.csv');
    writeFileSync(f, [HEADER, row('王一', idNumber('330702', '19510101', '011'))].join('\n'));
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /第 2 行，身份证号码：.*东风村党支部/);
  });

  test('GBK input as Excel writes it on Chinese Windows', () => {
    const utf8 = join(db.dir, 'gbk-src.csv');
    const gbk = join(db.dir, 'gbk.csv');
    writeFileSync(utf8, [HEADER, row('赵钱孙', idNumber('330702', '19520202', '011')), row('周吴郑', idNumber('330702', '19520203', '021'))].join('\r\n') + '\r\n');
    execFileSync('sh', ['-c', `iconv -f UTF-8 -t GBK '${utf8}' > '${gbk}'`]);
    const r = cli(['member', 'import', gbk, ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /导入 2 行，错误 0 行/);
    const exp = cli(['member', 'export', ...db.g]).stdout;
    assert.match(exp, /赵钱孙/);
    assert.match(exp, /周吴郑/);
  });

  test('a file with a missing column is refused before any row', () => {
    const f = join(db.dir, 'm4.csv');
    writeFileSync(f, '姓名,身份证号码\n张,1\n');
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /缺少列/);
  });

  test('export masks ID and phone unless --reveal, which is audited', () => {
    const out = join(db.dir, 'export.csv');
    let r = cli(['member', 'export', '--out', out, ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    const masked = readFileSync(out, 'utf8');
    assert.ok(masked.startsWith('\ufeff' + HEADER));
    assert.match(masked, /330702\*{8}\d{3}[\dX]/);
    assert.match(masked, /138\*{4}1111/);
    assert.doesNotMatch(masked, /33070219510101/);
    r = cli(['member', 'export', '--reveal', '--org', 'T01V01', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(idNumber('330702', '19510101', '011')), r.stdout);
    assert.match(r.stderr, /审计日志/);
    assert.equal(cli(['member', 'export', '--org', 'NOPE', ...db.g]).status, 1);
  });

  test('the plain ID number and phone appear nowhere in the database file', () => {
    if (!db.url.startsWith('sqlite:')) return;
    spawnSync('sqlite3', [db.url.slice(7), 'PRAGMA wal_checkpoint(TRUNCATE);']);
    const raw = readFileSync(db.url.slice(7)).toString('latin1');
    assert.ok(!raw.includes('33070219510101'), 'no plain ID number');
    assert.ok(!raw.includes('13800001111'), 'no plain phone');
  });
});

// n distinct valid rows (births a day apart every 800 rows, as
// bench/gen_members.py makes them), cycling over the demo's branches.
function manyRows(n, prefix, year = 1945) {
  const rows = [];
  const base = Date.UTC(year, 0, 1);
  for (let i = 0; i < n; i++) {
    const d = new Date(base + Math.floor(i / 800) * 86400000);
    const birth = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    const id = idNumber('330702', birth, String(100 + (i % 800)));
    rows.push(row(`${prefix}${i}`, id, { joined: `${d.getUTCFullYear() + 25}-07-01`, phone: `139${String(i).padStart(8, '0')}`, branch: `T0${1 + (i % 2)}V0${1 + (i % 3)}` }));
  }
  return rows;
}

// The import hands rows to the store 256 at a time (a batch of the reader
// thread), and PostgreSQL takes two rows a statement: duplicates inside a
// statement, inside a batch and across batches are each found, and the later
// row is the one rejected.
describe('member import in batches', () => {
  let db;
  before(() => { db = initDb({ members: 0 }); });
  after(() => db.cleanup());

  test('a duplicate right after its twin (one statement, one batch) is the bad row', () => {
    const f = join(db.dir, 'dup1.csv');
    const rows = manyRows(6, '甲');
    rows.splice(1, 0, row('甲重', idNumber('330702', '19450101', '100'), { branch: 'T02V02' })); // = 甲0
    rows.splice(4, 0, rows[3].replace(/^甲\d+/, '甲又')); // the row before it again
    writeFileSync(f, [HEADER, ...rows].join('\n') + '\n');
    let r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /导入 0 行，错误 2 行/);
    assert.match(r.stderr, /第 3 行，身份证号码：.*登记/);
    assert.match(r.stderr, /第 6 行，身份证号码：.*登记/);
    assert.equal(countMembers(db), 0);
    r = cli(['member', 'import', f, '--skip-invalid', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /导入 6 行，错误 2 行/);
    const exp = cli(['member', 'export', ...db.g]).stdout;
    assert.match(exp, /甲0,/);
    assert.doesNotMatch(exp, /甲重|甲又/, 'the earlier row is kept');
  });

  test('duplicates across batches, and of the register, name the branch that holds the number', () => {
    const f = join(db.dir, 'dup2.csv');
    const rows = manyRows(700, '乙', 1946);
    const fresh = (i) => rows[i].split(',')[5];
    rows[650] = row('乙晚', fresh(10), { branch: 'T02V03' }); // batch 3 repeats batch 1
    rows[300] = row('乙旧', idNumber('330702', '19450101', '100')); // 甲0, registered above
    writeFileSync(f, [HEADER, ...rows].join('\n') + '\n');
    const r = cli(['member', 'import', f, '--skip-invalid', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /导入 698 行，错误 2 行/);
    assert.match(r.stderr, /第 302 行，身份证号码：该身份证号码已在“东风村党支部”登记（党员甲0）/);
    assert.match(r.stderr, /第 652 行，身份证号码：该身份证号码已在“[^”]+”登记（党员乙10）/);
    assert.equal(countMembers(db), 6 + 698);
  });

  test('all-or-nothing over many batches: a bad row in the middle leaves nothing', () => {
    const f = join(db.dir, 'mid.csv');
    const rows = manyRows(1000, '丙', 1947);
    rows[517] = rows[517].replace(/,3,/, ',0,'); // 家庭人口 0
    writeFileSync(f, [HEADER, ...rows].join('\n') + '\n');
    const before = countMembers(db);
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /导入 0 行，错误 1 行/);
    assert.match(r.stderr, /第 519 行，家庭人口：/);
    assert.equal(countMembers(db), before, 'no row of the other batches stayed');
  });

  test('a large import (indexes rebuilt at the end) rolls back whole and then goes in whole', () => {
    const d = initDb({ members: 0 });
    try {
      const f = join(d.dir, 'big.csv');
      const rows = manyRows(24000, '丁', 1948);
      const good = rows[12001];
      rows[12001] = rows[11999].replace(/^丁\d+/, '丁重'); // a duplicate deep inside
      writeFileSync(f, [HEADER, ...rows].join('\n') + '\n');
      let r = cli(['member', 'import', f, ...d.g]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /导入 0 行，错误 1 行/);
      assert.match(r.stderr, /第 12003 行，身份证号码：.*登记/);
      assert.equal(countMembers(d), 0);
      const indexes = () => d.url.startsWith('sqlite:')
        ? execFileSync('sqlite3', [d.url.slice(7), "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='members' ORDER BY name"], { encoding: 'utf8' }).trim().split('\n')
        : null;
      const all = ['members_deceased', 'members_org_id', 'members_phone_bidx', 'members_visit_rule', 'sqlite_autoindex_members_1'];
      if (indexes()) assert.deepEqual(indexes(), all, 'the rollback kept the indexes');
      rows[12001] = good;
      writeFileSync(f, [HEADER, ...rows].join('\n') + '\n');
      r = cli(['member', 'import', f, ...d.g]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /导入 24000 行，错误 0 行/);
      const out = join(d.dir, 'all.csv'); // past spawnSync's 1 MiB of stdout
      assert.equal(cli(['member', 'export', '--out', out, ...d.g]).status, 0);
      assert.equal(readFileSync(out, 'utf8').trim().split(/\r?\n/).length - 1, 24000);
      if (indexes()) assert.deepEqual(indexes(), all, 'the indexes were built again');
      r = cli(['audit', 'verify', ...d.g]);
      assert.equal(r.status, 0, r.stderr);
    } finally { d.cleanup(); }
  });

  test('values sealed in the first format (16-byte IV, 32-byte tag) still open', () => {
    if (!db.url.startsWith('sqlite:')) return;
    const file = db.url.slice(7);
    const hex = readFileSync(db.key, 'utf8').trim();
    const master = Buffer.from(hex, 'hex');
    const sub = (label) => createHmac('sm3', master).update(label).digest();
    const seal1 = (plain) => {
      const iv = randomBytes(16);
      const c = createCipheriv('sm4-ctr', sub('bangfu/v1/sm4-ctr').subarray(0, 16), iv);
      const body = Buffer.concat([Buffer.from([1]), iv, c.update(plain, 'utf8'), c.final()]);
      const tag = createHmac('sm3', sub('bangfu/v1/hmac-sm3-tag')).update(body).digest();
      return Buffer.concat([body, tag]).toString('base64');
    };
    const id = idNumber('330702', '19450101', '100'); // 甲0
    execFileSync('sqlite3', [file, `UPDATE members SET id_sealed='${seal1(id)}', phone_sealed='${seal1('13700001234')}' WHERE name='甲0'`]);
    const r = cli(['member', 'export', '--reveal', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`甲0,.*${id}.*13700001234`));
  });
});

describe('audit verify', () => {
  test('intact chain exits 0; an edited or deleted row is found and named', () => {
    const db = initDb({ members: 3 });
    try {
      let r = cli(['audit', 'verify', ...db.g]);
      assert.equal(r.status, 0, r.stderr);
      if (!db.url.startsWith('sqlite:')) return;
      const file = db.url.slice(7);
      // Someone with the database file drops the guard trigger and edits history.
      const sql = (s) => execFileSync('sqlite3', [file, s], { encoding: 'utf8' });
      const triggers = sql("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'").trim().split('\n').filter(Boolean);
      for (const t of triggers) sql(`DROP TRIGGER ${t}`);
      sql("UPDATE audit_log SET username='mallory' WHERE seq=2");
      r = cli(['audit', 'verify', ...db.g]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /seq 2/);
      assert.match(r.stderr, /修改/);
      sql("DELETE FROM audit_log WHERE seq=2");
      r = cli(['audit', 'verify', ...db.g]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /seq 2/);
      const last = Number(sql('SELECT max(seq) FROM audit_log').trim());
      sql(`DELETE FROM audit_log WHERE seq=${last}`);
      sql("INSERT INTO audit_log SELECT * FROM audit_log WHERE 0"); // no-op
      r = cli(['audit', 'verify', ...db.g]);
      assert.equal(r.status, 1);
    } finally { db.cleanup(); }
  });
});

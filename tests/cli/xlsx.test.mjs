// xlsx.test.mjs - `bangfu member import` and `org import` read .xlsx as well
// as CSV: shared strings, dates typed as text or stored as serial numbers,
// numbers stored as numbers, an ID number Excel turned into a number refused
// naming its line and column, all-or-nothing as for CSV.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, freshDb, initDb, ADMIN_PASSWORD, idNumber } from '../lib/harness.mjs';
import { makeXlsx } from '../lib/xlsx.mjs';

const HEADER = ['姓名', '性别', '民族', '出生年月', '入党时间', '身份证号码', '联系电话', '户口类别', '家庭人口', '家庭住址', '文化程度', '人员类别', '所在支部'];
function row(name, id, { birth = '', joined = '1980-07-01', phone = 13800001111, branch = 'T01V01' } = {}) {
  return [name, '', '汉族', birth, joined, id, phone, '农业', 3, '城关镇东风村', '初中', '普通党员', branch];
}
function exported(db) {
  const r = cli(['member', 'export', '--reveal', ...db.g]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('member import from .xlsx', () => {
  let db;
  before(() => { db = initDb({ members: 0 }); });
  after(() => db.cleanup());

  test('an ID number stored as a number is refused with its line and column; nothing is imported', () => {
    const f = join(db.dir, 'sci.xlsx');
    writeFileSync(f, makeXlsx([HEADER,
      row('钱一', idNumber('330702', '19600101', '011')),
      row('钱二', 1.10101199001011e17),
      row('钱三', idNumber('330702', '19600103', '031'), { joined: { date: 29036 } }),
      row('钱四', idNumber('330702', '19600104', '041'), { phone: 123 }),
    ]));
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /导入 0 行，错误 2 行/);
    assert.match(r.stderr, /第 3 行，身份证号码：身份证号码被 Excel 存成了数字（1\.10101199001011e\+17）.*请将该列设置为文本格式后重新录入/);
    assert.match(r.stderr, /第 5 行，联系电话：/);
    assert.doesNotMatch(exported(db), /钱一/, 'all-or-nothing: nothing stored');
  });

  test('serial and typed dates, numbers as numbers, a gap column and blank rows', () => {
    const f = join(db.dir, 'good.xlsx');
    const rows = [HEADER,
      // 1979-07-01 as Excel stores it (serial 29037), a birth typed as text
      row('孙一', idNumber('330702', '19550101', '011'), { joined: { date: 29037 }, birth: '1955.01' }),
      [],
      row('孙二', idNumber('330702', '19550202', '021'), { joined: '1981年7月', branch: { inline: 'T01V02' } }),
      // a number without a date format in a date column: its serial day
      row('孙三', idNumber('330702', '19550303', '031'), { joined: 29768 }),
    ];
    writeFileSync(f, makeXlsx(rows));
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /导入 3 行，错误 0 行/);
    const out = exported(db);
    assert.match(out, new RegExp(`孙一,男,汉族,1955-01-01,1979-07-01,${idNumber('330702', '19550101', '011')},13800001111`));
    assert.match(out, /孙二,.*,1981-07-01,.*,T01V02/);
    assert.match(out, /孙三,.*,1981-07-01,/);
  });

  test('the 1904 date system and --skip-invalid', () => {
    const f = join(db.dir, 'mac.xlsx');
    writeFileSync(f, makeXlsx([HEADER,
      row('周一', idNumber('330702', '19560101', '011'), { joined: { date: 27575 } }), // 1979-07-01 in 1904
      row('周二', '110101195601011234E+3'),
    ], { date1904: true }));
    const r = cli(['member', 'import', f, '--skip-invalid', ...db.g]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /导入 1 行，错误 1 行/);
    assert.match(exported(db), /周一,.*,1979-07-01,/);
  });

  test('a CSV saved with the ID in scientific notation gets the same advice', () => {
    const f = join(db.dir, 'sci.csv');
    writeFileSync(f, HEADER.join(',') + '\n' + row('吴一', '3.30702E+17').join(',') + '\n');
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /第 2 行，身份证号码：.*请将该列设置为文本格式后重新录入/);
  });

  test('an old .xls and a broken .xlsx are refused in Chinese', () => {
    const xls = join(db.dir, 'old.xls');
    writeFileSync(xls, Buffer.from('d0cf11e0a1b11ae1000000', 'hex'));
    let r = cli(['member', 'import', xls, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /不支持旧版 Excel（\.xls）文件/);
    const bad = join(db.dir, 'bad.xlsx');
    writeFileSync(bad, makeXlsx([HEADER]).subarray(0, 200));
    r = cli(['member', 'import', bad, ...db.g]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /文件已损坏|不是有效的 Excel/);
  });
});

describe('org import from .xlsx', () => {
  test('parents after children, numbers as codes; a bad row imports nothing', () => {
    const db = freshDb();
    try {
      const g = ['--db', db.url, '--key', db.key];
      cli(['init', ...g, '--admin-password', ADMIN_PASSWORD]);
      const head = ['组织编码', '组织名称', '上级组织编码', '组织类别'];
      const bad = join(db.dir, 'bad.xlsx');
      writeFileSync(bad, makeXlsx([head, ['A1', '甲镇党委', '000', '党委'], ['A1B', '乙村党支部', 'A9', '党支部']]));
      let r = cli(['org', 'import', bad, ...g]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /第 3 行，上级组织编码：上级组织编码“A9”不存在/);
      assert.doesNotMatch(cli(['org', 'list', ...g]).stdout, /甲镇/);
      const good = join(db.dir, 'good.xlsx');
      writeFileSync(good, makeXlsx([head, ['A1V1', '一村党支部', 'A1', '党支部'], ['A1', '甲镇党委', '000', '党委'], [77, '乙街道党工委', '000', '党工委']]));
      r = cli(['org', 'import', good, ...g]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /导入 3 行，错误 0 行/);
      const list = cli(['org', 'list', ...g]).stdout;
      assert.match(list, /一村党支部/);
      assert.match(list, /77/);
    } finally { db.cleanup(); }
  });
});

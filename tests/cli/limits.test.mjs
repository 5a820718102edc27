// limits.test.mjs - the limits on what is stored (issue 8 §1) in the
// imports: `member import` and `org import` check each line's names with
// the same validator as the API (invisible and bidirectional-control
// characters, lengths in characters) and name the line and the column.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, initDb, idNumber } from '../lib/harness.mjs';

const HEADER = '姓名,性别,民族,出生年月,入党时间,身份证号码,联系电话,户口类别,家庭人口,家庭住址,文化程度,人员类别,所在支部';
const row = (name, seq, address = '城关镇东风村') => `${name},,汉族,,1980-07-01,${idNumber('330702', '19500101', seq)},13800001111,农业,3,${address},初中,普通党员,T01V01`;

describe('imports apply the limits per line', () => {
  let db;
  before(() => { db = initDb({ members: 0 }); });
  after(() => db.cleanup());

  test('member import: a BOM, an RLO or a zero-width space in a name is a bad line naming 姓名', () => {
    const f = join(db.dir, 'm.csv');
    writeFileSync(f, [HEADER,
      row('张一', '011'),
      row('\uFEFF', '021'),
      row('张\u202E二', '031'),
      row('张\u200B三', '041'),
      row('张四', '051', '村'.repeat(101)),
    ].join('\n') + '\n');
    const r = cli(['member', 'import', f, ...db.g]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /导入 0 行，错误 4 行/);
    assert.match(r.stderr, /第 3 行，姓名：姓名不能含有不可见字符（U\+FEFF）/);
    assert.match(r.stderr, /第 4 行，姓名：姓名不能含有文字方向控制符（U\+202E）/);
    assert.match(r.stderr, /第 5 行，姓名：姓名不能含有不可见字符（U\+200B）/);
    assert.match(r.stderr, /第 6 行，家庭住址：家庭住址最长 100 个字/);
    assert.doesNotMatch(r.stderr, /第 2 行/);
  });

  test('org import: a name with an invisible character or over 40 characters is a bad line', () => {
    const f = join(db.dir, 'o.csv');
    writeFileSync(f, ['组织编码,组织名称,上级组织编码,组织类别',
      `L1,甲${'\u2060'}镇党委,000,党委`,
      `L2,${'乙'.repeat(41)},000,党委`,
      `L3,${'\u{20000}'.repeat(41)},000,党委`, // 164 bytes: refused whole, not cut to 40
    ].join('\n') + '\n');
    const r = cli(['org', 'import', f, ...db.g]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /第 2 行，组织名称：组织名称不能含有不可见字符（U\+2060）/);
    assert.match(r.stderr, /第 3 行，组织名称：组织名称最长 40 个字，现有 41 个字/);
    assert.match(r.stderr, /第 4 行，组织名称：组织名称过长/);
    assert.doesNotMatch(cli(['org', 'list', ...db.g]).stdout, /L[123]/);
  });

  test('ledger import: an amount over 10^10 fen, a date after today or before 2000, an RLO in a memo', () => {
    const f = join(db.dir, 'l.csv');
    const head = '日期,类型,借方科目,贷方科目,金额,摘要,捐款人\n2024-01-02,income,银行存款,党费,1000.00,党费,\n';
    const cases = [
      ['2024-01-03,income,银行存款,党费,100000000.01,党费,', /第 3 行：金额不能超过 1 亿元/],
      ['2099-01-03,income,银行存款,党费,1.00,党费,', /第 3 行：日期（2099-01-03）不能晚于今天/],
      ['1999-12-31,income,银行存款,党费,1.00,党费,', /第 3 行：日期（1999-12-31）不能早于 2000-01-01/],
      ['2024-01-03,income,银行存款,党费,1.00,党\u202E费,', /第 3 行：摘要不能含有文字方向控制符/],
      [`2024-01-03,income,银行存款,社会捐助,1.00,捐款,${'捐'.repeat(31)}`, /第 3 行：捐款人最长 30 个字/],
    ];
    for (const [line, re] of cases) {
      writeFileSync(f, `${head}${line}\n`);
      const r = cli(['ledger', 'import', f, '--org', '000', ...db.g]);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, re);
      assert.match(r.stderr, /没有导入任何凭证/);
    }
  });
});

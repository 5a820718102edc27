#!/usr/bin/env node
// gen-common-passwords.mjs - writes data/common-passwords.txt, the list of
// common passwords the password policy refuses (src/core/register/password.c).
//
// usage: node scripts/gen-common-passwords.mjs [FREQUENCY_LISTS.js] > data/common-passwords.txt
//
// Two sources, both lower-cased; only entries the other rules would let
// through are kept (at least 10 characters with a letter and a digit:
// anything shorter is refused before the list is looked at):
//  1. When given, the `passwords` list of zxcvbn 4.4.2 (lib/frequency_lists.js
//     of the npm package, MIT licence; the 30,000 most frequent passwords
//     of Mark Burnett's / Xato's 10 million password corpus).  The output
//     was made with it; without it only the patterns below are written.
//  2. Patterns people use in China and elsewhere, built here: common English
//     and pinyin words, names and keyboard words followed (or preceded) by
//     digit runs, lucky numbers, 520/1314 love numbers, years and dates;
//     letters around 123456789; keyboard walks that mix rows (1qaz2wsx…,
//     q1w2e3r4…).  The file is committed: the build needs no network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const out = new Set();
const keep = (s) => {
  s = s.toLowerCase();
  if ([...s].length >= 10 && /[a-z]/.test(s) && /[0-9]/.test(s) && !/[\s,]/.test(s)) out.add(s);
};

if (process.argv[2]) {
  const lists = createRequire(import.meta.url)(resolve(process.argv[2]));
  for (const p of lists.passwords) keep(p);
}

// The most used words, with every number below and with a symbol before
// the usual ones; names and other words only with the usual numbers.
const common = [
  'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'admin', 'administrator', 'root', 'test',
  'welcome', 'letmein', 'iloveyou', 'qwerty', 'qwertyuiop', 'asdfgh', 'asdfghjkl', 'zxcvbnm',
  'qazwsx', 'qazwsxedc', 'qweasdzxc', 'abc', 'abcd', 'abcdef', 'abcdefg', 'woaini', 'woaiwojia',
  'wodemima', 'mima', 'nihao', 'aini', 'zhongguo', 'china', 'dangyuan', 'dangjian', 'zuzhibu',
  'bangfu', 'guanliyuan', 'system',
];
const others = [
  'pass', 'user', 'guest', 'login', 'master', 'super', 'superman', 'manager', 'server', 'default',
  'love', 'hello', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'shadow',
  'michael', 'charlie', 'secret', 'computer', 'internet', 'beijing', 'shanghai', 'abcde',
  'abcdefgh', 'qwe', 'qwer', 'qwert', 'asd', 'asdf', 'zxc', 'zxcv', 'zxcvb', 'zxcvbn', 'qaz',
  'qweasd', 'zaq', 'zaqxsw', 'qq', 'aa', 'aaa', 'apple', 'google', 'baidu', 'huawei', 'xiaomi',
  'windows', 'oracle', 'mysql', 'woainima', 'woaiwoma', 'woshishui', 'aiwo', 'laogong', 'laopo',
  'baobao', 'xiaobao', 'beibei', 'tiantian', 'dongdong', 'xiaoxiao', 'jiajia', 'haha', 'zhang',
  'huang', 'zhao', 'zhou', 'chen', 'wang', 'yang', 'liang', 'zheng', 'jiang', 'cheng', 'zhangwei',
  'wangwei', 'wangfang', 'liwei', 'zhangmin', 'lijing', 'wangjing', 'liuwei', 'wangyang',
  'liyang', 'zhangyong', 'wanglei', 'zhangjie', 'lijun', 'liuyang', 'zhangtao', 'chenjie',
  'dangwei', 'zhibu', 'shuji', 'gongzuo', 'bangong', 'xitong', 'guanli', 'yonghu', 'ceshi',
  'caonima', 'fuckyou',
];
const usual = ['123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '520', '1314',
  '5201314', '666', '888', '000', '111', '2008', '2020', '2021', '2022', '2023', '2024', '2025', '2026'];
const numbers = [...usual,
  '1', '12', '1234567890', '321', '4321', '54321', '654321', '987654321', '0', '00', '0000',
  '000000', '01', '007', '11', '1111', '111111', '110', '119', '168', '518', '521', '1314520',
  '147', '258', '369', '147258', '147258369', '159357', '159753', '6666', '666666', '8888',
  '888888', '999', '9999', '123123', '112233', '123321', '13579', '88', '66', '8', '6', '9'];
for (let y = 1960; y <= 2030; y++) numbers.push(String(y));
for (const w of common) {
  for (const n of numbers) keep(w + n);
  for (const n of usual) keep(n + w);
  for (const s of ['@', '!', '#', '.', '_'])
    for (const n of usual) keep(w + s + n);
}
for (const w of others) for (const n of usual) keep(w + n);
// A letter or two around a run of digits.
const runs = ['123456789', '1234567890', '0123456789', '987654321', '9876543210', '12345678', '11111111', '00000000', '88888888', '66666666'];
for (const r of runs)
  for (let c = 97; c <= 122; c++) {
    const l = String.fromCharCode(c);
    keep(l + r); keep(r + l); keep(l + l + r); keep(r + l + l);
  }
// Keyboard walks mixing the digit row with the letter rows, by column.
const rows = ['1234567890', 'qwertyuiop', 'asdfghjkl;', 'zxcvbnm,./'];
for (let len = 3; len <= 10; len++) {
  for (const [a, b] of [[0, 1], [1, 0], [0, 2], [0, 3]]) {
    let x = '';
    for (let i = 0; i < len; i++) x += rows[a][i] + rows[b][i];
    keep(x);
  }
  let col = '', colr = '';
  for (let i = 0; i < len; i++) { col += rows[0][i] + rows[1][i] + rows[2][i] + rows[3][i]; colr += rows[3][i] + rows[2][i] + rows[1][i] + rows[0][i]; }
  keep(col.slice(0, len * 3)); keep(col); keep(colr);
  let col3 = '';
  for (let i = 0; i < len; i++) col3 += rows[0][i] + rows[1][i] + rows[2][i];
  keep(col3);
}
for (const k of ['1qaz2wsx', '1qaz2wsx3edc', '2wsx3edc', 'zaq12wsx', 'zaq1xsw2', '1qazxsw2', 'qwe123', 'asd123', 'zxc123', 'qwer1234', 'asdf1234', 'zxcv1234', 'qwert12345', 'q1w2e3r4', 'a1s2d3f4', 'z1x2c3v4'])
  for (const n of ['', '!', '@', '#', '1', '12', '123', '1234', '12345', '123456', '5t', '5t6y', '4rfv', '3edc', '.com'])
    keep(k + n);

process.stdout.write('# Common passwords the password policy refuses, one a line, lower-case\n'
  + '# (compared case-insensitively).  Made by scripts/gen-common-passwords.mjs:\n'
  + '# zxcvbn 4.4.2\'s list of the 30,000 most frequent passwords (Xato corpus,\n'
  + '# MIT) and patterns common in China (pinyin words and names with digit\n'
  + '# runs, 520/1314, years; keyboard walks).  Only entries of 10 or more\n'
  + '# characters with a letter and a digit: shorter ones fail the rules first.\n');
process.stdout.write([...out].sort().join('\n') + '\n');

// limits.test.mjs - the console's forms take their text limits from the
// server (GET /meta `limits`, read through session.js textMax), never from a
// number of their own: every maxlength in web/src names a row of
// include/bangfu/limits.h (the table /meta publishes), the step dialog's text
// fields map to rows that exist, and the few literal maxlengths left are
// fields outside that table (formats the server checks otherwise), listed
// here with their reason.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname)
const SRC = path.join(ROOT, 'web/src')

// The rows of the limits table as /meta keys them (the id in lower case).
const ROWS = new Set([...fs.readFileSync(path.join(ROOT, 'include/bangfu/limits.h'), 'utf8').matchAll(/^\s*X\(([A-Z_]+),/gm)].map((m) => m[1].toLowerCase()))

// Literal maxlengths of fields the limits table does not hold.
const LITERAL = {
  'components/member/MemberPersonFields.vue': { 18: '身份证号码: 18 characters by its format', 20: '联系电话: checked as a phone number' },
  'components/member/MemberHousehold.vue': { 18: '身份证号码: 18 characters by its format' },
  'views/VerificationList.vue': { 16: 'random seed: 16 hex digits (verification.c)' },
  'views/UsersView.vue': { 32: '用户名: auth.c, at most 32' },
  'views/OrgsView.vue': { 32: '组织编码 (org.c, at most 32) and 办公电话 (a phone number)' },
  'components/policy/PolicyForm.vue': { 1000: 'policy document texts', 20: 'policy document texts', 30: 'policy document texts' },
  'components/policy/ItemsEditor.vue': { 31: 'policy item code (POLICY_CODE_MAX 32 with its NUL)', 40: 'policy item label', 200: 'policy item text' },
  // search boxes: what is looked for, not what is stored
  'components/SearchBox.vue': { 40: 'search words' },
  'views/AuditView.vue': { 40: 'search: user', 12: 'search: record number' },
  'views/CaseList.vue': { 40: 'search words' },
}

function vueFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? vueFiles(path.join(dir, d.name)) : d.name.endsWith('.vue') ? [path.join(dir, d.name)] : []))
}

test('the limits table is there to check against', () => {
  assert.ok(ROWS.has('member_name') && ROWS.has('step_reason') && ROWS.size > 30, [...ROWS].join(' '))
})

test("every maxlength in the console is the server's", () => {
  const wrong = []
  for (const file of vueFiles(SRC)) {
    const rel = path.relative(SRC, file)
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(:?)maxlength="([^"]*)"/g)) {
      const [, bound, value] = m
      const line = text.slice(0, m.index).split('\n').length
      const key = /^textMax\('([a-z_]+)'\)$/.exec(value)
      if (bound && key) {
        if (!ROWS.has(key[1])) wrong.push(`${rel}:${line}: textMax('${key[1]}') is no row of limits.h`)
      } else if (bound && value === 'maxOf(f)' && rel === 'components/case/StepDialog.vue') {
        // the step fields: checked below
      } else if (LITERAL[rel] && LITERAL[rel][value]) {
        // a field outside the table
      } else {
        wrong.push(`${rel}:${line}: ${m[0]} (use :maxlength="textMax('<row>')")`)
      }
    }
  }
  assert.deepEqual(wrong, [])
})

test("the step dialog's text fields have rows in the limits table", () => {
  const text = fs.readFileSync(path.join(SRC, 'components/case/StepDialog.vue'), 'utf8')
  const fields = [...text.matchAll(/\{ (?:\.\.\.[A-Z_]+, )?key: '(\w+)'[^{}]*?\}/g)].filter((m) => !/type: '(date|int|yuan|switch|dossier)'/.test(m[0])).map((m) => m[1])
  assert.ok(fields.includes('investigators') && fields.includes('reason'), fields.join(' '))
  const missing = fields.filter((k) => !ROWS.has(k.startsWith('office') ? `notice_${k}` : `step_${k}`))
  assert.deepEqual(missing, [])
})

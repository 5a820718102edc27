// labels.test.mjs - web/src/lib/labels.js: codes become words (batches, the
// audit log's actions and details); what has no words goes to 校验信息.
// The audit log's words are the server's (GET /meta `audit`): taken from a
// real `bangfu serve` (BANGFU_BIN, build/bangfu by default), and so are the
// roles' names (`role_names`).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { adoptAuditWords, adoptRoleNames, auditAction, auditActionName, auditDetail, auditEntities, batchLabel, batchRefOf, withBatchWords } from '../../web/src/lib/labels.js'
import { initDb, Stage, cast, ok } from '../lib/harness.mjs'

let db, stage
before(async () => {
  db = initDb({ members: 1 })
  stage = new Stage(db)
  await stage.start()
  const { admin } = await cast(stage)
  const meta = await ok(admin.get('/api/v1/meta'))
  adoptAuditWords(meta.audit)
  adoptRoleNames(meta.role_names)
})
after(async () => {
  if (stage) await stage.stop()
  if (db) db.cleanup()
})

test('batch references in words, and back from what a user types', () => {
  assert.equal(batchLabel('pay-5'), '拨付第 5 批')
  assert.equal(batchLabel('loan-3'), '借款第 3 笔')
  assert.equal(batchLabel(''), '')
  assert.equal(batchLabel('visit-x'), '相关批次')
  for (const typed of ['5', '第5批', '拨付第 5 批', 'pay-5', ' 5 ']) assert.equal(batchRefOf(typed), 'pay-5', typed)
  assert.equal(batchRefOf(''), '')
  assert.equal(withBatchWords('帮扶资金拨付：东风村党支部（pay-12）'), '帮扶资金拨付：东风村党支部（拨付第 12 批）')
})

test('audit actions are Chinese, whatever the code', () => {
  assert.equal(auditAction({ action: 'update', entity: 'member' }).name, '修改党员')
  assert.equal(auditAction({ action: 'step', detail: { event: 'approve' } }).name, '审批案件')
  assert.equal(auditAction({ action: 'step', detail: { event: 'screen_pass' } }).name, '办理案件：筛查通过')
  assert.equal(auditAction({ action: 'pay.batch' }).name, '资金拨付')
  assert.equal(auditAction({ action: 'something_new' }).name, '其他操作')
  assert.equal(auditActionName('update'), '修改')
  assert.equal(auditActionName('calendar_set'), '设置工作日历')
})

test('a member edit: its changed fields, old → new, by the member\'s own words', () => {
  const edit = auditDetail({ action: 'update', entity: 'member', detail: { name: '朱立新', org_id: 3, changes: { address: { from: '东风村1组', to: '东风村2组' }, phone: { from: '138****5678', to: '139****1111' }, status: { from: '在职', to: '离退休' }, org_id: { from: 3, to: 4 } } } }, { orgName: (id) => ({ 3: '东风村党支部', 4: '西河村党支部' })[id] })
  assert.deepEqual(edit.lines, [
    { label: '家庭住址', text: '东风村1组 → 东风村2组' },
    { label: '联系电话', text: '138****5678 → 139****1111' },
    { label: '人员状态', text: '在职 → 离退休' },
    { label: '所属组织', text: '东风村党支部 → 西河村党支部' },
    { label: '姓名', text: '朱立新' },
    { label: '所属组织', text: '东风村党支部' },
  ])
  assert.deepEqual(edit.check, [])
})

test('audit details: field names, old → new, money in yuan; the rest under 校验信息', () => {
  const step = auditDetail({ action: 'step', entity: 'case', detail: { member_id: 5, member: '朱立新', kind: 'yearly', state: 'paid', version: 19, event: 'pay', from: 'screened', policy_version: 1, reason: '' } })
  assert.deepEqual(step.lines, [
    { label: '状态', text: '筛查通过待发放 → 已发放' },
    { label: '党员', text: '朱立新' },
    { label: '类型', text: '生活困难帮扶' },
    { label: '政策版本', text: '第 1 版' },
  ])
  assert.deepEqual(step.check, [{ label: 'version', text: '19' }])
  const user = auditDetail({ action: 'update', entity: 'user', detail: { username: 'town01', changes: { role: { from: 'branch', to: 'committee' }, org_id: { from: 3, to: 2 } } } }, { orgName: (id) => ({ 2: '城关镇党委', 3: '东风村党支部' })[id] })
  assert.deepEqual(user.lines, [
    { label: '角色', text: '党支部 → 党(工)委' },
    { label: '组织', text: '东风村党支部 → 城关镇党委' },
    { label: '用户名', text: 'town01' },
  ])
  const batch = auditDetail({ action: 'pay.batch', entity: 'pay_batch', detail: { total: 180000, hash: 'a'.repeat(64) } })
  assert.deepEqual(batch.lines, [{ label: '合计金额', text: '1,800.00 元' }])
  assert.deepEqual(batch.check, [{ label: 'hash', text: 'a'.repeat(64) }])
  for (const d of [step, user, batch]) for (const l of d.lines) assert.ok(!l.text.includes('{'), l.text)
})

// Every audit_record(…) in the C sources with a literal action and object:
// [action or null, entity], so a new object or action without words fails
// here instead of reading 其他 in the audit page's filter.
function recordedAudits() {
  const out = []
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.c')) {
        const src = readFileSync(p, 'utf8')
        for (const m of src.matchAll(/audit_record(?:_tx)?\(\s*[^,()]+,\s*[^,()]+,\s*("([^"]+)"|[^,]+?),\s*"([a-z_]+)"/g)) out.push([m[2] || null, m[3], p])
      }
    }
  }
  walk(new URL('../../src', import.meta.url).pathname)
  return out
}

test('the audit filter offers every object the server records, each with its Chinese name', () => {
  const entities = auditEntities()
  const rec = recordedAudits()
  const objects = new Set(rec.map((r) => r[1]))
  for (const e of ['roll_entry', 'roll_review', 'roll_review_item', 'verification', 'verification_check', 'screening', 'screening_batch']) assert.ok(objects.has(e), `${e} recorded`)
  for (const e of objects) assert.match(entities[e] || '', /\p{Script=Han}/u, `${e} has no word for the audit filter`)
  for (const [a, e, p] of rec) if (a) assert.notEqual(auditAction({ action: a, entity: e }).name, '其他操作', `${a} (${p})`)
  assert.equal(entities.verification, '走访核查')
})

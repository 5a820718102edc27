// caseText.js - the Chinese words of the aid procedure (issue #3) shared by
// the case, round, notice and to-do pages: states, steps, kinds, categories,
// tiers, loss types, dossier items, attachment kinds, objection channels and
// outcomes (money is lib/money.js).  The server answers its own
// labels (state_label, kind_label …) with every record; these tables serve the
// filters and forms, which must offer the choices before any record exists.
// They mirror src/core/cases/workflow.c, src/core/cases/policy.c and src/http/*.c.

/** States in procedure order, with their Chinese names. */
export const STATES = [
  { value: 'applied', label: '已申请' },
  { value: 'investigated', label: '已调查' },
  { value: 'appraised', label: '已评议' },
  { value: 'decided', label: '支委会已研究' },
  { value: 'in_notice', label: '公示中' },
  { value: 'noticed', label: '公示期满' },
  { value: 'submitted', label: '已上报党(工)委' },
  { value: 'reviewed', label: '党(工)委已审核' },
  { value: 'approved', label: '组织部已审批备案' },
  { value: 'screening', label: '筛查中' },
  { value: 'screened', label: '筛查通过待发放' },
  { value: 'paid', label: '已发放' },
  { value: 'verified', label: '已核查办结' },
  { value: 'returned', label: '退回修改' },
  { value: 'rejected', label: '不予帮扶' },
]

/** Steps (events) and the case edits that appear on the timeline. */
export const EVENTS = {
  investigate: '记录入户调查',
  appraise: '记录民主评议',
  decide: '支委会研究',
  open_notice: '开始公示',
  close_notice: '结束公示',
  submit: '上报党(工)委',
  review: '党(工)委审核',
  approve: '组织部审批备案',
  pay_first: '先发后补',
  enter_screening: '录入救助系统',
  screen_pass: '筛查通过',
  screen_fail: '筛查未通过',
  pay: '登记发放',
  verify: '走访核查',
  return: '退回修改',
  resubmit: '重新提交',
  reject: '不予帮扶',
  create: '新建申请',
  update: '修改申请信息',
  attach: '上传附件',
  objection: '收到异议',
  objection_handled: '异议已处理',
  paperwork_done: '补齐手续',
}

export const KINDS = [
  { value: 'yearly', label: '生活困难帮扶' },
  { value: 'emergency', label: '突发事故救助' },
]

export const CATEGORIES = [
  { value: 'capacity', label: '造血型' },
  { value: 'relief', label: '输血型' },
  { value: 'care', label: '关爱型' },
]

export const TIERS = [
  { value: 'severe', label: '特别困难' },
  { value: 'moderate', label: '比较困难' },
  { value: 'temporary', label: '暂时困难' },
]

export const LOSS_TYPES = [
  { value: 'major_loss', label: '突发事故造成重大损失' },
  { value: 'sudden_illness', label: '突发重大疾病' },
  { value: 'disability_death', label: '严重伤残或死亡' },
  { value: 'other', label: '其他特殊困难' },
]

/** The six items of the dossier (§3 step 7), in the API's order. */
export const DOSSIER = [
  { value: 'application', label: '书面申请' },
  { value: 'application_form', label: '申请表' },
  { value: 'assembly_minutes', label: '党员大会记录' },
  { value: 'committee_minutes', label: '支委会记录' },
  { value: 'notice_report', label: '公示结果报告' },
  { value: 'registration_form', label: '信息登记表' },
]

/** Attachment kinds: the dossier items (uploading one ticks it) and the rest. */
export const ATTACHMENT_KINDS = [
  ...DOSSIER,
  { value: 'diagnosis', label: '医院诊断证明' },
  { value: 'accident_certificate', label: '事故证明' },
  { value: 'receipt', label: '签收单' },
  { value: 'verification', label: '走访核查记录' },
  { value: 'other', label: '其他材料' },
]

export const CHANNELS = [
  { value: 'phone', label: '电话' },
  { value: 'letter', label: '信函' },
  { value: 'in_person', label: '来访' },
]

export const OUTCOMES = [
  { value: 'unfounded', label: '异议不成立' },
  { value: 'upheld_returned', label: '异议成立，退回修改' },
  { value: 'upheld_rejected', label: '异议成立，不予帮扶' },
]

export const ROUND_STATUS = { open: '进行中', closed: '已结束' }

const byValue = (list) => Object.fromEntries(list.map((o) => [o.value, o.label]))
const STATE_LABELS = byValue(STATES)
const KIND_LABELS = byValue(KINDS)
const CATEGORY_LABELS = byValue(CATEGORIES)
const TIER_LABELS = byValue(TIERS)
const LOSS_LABELS = byValue(LOSS_TYPES)
const ATTACHMENT_LABELS = byValue(ATTACHMENT_KINDS)

export const stateLabel = (s) => STATE_LABELS[s] || s || ''
export const eventLabel = (e) => EVENTS[e] || e || ''
export const kindLabel = (k) => KIND_LABELS[k] || k || ''
export const categoryLabel = (c) => CATEGORY_LABELS[c] || c || ''
export const tierLabel = (t) => TIER_LABELS[t] || t || ''
export const lossLabel = (l) => LOSS_LABELS[l] || l || ''
export const attachmentKindLabel = (k) => ATTACHMENT_LABELS[k] || k || ''

/** Finished cases have no deadline and no next step. */
export const FINISHED = new Set(['verified', 'rejected'])

/** Element Plus tag type of a state: where the case stands at a glance. */
export function stateTagType(s) {
  if (s === 'verified') return 'success'
  if (s === 'rejected') return 'danger'
  if (s === 'returned') return 'warning'
  if (s === 'in_notice' || s === 'noticed') return 'primary'
  if (['approved', 'screening', 'screened', 'paid'].includes(s)) return 'success'
  return 'info'
}

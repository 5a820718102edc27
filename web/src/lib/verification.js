// verification.js - the words of the verification campaign (走访核查) on the
// console: findings, the facts a check records, a campaign's status.
export const FINDINGS = { none: '无问题', irregular: '存在问题', fraud: '骗取帮扶款' }
export const FINDING_TAG = { none: 'success', irregular: 'warning', fraud: 'danger' }
export const FACTS = [
  ['phone_reached', '电话是否打通'],
  ['phone_correct', '电话号码是否正确'],
  ['living_as_declared', '生活状况是否与申报一致'],
  ['notice_posted', '是否张贴公示'],
  ['money_received', '帮扶款是否收到并签收'],
]
export const CAMPAIGN_STATUS = { open: '进行中', closed: '已结束' }

export function findingText(f) {
  return FINDINGS[f] || '待核查'
}

/** "3 / 8" and the share done, for a progress bar. */
export function donePercent(done, sample) {
  return sample ? Math.round((100 * done) / sample) : 0
}

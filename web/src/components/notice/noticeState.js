// noticeState.js - how a notice's state reads (公示中 / 已期满待结束 / 已结束):
// the API answers status open|closed and `ended` (today is after ends_on).

/** {label, tag} for an el-tag. */
export function noticeState(n) {
  if (!n) return { label: '', tag: 'info' }
  if (n.status === 'closed') return { label: '已结束', tag: 'info' }
  if (n.ended) return { label: '已期满待结束', tag: 'warning' }
  return { label: '公示中', tag: 'success' }
}

// pairingText.js - the words of 结对帮扶 (issue #12): a pairing's status and
// the six 定 as the server names them (docs/API.md "Pairing").
export const STATUSES = [
  { value: 'open', label: '帮扶中', tag: 'success' },
  { value: 'ended', label: '已结束', tag: 'info' },
]

export const statusTag = (p) => (p.stale ? 'warning' : (STATUSES.find((s) => s.value === p.status) || { tag: 'info' }).tag)
export const statusText = (p) => (p.stale ? '超期未记录' : p.status_label)

// The six 定 in the order the documents give them.
export const SIX = [
  { key: 'goal', label: '定目标' },
  { key: 'measures', label: '定措施' },
  { key: 'time', label: '定时间' },
  { key: 'person', label: '定人' },
  { key: 'place', label: '定点' },
  { key: 'matter', label: '定事' },
]

// The helper as one line: "王建国（城关镇党委书记）" or with the helper's branch.
export function helperText(p) {
  const post = p.helper_post || p.helper_org_name
  return post ? `${p.helper_name}（${post}）` : p.helper_name
}

export const sizeText = (n) => (n >= 1024 * 1024 ? (n / 1024 / 1024).toFixed(1) + ' MB' : n >= 1024 ? Math.round(n / 1024) + ' KB' : n + ' B')

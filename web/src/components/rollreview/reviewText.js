// reviewText.js - the words of the roll reviews (台账动态调整, docs/API.md
// "The June and November reviews"): the decisions with their keyboard keys
// and tag colours, and the states of an item.
export const DECISIONS = {
  continue: { label: '继续保留', short: '保留', key: '1', tag: 'success' },
  change: { label: '调整类别或档次', short: '调整', key: '2', tag: 'warning' },
  exit: { label: '脱困退出', short: '脱困', key: '3', tag: 'info' },
  deceased: { label: '亡故', short: '亡故', key: '4', tag: 'info' },
  moved: { label: '迁出', short: '迁出', key: '5', tag: 'info' },
}
export const DECISION_KEYS = Object.fromEntries(Object.entries(DECISIONS).map(([k, v]) => [v.key, k]))
export const ITEM_STATUS = {
  open: { label: '待填报', tag: 'warning' },
  decided: { label: '待确认', tag: 'primary' },
  confirmed: { label: '已确认', tag: 'success' },
}

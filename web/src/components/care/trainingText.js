// trainingText.js - the words of 技能培训 (issue #12): the topics and the
// marks of attendance, as the server names them (docs/API.md "Training").
export const TOPICS = [
  { value: 'planting', label: '种植' },
  { value: 'breeding', label: '养殖' },
  { value: 'processing', label: '加工' },
  { value: 'ecommerce', label: '电商' },
  { value: 'other', label: '其他' },
]

export const MARKS = [
  { value: 'present', label: '出席', tag: 'success' },
  { value: 'excused', label: '请假', tag: 'warning' },
  { value: 'absent', label: '缺席', tag: 'danger' },
]

export const markTag = (status) => (MARKS.find((m) => m.value === status) || { tag: 'info' }).tag

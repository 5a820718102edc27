// talkText.js - the words of talks and political birthdays (谈心谈话,
// 政治生日; docs/API.md "Talks", "Greetings"): the kinds of a talk, the
// ways of a greeting, as the server names them.
export const TALK_KINDS = [
  { value: 'yearly', label: '年度谈心谈话' },
  { value: 'achievement', label: '取得成绩时' },
  { value: 'difficulty', label: '遇到困难时' },
  { value: 'conflict', label: '发生矛盾时' },
  { value: 'error', label: '出现失误时' },
  { value: 'problem', label: '出现问题时' },
  { value: 'post_change', label: '岗位变动时' },
  { value: 'retirement', label: '退休时' },
  { value: 'complaint', label: '群众有反映时' },
]

export const GREETING_WAYS = [
  { value: 'phone', label: '电话' },
  { value: 'message', label: '短信' },
  { value: 'card', label: '贺卡' },
  { value: 'visit', label: '上门' },
  { value: 'event', label: '集体活动' },
]

/** "12 / 30（40%）" of a coverage row. */
export function share(done, all) {
  if (!all) return '—'
  return `${done} / ${all}（${Math.round((done * 100) / all)}%）`
}

/** The percentage (0-100) for a progress bar. */
export function percent(done, all) {
  return all ? Math.round((done * 100) / all) : 0
}

// redirect.js - where the login page sends the user back to (the `redirect`
// query: the page they were on when the session expired, or a page their
// role could not open), and the words the login page says about why it was
// shown.  The target must be a route of this console: a hash path starting
// with one "/" (never "//host" or "/\host", which some routers and browsers
// read as another origin), no scheme, no control characters, not the login
// page itself.

const LOGIN_REASONS = {
  expired: '登录已过期，请重新登录',
  forbidden: '您没有权限访问该页面，请使用有权限的账号登录',
}

/** The internal route path to go to after logging in, else '/'. */
export function safeRedirect(target) {
  if (typeof target !== 'string' || target.length > 2000) return '/'
  if (!/^\/(?![/\\])/.test(target)) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return '/'
  if (/^\/(login|password)(?:[/?#]|$)/.test(target)) return '/'
  return target
}

/** The query of the login page that brings the user back to fullPath. */
export function loginQuery(fullPath, reason) {
  const query = {}
  const back = safeRedirect(fullPath)
  if (back !== '/') query.redirect = back
  if (reason && LOGIN_REASONS[reason]) query.reason = reason
  return query
}

/** What the login page says: why the user is there (query.reason), or that a page waits. */
export function loginNotice(query) {
  const reason = query && typeof query.reason === 'string' ? query.reason : ''
  if (LOGIN_REASONS[reason]) return LOGIN_REASONS[reason]
  if (query && safeRedirect(query.redirect) !== '/') return '请登录后继续访问该页面'
  return ''
}

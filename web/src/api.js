// api.js - the one place the console talks to the server (docs/API.md).
// Every call goes through request(): it sends the session cookie, adds the
// CSRF token to mutating requests, parses JSON and turns every failure into an
// ApiError carrying the server's status, code, Chinese message and field, so
// pages can show the message where it belongs (a form field or a toast).

const BASE = '/api/v1'
const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

let csrfToken = ''
let unauthorizedHandler = null
let passwordDueHandler = null

/** The error every failed call rejects with. */
export class ApiError extends Error {
  constructor({ status = 0, code = 'network', message = '', field = null, retryAfter = null } = {}) {
    super(message || '请求失败')
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.retryAfter = retryAfter
  }
}

/** Remembers the token the login (or GET /session) answered. */
export function setCsrfToken(token) {
  csrfToken = token || ''
}

/** Called on a 403 password_change_required (the password must be changed first). */
export function onPasswordDue(handler) {
  passwordDueHandler = handler
}

/** Called on any 401 except the login itself and the session probe. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler
}

function withQuery(path, query) {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const s = params.toString()
  return s ? `${path}?${s}` : path
}

/** The file name of a Content-Disposition header (RFC 5987 filename* first). */
export function dispositionName(header) {
  if (!header) return ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      /* fall back to the plain name */
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header)
  return plain ? plain[1] : ''
}

async function parseBody(res) {
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return undefined // not JSON: a proxy or a crash page
  }
}

/**
 * request(method, path, { body, raw, headers, query, quiet401, file }) ->
 * parsed JSON (or null).  body is sent as JSON; raw (a File or Blob) as it
 * is, with extra headers.  quiet401: do not send the user to the login page
 * on 401 (login, probe).  file: the answer is a download: resolves with
 * { blob, name } (name from Content-Disposition's filename*); errors are
 * still the server's JSON, as for every call.
 */
export async function request(method, path, { body, raw, headers: extra, query, quiet401 = false, file = false } = {}) {
  const headers = { Accept: 'application/json', ...extra }
  const init = { method, headers, credentials: 'same-origin' }
  if (raw !== undefined) {
    init.body = raw
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  if (MUTATING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let res
  try {
    res = await fetch(BASE + withQuery(path, query), init)
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: '无法连接服务器，请检查网络后重试' })
  }
  if (file && res.ok) return { blob: await res.blob(), name: dispositionName(res.headers.get('Content-Disposition')) }
  const data = await parseBody(res)
  if (res.ok) return data ?? null

  throw failure(res.status, data, res.headers.get('Retry-After'), quiet401)
}

/* The ApiError of a failed answer (status, its JSON body), after telling
 * the 401 and password-due handlers. */
function failure(status, data, retryAfter, quiet401 = false) {
  const e = data && data.error ? data.error : {}
  const err = new ApiError({
    status,
    code: e.code || 'http_' + status,
    message: e.message || `服务器返回错误（HTTP ${status}）`,
    field: e.field || null,
    retryAfter,
  })
  // a file's bad rows (the screening imports): [{line, column, reason}]
  if (data && Array.isArray(data.rows)) err.rows = data.rows
  if (status === 401 && !quiet401 && unauthorizedHandler) unauthorizedHandler(err)
  if (err.code === 'password_change_required' && passwordDueHandler) passwordDueHandler(err)
  return err
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
}

export default api

/**
 * Posts a file as the raw body (not JSON) with its type and X-Filename, as
 * the upload routes want, through request() (CSRF token, ApiError, 401).
 */
export function uploadFile(path, file, query) {
  const type = file.type || (/\.pdf$/i.test(file.name) ? 'application/pdf' : /\.png$/i.test(file.name) ? 'image/png' : 'image/jpeg')
  const headers = { 'Content-Type': type, 'X-Filename': encodeURIComponent(file.name) }
  return request('POST', path, { raw: file, headers, query })
}

/**
 * Downloads GET path?query as a file the browser saves (an export), through
 * request() (the session, ApiError, 401 to the login page); resolves with
 * the name it was saved under.
 */
export async function downloadFile(path, query, fallbackName = 'download') {
  const { blob, name } = await request('GET', path, { query, file: true })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name || fallbackName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
  return a.download
}

/**
 * Sends a file as the raw body of PUT path with the upload's progress
 * (onProgress(loaded, total) as the bytes leave), which fetch cannot tell:
 * an XMLHttpRequest with the CSRF token; resolves with the JSON answer,
 * rejects with an ApiError as request() does.
 */
export function putFileWithProgress(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', BASE + path)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(ev.loaded, ev.total)
    }
    xhr.onload = () => {
      let data
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        data = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data ?? null)
      else reject(failure(xhr.status, data, xhr.getResponseHeader('Retry-After')))
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: '无法连接服务器，请检查网络后重试' }))
    xhr.send(file)
  })
}


// session.js - who is logged in, the reference data the forms offer (meta) and
// the organisation list, shared by every page.  Kept in one reactive object so
// the header, the menu and the forms agree without a state library.
import { reactive } from 'vue'
import api, { setCsrfToken } from './api.js'
import { adoptServerToday } from './lib/date.js'
import { ROLE_NAMES, adoptAuditWords, adoptRoleNames } from './lib/labels.js'

export { ROLE_NAMES }

export const session = reactive({
  user: null, // {id, username, display_name, role, org_id, org_name, org_kind}
  probed: false, // GET /session tried once since the page loaded
  meta: null,
  orgs: null, // flat list from GET /orgs, parents first
  // The password must be changed before anything else: null, 'reset'
  // (generated or reset by an administrator) or 'expired'.
  passwordDue: null,
})

function adopt(answer) {
  session.user = answer.user
  session.passwordDue = answer.password_change_required ? answer.password_change_reason || 'reset' : null
  setCsrfToken(answer.csrf_token)
}

/**
 * Changes one's own password; the server ends the other sessions and this
 * one stays.  Rejects with ApiError (field old_password / new_password).
 */
export async function changePassword(oldPassword, newPassword) {
  await api.post('/session/password', { old_password: oldPassword, new_password: newPassword })
  adopt(await api.get('/session'))
}

/** Logs in; rejects with ApiError (400/401/429) for the login page to show. */
export async function login(username, password) {
  const answer = await api.post('/session', { username, password }, { quiet401: true })
  session.meta = null
  session.orgs = null
  adopt(answer)
  return answer.user
}

/** On a page reload: is the cookie still good?  Never throws on 401. */
export async function probe() {
  if (session.probed) return session.user
  try {
    adopt(await api.get('/session', undefined, { quiet401: true }))
  } catch (e) {
    if (e.status !== 401) throw e
  } finally {
    session.probed = true
  }
  return session.user
}

export async function logout() {
  try {
    await api.del('/session', { quiet401: true })
  } finally {
    forget()
  }
}

/** Drops everything known about the user (logout, or the server said 401). */
export function forget() {
  session.user = null
  session.passwordDue = null
  session.meta = null
  session.orgs = null
  setCsrfToken('')
}

/** GET /meta once per login: the forms' choices, the server's today (lib/date.js) and the audit log's words (lib/labels.js). */
export async function loadMeta() {
  if (!session.meta) {
    session.meta = await api.get('/meta')
    adoptServerToday(session.meta.today)
    adoptAuditWords(session.meta.audit)
    adoptRoleNames(session.meta.role_names)
  }
  return session.meta
}

/**
 * The longest text the server stores for a field (GET /meta `limits`, keyed
 * by the row of include/bangfu/limits.h in lower case: 'member_name',
 * 'step_reason' …), for a form's maxlength: the console's one source of
 * text limits, so a form never disagrees with the server.  undefined (no
 * limit in the form; the server still checks) before /meta has answered.
 */
export function textMax(key) {
  const l = session.meta && session.meta.limits && session.meta.limits[key]
  return l ? l.max : undefined
}

export async function loadOrgs(force = false) {
  if (!session.orgs || force) session.orgs = (await api.get('/orgs')).items || []
  return session.orgs
}

/**
 * The kinds of organisation each role may be attached to (the server's
 * rule, docs/API.md "Roles and organisations"), with the words for a
 * message at the field.
 */
export const ROLE_ORG_KINDS = {
  admin: { kinds: ['department', 'committee'], where: '组织部或党（工）委' },
  department: { kinds: ['department'], where: '组织部（根组织）' },
  committee: { kinds: ['committee'], where: '党委或党工委' },
  branch: { kinds: ['branch', 'general_branch'], where: '党支部或党总支' },
  auditor: { kinds: ['department', 'committee'], where: '组织部或党（工）委' },
}

/** '' when a user of role may belong to org, else the Chinese reason. */
export function roleOrgProblem(role, org) {
  const r = ROLE_ORG_KINDS[role]
  if (!r || !org || r.kinds.includes(org.kind)) return ''
  return `${roleName(role)}账号只能属于${r.where}`
}

/** May the current user manage an account of role (the server's rule)? */
export function canManageRole(role) {
  if (hasRole('admin')) return true
  return hasRole('department') && (role === 'committee' || role === 'branch')
}

export function hasRole(...roles) {
  return !!session.user && roles.includes(session.user.role)
}

export function roleName(role) {
  return ROLE_NAMES[role] || role || ''
}

/** Who sees 校验信息 (hashes, chain places): auditors, the department, the administrator. */
export function mayCheck() {
  return hasRole('admin', 'department', 'auditor')
}

/** Roles that may change data: everyone but the auditor. */
export function canEdit() {
  return !!session.user && session.user.role !== 'auditor'
}

/* account.c - the account lifecycle (issue #8 §3): reading, editing,
 * disabling and enabling users, setting or resetting another user's
 * password, changing one's own, and one's own sessions.  Who may manage
 * whom: admin anyone in scope; department the committee and branch
 * accounts of its subtree; nobody their own role, organisation or
 * activity.  Users are never deleted (their history stays in the audit
 * log and the records they made).  Every change is audited with who
 * changed what of whom, never a password or its hash. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "register.h"
#include "store.h"
#include "text.h"
#include "core/common/common.h"

static int is_manager(const struct actor *a)
{
	return !strcmp(a->role, "admin") || !strcmp(a->role, "department");
}

/* May the actor manage an account of role (or give that role)? */
static int may_manage(const struct actor *a, const char *role)
{
	if (!strcmp(a->role, "admin"))
		return 1;
	return !strcmp(a->role, "department") &&
	       (!strcmp(role, "committee") || !strcmp(role, "branch"));
}

/* Reads user id when in the actor's scope: 0, a store code, or -1 (404). */
static int target_get(struct db *db, const struct actor *a, int64_t id, struct user *u,
		      struct bf_err *e)
{
	enum db_qs qs = store_user_get(db, id, u, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, u->org_path))
		return err_set(e, EC_NOT_FOUND, NULL, "用户不存在或不在您的管辖范围内");
	return 0;
}

/* target_get, then whether the actor may manage that account at all. */
static int target_managed(struct db *db, const struct actor *a, int64_t id, struct user *u,
			  struct bf_err *e)
{
	int rc = target_get(db, a, id, u, e);
	if (rc)
		return rc;
	if (!may_manage(a, u->role))
		return err_set(e, EC_FORBIDDEN, NULL, "您不能管理%s账号",
			       access_role_label(u->role));
	return 0;
}

static int audit_user(struct db *db, const struct actor *a, const char *action,
		      const struct user *u, const char *more, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_adds(&d, "{\"username\":\"");
	strbuf_add_json_str(&d, u->username);
	strbuf_addf(&d, "\"%s%s}", more ? "," : "", more ? more : "");
	int rc = audit_record(db, a, action, "user", u->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int user_get(struct core *c, const struct actor *a, int64_t id, struct user *out, struct bf_err *e)
{
	if (!is_manager(a))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能查看用户");
	return target_get(c->db, a, id, out, e) ? -1 : 0;
}

/* ---- editing ---------------------------------------------------------------- */

struct update_ctx {
	const struct actor *a;
	struct user *in;
};

static int update_check(struct db *db, const struct actor *a, const struct user *old,
			struct user *in, struct bf_err *e)
{
	struct org o;
	if (!may_manage(a, in->role))
		return err_set(e, EC_FORBIDDEN, "role", "角色：您不能授予%s角色",
			       access_role_label(in->role));
	if (old->id == a->user_id && (strcmp(old->role, in->role) || old->org_id != in->org_id))
		return err_set(e, EC_FORBIDDEN, NULL, "不能修改自己的角色或所属组织");
	enum db_qs qs = store_org_get(db, in->org_id, &o, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, o.path))
		return err_set(e, EC_INVALID, "org_id", "所属组织不存在或不在您的管辖范围内");
	return access_role_fits_org(in->role, &o, "org_id", e);
}

static int update_fn(struct db *db, void *p, struct bf_err *e)
{
	struct update_ctx *x = p;
	struct user old;
	int rc = target_managed(db, x->a, x->in->id, &old, e);
	if (rc)
		return rc;
	snprintf(x->in->username, sizeof(x->in->username), "%s", old.username);
	x->in->active = old.active;
	if (user_validate(x->in, e) || (rc = update_check(db, x->a, &old, x->in, e)))
		return rc ? rc : -1;
	struct strbuf d = STRBUF_INIT;
	core_diff_text(&d, "display_name", old.display_name, x->in->display_name);
	core_diff_text(&d, "role", old.role, x->in->role);
	if (old.org_id != x->in->org_id)
		strbuf_addf(&d, "%s\"org_id\":{\"from\":%" PRId64 ",\"to\":%" PRId64 "}",
			    d.len ? "," : "", old.org_id, x->in->org_id);
	if (!d.len) { /* nothing changed: nothing to write */
		strbuf_release(&d);
		return 0;
	}
	enum db_qs qs = store_user_update(db, x->in, e);
	if (qs >= 0) {
		struct strbuf more = STRBUF_INIT;
		strbuf_addf(&more, "\"changes\":{%s}", d.buf);
		rc = audit_user(db, x->a, "update", &old, more.buf, e);
		strbuf_release(&more);
	}
	strbuf_release(&d);
	return qs < 0 ? qs : rc;
}

int user_update(struct core *c, const struct actor *a, struct user *in, struct bf_err *e)
{
	if (!is_manager(a))
		return err_set(e, EC_FORBIDDEN, NULL, "只有系统管理员和组织部可以管理用户");
	text_trim(in->display_name);
	struct update_ctx x = {.a = a, .in = in};
	if (db_run_tx(c->db, "user_update", 1, update_fn, &x, e))
		return -1;
	return target_get(c->db, a, in->id, in, e) ? -1 : 0;
}

/* ---- disabling and enabling ------------------------------------------------- */

struct active_ctx {
	const struct actor *a;
	int64_t id;
	int active;
};

static int active_fn(struct db *db, void *p, struct bf_err *e)
{
	struct active_ctx *x = p;
	struct user u;
	int64_t ended = 0;
	int rc = target_managed(db, x->a, x->id, &u, e);
	if (rc)
		return rc;
	if (u.id == x->a->user_id)
		return err_set(e, EC_FORBIDDEN, NULL, "不能停用或启用自己的账号");
	if (u.active == x->active)
		return 0;
	u.active = x->active;
	enum db_qs qs = store_user_update(db, &u, e);
	if (qs < 0)
		return qs;
	if (!x->active && (qs = store_session_end_all(db, u.id, NULL, &ended, e)) < 0)
		return qs;
	char more[64];
	snprintf(more, sizeof(more), "\"sessions_ended\":%" PRId64, ended);
	return audit_user(db, x->a, x->active ? "enable" : "disable", &u, x->active ? NULL : more,
			  e);
}

int user_set_active(struct core *c, const struct actor *a, int64_t id, int active, struct bf_err *e)
{
	if (!is_manager(a))
		return err_set(e, EC_FORBIDDEN, NULL, "只有系统管理员和组织部可以管理用户");
	struct active_ctx x = {.a = a, .id = id, .active = active ? 1 : 0};
	return db_run_tx(c->db, "user_set_active", 1, active_fn, &x, e);
}

/* ---- passwords -------------------------------------------------------------- */

/* 1 when pw is the user's current password or one of the ones before it
 * (AUTH_PASSWORD_HISTORY in all), 0 when not, -1 on a store error. */
static int reused(struct db *db, const struct user *u, const char *pw, struct bf_err *e)
{
	char h[AUTH_PASSWORD_HISTORY - 1][128];
	int n = 0;
	if (crypto_password_verify(u->password_hash, pw))
		return 1;
	if (store_password_history(db, u->id, AUTH_PASSWORD_HISTORY - 1, h, &n, e) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (crypto_password_verify(h[i], pw))
			return 1;
	return 0;
}

/* The policy and the history for a password chosen by a person. */
static int chosen_ok(struct db *db, const struct user *u, const char *pw, const char *field,
		     struct bf_err *e)
{
	if (auth_password_check(u->username, pw, field, e))
		return -1;
	int r = reused(db, u, pw, e);
	if (r)
		return r < 0 ? -1
			     : err_set(e, EC_WEAK_PASSWORD, field,
				       "新密码不能与最近 %d 次使用过的密码相同",
				       AUTH_PASSWORD_HISTORY);
	return 0;
}

struct pw_ctx {
	const struct actor *a;
	int64_t id;
	const char *hash;
	int must_change;
	const char *keep_hash; /* own change: the session that stays */
	const char *action;
};

/* Stores the new hash, remembers the old one, ends sessions, audits. */
static int password_fn(struct db *db, void *p, struct bf_err *e)
{
	struct pw_ctx *x = p;
	struct user u;
	int64_t now = (int64_t)time(NULL);
	enum db_qs qs = DB_ONE;
	int rc = 0;
	if (x->keep_hash)
		qs = store_user_get(db, x->id, &u, e); /* oneself */
	else
		rc = target_managed(db, x->a, x->id, &u, e);
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, NULL, NULL);
	if (qs < 0 || rc)
		return qs < 0 ? qs : rc;
	if ((qs = store_user_set_password(db, u.id, x->hash, x->must_change, now, e)) < 0 ||
	    (qs = store_password_history_add(db, u.id, u.password_hash, now, e)) < 0 ||
	    (qs = store_session_end_all(db, u.id, x->keep_hash, NULL, e)) < 0)
		return qs;
	return audit_user(db, x->a, x->action, &u,
			  x->must_change ? "\"must_change_password\":true" : NULL, e);
}

int user_set_password(struct core *c, const struct actor *a, int64_t id, const char *password,
		      char out[AUTH_GENERATED_LEN + 1], struct bf_err *e)
{
	struct user u;
	char hash[128];
	if (!is_manager(a))
		return err_set(e, EC_FORBIDDEN, NULL, "只有系统管理员和组织部可以重置密码");
	if (target_managed(c->db, a, id, &u, e))
		return -1;
	if (a->user_id && u.id == a->user_id)
		return err_set(e, EC_FORBIDDEN, NULL, "请在个人中心修改自己的密码");
	if (password) {
		if (chosen_ok(c->db, &u, password, "password", e))
			return -1;
	} else {
		if (auth_password_generate(out))
			return err_set(e, EC_INTERNAL, NULL, NULL);
		password = out;
	}
	if (crypto_password_hash(password, hash))
		return err_set(e, EC_INTERNAL, NULL, NULL);
	struct pw_ctx x = {.a = a,
			   .id = id,
			   .hash = hash,
			   .must_change = password == out,
			   .action = "password_reset"};
	return db_run_tx(c->db, "user_set_password", 1, password_fn, &x, e);
}

static int count_failure_fn(struct db *db, void *p, struct bf_err *e)
{
	return store_login_failure_add(db, p, (int64_t)time(NULL), e) < 0 ? -1 : 0;
}

/* The old password of an own change: throttled and counted like a login. */
static int old_password_ok(struct core *c, const struct user *u, const char *old, struct bf_err *e)
{
	char ukey[96];
	int64_t n = 0, now = (int64_t)time(NULL);
	snprintf(ukey, sizeof(ukey), "user:%s", u->username);
	if (store_login_failure_count(c->db, ukey, now - AUTH_THROTTLE_WINDOW, &n, e) < 0)
		return -1;
	if (n >= AUTH_MAX_USER_FAILURES)
		return err_set(e, EC_THROTTLED, "old_password",
			       "密码错误次数过多，请 %d 分钟后再试", AUTH_THROTTLE_WINDOW / 60);
	if (crypto_password_verify(u->password_hash, old))
		return 0;
	struct bf_err ignored;
	db_run_tx(c->db, "old_password_ok", 1, count_failure_fn, ukey, &ignored);
	return err_set(e, EC_INVALID, "old_password", "原密码不正确");
}

int auth_change_password(struct core *c, const struct actor *a, const char *keep_hash,
			 const char *old_password, const char *new_password, struct bf_err *e)
{
	struct user u;
	char hash[128];
	if (!a->user_id)
		return err_set(e, EC_FORBIDDEN, NULL, "请登录后修改密码");
	enum db_qs qs = store_user_get(c->db, a->user_id, &u, e);
	if (qs != DB_ONE)
		return qs < 0 ? -1 : err_set(e, EC_UNAUTHENTICATED, NULL, NULL);
	if (!old_password[0])
		return err_set(e, EC_MISSING, "old_password", "请输入原密码");
	if (old_password_ok(c, &u, old_password, e) ||
	    chosen_ok(c->db, &u, new_password, "new_password", e))
		return -1;
	if (crypto_password_hash(new_password, hash))
		return err_set(e, EC_INTERNAL, NULL, NULL);
	struct pw_ctx x = {.a = a,
			   .id = u.id,
			   .hash = hash,
			   .keep_hash = keep_hash ? keep_hash : "",
			   .action = "password_change"};
	return db_run_tx(c->db, "auth_change_password", 1, password_fn, &x, e);
}

/* ---- one's own sessions ----------------------------------------------------- */

/* 1 when a session is past the limits (auth_session ends it when it next
 * comes; until then it is not listed as open). */
static int session_expired(const struct session *s, const struct auth_limits *lim, int64_t now)
{
	return s->last_seen + lim->idle_timeout < now ||
	       (lim->lifetime > 0 && s->created_at + lim->lifetime < now);
}

int auth_sessions(struct core *c, const struct actor *a, const struct auth_limits *lim,
		  struct session **items, size_t *n, struct bf_err *e)
{
	if (store_session_list(c->db, a->user_id, items, n, e) < 0)
		return -1;
	int64_t now = (int64_t)time(NULL);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (!session_expired(&(*items)[i], lim, now))
			(*items)[kept++] = (*items)[i];
	*n = kept;
	return 0;
}

struct end_ctx {
	const struct actor *a;
	int64_t id;
	const char *keep_hash;
	int64_t *ended;
};

static int end_fn(struct db *db, void *p, struct bf_err *e)
{
	struct end_ctx *x = p;
	int64_t n = 0;
	enum db_qs qs;
	if (x->id) {
		qs = store_session_end(db, x->a->user_id, x->id, e);
		if (qs == DB_NONE)
			return err_set(e, EC_NOT_FOUND, NULL, "该登录会话不存在或已结束");
		n = 1;
	} else {
		qs = store_session_end_all(db, x->a->user_id, x->keep_hash, &n, e);
	}
	if (qs < 0)
		return qs;
	if (x->ended)
		*x->ended = n;
	char d[64];
	snprintf(d, sizeof(d), "{\"session\":%" PRId64 ",\"ended\":%" PRId64 "}", x->id, n);
	return audit_record(db, x->a, x->id ? "session_end" : "session_end_others", "user",
			    x->a->user_id, d, e);
}

int auth_session_end(struct core *c, const struct actor *a, int64_t id, const char *keep_hash,
		     int64_t *ended, struct bf_err *e)
{
	struct end_ctx x = {
	    .a = a, .id = id, .keep_hash = keep_hash ? keep_hash : "", .ended = ended};
	return db_run_tx(c->db, "auth_session_end", 1, end_fn, &x, e);
}

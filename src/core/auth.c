/* auth.c - accounts, logins and sessions.  Passwords are Argon2id hashes;
 * the session cookie is a random token of which only the SM3 digest is
 * stored; failed logins are counted per account and per address in the
 * database (so several server instances share the throttle). */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core.h"
#include "store.h"
#include "text.h"

/* Verified against when the account does not exist, so that a wrong name
 * costs as much time as a wrong password. */
static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	if (crypto_password_hash("no-such-user-0", dummy_hash))
		dummy_hash[0] = '\0';
}

static int user_validate(const struct user *u, struct bf_err *e)
{
	size_t n = strlen(u->username);
	if (n == 0)
		return err_set(e, EC_MISSING, "username", "请填写用户名");
	if (n > 32)
		return err_set(e, EC_INVALID, "username", "用户名最长 32 位");
	for (const char *p = u->username; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return err_set(e, EC_INVALID, "username",
				       "用户名只能由字母、数字、“_”“-”“.”组成");
	if (text_chars(u->display_name) > 20 || !text_clean(u->display_name, 0))
		return err_set(e, EC_INVALID, "display_name", "姓名最长 20 个字");
	if (!access_role_valid(u->role))
		return err_set(e, EC_INVALID, "role",
			       "角色应为 admin、department、committee、branch 或 auditor");
	return 0;
}

struct user_ctx {
	const struct actor *a;
	struct user *u;
};

static int user_create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct user_ctx *x = p;
	struct org o;
	enum db_qs qs = store_org_get(db, x->u->org_id, &o, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(x->a, o.path))
		return err_set(e, EC_INVALID, "org_id", "所属组织不存在或不在您的管辖范围内");
	qs = store_user_insert(db, x->u, e);
	if (qs < 0)
		return qs == DB_HARD && e->code == EC_CONFLICT
			   ? err_set(e, EC_CONFLICT, "username", "用户名“%s”已存在", x->u->username)
			   : qs;
	struct strbuf d = STRBUF_INIT;
	strbuf_adds(&d, "{\"username\":\"");
	strbuf_add_json_str(&d, x->u->username);
	strbuf_addf(&d, "\",\"role\":\"%s\",\"org_id\":%" PRId64 "}", x->u->role, x->u->org_id);
	int rc = audit_record(db, x->a, "create", "user", x->u->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int user_create(struct core *c, const struct actor *a, struct user *u, const char *password,
		struct bf_err *e)
{
	if (!access_allowed(a, PERM_MANAGE_USERS))
		return err_set(e, EC_FORBIDDEN, NULL, "只有系统管理员可以管理用户");
	text_trim(u->username);
	text_trim(u->display_name);
	if (user_validate(u, e) || crypto_password_policy(password, e))
		return -1;
	if (crypto_password_hash(password, u->password_hash))
		return err_set(e, EC_INTERNAL, NULL, NULL);
	u->active = 1;
	u->created_at = (int64_t)time(NULL);
	struct user_ctx x = {a, u};
	return db_run_tx(c->db, 1, user_create_fn, &x, e);
}

int user_find(struct core *c, const char *username, struct user *out, struct bf_err *e)
{
	enum db_qs qs = store_user_by_name(c->db, username, out, e);
	return qs < 0 ? -1 : qs == DB_ONE;
}

int user_list(struct core *c, const struct actor *a, struct user **items, size_t *n,
	      struct bf_err *e)
{
	if (!access_allowed(a, PERM_MANAGE_USERS) && strcmp(a->role, "department") != 0)
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能查看用户");
	return store_user_list(c->db, a->org_path, items, n, e) < 0 ? -1 : 0;
}

static void failure_keys(const char *username, const char *addr, char ukey[96], char akey[96])
{
	snprintf(ukey, 96, "user:%s", username);
	snprintf(akey, 96, "addr:%s", addr);
}

/* 1 when either key has too many recent failures. */
static int throttled(struct db *db, const char *ukey, const char *akey, int64_t now,
		     struct bf_err *e)
{
	int64_t nu = 0, na = 0;
	if (store_login_failure_count(db, ukey, now - AUTH_THROTTLE_WINDOW, &nu, e) < 0 ||
	    store_login_failure_count(db, akey, now - AUTH_THROTTLE_WINDOW, &na, e) < 0)
		return -1;
	return nu >= AUTH_MAX_USER_FAILURES || na >= AUTH_MAX_ADDR_FAILURES;
}

struct login_ctx {
	int ok;
	const char *ukey, *akey;
	struct session *s;
	struct user *u;
	struct actor act;
	int64_t now;
};

/* Records the outcome; always commits so that failures are counted. */
static int login_record_fn(struct db *db, void *p, struct bf_err *e)
{
	struct login_ctx *x = p;
	enum db_qs qs;
	if (!x->ok) {
		if ((qs = store_login_failure_add(db, x->ukey, x->now, e)) < 0 ||
		    (qs = store_login_failure_add(db, x->akey, x->now, e)) < 0)
			return qs;
		return audit_record(db, &x->act, "login_failed", "session", 0, "{}", e);
	}
	if ((qs = store_login_failure_clear(db, x->ukey, e)) < 0 ||
	    (qs = store_session_insert(db, x->s, e)) < 0)
		return qs;
	return audit_record(db, &x->act, "login", "session", 0, "{}", e);
}

int auth_login(struct core *c, const char *username, const char *password, const char *addr,
	       char token[44], struct session *s, struct user *u, int *retry_after,
	       struct bf_err *e)
{
	char ukey[96], akey[96];
	int64_t now = (int64_t)time(NULL);
	*retry_after = 0;
	failure_keys(username, addr, ukey, akey);
	int t = throttled(c->db, ukey, akey, now, e);
	if (t < 0)
		return -1;
	if (t) {
		*retry_after = AUTH_THROTTLE_WINDOW;
		return err_set(e, EC_THROTTLED, NULL, "登录失败次数过多，请 %d 分钟后再试",
			       AUTH_THROTTLE_WINDOW / 60);
	}
	enum db_qs qs = store_user_by_name(c->db, username, u, e);
	if (qs < 0)
		return -1;
	int found = qs == DB_ONE && u->active;
	pthread_once(&dummy_once, dummy_init);
	/* The password check runs outside any transaction: it takes tens of ms. */
	int ok = crypto_password_verify(found ? u->password_hash : dummy_hash, password) && found;
	struct login_ctx x = {.ok = ok, .ukey = ukey, .akey = akey, .s = s, .u = u, .now = now};
	memset(&x.act, 0, sizeof(x.act));
	snprintf(x.act.username, sizeof(x.act.username), "%s", username);
	snprintf(x.act.addr, sizeof(x.act.addr), "%s", addr);
	if (ok) {
		x.act.user_id = u->id;
		memset(s, 0, sizeof(*s));
		if (crypto_token(token) || crypto_token(s->csrf_token))
			return err_set(e, EC_INTERNAL, NULL, NULL);
		crypto_sm3_hex(token, strlen(token), s->token_hash);
		s->user_id = u->id;
		snprintf(s->addr, sizeof(s->addr), "%s", addr);
		s->created_at = s->last_seen = now;
	}
	if (db_run_tx(c->db, 1, login_record_fn, &x, e))
		return -1;
	if (!ok)
		return err_set(e, EC_BAD_CREDENTIALS, NULL, NULL);
	return 0;
}

int auth_session(struct core *c, const char *token, int64_t idle_timeout, struct session *s,
		 struct user *u, struct bf_err *e)
{
	char h[65];
	int64_t now = (int64_t)time(NULL);
	if (!token || strlen(token) != 43)
		return err_set(e, EC_UNAUTHENTICATED, NULL, NULL);
	crypto_sm3_hex(token, strlen(token), h);
	enum db_qs qs = store_session_get(c->db, h, s, u, e);
	if (qs < 0)
		return -1;
	if (qs == DB_NONE || !u->active)
		return err_set(e, EC_UNAUTHENTICATED, NULL, NULL);
	if (s->last_seen + idle_timeout < now) {
		store_session_delete(c->db, h, e);
		return err_set(e, EC_UNAUTHENTICATED, NULL, "登录已超时，请重新登录");
	}
	/* Touch at most once a minute (more often only for short timeouts): a
	 * write per request would serialise every reader behind SQLite's
	 * single writer. */
	int64_t every = idle_timeout / 4 < 60 ? idle_timeout / 4 : 60;
	if (now - s->last_seen >= every && store_session_touch(c->db, h, now, e) < 0)
		return -1;
	return 0;
}

int auth_logout(struct core *c, const char *token, struct bf_err *e)
{
	char h[65];
	if (!token)
		return 0;
	crypto_sm3_hex(token, strlen(token), h);
	return store_session_delete(c->db, h, e) < 0 ? -1 : 0;
}

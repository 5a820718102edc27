/* auth.c - accounts, logins and sessions.  Passwords are Argon2id hashes;
 * the session cookie is a random token of which only the SM3 digest is
 * stored; failed logins are counted per account and per address in the
 * database (so several server instances share the throttle). */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "register.h"
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

int user_validate(const struct user *u, struct bf_err *e)
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
	if (text_valid(u->display_name, TF_USER_DISPLAY_NAME, 0, e))
		return -1;
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
	if (access_role_fits_org(x->u->role, &o, "org_id", e))
		return -1;
	qs = store_user_insert(db, x->u, e);
	if (qs < 0)
		return qs == DB_HARD && e->code == EC_CONFLICT
			   ? err_set(e, EC_CONFLICT, "username", "用户名“%s”已存在", x->u->username)
			   : qs;
	struct strbuf d = STRBUF_INIT;
	strbuf_adds(&d, "{\"username\":\"");
	strbuf_add_json_str(&d, x->u->username);
	strbuf_addf(&d, "\",\"role\":\"%s\",\"org_id\":%" PRId64 ",\"must_change_password\":%s}",
		    x->u->role, x->u->org_id, x->u->must_change_password ? "true" : "false");
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
	if (user_validate(u, e) || auth_password_check(u->username, password, "password", e))
		return -1;
	if (crypto_password_hash(password, u->password_hash))
		return err_set(e, EC_INTERNAL, NULL, NULL);
	u->active = 1;
	u->created_at = u->password_changed_at = (int64_t)time(NULL);
	struct user_ctx x = {.a = a, .u = u};
	return db_run_tx(c->db, "user_create", 1, user_create_fn, &x, e);
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
	/* A login also clears what has run out, everyone's, so that neither
	 * table only ever grows: failures older than the throttle's window, and
	 * sessions past the longest limits any server may set (instances on one
	 * database may differ; each refuses its own expired ones anyway). */
	int64_t cut = x->now - AUTH_SESSION_MAX;
	if ((qs = store_login_failure_clear(db, x->ukey, e)) < 0 ||
	    (qs = store_login_failure_prune(db, x->now - AUTH_THROTTLE_WINDOW, e)) < 0 ||
	    (qs = store_session_expire(db, cut, cut, e)) < 0 ||
	    (qs = store_session_insert(db, x->s, e)) < 0)
		return qs;
	return audit_record(db, &x->act, "login", "session", 0, "{}", e);
}

/* The User-Agent as shown in the list of sessions: printable ASCII only
 * (a header is not trusted to be UTF-8), cut to fit. */
static void keep_user_agent(char out[256], const char *ua)
{
	size_t n = 0;
	for (const char *p = ua ? ua : ""; *p && n < 255; p++)
		out[n++] = *p >= 0x20 && *p < 0x7f ? *p : '?';
	out[n] = '\0';
}

int auth_login(struct core *c, const char *username, const char *password, const char *addr,
	       const char *user_agent, char token[44], struct session *s, struct user *u,
	       int *retry_after, struct bf_err *e)
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
	/* the audit row belongs to the account's organisation (core/register/audit.c) */
	if (qs == DB_ONE)
		snprintf(x.act.org_path, sizeof(x.act.org_path), "%s", u->org_path);
	if (ok) {
		x.act.user_id = u->id;
		memset(s, 0, sizeof(*s));
		if (crypto_token(token) || crypto_token(s->csrf_token))
			return err_set(e, EC_INTERNAL, NULL, NULL);
		crypto_sm3_hex(token, strlen(token), s->token_hash);
		s->user_id = u->id;
		snprintf(s->addr, sizeof(s->addr), "%s", addr);
		keep_user_agent(s->user_agent, user_agent);
		s->created_at = s->last_seen = now;
	}
	if (db_run_tx(c->db, "auth_login", 1, login_record_fn, &x, e))
		return -1;
	if (!ok)
		return err_set(e, EC_BAD_CREDENTIALS, NULL, NULL);
	return 0;
}

/* Sessions already read, by cookie token: every request of a logged-in
 * user looks its session up, and the SM3 digest and the three-table read
 * were a tenth of the member list's time.  An entry is used only while the
 * store's read generation is the one it was read under (nothing written
 * anywhere since: a logout, a touch, a user or org change, another
 * server's write all move it), so what it answers is what the database
 * would; the idle-timeout check below still runs on every request. */
#define SESSION_SLOTS 256

static struct session_slot {
	char token[44];
	uint64_t gen;
	struct session s;
	struct user u;
} session_cache[SESSION_SLOTS];
static pthread_mutex_t session_lock = PTHREAD_MUTEX_INITIALIZER;

static struct session_slot *session_slot(const char *token)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = token; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return &session_cache[(h ^ h >> 32) % SESSION_SLOTS];
}

/* Compares all 43 characters whatever the first difference (a cookie is
 * a secret: no early exit to time). */
static int token_equal(const char *a, const char *b)
{
	unsigned diff = 0;
	for (size_t i = 0; i < 43; i++)
		diff |= (unsigned)(unsigned char)a[i] ^ (unsigned char)b[i];
	return diff == 0;
}

static int session_cached(const char *token, uint64_t gen, struct session *s, struct user *u)
{
	struct session_slot *c = session_slot(token);
	pthread_mutex_lock(&session_lock);
	int hit = gen && c->gen == gen && token_equal(c->token, token);
	if (hit) {
		*s = c->s;
		*u = c->u;
	}
	pthread_mutex_unlock(&session_lock);
	return hit;
}

static void session_keep(const char *token, uint64_t gen, const struct session *s,
			 const struct user *u)
{
	struct session_slot *c = session_slot(token);
	pthread_mutex_lock(&session_lock);
	memcpy(c->token, token, 44);
	c->gen = gen;
	c->s = *s;
	c->u = *u;
	pthread_mutex_unlock(&session_lock);
}

/* The session of a token, from the cache or the database: DB_ONE, DB_NONE
 * or < 0. */
static enum db_qs session_find(struct core *c, const char *token, struct session *s, struct user *u,
			       struct bf_err *e)
{
	char h[65];
	uint64_t gen = 0;
	/* Taken before the read: a write after it leaves the entry unused. */
	enum db_qs qs = store_read_generation(c->db, &gen, e);
	if (qs < 0)
		return qs;
	c->read_gen = gen; /* the request's next read may use it (register.h) */
	if (session_cached(token, gen, s, u))
		return DB_ONE;
	crypto_sm3_hex(token, strlen(token), h);
	qs = store_session_get(c->db, h, s, u, e);
	if (qs == DB_ONE && gen)
		session_keep(token, gen, s, u);
	return qs;
}

/* Ends an expired session: 401 with msg. */
static int session_over(struct core *c, const struct session *s, const char *msg, struct bf_err *e)
{
	c->read_gen = 0;
	store_session_delete(c->db, s->token_hash, e);
	return err_set(e, EC_UNAUTHENTICATED, NULL, "%s", msg);
}

int auth_password_due(const struct user *u, const struct auth_limits *lim, int64_t now)
{
	if (u->must_change_password)
		return AUTH_PW_REQUIRED;
	if (lim->password_max_age > 0 && u->password_changed_at + lim->password_max_age < now)
		return AUTH_PW_EXPIRED;
	return 0;
}

int auth_session(struct core *c, const char *token, const struct auth_limits *lim,
		 struct session *s, struct user *u, struct bf_err *e)
{
	int64_t idle_timeout = lim->idle_timeout;
	int64_t now = (int64_t)time(NULL);
	if (!token || strlen(token) != 43)
		return err_set(e, EC_UNAUTHENTICATED, NULL, NULL);
	enum db_qs qs = session_find(c, token, s, u, e);
	if (qs < 0)
		return -1;
	if (qs == DB_NONE || !u->active)
		return err_set(e, EC_UNAUTHENTICATED, NULL, NULL);
	if (s->last_seen + idle_timeout < now)
		return session_over(c, s, "登录已超时，请重新登录", e);
	if (lim->lifetime > 0 && s->created_at + lim->lifetime < now)
		return session_over(c, s, "登录时间已达上限，请重新登录", e);
	s->password_change = auth_password_due(u, lim, now);
	/* Touch at most once a minute (more often only for short timeouts): a
	 * write per request would serialise every reader behind SQLite's
	 * single writer. */
	int64_t every = idle_timeout / 4 < 60 ? idle_timeout / 4 : 60;
	if (now - s->last_seen >= every) {
		c->read_gen = 0; /* written since it was taken */
		if (store_session_touch(c->db, s->token_hash, now, e) < 0)
			return -1;
	}
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

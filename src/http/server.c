/* server.c - the libmicrohttpd daemon: request life cycle (body limit,
 * session, CSRF, routing), static files for the console, the access log and
 * graceful shutdown.  Nothing here knows about members or SQL. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "internal.h"
#include "log.h"
#include "utf8.h"
#include "wrapper.h"

struct server {
	const struct http_config *cfg;
	struct db_pool *pool;
	struct peers *peers;
	unsigned max_connections; /* cfg's, lowered to what the open-file limit allows */
	FILE *log;
	pthread_mutex_t log_lock;
	atomic_int in_flight;
};

void server_limits(const struct server *s, struct auth_limits *out)
{
	out->idle_timeout = s->cfg->idle_timeout;
	out->lifetime = s->cfg->session_lifetime;
	out->password_max_age = s->cfg->password_max_age;
}

/* ---- replies ---- */

static void reply_fallback(struct req *r, const char *why);

/* Queues resp (len bytes) with the headers every answer has and the ones
 * reply_header added. */
static void queue(struct req *r, int status, struct MHD_Response *resp, size_t len,
		  const char *ctype)
{
	MHD_add_response_header(resp, "Content-Type", ctype);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	for (int i = 0; i < r->nhdrs; i++)
		MHD_add_response_header(resp, r->hdrs[i].name, r->hdrs[i].value);
	r->nhdrs = 0;
	MHD_queue_response(r->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	r->status = status;
	r->sent_bytes = len;
}

static void queue_mem(struct req *r, int status, char *body, size_t len, const char *ctype,
		      enum MHD_ResponseMemoryMode mode)
{
	if (r->capture.on) { /* an export keeps only the status of this one */
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		r->capture.status = status;
		r->nhdrs = 0;
		return;
	}
	queue(r, status, MHD_create_response_from_buffer(len, body, mode), len, ctype);
}

void reply_fd(struct req *r, int status, int fd, uint64_t size, const char *ctype)
{
	struct MHD_Response *resp = MHD_create_response_from_fd(size, fd);
	if (!resp) {
		close(fd);
		reply_fallback(r, "MHD_create_response_from_fd failed");
		return;
	}
	queue(r, status, resp, (size_t)size, ctype);
}

/* Queues heap memory data (taken). */
void reply_bytes(struct req *r, int status, void *data, size_t len, const char *ctype)
{
	queue_mem(r, status, data, len, ctype, MHD_RESPMEM_MUST_FREE);
}

void reply_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdrs >= 4)
		BUG("too many response headers");
	snprintf(r->hdrs[r->nhdrs].name, sizeof(r->hdrs[0].name), "%s", name);
	snprintf(r->hdrs[r->nhdrs].value, sizeof(r->hdrs[0].value), "%s", value);
	r->nhdrs++;
}

/* The answer when a reply cannot be encoded (a body that is not valid
 * UTF-8, memory): fixed, so it can never fail itself. */
static void reply_fallback(struct req *r, const char *why)
{
	static const char body[] = "{\"error\":{\"code\":\"internal\",\"message\":"
				   "\"服务器内部错误，请稍后重试或联系管理员\"}}";
	log_error("%s %s: reply not encoded (%s), answered 500", r->method, r->path, why);
	r->nhdrs = 0; /* the headers were for the answer that failed */
	queue_mem(r, 500, (char *)body, sizeof(body) - 1, "application/json; charset=utf-8",
		  MHD_RESPMEM_PERSISTENT);
}

void reply_json(struct req *r, int status, json_t *body)
{
	if (r->capture.on && body) {
		json_decref(r->capture.body);
		r->capture.body = body;
		r->capture.status = status;
		r->nhdrs = 0;
		return;
	}
	char *s = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!s) {
		reply_fallback(r, body ? "json_dumps failed" : "no JSON built");
		return;
	}
	reply_bytes(r, status, s, strlen(s), "application/json; charset=utf-8");
}

void reply_items(struct req *r, json_t *a)
{
	reply_json(r, 200, json_pack("{s:o}", "items", a));
}

void reply_page(struct req *r, json_t *a, int64_t total, int page, int size)
{
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:i, s:i}", "items", a, "total", (json_int_t)total, "page",
			     page, "size", size));
}

void reply_buffer(struct req *r, int status, char *s, size_t len)
{
	reply_bytes(r, status, s, len, "application/json; charset=utf-8");
}

void reply_empty(struct req *r, int status)
{
	reply_bytes(r, status, xstrdup(""), 0, "application/json; charset=utf-8");
}

void reply_error(struct req *r, const struct bf_err *e)
{
	/* err_set keeps both valid; this also covers code that wrote them
	 * directly, so no error text can make its reply fail */
	char msg[sizeof(e->message)], field[sizeof(e->field)];
	utf8_copy(msg, sizeof(msg), e->message[0] ? e->message : ec_message(e->code));
	utf8_copy(field, sizeof(field), e->field);
	if (utf8_fix(msg) + utf8_fix(field))
		log_error("%s %s: error text was not UTF-8: %s", r->method, r->path, msg);
	json_t *err = json_pack("{s:s, s:s}", "code", ec_code(e->code), "message", msg);
	if (err && field[0])
		json_object_set_new(err, "field", json_string(field));
	reply_json(r, ec_http_status(e->code), err ? json_pack("{s:o}", "error", err) : NULL);
}

void reply_code(struct req *r, enum ec code, const char *field, const char *message)
{
	struct bf_err e;
	err_set(&e, code, field, message ? "%s" : NULL, message);
	reply_error(r, &e);
}

/* ---- static files (the console) ---- */

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".jpg", "image/jpeg"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".woff", "font/woff"},
	    {".ttf", "font/ttf"},
	    {".json", "application/json"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static int open_static(const struct server *s, const char *rel, int *fd, struct stat *st)
{
	char full[1024];
	snprintf(full, sizeof(full), "%s/%s", s->cfg->web_root, rel);
	*fd = open(full, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return -1;
	if (fstat(*fd, st) || !S_ISREG(st->st_mode)) {
		close(*fd);
		return -1;
	}
	return 0;
}

/* Hashed assets are cached for a year; the index page never, so a new
 * build is picked up at the next load.  Unknown paths without an extension
 * are console routes (history mode) and get the index page. */
static void serve_static(struct req *r)
{
	const char *rel = r->path + 1;
	int fd;
	struct stat st;
	if (strstr(r->path, "..") || strchr(r->path, '\\')) {
		reply_code(r, EC_NOT_FOUND, NULL, NULL);
		return;
	}
	if (!*rel || open_static(r->srv, rel, &fd, &st)) {
		const char *last = strrchr(r->path, '/');
		if (strchr(last, '.') && *rel) {
			reply_code(r, EC_NOT_FOUND, NULL, "文件不存在");
			return;
		}
		rel = "index.html";
		if (open_static(r->srv, rel, &fd, &st)) {
			reply_code(r, EC_NOT_FOUND, NULL, "控制台尚未构建（请运行 make）");
			return;
		}
	}
	struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	MHD_add_response_header(resp, "Content-Type", content_type(rel));
	MHD_add_response_header(
	    resp, "Cache-Control",
	    strncmp(rel, "assets/", 7) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	r->status = 200;
	r->sent_bytes = (size_t)st.st_size;
}

/* ---- routing ---- */

/* Matches path against pattern; {id} takes a positive integer. */
static int match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern && *path) {
		if (!strncmp(pattern, "{id}", 4)) {
			char *end;
			errno = 0;
			long long v = strtoll(path, &end, 10);
			if (end == path || v <= 0 || errno || *path == '+' || *path == '-')
				return 0;
			*id = v;
			path = end;
			pattern += 4;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

static int is_mutating(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static const char *cookie_token(struct req *r)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "bangfu_session");
}

/* Resolves the session; replies 401 and returns -1 when there is none. */
static int authenticate(struct req *r)
{
	struct bf_err e;
	const char *tok = cookie_token(r);
	struct auth_limits lim;
	server_limits(r->srv, &lim);
	if (auth_session(&r->core, tok, &lim, &r->session, &r->user, &e)) {
		reply_error(r, &e);
		return -1;
	}
	snprintf(r->token, sizeof(r->token), "%s", tok);
	actor_from_user(&r->actor, &r->user, r->addr);
	r->logged_in = 1;
	return 0;
}

static int csrf_ok(struct req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	size_t n = strlen(r->session.csrf_token);
	return h && n > 0 && strlen(h) == n && CRYPTO_memcmp(h, r->session.csrf_token, n) == 0;
}

/* The body limit of the route a request is for: most take JSON up to
 * BODY_LIMIT, an upload route says more in the table.  Known before the
 * body arrives, so a long upload is not cut at 1 MiB. */
static size_t route_body_limit(const char *method, const char *path)
{
	if (!is_mutating(method) || strncmp(path, "/api/", 5) != 0)
		return BODY_LIMIT; /* the hot paths: no walk of the table */
	for (size_t i = 0; i < http_nroutes; i++) {
		int64_t id = 0;
		if (!strcmp(http_routes[i].method, method) &&
		    match(http_routes[i].pattern, path, &id))
			return http_routes[i].max_body ? http_routes[i].max_body : BODY_LIMIT;
	}
	return BODY_LIMIT;
}

/* 413, naming the limit of this route (whole MiB). */
static void too_large(struct req *r)
{
	char msg[96];
	if (r->body_limit == BODY_LIMIT) {
		reply_code(r, EC_TOO_LARGE, NULL, NULL);
		return;
	}
	snprintf(msg, sizeof(msg), "上传内容过大（上限 %zu MiB）", r->body_limit / (1024 * 1024));
	reply_code(r, EC_TOO_LARGE, NULL, msg);
}

static void dispatch(struct req *r)
{
	struct strbuf allow = STRBUF_INIT;
	const struct route *hit = NULL;
	for (size_t i = 0; i < http_nroutes; i++) {
		int64_t id = 0;
		if (!match(http_routes[i].pattern, r->path, &id))
			continue;
		strbuf_addf(&allow, "%s%s", allow.len ? ", " : "", http_routes[i].method);
		if (!strcmp(http_routes[i].method, r->method)) {
			hit = &http_routes[i];
			r->id = id;
			break;
		}
	}
	if (!hit) {
		if (allow.len) {
			reply_header(r, "Allow", allow.buf);
			reply_code(r, EC_METHOD, NULL, NULL);
		} else {
			reply_code(r, EC_NO_ROUTE, NULL, NULL);
		}
	} else if (r->too_large) {
		too_large(r);
	} else if (!(hit->flags & R_PUBLIC) && authenticate(r)) {
		/* replied */
	} else if (r->logged_in && is_mutating(r->method) && !(hit->flags & R_NO_CSRF) &&
		   !csrf_ok(r)) {
		reply_code(r, EC_CSRF, NULL, NULL);
	} else if (r->logged_in && r->session.password_change && !(hit->flags & R_PASSWORD_DUE)) {
		reply_code(r, EC_PASSWORD_CHANGE, NULL,
			   r->session.password_change == AUTH_PW_EXPIRED
			       ? "密码已过期，请先修改密码，然后才能继续操作"
			       : NULL);
	} else if (!(hit->flags & R_PUBLIC) && route_gate(r, hit)) {
		/* replied: 403 or 404 before the body is looked at */
	} else {
		hit->fn(r);
	}
	strbuf_release(&allow);
}

static void handle(struct req *r)
{
	if (r->path_too_long) {
		reply_code(r, EC_URI_TOO_LONG, NULL, NULL);
		return; /* a cut path could name another resource */
	}
	if (req_check_text(r))
		return; /* nothing that is not UTF-8 goes further */
	if (strncmp(r->path, "/api/", 5) != 0) {
		if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
			reply_header(r, "Allow", "GET, HEAD");
			reply_code(r, EC_METHOD, NULL, NULL);
		} else {
			serve_static(r);
		}
		return;
	}
	r->core.db = db_pool_get(r->srv->pool);
	r->core.key = &r->srv->cfg->key;
	r->core.files_dir = r->srv->cfg->files_dir;
	dispatch(r);
	db_pool_put(r->srv->pool, r->core.db);
	r->core.db = NULL;
	if (!r->status)
		reply_code(r, EC_INTERNAL, NULL, NULL); /* a handler that forgot to answer */
}

/* ---- libmicrohttpd callbacks ---- */

static struct req *req_new(struct server *s, struct MHD_Connection *c, const char *url,
			   const char *method)
{
	struct req *r = xcalloc(1, sizeof(*r));
	r->srv = s;
	r->conn = c;
	r->method = method;
	r->path_too_long = strlen(url) >= sizeof(r->path);
	if (r->path_too_long) /* kept for the log only, never routed */
		utf8_copy(r->path, sizeof(r->path), url);
	else
		memcpy(r->path, url, strlen(url) + 1); /* as it came: checked in handle() */
	strbuf_init(&r->body);
	r->body_limit = route_body_limit(method, r->path);
	peers_client(s->peers, c, r->addr, &r->secure);
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	atomic_fetch_add(&s->in_flight, 1);
	return r;
}

/* A body over the limit is read and thrown away, so the client (still
 * sending) gets its 413 instead of a reset connection; only an absurd
 * declared size is refused at once, closing the connection. */
#define DISCARD_LIMIT (64ULL * 1024 * 1024)

static int declared_absurd(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	return cl && strtoull(cl, NULL, 10) > DISCARD_LIMIT;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct req *r = *con_cls;
	if (!r) {
		*con_cls = r = req_new(s, c, url, method);
		peers_head_read(s->peers, c);
		if (declared_absurd(c)) {
			r->too_large = 1;
			reply_code(r, EC_TOO_LARGE, NULL, NULL);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->too_large && r->body.len + *upload_size <= r->body_limit)
			strbuf_add(&r->body, upload, *upload_size);
		else
			r->too_large = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	peers_request_read(c);
	if (!r->status)
		handle(r);
	return MHD_YES;
}

/* The log's timestamp, formatted once a second per thread. */
static const char *log_time(void)
{
	static __thread time_t last;
	static __thread char when[32];
	time_t t = time(NULL);
	if (t != last) {
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", &tm);
		last = t;
	}
	return when;
}

/* The path as one token of the log line: spaces, control characters and
 * bytes that are not UTF-8 are written %XX again (the path came decoded:
 * a %0A in it must not start a forged line). */
static void log_path(const char *path, char *out, size_t n)
{
	size_t k = 0;
	for (const char *p = path; *p && k + 4 < n;) {
		unsigned c = (unsigned char)*p;
		size_t len = c > 0x20 && c != 0x7f ? utf8_char_len(p, 4) : 0;
		if (len && k + len < n) {
			memcpy(out + k, p, len);
			k += len;
			p += len;
		} else {
			k += (size_t)snprintf(out + k, n - k, "%%%02X", c);
			p++;
		}
	}
	out[k] = '\0';
}

static void access_log(struct server *s, struct req *r)
{
	struct timespec now;
	char path[3 * sizeof(r->path)];
	if (!s->log)
		return;
	log_path(r->path, path, sizeof(path));
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
		    (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
	pthread_mutex_lock(&s->log_lock);
	fprintf(s->log, "%s %s %s %s %d %zu %.1fms %s\n", log_time(), r->addr, r->method, path,
		r->status, r->sent_bytes, ms, r->logged_in ? r->user.username : "-");
	fflush(s->log);
	pthread_mutex_unlock(&s->log_lock);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct req *r = *con_cls;
	peers_request_done(s->peers, c); /* the next request's head has its time */
	if (!r)
		return;
	access_log(s, r);
	strbuf_release(&r->body);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

/* log.h's lines go to the access log (standard error without one),
 * marked ERROR so they stand out among the requests. */
static void error_log(void *ctx, const char *line)
{
	struct server *s = ctx;
	FILE *f = s->log ? s->log : stderr;
	pthread_mutex_lock(&s->log_lock);
	fprintf(f, "%s ERROR %s\n", log_time(), line);
	fflush(f);
	pthread_mutex_unlock(&s->log_lock);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *s = cls;
	if (!s->log)
		return;
	pthread_mutex_lock(&s->log_lock);
	vfprintf(s->log, fmt, ap);
	fflush(s->log);
	pthread_mutex_unlock(&s->log_lock);
}

/* ---- start and stop ---- */

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct bf_err *e)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return err_set(e, EC_INVALID, "listen", "监听地址应为 IP:端口，如 127.0.0.1:8080");
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535 || inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return err_set(e, EC_INVALID, "listen", "监听地址“%s”无效，应为 IP:端口", listen);
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

static struct MHD_Daemon *start_daemon(struct server *s, struct sockaddr_in *sa)
{
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	/* The logger first, so that MHD reports even option errors through it. */
	return MHD_start_daemon(
	    flags, ntohs(sa->sin_port), peers_accept, s->peers, on_request, s,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg->threads, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, peers_notify, s->peers,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->cfg->conn_timeout,
	    MHD_OPTION_CONNECTION_LIMIT, s->max_connections, MHD_OPTION_LISTEN_BACKLOG_SIZE,
	    (unsigned)1024, MHD_OPTION_END);
}

/* Open files a connection needs besides its socket: none, but the
 * database connections, the log, the attachments and libraries need some. */
#define SPARE_FILES 64

/* Raises the soft open-file limit to the hard one (systemd's default soft
 * limit is 1024) and returns how many connections fit under it. */
static unsigned connections_that_fit(const struct http_config *cfg)
{
	struct rlimit rl;
	rlim_t spare = SPARE_FILES + 2 * (rlim_t)cfg->threads, want = (rlim_t)cfg->max_connections;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return (unsigned)want;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want + spare)
		return (unsigned)want;
	return rl.rlim_cur > spare + 16 ? (unsigned)(rl.rlim_cur - spare) : 16;
}

static void wait_for_signal(void)
{
	sigset_t set;
	int sig;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigwait(&set, &sig);
}

/* After the listening socket is closed, in-flight requests get up to 10 s. */
static void drain(struct server *s)
{
	for (int i = 0; i < 1000 && atomic_load(&s->in_flight) > 0; i++)
		usleep(10000);
}

static int open_log(struct server *s, struct bf_err *e)
{
	const char *path = s->cfg->access_log;
	s->log = NULL;
	if (!path)
		return 0;
	if (!strcmp(path, "-")) {
		s->log = stderr;
		return 0;
	}
	s->log = fopen(path, "a");
	if (!s->log)
		return err_set(e, EC_INTERNAL, "access_log", "无法打开访问日志 %s：%s", path,
			       strerror(errno));
	return 0;
}

/* The daemon started (http.h): the server's state and its daemon. */
struct http_server {
	struct server s;
	struct MHD_Daemon *d;
};

static void server_release(struct http_server *h)
{
	peers_free(h->s.peers); /* its watchdog logs a last note */
	log_set_sink(NULL, NULL);
	if (h->s.log && h->s.log != stderr)
		fclose(h->s.log);
	pthread_mutex_destroy(&h->s.log_lock);
	free(h);
}

int http_start(const struct http_config *cfg, struct http_server **out, struct bf_err *e)
{
	struct sockaddr_in sa;
	struct http_server *h = xcalloc(1, sizeof(*h));
	struct server *s = &h->s;
	s->cfg = cfg;
	signal(SIGPIPE, SIG_IGN);
	pthread_mutex_init(&s->log_lock, NULL);
	atomic_init(&s->in_flight, 0);
	if (parse_listen(cfg->listen, &sa, e) || peers_new(&s->peers, cfg, e) || open_log(s, e))
		goto out;
	s->max_connections = connections_that_fit(cfg);
	log_set_sink(error_log, s);
	if (db_pool_open(&s->pool, cfg->db_url, cfg->threads, e))
		goto out;
	h->d = start_daemon(s, &sa);
	if (!h->d) {
		err_set(e, EC_INTERNAL, "listen", "无法在 %s 上监听（端口被占用？）", cfg->listen);
		db_pool_close(s->pool);
		goto out;
	}
	*out = h;
	return 0;
out:
	server_release(h);
	return -1;
}

void http_stop(struct http_server *h)
{
	MHD_quiesce_daemon(h->d);
	drain(&h->s);
	MHD_stop_daemon(h->d);
	db_pool_close(h->s.pool);
	server_release(h);
}

int http_serve(const struct http_config *cfg, struct bf_err *e)
{
	struct http_server *h;
	sigset_t set;
	/* Block the stop signals in every thread: only sigwait() takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (http_start(cfg, &h, e))
		return -1;
	fprintf(stderr,
		"bangfu: serving http://%s/ (%d threads, at most %u connections, %d per address; "
		"request head within %d s, body within %d s, %d s of silence)\n",
		cfg->listen, cfg->threads, h->s.max_connections, cfg->per_address,
		cfg->header_timeout, cfg->body_timeout, cfg->conn_timeout);
	wait_for_signal();
	fprintf(stderr, "bangfu: stopping, letting in-flight requests finish\n");
	http_stop(h);
	return 0;
}

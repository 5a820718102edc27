/* fuzz_http.c - the HTTP layer: every route of the route table
 * (src/http/routes.c), logged in as each role of the demo cast, with
 * generated ids, query strings, headers and bodies.  The server runs
 * in-process (http_start) on a loopback port over a temporary SQLite demo
 * database (init + `bangfu demo` with cases), so a crash or abort in any
 * handler is libFuzzer's to report with the input.  Besides those, an input
 * fails when the connection drops without an answer, the status is 5xx,
 * or an error answer is not a JSON body {"error":{"code","message"}} with a
 * Chinese message.
 *
 * An input is text (tests/fuzz/http/ has examples):
 *   line 1   ROLE METHOD PATTERN ID   e.g. "branch POST /api/v1/cases 12"
 *            ROLE: none admin dept town01 branch0101 auditor (other words
 *            pick one by hash); PATTERN a route's pattern (another picks a
 *            route by hash); METHOD is sent as given when it is 1-10
 *            capital letters, else the route's; ID replaces {id}
 *   line 2   the query string (without '?')
 *   lines    headers "Name: value" up to an empty line
 *   rest     the body
 * Bytes a request line cannot carry are percent-encoded.  Content-Length,
 * Connection, Host and the like come from the driver.  DELETE
 * /api/v1/session is sent without the role's session (logging the cast out
 * would make every later input unauthenticated), and an account change
 * (/api/v1/users/{id}/...) aimed at one of the cast goes to a user of its
 * own; a role whose session was ended anyway logs in again. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include "cases.h"
#include "crypto.h"
#include "db.h"
#include "demo.h"
#include "fuzz.h"
#include "http.h"
#include "http/internal.h"
#include "strbuf.h"

#define NROLES 6
static const char *const roles[NROLES] = {"none",   "admin",	  "dept",
					  "town01", "branch0101", "auditor"};
static const char *const passwords[NROLES] = {"",	    "Bf-Console-2468", "Demo123456",
					      "Demo123456", "Demo123456",      "Demo123456"};
static struct {
	char cookie[128];
	char csrf[128];
} sessions[NROLES];

/* Account changes (/api/v1/users/{id}/...) aimed at one of the cast go to
 * this user instead, so the cast stays logged in with its passwords. */
static int64_t cast_ids[NROLES], victim_id;

static struct http_config cfg;
static char listen_addr[32], log_path[600];
static int port;

/* ---- the demo database and the server ---- */

static void die(const char *what, const struct bf_err *e)
{
	fprintf(stderr, "fuzz_http: %s: %s\n", what, e ? e->message : "");
	exit(1);
}

static void root_and_admin(struct core *c, const struct actor *a)
{
	struct bf_err e;
	struct org root = {0};
	struct user u = {0};
	snprintf(root.code, sizeof(root.code), "000");
	snprintf(root.name, sizeof(root.name), "区委组织部");
	snprintf(root.kind_name, sizeof(root.kind_name), "组织部");
	if (org_create(c, a, &root, &e))
		die("root organisation", &e);
	snprintf(u.username, sizeof(u.username), "admin");
	snprintf(u.display_name, sizeof(u.display_name), "系统管理员");
	snprintf(u.role, sizeof(u.role), "admin");
	u.org_id = root.id;
	if (user_create(c, a, &u, passwords[1], &e))
		die("admin", &e);
	struct user v = u;
	snprintf(v.username, sizeof(v.username), "fuzzvictim");
	snprintf(v.display_name, sizeof(v.display_name), "被测账号");
	snprintf(v.role, sizeof(v.role), "auditor");
	if (user_create(c, a, &v, "Victim-2468-x", &e) || user_find(c, "fuzzvictim", &v, &e) != 1)
		die("fuzzvictim", &e);
	victim_id = v.id;
}

/* The cast's user ids, kept from account changes (see cast_id_of). */
static void note_cast(struct core *c)
{
	struct bf_err e;
	for (int i = 1; i < NROLES; i++) {
		struct user u;
		if (user_find(c, roles[i], &u, &e) != 1)
			die(roles[i], &e);
		cast_ids[i] = u.id;
	}
}

/* What `bangfu init` and `bangfu demo` (with cases) do, in dir. */
static void demo_db(const char *dir, char url[600])
{
	static char keypath[600], files[600];
	struct bf_err e;
	struct db *db;
	struct actor a;
	snprintf(keypath, sizeof(keypath), "%s/fuzz.key", dir);
	snprintf(files, sizeof(files), "%s/files", dir);
	snprintf(url, 600, "sqlite:%s/fuzz.db", dir);
	if (crypto_key_create(keypath, &e) || crypto_key_load(keypath, &cfg.key, &e))
		die("key", &e);
	chain_use_key(&cfg.key); /* as the command line does: the audit chain's MAC */
	if (db_open(&db, url, &e) || db_migrate(db, &e))
		die("database", &e);
	struct core c = {.db = db, .key = &cfg.key, .files_dir = files};
	actor_cli(&a, "fuzz");
	if (case_policy_ensure(&c, &e))
		die("policy", &e);
	root_and_admin(&c, &a);
	const char *n = getenv("FUZZ_HTTP_MEMBERS");
	if (io_demo_run(&c, &a, n ? (int)strtol(n, NULL, 10) : 40, 1, 1, &e))
		die("demo", &e);
	note_cast(&c);
	db_close(db);
	cfg.files_dir = files;
}

static int free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len))
		die("no free port", NULL);
	close(fd);
	return ntohs(sa.sin_port);
}

/* ---- one exchange ---- */

struct answer {
	int status;
	struct strbuf raw;
	const char *body; /* into raw */
	size_t body_len;
	char ctype[128];
};

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads until the server closes (the request said Connection: close).
 * libFuzzer's SIGALRM (its -timeout watch) interrupts poll and recv now and
 * then: that is not the server's doing. */
static void read_all(int fd, struct strbuf *out)
{
	char buf[65536];
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	for (;;) {
		int rc = poll(&pfd, 1, 60000);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc != 1)
			break;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(out, buf, (size_t)n);
	}
}

static void parse_answer(struct answer *a)
{
	const char *raw = a->raw.buf ? a->raw.buf : "";
	const char *end = strstr(raw, "\r\n\r\n");
	a->status = 0;
	a->ctype[0] = '\0';
	if (strncmp(raw, "HTTP/1.1 ", 9) || !end)
		return;
	a->status = (int)strtol(raw + 9, NULL, 10);
	a->body = end + 4;
	a->body_len = a->raw.len - (size_t)(a->body - raw);
	const char *ct = strcasestr(raw, "\r\nContent-Type: ");
	if (ct && ct < end)
		sscanf(ct + 16, "%127[^\r]", a->ctype);
}

/* Sends the request text; fails the input when nothing sensible comes back. */
static void exchange(const struct strbuf *req, struct answer *a)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_ASSERT(fd >= 0, "socket");
	int rc;
	while ((rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa))) &&
	       (errno == EINTR || errno == EALREADY))
		usleep(1000); /* interrupted: the connection goes on, ask again */
	FUZZ_ASSERT(!rc || errno == EISCONN, "the server does not accept connections any more: %s",
		    strerror(errno));
	strbuf_init(&a->raw);
	send_all(fd, req->buf, req->len); /* the server may answer before the end */
	read_all(fd, &a->raw);
	close(fd);
	parse_answer(a);
}

/* ---- checks of an answer ---- */

static void check_error_body(const struct answer *a, const struct strbuf *req)
{
	json_error_t jerr;
	json_t *j = json_loadb(a->body, a->body_len, 0, &jerr);
	json_t *err = json_object_get(j, "error");
	const char *code = json_string_value(json_object_get(err, "code"));
	const char *msg = json_string_value(json_object_get(err, "message"));
	FUZZ_ASSERT(code && msg && fuzz_has_chinese(msg),
		    "status %d without a JSON error in Chinese:\n%.*s\n--- request:\n%.*s",
		    a->status, (int)a->body_len, a->body, (int)req->len, req->buf);
	json_decref(j);
}

static void check(const struct answer *a, const struct strbuf *req, int head)
{
	FUZZ_ASSERT(a->status >= 100, "no answer (connection dropped; the server's log: %s):\n%.*s",
		    log_path, (int)req->len, req->buf);
	FUZZ_ASSERT(a->status < 500, "status %d:\n%.*s\n--- request:\n%.*s", a->status,
		    (int)a->body_len, a->body, (int)req->len, req->buf);
	if (head)
		return;
	if (a->status >= 400)
		check_error_body(a, req);
	else if (strstr(a->ctype, "json") && a->body_len) {
		json_error_t jerr;
		json_t *j = json_loadb(a->body, a->body_len, 0, &jerr);
		FUZZ_ASSERT(j, "status %d with a body that is not JSON:\n%.*s", a->status,
			    (int)req->len, req->buf);
		json_decref(j);
	}
}

/* ---- requests ---- */

/* Appends s, percent-encoding what a request line cannot carry. */
static void add_target(struct strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '#')
			strbuf_addf(sb, "%%%02X", c);
		else
			strbuf_add(sb, (const char *)&c, 1);
	}
}

static void login(int role)
{
	struct strbuf req = STRBUF_INIT, body = STRBUF_INIT;
	struct answer a;
	strbuf_addf(&body, "{\"username\":\"%s\",\"password\":\"%s\"}", roles[role],
		    passwords[role]);
	strbuf_addf(&req,
		    "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
		    "application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
		    body.len, body.buf);
	exchange(&req, &a);
	sessions[role].cookie[0] = sessions[role].csrf[0] = '\0';
	const char *c = a.raw.buf ? strstr(a.raw.buf, "bangfu_session=") : NULL;
	const char *t = a.raw.buf ? strstr(a.raw.buf, "\"csrf_token\":\"") : NULL;
	if (a.status == 200 && c && t) {
		sscanf(c, "%127[^;\r]", sessions[role].cookie);
		sscanf(t + 14, "%127[^\"]", sessions[role].csrf);
	}
	strbuf_release(&a.raw);
	strbuf_release(&req);
	strbuf_release(&body);
}

/* After a 401 as a role: logs in again when its session really ended (the
 * 401 may have come from a cookie the input added). */
static void relogin(int role)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	strbuf_addf(&req,
		    "GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
		    "Connection: close\r\n\r\n",
		    sessions[role].cookie);
	exchange(&req, &a);
	if (a.status == 401)
		login(role);
	strbuf_release(&a.raw);
	strbuf_release(&req);
}

static unsigned hash(const char *s)
{
	unsigned h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

struct input {
	int role;
	const struct route *route;
	char method[16];
	char id[64];
	char *query, *headers, *body;
	size_t body_len;
};

static void parse_first_line(char *line, struct input *in)
{
	char role[32] = "", method[32] = "", pattern[128] = "";
	sscanf(line, "%31s %31s %127s %63s", role, method, pattern, in->id);
	in->role = (int)(hash(role) % NROLES);
	for (int i = 0; i < NROLES; i++)
		if (!strcmp(role, roles[i]))
			in->role = i;
	in->route = &http_routes[hash(pattern) % http_nroutes];
	for (size_t i = 0; i < http_nroutes; i++)
		if (!strcmp(http_routes[i].pattern, pattern)) {
			in->route = &http_routes[i];
			if (!strcmp(http_routes[i].method, method))
				break;
		}
	size_t n = strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	snprintf(in->method, sizeof(in->method), "%s",
		 n && n <= 10 && !method[n] ? method : in->route->method);
}

/* Cuts the input (a writable copy) into its parts. */
static void parse_input(char *s, size_t size, struct input *in)
{
	char *end = s + size, *nl;
	memset(in, 0, sizeof(*in));
	nl = memchr(s, '\n', size);
	*(nl ? nl : end) = '\0';
	parse_first_line(s, in);
	in->query = in->headers = in->body = end;
	if (!nl)
		return;
	in->query = nl + 1;
	nl = memchr(in->query, '\n', (size_t)(end - in->query));
	if (!nl)
		return;
	*nl = '\0';
	char *rest = nl + 1, *blank;
	if (rest < end && *rest == '\n') { /* no headers */
		in->body = rest + 1;
	} else if ((blank = memmem(rest, (size_t)(end - rest), "\n\n", 2))) {
		*blank = '\0';
		in->headers = rest;
		in->body = blank + 2;
	} else {
		in->headers = rest;
	}
	in->body_len = (size_t)(end - in->body);
}

static int header_allowed(const char *line)
{
	static const char *const driver_owns[] = {
	    "content-length", "transfer-encoding", "connection", "host",
	    "expect",	      "upgrade",	   "te",	 "trailer"};
	const char *colon = strchr(line, ':');
	if (!colon || colon == line || strlen(line) > 2000)
		return 0;
	for (const char *p = line; p < colon; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return 0;
	for (const char *p = colon; *p; p++)
		if (*p == '\r' || (*p > 0 && *p < 0x20 && *p != '\t'))
			return 0;
	for (size_t i = 0; i < sizeof(driver_owns) / sizeof(driver_owns[0]); i++)
		if ((size_t)(colon - line) == strlen(driver_owns[i]) &&
		    !strncasecmp(line, driver_owns[i], (size_t)(colon - line)))
			return 0;
	return 1;
}

/* The headers of the input that may be sent; *ctype set when one is
 * Content-Type. */
static void add_headers(struct strbuf *req, char *headers, int *ctype)
{
	int n = 0;
	*ctype = 0;
	char *save = NULL;
	for (char *line = strtok_r(headers, "\n", &save); line && n < 16;
	     line = strtok_r(NULL, "\n", &save))
		if (header_allowed(line)) {
			strbuf_addf(req, "%s\r\n", line);
			*ctype |= !strncasecmp(line, "content-type:", 13);
			n++;
		}
}

static int logging_out(const struct input *in)
{
	return !strcmp(in->route->pattern, "/api/v1/session") && !strcmp(in->method, "DELETE");
}

static void build(const struct input *in, struct strbuf *req)
{
	const char *pat = in->route->pattern, *brace = strstr(pat, "{id}");
	int ctype, role = logging_out(in) ? 0 : in->role;
	strbuf_addf(req, "%s ", in->method);
	if (brace) {
		char id[64];
		snprintf(id, sizeof(id), "%s", in->id);
		if (!strncmp(pat, "/api/v1/users/", 14))
			for (int i = 1; i < NROLES; i++)
				if (strtoll(id, NULL, 10) == cast_ids[i])
					snprintf(id, sizeof(id), "%lld", (long long)victim_id);
		strbuf_add(req, pat, (size_t)(brace - pat));
		add_target(req, id, strlen(id));
		strbuf_addf(req, "%s", brace + 4);
	} else {
		strbuf_addf(req, "%s", pat);
	}
	if (*in->query) {
		strbuf_add(req, "?", 1);
		add_target(req, in->query, strlen(in->query));
	}
	strbuf_addf(req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
	if (role && sessions[role].cookie[0])
		strbuf_addf(req, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", sessions[role].cookie,
			    sessions[role].csrf);
	add_headers(req, in->headers, &ctype);
	if (!ctype)
		strbuf_addf(req, "Content-Type: application/json\r\n");
	strbuf_addf(req, "Content-Length: %zu\r\n\r\n", in->body_len);
	strbuf_add(req, in->body, in->body_len);
}

/* ---- libFuzzer ---- */

static char dir[] = "/tmp/bangfu-fuzz-http.XXXXXX";
static struct http_server *srv;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* At a normal end (not after a crash, whose report names the directory's
 * log): the server stopped and its temporary directory removed. */
static void clean_up(void)
{
	http_stop(srv);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char url[600];
	struct bf_err e;
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	demo_db(dir, url);
	port = free_port();
	snprintf(listen_addr, sizeof(listen_addr), "127.0.0.1:%d", port);
	cfg.db_url = url;
	cfg.listen = listen_addr;
	cfg.web_root = dir;
	snprintf(log_path, sizeof(log_path), "%s/access.log", dir);
	cfg.access_log = log_path; /* what the server saw, for a failed input */
	cfg.threads = 2;
	cfg.idle_timeout = 365 * 24 * 3600;
	cfg.session_lifetime = 365 * 24 * 3600;
	cfg.max_connections = 64;
	cfg.conn_timeout = 30;
	cfg.header_timeout = 30;
	cfg.body_timeout = 30;
	if (http_start(&cfg, &srv, &e))
		die("http_start", &e);
	atexit(clean_up);
	for (int i = 1; i < NROLES; i++) {
		login(i);
		if (!sessions[i].cookie[0])
			die(roles[i], NULL);
	}
	fprintf(stderr, "fuzz_http: %zu routes, demo database in %s, serving %s\n", http_nroutes,
		dir, listen_addr);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct input in;
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	parse_input(s, size, &in);
	build(&in, &req);
	exchange(&req, &a);
	check(&a, &req, !strcmp(in.method, "HEAD"));
	if (a.status == 401 && in.role && !logging_out(&in))
		relogin(in.role);
	strbuf_release(&a.raw);
	strbuf_release(&req);
	free(s);
	return 0;
}

/* peers.c - who is at the other end of a connection, and how long it may
 * take: slow clients (slowloris) holding thousands of half-sent requests
 * must not starve everyone else.  Per connection: a count per address (at
 * most per_addr open from one address), and a deadline by which what the
 * client is sending must be complete — the request's head within
 * header_timeout of the connection (on a kept-alive one, within
 * conn_timeout + header_timeout of the previous answer), its body within
 * body_timeout of the head; a watchdog thread shuts down a
 * connection that misses it, and MHD then closes it.  Also the trusted
 * reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
 * believed; a trusted proxy's own address has no per-address limit (every
 * client behind it shares it; the proxy limits them itself), only the
 * server's total. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include "internal.h"
#include "log.h"

#define MAX_TRUSTED	16
#define BUCKETS		4096
#define MAX_XFF_HEADERS 8

/* An address as 16 bytes: IPv4 as IPv4-mapped IPv6. */
struct ip {
	unsigned char b[16];
};

struct cidr {
	struct ip net;
	int bits;
};

struct count {
	struct ip ip;
	unsigned n;
	struct count *next;
};

/* One open connection: its address's count (NULL when not counted), its
 * socket and the time (CLOCK_MONOTONIC ms) by which what it is sending
 * must be complete, 0 while there is none (its answer is being made or
 * sent). */
struct conn {
	struct count *count;
	int fd;
	_Atomic int64_t deadline;
	int cut; /* shut down by the watchdog */
	struct conn *prev, *next;
};

struct peers {
	struct cidr trusted[MAX_TRUSTED];
	int ntrusted;
	unsigned per_addr;				/* 0: no limit */
	int header_timeout, body_timeout, conn_timeout; /* seconds */
	pthread_mutex_t lock;				/* the counts and the list of connections */
	struct count *buckets[BUCKETS];
	struct conn *conns;
	atomic_uint refused, cut; /* since the last note in the log */
	pthread_t watchdog;
	int watching, stop;
	pthread_mutex_t wlock;
	pthread_cond_t wake;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void ip_from_v4(struct ip *ip, const void *v4)
{
	memset(ip->b, 0, 10);
	ip->b[10] = ip->b[11] = 0xff;
	memcpy(ip->b + 12, v4, 4);
}

static int ip_is_v4(const struct ip *ip)
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return memcmp(ip->b, prefix, 12) == 0;
}

/* "192.0.2.7" or "2001:db8::1"; 0 when it is one, -1 otherwise. */
static int ip_parse(const char *s, size_t len, struct ip *ip)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned char v4[4];
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, v4) == 1) {
		ip_from_v4(ip, v4);
		return 0;
	}
	return inet_pton(AF_INET6, buf, ip->b) == 1 ? 0 : -1;
}

static int ip_from_sockaddr(const struct sockaddr *sa, struct ip *ip)
{
	if (sa && sa->sa_family == AF_INET) {
		ip_from_v4(ip, &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
		return 0;
	}
	if (sa && sa->sa_family == AF_INET6) {
		memcpy(ip->b, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
		return 0;
	}
	return -1;
}

static void ip_format(const struct ip *ip, char out[64])
{
	if (ip_is_v4(ip))
		inet_ntop(AF_INET, ip->b + 12, out, 64);
	else
		inet_ntop(AF_INET6, ip->b, out, 64);
}

static int cidr_has(const struct cidr *c, const struct ip *ip)
{
	int full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(c->net.b, ip->b, (size_t)full))
		return 0;
	if (!rest)
		return 1;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (c->net.b[full] & mask) == (ip->b[full] & mask);
}

static int trusted(const struct peers *p, const struct ip *ip)
{
	for (int i = 0; i < p->ntrusted; i++)
		if (cidr_has(&p->trusted[i], ip))
			return 1;
	return 0;
}

/* One entry of --trusted-proxy: an address or a block ("10.0.0.0/8"). */
static int cidr_parse(const char *s, size_t len, struct cidr *c)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	if (ip_parse(s, alen, &c->net))
		return -1;
	int max = ip_is_v4(&c->net) ? 32 : 128;
	c->bits = 128;
	if (slash) {
		char *end;
		long bits = strtol(slash + 1, &end, 10);
		if (end != s + len || slash + 1 == end || bits < 0 || bits > max)
			return -1;
		c->bits = (int)bits + (128 - max);
	}
	return 0;
}

static int parse_trusted(struct peers *p, const char *list, struct bf_err *e)
{
	const char *s = list;
	while (s && *s) {
		size_t len = strcspn(s, ",");
		const char *next = s[len] ? s + len + 1 : NULL;
		while (len && (*s == ' ')) {
			s++;
			len--;
		}
		while (len && s[len - 1] == ' ')
			len--;
		if (len &&
		    (p->ntrusted == MAX_TRUSTED || cidr_parse(s, len, &p->trusted[p->ntrusted])))
			return err_set(
			    e, EC_INVALID, "trusted_proxy",
			    "受信任的反向代理“%.*s”无效，应为 IP 地址或网段（最多 %d 个）",
			    (int)(len > 64 ? 64 : len), s, MAX_TRUSTED);
		p->ntrusted += len ? 1 : 0;
		s = next;
	}
	return 0;
}

static void *watch(void *arg);

int peers_new(struct peers **out, const struct http_config *cfg, struct bf_err *e)
{
	struct peers *p = calloc(1, sizeof(*p));
	pthread_condattr_t ca;
	if (!p)
		return err_set(e, EC_INTERNAL, NULL, "内存不足");
	p->per_addr = (unsigned)cfg->per_address;
	p->header_timeout = cfg->header_timeout;
	p->body_timeout = cfg->body_timeout;
	p->conn_timeout = cfg->conn_timeout;
	if (parse_trusted(p, cfg->trusted_proxies, e)) {
		free(p);
		return -1;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_mutex_init(&p->wlock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->wake, &ca);
	pthread_condattr_destroy(&ca);
	p->watching = pthread_create(&p->watchdog, NULL, watch, p) == 0;
	*out = p;
	return 0;
}

/* Stops the watchdog; after MHD_stop_daemon (which ends every connection)
 * nothing is left in the table. */
void peers_free(struct peers *p)
{
	if (!p)
		return;
	if (p->watching) {
		pthread_mutex_lock(&p->wlock);
		p->stop = 1;
		pthread_cond_signal(&p->wake);
		pthread_mutex_unlock(&p->wlock);
		pthread_join(p->watchdog, NULL);
	}
	for (size_t i = 0; i < BUCKETS; i++)
		while (p->buckets[i]) {
			struct count *next = p->buckets[i]->next;
			free(p->buckets[i]);
			p->buckets[i] = next;
		}
	while (p->conns) {
		struct conn *next = p->conns->next;
		free(p->conns);
		p->conns = next;
	}
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->wlock);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/* ---- connections per address ---- */

static struct count **slot(struct peers *p, const struct ip *ip)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (int i = 0; i < 16; i++)
		h = (h ^ ip->b[i]) * 16777619u;
	struct count **c = &p->buckets[h % BUCKETS];
	while (*c && memcmp((*c)->ip.b, ip->b, 16))
		c = &(*c)->next;
	return c;
}

/* Counted: an address that is not a trusted proxy, when there is a limit. */
static int counted(const struct peers *p, const struct sockaddr *sa, struct ip *ip)
{
	return p->per_addr && !ip_from_sockaddr(sa, ip) && !trusted(p, ip);
}

/* MHD's accept policy: no to an address that has its fill.  The count
 * moves in peers_notify, so a burst can pass the limit by the number of
 * threads accepting at once. */
enum MHD_Result peers_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct peers *p = cls;
	struct ip ip;
	(void)len;
	if (!counted(p, sa, &ip))
		return MHD_YES;
	pthread_mutex_lock(&p->lock);
	struct count *c = *slot(p, &ip);
	int ok = !c || c->n < p->per_addr;
	pthread_mutex_unlock(&p->lock);
	if (!ok)
		atomic_fetch_add(&p->refused, 1);
	return ok ? MHD_YES : MHD_NO;
}

/* With the lock held. */
static struct count *count_up(struct peers *p, const struct ip *ip)
{
	struct count **s = slot(p, ip);
	if (!*s && (*s = calloc(1, sizeof(**s))))
		(*s)->ip = *ip;
	if (*s)
		(*s)->n++;
	return *s;
}

static void count_down(struct peers *p, struct count *c)
{
	if (--c->n == 0) {
		struct count **s = slot(p, &c->ip);
		*s = c->next;
		free(c);
	}
}

static void conn_start(struct peers *p, struct MHD_Connection *mc, void **ctx)
{
	const union MHD_ConnectionInfo *ca =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const union MHD_ConnectionInfo *cf =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct conn *k = calloc(1, sizeof(*k));
	struct ip ip;
	*ctx = k;
	if (!k)
		return; /* neither counted nor watched */
	k->fd = cf ? cf->connect_fd : -1;
	atomic_init(&k->deadline, now_ms() + (int64_t)p->header_timeout * 1000);
	pthread_mutex_lock(&p->lock);
	if (ca && counted(p, ca->client_addr, &ip))
		k->count = count_up(p, &ip);
	k->next = p->conns;
	if (p->conns)
		p->conns->prev = k;
	p->conns = k;
	pthread_mutex_unlock(&p->lock);
}

/* Before MHD closes the socket, so the watchdog (under the same lock)
 * never shuts down a number the system has given to another file. */
static void conn_end(struct peers *p, struct conn *k)
{
	pthread_mutex_lock(&p->lock);
	if (k->count)
		count_down(p, k->count);
	if (k->prev)
		k->prev->next = k->next;
	else
		p->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&p->lock);
	free(k);
}

/* MHD calls this when a connection starts and when it ends (both or
 * neither); the connection's entry rides in its socket context. */
void peers_notify(void *cls, struct MHD_Connection *conn, void **ctx,
		  enum MHD_ConnectionNotificationCode code)
{
	struct peers *p = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		conn_start(p, conn, ctx);
	} else if (*ctx) {
		conn_end(p, *ctx);
		*ctx = NULL;
	}
}

static void set_deadline(struct MHD_Connection *c, int seconds)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci ? ci->socket_context : NULL;
	if (k)
		atomic_store(&k->deadline, seconds ? now_ms() + (int64_t)seconds * 1000 : 0);
}

void peers_head_read(const struct peers *p, struct MHD_Connection *c)
{
	set_deadline(c, p->body_timeout);
}

void peers_request_read(struct MHD_Connection *c)
{
	set_deadline(c, 0);
}

/* A kept-alive connection may first wait in silence (MHD closes it after
 * conn_timeout of that), then has header_timeout for the next head: an
 * idle browser connection is not taken for a slow client. */
void peers_request_done(const struct peers *p, struct MHD_Connection *c)
{
	set_deadline(c, p->conn_timeout + p->header_timeout);
}

/* Shuts down the connections past their deadline: MHD sees the end of
 * the stream and closes them through its usual path. */
static void cut_late(struct peers *p)
{
	int64_t now = now_ms();
	pthread_mutex_lock(&p->lock);
	for (struct conn *k = p->conns; k; k = k->next) {
		int64_t d = atomic_load(&k->deadline);
		if (d && now > d && !k->cut && k->fd >= 0) {
			shutdown(k->fd, SHUT_RDWR);
			k->cut = 1;
			atomic_fetch_add(&p->cut, 1);
		}
	}
	pthread_mutex_unlock(&p->lock);
}

/* At most one line a minute says what the limits turned away. */
static void note(struct peers *p)
{
	unsigned refused = atomic_exchange(&p->refused, 0), cut = atomic_exchange(&p->cut, 0);
	if (refused || cut)
		log_error(
		    "slow clients: %u connections refused over --max-per-address %u, %u closed "
		    "for not sending their request in time (--header-timeout %d s, "
		    "--body-timeout %d s)",
		    refused, p->per_addr, cut, p->header_timeout, p->body_timeout);
}

static void *watch(void *arg)
{
	struct peers *p = arg;
	int64_t noted = now_ms();
	pthread_mutex_lock(&p->wlock);
	while (!p->stop) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += 250 * 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&p->wake, &p->wlock, &t);
		if (p->stop)
			break;
		cut_late(p);
		if (now_ms() - noted >= 60000) {
			note(p);
			noted = now_ms();
		}
	}
	pthread_mutex_unlock(&p->wlock);
	note(p);
	return NULL;
}

/* ---- the client behind a trusted proxy ---- */

struct xff {
	const char *v[MAX_XFF_HEADERS];
	int n;
};

static enum MHD_Result collect_xff(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct xff *x = cls;
	(void)kind;
	if (value && !strcasecmp(key, "X-Forwarded-For")) {
		if (x->n == MAX_XFF_HEADERS) /* keep the last ones: the rightmost hops */
			memmove(x->v, x->v + 1, sizeof(x->v[0]) * (MAX_XFF_HEADERS - 1));
		x->v[x->n < MAX_XFF_HEADERS ? x->n++ : MAX_XFF_HEADERS - 1] = value;
	}
	return MHD_YES;
}

/* Walks one header's hops from the right.  Returns 1 when the client is
 * found (an untrusted hop, or one that is not an address: then the hop to
 * its right stays the client), 0 to go on to the header before. */
static int walk_hops(const struct peers *p, const char *v, struct ip *client)
{
	size_t end = strlen(v);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && v[start - 1] != ',')
			start--;
		size_t a = start, b = end;
		while (a < b && (v[a] == ' ' || v[a] == '\t'))
			a++;
		while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
			b--;
		struct ip hop;
		if (b > a) {
			if (ip_parse(v + a, b - a, &hop))
				return 1;
			*client = hop;
			if (!trusted(p, &hop))
				return 1;
		}
		end = start ? start - 1 : 0;
	}
	return 0;
}

/* Whether a trusted proxy says the client came over TLS: the first
 * (outermost) value of X-Forwarded-Proto is "https". */
static int forwarded_https(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
	if (!v)
		return 0;
	v += strspn(v, " \t");
	return !strncasecmp(v, "https", 5) && strchr(",; \t", v[5]) != NULL;
}

void peers_client(const struct peers *p, struct MHD_Connection *c, char addr[64], int *secure)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct ip ip;
	*secure = 0;
	if (!ci || ip_from_sockaddr(ci->client_addr, &ip)) {
		snprintf(addr, 64, "unknown");
		return;
	}
	if (trusted(p, &ip)) {
		struct xff x = {.n = 0};
		MHD_get_connection_values(c, MHD_HEADER_KIND, collect_xff, &x);
		for (int i = x.n - 1; i >= 0 && !walk_hops(p, x.v[i], &ip); i--)
			;
		*secure = forwarded_https(c);
	}
	ip_format(&ip, addr);
}

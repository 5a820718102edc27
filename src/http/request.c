/* request.c - reading what a request carries: the JSON body, query
 * arguments and typed JSON fields, each failure a 400 naming the field. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"
#include "crypto.h"
#include "date.h"
#include "utf8.h"
#include "wrapper.h"

json_t *req_json(struct req *r)
{
	json_error_t jerr;
	if (!r->body.len) {
		reply_code(r, EC_BAD_JSON, NULL, "请求内容为空，应为 JSON 对象");
		return NULL;
	}
	json_t *j = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		char msg[200];
		snprintf(msg, sizeof(msg), "请求内容不是有效的 JSON（第 %d 行第 %d 列）", jerr.line,
			 jerr.column);
		reply_code(r, EC_BAD_JSON, NULL, msg);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		reply_code(r, EC_BAD_JSON, NULL, "请求内容应为 JSON 对象");
		return NULL;
	}
	return j;
}

const char *req_arg(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int req_int_arg(struct req *r, const char *name, int dflt, int min, int max, int *out)
{
	if (r->capture.on && (!strcmp(name, "page") || !strcmp(name, "size"))) {
		*out = !strcmp(name, "page") ? r->capture.page : r->capture.size;
		return 0;
	}
	const char *v = req_arg(r, name);
	*out = dflt;
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*end || errno || n < min || n > max) {
		char msg[160];
		snprintf(msg, sizeof(msg), "参数 %s 应为 %d—%d 之间的整数", name, min, max);
		reply_code(r, EC_INVALID, name, msg);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int req_id_arg(struct req *r, const char *name, int64_t *out)
{
	const char *v = req_arg(r, name);
	*out = 0;
	if (!v || !*v)
		return 0;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (*end || errno || n <= 0) {
		char msg[160];
		snprintf(msg, sizeof(msg), "参数 %s 应为正整数", name);
		reply_code(r, EC_INVALID, name, msg);
		return -1;
	}
	*out = n;
	return 0;
}

int json_get_str(json_t *o, const char *key, char *dst, size_t n, const char *label,
		 struct bf_err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		dst[0] = '\0';
		return 0;
	}
	if (!json_is_string(v))
		return err_set(e, EC_INVALID, key, "%s应为文本", label);
	if (json_string_length(v) >= n)
		return err_set(e, EC_INVALID, key, "%s过长", label);
	if (memchr(json_string_value(v), '\0', json_string_length(v)))
		return err_set(e, EC_INVALID, key, "%s含有无法识别的字符", label);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

int json_get_int(json_t *o, const char *key, int64_t *dst, const char *label, struct bf_err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*dst = 0;
		return 0;
	}
	if (json_is_integer(v)) {
		*dst = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) { /* forms often send numbers as text */
		char *end;
		const char *s = json_string_value(v);
		errno = 0;
		long long n = strtoll(s, &end, 10);
		if (*s && !*end && !errno) {
			*dst = n;
			return 0;
		}
	}
	return err_set(e, EC_INVALID, key, "%s应为整数", label);
}

int json_only_keys(json_t *o, const char *const *keys, struct bf_err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		const char *const *p = keys;
		while (*p && strcmp(*p, k) != 0)
			p++;
		if (!*p)
			return err_set(e, EC_INVALID, k, "未知字段“%s”", k);
	}
	return 0;
}

json_t *json_time(int64_t t)
{
	char buf[40];
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S%z", &tm);
	/* +0800 → +08:00 (RFC 3339) */
	size_t n = strlen(buf);
	if (n > 5) {
		memmove(buf + n - 1, buf + n - 2, 3);
		buf[n - 2] = ':';
	}
	return json_string(buf);
}

int json_get_flag(json_t *o, const char *key, int *dst, const char *label, struct bf_err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_null(v) || json_is_false(v) || (json_is_integer(v) && !json_integer_value(v))) {
		*dst = 0;
		return 0;
	}
	if (json_is_true(v) || (json_is_integer(v) && json_integer_value(v) == 1)) {
		*dst = 1;
		return 0;
	}
	return err_set(e, EC_INVALID, key, "%s应为 true 或 false", label);
}

int json_get_ids(json_t *o, const char *key, int64_t **ids, size_t *n, size_t max,
		 const char *label, struct bf_err *e)
{
	json_t *v = json_object_get(o, key);
	*ids = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return err_set(e, EC_INVALID, key, "%s应为编号列表", label);
	if (json_array_size(v) > max)
		return err_set(e, EC_INVALID, key, "%s最多 %zu 个", label, max);
	if (!json_array_size(v))
		return 0;
	*ids = xcalloc(json_array_size(v), sizeof(**ids));
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *x = json_array_get(v, i);
		if (!json_is_integer(x) || json_integer_value(x) <= 0) {
			free(*ids);
			*ids = NULL;
			*n = 0; /* no list: a caller looping to *n must not read one */
			return err_set(e, EC_INVALID, key, "%s第 %zu 项应为正整数", label, i + 1);
		}
		(*ids)[(*n)++] = json_integer_value(x);
	}
	return 0;
}

json_t *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");
	if (j)
		return j;
	/* never NULL: text that is not UTF-8 (a damaged row) is answered
	 * repaired, each bad byte a '?' */
	char *fixed = strdup(s);
	if (fixed)
		utf8_fix(fixed);
	j = fixed ? json_string(fixed) : NULL;
	free(fixed);
	return j ? j : json_string("");
}

json_t *jdate(const char *s)
{
	return s && *s ? jstr(s) : json_null();
}

int percent_decode(const char *in, char *out, size_t n)
{
	size_t k = 0;
	for (const char *p = in; *p; p++) {
		int c = (unsigned char)*p;
		if (c == '%') {
			int hi = hex_value((unsigned char)p[1]),
			    lo = hi < 0 ? -1 : hex_value((unsigned char)p[2]);
			if (lo < 0)
				return -1;
			c = hi * 16 + lo;
			p += 2;
		}
		if (!c || k + 1 >= n)
			return -1;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return 0;
}

/* ---- the edge: text and dates as they arrive ---- */

struct arg_check {
	struct req *r;
	int bad;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct arg_check *x = cls;
	if (!utf8_valid(key, strlen(key))) {
		reply_code(x->r, EC_INVALID, "query", "查询参数名含有无效字符（应为 UTF-8 文本）");
		x->bad = 1;
		return MHD_NO;
	}
	if (value && !utf8_valid(value, strlen(value))) {
		char msg[160];
		snprintf(msg, sizeof(msg), "参数 %.*s 含有无效字符（应为 UTF-8 文本）",
			 utf8_prefix(key, 64), key);
		reply_code(x->r, EC_INVALID, key, msg);
		x->bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

int req_check_text(struct req *r)
{
	struct arg_check x = {.r = r};
	if (!utf8_valid(r->path, strlen(r->path))) {
		reply_code(r, EC_INVALID, "path", "请求路径含有无效字符（应为 UTF-8 文本）");
		return -1;
	}
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &x);
	return x.bad ? -1 : 0;
}

/* A whole date in any form date_parse reads, written as YYYY-MM-DD. */
static int parse_day(const char *v, const char *name, const char *label, char out[11],
		     struct bf_err *e)
{
	struct ymd d;
	int has_day = 0;
	if (date_parse(v, &d, &has_day, name, label, e))
		return -1;
	if (!has_day)
		return err_set(e, EC_INVALID, name, "%s应写到日，如 2024-03-01", label);
	date_format(d, out);
	return 0;
}

int req_date_arg(struct req *r, const char *name, const char *label, char out[11])
{
	const char *v = req_arg(r, name);
	struct bf_err e;
	out[0] = '\0';
	if (!v || !*v)
		return 0;
	if (parse_day(v, name, label, out, &e)) {
		reply_error(r, &e);
		return -1;
	}
	return 0;
}

int req_search_arg(struct req *r, const char *ref_prefix, struct search_term *t)
{
	struct bf_err e;
	if (member_search_term(r->core.key, req_arg(r, "q"), ref_prefix, t, &e) == 0)
		return 0;
	reply_error(r, &e);
	return -1;
}

int json_get_date(json_t *o, const char *key, char out[11], const char *label, struct bf_err *e)
{
	char v[64] = "";
	json_t *j = json_object_get(o, key);
	if (!j || json_is_null(j) || (json_is_string(j) && !json_string_length(j))) {
		if (j)
			out[0] = '\0';
		return 0;
	}
	if (json_get_str(o, key, v, sizeof(v), label, e))
		return -1;
	return parse_day(v, key, label, out, e);
}

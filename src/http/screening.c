/* screening.c - screening before payment (程序筛查, issue #11): a case's
 * findings and their clearing / overruling, households (links between
 * members of the register), the import of other districts' rolls, and the
 * batches of the file round-trip with the external relief system (the
 * file out as CSV or XLSX — a reveal —, its answer back).  Uploads are the
 * raw request body (CSV or .xlsx), read through sheet.h by the core. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cases.h"
#include "internal.h"
#include "xlsx_table.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- findings ---- */

static json_t *finding_json(const struct screening_finding *f)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(f->id));
	json_object_set_new(j, "case_id", json_integer(f->case_id));
	json_object_set_new(j, "rule", jstr(f->rule));
	json_object_set_new(j, "rule_label", jstr(screening_rule_label(f->rule)));
	json_object_set_new(j, "detail", jstr(f->detail));
	json_object_set_new(j, "state", jstr(f->state));
	json_object_set_new(j, "reason", jstr(f->reason));
	json_object_set_new(j, "decided_by",
			    f->decided_by ? json_integer(f->decided_by) : json_null());
	json_object_set_new(j, "decided_by_name", jstr(f->decided_by_name));
	json_object_set_new(j, "decided_at",
			    f->decided_at ? json_time(f->decided_at) : json_null());
	json_object_set_new(j, "created_at", json_time(f->created_at));
	return j;
}

void h_case_findings(struct req *r)
{
	struct screening_finding *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (screening_findings(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	int open = 0;
	for (size_t i = 0; i < n; i++) {
		open += !strcmp(items[i].state, "open");
		json_array_append_new(a, finding_json(&items[i]));
	}
	free(items);
	reply_json(r, 200, json_pack("{s:o, s:i}", "items", a, "open", open));
}

static void decide(struct req *r, int overrule)
{
	static const char *const keys[] = {"reason", NULL};
	char reason[TEXT_BYTES(TF_STEP_REASON_MAX)] = "";
	struct screening_finding f;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "reason", reason, sizeof(reason), "原因", &e);
	json_decref(j);
	if (rc || screening_finding_decide(&r->core, &r->actor, r->id, overrule, reason, &f, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, finding_json(&f));
}

void h_finding_clear(struct req *r)
{
	decide(r, 0);
}

void h_finding_overrule(struct req *r)
{
	decide(r, 1);
}

/* ---- households ---- */

static json_t *link_json(const struct household_link *l)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(l->id));
	json_object_set_new(j, "member_id", json_integer(l->member_id));
	json_object_set_new(j, "relative_id", json_integer(l->relative_id));
	json_object_set_new(j, "relation", jstr(l->relation));
	json_object_set_new(j, "relative_name", jstr(l->relative_name));
	json_object_set_new(j, "relative_org_name", jstr(l->relative_org_name));
	json_object_set_new(j, "relative_status", jstr(l->relative_status));
	json_object_set_new(j, "created_at", json_time(l->created_at));
	return j;
}

void h_member_household(struct req *r)
{
	struct household_link *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (screening_household_list(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, link_json);
}

void h_member_household_link(struct req *r)
{
	static const char *const keys[] = {"id_number", "relation", NULL};
	char id[64] = "", relation[TEXT_BYTES(TF_FAMILY_RELATION_MAX)] = "";
	struct household_link l;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "id_number", id, sizeof(id), "身份证号码", &e) ||
		 json_get_str(j, "relation", relation, sizeof(relation), "与本人关系", &e);
	json_decref(j);
	if (rc || screening_household_link(&r->core, &r->actor, r->id, id, relation, &l, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 201, link_json(&l));
}

void h_household_unlink(struct req *r)
{
	struct bf_err e;
	if (screening_household_unlink(&r->core, &r->actor, r->id, &e))
		reply_error(r, &e);
	else
		reply_empty(r, 204);
}

void h_case_household(struct req *r)
{
	struct household_case *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (screening_case_household(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct household_case *h = &items[i];
		enum case_state s = CS_APPLIED;
		wf_state_parse(h->state, &s);
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:b}", "member_id",
				 (json_int_t)h->member_id, "member_name", jstr(h->member_name),
				 "relation", jstr(h->relation), "case_id", (json_int_t)h->case_id,
				 "kind", jstr(h->kind), "state", jstr(h->state), "state_label",
				 jstr(wf_state_label(s)), "org_name", jstr(h->org_name), "in_scope",
				 h->in_scope));
	}
	free(items);
	struct household_roll *hr = NULL;
	size_t nr = 0;
	if (screening_case_household_roll(&r->core, &r->actor, r->id, &hr, &nr, &e)) {
		json_decref(a);
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200,
		   json_pack("{s:o, s:o}", "items", a, "roll", household_roll_json(hr, nr)));
	free(hr);
}

/* ---- uploads: the body into a private temporary file ---- */

struct upload {
	char dir[1024], path[1100];
};

static int upload_begin(struct req *r, struct upload *u, struct bf_err *e)
{
	const char *tmp = getenv("TMPDIR");
	if (!r->body.len)
		return err_set(e, EC_MISSING, "file", "请选择要导入的文件（CSV 或 Excel .xlsx）");
	if ((size_t)snprintf(u->dir, sizeof(u->dir), "%s/bangfu-screening-XXXXXX",
			     tmp && *tmp ? tmp : "/tmp") >= sizeof(u->dir))
		return err_set(e, EC_INTERNAL, NULL, "临时目录路径过长");
	if (!mkdtemp(u->dir))
		return err_set(e, EC_INTERNAL, NULL, "无法创建临时目录：%s", strerror(errno));
	snprintf(u->path, sizeof(u->path), "%s/upload", u->dir);
	int fd = open(u->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t off = 0;
	while (fd >= 0 && off < r->body.len) {
		ssize_t w = write(fd, r->body.buf + off, r->body.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (fd >= 0)
		close(fd);
	if (fd < 0 || off != r->body.len) {
		unlink(u->path);
		rmdir(u->dir);
		return err_set(e, EC_INTERNAL, NULL, "无法保存上传的文件");
	}
	return 0;
}

static void upload_end(struct upload *u)
{
	unlink(u->path);
	rmdir(u->dir);
}

/* 400 with the error and every bad row: [{line, column, reason}]. */
static void reply_bad_rows(struct req *r, const struct bf_err *e,
			   const struct screening_bad_rows *bad)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < bad->n; i++)
		json_array_append_new(rows, json_pack("{s:I, s:o, s:o}", "line",
						      (json_int_t)bad->items[i].line, "column",
						      jstr(bad->items[i].column), "reason",
						      jstr(bad->items[i].reason)));
	json_t *err =
	    json_pack("{s:s, s:o}", "code", ec_code(e->code), "message", jstr(e->message));
	if (e->field[0])
		json_object_set_new(err, "field", jstr(e->field));
	reply_json(r, ec_http_status(e->code), json_pack("{s:o, s:o}", "error", err, "rows", rows));
}

void h_other_district_import(struct req *r)
{
	struct upload u;
	struct screening_bad_rows bad = {0};
	struct bf_err e;
	long long n = 0;
	if (upload_begin(r, &u, &e)) {
		reply_error(r, &e);
		return;
	}
	int rc = screening_other_district_import(&r->core, &r->actor, u.path, &n, &bad, &e);
	upload_end(&u);
	if (rc && bad.n)
		reply_bad_rows(r, &e, &bad);
	else if (rc)
		reply_error(r, &e);
	else
		reply_json(r, 200, json_pack("{s:I}", "imported", (json_int_t)n));
	screening_bad_release(&bad);
}

void h_other_district_get(struct req *r)
{
	struct bf_err e;
	long long n = 0;
	if (screening_other_district_count(&r->core, &r->actor, &n, &e))
		reply_error(r, &e);
	else
		reply_json(r, 200, json_pack("{s:I}", "count", (json_int_t)n));
}

/* ---- batches ---- */

static json_t *batch_json(const struct screening_batch *b)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(b->id));
	json_object_set_new(j, "org_id", json_integer(b->org_id));
	json_object_set_new(j, "org_name", jstr(b->org_name));
	json_object_set_new(j, "state", jstr(b->state));
	json_object_set_new(j, "rows", json_integer(b->rows));
	json_object_set_new(j, "created_at", json_time(b->created_at));
	json_object_set_new(j, "answered_at",
			    b->answered_at ? json_time(b->answered_at) : json_null());
	return j;
}

void h_sbatches_list(struct req *r)
{
	struct screening_batch *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (screening_batch_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, batch_json);
}

static void reply_batch(struct req *r, int status, int64_t id)
{
	struct screening_batch b;
	struct screening_line *lines = NULL;
	size_t n = 0;
	struct bf_err e;
	if (screening_batch_get(&r->core, &r->actor, id, 0, &b, &lines, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = batch_json(&b), *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct screening_line *l = &lines[i];
		json_array_append_new(
		    a, json_pack("{s:i, s:I, s:I, s:o, s:o, s:I, s:o, s:o, s:i}", "row", l->row_no,
				 "case_id", (json_int_t)l->case_id, "member_id",
				 (json_int_t)l->member_id, "member_name", jstr(l->member_name),
				 "id_number", jstr(l->id_number), "amount_fen",
				 (json_int_t)l->amount_fen, "state", jstr(l->state),
				 "screening_result", jstr(l->screening_result), "findings_open",
				 l->findings_open));
	}
	free(lines);
	json_object_set_new(j, "lines", a);
	reply_json(r, status, j);
}

void h_sbatches_create(struct req *r)
{
	static const char *const keys[] = {"org_id", NULL};
	struct screening_batch b;
	int64_t org = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "org_id", &org, "组织", &e);
	json_decref(j);
	if (rc || screening_batch_create(&r->core, &r->actor, org, &b, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_batch(r, 201, b.id);
}

void h_sbatch_get(struct req *r)
{
	reply_batch(r, 200, r->id);
}

/* A CSV field, quoted when it must be (RFC 4180). */
static void csv_field(struct strbuf *sb, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		strbuf_addch(sb, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				strbuf_addch(sb, '"');
			strbuf_addch(sb, *p);
		}
		strbuf_addch(sb, '"');
	} else {
		strbuf_adds(sb, s);
	}
	strbuf_adds(sb, last ? "\r\n" : ",");
}

static void yuan(int64_t fen, char out[32])
{
	snprintf(out, 32, "%" PRId64 ".%02" PRId64, fen / 100, fen % 100);
}

static void send_xlsx(struct req *r, const struct screening_batch *b,
		      const struct screening_line *lines, size_t n, const char *name)
{
	static const struct xt_col cols[] = {{"批次", XT_INT, 8},
					     {"序号", XT_INT, 6},
					     {"身份证号码", XT_TEXT, 22},
					     {"姓名", XT_TEXT, 12},
					     {"金额（元）", XT_MONEY, 12}};
	struct upload u;
	struct xt_book *x = NULL;
	struct bf_err e;
	struct stat st;
	const char *tmp = getenv("TMPDIR");
	snprintf(u.dir, sizeof(u.dir), "%s/bangfu-screening-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(u.dir)) {
		reply_code(r, EC_INTERNAL, NULL, "无法创建临时目录");
		return;
	}
	snprintf(u.path, sizeof(u.path), "%s/batch.xlsx", u.dir);
	int rc = xt_open(&x, u.path, u.dir, "救助系统录入名单", cols, 5, &e);
	for (size_t i = 0; !rc && i < n; i++) {
		xt_num(x, 0, b->id);
		xt_num(x, 1, lines[i].row_no);
		xt_text(x, 2, lines[i].id_number);
		xt_text(x, 3, lines[i].member_name);
		xt_num(x, 4, lines[i].amount_fen);
		rc = xt_row_end(x, &e);
	}
	struct bf_err ignored;
	if (x && xt_close(x, rc ? &ignored : &e) && !rc)
		rc = -1;
	int fd = rc ? -1 : open(u.path, O_RDONLY | O_CLOEXEC);
	upload_end(&u);
	if (rc || fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		if (rc)
			reply_error(r, &e);
		else
			reply_code(r, EC_INTERNAL, NULL, "无法读取生成的文件");
		return;
	}
	reply_disposition(r, name, 0);
	reply_fd(r, 200, fd, (uint64_t)st.st_size, XLSX_TYPE);
}

void h_sbatch_file(struct req *r)
{
	struct screening_batch b;
	struct screening_line *lines = NULL;
	size_t n = 0;
	struct bf_err e;
	char name[128];
	const char *format = req_arg(r, "format");
	int xlsx = format && !strcmp(format, "xlsx");
	if (format && !xlsx && strcmp(format, "csv")) {
		reply_code(r, EC_INVALID, "format", "文件格式须为 csv 或 xlsx");
		return;
	}
	if (screening_batch_get(&r->core, &r->actor, r->id, 1, &b, &lines, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	snprintf(name, sizeof(name), "救助系统录入名单_批次%" PRId64 ".%s", b.id,
		 xlsx ? "xlsx" : "csv");
	if (xlsx) {
		send_xlsx(r, &b, lines, n, name);
		free(lines);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "\xEF\xBB\xBF"); /* Excel reads UTF-8 by its mark */
	strbuf_adds(&sb, "批次,序号,身份证号码,姓名,金额（元）\r\n");
	for (size_t i = 0; i < n; i++) {
		char v[32];
		snprintf(v, sizeof(v), "%" PRId64, b.id);
		csv_field(&sb, v, 0);
		snprintf(v, sizeof(v), "%d", lines[i].row_no);
		csv_field(&sb, v, 0);
		csv_field(&sb, lines[i].id_number, 0);
		csv_field(&sb, lines[i].member_name, 0);
		yuan(lines[i].amount_fen, v);
		csv_field(&sb, v, 1);
	}
	free(lines);
	reply_disposition(r, name, 0);
	size_t len = sb.len;
	reply_bytes(r, 200, strbuf_detach(&sb), len, "text/csv; charset=utf-8");
}

void h_sbatch_answer(struct req *r)
{
	struct upload u;
	struct screening_bad_rows bad = {0};
	struct bf_err e;
	int passed = 0, failed = 0;
	if (upload_begin(r, &u, &e)) {
		reply_error(r, &e);
		return;
	}
	int rc =
	    screening_batch_answer(&r->core, &r->actor, r->id, u.path, &passed, &failed, &bad, &e);
	upload_end(&u);
	if (rc && bad.n)
		reply_bad_rows(r, &e, &bad);
	else if (rc)
		reply_error(r, &e);
	else
		reply_json(r, 200, json_pack("{s:i, s:i}", "passed", passed, "failed", failed));
	screening_bad_release(&bad);
}

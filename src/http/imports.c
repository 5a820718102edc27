/* imports.c - importing members, organisations and the hardship roll from the console in
 * steps (import_job.h): the template, a job, its file (checked at once,
 * nothing stored), its state and bad rows while and after it runs (the
 * console polls it for the progress bar), the confirmation, and the bad
 * rows with their reasons as .xlsx. */
#include <stdlib.h>
#include <string.h>
#include "import_job.h"
#include "internal.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static void add_bad_row(const char *text, void *ctx)
{
	json_t *row = json_loads(text, 0, NULL);
	if (json_is_array(row))
		json_array_append_new(
		    ctx, json_pack("{s:O, s:O, s:O, s:O}", "line", json_array_get(row, 0), "column",
				   json_array_get(row, 1), "reason", json_array_get(row, 2),
				   "fields", json_array_get(row, 3)));
	json_decref(row);
}

/* The job as JSON, with a page of its bad rows (offset, limit). */
static json_t *job_json(struct req *r, const struct import_job *j, long offset, long limit)
{
	json_t *rows = json_array();
	struct bf_err e;
	if (strcmp(j->state, "new") != 0)
		import_job_bad_rows(&r->core, &r->actor, j->id, offset, limit, add_bad_row, rows,
				    &e);
	int name_col =
	    strcmp(j->state, "new") != 0 ? import_job_name_column(&r->core, &r->actor, j->id) : -1;
	return json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:I}, s:I, s:I, s:I, s:b, s:o, s:o, "
			 "s:o, s:I, s:I, s:o}",
			 "id", (json_int_t)j->id, "kind", j->kind, "name", j->name, "state",
			 j->state, "progress", "done", (json_int_t)j->done, "total",
			 (json_int_t)j->total, "good", (json_int_t)j->good, "bad",
			 (json_int_t)j->bad, "imported", (json_int_t)j->imported, "committed",
			 j->committed, "error", j->error[0] ? jstr(j->error) : json_null(),
			 "bad_rows", rows, "created_at", json_time(j->created_at), "offset",
			 (json_int_t)offset, "limit", (json_int_t)limit, "name_column",
			 name_col >= 0 ? json_integer(name_col) : json_null());
}

void h_import_template(struct req *r)
{
	const char *kind = req_arg(r, "kind");
	void *data;
	size_t len;
	struct bf_err e;
	if (!kind || !*kind)
		kind = "member";
	if (import_template(kind, &data, &len, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r,
			  !strcmp(kind, "org")	  ? "组织导入模板.xlsx"
			  : !strcmp(kind, "roll") ? "困难党员台账导入模板.xlsx"
						  : "党员导入模板.xlsx",
			  0);
	reply_bytes(r, 200, data, len, XLSX_TYPE);
}

void h_imports_create(struct req *r)
{
	static const char *const keys[] = {"kind", "name", NULL};
	char kind[16] = "", name[IMPORT_NAME_MAX] = "";
	struct import_job j;
	struct bf_err e;
	json_t *body = req_json(r);
	if (!body)
		return;
	int rc = json_only_keys(body, keys, &e) ||
		 json_get_str(body, "kind", kind, sizeof(kind), "导入类别", &e) ||
		 json_get_str(body, "name", name, sizeof(name), "文件名", &e);
	json_decref(body);
	if (!rc && !kind[0])
		rc = err_set(&e, EC_MISSING, "kind",
			     "请说明导入党员（member）、组织（org）还是困难党员台账（roll）");
	if (rc || import_job_create(&r->core, &r->actor, kind, name, &j, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 201, job_json(r, &j, 0, 0));
}

void h_import_get(struct req *r)
{
	struct import_job j;
	struct bf_err e;
	int offset, limit;
	if (req_int_arg(r, "offset", 0, 0, 1 << 30, &offset) ||
	    req_int_arg(r, "limit", 20, 0, 500, &limit))
		return;
	if (import_job_get(&r->core, &r->actor, r->id, &j, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, job_json(r, &j, offset, limit));
}

void h_import_file(struct req *r)
{
	struct import_job j;
	struct bf_err e;
	if (import_job_check(&r->core, &r->actor, r->id, r->body.buf, r->body.len, &j, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, job_json(r, &j, 0, 20));
}

void h_import_confirm(struct req *r)
{
	static const char *const keys[] = {"mode", NULL};
	char mode[16] = "all";
	struct import_job j;
	struct bf_err e;
	json_t *body = req_json(r);
	if (!body)
		return;
	int rc = json_only_keys(body, keys, &e) ||
		 json_get_str(body, "mode", mode, sizeof(mode), "导入方式", &e);
	json_decref(body);
	if (!rc && strcmp(mode, "all") != 0 && strcmp(mode, "valid") != 0)
		rc = err_set(&e, EC_INVALID, "mode",
			     "导入方式应为 all（全部正确才导入）或 valid（只导入正确的行）");
	if (rc || import_job_confirm(&r->core, &r->actor, r->id, !strcmp(mode, "valid"), &j, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 200, job_json(r, &j, 0, 20));
}

void h_import_errors(struct req *r)
{
	void *data;
	size_t len;
	struct bf_err e;
	if (import_job_bad_xlsx(&r->core, &r->actor, r->id, &data, &len, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, "导入错误行.xlsx", 0);
	reply_bytes(r, 200, data, len, XLSX_TYPE);
}

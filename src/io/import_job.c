/* import_job.c - imports from the console in steps (import_job.h): a job is
 * a directory under <files_dir>/imports/ with the upload, job.json (state
 * and progress, replaced whole by rename so a reader never sees half of
 * it) and bad.jsonl (one bad row a line).  A step runs under an exclusive
 * lock on the directory; the file is checked and imported by the same
 * io_member_import / io_org_import as the command line. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "crypto.h"
#include "import_job.h"
#include "io.h"
#include "sheet.h"
#include "text.h"
#include "wrapper.h"

#define GONE "导入任务不存在或已过期，请重新上传文件"

static int job_path(const struct core *c, int64_t id, const char *file, char *out, size_t n,
		    struct bf_err *e)
{
	if (!c->files_dir || !*c->files_dir)
		return err_set(e, EC_INVALID, NULL, "服务器未配置文件目录，不能上传");
	if ((size_t)snprintf(out, n, "%s/imports/%lld%s%s", c->files_dir, (long long)id,
			     file ? "/" : "", file ? file : "") >= n)
		return err_set(e, EC_INTERNAL, NULL, "文件目录路径过长");
	return 0;
}

/* ---- job.json ---- */

static int write_state(const struct core *c, const struct import_job *j)
{
	char path[4096], tmp[4200];
	struct bf_err e;
	if (job_path(c, j->id, "job.json", path, sizeof(path), &e))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)gettid());
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:s, s:I, s:I}", "id",
	    (json_int_t)j->id, "user_id", (json_int_t)j->user_id, "kind", j->kind, "name", j->name,
	    "state", j->state, "done", j->done, "total", j->total, "good", j->good, "bad", j->bad,
	    "imported", j->imported, "committed", j->committed, "error", j->error, "created_at",
	    (json_int_t)j->created_at, "expires_at", (json_int_t)j->expires_at);
	int rc = o ? json_dump_file(o, tmp, JSON_COMPACT) : -1;
	json_decref(o);
	if (!rc && rename(tmp, path))
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}

static void copy_str(json_t *o, const char *key, char *dst, size_t n)
{
	const char *v = json_string_value(json_object_get(o, key));
	snprintf(dst, n, "%s", v ? v : "");
}

static int read_state(const char *path, struct import_job *j)
{
	json_t *o = json_load_file(path, 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	memset(j, 0, sizeof(*j));
	j->id = json_integer_value(json_object_get(o, "id"));
	j->user_id = json_integer_value(json_object_get(o, "user_id"));
	copy_str(o, "kind", j->kind, sizeof(j->kind));
	copy_str(o, "name", j->name, sizeof(j->name));
	copy_str(o, "state", j->state, sizeof(j->state));
	copy_str(o, "error", j->error, sizeof(j->error));
	j->done = json_integer_value(json_object_get(o, "done"));
	j->total = json_integer_value(json_object_get(o, "total"));
	j->good = json_integer_value(json_object_get(o, "good"));
	j->bad = json_integer_value(json_object_get(o, "bad"));
	j->imported = json_integer_value(json_object_get(o, "imported"));
	j->committed = json_is_true(json_object_get(o, "committed"));
	j->created_at = json_integer_value(json_object_get(o, "created_at"));
	j->expires_at = json_integer_value(json_object_get(o, "expires_at"));
	json_decref(o);
	return 0;
}

/* ---- the jobs directory ---- */

static void remove_job(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4400];
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < (int)sizeof(path))
			unlink(path);
	if (d)
		closedir(d);
	rmdir(dir);
}

/* Removes the jobs past their expiry (and any left without a job.json for
 * an hour: a step cut short). */
static void sweep(const char *root)
{
	DIR *d = opendir(root);
	struct dirent *de;
	char dir[4200], path[4300];
	struct import_job j;
	struct stat st;
	int64_t now = (int64_t)time(NULL);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    snprintf(dir, sizeof(dir), "%s/%s", root, de->d_name) >= (int)sizeof(dir) ||
		    snprintf(path, sizeof(path), "%s/job.json", dir) >= (int)sizeof(path))
			continue;
		if (read_state(path, &j) == 0 ? j.expires_at < now
					      : (!stat(dir, &st) && st.st_mtime + 3600 < now))
			remove_job(dir);
	}
	if (d)
		closedir(d);
}

int import_job_create(struct core *c, const struct actor *a, const char *kind, const char *name,
		      struct import_job *j, struct bf_err *e)
{
	char root[4096], dir[4096];
	uint64_t rnd = 0;
	if (!access_allowed(a, PERM_WRITE))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导入");
	if (strcmp(kind, "member") != 0 && strcmp(kind, "org") != 0 && strcmp(kind, "roll") != 0)
		return err_set(e, EC_INVALID, "kind",
			       "导入类别应为 member（党员）、org（组织）或 roll（困难党员台账）");
	if (!strcmp(kind, "org") && !access_allowed(a, PERM_MANAGE_ORGS))
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导入组织");
	if (job_path(c, 0, NULL, root, sizeof(root), e))
		return -1;
	*strrchr(root, '/') = '\0';
	mkdir(root, 0700);
	sweep(root);
	if (crypto_random(&rnd, 6))
		return err_set(e, EC_INTERNAL, NULL, "无法生成导入任务编号");
	memset(j, 0, sizeof(*j));
	j->id = (int64_t)(rnd & 0xFFFFFFFFFFFFull) + 1; /* 48 bits: exact in JavaScript */
	j->user_id = a->user_id;
	snprintf(j->kind, sizeof(j->kind), "%s", kind);
	snprintf(j->name, sizeof(j->name), "%s", name);
	snprintf(j->state, sizeof(j->state), "new");
	j->created_at = (int64_t)time(NULL);
	j->expires_at = j->created_at + IMPORT_JOB_TTL;
	if (job_path(c, j->id, NULL, dir, sizeof(dir), e))
		return -1;
	if (mkdir(dir, 0700) || write_state(c, j))
		return err_set(e, EC_INTERNAL, NULL, "无法保存导入任务：%s", strerror(errno));
	return 0;
}

int import_job_get(struct core *c, const struct actor *a, int64_t id, struct import_job *j,
		   struct bf_err *e)
{
	char path[4096];
	if (id <= 0 || job_path(c, id, "job.json", path, sizeof(path), e) || read_state(path, j) ||
	    j->user_id != a->user_id || j->expires_at < (int64_t)time(NULL))
		return err_set(e, EC_NOT_FOUND, NULL, GONE);
	return 0;
}

/* The job, locked for one step (the lock's descriptor, closed to unlock),
 * in one of the states `want` ("new", "checked"); -1 with e otherwise. */
static int job_lock(struct core *c, const struct actor *a, int64_t id, const char *want,
		    struct import_job *j, struct bf_err *e)
{
	char path[4096];
	if (import_job_get(c, a, id, j, e) || job_path(c, id, "lock", path, sizeof(path), e))
		return -1;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(e, EC_INTERNAL, NULL, "无法锁定导入任务");
	if (flock(fd, LOCK_EX | LOCK_NB) || import_job_get(c, a, id, j, e) ||
	    strcmp(j->state, want) != 0) {
		close(fd);
		return err_set(e, EC_CONFLICT, NULL, "%s",
			       !strcmp(want, "new") ? "该导入任务已上传过文件，请重新开始导入"
						    : "该导入任务正在处理或已完成，请刷新后再试");
	}
	return fd;
}

/* ---- running an import ---- */

struct run {
	struct core *c;
	struct import_job *j;
	FILE *bad;
};

static void on_bad(long line, const char *column, const char *reason, char *const *fields,
		   size_t nfields, void *ctx)
{
	struct run *run = ctx;
	json_t *f = json_array();
	for (size_t i = 0; i < nfields; i++) {
		json_t *s = json_string(fields[i]);
		json_array_append_new(f, s ? s : json_string(""));
	}
	json_t *row = json_pack("[I, s, s, o]", (json_int_t)line, column ? column : "",
				reason ? reason : "", f);
	char *text = row ? json_dumps(row, JSON_COMPACT) : NULL;
	if (text)
		fprintf(run->bad, "%s\n", text);
	free(text);
	json_decref(row);
}

static void on_progress(long long done, long long total, void *ctx)
{
	struct run *run = ctx;
	run->j->done = done;
	run->j->total = total;
	write_state(run->c, run->j);
}

/* Runs the import of the job's upload with flags; the bad rows replace
 * bad.jsonl. */
static int run_import(struct core *c, const struct actor *a, struct import_job *j, int flags,
		      struct import_result *res, struct bf_err *e)
{
	char upload[4096], bad[4096];
	if (job_path(c, j->id, "upload", upload, sizeof(upload), e) ||
	    job_path(c, j->id, "bad.jsonl", bad, sizeof(bad), e))
		return -1;
	struct run run = {.c = c, .j = j, .bad = fopen(bad, "w")};
	if (!run.bad)
		return err_set(e, EC_INTERNAL, NULL, "无法保存错误行");
	int rc;
	if (!strcmp(j->kind, "member"))
		rc = io_member_import(c, a, upload, flags, on_bad, &run, on_progress, &run, res, e);
	else if (!strcmp(j->kind, "roll"))
		rc = io_roll_import(c, a, upload, flags, on_bad, &run, on_progress, &run, res, e);
	else
		rc = io_org_import(c, a, upload, flags, on_bad, &run, res, e);
	if (fclose(run.bad) && !rc)
		rc = err_set(e, EC_INTERNAL, NULL, "无法保存错误行");
	j->done = j->total;
	return rc;
}

/* Cells of a row that are not blank. */
static size_t filled(char **f, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += f[i][strspn(f[i], " \t")] != '\0';
	return k;
}

/* The upload's header row, kept for the bad rows' workbook once the
 * upload (plain ID numbers and phones) is gone: the first row of two
 * cells or more among the first 10 (a 台账 may open with its title). */
static void save_header(struct core *c, int64_t id)
{
	char upload[4096], path[4096], **f;
	size_t n = 0;
	struct bf_err e;
	if (job_path(c, id, "upload", upload, sizeof(upload), &e) ||
	    job_path(c, id, "header.json", path, sizeof(path), &e))
		return;
	struct sheet *s = sheet_open(upload, &e);
	json_t *h = json_array();
	int got = 0;
	for (int row = 0; s && row < 10 && (got = sheet_next(s, &f, &n, &e)) == 1; row++)
		if (filled(f, n) >= 2 || row == 9)
			break;
	if (got == 1)
		for (size_t i = 0; i < n && i < 1000; i++) {
			json_t *v = json_string(f[i]);
			json_array_append_new(h, v ? v : json_string(""));
		}
	sheet_close(s);
	json_dump_file(h, path, JSON_COMPACT);
	json_decref(h);
}

/* The upload holds the plain rows: removed once nothing can be done with
 * it (the check failed, or the rows were stored). */
static void drop_upload(struct core *c, int64_t id)
{
	char path[4096];
	struct bf_err e;
	if (!job_path(c, id, "upload", path, sizeof(path), &e))
		unlink(path);
}

static int save_upload(struct core *c, int64_t id, const void *data, size_t len, struct bf_err *e)
{
	char path[4096];
	if (job_path(c, id, "upload", path, sizeof(path), e))
		return -1;
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f))
		ok = 0;
	return ok ? 0 : err_set(e, EC_INTERNAL, NULL, "无法保存上传的文件");
}

int import_job_check(struct core *c, const struct actor *a, int64_t id, const void *data,
		     size_t len, struct import_job *j, struct bf_err *e)
{
	struct import_result res;
	if (!len)
		return err_set(e, EC_MISSING, "file", "请选择要导入的文件");
	int fd = job_lock(c, a, id, "new", j, e);
	if (fd < 0)
		return -1;
	int rc = save_upload(c, id, data, len, e);
	if (!rc) {
		snprintf(j->state, sizeof(j->state), "checking");
		j->total = (long long)len;
		write_state(c, j);
		save_header(c, id);
		rc = run_import(c, a, j, IO_DRY_RUN, &res, e);
	}
	snprintf(j->state, sizeof(j->state), "%s", rc ? "failed" : "checked");
	if (rc) {
		snprintf(j->error, sizeof(j->error), "%s", e->message);
		drop_upload(c, id);
	}
	j->good = rc ? 0 : res.imported;
	j->bad = rc ? 0 : res.rejected;
	write_state(c, j);
	close(fd);
	return rc;
}

int import_job_confirm(struct core *c, const struct actor *a, int64_t id, int skip_invalid,
		       struct import_job *j, struct bf_err *e)
{
	struct import_result res;
	int fd = job_lock(c, a, id, "checked", j, e);
	if (fd < 0)
		return -1;
	if (!skip_invalid && j->bad) {
		close(fd);
		return err_set(
		    e, EC_CONFLICT, "mode",
		    "有 %lld 行错误：全部正确才导入。请改正后重新上传，或选择只导入正确的行",
		    j->bad);
	}
	snprintf(j->state, sizeof(j->state), "importing");
	j->done = 0;
	write_state(c, j);
	int rc = run_import(c, a, j, skip_invalid ? IO_SKIP_INVALID : 0, &res, e);
	if (!rc) {
		j->imported = res.committed ? res.imported : 0;
		j->committed = res.committed;
		j->good = res.imported;
		j->bad = res.rejected;
	}
	snprintf(j->state, sizeof(j->state), "%s", !rc && res.committed ? "done" : "checked");
	if (!rc && res.committed)
		drop_upload(c, id);
	write_state(c, j);
	close(fd);
	return rc;
}

int import_job_name_column(struct core *c, const struct actor *a, int64_t id)
{
	static const char *const names[] = {"姓名", "党员姓名", "组织名称", NULL};
	struct import_job j;
	char path[4096];
	struct bf_err e;
	int col = -1;
	if (import_job_get(c, a, id, &j, &e) ||
	    job_path(c, id, "header.json", path, sizeof(path), &e))
		return -1;
	json_t *h = json_load_file(path, 0, NULL);
	for (size_t i = 0; col < 0 && i < json_array_size(h); i++) {
		const char *v = json_string_value(json_array_get(h, i));
		char t[64];
		snprintf(t, sizeof(t), "%s", v ? v : "");
		text_trim(t);
		for (size_t k = 0; names[k] && col < 0; k++)
			if (!strcmp(t, names[k]))
				col = (int)i;
	}
	json_decref(h);
	return col;
}

int import_job_bad_rows(struct core *c, const struct actor *a, int64_t id, long offset, long limit,
			void (*fn)(const char *json, void *ctx), void *ctx, struct bf_err *e)
{
	struct import_job j;
	char path[4096], *line = NULL;
	size_t cap = 0;
	if (import_job_get(c, a, id, &j, e) || job_path(c, id, "bad.jsonl", path, sizeof(path), e))
		return -1;
	FILE *f = fopen(path, "r");
	for (long i = 0; f && i < offset + limit && getline(&line, &cap, f) > 0; i++)
		if (i >= offset) {
			line[strcspn(line, "\n")] = '\0';
			fn(line, ctx);
		}
	if (f)
		fclose(f);
	free(line);
	return 0;
}

/* ---- workbooks ---- */

/* Closes the workbook written at path and reads it into memory; the file
 * is removed. */
static int finish_book(lxw_workbook *wb, const char *path, void **data, size_t *len,
		       struct bf_err *e)
{
	lxw_error x = workbook_close(wb);
	int rc = x == LXW_NO_ERROR
		     ? io_slurp(path, data, len, e)
		     : err_set(e, EC_INTERNAL, NULL, "无法生成 Excel 文件（%s）", lxw_strerror(x));
	unlink(path);
	return rc;
}

/* The header row of the job's upload, written after 行号, 错误列, 原因. */
static void bad_header(struct core *c, const struct import_job *j, lxw_worksheet *ws,
		       lxw_format *bold)
{
	static const char *const lead[] = {"行号", "错误列", "原因"};
	char path[4096];
	struct bf_err e;
	for (int i = 0; i < 3; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, lead[i], bold);
	if (job_path(c, j->id, "header.json", path, sizeof(path), &e))
		return;
	json_t *h = json_load_file(path, 0, NULL);
	for (size_t i = 0; i < json_array_size(h) && i < 1000; i++) {
		const char *v = json_string_value(json_array_get(h, i));
		worksheet_write_string(ws, 0, (lxw_col_t)(i + 3), v ? v : "", bold);
	}
	json_decref(h);
}

static void bad_row(lxw_worksheet *ws, lxw_row_t r, const char *line)
{
	json_t *row = json_loads(line, 0, NULL);
	json_t *fields = json_array_get(row, 3);
	worksheet_write_number(ws, r, 0, (double)json_integer_value(json_array_get(row, 0)), NULL);
	for (size_t i = 1; i < 3; i++) {
		const char *v = json_string_value(json_array_get(row, i));
		worksheet_write_string(ws, r, (lxw_col_t)i, v ? v : "", NULL);
	}
	for (size_t i = 0; i < json_array_size(fields) && i < 1000; i++) {
		const char *v = json_string_value(json_array_get(fields, i));
		if (v && *v)
			worksheet_write_string(ws, r, (lxw_col_t)(i + 3), v, NULL);
	}
	json_decref(row);
}

int import_job_bad_xlsx(struct core *c, const struct actor *a, int64_t id, void **data, size_t *len,
			struct bf_err *e)
{
	struct import_job j;
	char src[4096], out[4096], *line = NULL;
	size_t cap = 0;
	if (import_job_get(c, a, id, &j, e) || job_path(c, id, "bad.jsonl", src, sizeof(src), e) ||
	    job_path(c, id, "bad.xlsx", out, sizeof(out), e))
		return -1;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(out, &opt);
	if (!wb)
		return err_set(e, EC_INTERNAL, NULL, "无法生成 Excel 文件");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "错误行");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_set_column(ws, 0, 0, 8, NULL);
	worksheet_set_column(ws, 1, 1, 12, NULL);
	worksheet_set_column(ws, 2, 2, 50, NULL);
	worksheet_set_column(ws, 3, 40, 14, NULL);
	bad_header(c, &j, ws, bold);
	FILE *f = fopen(src, "r");
	for (lxw_row_t r = 1; f && r < XLSX_MAX_ROWS && getline(&line, &cap, f) > 0; r++)
		bad_row(ws, r, line);
	if (f)
		fclose(f);
	free(line);
	return finish_book(wb, out, data, len, e);
}

/* ---- templates ---- */

struct column_note {
	const char *header, *required, *note, *example;
};

static const struct column_note member_notes[] = {
    {"姓名", "必填", "党员姓名", "李丽"},
    {"性别", "可空", "男或女；空着时由身份证号码识别", "女"},
    {"民族", "必填", "如：汉族", "汉族"},
    {"出生年月", "可空", "空着时由身份证号码识别", "1949-12-31"},
    {"入党时间", "必填", "可写 1975-07-01、1975/7/1、1975.07、1975年7月，或用 Excel 的日期格式",
     "1975-07-01"},
    {"身份证号码", "必填", "18 位；本列已设为文本格式，请勿改成数字格式（否则后几位会丢失）",
     "11010519491231002X"},
    {"联系电话", "必填", "手机或固定电话", "13800138000"},
    {"户口类别", "必填", "农业 或 非农业", "农业"},
    {"家庭人口", "必填", "整数，如 3", "3"},
    {"家庭住址", "必填", "", "某某镇某某村"},
    {"文化程度", "必填", "研究生、大学本科、大学专科、中等专科、高中、初中、小学等", "高中"},
    {"人员类别", "必填", "退任村干部、退役军人、普通党员、其他", "普通党员"},
    {"所在支部", "必填", "支部的组织编码或全称（须在您的管辖范围内）",
     "示例支部（导入前请删除本行）"},
};

static const struct column_note org_notes[] = {
    {"组织编码", "必填", "全区唯一的编码，如 T01V09（本列为文本格式）", "T01V09"},
    {"组织名称", "必填", "全称", "某某村党支部"},
    {"上级组织编码", "必填", "上级组织的编码；上级可在本文件中，先后不限",
     "示例（导入前请删除本行）"},
    {"组织类别", "必填", "党委、党工委、党总支、党支部", "党支部"},
};

static const struct column_note roll_notes[] = {
    {"身份证号码", "必填",
     "18 位，须已在党员名册中且在您的管辖范围内；本列已设为文本格式，请勿改成数字格式",
     "11010519491231002X"},
    {"姓名", "可空", "填写时须与党员名册一致（用于核对）", "李丽"},
    {"纳入日期", "必填", "可写 2025-6-1、2025/06/01、2025年6月1日，或用 Excel 的日期格式",
     "2025-06-01"},
    {"类别", "必填", "造血型、输血型或关爱型", "输血型"},
    {"档次", "必填", "特别困难、比较困难或暂时困难", "特别困难"},
    {"致困原因", "可空",
     "因病、因残、因灾、因学、因意外事故、缺技术、缺资金、缺劳力、观念落后、其他；"
     "多项用顿号、逗号、斜杠或空格分开",
     "因病、缺劳力"},
    {"人均年纯收入（元）", "可空", "单位：元，可写 3600、3,600、3600.5 或 3600元；空着表示不详",
     "3,600"},
    {"收入来源", "可空", "", "务农"},
    {"享受其他补贴", "可空", "低保、五保、养老金等", "低保"},
    {"思想动态", "可空", "", "积极乐观"},
    {"急需何种帮助", "可空", "", "医疗救助"},
    {"家庭结构", "可空", "", "夫妻二人"},
    {"家庭人口", "可空", "整数，如 2", "2"},
};

static void notes_sheet(lxw_workbook *wb, const struct column_note *cols, size_t n,
			lxw_format *bold)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "填写说明");
	static const char *const head[] = {"列名", "是否必填", "填写说明", "示例"};
	worksheet_set_column(ws, 0, 1, 12, NULL);
	worksheet_set_column(ws, 2, 2, 70, NULL);
	worksheet_set_column(ws, 3, 3, 30, NULL);
	for (lxw_col_t i = 0; i < 4; i++)
		worksheet_write_string(ws, 0, i, head[i], bold);
	for (size_t i = 0; i < n; i++) {
		const char *v[] = {cols[i].header, cols[i].required, cols[i].note, cols[i].example};
		for (lxw_col_t k = 0; k < 4; k++)
			worksheet_write_string(ws, (lxw_row_t)(i + 1), k, v[k], NULL);
	}
	worksheet_write_string(ws, (lxw_row_t)(n + 2), 0,
			       "第 2 行是示例，导入前请删除。每次导入全部正确才写入；"
			       "也可选择只导入正确的行，错误行可下载后改正再导入。",
			       NULL);
}

int import_template(const char *kind, void **data, size_t *len, struct bf_err *e)
{
	int member = !strcmp(kind, "member"), roll = !strcmp(kind, "roll");
	if (!member && !roll && strcmp(kind, "org") != 0)
		return err_set(e, EC_INVALID, "kind",
			       "导入类别应为 member（党员）、org（组织）或 roll（困难党员台账）");
	const struct column_note *cols = member ? member_notes : roll ? roll_notes : org_notes;
	size_t n = member ? sizeof(member_notes) / sizeof(member_notes[0])
		   : roll ? sizeof(roll_notes) / sizeof(roll_notes[0])
			  : sizeof(org_notes) / sizeof(org_notes[0]);
	char path[] = "/tmp/bangfu-template-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return err_set(e, EC_INTERNAL, NULL, "无法生成模板");
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, member ? "党员名册"
						       : roll ? "困难党员台账"
							      : "组织");
	lxw_format *bold = workbook_add_format(wb), *text = workbook_add_format(wb),
		   *example = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format_index(text, 49); /* "@": text */
	format_set_num_format_index(example, 49);
	format_set_font_color(example, LXW_COLOR_GRAY);
	/* the ID number and phone (members) or the codes (orgs) as text, so
	 * Excel keeps every digit (column ranges must not overlap) */
	if (roll) {
		worksheet_set_column(ws, 0, 0, 22, text);
		worksheet_set_column(ws, 1, 4, 12, NULL);
		worksheet_set_column(ws, 5, (lxw_col_t)(n - 1), 16, NULL);
	} else if (member) {
		worksheet_set_column(ws, 0, 4, 12, NULL);
		worksheet_set_column(ws, 5, 6, 22, text);
		worksheet_set_column(ws, 7, (lxw_col_t)(n - 1), 14, NULL);
	} else {
		worksheet_set_column(ws, 0, 2, 18, text);
		worksheet_set_column(ws, 3, 3, 12, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i].header, bold);
		worksheet_write_string(ws, 1, (lxw_col_t)i, cols[i].example, example);
	}
	worksheet_freeze_panes(ws, 1, 0);
	notes_sheet(wb, cols, n, bold);
	return finish_book(wb, path, data, len, e);
}

/* screening_batch.c - the file round-trip with the external relief system
 * (阳光民生救助系统, seed 004, issue #11).  The committee makes a batch of
 * its approved cases: each is entered into screening (the product's own
 * rules run, screening.c) and numbered row by row.  The batch's file —
 * batch, row, full ID number, name, amount — is what that system takes;
 * writing it shows full ID numbers and is audited as a reveal.  The
 * system's answer is read back keyed by row (pass, or fail with its
 * reason) and takes the screening step of every row at once: all or
 * nothing, every unmatched or bad row listed with its line and column. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework_impl.h"
#include "sheet.h"
#include "store.h"
#include "store_screening.h"
#include "utf8.h"

static int committee_level(const struct actor *a, const char *what, struct bf_err *e)
{
	enum wf_role role;
	if (core_need_write(a, what, e) || cw_role(a, &role, e))
		return -1;
	if (role != WR_COMMITTEE && role != WR_ADMIN)
		return err_set(e, EC_FORBIDDEN, NULL, "%s须由党(工)委办理", what);
	return 0;
}

/* A batch the actor may see. */
static int batch_read(struct db *db, const struct actor *a, int64_t id, struct screening_batch *b,
		      struct bf_err *e)
{
	enum db_qs qs = store_sbatch_get(db, id, b, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, b->org_path))
		return err_set(e, EC_NOT_FOUND, NULL, "筛查批次不存在");
	return 0;
}

struct head_ctx {
	const struct actor *a;
	int64_t id;
	struct screening_batch *out;
};

static int head_fn(struct db *db, void *p, struct bf_err *e)
{
	struct head_ctx *x = p;
	return batch_read(db, x->a, x->id, x->out, e);
}

int screening_batch_head(struct core *c, const struct actor *a, int64_t id,
			 struct screening_batch *out, struct bf_err *e)
{
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct head_ctx x = {a, id, out};
	return db_run_tx(c->db, "screening_batch_head", 0, head_fn, &x, e);
}

/* --- making a batch --- */

struct create_ctx {
	const struct actor *a;
	int64_t org_id;
	struct screening_batch *out;
};

static int create_fn(struct db *db, void *p, struct bf_err *e)
{
	struct create_ctx *x = p;
	struct org o;
	int64_t *ids = NULL;
	size_t n = 0;
	struct strbuf d = STRBUF_INIT;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	int rc = core_org_read(db, x->a, x->org_id, "org_id", &o, e);
	if (!rc)
		rc = cw_ids_in_state(db, x->a, x->org_id, "approved", NULL, &ids, &n, e);
	if (rc)
		goto out;
	if (!n) {
		rc =
		    err_set(e, EC_CONFLICT, "org_id", "%s没有已审批、待录入救助系统的档案", o.name);
		goto out;
	}
	memset(x->out, 0, sizeof(*x->out));
	x->out->org_id = o.id;
	x->out->created_by = x->a->user_id;
	enum db_qs qs = store_sbatch_insert(db, x->out, e);
	if (qs < 0) {
		rc = qs;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct case_step_input in;
		struct screening_row row = {x->out->id, (int)i + 1, ids[i]};
		case_step_input_init(&in);
		if ((rc = case_read_tx(db, x->a, ids[i], c, e)))
			goto out;
		if ((rc = case_step_tx(db, x->a, c, EV_ENTER_SCREENING, &in, e))) {
			if (rc == -1)
				case_name_err(e, c);
			goto out;
		}
		if ((qs = store_sbatch_row_insert(db, &row, e)) < 0) {
			rc = qs;
			goto out;
		}
	}
	strbuf_addf(&d, "{\"batch\":%" PRId64 ",\"org_id\":%" PRId64 ",", x->out->id, o.id);
	cw_json_ids(&d, ids, n);
	strbuf_addch(&d, '}');
	rc = audit_record(db, x->a, "screening_batch_create", "screening_batch", x->out->id, d.buf,
			  e);
	if (!rc)
		rc = CORE_QS(store_sbatch_get(db, x->out->id, x->out, e));
out:
	strbuf_release(&d);
	free(ids);
	free(c);
	return rc;
}

int screening_batch_create(struct core *c, const struct actor *a, int64_t org_id,
			   struct screening_batch *out, struct bf_err *e)
{
	if (committee_level(a, "录入救助系统", e))
		return -1;
	if (!org_id)
		return err_set(e, EC_MISSING, "org_id", "请选择组织");
	struct create_ctx x = {a, org_id, out};
	return db_run_tx(c->db, "screening_batch_create", 1, create_fn, &x, e);
}

/* --- reading a batch --- */

struct read_ctx {
	const struct core *core;
	const struct actor *a;
	int64_t id;
	int reveal;
	struct screening_batch *b;
	struct screening_line **lines;
	size_t *n;
};

static int read_fn(struct db *db, void *p, struct bf_err *e)
{
	struct read_ctx *x = p;
	struct screening_row *rows = NULL;
	size_t nr = 0;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	struct member m;
	memset(&m, 0, sizeof(m));
	int rc = batch_read(db, x->a, x->id, x->b, e);
	if (rc)
		goto out;
	enum db_qs qs = store_sbatch_rows(db, x->id, &rows, &nr, e);
	if (qs < 0) {
		rc = qs;
		goto out;
	}
	free(*x->lines);
	*x->lines = nr ? xcalloc(nr, sizeof(**x->lines)) : NULL;
	*x->n = nr;
	for (size_t i = 0; i < nr; i++) {
		struct screening_line *l = &(*x->lines)[i];
		l->row_no = rows[i].row_no;
		l->case_id = rows[i].case_id;
		if ((qs = store_case_get(db, rows[i].case_id, c, e)) < 0) {
			rc = qs;
			goto out;
		}
		snprintf(l->member_name, sizeof(l->member_name), "%s", c->member_name);
		snprintf(l->state, sizeof(l->state), "%s", c->state);
		snprintf(l->screening_result, sizeof(l->screening_result), "%s",
			 c->screening_result);
		l->member_id = c->member_id;
		l->amount_fen = c->approved_fen ? c->approved_fen : c->proposed_fen;
		if ((rc = cw_findings_open(db, c->id, &l->findings_open, e)))
			goto out;
		member_release(&m);
		if ((qs = store_member_get(db, c->member_id, &m, e)) < 0) {
			rc = qs;
			goto out;
		}
		if (qs == DB_ONE && (x->reveal ? member_unseal(x->core->key, &m, e)
					       : member_unseal_masked(x->core->key, &m, e)) == 0)
			snprintf(l->id_number, sizeof(l->id_number), "%s", m.id_number);
	}
	if (x->reveal) {
		char d[160];
		snprintf(d, sizeof(d),
			 "{\"list\":\"screening_file\",\"batch\":%" PRId64 ",\"rows\":%zu}", x->id,
			 nr);
		rc = audit_record(db, x->a, "reveal", "screening_batch", x->id, d, e);
	}
out:
	member_release(&m);
	free(rows);
	free(c);
	return rc;
}

int screening_batch_get(struct core *c, const struct actor *a, int64_t id, int reveal,
			struct screening_batch *b, struct screening_line **lines, size_t *n,
			struct bf_err *e)
{
	*lines = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (reveal && !access_allowed(a, PERM_REVEAL))
		return err_set(e, EC_FORBIDDEN, NULL, "无权查看完整身份证号码");
	struct read_ctx x = {c, a, id, reveal, b, lines, n};
	int rc = db_run_tx(c->db, "screening_batch_get", reveal, read_fn, &x, e);
	if (rc) {
		free(*lines);
		*lines = NULL;
		*n = 0;
	}
	return rc;
}

struct list_ctx {
	const struct actor *a;
	struct screening_batch **items;
	size_t *n;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	return CORE_QS(store_sbatch_list(db, x->a->org_path, x->items, x->n, e));
}

int screening_batch_list(struct core *c, const struct actor *a, struct screening_batch **items,
			 size_t *n, struct bf_err *e)
{
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	struct list_ctx x = {a, items, n};
	return db_run_tx(c->db, "screening_batch_list", 0, list_fn, &x, e);
}

/* --- the answer --- */

struct answer_row {
	long line;
	int row_no;
	int pass;
	char reason[TEXT_BYTES(TF_STEP_REASON_MAX)];
	char id_bidx[65]; /* "" when the file gave none */
};

struct answer_ctx {
	const struct actor *a;
	int64_t id;
	struct answer_row *rows;
	size_t n;
	struct screening_bad_rows *bad;
	size_t file_bad; /* the file's own faults, listed before the transaction */
	int passed, failed;
};

static int answer_fn(struct db *db, void *p, struct bf_err *e)
{
	struct answer_ctx *x = p;
	struct screening_batch b;
	struct screening_row *rows = NULL;
	size_t nr = 0;
	struct aid_case *c = xcalloc(1, sizeof(*c));
	struct member m;
	char *seen = NULL;
	int rc;
	memset(&m, 0, sizeof(m));
	x->passed = x->failed = 0;
	x->bad->n = x->file_bad; /* a retry starts over */
	if ((rc = batch_read(db, x->a, x->id, &b, e)))
		goto out;
	if (strcmp(b.state, "open")) {
		rc = err_set(e, EC_CONFLICT, NULL, "该批次的筛查结果已经导入过");
		goto out;
	}
	enum db_qs qs = store_sbatch_rows(db, x->id, &rows, &nr, e);
	if (qs < 0) {
		rc = qs;
		goto out;
	}
	seen = xcalloc(nr + 1, 1);
	for (size_t i = 0; i < x->n; i++) {
		struct answer_row *ar = &x->rows[i];
		if (ar->row_no < 1 || (size_t)ar->row_no > nr) {
			screening_bad_add(x->bad, ar->line, "序号", "批次中没有第 %d 行",
					  ar->row_no);
			continue;
		}
		if (seen[ar->row_no]) {
			screening_bad_add(x->bad, ar->line, "序号", "第 %d 行在回执中出现了两次",
					  ar->row_no);
			continue;
		}
		seen[ar->row_no] = 1;
		const struct screening_row *r = &rows[ar->row_no - 1];
		if ((rc = case_read_tx(db, x->a, r->case_id, c, e)))
			goto out;
		if (ar->id_bidx[0]) {
			member_release(&m);
			if ((qs = store_member_get(db, c->member_id, &m, e)) < 0) {
				rc = qs;
				goto out;
			}
			if (qs == DB_NONE || strcmp(m.id_bidx, ar->id_bidx)) {
				screening_bad_add(x->bad, ar->line, "身份证号码",
						  "身份证号码与批次第 %d 行（%s）不符", ar->row_no,
						  c->member_name);
				continue;
			}
		}
		struct case_step_input in;
		case_step_input_init(&in);
		utf8_copy(in.screening_result, sizeof(in.screening_result),
			  ar->pass ? "阳光民生救助系统筛查通过" : ar->reason);
		snprintf(in.reason, sizeof(in.reason), "%s", ar->pass ? "" : ar->reason);
		rc = case_step_tx(db, x->a, c, ar->pass ? EV_SCREEN_PASS : EV_SCREEN_FAIL, &in, e);
		if (rc == -1) {
			screening_bad_add(x->bad, ar->line, "筛查结果", "第 %d 行（%s）：%s",
					  ar->row_no, c->member_name, e->message);
			rc = 0;
			continue;
		}
		if (rc)
			goto out;
		if (ar->pass)
			x->passed++;
		else
			x->failed++;
	}
	for (size_t k = 1; k <= nr; k++)
		if (!seen[k])
			screening_bad_add(x->bad, 0, "序号", "批次第 %zu 行在回执中没有结果", k);
	if (x->bad->n) {
		rc = err_set(e, EC_INVALID, "file", "回执中有 %zu 处问题，未导入任何结果",
			     x->bad->n);
		goto out;
	}
	if ((qs = store_sbatch_answered(db, x->id, x->a->user_id, e)) < 0) {
		rc = qs;
		goto out;
	}
	char d[160];
	snprintf(d, sizeof(d), "{\"batch\":%" PRId64 ",\"passed\":%d,\"failed\":%d}", x->id,
		 x->passed, x->failed);
	rc = audit_record(db, x->a, "screening_batch_answer", "screening_batch", x->id, d, e);
out:
	member_release(&m);
	free(seen);
	free(rows);
	free(c);
	return rc;
}

/* By line, the rows missing from the file (line 0) last. */
static int bad_cmp(const void *pa, const void *pb)
{
	const struct screening_bad *a = pa, *b = pb;
	long la = a->line ? a->line : 0x7fffffffL, lb = b->line ? b->line : 0x7fffffffL;
	return la < lb ? -1 : la > lb;
}

/* "通过" / "未通过" and their usual spellings. */
static int parse_result(const char *s, int *pass)
{
	static const char *const yes[] = {"通过", "筛查通过", "是", "合格", "pass", NULL};
	static const char *const no[] = {"未通过", "不通过", "筛查未通过", "否",
					 "不合格", "fail",   NULL};
	for (const char *const *k = yes; *k; k++)
		if (!strcmp(s, *k))
			return *pass = 1, 0;
	for (const char *const *k = no; *k; k++)
		if (!strcmp(s, *k))
			return *pass = 0, 0;
	return -1;
}

static void cell(char **f, size_t nf, int col, char *out, size_t cap)
{
	snprintf(out, cap, "%s", col >= 0 && (size_t)col < nf && f[col] ? f[col] : "");
	text_trim(out);
}

int screening_answer_row(const struct crypto_key *key, int64_t batch_id, char **f, size_t nf,
			 const struct screening_answer_cols *cols, struct screening_answer *out,
			 char column[32], struct bf_err *e)
{
	char v[512];
	memset(out, 0, sizeof(*out));
	column[0] = '\0';
	if (cols->batch >= 0) {
		char want[32];
		cell(f, nf, cols->batch, v, sizeof(v));
		snprintf(want, sizeof(want), "%" PRId64, batch_id);
		if (strcmp(v, want)) {
			snprintf(column, 32, "%s", "批次");
			return err_set(e, EC_INVALID, "file", "批次号“%s”不是本批次（%s）", v,
				       want);
		}
	}
	cell(f, nf, cols->row, v, sizeof(v));
	char *end = NULL;
	long rn = strtol(v, &end, 10);
	if (!v[0] || !end || *end || rn < 1 || rn > 100000) {
		snprintf(column, 32, "%s", "序号");
		return err_set(e, EC_INVALID, "file", "序号“%s”不是有效的行号", v);
	}
	out->row_no = (int)rn;
	cell(f, nf, cols->result, v, sizeof(v));
	if (parse_result(v, &out->pass)) {
		snprintf(column, 32, "%s", "筛查结果");
		return err_set(e, EC_INVALID, "file", "筛查结果“%s”无法识别：须为“通过”或“未通过”",
			       v);
	}
	cell(f, nf, cols->reason, v, sizeof(v));
	utf8_copy(out->reason, sizeof(out->reason), v);
	if (text_field(out->reason, TF_STEP_REASON, 0, e)) {
		snprintf(column, 32, "%s", "原因");
		return -1;
	}
	if (!out->pass && !out->reason[0]) {
		snprintf(column, 32, "%s", "原因");
		return err_set(e, EC_INVALID, "file", "未通过的行须写明原因");
	}
	if (cols->id >= 0 && key) {
		cell(f, nf, cols->id, v, sizeof(v));
		if (v[0] && member_id_bidx(key, v, out->id_bidx, e)) {
			snprintf(column, 32, "%s", "身份证号码");
			return -1;
		}
	}
	return 0;
}

int screening_batch_answer(struct core *c, const struct actor *a, int64_t id, const char *path,
			   int *passed, int *failed, struct screening_bad_rows *bad,
			   struct bf_err *e)
{
	static const char *const batch_names[] = {"批次", "批次号", NULL};
	static const char *const row_names[] = {"序号", "行号", NULL};
	static const char *const id_names[] = {"身份证号码", "身份证号", NULL};
	static const char *const result_names[] = {"筛查结果", "结果", NULL};
	static const char *const reason_names[] = {"原因", "未通过原因", "说明", NULL};
	struct answer_ctx x = {a, id, NULL, 0, bad, 0, 0};
	size_t alloc = 0;
	char **f;
	size_t nf;
	int rc = -1, got;
	*passed = *failed = 0;
	if (committee_level(a, "导入筛查结果", e))
		return -1;
	struct sheet *s = sheet_open(path, e);
	if (!s)
		return -1;
	if ((got = sheet_next(s, &f, &nf, e)) <= 0) {
		if (got == 0)
			err_set(e, EC_INVALID, "file", "文件是空的：第一行须是表头");
		goto out;
	}
	int cb = screening_find_column(f, nf, batch_names);
	int cr = screening_find_column(f, nf, row_names);
	int ci = screening_find_column(f, nf, id_names);
	int cres = screening_find_column(f, nf, result_names);
	int creason = screening_find_column(f, nf, reason_names);
	if (cr < 0 || cres < 0) {
		err_set(e, EC_INVALID, "file", "第 %ld 行表头中须有“序号”和“筛查结果”两列",
			sheet_line(s));
		goto out;
	}
	struct screening_answer_cols cols = {cb, cr, ci, cres, creason};
	while ((got = sheet_next(s, &f, &nf, e)) == 1) {
		int blank = 1;
		for (size_t i = 0; blank && i < nf; i++)
			blank = !f[i] || !f[i][0];
		if (blank)
			continue;
		struct screening_answer ans;
		struct answer_row ar;
		char column[32];
		struct bf_err ie;
		if (screening_answer_row(c->key, id, f, nf, &cols, &ans, column, &ie)) {
			screening_bad_add(bad, sheet_line(s), column, "%s", ie.message);
			continue;
		}
		memset(&ar, 0, sizeof(ar));
		ar.line = sheet_line(s);
		ar.row_no = ans.row_no;
		ar.pass = ans.pass;
		memcpy(ar.reason, ans.reason, sizeof(ar.reason));
		memcpy(ar.id_bidx, ans.id_bidx, sizeof(ar.id_bidx));
		if (x.n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			x.rows = xreallocarray(x.rows, alloc, sizeof(*x.rows));
		}
		x.rows[x.n++] = ar;
	}
	if (got < 0)
		goto out;
	/* with the file's own faults too the rows are tried, so that every
	 * problem is listed at once; then nothing is kept */
	x.file_bad = bad->n;
	rc = db_run_tx(c->db, "screening_batch_answer", 1, answer_fn, &x, e);
	if (bad->n > 1)
		qsort(bad->items, bad->n, sizeof(*bad->items), bad_cmp);
	if (!rc) {
		*passed = x.passed;
		*failed = x.failed;
	}
out:
	sheet_close(s);
	free(x.rows);
	return rc;
}

/* casework_policy.c - the policy in force: stored policy versions (parsed
 * once per version and kept, since a stored version never changes) and the
 * department's functions that save them.  The working-day calendar is
 * casework_calendar.c.  See docs/internals/cases.md. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "casework_impl.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* Parsed policy versions                                             */

/* One parsed version.  Keyed by version, effective date and creation time:
 * a version is never changed in a database, and the two extra keys keep a
 * process that opens another database (tests) from using a stale parse.
 * Entries live until case_cache_reset(): callers hold plain pointers. */
struct pol_entry {
	int version;
	char effective_from[CASE_DATE_LEN];
	int64_t created_at;
	struct policy *p;
	struct pol_entry *next;
};

static pthread_mutex_t pol_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pol_entry *pol_head;

static const struct policy *pol_lookup(const struct policy_row *row)
{
	const struct policy *hit = NULL;
	pthread_mutex_lock(&pol_lock);
	for (struct pol_entry *x = pol_head; x && !hit; x = x->next)
		if (x->version == row->version && x->created_at == row->created_at &&
		    !strcmp(x->effective_from, row->effective_from))
			hit = x->p;
	pthread_mutex_unlock(&pol_lock);
	return hit;
}

/* Keeps p (parsed from row) unless another thread got there first. */
static const struct policy *pol_keep(const struct policy_row *row, struct policy *p)
{
	const struct policy *hit = pol_lookup(row);
	if (hit) {
		free(p);
		return hit;
	}
	struct pol_entry *x = xcalloc(1, sizeof(*x));
	x->version = row->version;
	snprintf(x->effective_from, sizeof(x->effective_from), "%s", row->effective_from);
	x->created_at = row->created_at;
	x->p = p;
	pthread_mutex_lock(&pol_lock);
	x->next = pol_head;
	pol_head = x;
	pthread_mutex_unlock(&pol_lock);
	return p;
}

/* The parsed version described by brief (a row without its document). */
static int pol_load(struct db *db, const struct policy_row *brief, const struct policy **out,
		    struct bf_err *e)
{
	struct policy_row row;
	struct bf_err why;

	if ((*out = pol_lookup(brief)))
		return 0;
	enum db_qs qs = store_policy_get(db, brief->version, &row, e);
	if (qs <= 0)
		return qs < 0 ? (int)qs
			      : err_set(e, EC_NOT_FOUND, "policy_version", "第 %d 版政策不存在",
					brief->version);
	struct policy *p = xcalloc(1, sizeof(*p));
	int rc = policy_parse(row.document, strlen(row.document), p, &why);
	store_policy_row_release(&row);
	if (rc) {
		free(p);
		return err_set(e, EC_INTERNAL, "policy_version", "第 %d 版政策无法读取：%s",
			       brief->version, why.message);
	}
	*out = pol_keep(brief, p);
	return 0;
}

static int insert_default(struct db *db, struct bf_err *e)
{
	struct policy_row row = {0};
	const struct policy *d = policy_default();
	row.version = 1;
	snprintf(row.effective_from, sizeof(row.effective_from), "%s", d->effective_from);
	snprintf(row.note, sizeof(row.note), "出厂默认政策");
	row.document = (char *)policy_default_text();
	return CORE_QS(store_policy_insert(db, &row, e));
}

/* Every version without documents; stores version 1 when there is none. */
static int pol_rows(struct db *db, struct policy_row **rows, size_t *n, struct bf_err *e)
{
	enum db_qs qs = store_policy_list(db, rows, n, e);
	if (qs != DB_NONE)
		return CORE_QS(qs);
	int rc = insert_default(db, e);
	return rc ? rc : CORE_QS(store_policy_list(db, rows, n, e));
}

int case_policy_at(struct db *db, const char *date, const struct policy **out, struct bf_err *e)
{
	struct policy_row *rows = NULL;
	size_t n = 0;
	const struct policy_row *best = NULL;

	int rc = pol_rows(db, &rows, &n, e);
	if (rc)
		return rc;
	/* as policy_pick: the latest effective date not after date, then
	 * the higher version */
	for (size_t i = 0; i < n; i++) {
		int cmp = best ? strcmp(rows[i].effective_from, best->effective_from) : 1;
		if (strcmp(rows[i].effective_from, date) <= 0 &&
		    (cmp > 0 || (cmp == 0 && rows[i].version > best->version)))
			best = &rows[i];
	}
	rc = best ? pol_load(db, best, out, e)
		  : err_set(e, EC_NOT_FOUND, "date",
			    "%s 没有生效的帮扶政策（最早的版本自 %s 起生效）", date,
			    n ? rows[0].effective_from : "");
	store_policy_rows_free(rows, n);
	return rc;
}

int cw_policy_version(struct db *db, int version, const struct policy **out, struct bf_err *e)
{
	struct policy_row *rows = NULL;
	size_t n = 0;
	int rc = pol_rows(db, &rows, &n, e);
	if (rc)
		return rc;
	rc = err_set(e, EC_NOT_FOUND, "version", "第 %d 版政策不存在", version);
	for (size_t i = 0; i < n; i++)
		if (rows[i].version == version)
			rc = pol_load(db, &rows[i], out, e);
	store_policy_rows_free(rows, n);
	return rc;
}

void case_cache_reset(void)
{
	pthread_mutex_lock(&pol_lock);
	while (pol_head) {
		struct pol_entry *x = pol_head;
		pol_head = x->next;
		free(x->p);
		free(x);
	}
	pthread_mutex_unlock(&pol_lock);
	cw_calendar_reset();
}

/* ------------------------------------------------------------------ */
/* The policy API                                                     */

static int ensure_fn(struct db *db, void *ctx, struct bf_err *e)
{
	return insert_default(db, e);
}

int case_policy_ensure(struct core *c, struct bf_err *e)
{
	return db_run_tx(c->db, "case_policy_ensure", 1, ensure_fn, NULL, e);
}

struct pick_ctx {
	const char *date;
	int version;
	const struct policy *out;
};

static int in_force_fn(struct db *db, void *p, struct bf_err *e)
{
	struct pick_ctx *x = p;
	return x->version ? cw_policy_version(db, x->version, &x->out, e)
			  : case_policy_at(db, x->date, &x->out, e);
}

int case_policy_in_force(struct core *c, const char *date, const struct policy **out,
			 struct bf_err *e)
{
	char day[CASE_DATE_LEN];
	if (date && *date) {
		if (core_date(date, day, 1, "date", "日期", e))
			return -1;
	} else {
		core_today(day);
	}
	struct pick_ctx x = {.date = day};
	if (db_run_tx(c->db, "case_policy_in_force", 0, in_force_fn, &x, e))
		return -1;
	*out = x.out;
	return 0;
}

int case_policy_get(struct core *c, int version, const struct policy **out, struct bf_err *e)
{
	struct pick_ctx x = {.version = version};
	if (version < 1)
		return err_set(e, EC_INVALID, "version", "政策版本号须为正整数");
	if (db_run_tx(c->db, "case_policy_get", 0, in_force_fn, &x, e))
		return -1;
	*out = x.out;
	return 0;
}

struct save_ctx {
	const struct actor *a;
	struct policy *p;
	const char *note;
	int version;
};

/* An effective date in the past only as a correction of today's version. */
static int check_effective(struct db *db, const struct policy *p, struct bf_err *e)
{
	char today[CASE_DATE_LEN];
	const struct policy *now;
	core_today(today);
	if (strcmp(p->effective_from, today) >= 0)
		return 0;
	int rc = case_policy_at(db, today, &now, e);
	if (rc)
		return rc;
	if (!strcmp(p->effective_from, now->effective_from))
		return 0;
	return err_set(e, EC_INVALID, "effective_from",
		       "生效日期不得早于今天（%s）；更正现行政策（第 %d 版）时可沿用其生效日期 %s",
		       today, now->version, now->effective_from);
}

static int save_fn(struct db *db, void *p, struct bf_err *e)
{
	struct save_ctx *x = p;
	struct strbuf doc = STRBUF_INIT, detail = STRBUF_INIT;
	struct policy_row row = {0};
	int max = 0;

	int rc = insert_default(db, e);
	if (!rc)
		rc = check_effective(db, x->p, e);
	if (!rc)
		rc = CORE_QS(store_policy_max_version(db, &max, e));
	if (rc)
		return rc;
	x->version = x->p->version = max + 1;
	policy_to_json(x->p, &doc);
	row.version = x->version;
	snprintf(row.effective_from, sizeof(row.effective_from), "%s", x->p->effective_from);
	snprintf(row.note, sizeof(row.note), "%s", x->note);
	row.created_by = x->a->user_id;
	row.document = doc.buf;
	enum db_qs qs = store_policy_insert(db, &row, e);
	strbuf_release(&doc);
	if (qs == DB_NONE)
		return err_set(e, EC_CONFLICT, "version", "第 %d 版政策刚被他人保存，请刷新后重试",
			       x->version);
	if (qs < 0)
		return qs;
	strbuf_addf(&detail, "{\"version\":%d,\"effective_from\":\"%s\",\"note\":\"", x->version,
		    x->p->effective_from);
	core_json_text(&detail, x->note, 255);
	strbuf_adds(&detail, "\"}");
	rc = audit_record(db, x->a, "policy_save", "policy", x->version, detail.buf, e);
	strbuf_release(&detail);
	return rc;
}

int case_policy_save(struct core *c, const struct actor *a, const char *json, size_t len,
		     const char *note, int *version, struct bf_err *e)
{
	char why[256];
	if (core_need_root(a, "保存帮扶政策", e))
		return -1;
	snprintf(why, sizeof(why), "%s", note ? note : "");
	if (text_field(why, TF_POLICY_NOTE, 1, e))
		return -1;
	struct policy *p = xcalloc(1, sizeof(*p));
	struct save_ctx x = {.a = a, .p = p, .note = why};
	int rc = policy_parse(json ? json : "", json ? len : 0, p, e);
	if (!rc)
		rc = db_run_tx(c->db, "case_policy_save", 1, save_fn, &x, e);
	free(p);
	if (!rc && version)
		*version = x.version;
	return rc;
}

struct list_ctx {
	struct policy_row *items;
	size_t n;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *x = p;
	return pol_rows(db, &x->items, &x->n, e);
}

int case_policy_list(struct core *c, const struct actor *a, struct policy_row **items, size_t *n,
		     struct bf_err *e)
{
	struct list_ctx x = {0};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "case_policy_list", 0, list_fn, &x, e))
		return -1;
	*items = x.items;
	*n = x.n;
	return 0;
}

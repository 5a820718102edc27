/* casework_calendar.c - the working-day calendar in force: the shipped
 * holiday data with the department's edits on top, rebuilt only when the
 * edits change, and the department's functions that edit it.  See
 * docs/internals/cases.md. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "casework_impl.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* The calendar                                                       */

/* A built calendar and the edits it was built from.  refs counts the
 * cache's own hold (while current) and every caller's. */
struct cal_ref {
	struct calendar *cal;
	int refs;
	struct calendar_edit *days;
	size_t ndays;
	struct calendar_year *years;
	size_t nyears;
	struct cal_ref *next; /* the list of every live calendar */
};

static pthread_mutex_t cal_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cal_ref *cal_all, *cal_cur;
static uint64_t cal_generation;
static time_t cal_checked;

#define CAL_MAX_AGE 5 /* seconds: how stale another process's edit may be */

static void cal_ref_free(struct cal_ref *r)
{
	calendar_free(r->cal);
	free(r->days);
	free(r->years);
	free(r);
}

/* Drops one hold; the last frees it (under cal_lock). */
static void cal_unref_locked(struct cal_ref *r)
{
	if (--r->refs > 0)
		return;
	for (struct cal_ref **p = &cal_all; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
	cal_ref_free(r);
}

static int same_edits(const struct cal_ref *r, const struct calendar_edit *days, size_t ndays,
		      const struct calendar_year *years, size_t nyears)
{
	if (r->ndays != ndays || r->nyears != nyears)
		return 0;
	for (size_t i = 0; i < ndays; i++)
		if (strcmp(r->days[i].day, days[i].day) || strcmp(r->days[i].kind, days[i].kind) ||
		    strcmp(r->days[i].name, days[i].name))
			return 0;
	for (size_t i = 0; i < nyears; i++)
		if (r->years[i].year != years[i].year)
			return 0;
	return 1;
}

static int kind_of(const char *code, enum cal_kind *out)
{
	static const struct {
		const char *code;
		enum cal_kind kind;
	} kinds[] = {{"holiday", CAL_HOLIDAY}, {"workday", CAL_WORKDAY}, {"normal", CAL_NORMAL}};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].code, code)) {
			*out = kinds[i].kind;
			return 0;
		}
	return -1;
}

/* The shipped data with the edits applied; rows the loader would refuse
 * cannot be in the store (the functions below check them first), so a bad
 * one is skipped rather than failing every deadline of the district. */
static struct calendar *cal_build(const struct calendar_edit *days, size_t ndays,
				  const struct calendar_year *years, size_t nyears,
				  struct bf_err *e)
{
	struct calendar *cal = calendar_builtin_new(e);
	if (!cal)
		return NULL;
	for (size_t i = 0; i < ndays; i++) {
		enum cal_kind k;
		struct ymd d;
		if (!kind_of(days[i].kind, &k) && !core_stored_ymd(days[i].day, &d, NULL))
			calendar_set(cal, d, k, days[i].name);
	}
	for (size_t i = 0; i < nyears; i++)
		calendar_mark_year(cal, years[i].year);
	return cal;
}

/* The current calendar with one more hold, if it is known to be fresh. */
static struct cal_ref *cal_fresh(void)
{
	struct cal_ref *r = NULL;
	pthread_mutex_lock(&cal_lock);
	if (cal_cur && cal_generation == db_write_generation() &&
	    time(NULL) - cal_checked < CAL_MAX_AGE) {
		r = cal_cur;
		r->refs++;
	}
	pthread_mutex_unlock(&cal_lock);
	return r;
}

/* Installs r as current (or keeps the current one when its edits are the
 * same) and answers the calendar with a hold for the caller. */
static const struct calendar *cal_install(struct cal_ref *r, uint64_t gen)
{
	pthread_mutex_lock(&cal_lock);
	struct cal_ref *old = cal_cur;
	r->refs = 2; /* the cache's and the caller's */
	r->next = cal_all;
	cal_all = r;
	cal_cur = r;
	cal_generation = gen;
	cal_checked = time(NULL);
	if (old)
		cal_unref_locked(old);
	pthread_mutex_unlock(&cal_lock);
	return r->cal;
}

static const struct calendar *cal_keep_current(const struct calendar_edit *days, size_t ndays,
					       const struct calendar_year *years, size_t nyears,
					       uint64_t gen)
{
	const struct calendar *cal = NULL;
	pthread_mutex_lock(&cal_lock);
	if (cal_cur && same_edits(cal_cur, days, ndays, years, nyears)) {
		cal_cur->refs++;
		cal_generation = gen;
		cal_checked = time(NULL);
		cal = cal_cur->cal;
	}
	pthread_mutex_unlock(&cal_lock);
	return cal;
}

int cw_calendar_get(struct db *db, const struct calendar **out, struct bf_err *e)
{
	struct cal_ref *fresh = cal_fresh();
	if (fresh) {
		*out = fresh->cal;
		return 0;
	}
	uint64_t gen = db_write_generation(); /* before reading: a later write re-checks */
	struct calendar_edit *days = NULL;
	struct calendar_year *years = NULL;
	size_t ndays = 0, nyears = 0;
	enum db_qs qs = store_calendar_list_year(db, 0, &days, &ndays, e);
	if (qs >= 0)
		qs = store_calendar_years(db, &years, &nyears, e);
	if (qs < 0) {
		free(days);
		return qs;
	}
	if ((*out = cal_keep_current(days, ndays, years, nyears, gen))) {
		free(days);
		free(years);
		return 0;
	}
	struct cal_ref *r = xcalloc(1, sizeof(*r));
	r->cal = cal_build(days, ndays, years, nyears, e);
	r->days = days;
	r->ndays = ndays;
	r->years = years;
	r->nyears = nyears;
	if (!r->cal) {
		cal_ref_free(r);
		return DB_HARD;
	}
	*out = cal_install(r, gen);
	return 0;
}

const struct calendar *case_calendar_acquire(struct core *c, struct bf_err *e)
{
	const struct calendar *cal = NULL;
	if (cw_calendar_get(c->db, &cal, e)) {
		if (e->code == EC_OK)
			err_set(e, EC_DB, NULL, NULL);
		return NULL;
	}
	return cal;
}

void case_calendar_release(const struct calendar *cal)
{
	if (!cal)
		return;
	pthread_mutex_lock(&cal_lock);
	for (struct cal_ref *r = cal_all; r; r = r->next)
		if (r->cal == cal) {
			cal_unref_locked(r);
			break;
		}
	pthread_mutex_unlock(&cal_lock);
}

void cw_calendar_reset(void)
{
	pthread_mutex_lock(&cal_lock);
	if (cal_cur)
		cal_unref_locked(cal_cur);
	cal_cur = NULL;
	pthread_mutex_unlock(&cal_lock);
}

/* ------------------------------------------------------------------ */
/* The department's calendar edits                                    */

struct cal_ctx {
	const struct actor *a;
	const char *action;
	struct calendar_edit day; /* set_day, clear_day */
	struct calendar_year year;
	struct calendar *loaded; /* load_year: the year as loaded */
	const struct calendar *shipped;
};

static int64_t day_number(const char *day)
{
	struct ymd d = core_ymd(day);
	return (int64_t)d.y * 10000 + d.m * 100 + d.d;
}

static int audit_calendar(struct db *db, const struct cal_ctx *x, int64_t id, struct bf_err *e)
{
	struct strbuf d = STRBUF_INIT;
	if (x->day.day[0]) {
		strbuf_addf(&d, "{\"day\":\"%s\",\"kind\":\"%s\",\"name\":\"", x->day.day,
			    x->day.kind);
		core_json_text(&d, x->day.name, 64);
	} else {
		strbuf_addf(&d, "{\"year\":%d,\"source\":\"", x->year.year);
		core_json_text(&d, x->year.source, 255);
	}
	strbuf_adds(&d, "\"}");
	int rc = audit_record(db, x->a, x->action, "calendar", id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int set_day_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cal_ctx *x = p;
	int rc = CORE_QS(store_calendar_set_day(db, &x->day, e));
	return rc ? rc : audit_calendar(db, x, day_number(x->day.day), e);
}

static int clear_day_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cal_ctx *x = p;
	enum db_qs qs = store_calendar_delete_day(db, x->day.day, e);
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "day", "%s 没有组织部的调整记录", x->day.day);
	return qs < 0 ? (int)qs : audit_calendar(db, x, day_number(x->day.day), e);
}

static int weekday_of(struct ymd d)
{
	/* 1970-01-01 was a Thursday; 0 = Monday */
	int64_t k = (date_to_days(d) + 3) % 7;
	return (int)(k < 0 ? k + 7 : k);
}

static int check_day(struct cal_ctx *x, const char *day, const char *kind, const char *name,
		     struct bf_err *e)
{
	enum cal_kind k;
	if (core_date(day, x->day.day, 1, "day", "日期", e))
		return -1;
	struct ymd d = core_ymd(x->day.day);
	if (d.y < CAL_YEAR_MIN || d.y > CAL_YEAR_MAX)
		return err_set(e, EC_INVALID, "day", "日期须在 %d 至 %d 年之间", CAL_YEAR_MIN,
			       CAL_YEAR_MAX);
	if (!kind || kind_of(kind, &k))
		return err_set(e, EC_INVALID, "kind",
			       "类型应为：holiday（放假）、workday（调休上班）"
			       "或 normal（恢复为普通日）");
	snprintf(x->day.kind, sizeof(x->day.kind), "%s", kind);
	snprintf(x->day.name, sizeof(x->day.name), "%s", name ? name : "");
	if (text_field(x->day.name, TF_CALENDAR_NAME, 0, e))
		return -1;
	if (k == CAL_WORKDAY && weekday_of(d) < 5)
		return err_set(e, EC_INVALID, "kind", "%s 是工作日（周一至周五），不能设为调休上班",
			       x->day.day);
	return 0;
}

int case_calendar_set_day(struct core *c, const struct actor *a, const char *day, const char *kind,
			  const char *name, struct bf_err *e)
{
	struct cal_ctx x = {.a = a, .action = "calendar_set"};
	if (core_need_root(a, "调整工作日历", e) || check_day(&x, day, kind, name, e))
		return -1;
	x.day.updated_by = a->user_id;
	return db_run_tx(c->db, "case_calendar_set_day", 1, set_day_fn, &x, e);
}

int case_calendar_clear_day(struct core *c, const struct actor *a, const char *day,
			    struct bf_err *e)
{
	struct cal_ctx x = {.a = a, .action = "calendar_clear"};
	if (core_need_root(a, "调整工作日历", e) || core_date(day, x.day.day, 1, "day", "日期", e))
		return -1;
	snprintf(x.day.kind, sizeof(x.day.kind), "cleared");
	return db_run_tx(c->db, "case_calendar_clear_day", 1, clear_day_fn, &x, e);
}

static int check_year(int year, struct bf_err *e)
{
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return err_set(e, EC_INVALID, "year", "年份须在 %d 至 %d 之间", CAL_YEAR_MIN,
			       CAL_YEAR_MAX);
	return 0;
}

static int mark_year_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cal_ctx *x = p;
	int rc = CORE_QS(store_calendar_mark_year(db, &x->year, e));
	return rc ? rc : audit_calendar(db, x, x->year.year, e);
}

/* What marking and loading a year share: the root's right, the year, who
 * and the source (checked as text). */
static int year_begin(struct cal_ctx *x, const struct actor *a, int year, const char *source,
		      struct bf_err *e)
{
	if (core_need_root(a, "调整工作日历", e) || check_year(year, e))
		return -1;
	x->year.year = year;
	x->year.updated_by = a->user_id;
	snprintf(x->year.source, sizeof(x->year.source), "%s", source ? source : "");
	return text_field(x->year.source, TF_CALENDAR_SOURCE, 0, e);
}

int case_calendar_mark_year(struct core *c, const struct actor *a, int year, const char *source,
			    struct bf_err *e)
{
	struct cal_ctx x = {.a = a, .action = "calendar_year"};
	if (year_begin(&x, a, year, source, e))
		return -1;
	return db_run_tx(c->db, "case_calendar_mark_year", 1, mark_year_fn, &x, e);
}

static int clear_year_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cal_ctx *x = p;
	enum db_qs qs = store_calendar_clear_year(db, x->year.year, e);
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "year", "%d 年没有组织部的调整记录", x->year.year);
	return qs < 0 ? (int)qs : audit_calendar(db, x, x->year.year, e);
}

int case_calendar_clear_year(struct core *c, const struct actor *a, int year, struct bf_err *e)
{
	struct cal_ctx x = {.a = a, .action = "calendar_clear"};
	if (core_need_root(a, "调整工作日历", e) || check_year(year, e))
		return -1;
	x.year.year = year;
	return db_run_tx(c->db, "case_calendar_clear_year", 1, clear_year_fn, &x, e);
}

/* One stored row for each day whose kind or name differs from the shipped
 * data: the loaded year replaces the shipped one. */
static int store_loaded_days(struct db *db, struct cal_ctx *x, struct bf_err *e)
{
	int year = x->year.year;
	int64_t first = date_to_days((struct ymd){year, 1, 1});
	int64_t last = date_to_days((struct ymd){year, 12, 31});
	for (int64_t k = first; k <= last; k++) {
		struct ymd d = date_from_days(k);
		enum cal_kind want = calendar_day_kind(x->loaded, d);
		const char *name = calendar_day_name(x->loaded, d);
		const char *was = calendar_day_name(x->shipped, d);
		if (want == calendar_day_kind(x->shipped, d) &&
		    !strcmp(name ? name : "", was ? was : ""))
			continue;
		struct calendar_edit row = {0};
		date_format(d, row.day);
		snprintf(row.kind, sizeof(row.kind), "%s",
			 want == CAL_HOLIDAY   ? "holiday"
			 : want == CAL_WORKDAY ? "workday"
					       : "normal");
		snprintf(row.name, sizeof(row.name), "%s", name ? name : "");
		row.updated_by = x->a->user_id;
		int rc = CORE_QS(store_calendar_set_day(db, &row, e));
		if (rc)
			return rc;
	}
	return 0;
}

static int load_year_fn(struct db *db, void *p, struct bf_err *e)
{
	struct cal_ctx *x = p;
	int rc = CORE_QS(store_calendar_clear_year(db, x->year.year, e));
	if (!rc)
		rc = store_loaded_days(db, x, e);
	if (!rc)
		rc = CORE_QS(store_calendar_mark_year(db, &x->year, e));
	return rc ? rc : audit_calendar(db, x, x->year.year, e);
}

/* Loads tsv into a calendar of its own and checks it holds only year. */
static struct calendar *load_tsv(int year, const char *tsv, struct bf_err *e)
{
	char origin[32];
	struct calendar *cal = calendar_new();
	snprintf(origin, sizeof(origin), "%d 年日历", year);
	if (calendar_load(cal, tsv ? tsv : "", origin, e)) {
		calendar_free(cal);
		return NULL;
	}
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++)
		if (y != year && calendar_has_year(cal, y)) {
			calendar_free(cal);
			err_set(e, EC_INVALID, "tsv", "日历中含有 %d 年的日期，只能录入 %d 年", y,
				year);
			return NULL;
		}
	if (!calendar_has_year(cal, year)) {
		calendar_free(cal);
		err_set(e, EC_MISSING, "tsv", "日历中没有 %d 年的放假或调休安排", year);
		return NULL;
	}
	return cal;
}

int case_calendar_load_year(struct core *c, const struct actor *a, int year, const char *tsv,
			    const char *source, struct bf_err *e)
{
	struct cal_ctx x = {.a = a, .action = "calendar_load"};
	if (year_begin(&x, a, year, source, e))
		return -1;
	if (!(x.loaded = load_tsv(year, tsv, e)))
		return -1;
	struct calendar *shipped = calendar_builtin_new(e);
	int rc = -1;
	if (shipped) {
		x.shipped = shipped;
		rc = db_run_tx(c->db, "case_calendar_load_year", 1, load_year_fn, &x, e);
	}
	calendar_free(shipped);
	calendar_free(x.loaded);
	return rc;
}

struct edits_ctx {
	int year;
	struct calendar_edit **days;
	size_t *ndays;
	struct calendar_year **years;
	size_t *nyears;
};

static int edits_fn(struct db *db, void *p, struct bf_err *e)
{
	struct edits_ctx *x = p;
	int rc = 0;
	/* a retried transaction starts again from nothing */
	if (x->days) {
		free(*x->days);
		*x->days = NULL;
	}
	if (x->years) {
		free(*x->years);
		*x->years = NULL;
	}
	if (x->days)
		rc = CORE_QS(store_calendar_list_year(db, x->year, x->days, x->ndays, e));
	if (!rc && x->years)
		rc = CORE_QS(store_calendar_years(db, x->years, x->nyears, e));
	return rc;
}

int case_calendar_edits(struct core *c, const struct actor *a, int year,
			struct calendar_edit **days, size_t *ndays, struct calendar_year **years,
			size_t *nyears, struct bf_err *e)
{
	struct edits_ctx x = {
	    .year = year, .days = days, .ndays = ndays, .years = years, .nyears = nyears};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (year && check_year(year, e))
		return -1;
	if (days) {
		*days = NULL;
		*ndays = 0;
	}
	if (years) {
		*years = NULL;
		*nyears = 0;
	}
	return db_run_tx(c->db, "case_calendar_edits", 0, edits_fn, &x, e);
}

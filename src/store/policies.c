/* policies.c - stored policy versions (policies, append-only) and the
 * department's edits of the working-day calendar (calendar_days,
 * calendar_years).  Both are small tables read whole into memory by the
 * core (policy_pick over the versions, the calendar over the shipped
 * data), so the queries are plain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_cases.h"
#include "store/store_impl.h"
#include "store/cases_impl.h"
#include "wrapper.h"

/* --- policies --- */

#define POLICY_SELECT                                                                              \
	"SELECT p.version, p.effective_from, p.note, p.created_by, COALESCE(u.username, ''), "     \
	"p.created_at, p.document FROM policies p LEFT JOIN users u ON u.id = p.created_by "
/* Without the document (the history list): '' in its place. */
#define POLICY_SELECT_BRIEF                                                                        \
	"SELECT p.version, p.effective_from, p.note, p.created_by, COALESCE(u.username, ''), "     \
	"p.created_at, '' FROM policies p LEFT JOIN users u ON u.id = p.created_by "

static void read_brief(struct db_rows *r, struct policy_row *p)
{
	memset(p, 0, sizeof(*p));
	p->version = (int)db_int(r, 0);
	ST_COPY(p->effective_from, db_text(r, 1));
	ST_COPY(p->note, db_text(r, 2));
	p->created_by = db_int(r, 3);
	ST_COPY(p->created_by_name, db_text(r, 4));
	p->created_at = db_int(r, 5);
}

static void read_policy_brief(struct db_rows *r, void *item)
{
	read_brief(r, item);
}

static void read_policy(struct db_rows *r, void *item)
{
	struct policy_row *p = item;
	read_brief(r, p);
	p->document = xstrdup(db_text(r, 6));
}

void store_policy_row_release(struct policy_row *p)
{
	if (!p)
		return;
	free(p->document);
	p->document = NULL;
}

void store_policy_rows_free(struct policy_row *items, size_t n)
{
	for (size_t i = 0; items && i < n; i++)
		store_policy_row_release(&items[i]);
	free(items);
}

enum db_qs store_policy_insert(struct db *db, struct policy_row *p, struct bf_err *e)
{
	int64_t got = 0;
	if (!p->document || !*p->document)
		return ST_FAIL(e, EC_INTERNAL, "document", "政策文件为空");
	if (!p->created_at)
		p->created_at = st_now();
	struct db_val args[] = {DB_INT(p->version),	      DB_TEXT(p->effective_from),
				DB_TEXT(p->document),	      DB_TEXT(p->note),
				ST_ID_OR_NULL(p->created_by), DB_INT(p->created_at)};
	/* no row back: the version exists and stays as it is */
	return st_fetch_int(db,
			    "INSERT INTO policies (version, effective_from, document, note, "
			    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
			    "ON CONFLICT (version) DO NOTHING RETURNING version",
			    args, 6, &got, e);
}

enum db_qs store_policy_list(struct db *db, struct policy_row **items, size_t *n, struct bf_err *e)
{
	return st_fetch_all(db, POLICY_SELECT_BRIEF "ORDER BY p.version", NULL, 0, sizeof(**items),
			    read_policy_brief, (void **)items, n, e);
}

enum db_qs store_policy_get(struct db *db, int version, struct policy_row *out, struct bf_err *e)
{
	struct db_val arg = DB_INT(version);
	return st_fetch_one(db, POLICY_SELECT "WHERE p.version = $1", &arg, 1, read_policy, out, e);
}

enum db_qs store_policy_in_force(struct db *db, const char *date, struct policy_row *out,
				 struct bf_err *e)
{
	struct db_val arg = DB_TEXT(date);
	/* as policy_pick: latest effective_from not after date, then the
	 * higher version */
	return st_fetch_one(db,
			    POLICY_SELECT "WHERE p.effective_from <= $1 "
					  "ORDER BY p.effective_from DESC, p.version DESC LIMIT 1",
			    &arg, 1, read_policy, out, e);
}

enum db_qs store_policy_max_version(struct db *db, int *version, struct bf_err *e)
{
	int64_t v = 0;
	enum db_qs qs =
	    st_fetch_int(db, "SELECT COALESCE(MAX(version), 0) FROM policies", NULL, 0, &v, e);
	*version = (int)v;
	return qs < 0 ? qs : DB_ONE;
}

/* --- the calendar --- */

static void read_day(struct db_rows *r, void *item)
{
	struct calendar_edit *d = item;
	memset(d, 0, sizeof(*d));
	ST_COPY(d->day, db_text(r, 0));
	ST_COPY(d->kind, db_text(r, 1));
	ST_COPY(d->name, db_text(r, 2));
	d->updated_by = db_int(r, 3);
	d->updated_at = db_int(r, 4);
}

static void read_year(struct db_rows *r, void *item)
{
	struct calendar_year *y = item;
	memset(y, 0, sizeof(*y));
	y->year = (int)db_int(r, 0);
	ST_COPY(y->source, db_text(r, 1));
	y->updated_by = db_int(r, 2);
	y->updated_at = db_int(r, 3);
}

/* The dates [Jan 1 of year, Jan 1 of year + 1): a range of the key. */
static void year_range(int year, char lo[32], char hi[32])
{
	snprintf(lo, 32, "%04d-01-01", year);
	snprintf(hi, 32, "%04d-01-01", year + 1);
}

enum db_qs store_calendar_set_day(struct db *db, const struct calendar_edit *d, struct bf_err *e)
{
	struct db_val args[] = {DB_TEXT(d->day), DB_TEXT(d->kind), DB_TEXT(d->name),
				ST_ID_OR_NULL(d->updated_by),
				DB_INT(d->updated_at ? d->updated_at : st_now())};
	return db_exec(db,
		       "INSERT INTO calendar_days (day, kind, name, updated_by, updated_at) "
		       "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day) DO UPDATE SET "
		       "kind = excluded.kind, name = excluded.name, "
		       "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
		       args, 5, NULL, e);
}

enum db_qs store_calendar_delete_day(struct db *db, const char *day, struct bf_err *e)
{
	struct db_val arg = DB_TEXT(day);
	return db_exec(db, "DELETE FROM calendar_days WHERE day = $1", &arg, 1, NULL, e);
}

enum db_qs store_calendar_clear_year(struct db *db, int year, struct bf_err *e)
{
	char lo[32], hi[32];
	int64_t days = 0, marks = 0;
	year_range(year, lo, hi);
	struct db_val range[] = {st_text(lo), st_text(hi)};
	enum db_qs qs = db_exec(db, "DELETE FROM calendar_days WHERE day >= $1 AND day < $2", range,
				2, &days, e);
	if (qs < 0)
		return qs;
	struct db_val y = DB_INT(year);
	qs = db_exec(db, "DELETE FROM calendar_years WHERE year = $1", &y, 1, &marks, e);
	if (qs < 0)
		return qs;
	return days + marks > 0 ? DB_ONE : DB_NONE;
}

enum db_qs store_calendar_list_year(struct db *db, int year, struct calendar_edit **items,
				    size_t *n, struct bf_err *e)
{
	char lo[32], hi[32];
	year_range(year, lo, hi);
	struct db_val range[] = {st_text(lo), st_text(hi)};
	if (!year)
		return st_fetch_all(db,
				    "SELECT day, kind, name, updated_by, updated_at "
				    "FROM calendar_days ORDER BY day",
				    NULL, 0, sizeof(**items), read_day, (void **)items, n, e);
	return st_fetch_all(db,
			    "SELECT day, kind, name, updated_by, updated_at FROM calendar_days "
			    "WHERE day >= $1 AND day < $2 ORDER BY day",
			    range, 2, sizeof(**items), read_day, (void **)items, n, e);
}

enum db_qs store_calendar_mark_year(struct db *db, const struct calendar_year *y, struct bf_err *e)
{
	struct db_val args[] = {DB_INT(y->year), DB_TEXT(y->source), ST_ID_OR_NULL(y->updated_by),
				DB_INT(y->updated_at ? y->updated_at : st_now())};
	return db_exec(db,
		       "INSERT INTO calendar_years (year, source, updated_by, updated_at) "
		       "VALUES ($1, $2, $3, $4) ON CONFLICT (year) DO UPDATE SET "
		       "source = excluded.source, updated_by = excluded.updated_by, "
		       "updated_at = excluded.updated_at",
		       args, 4, NULL, e);
}

enum db_qs store_calendar_years(struct db *db, struct calendar_year **items, size_t *n,
				struct bf_err *e)
{
	return st_fetch_all(db,
			    "SELECT year, source, updated_by, updated_at FROM calendar_years "
			    "ORDER BY year",
			    NULL, 0, sizeof(**items), read_year, (void **)items, n, e);
}

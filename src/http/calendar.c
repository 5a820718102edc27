/* calendar.c - /api/v1/calendar: the working-day calendar in force (the
 * State Council holiday notices shipped in data/holidays with the
 * department's edits on top) that every deadline of the procedure counts
 * with, and the department's edits of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"

static const char *kind_code(enum cal_kind k)
{
	return k == CAL_HOLIDAY ? "holiday" : k == CAL_WORKDAY ? "workday" : "normal";
}

static const struct calendar_edit *edit_of(const struct calendar_edit *days, size_t n,
					   const char *day)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(days[i].day, day))
			return &days[i];
	return NULL;
}

/* The special days of year in the calendar in force, and the days the
 * department edited (an edit back to an ordinary day is listed too). */
static json_t *days_json(const struct calendar *cal, int year, const struct calendar_edit *days,
			 size_t ndays)
{
	json_t *a = json_array();
	struct ymd d = {year, 1, 1};
	for (int64_t t = date_to_days(d); date_from_days(t).y == year; t++) {
		struct ymd day = date_from_days(t);
		char iso[CASE_DATE_LEN];
		enum cal_kind k = calendar_day_kind(cal, day);
		date_format(day, iso);
		const struct calendar_edit *ed = edit_of(days, ndays, iso);
		if (k == CAL_NORMAL && !ed)
			continue;
		const char *name = calendar_day_name(cal, day);
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:b}", "date", iso, "kind",
						   kind_code(k), "name", jstr(name ? name : ""),
						   "edited", ed != NULL));
	}
	return a;
}

static json_t *edits_json(const struct calendar_edit *days, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "day", days[i].day,
						   "kind", days[i].kind, "name", jstr(days[i].name),
						   "updated_at", json_time(days[i].updated_at)));
	return a;
}

void h_calendar_get(struct req *r)
{
	struct calendar_edit *days = NULL;
	struct calendar_year *years = NULL;
	size_t ndays = 0, nyears = 0;
	int year;
	struct bf_err e;
	if (req_int_arg(r, "year", date_today().y, CAL_YEAR_MIN, CAL_YEAR_MAX, &year))
		return;
	if (case_calendar_edits(&r->core, &r->actor, year, &days, &ndays, &years, &nyears, &e)) {
		reply_error(r, &e);
		return;
	}
	const struct calendar *cal = case_calendar_acquire(&r->core, &e);
	if (!cal) {
		free(days);
		free(years);
		reply_error(r, &e);
		return;
	}
	json_t *mark = json_null();
	for (size_t i = 0; i < nyears; i++)
		if (years[i].year == year) {
			json_decref(mark);
			mark = json_pack("{s:o, s:o}", "source", jstr(years[i].source),
					 "updated_at", json_time(years[i].updated_at));
		}
	json_t *j = json_pack("{s:i, s:b, s:o, s:o, s:o}", "year", year, "has_data",
			      calendar_has_year(cal, year), "marked", mark, "days",
			      days_json(cal, year, days, ndays), "edits", edits_json(days, ndays));
	case_calendar_release(cal);
	free(days);
	free(years);
	reply_json(r, 200, j);
}

void h_calendar_day_put(struct req *r)
{
	static const char *const keys[] = {"day", "kind", "name", NULL};
	char day[32] = "", kind[16] = "", name[TEXT_BYTES(TF_CALENDAR_NAME_MAX)] = "";
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) || json_get_date(j, "day", day, "日期", &e) ||
		 json_get_str(j, "kind", kind, sizeof(kind), "类型", &e) ||
		 json_get_str(j, "name", name, sizeof(name), "名称", &e) ||
		 case_calendar_set_day(&r->core, &r->actor, day, kind, name, &e);
	json_decref(j);
	if (rc)
		reply_error(r, &e);
	else
		reply_empty(r, 204);
}

void h_calendar_day_delete(struct req *r)
{
	struct bf_err e;
	char day[11];
	if (req_date_arg(r, "day", "日期", day))
		return;
	if (case_calendar_clear_day(&r->core, &r->actor, day, &e))
		reply_error(r, &e);
	else
		reply_empty(r, 204);
}

/* Marks the year complete, or loads it whole from a TSV. */
void h_calendar_year_post(struct req *r)
{
	static const char *const keys[] = {"tsv", "source", "complete", NULL};
	char source[TEXT_BYTES(TF_CALENDAR_SOURCE_MAX)] = "";
	int complete = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	json_t *tsv = json_object_get(j, "tsv");
	int year = r->id > CAL_YEAR_MAX ? 0 : (int)r->id;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_str(j, "source", source, sizeof(source), "依据", &e) ||
		 json_get_flag(j, "complete", &complete, "是否完整", &e);
	if (!rc && tsv && !json_is_string(tsv))
		rc = err_set(&e, EC_INVALID, "tsv", "节假日数据应为 TSV 文本");
	else if (!rc && !tsv && !complete)
		rc = err_set(&e, EC_MISSING, "tsv",
			     "请提供节假日数据（tsv），或以 complete 标记全年已录入");
	if (!rc)
		rc = tsv ? case_calendar_load_year(&r->core, &r->actor, year,
						   json_string_value(tsv), source, &e)
			 : case_calendar_mark_year(&r->core, &r->actor, year, source, &e);
	json_decref(j);
	if (rc)
		reply_error(r, &e);
	else
		reply_empty(r, 204);
}

void h_calendar_year_delete(struct req *r)
{
	struct bf_err e;
	int year = r->id > CAL_YEAR_MAX ? 0 : (int)r->id;
	if (case_calendar_clear_year(&r->core, &r->actor, year, &e))
		reply_error(r, &e);
	else
		reply_empty(r, 204);
}

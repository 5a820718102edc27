/* calendar.h - the working-day calendar: Chinese public holidays and make-up
 * working days (调休) from the State Council notices, so that deadlines of the
 * aid procedure ("公示 5 个工作日", "3 个工作日内录入筛查") can be computed.
 *
 * A year either has data (the shipped notice, or the department's own entry
 * for a later year) or it has none; a year without data is counted on
 * Monday-Friday and every answer that relied on such a year says so through
 * *estimated, so the caller can flag the deadline as provisional to the user.
 * A missing year is never an error.  Rules in docs/internals/calendar.md. */
#ifndef BANGFU_CALENDAR_H
#define BANGFU_CALENDAR_H
#include "date.h"
#include "err.h"

enum cal_kind {
	CAL_NORMAL = 0,	 /* an ordinary day: Mon-Fri work, Sat/Sun rest */
	CAL_HOLIDAY = 1, /* 放假: a day off, whatever the weekday */
	CAL_WORKDAY = 2, /* 调休上班: a make-up working day on a weekend */
};

/* Years the calendar can hold special days for (the years date_parse
 * accepts); dates outside are counted on weekdays and always estimated. */
#define CAL_YEAR_MIN 1900
#define CAL_YEAR_MAX 2100
/* Longest count accepted by the counting functions (about 40 years of
 * working days): more is a caller's bug, answered with -1. */
#define CAL_MAX_WORKDAYS 10000

struct calendar;

struct calendar *calendar_new(void);
void calendar_free(struct calendar *c);

/* The shipped data: calendar_builtin[i] is the text of data/holidays/<name>,
 * calendar_builtin_names[i] its file name ("2024.tsv"); both end with NULL,
 * in year order.  Generated at build time by scripts/embed-holidays.py. */
extern const char *const calendar_builtin[];
extern const char *const calendar_builtin_names[];

/* A new calendar with every shipped year loaded; NULL and e filled only if the
 * shipped data is broken (the unit tests make sure it is not). */
struct calendar *calendar_builtin_new(struct bf_err *e);

/* Reads the TSV format of data/holidays/YYYY.tsv and merges it in:
 *   # comment lines (the first names the notice), blank lines ignored
 *   YYYY-MM-DD <TAB> holiday|workday <TAB> 名称
 * ("放假"/"上班" are accepted for the kind; the name may be left out).  Every
 * year that has a data line is marked as having data, the whole year.  A
 * later line for the same date overrides (within one text a repeated date is
 * an error, as is a make-up working day on a Monday-Friday).  All or nothing:
 * on error nothing is changed and e names `origin` and the line, in Chinese
 * ("data/holidays/2024.tsv 第 7 行：…").  Returns 0 or -1. */
int calendar_load(struct calendar *c, const char *tsv_text, const char *origin, struct bf_err *e);

/* The department's edits.  calendar_set makes d a holiday, a make-up working
 * day or (CAL_NORMAL) an ordinary day again; name may be NULL.  It does not
 * mark the year as having data: a year is complete only when someone says so
 * with calendar_mark_year (or loads a TSV for it).  calendar_clear_year
 * forgets every special day of the year and its mark.  Return 0, or -1 for a
 * date/year outside CAL_YEAR_MIN..CAL_YEAR_MAX, an unknown kind or a name
 * over 63 bytes. */
int calendar_set(struct calendar *c, struct ymd d, enum cal_kind kind, const char *name);
int calendar_mark_year(struct calendar *c, int year);
int calendar_clear_year(struct calendar *c, int year);
int calendar_has_year(const struct calendar *c, int year);

/* The special kind of d (CAL_NORMAL for ordinary days and invalid dates). */
enum cal_kind calendar_day_kind(const struct calendar *c, struct ymd d);
/* The name of d's holiday or make-up day ("春节", "春节调休"), NULL for an
 * ordinary day.  Valid until the calendar is freed. */
const char *calendar_day_name(const struct calendar *c, struct ymd d);

/* 1 if d is a working day: a make-up day works, a holiday rests, otherwise
 * Monday-Friday work (also in years without data); 0 if not or d invalid. */
int calendar_is_workday(const struct calendar *c, struct ymd d);

/* The date n working days after start, start itself not counted: the 1st is
 * the first working day after start.  n = 0 gives start if it is a working
 * day, else the next working day ("the same working day", moved off a
 * holiday).  Use it for "within n working days of an event on start".
 * *estimated (may be NULL) is set to 1 if any day looked at lies in a year
 * without data, else 0.  Returns 0, or -1 for an invalid date, n < 0 or
 * n > CAL_MAX_WORKDAYS. */
int calendar_add_workdays(const struct calendar *c, struct ymd start, int n, struct ymd *out,
			  int *estimated);

/* The last day of a period of n working days that begins on start: start is
 * the 1st if it is a working day, else the period begins on the next working
 * day; the period ends at the end of *end.  A 5-working-day 公示 posted on
 * Thursday 2024-02-08 runs on 8, 9, 18 (make-up Sunday), 19 and 20 February
 * and ends on 2024-02-20.  n >= 1; otherwise as calendar_add_workdays. */
int calendar_period_end(const struct calendar *c, struct ymd start, int n, struct ymd *end,
			int *estimated);

/* Working days in (from, to]: the days after from up to and including to, so
 * a deadline's remaining working days are workdays_between(today, deadline)
 * and how late a step is, workdays_between(deadline, today).  0 when to is
 * not after from; -1 for an invalid date.  *estimated as above. */
int calendar_workdays_between(const struct calendar *c, struct ymd from, struct ymd to,
			      int *estimated);

#endif

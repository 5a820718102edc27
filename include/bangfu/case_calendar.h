/* case_calendar.h - the working-day calendar in force for the aid procedure
 * (src/core/cases/casework_calendar.c, docs/internals/cases.md): the
 * shipped holiday data (calendar.h) with the department's edits on top,
 * and the functions that edit it.  Part of the cases domain; casework.h
 * includes it. */
#ifndef BANGFU_CASE_CALENDAR_H
#define BANGFU_CASE_CALENDAR_H
#include <stddef.h>
#include "calendar.h"
#include "cases.h"
#include "core.h"

/* The calendar in force: the shipped holiday data with the department's
 * edits from the store on top.  Cached per process and rebuilt when the
 * edits change (checked when db_write_generation() moved, and at least
 * every 5 s for other processes' edits).  Read-only; hand it back with
 * case_calendar_release (an old calendar is freed when its last user
 * releases it).  NULL with e on a database error. */
const struct calendar *case_calendar_acquire(struct core *c, struct bf_err *e);
void case_calendar_release(const struct calendar *cal);
/* The department's edits (department and admin only; audited).  kind is
 * "holiday", "workday" or "normal" (a shipped holiday back to an ordinary
 * day); a make-up working day must fall on a weekend.  clear_day forgets
 * the edit of one day (the shipped data applies again). */
int case_calendar_set_day(struct core *c, const struct actor *a, const char *day, const char *kind,
			  const char *name, struct bf_err *e);
int case_calendar_clear_day(struct core *c, const struct actor *a, const char *day,
			    struct bf_err *e);
/* Declares year complete (its deadlines stop being estimated); source
 * names the State Council notice. */
int case_calendar_mark_year(struct core *c, const struct actor *a, int year, const char *source,
			    struct bf_err *e);
/* Forgets every edit of year and its mark. */
int case_calendar_clear_year(struct core *c, const struct actor *a, int year, struct bf_err *e);
/* Replaces the department's edits of year by a whole year in the TSV
 * format of data/holidays (calendar_load: errors name the line) and marks
 * it complete; every data line must be of that year. */
int case_calendar_load_year(struct core *c, const struct actor *a, int year, const char *tsv,
			    const char *source, struct bf_err *e);
/* The department's edits of year (0: every year) and the years marked
 * complete; either list may be NULL when not wanted. */
int case_calendar_edits(struct core *c, const struct actor *a, int year,
			struct calendar_edit **days, size_t *ndays, struct calendar_year **years,
			size_t *nyears, struct bf_err *e);

#endif

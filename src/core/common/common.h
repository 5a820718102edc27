/* common.h - what every domain of the core shares (private to src/core;
 * src/core/common/common.c): allocation (wrapper.h), today and dates, the role checks
 * every write starts with, an org read in scope, JSON text for audit
 * details, and the convention of functions that run in a transaction.
 * The text validator is text.h (public: io and cli check text too). */
#ifndef BANGFU_CORE_COMMON_H
#define BANGFU_CORE_COMMON_H
#include <stddef.h>
#include "case_model.h" /* CASE_DATE_LEN */
#include "register.h"
#include "date.h"
#include "model.h"
#include "wrapper.h" /* allocation: xmalloc, xcalloc, ... */
#include "strbuf.h"
#include "text.h"

/* Functions that run inside a transaction answer 0, -1 (a domain error in
 * e) or a failed enum db_qs (DB_RETRY, DB_HARD), which db_run_tx retries
 * or reports.  CORE_QS turns a store answer into that convention. */
#define CORE_QS(qs) ((qs) < 0 ? (int)(qs) : 0)

/* Today (BANGFU_TODAY aware) as YYYY-MM-DD. */
void core_today(char out[CASE_DATE_LEN]);
/* A date this process made or checked (today, core_date's output) as
 * struct ymd; one that does not parse is a programmer's error (BUG). */
struct ymd core_ymd(const char *date);
/* A date read from the database as struct ymd: -1 when it does not parse
 * (logged; e says so without quoting it). */
int core_stored_ymd(const char *date, struct ymd *out, struct bf_err *e);
/* date + n calendar days into out. */
void core_add_days(const char *date, int n, char out[CASE_DATE_LEN]);
/* 1 when s is one of list (NULL-terminated): a filter's codes. */
int core_one_of(const char *s, const char *const *list);
/* Refusals for roles that may not write / are not the department. */
int core_need_write(const struct actor *a, const char *what, struct bf_err *e);
int core_need_department(const struct actor *a, const char *what, struct bf_err *e);
/* The same, standing at the root organisation: for what holds district-wide
 * (the policy, the working calendar). */
int core_need_root(const struct actor *a, const char *what, struct bf_err *e);
/* Reads an org the actor may see (EC_NOT_FOUND naming field otherwise). */
int core_org_read(struct db *db, const struct actor *a, int64_t id, const char *field,
		  struct org *out, struct bf_err *e);
/* The actor's organisation; the command line's actor (org 0) stands at
 * the root of the tree. */
int core_actor_org(struct db *db, const struct actor *a, struct org *o, struct bf_err *e);
/* Whether what belongs to org_id (a round, a campaign …) is the actor's to
 * see: from above (its org in the actor's subtree) or from below (its org
 * one of the actor's ancestors).  1 (path, when not NULL, gets the org's
 * path), 0, or a failure. */
int core_org_visible(struct db *db, const struct actor *a, int64_t org_id, char path[256],
		     struct bf_err *e);
/* Appends s escaped for JSON, cut to at most max bytes (at a character
 * boundary, with "…"): audit details are kept under their 1 KiB. */
void core_json_text(struct strbuf *sb, const char *s, size_t max);
/* An edit's change of one text field for the audit's "changes" object:
 * `"field":{"from":…,"to":…}` after a comma when d is not empty; nothing
 * when from and to are the same. */
void core_diff_text(struct strbuf *d, const char *field, const char *from, const char *to);
/* Parses a date with its day into out (YYYY-MM-DD); "" gives "" unless
 * required. */
int core_date(const char *in, char out[CASE_DATE_LEN], int required, const char *field,
	      const char *label, struct bf_err *e);

#endif

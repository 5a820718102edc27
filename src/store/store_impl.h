/* store_impl.h - helpers shared by the resource files of src/store (private).
 * The st_ prefix marks them as store internals. */
#ifndef BANGFU_STORE_IMPL_H
#define BANGFU_STORE_IMPL_H
#include <stddef.h>
#include <stdint.h>
#include "db.h"
#include "model.h"
#include "case_model.h"
#include "strbuf.h"

/* Copies src into a fixed buffer, cutting at a UTF-8 character boundary
 * when it does not fit (the core checks lengths; this only keeps a bad row
 * from overflowing). */
void st_copy(char *dst, size_t cap, const char *src);
#define ST_COPY(dst, src) st_copy((dst), sizeof(dst), (src))

/* DB_TEXT for a local array (the macro's NULL test warns on arrays). */
static inline struct db_val st_text(const char *s)
{
	return DB_TEXT(s);
}

/* Text that is NULL in the database when empty (optional dates, FKs). */
#define ST_TEXT_OR_NULL(s) DB_TEXT((s) && *(s) ? (s) : NULL)
#define ST_ID_OR_NULL(id)  ((id) ? DB_INT(id) : DB_NULLV)

/* The byte range [lo, hi) of materialised paths under scope: every path
 * that starts with scope.  "/" means the whole tree.  -1 when scope is
 * NULL, "" or not a path like "/1/4/" (an unset scope never widens to all). */
int st_scope_range(const char *scope, char lo[256], char hi[256]);

/* The bounds of a caller's scope and of an org under it (optional): the
 * list queries' statements point into them, so they live as long as the
 * statements. */
struct st_scope {
	char lo[256], hi[256], org_lo[256], org_hi[256];
	int has_org;
};
/* Fills s from scope_path and org_path (NULL or "" for none); -1 when
 * either is not a path (st_scope_range). */
int st_scope_org_range(struct st_scope *s, const char *scope_path, const char *org_path);

/* "%frag%" for LIKE ... ESCAPE '\' with % _ \ in frag escaped. */
void st_like_contains(struct strbuf *out, const char *frag);

/* err_set for store functions, which answer DB_HARD. */
#define ST_FAIL(...) (err_set(__VA_ARGS__), DB_HARD)

/* Fills e after db_next answered < 0 and passes the code on. */
int st_next_failed(int rc, struct bf_err *e);

/* Grows a malloc'd array of items of size sz to hold at least n + 1. */
void *st_grow(void *items, size_t sz, size_t n, size_t *alloc);

/* Reads one row at r's current position into item. */
typedef void (*st_read_fn)(struct db_rows *r, void *item);

/* Runs a query expected to give at most one row and reads it into out:
 * DB_ONE, DB_NONE (out untouched) or the failure. */
enum db_qs st_fetch_one(struct db *db, const char *sql, const struct db_val *args, int nargs,
			st_read_fn read, void *out, struct bf_err *e);

/* Runs a query and reads every row into a malloc'd array of items of size
 * sz: DB_ONE with *items / *n, DB_NONE (NULL, 0) when empty, or the failure
 * (nothing allocated). */
enum db_qs st_fetch_all(struct db *db, const char *sql, const struct db_val *args, int nargs,
			size_t sz, st_read_fn read, void **items, size_t *n, struct bf_err *e);

/* The first column of the first row as an integer (0 when no row). */
enum db_qs st_fetch_int(struct db *db, const char *sql, const struct db_val *args, int nargs,
			int64_t *out, struct bf_err *e);

int64_t st_now(void);

/* A policy's code list as stored: its codes joined by ',' (cases' and
 * the roll's causes, conditions, exclusions). */
#define ST_CODES_TEXT_MAX (POLICY_MAX_ITEMS * POLICY_CODE_MAX)
void st_codes_join(const struct policy_codes *s, char out[ST_CODES_TEXT_MAX]);
/* The codes of text back into s (empty and overlong pieces dropped). */
void st_codes_split(const char *text, struct policy_codes *s);

struct user;
/* The columns st_read_user reads, of users u joined with orgs o. */
#define USER_COLS                                                                                  \
	"u.id, u.username, u.display_name, u.role, u.org_id, o.path, o.name, u.password_hash, "    \
	"u.active, u.created_at, u.must_change_password, u.password_changed_at"
/* Reads the columns of USER_COLS starting at col. */
void st_read_user(struct db_rows *r, int col, struct user *u);

/* A statement put together from fixed pieces (the list queries' optional
 * filters): text with numbered placeholders and the values they bind.  No
 * value ever enters the text. */
struct qb {
	struct strbuf sql;
	struct db_val args[16];
	int n;
};

void qb_add(struct qb *q, const char *sql);
/* Appends "$N" and binds v to it. */
void qb_arg(struct qb *q, struct db_val v);
/* "<col> >= lo AND <col> < hi" for the scope, and again for its org (the
 * caller writes the " WHERE " or " AND " before it). */
void qb_scope(struct qb *q, const char *col, const struct st_scope *s);

/* The optimistic lock: "UPDATE <table> SET <set>, version = version + 1
 * WHERE id = <id> AND version = <*version>" with the n args bound to $1..$n
 * of set.  DB_ONE (and *version one up), DB_NONE when the row is gone or
 * was changed since it was read, or the failure. */
enum db_qs st_versioned_update(struct db *db, const char *table, const char *set,
			       const struct db_val *args, int n, int64_t id, int64_t *version,
			       struct bf_err *e);

/* A list's page: the total by count (a "SELECT count(*) …"), then, when
 * the total reaches past offset, the rows by page (DB_NONE otherwise).
 * Releases both statements' text. */
enum db_qs st_fetch_page(struct db *db, struct qb *count, struct qb *page, int offset, size_t sz,
			 st_read_fn read, void **items, size_t *n, int64_t *total,
			 struct bf_err *e);

/* Where a list's search box may look: the record's own name columns (NULL
 * ends; a fragment matches any), its members through member_in — a
 * fragment opening "<column> IN (SELECT … FROM … members m … WHERE " that
 * the condition on m closes —, and the column of its number. */
struct search_cols {
	const char *names[3];
	const char *member_in;
	const char *number;
};
/* " AND (…)" for t (nothing when t is NULL or blank); the arguments point
 * into t (its pattern), which must outlive the statement. */
void st_search_where(struct qb *w, struct search_term *t, const struct search_cols *c);

#endif

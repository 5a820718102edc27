/* pg.c - the PostgreSQL driver behind db.h (libpq).  Each SQL text is
 * PQprepare'd once per connection under a generated name and run with
 * PQexecPrepared, parameters and results in text format.  SQLSTATE 40001 /
 * 40P01 become DB_RETRY; constraint violations get domain codes that the
 * store functions refine. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "store/db_impl.h"
#include "store/stmt_cache.h"
#include "wrapper.h"

struct pg_conn {
	PGconn *h;
	struct stmt_cache cache;
	unsigned next_id; /* for statement names s1, s2 ... */
};

struct pg_stmt {
	char name[24];
};

struct pg_rows {
	struct db_rows base;
	PGresult *res;
	int row; /* current row, -1 before the first db_next */
	int nrows;
};

#define MAX_ARGS 64

/* libpq prints notices to stderr by default; library code stays quiet. */
static void no_notice(void *arg, const char *msg)
{
}

static const char *trimmed(PGconn *h, char *buf, size_t n)
{
	snprintf(buf, n, "%s", PQerrorMessage(h));
	size_t len = strlen(buf);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return buf;
}

static int pg_open(struct db *db, const char *url, struct bf_err *e)
{
	struct pg_conn *c = xcalloc(1, sizeof(*c));
	char msg[512];

	db->conn = c;
	db->path = xstrdup("");
	c->h = PQconnectdb(url);
	if (!c->h || PQstatus(c->h) != CONNECTION_OK)
		return err_set(e, EC_DB, "db", "无法连接 PostgreSQL：%s",
			       c->h ? trimmed(c->h, msg, sizeof(msg)) : "out of memory");
	PQsetNoticeProcessor(c->h, no_notice, NULL);
	if (PQsetClientEncoding(c->h, "UTF8"))
		return err_set(e, EC_DB, "db", "无法设置 PostgreSQL 字符集：%s",
			       trimmed(c->h, msg, sizeof(msg)));
	PGresult *res = PQexec(c->h, "SET DateStyle = ISO");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok)
		return err_set(e, EC_DB, "db", "无法设置 PostgreSQL 会话：%s",
			       trimmed(c->h, msg, sizeof(msg)));
	return 0;
}

static void stmt_fin(void *stmt, void *arg)
{
	free(stmt);
}

static void pg_close(struct db *db)
{
	struct pg_conn *c = db->conn;
	if (!c)
		return;
	sc_clear(&c->cache, stmt_fin, NULL);
	PQfinish(c->h);
	free(c);
	db->conn = NULL;
}

/* Maps a failed result to db_qs.  A dropped connection is re-established
 * (losing its prepared statements) and reported as DB_RETRY: the
 * transaction it was in is gone, db_run_tx starts it again. */
static enum db_qs fail_res(struct db *db, PGresult *res, struct bf_err *e)
{
	struct pg_conn *c = db->conn;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[512];
	enum db_qs qs;

	snprintf(msg, sizeof(msg), "%s",
		 res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
						   : PQerrorMessage(c->h));
	size_t len = strlen(msg);
	while (len && msg[len - 1] == '\n')
		msg[--len] = '\0';
	if (PQstatus(c->h) == CONNECTION_BAD) {
		sc_clear(&c->cache, stmt_fin, NULL);
		PQreset(c->h);
		qs = PQstatus(c->h) == CONNECTION_OK ? DB_RETRY : DB_HARD;
		if (qs == DB_RETRY) {
			PQsetClientEncoding(c->h, "UTF8");
			PQclear(PQexec(c->h, "SET DateStyle = ISO"));
		}
		return db_fail(db, e, qs, EC_DB, msg);
	}
	if (!state)
		return db_fail(db, e, DB_HARD, EC_DB, msg);
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return db_fail(db, e, DB_RETRY, EC_DB, msg);
	if (!strcmp(state, "23505"))
		return db_fail(db, e, DB_HARD, EC_CONFLICT, msg);
	if (!strcmp(state, "42501"))
		return db_fail(db, e, DB_HARD, EC_FORBIDDEN, msg);
	if (!strncmp(state, "23", 2))
		return db_fail(db, e, DB_HARD, EC_INVALID, msg);
	return db_fail(db, e, DB_HARD, EC_DB, msg);
}

static struct pg_stmt *get_stmt(struct db *db, const char *sql, struct bf_err *e, enum db_qs *qs)
{
	struct pg_conn *c = db->conn;
	uint64_t h = 0;
	struct sc_entry *ent = sc_get(&c->cache, sql, &h);

	if (ent)
		return ent->stmt;
	struct pg_stmt *s = xcalloc(1, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "bf%u", ++c->next_id);
	PGresult *res = PQprepare(c->h, s->name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		*qs = fail_res(db, res, e);
		PQclear(res);
		free(s);
		return NULL;
	}
	PQclear(res);
	sc_add(&c->cache, sql, h, s);
	return s;
}

static int64_t cmd_tuples(PGresult *res)
{
	const char *t = PQcmdTuples(res);
	return *t ? strtoll(t, NULL, 10) : 0;
}

static enum db_qs pg_run(struct db *db, const char *sql, const struct db_val *args, int nargs,
			 struct db_rows **rows, int64_t *changes, struct bf_err *e)
{
	struct pg_conn *c = db->conn;
	const char *values[MAX_ARGS];
	char ints[MAX_ARGS][24];
	enum db_qs qs = DB_HARD;

	if (rows)
		*rows = NULL;
	if (changes)
		*changes = 0;
	if (nargs > MAX_ARGS)
		BUG("too many parameters (%d)", nargs);
	struct pg_stmt *s = get_stmt(db, sql, e, &qs);
	if (!s)
		return qs;
	for (int i = 0; i < nargs; i++) {
		if (args[i].type == DBV_INT) {
			snprintf(ints[i], sizeof(ints[i]), "%" PRId64, args[i].i);
			values[i] = ints[i];
		} else {
			values[i] = args[i].type == DBV_TEXT ? args[i].s : NULL;
		}
	}
	PGresult *res = PQexecPrepared(c->h, s->name, nargs, values, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		qs = fail_res(db, res, e);
		PQclear(res);
		return qs;
	}
	int64_t n = cmd_tuples(res);
	int ntuples = st == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	if (changes)
		*changes = n;
	if (rows && ntuples > 0) {
		struct pg_rows *r = xcalloc(1, sizeof(*r));
		r->base.drv = &db_pg_driver;
		r->res = res;
		r->row = -1;
		r->nrows = ntuples;
		*rows = &r->base;
		return DB_ONE;
	}
	PQclear(res);
	return ntuples > 0 || n > 0 ? DB_ONE : DB_NONE;
}

static enum db_qs pg_script(struct db *db, const char *sql, struct bf_err *e)
{
	struct pg_conn *c = db->conn;
	PGresult *res = PQexec(c->h, sql);
	ExecStatusType st = PQresultStatus(res);
	enum db_qs qs = DB_ONE;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		qs = fail_res(db, res, e);
	PQclear(res);
	return qs;
}

static int pg_next(struct db_rows *base)
{
	struct pg_rows *r = (struct pg_rows *)base;
	if (r->row + 1 >= r->nrows) {
		r->row = r->nrows;
		return 0;
	}
	r->row++;
	return 1;
}

static int pg_is_null(struct db_rows *base, int col)
{
	struct pg_rows *r = (struct pg_rows *)base;
	return PQgetisnull(r->res, r->row, col);
}

static int64_t pg_get_int(struct db_rows *base, int col)
{
	struct pg_rows *r = (struct pg_rows *)base;
	return strtoll(PQgetvalue(r->res, r->row, col), NULL, 10);
}

static const char *pg_get_text(struct db_rows *base, int col)
{
	struct pg_rows *r = (struct pg_rows *)base;
	return PQgetvalue(r->res, r->row, col); /* "" for NULL */
}

static void pg_rows_free(struct db_rows *base)
{
	struct pg_rows *r = (struct pg_rows *)base;
	PQclear(r->res);
	free(r);
}

const struct db_driver db_pg_driver = {
    .engine = DB_PG,
    .open = pg_open,
    .close = pg_close,
    .run = pg_run,
    .script = pg_script,
    .next = pg_next,
    .is_null = pg_is_null,
    .get_int = pg_get_int,
    .get_text = pg_get_text,
    .rows_free = pg_rows_free,
};

/* backup.c - consistent copies of a SQLite database through SQLite's online
 * backup API (sqlite3_backup_*): `bangfu backup` while the server runs, and
 * `bangfu restore`, which checks a copy before it replaces anything.
 * PostgreSQL has its own tools (pg_dump, pg_restore); these refuse it. */
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "store/db_impl.h"
#include "store/migrate.h"
#include "wrapper.h"

/* How long a copy waits for a writer that holds the destination. */
#define BUSY_TRIES 200
#define BUSY_MS	   50

static int pg_refused(struct bf_err *e, const char *what)
{
	return err_set(e, EC_INVALID, "db",
		       "PostgreSQL 数据库请用 %s（bangfu backup 和 restore 只用于 SQLite 数据库，"
		       "见 docs/OPERATIONS.md）",
		       what);
}

/* The whole of src copied into dst in one step (one read transaction on
 * src, one write transaction on dst). */
static int copy_all(sqlite3 *dst, sqlite3 *src, struct bf_err *e)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc = SQLITE_OK;
	if (!b)
		return err_set(e, EC_DB, NULL, "无法复制数据库：%s", sqlite3_errmsg(dst));
	for (int tries = 0; tries < BUSY_TRIES; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(BUSY_MS);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return err_set(e, EC_DB, NULL, "无法复制数据库：%s", sqlite3_errstr(rc));
	return 0;
}

static int sync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int sync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int rc = sync_path(dirname(copy), 1);
	free(copy);
	return rc;
}

/* Copies h into the new file tmp as a database of its own. */
static int write_copy(sqlite3 *h, const char *tmp, struct bf_err *e)
{
	sqlite3 *d = NULL;
	int rc = -1;
	if (sqlite3_open_v2(tmp, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		err_set(e, EC_INVALID, "out", "无法写入备份文件 %s：%s", tmp,
			d ? sqlite3_errmsg(d) : "out of memory");
	else if (copy_all(d, h, e) == 0) {
		/* the source is in WAL mode and so is the copy's header: one
		 * file with a rollback journal needs nothing beside it */
		if (sqlite3_exec(d, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
			err_set(e, EC_DB, NULL, "无法写入备份文件 %s：%s", tmp, sqlite3_errmsg(d));
		else
			rc = 0;
	}
	if (sqlite3_close(d) != SQLITE_OK && rc == 0)
		rc = err_set(e, EC_DB, NULL, "无法写入备份文件 %s", tmp);
	return rc;
}

int db_backup(struct db *db, const char *path, struct bf_err *e)
{
	sqlite3 *h = db_sqlite_handle(db);
	char tmp[4096];
	if (!h)
		return pg_refused(e, "pg_dump 备份（如 pg_dump -Fc -f bangfu.dump 数据库名）");
	if (db_in_tx(db))
		BUG("db_backup inside a transaction");
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path, (int)getpid()) >= sizeof(tmp))
		return err_set(e, EC_INVALID, "out", "备份文件路径过长");
	unlink(tmp);
	int rc = write_copy(h, tmp, e);
	if (!rc && sync_path(tmp, 0))
		rc = err_set(e, EC_INVALID, "out", "无法写入备份文件 %s", path);
	if (!rc && rename(tmp, path))
		rc = err_set(e, EC_INVALID, "out", "无法写入备份文件 %s", path);
	if (rc) {
		unlink(tmp);
		return -1;
	}
	sync_dir_of(path);
	return 0;
}

static int open_ro(const char *path, sqlite3 **out, struct bf_err *e)
{
	if (access(path, R_OK))
		return err_set(e, EC_INVALID, "file", "无法读取备份文件 %s", path);
	if (sqlite3_open_v2(path, out, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		return 0;
	err_set(e, EC_INVALID, "file", "无法打开备份文件 %s：%s", path,
		*out ? sqlite3_errmsg(*out) : "out of memory");
	sqlite3_close(*out);
	*out = NULL;
	return -1;
}

/* The first column of the first row of sql as text into out; -1 when the
 * statement fails (not a database, no such table). */
static int query_text(sqlite3 *h, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(out, size, "%s", t ? (const char *)t : "");
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

int db_backup_check(const char *path, int64_t *version, struct bf_err *e)
{
	sqlite3 *h = NULL;
	char ok[256], ver[32];
	int64_t latest = db_migrations_sqlite[db_migrations_sqlite_n - 1].version;
	*version = 0;
	if (open_ro(path, &h, e))
		return -1;
	int rc = -1;
	if (query_text(h, "PRAGMA quick_check", ok, sizeof(ok)))
		err_set(e, EC_INVALID, "file", "%s 不是 SQLite 数据库文件", path);
	else if (strcmp(ok, "ok") != 0)
		err_set(e, EC_INVALID, "file", "备份文件 %s 已损坏：%s", path, ok);
	else if (query_text(h, "SELECT MAX(version) FROM schema_migrations", ver, sizeof(ver)) ||
		 (*version = strtoll(ver, NULL, 10)) < 1)
		err_set(e, EC_INVALID, "file", "%s 不是 bangfu 的数据库", path);
	else if (*version > latest)
		err_set(e, EC_INVALID, "file",
			"备份来自更新版本的 bangfu（数据库结构版本 %" PRId64
			"，本程序只认识到 %" PRId64 "）：请用新版本恢复",
			*version, latest);
	else
		rc = 0;
	sqlite3_close(h);
	return rc;
}

int db_restore_file(struct db *db, const char *src, struct bf_err *e)
{
	sqlite3 *h = db_sqlite_handle(db), *s = NULL;
	if (!h)
		return pg_refused(e, "pg_restore 恢复");
	if (open_ro(src, &s, e))
		return -1;
	int rc = copy_all(h, s, e);
	sqlite3_close(s);
	return rc;
}

int db_copy(struct db *db, struct db *src_db, struct bf_err *e)
{
	sqlite3 *h = db_sqlite_handle(db), *s = db_sqlite_handle(src_db);
	if (!h || !s)
		return pg_refused(e, "pg_restore 恢复");
	return copy_all(h, s, e);
}

/* cmd_backup.c - `bangfu backup` and `bangfu restore` of a SQLite database
 * (the store's backup.c does the copying; PostgreSQL is refused there with
 * the advice to use pg_dump / pg_restore).  A restore checks the copy first:
 * it must be a bangfu database of a schema this binary knows, and once
 * migrated in a scratch file beside the target both chains must verify with
 * the key; only then does one write transaction replace the target. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "fund.h"

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
					     {NULL, 0, NULL, 0}};
	const char *out = NULL;
	int64_t version = 0;
	struct bf_err e;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'o')
			return cli_usage("backup");
		out = optarg;
	}
	if (!out || optind != argc)
		return cli_usage("backup");
	if (cli_open(cli, 0))
		return 1;
	if (db_backup(cli->db, out, &e) || db_backup_check(out, &version, &e))
		return cli_fail(&e);
	printf("已备份到 %s（数据库结构版本 %" PRId64 "）。\n"
	       "密钥文件 %s 不在备份中：请另行备份并与数据库分开保管。\n",
	       out, version, cli_key_path(cli));
	return 0;
}

static void remove_sqlite(const char *path)
{
	char p[4300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Both chains of the scratch copy, with the key. */
static int verify_copy(struct db *db, struct bf_err *e)
{
	int64_t rows, bad;
	struct ledger_verify_report r;
	if (audit_verify(db, &rows, &bad, e) || ledger_verify(db, 0, &r, e))
		return -1;
	printf("备份校验通过：审计日志 %" PRId64 " 条，%" PRId64 " 个基金 %" PRId64 " 张凭证。\n",
	       rows, r.funds, r.postings);
	return 0;
}

/* FILE into a scratch database beside the target, migrated and verified;
 * then into the target in one write transaction. */
static int restore_into(struct cli *cli, const char *file, const char *target, struct bf_err *e)
{
	char scratch[4200], url[4300];
	struct db *s = NULL, *t = NULL;
	snprintf(scratch, sizeof(scratch), "%s.restore-%d", target, (int)getpid());
	snprintf(url, sizeof(url), "sqlite:%s", scratch);
	remove_sqlite(scratch);
	int rc = db_open(&s, url, e) || db_restore_file(s, file, e) || db_migrate(s, e) ||
		 verify_copy(s, e);
	if (!rc)
		rc = db_open(&t, cli->db_url, e) || db_copy(t, s, e) || db_migrate(t, e);
	if (t)
		db_close(t);
	if (s)
		db_close(s);
	remove_sqlite(scratch);
	return rc ? -1 : 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"force", no_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	int force = 0, c;
	int64_t version = 0;
	struct bf_err e;
	struct stat st;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("restore");
		force = 1;
	}
	if (optind != argc - 1)
		return cli_usage("restore");
	const char *file = argv[optind];
	if (strncmp(cli->db_url, "sqlite:", 7) != 0) {
		if (cli_open(cli, 0))
			return 1;
		db_restore_file(cli->db, file, &e); /* refuses, naming pg_restore */
		return cli_fail(&e);
	}
	const char *target = cli->db_url + 7;
	if (db_backup_check(file, &version, &e))
		return cli_fail(&e);
	if (!force && stat(target, &st) == 0 && st.st_size > 0) {
		fprintf(stderr,
			"错误：数据库 %s 已存在。恢复会用备份替换其中的全部数据：请先停止 "
			"bangfu serve，确认后加 --force\n",
			target);
		return 1;
	}
	if (cli_load_key(cli))
		return 1;
	if (restore_into(cli, file, target, &e)) {
		fprintf(stderr, "错误：%s\n没有恢复，数据库 %s 保持原样。\n", e.message, target);
		return 1;
	}
	printf("已从 %s 恢复到 %s（备份时的数据库结构版本 %" PRId64 "）。\n", file, target,
	       version);
	return 0;
}

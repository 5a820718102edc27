/* common.c - opening the database and the key for a command, and printing
 * errors (the only layer that prints). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

const char *cli_key_path(struct cli *cli)
{
	if (cli->key_path && *cli->key_path)
		return cli->key_path;
	if (!strncmp(cli->db_url, "sqlite:", 7)) {
		const char *path = cli->db_url + 7;
		size_t n = strlen(path);
		if (n > 3 && !strcmp(path + n - 3, ".db"))
			n -= 3;
		snprintf(cli->key_buf, sizeof(cli->key_buf), "%.*s.key", (int)n, path);
	} else {
		snprintf(cli->key_buf, sizeof(cli->key_buf), "var/bangfu.key");
	}
	return cli->key_buf;
}

const char *cli_files_dir(struct cli *cli)
{
	if (!strncmp(cli->db_url, "sqlite:", 7)) {
		const char *path = cli->db_url + 7;
		const char *slash = strrchr(path, '/');
		if (slash)
			snprintf(cli->files_buf, sizeof(cli->files_buf), "%.*s/attachments",
				 (int)(slash - path), path);
		else
			snprintf(cli->files_buf, sizeof(cli->files_buf), "attachments");
	} else {
		snprintf(cli->files_buf, sizeof(cli->files_buf), "var/attachments");
	}
	return cli->files_buf;
}

int cli_make_dirs(const char *dir)
{
	char buf[1024];
	if ((size_t)snprintf(buf, sizeof(buf), "%s", dir) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0750) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(buf, 0750) && errno != EEXIST ? -1 : 0;
}

int cli_fail(const struct bf_err *e)
{
	const char *msg = e->message[0] ? e->message : ec_message(e->code);
	fprintf(stderr, "错误：%s\n", msg);
	return 1;
}

/* SQLite creates its file but not the directory it lives in. */
static void make_parent_dir(const char *url)
{
	if (strncmp(url, "sqlite:", 7) != 0)
		return;
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s", url + 7);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0750) && errno != EEXIST)
		fprintf(stderr, "警告：无法创建目录 %s：%s\n", dir, strerror(errno));
}

int cli_open(struct cli *cli, int need_key)
{
	struct bf_err e;
	make_parent_dir(cli->db_url);
	if (db_open(&cli->db, cli->db_url, &e) || db_migrate(cli->db, &e))
		return cli_fail(&e);
	if (need_key && cli_load_key(cli))
		return 1;
	cli->core.db = cli->db;
	cli->core.key = &cli->key;
	cli->core.files_dir = cli_files_dir(cli);
	actor_cli(&cli->actor, "cli");
	return 0;
}

int cli_load_key(struct cli *cli)
{
	struct bf_err e;
	if (crypto_key_load(cli_key_path(cli), &cli->key, &e)) {
		fprintf(stderr, "错误：%s\n（密钥文件 %s；新数据库请先运行 bangfu init）\n",
			e.message, cli_key_path(cli));
		return 1;
	}
	chain_use_key(&cli->key);
	return 0;
}

void cli_close(struct cli *cli)
{
	if (cli->db)
		db_close(cli->db);
	cli->db = NULL;
}

int cli_parse_id(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v <= 0)
		return -1;
	*out = v;
	return 0;
}

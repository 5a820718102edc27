/* cmd_user.c - `bangfu user add|passwd|disable|enable|list`: accounts from
 * the command line, acting as admin at the root (actor_cli).  The same
 * core calls as the console's 用户管理, so the same rules and audit rows. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

int cmd_user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
					     {"org", required_argument, NULL, 'o'},
					     {"name", required_argument, NULL, 'n'},
					     {"password", required_argument, NULL, 'p'},
					     {NULL, 0, NULL, 0}};
	const char *role = NULL, *org = NULL, *name = "", *password = NULL;
	char generated[AUTH_GENERATED_LEN + 1];
	struct user u;
	struct org o;
	struct bf_err e;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			role = optarg;
		else if (c == 'o')
			org = optarg;
		else if (c == 'n')
			name = optarg;
		else if (c == 'p')
			password = optarg;
		else
			return cli_usage("user add");
	}
	if (optind != argc - 1 || !role || !org)
		return cli_usage("user add");
	if (cli_open(cli, 1))
		return 1;
	if (org_get_by_code(&cli->core, &cli->actor, org, &o, &e))
		return cli_fail(&e);
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", argv[optind]);
	snprintf(u.display_name, sizeof(u.display_name), "%s", name);
	snprintf(u.role, sizeof(u.role), "%s", role);
	u.org_id = o.id;
	if (!password) {
		if (auth_password_generate(generated))
			BUG("no randomness");
		password = generated;
		u.must_change_password = 1;
	}
	if (user_create(&cli->core, &cli->actor, &u, password, &e))
		return cli_fail(&e);
	printf("已新建用户 %s（%s，%s）", u.username, u.role, o.name);
	if (password == generated)
		printf("，初始密码：%s（首次登录后须修改）", password);
	printf("\n");
	return 0;
}

/* The one USERNAME argument of passwd/disable/enable, looked up. */
static int named_user(struct cli *cli, const char *cmd, int argc, char **argv, struct user *u)
{
	struct bf_err e;
	if (optind != argc - 1)
		return cli_usage(cmd);
	if (cli_open(cli, 1)) /* the key: the audit row carries the chain's MAC */
		return 1;
	int found = user_find(&cli->core, argv[optind], u, &e);
	if (found < 0)
		return cli_fail(&e);
	if (!found) {
		fprintf(stderr, "错误：用户“%s”不存在\n", argv[optind]);
		return 1;
	}
	return 0;
}

/* One line of standard input without its line end; -1 when there is none. */
static int read_line(char *buf, size_t n)
{
	if (!fgets(buf, (int)n, stdin))
		return -1;
	size_t len = strcspn(buf, "\r\n");
	if (buf[len] == '\0' && len == n - 1)
		return -1; /* longer than any password we take */
	buf[len] = '\0';
	return 0;
}

int cmd_user_passwd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"stdin", no_argument, NULL, 's'}, {NULL, 0, NULL, 0}};
	char line[256], out[AUTH_GENERATED_LEN + 1];
	int from_stdin = 0, c, rc;
	struct user u;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			from_stdin = 1;
		else
			return cli_usage("user passwd");
	}
	if ((rc = named_user(cli, "user passwd", argc, argv, &u)))
		return rc;
	if (from_stdin && read_line(line, sizeof(line))) {
		fprintf(stderr, "错误：标准输入中没有密码（一行，最长 255 字节）\n");
		return 1;
	}
	if (user_set_password(&cli->core, &cli->actor, u.id, from_stdin ? line : NULL, out, &e))
		return cli_fail(&e);
	if (from_stdin)
		printf("已修改用户 %s 的密码，其登录会话已全部结束。\n", u.username);
	else
		printf("已重置用户 %s 的密码：%s\n首次登录后须修改；其登录会话已全部结束。\n",
		       u.username, out);
	return 0;
}

static int set_active(struct cli *cli, const char *cmd, int active, int argc, char **argv)
{
	static const struct option none[] = {{NULL, 0, NULL, 0}};
	struct user u;
	struct bf_err e;
	int rc;
	while (getopt_long(argc, argv, "", none, NULL) != -1)
		return cli_usage(cmd);
	if ((rc = named_user(cli, cmd, argc, argv, &u)))
		return rc;
	if (user_set_active(&cli->core, &cli->actor, u.id, active, &e))
		return cli_fail(&e);
	printf(active ? "已启用用户 %s。\n" : "已停用用户 %s，其登录会话已全部结束。\n",
	       u.username);
	return 0;
}

int cmd_user_disable(struct cli *cli, int argc, char **argv)
{
	return set_active(cli, "user disable", 0, argc, argv);
}

int cmd_user_enable(struct cli *cli, int argc, char **argv)
{
	return set_active(cli, "user enable", 1, argc, argv);
}

/* Display columns of UTF-8 s: CJK and full-width characters take two. */
static int columns(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE0 ? 2 : 1;
	}
	return w;
}

static void cell(const char *s, int width)
{
	printf("%s%*s", s, width - columns(s) > 0 ? width - columns(s) : 0, "");
}

static void print_json(const struct user *items, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "[");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &items[i];
		strbuf_addf(&sb, "%s\n  {\"id\":%" PRId64 ",\"username\":\"", i ? "," : "", u->id);
		strbuf_add_json_str(&sb, u->username);
		strbuf_adds(&sb, "\",\"display_name\":\"");
		strbuf_add_json_str(&sb, u->display_name);
		strbuf_addf(&sb, "\",\"role\":\"%s\",\"org_id\":%" PRId64 ",\"org_name\":\"",
			    u->role, u->org_id);
		strbuf_add_json_str(&sb, u->org_name);
		strbuf_addf(&sb, "\",\"active\":%s,\"must_change_password\":%s}",
			    u->active ? "true" : "false",
			    u->must_change_password ? "true" : "false");
	}
	strbuf_adds(&sb, n ? "\n]\n" : "]\n");
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

int cmd_user_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	struct user *items = NULL;
	size_t n = 0;
	struct bf_err e;
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else
			return cli_usage("user list");
	}
	if (optind != argc)
		return cli_usage("user list");
	if (cli_open(cli, 0))
		return 1;
	if (user_list(&cli->core, &cli->actor, &items, &n, &e))
		return cli_fail(&e);
	if (json) {
		print_json(items, n);
		free(items);
		return 0;
	}
	cell("编号", 6), cell("用户名", 16), cell("姓名", 18), cell("角色", 12);
	cell("所属组织", 26), printf("状态\n");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &items[i];
		char id[24];
		snprintf(id, sizeof(id), "%" PRId64, u->id);
		cell(id, 6), cell(u->username, 16), cell(u->display_name, 18);
		cell(access_role_label(u->role), 12), cell(u->org_name, 26);
		printf("%s%s\n", u->active ? "启用" : "停用",
		       u->must_change_password ? "（待改密）" : "");
	}
	free(items);
	return 0;
}

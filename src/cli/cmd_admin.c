/* cmd_admin.c - init, migrate, org import/list, audit verify:
 * setting a deployment up and checking it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cases.h"
#include "cli.h"
#include "io.h"
#include "fund.h"

static int ensure_key(struct cli *cli)
{
	struct bf_err e;
	const char *path = cli_key_path(cli);
	if (access(path, F_OK) == 0)
		return 0;
	if (crypto_key_create(path, &e))
		return cli_fail(&e);
	printf("已生成密钥文件 %s（权限 0600）。请妥善备份：丢失后无法解密身份证号码和联系电话。\n",
	       path);
	return 0;
}

static int create_root_and_admin(struct cli *cli, const char *code, const char *name,
				 const char *password, int generated)
{
	struct bf_err e;
	struct org root;
	struct user u;
	memset(&root, 0, sizeof(root));
	snprintf(root.code, sizeof(root.code), "%s", code);
	snprintf(root.name, sizeof(root.name), "%s", name);
	snprintf(root.kind_name, sizeof(root.kind_name), "组织部");
	if (org_create(&cli->core, &cli->actor, &root, &e))
		return cli_fail(&e);
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "admin");
	snprintf(u.display_name, sizeof(u.display_name), "系统管理员");
	snprintf(u.role, sizeof(u.role), "admin");
	u.org_id = root.id;
	u.must_change_password = generated;
	if (user_create(&cli->core, &cli->actor, &u, password, &e))
		return cli_fail(&e);
	return 0;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"admin-password", required_argument, NULL, 'p'},
					     {"org-code", required_argument, NULL, 'c'},
					     {"org-name", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	const char *password = NULL, *code = "000", *name = "区委组织部";
	char generated[AUTH_GENERATED_LEN + 1];
	struct user u;
	struct bf_err e;
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'p')
			password = optarg;
		else if (o == 'c')
			code = optarg;
		else if (o == 'n')
			name = optarg;
		else
			return cli_usage("init");
	}
	if (cli_open(cli, 0) || ensure_key(cli) || cli_load_key(cli))
		return 1;
	int found = user_find(&cli->core, "admin", &u, &e);
	if (found < 0)
		return cli_fail(&e);
	/* Policy version 1 (the shipped default) before any round or case;
	 * harmless on a database that has it. */
	if (case_policy_ensure(&cli->core, &e))
		return cli_fail(&e);
	if (found) {
		printf("数据库 %s 已初始化（管理员 admin 已存在），未做改动。\n", cli->db_url);
		return 0;
	}
	if (!password) {
		if (auth_password_generate(generated))
			BUG("no randomness");
		password = generated;
	}
	if (create_root_and_admin(cli, code, name, password, password == generated))
		return 1;
	printf("数据库已初始化：%s\n管理员：admin  密码：%s\n", cli->db_url, password);
	if (password == generated)
		printf("这是生成的密码，首次登录后须修改。\n");
	return 0;
}

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage("migrate");
	if (cli_open(cli, 0))
		return 1;
	printf("数据库结构已是最新版本。\n");
	return 0;
}

static void print_reject(long line, const char *column, const char *reason, char *const *fields,
			 size_t nfields, void *ctx)
{
	if (column && *column)
		fprintf(stderr, "第 %ld 行，%s：%s\n", line, column, reason);
	else
		fprintf(stderr, "第 %ld 行：%s\n", line, reason);
}

int cmd_org_import(struct cli *cli, int argc, char **argv)
{
	struct import_result res;
	struct bf_err e;
	if (argc != 2)
		return cli_usage("org import");
	if (cli_open(cli, 1))
		return 1;
	if (io_org_import(&cli->core, &cli->actor, argv[1], 0, print_reject, NULL, &res, &e))
		return cli_fail(&e);
	if (!res.committed) {
		fprintf(stderr, "有 %lld 行错误，未导入任何组织\n", res.rejected);
		printf("导入 0 行，错误 %lld 行\n", res.rejected);
		return 1;
	}
	printf("导入 %lld 行，错误 %lld 行\n", res.imported, res.rejected);
	return 0;
}

/* Prints the children of parent (by code), indented by depth. */
static void print_tree(const struct org *items, size_t n, int64_t parent, int depth)
{
	const struct org *prev = NULL;
	for (;;) {
		const struct org *next = NULL;
		for (size_t i = 0; i < n; i++) {
			if (items[i].parent_id != parent)
				continue;
			if (prev && strcmp(items[i].code, prev->code) <= 0)
				continue;
			if (!next || strcmp(items[i].code, next->code) < 0)
				next = &items[i];
		}
		if (!next)
			return;
		printf("%*s%s  %s（%s）\n", depth * 2, "", next->code, next->name, next->kind_name);
		print_tree(items, n, next->id, depth + 1);
		prev = next;
	}
}

int cmd_org_list(struct cli *cli, int argc, char **argv)
{
	struct org *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (argc > 1)
		return cli_usage("org list");
	if (cli_open(cli, 0))
		return 1;
	if (org_list(&cli->core, &cli->actor, &items, &n, &e))
		return cli_fail(&e);
	print_tree(items, n, 0, 0);
	free(items);
	return 0;
}

int cmd_audit_verify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"head", required_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct chain_anchor head;
	int64_t rows = 0, bad = 0;
	int c, anchored = 0;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'h')
			return cli_usage("audit verify");
		if (chain_anchor_parse(optarg, &head, &e))
			return cli_fail(&e);
		anchored = 1;
	}
	if (optind != argc)
		return cli_usage("audit verify");
	if (cli_open(cli, 1))
		return 1;
	if (audit_verify_head(cli->db, anchored ? &head : NULL, &rows, &bad, &e)) {
		fprintf(stderr, "错误：%s\n", e.message);
		if (bad)
			fprintf(stderr, "第一条异常记录：seq %" PRId64 "\n", bad);
		return 1;
	}
	printf("审计日志完好：共 %" PRId64 " 条记录，SM3 哈希链和密钥校验值校验通过%s。\n", rows,
	       anchored ? "，链外保存的链头在链中" : "");
	return 0;
}

int cmd_audit_head(struct cli *cli, int argc, char **argv)
{
	struct chain_anchor h;
	struct bf_err e;
	(void)argv;
	if (argc > 1)
		return cli_usage("audit head");
	if (cli_open(cli, 1))
		return 1;
	if (audit_head_get(cli->db, &h, &e))
		return cli_fail(&e);
	printf("%" PRId64 ":%s\n", h.seq, h.hash);
	return 0;
}

int cmd_audit_seal(struct cli *cli, int argc, char **argv)
{
	int64_t rows = 0;
	int funds = 0;
	struct bf_err e;
	(void)argv;
	if (argc > 1)
		return cli_usage("audit seal");
	if (cli_open(cli, 1))
		return 1;
	if (audit_seal(cli->db, &rows, &e) || ledger_seal(cli->db, &funds, &e))
		return cli_fail(&e);
	if (!rows && !funds) {
		printf("没有需要封存的旧记录（审计日志和基金账簿都已由密钥保护）。\n");
		return 0;
	}
	printf("已封存：审计日志升级前的 %" PRId64 " 条记录，%d 个基金账簿升级前的凭证。\n", rows,
	       funds);
	return 0;
}

/* cmd_roll_review.c - the June and November reviews of the roll (台账动态
 * 调整) from the command line: `bangfu roll review open` (as the
 * department, for the whole district), `list`, `progress ID`, `close ID`
 * (docs/internals/roll_review.md).  The decisions and confirmations are
 * the branches' and committees' work in the console. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "cli.h"

int cmd_roll_review_open(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
					     {"finish", required_argument, NULL, 'f'},
					     {"year", required_argument, NULL, 'y'},
					     {"title", required_argument, NULL, 't'},
					     {NULL, 0, NULL, 0}};
	struct roll_review_input in = {.title = ""};
	struct roll_review r;
	struct bf_err e;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'k')
			in.kind = optarg;
		else if (c == 'f')
			in.finish_on = optarg;
		else if (c == 'y')
			in.year = (int)strtol(optarg, NULL, 10);
		else if (c == 't')
			in.title = optarg;
		else
			return cli_usage("roll review open");
	}
	if (optind != argc || !in.kind || !in.finish_on)
		return cli_usage("roll review open");
	if (cli_open(cli, 1))
		return 1;
	if (roll_review_open(&cli->core, &cli->actor, &in, &r, &e))
		return cli_fail(&e);
	printf("已开启 %s（编号 %" PRId64 "），纳入 %" PRId64 " 名在册困难党员，完成期限 %s\n",
	       r.title, r.id, r.items, r.finish_on);
	return 0;
}

int cmd_roll_review_list(struct cli *cli, int argc, char **argv)
{
	struct roll_review *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (argc != 1)
		return cli_usage("roll review list");
	if (cli_open(cli, 1))
		return 1;
	if (roll_review_list(&cli->core, &cli->actor, 0, &items, &n, &e))
		return cli_fail(&e);
	printf("编号\t名称\t完成期限\t人数\t待填报\t待确认\t已确认\t状态\n");
	for (size_t i = 0; i < n; i++) {
		const struct roll_review *r = &items[i];
		printf("%" PRId64 "\t%s\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64
		       "\t%s\n",
		       r->id, r->title, r->finish_on, r->items, r->open, r->decided, r->confirmed,
		       strcmp(r->status, "open") ? "已结束" : "进行中");
	}
	free(items);
	return 0;
}

int cmd_roll_review_progress(struct cli *cli, int argc, char **argv)
{
	struct roll_review_progress *rows = NULL;
	size_t n = 0;
	int64_t id;
	struct bf_err e;
	if (argc != 2 || cli_parse_id(argv[1], &id))
		return cli_usage("roll review progress");
	if (cli_open(cli, 1))
		return 1;
	if (roll_review_progress(&cli->core, &cli->actor, id, 0, &rows, &n, &e))
		return cli_fail(&e);
	printf("组织\t人数\t待填报\t待确认\t已确认\t逾期\n");
	for (size_t i = 0; i < n; i++) {
		const struct roll_review_progress *p = &rows[i];
		if (p->own && !p->total)
			continue;
		printf("%s%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\n",
		       p->org_name, p->own ? "（本级）" : "", p->total, p->open, p->decided,
		       p->confirmed, p->late);
	}
	free(rows);
	return 0;
}

int cmd_roll_review_close(struct cli *cli, int argc, char **argv)
{
	int64_t id;
	struct bf_err e;
	if (argc != 2 || cli_parse_id(argv[1], &id))
		return cli_usage("roll review close");
	if (cli_open(cli, 1))
		return 1;
	if (roll_review_close(&cli->core, &cli->actor, id, &e))
		return cli_fail(&e);
	printf("台账动态调整 %" PRId64 " 已结束\n", id);
	return 0;
}

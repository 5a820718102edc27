/* cmd_verification.c - the verification campaign (走访核查) from the command
 * line: `bangfu verification list`, `redraw ID` (the draw repeated from its
 * recorded seed and population, compared with the sample recorded: what an
 * inspector is shown), `draw` (a draw over today's population without
 * storing anything) and `report ID --out FILE.pdf|.xlsx`. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "cli.h"
#include "verification_docs.h"

int cmd_verification_list(struct cli *cli, int argc, char **argv)
{
	struct verification *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (argc != 1)
		return cli_usage("verification list");
	if (cli_open(cli, 1))
		return 1;
	if (verification_list(&cli->core, &cli->actor, 0, &items, &n, &e))
		return cli_fail(&e);
	printf("编号\t年度\t名称\t种子\t总体\t抽取\t已核查\t问题\t骗取\t期限\t状态\n");
	for (size_t i = 0; i < n; i++) {
		const struct verification *v = &items[i];
		printf("%" PRId64 "\t%d\t%s\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64
		       "\t%" PRId64 "\t%s\t%s\n",
		       v->id, v->year, v->title, v->seed, v->population, v->sample, v->done,
		       v->irregular, v->fraud, v->due_on,
		       strcmp(v->status, "open") ? "已结束" : "进行中");
	}
	free(items);
	return 0;
}

static void print_picks(const struct verification_pick *p, size_t n)
{
	printf("党(工)委\t序号\t档案编号\n");
	for (size_t i = 0; i < n; i++)
		printf("%" PRId64 "\t%d\t%" PRId64 "\n", p[i].committee_id, p[i].rank,
		       p[i].case_id);
}

int cmd_verification_redraw(struct cli *cli, int argc, char **argv)
{
	int64_t id;
	struct verification_redraw d;
	struct bf_err e;
	if (argc != 2 || cli_parse_id(argv[1], &id))
		return cli_usage("verification redraw");
	if (cli_open(cli, 1))
		return 1;
	if (verification_redraw(&cli->core, &cli->actor, id, &d, &e))
		return cli_fail(&e);
	printf("核查抽样 %" PRId64 "：%s\n", d.v.id, d.v.title);
	printf("随机种子 %s，每个党(工)委抽取 %d%%（向上取整，至少 %d 件）\n", d.v.seed,
	       d.v.share_pct, d.v.min_per_committee);
	printf("抽样总体 %zu 件，SM3 %s\n", d.population, d.digest);
	print_picks(d.drawn, d.ndrawn);
	printf("%s：重新抽取 %zu 件，记录 %zu 件\n", d.same ? "一致" : "不一致", d.ndrawn,
	       d.nrecorded);
	int rc = d.same ? 0 : 1;
	verification_redraw_release(&d);
	return rc;
}

int cmd_verification_draw(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
					     {"share", required_argument, NULL, 's'},
					     {"min", required_argument, NULL, 'm'},
					     {"seed", required_argument, NULL, 'r'},
					     {NULL, 0, NULL, 0}};
	int64_t year = 0, share = 0, min = 1;
	const char *seed_text = NULL;
	uint64_t seed;
	int c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int64_t *dst = c == 'y' ? &year : c == 's' ? &share : c == 'm' ? &min : NULL;
		if (dst) {
			char *end;
			*dst = strtoll(optarg, &end, 10);
			if (*end || end == optarg)
				return cli_usage("verification draw");
		} else if (c == 'r') {
			seed_text = optarg;
		} else {
			return cli_usage("verification draw");
		}
	}
	if (optind != argc || !year || !share || !seed_text || share < 1 || share > 100 || min < 0)
		return cli_usage("verification draw");
	if (verification_seed_parse(seed_text, &seed, &e))
		return cli_fail(&e);
	if (cli_open(cli, 1))
		return 1;
	int64_t *cases = NULL, *committees = NULL;
	size_t n = 0;
	char digest[65], hex[VERIFICATION_SEED_LEN];
	if (verification_population_now(&cli->core, &cli->actor, (int)year, &cases, &committees, &n,
					&e))
		return cli_fail(&e);
	struct verification_pick *p = calloc(n ? n : 1, sizeof(*p));
	size_t k = verification_draw(seed, (int)share, (int)min, cases, committees, n, p);
	verification_population_digest(cases, committees, n, digest);
	verification_seed_format(seed, hex);
	printf("随机种子 %s；%" PRId64 " 年度已发放 %zu 件，SM3 %s；抽取 %zu 件（未保存）\n", hex,
	       year, n, digest, k);
	print_picks(p, k);
	free(p);
	free(cases);
	free(committees);
	return 0;
}

int cmd_verification_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
					     {NULL, 0, NULL, 0}};
	const char *out = NULL;
	int64_t id;
	int c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else
			return cli_usage("verification report");
	}
	if (optind != argc - 1 || !out || cli_parse_id(argv[optind], &id))
		return cli_usage("verification report");
	if (cli_open(cli, 1))
		return 1;
	if (verification_doc_write(&cli->core, &cli->actor, id, out, &e))
		return cli_fail(&e);
	printf("已生成 %s\n", out);
	return 0;
}

/* cmd_ledger.c - `bangfu ledger …`: verify the fund ledger (every posting
 * balances, balances equal their lines, the SM3 chains hold), list the
 * funds, and import postings from a CSV file (moving a paper ledger in, or
 * posting a large batch) in one all-or-nothing transaction. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "csv.h"
#include "fund.h"
#include "money.h"
#include "text.h"

int cmd_ledger_verify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"fund", required_argument, NULL, 'f'},
					     {"head", required_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int64_t fund = 0;
	struct chain_anchor head;
	struct ledger_verify_report r;
	struct bf_err e;
	int c, anchored = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h' && chain_anchor_parse(optarg, &head, &e))
			return cli_fail(&e);
		else if (c == 'h')
			anchored = 1;
		else if (c != 'f' || cli_parse_id(optarg, &fund))
			return cli_usage("ledger verify");
	}
	if (optind != argc || (anchored && !fund))
		return cli_usage("ledger verify");
	if (cli_open(cli, 1))
		return 1;
	if (ledger_verify_head(cli->db, fund, anchored ? &head : NULL, &r, &e)) {
		fprintf(stderr, "错误：%s\n", e.message);
		if (r.bad_posting_id)
			fprintf(stderr,
				"第一条异常：基金 %" PRId64 "，第 %" PRId64
				" 号凭证，凭证编号 %" PRId64 "\n",
				r.bad_fund_id, r.bad_seq, r.bad_posting_id);
		else if (r.bad_fund_id)
			fprintf(stderr, "第一条异常：基金 %" PRId64 "\n", r.bad_fund_id);
		return 1;
	}
	printf("基金账簿完好：%" PRId64 " 个基金，%" PRId64 " 张凭证，%" PRId64
	       " 行分录；借贷平衡、余额与分录合计相符，SM3 哈希链和密钥校验值校验通过%s。\n",
	       r.funds, r.postings, r.lines, anchored ? "，链外保存的链头在链中" : "");
	return 0;
}

int cmd_ledger_head(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"fund", required_argument, NULL, 'f'},
					     {NULL, 0, NULL, 0}};
	int64_t fund = 0;
	struct fund *fs = NULL;
	size_t n = 0;
	struct bf_err e;
	int c, rc = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c != 'f' || cli_parse_id(optarg, &fund))
			return cli_usage("ledger head");
	if (optind != argc)
		return cli_usage("ledger head");
	if (cli_open(cli, 1))
		return 1;
	if (!fund && ledger_fund_list(&cli->core, &cli->actor, &fs, &n, &e))
		return cli_fail(&e);
	for (size_t i = 0; i < (fund ? 1 : n) && !rc; i++) {
		struct chain_anchor h;
		int64_t id = fund ? fund : fs[i].id;
		if (ledger_head_get(cli->db, id, &h, &e))
			rc = cli_fail(&e);
		else
			printf("%" PRId64 "\t%" PRId64 ":%s\n", id, h.seq, h.hash);
	}
	free(fs);
	return rc;
}

int cmd_ledger_funds(struct cli *cli, int argc, char **argv)
{
	struct fund *fs = NULL;
	size_t n = 0;
	struct bf_err e;
	(void)argv;
	if (argc > 1)
		return cli_usage("ledger funds");
	if (cli_open(cli, 0))
		return 1;
	if (ledger_fund_list(&cli->core, &cli->actor, &fs, &n, &e))
		return cli_fail(&e);
	for (size_t i = 0; i < n; i++) {
		char bal[MONEY_TEXT_MAX];
		money_format_amount(fs[i].balance, bal);
		printf("%" PRId64 "\t%s\t%s\t%" PRId64 "\n", fs[i].id, fs[i].name, bal,
		       fs[i].last_seq);
	}
	free(fs);
	return 0;
}

/* --- import --- */

enum col { C_DATE, C_KIND, C_DEBIT, C_CREDIT, C_AMOUNT, C_MEMO, C_MEMBER, C_CASE, C_DONOR, NCOL };

static const char *const col_names[NCOL][2] = {
    {"日期", "date"},	       {"类型", "kind"},	{"借方科目", "debit"},
    {"贷方科目", "credit"},    {"金额", "amount"},	{"摘要", "memo"},
    {"党员编号", "member_id"}, {"档案编号", "case_id"}, {"捐款人", "donor"},
};

struct import {
	struct csv_reader *csv;
	int col[NCOL];
	int64_t fund_id;
	const char *batch;
	long line;
	struct ledger_line lines[2];
};

/* An account by code or Chinese name. */
static const char *account_code(const char *s)
{
	for (int i = 0; ledger_chart[i].code; i++)
		if (!strcmp(ledger_chart[i].code, s) || !strcmp(ledger_chart[i].name, s))
			return ledger_chart[i].code;
	return NULL;
}

static const char *field(struct import *im, char **f, size_t n, enum col c)
{
	return im->col[c] >= 0 && (size_t)im->col[c] < n ? f[im->col[c]] : "";
}

static int read_header(struct import *im, struct bf_err *e)
{
	char **f;
	size_t n;
	int rc = csv_next(im->csv, &f, &n, e);
	if (rc <= 0)
		return rc < 0 ? -1 : err_set(e, EC_INVALID, "file", "文件是空的");
	for (int c = 0; c < NCOL; c++) {
		im->col[c] = -1;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(f[i], col_names[c][0]) || !strcmp(f[i], col_names[c][1]))
				im->col[c] = (int)i;
	}
	for (int c = C_DEBIT; c <= C_AMOUNT; c++)
		if (im->col[c] < 0)
			return err_set(e, EC_MISSING, "file", "表头缺少“%s”列", col_names[c][0]);
	return 0;
}

static int opt_id(const char *s, int64_t *out, const char *label, struct bf_err *e)
{
	*out = 0;
	if (*s && cli_parse_id(s, out))
		return err_set(e, EC_INVALID, NULL, "%s“%s”不是有效编号", label, s);
	return 0;
}

/* A text cell into dst[n], checked against its row of the limits table. */
static int import_text(char *dst, size_t n, const char *v, enum text_field id, struct bf_err *e)
{
	if (strlen(v) >= n)
		return err_set(e, EC_INVALID, text_limits[id].field, "%s最长 %u 个字",
			       text_limits[id].label, text_limits[id].max);
	memcpy(dst, v, strlen(v) + 1);
	return text_field(dst, id, 0, e);
}

static int import_next(struct ledger_posting *p, void *ctx, struct bf_err *e)
{
	struct import *im = ctx;
	char **f;
	size_t n;
	int64_t fen;
	int rc = csv_next(im->csv, &f, &n, e);
	if (rc <= 0)
		return rc;
	im->line = csv_line(im->csv);
	const char *debit = account_code(field(im, f, n, C_DEBIT));
	const char *credit = account_code(field(im, f, n, C_CREDIT));
	if (!debit || !credit)
		return err_set(e, EC_INVALID, NULL, "科目“%s”不存在",
			       debit ? field(im, f, n, C_CREDIT) : field(im, f, n, C_DEBIT));
	if (money_parse(field(im, f, n, C_AMOUNT), &fen, "amount", "金额", e))
		return -1;
	if (fen <= 0)
		return err_set(e, EC_INVALID, "amount", "金额须大于零");
	if (limit_money(fen, "amount", "金额", e))
		return -1;
	im->lines[0] = (struct ledger_line){"", 0, fen};
	im->lines[1] = (struct ledger_line){"", 0, -fen};
	snprintf(im->lines[0].account, sizeof(im->lines[0].account), "%s", debit);
	snprintf(im->lines[1].account, sizeof(im->lines[1].account), "%s", credit);
	p->fund_id = im->fund_id;
	const char *kind = field(im, f, n, C_KIND);
	snprintf(p->kind, sizeof(p->kind), "%s", *kind ? kind : "payment");
	snprintf(p->value_date, sizeof(p->value_date), "%.10s", field(im, f, n, C_DATE));
	if (import_text(p->memo, sizeof(p->memo), field(im, f, n, C_MEMO), TF_LEDGER_MEMO, e) ||
	    import_text(p->donor, sizeof(p->donor), field(im, f, n, C_DONOR), TF_INCOME_DONOR, e))
		return -1;
	snprintf(p->batch_ref, sizeof(p->batch_ref), "%s", im->batch);
	if (opt_id(field(im, f, n, C_MEMBER), &p->member_id, "党员编号", e) ||
	    opt_id(field(im, f, n, C_CASE), &p->case_id, "档案编号", e))
		return -1;
	p->lines = im->lines;
	p->nlines = 2;
	return 1;
}

static int import_fund(struct cli *cli, int64_t fund, const char *org, int64_t *out,
		       struct bf_err *e)
{
	struct org o;
	struct fund f;
	if (fund) {
		*out = fund;
		return ledger_fund_get(&cli->core, &cli->actor, fund, &f, e);
	}
	if (org_get_by_code(&cli->core, &cli->actor, org, &o, e) ||
	    ledger_fund_ensure(&cli->core, &cli->actor, o.id, &f, e))
		return -1;
	*out = f.id;
	return 0;
}

int cmd_ledger_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"fund", required_argument, NULL, 'f'},
					     {"org", required_argument, NULL, 'o'},
					     {"batch", required_argument, NULL, 'b'},
					     {NULL, 0, NULL, 0}};
	struct import im = {.batch = ""};
	const char *org = NULL;
	int64_t fund = 0, count = 0;
	struct bf_err e;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f' && !cli_parse_id(optarg, &fund))
			continue;
		else if (c == 'o')
			org = optarg;
		else if (c == 'b' && strlen(optarg) < 64)
			im.batch = optarg;
		else
			return cli_usage("ledger import");
	}
	if (optind != argc - 1 || !fund == !org)
		return cli_usage("ledger import");
	if (cli_open(cli, 1))
		return 1;
	if (import_fund(cli, fund, org, &im.fund_id, &e))
		return cli_fail(&e);
	if (!(im.csv = csv_open(argv[optind], &e)))
		return cli_fail(&e);
	int rc = read_header(&im, &e);
	if (!rc)
		rc = ledger_post_stream(&cli->core, &cli->actor, import_next, &im, 0, &count, &e);
	csv_close(im.csv);
	if (rc) {
		if (im.line)
			fprintf(stderr, "错误：第 %ld 行：%s\n", im.line, e.message);
		else
			cli_fail(&e);
		fprintf(stderr, "没有导入任何凭证。\n");
		return 1;
	}
	printf("已导入 %" PRId64 " 张凭证到基金 %" PRId64 "。\n", count, im.fund_id);
	return 0;
}

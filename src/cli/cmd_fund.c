/* cmd_fund.c - `bangfu fund statement`: the fund statement of an
 * organisation for a period, printed as text, or written as the public
 * fund notice (PDF, 党务公开) or the period's postings (XLSX) — what the
 * console downloads, for offices that work from the command line. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "fund_docs.h"
#include "money.h"
#include "fund.h"

/* --org takes an organisation's id or its code. */
static int org_arg(struct cli *cli, const char *s, int64_t *out, struct bf_err *e)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*s && !*end && !errno && v > 0) {
		*out = v;
		return 0;
	}
	struct org o;
	if (org_get_by_code(&cli->core, &cli->actor, s, &o, e))
		return -1;
	*out = o.id;
	return 0;
}

static void print_rows(const char *head, int64_t total, const struct pay_stmt_row *rows, size_t n)
{
	char m[MONEY_TEXT_MAX];
	money_format_amount(total, m);
	printf("%s\t%s\n", head, m);
	for (size_t i = 0; i < n; i++) {
		money_format_amount(rows[i].amount, m);
		printf("  %s\t%s\n", rows[i].name, m);
	}
}

static int print_statement(struct cli *cli, int64_t org, const char *from, const char *to)
{
	struct pay_statement *s = malloc(sizeof(*s));
	struct bf_err e;
	char m[MONEY_TEXT_MAX];
	if (!s)
		return 1;
	if (pay_statement(&cli->core, &cli->actor, org, from, to, s, &e)) {
		free(s);
		return cli_fail(&e);
	}
	printf("%s %s 至 %s 收支情况（元）\n", s->fund_name, s->from, s->to);
	money_format_amount(s->opening, m);
	printf("期初余额\t%s\n", m);
	print_rows("本期收入合计", s->income_total, s->income, s->nincome);
	print_rows("本期支出合计", s->expense_total, s->expense, s->nexpense);
	money_format_amount(s->closing, m);
	printf("期末余额\t%s\n", m);
	free(s);
	return 0;
}

int cmd_fund_statement(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"org", required_argument, NULL, 'o'},
					     {"from", required_argument, NULL, 'f'},
					     {"to", required_argument, NULL, 't'},
					     {"out", required_argument, NULL, 'u'},
					     {"issuer", required_argument, NULL, 'i'},
					     {"date", required_argument, NULL, 'd'},
					     {NULL, 0, NULL, 0}};
	const char *org_s = NULL, *from = NULL, *to = NULL, *out = NULL, *issuer = NULL,
		   *date = NULL;
	struct bf_err e;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			org_s = optarg;
			break;
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'u':
			out = optarg;
			break;
		case 'i':
			issuer = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		default:
			return cli_usage("fund statement");
		}
	}
	if (optind != argc || !org_s || !from || !to)
		return cli_usage("fund statement");
	if (cli_open(cli, 1))
		return 1;
	int64_t org;
	if (org_arg(cli, org_s, &org, &e))
		return cli_fail(&e);
	if (!out)
		return print_statement(cli, org, from, to);
	if (fund_doc_write(&cli->core, &cli->actor, org, from, to, issuer, date, out, &e))
		return cli_fail(&e);
	printf("已生成 %s\n", out);
	return 0;
}

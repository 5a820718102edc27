/* cmd_care.c - `bangfu care …`: care beyond money (关怀帮扶, issue #12)
 * from the command line, as the department's administrator at the root
 * (the command line's actor): the political birthdays of some days and
 * the 光荣在党50年 nomination list.  Every
 * rule is the core's (care.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "care_docs.h"
#include "cli.h"
#include "date.h"
#include "strbuf.h"

/* A day as people type it into out (YYYY-MM-DD); -1 when it is not one. */
static int day_arg(const char *s, char out[11])
{
	struct ymd d;
	struct bf_err e;
	int has_day = 0;
	if (date_parse(s, &d, &has_day, "date", "日期", &e) || !has_day)
		return -1;
	date_format(d, out);
	return 0;
}

int cmd_care_birthdays(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
					     {"to", required_argument, NULL, 't'},
					     {"org", required_argument, NULL, 'o'},
					     {"json", no_argument, NULL, 'j'},
					     {NULL, 0, NULL, 0}};
	char from[11] = "", to[11] = "";
	const char *org = NULL;
	int json = 0, c;
	int64_t org_id = 0;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (day_arg(optarg, from))
				return cli_usage("care birthdays");
			break;
		case 't':
			if (day_arg(optarg, to))
				return cli_usage("care birthdays");
			break;
		case 'o':
			org = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cli_usage("care birthdays");
		}
	}
	if (optind != argc)
		return cli_usage("care birthdays");
	if (!from[0])
		date_format(date_today(), from);
	if (!to[0]) {
		struct ymd f;
		if (date_parse(from, &f, NULL, "from", "起始日期", &e))
			return cli_fail(&e);
		date_format(date_from_days(date_to_days(f) + 6), to);
	}
	if (cli_open(cli, 0))
		return 1;
	if (org) {
		struct org o;
		if (org_get_by_code(&cli->core, &cli->actor, org, &o, &e))
			return cli_fail(&e);
		org_id = o.id;
	}
	struct care_birthday *items = NULL;
	size_t n = 0;
	if (care_birthdays(&cli->core, &cli->actor, org_id, from, to, &items, &n, &e))
		return cli_fail(&e);
	struct strbuf sb = STRBUF_INIT;
	if (json) {
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < n; i++) {
			const struct care_birthday *b = &items[i];
			strbuf_addf(&sb, "%s{\"member_id\":%" PRId64 ",\"member_name\":\"",
				    i ? "," : "", b->member_id);
			strbuf_add_json_str(&sb, b->member_name);
			strbuf_addf(&sb, "\",\"org_id\":%" PRId64 ",\"org_name\":\"", b->org_id);
			strbuf_add_json_str(&sb, b->org_name);
			strbuf_addf(
			    &sb,
			    "\",\"joined_on\":\"%s\",\"anniversary\":\"%s\",\"party_years\":%d}",
			    b->joined_on, b->anniversary, b->party_years);
		}
		strbuf_adds(&sb, "]\n");
		fwrite(sb.buf, 1, sb.len, stdout);
	} else {
		printf("%s 至 %s 政治生日共 %zu 人\n", from, to, n);
		printf("政治生日\t姓名\t党组织\t入党时间\t党龄（年）\n");
		for (size_t i = 0; i < n; i++) {
			const struct care_birthday *b = &items[i];
			printf("%s\t%s\t%s\t%s\t%d\n", b->anniversary, b->member_name, b->org_name,
			       b->joined_on, b->party_years);
		}
	}
	strbuf_release(&sb);
	free(items);
	return 0;
}

/* The 50-year list as text or JSON on stdout. */
static void medals_print(const struct care_medal *items, size_t n, int year, int json)
{
	struct strbuf sb = STRBUF_INIT;
	if (json) {
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < n; i++) {
			const struct care_medal *m = &items[i];
			strbuf_addf(&sb, "%s{\"member_id\":%" PRId64 ",\"member_name\":\"",
				    i ? "," : "", m->member_id);
			strbuf_add_json_str(&sb, m->member_name);
			strbuf_addf(&sb, "\",\"org_id\":%" PRId64 ",\"org_name\":\"", m->org_id);
			strbuf_add_json_str(&sb, m->org_name);
			strbuf_adds(&sb, "\",\"gender\":\"");
			strbuf_add_json_str(&sb, m->gender);
			strbuf_addf(
			    &sb,
			    "\",\"birth_date\":\"%s\",\"joined_on\":\"%s\",\"party_years\":%d}",
			    m->birth_date, m->joined_on, m->party_years);
		}
		strbuf_adds(&sb, "]\n");
	} else {
		strbuf_addf(&sb, "%d年“光荣在党50年”纪念章颁发对象共 %zu 人\n", year, n);
		strbuf_adds(&sb, "序号\t党组织\t姓名\t性别\t出生日期\t入党时间\t党龄（年）\n");
		for (size_t i = 0; i < n; i++) {
			const struct care_medal *m = &items[i];
			strbuf_addf(&sb, "%zu\t%s\t%s\t%s\t%s\t%s\t%d\n", i + 1, m->org_name,
				    m->member_name, m->gender, m->birth_date, m->joined_on,
				    m->party_years);
		}
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

int cmd_care_medals(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
					     {"org", required_argument, NULL, 'o'},
					     {"out", required_argument, NULL, 'f'},
					     {"json", no_argument, NULL, 'j'},
					     {NULL, 0, NULL, 0}};
	const char *org = NULL, *out = NULL;
	int json = 0, c, year = date_today().y;
	int64_t org_id = 0;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'y':
			year = (int)strtol(optarg, &end, 10);
			if (*end || year < 1950 || year > 2200)
				return cli_usage("care medals");
			break;
		case 'o':
			org = optarg;
			break;
		case 'f':
			out = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cli_usage("care medals");
		}
	}
	if (optind != argc || (out && json))
		return cli_usage("care medals");
	if (cli_open(cli, 0))
		return 1;
	if (org) {
		struct org o;
		if (org_get_by_code(&cli->core, &cli->actor, org, &o, &e))
			return cli_fail(&e);
		org_id = o.id;
	}
	if (out) {
		if (care_medals_write(&cli->core, &cli->actor, org_id, year, out, &e))
			return cli_fail(&e);
		fprintf(stderr, "已生成 %s\n", out);
		return 0;
	}
	struct care_medal *items = NULL;
	size_t n = 0;
	if (care_medals(&cli->core, &cli->actor, org_id, year, &items, &n, &e))
		return cli_fail(&e);
	medals_print(items, n, year, json);
	free(items);
	return 0;
}

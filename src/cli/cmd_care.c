/* cmd_care.c - `bangfu care …`: care beyond money (关怀帮扶, issue #12)
 * from the command line, as the department's administrator at the root
 * (the command line's actor): the political birthdays of some days, the
 * 光荣在党50年 nomination list and the help plans with their progress.
 * Every rule is the core's (care.h). */
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

/* One plan as a JSON object (the API's names). */
static void plan_json(struct strbuf *sb, const struct help_plan *p)
{
	strbuf_addf(sb,
		    "{\"id\":%" PRId64 ",\"year\":%d,\"member_id\":%" PRId64 ",\"member_name\":\"",
		    p->id, p->year, p->member_id);
	strbuf_add_json_str(sb, p->member_name);
	strbuf_addf(sb, "\",\"org_id\":%" PRId64 ",\"org_name\":\"", p->org_id);
	strbuf_add_json_str(sb, p->org_name);
	strbuf_adds(sb, "\",\"goal\":\"");
	strbuf_add_json_str(sb, p->goal);
	strbuf_addf(sb,
		    "\",\"measures\":%d,\"done\":%d,\"dropped\":%d,\"overdue\":%d,"
		    "\"next_due_on\":\"%s\"}",
		    p->measures, p->done, p->dropped, p->overdue, p->next_due_on);
}

int cmd_care_plans(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
					     {"org", required_argument, NULL, 'o'},
					     {"overdue", no_argument, NULL, 'd'},
					     {"json", no_argument, NULL, 'j'},
					     {NULL, 0, NULL, 0}};
	struct help_plan_query q = {.limit = 100000};
	const char *org = NULL;
	int json = 0, c;
	int64_t org_id = 0, total = 0;
	char *end;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			q.year = (int)strtol(optarg, &end, 10);
			if (*end || q.year < 2000 || q.year > 2100)
				return cli_usage("care plans");
			break;
		case 'o':
			org = optarg;
			break;
		case 'd':
			q.overdue = 1;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cli_usage("care plans");
		}
	}
	if (optind != argc)
		return cli_usage("care plans");
	if (cli_open(cli, 0))
		return 1;
	if (org) {
		struct org o;
		if (org_get_by_code(&cli->core, &cli->actor, org, &o, &e))
			return cli_fail(&e);
		org_id = o.id;
	}
	struct help_plan *items = NULL;
	size_t n = 0;
	if (help_plan_list(&cli->core, &cli->actor, org_id, &q, &items, &n, &total, &e))
		return cli_fail(&e);
	struct strbuf sb = STRBUF_INIT;
	if (json) {
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(&sb, ',');
			plan_json(&sb, &items[i]);
		}
		strbuf_adds(&sb, "]\n");
		fwrite(sb.buf, 1, sb.len, stdout);
	} else {
		printf("帮扶计划共 %zu 份\n", n);
		printf("年度\t帮扶对象\t党组织\t已完成/措施\t逾期\t最近期限\n");
		for (size_t i = 0; i < n; i++) {
			const struct help_plan *p = &items[i];
			printf("%d\t%s\t%s\t%d/%d\t%d\t%s\n", p->year, p->member_name, p->org_name,
			       p->done, p->measures - p->dropped, p->overdue,
			       p->next_due_on[0] ? p->next_due_on : "—");
		}
	}
	strbuf_release(&sb);
	free(items);
	return 0;
}

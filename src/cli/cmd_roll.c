/* cmd_roll.c - `bangfu roll …`: the hardship roll (困难党员台账, issue #11)
 * from the command line, as the department's administrator at the root
 * (the command line's actor): the list of an organisation now or as of a
 * day, one entry with its history, registration, confirmation and refusal,
 * exit.  Every rule is the core's (cases.h, "the hardship roll"). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "cli.h"
#include "date.h"
#include "money.h"
#include "strbuf.h"
#include "wrapper.h"

static int org_of(struct cli *cli, const char *code, int64_t *id, struct bf_err *e)
{
	struct org o;
	if (!code)
		return 0;
	if (org_get_by_code(&cli->core, &cli->actor, code, &o, e))
		return -1;
	*id = o.id;
	return 0;
}

/* A day as people type it into out (YYYY-MM-DD); -1 when it is not one. */
static int date_parse_loose(const char *s, char out[CASE_DATE_LEN])
{
	struct ymd d;
	struct bf_err e;
	int has_day = 0;
	if (date_parse(s, &d, &has_day, "as_of", "日期", &e) || !has_day)
		return -1;
	date_format(d, out);
	return 0;
}

static void money_text(int64_t fen, char out[MONEY_TEXT_MAX])
{
	if (fen < 0)
		snprintf(out, MONEY_TEXT_MAX, "未知");
	else
		money_format(fen, out);
}

static void causes_text(const struct policy_codes *s, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < s->n; i++)
		strbuf_addf(out, "%s%s", i ? "," : "", s->code[i]);
}

static void print_json_entry(const struct roll_entry *x, struct strbuf *sb)
{
	struct strbuf c = STRBUF_INIT;
	causes_text(&x->causes, &c);
	strbuf_addf(sb, "{\"id\":%" PRId64 ",\"member_id\":%" PRId64 ",\"member_name\":\"", x->id,
		    x->member_id);
	strbuf_add_json_str(sb, x->member_name);
	strbuf_addf(sb, "\",\"org_id\":%" PRId64 ",\"org_name\":\"", x->org_id);
	strbuf_add_json_str(sb, x->org_name);
	strbuf_addf(
	    sb,
	    "\",\"status\":\"%s\",\"source\":\"%s\",\"since_on\":\"%s\",\"until_on\":%s%s%s,"
	    "\"category\":\"%s\",\"tier\":\"%s\",\"causes\":\"%s\",\"household_size\":%d,"
	    "\"income_fen\":%" PRId64 ",\"relapse_of\":%" PRId64 ",\"case_id\":%" PRId64 "}",
	    x->status, x->source, x->since_on, x->until_on[0] ? "\"" : "",
	    x->until_on[0] ? x->until_on : "null", x->until_on[0] ? "\"" : "", x->category, x->tier,
	    c.buf, x->household_size, x->income_fen, x->relapse_of, x->case_id);
	strbuf_release(&c);
}

int cmd_roll_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"org", required_argument, NULL, 'o'},
					     {"as-of", required_argument, NULL, 'a'},
					     {"view", required_argument, NULL, 'v'},
					     {"category", required_argument, NULL, 'c'},
					     {"tier", required_argument, NULL, 't'},
					     {"cause", required_argument, NULL, 'u'},
					     {"limit", required_argument, NULL, 'l'},
					     {"json", no_argument, NULL, 'j'},
					     {NULL, 0, NULL, 0}};
	struct roll_query q;
	const char *org = NULL, *view = NULL;
	char as_of[CASE_DATE_LEN] = "";
	int64_t org_id = 0, limit = 200, total = 0;
	int json = 0, c;
	struct bf_err e;
	memset(&q, 0, sizeof(q));
	q.income_min = q.income_max = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			org = optarg;
			break;
		case 'a':
			if (date_parse_loose(optarg, as_of))
				return cli_usage("roll list");
			break;
		case 'v':
			view = optarg;
			break;
		case 'c':
			q.category = optarg;
			break;
		case 't':
			q.tier = optarg;
			break;
		case 'u':
			q.cause = optarg;
			break;
		case 'l':
			if (cli_parse_id(optarg, &limit) || limit > 100000)
				return cli_usage("roll list");
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cli_usage("roll list");
		}
	}
	if (optind != argc)
		return cli_usage("roll list");
	static const struct {
		const char *code;
		enum roll_view v;
	} views[] = {{"current", ROLL_VIEW_CURRENT},
		     {"pending", ROLL_VIEW_PENDING},
		     {"exited", ROLL_VIEW_EXITED},
		     {"all", ROLL_VIEW_ALL}};
	q.view = ROLL_VIEW_CURRENT;
	if (view) {
		size_t i = 0;
		while (i < 4 && strcmp(views[i].code, view))
			i++;
		if (i == 4 || as_of[0])
			return cli_usage("roll list");
		q.view = views[i].v;
	}
	if (as_of[0]) {
		q.view = ROLL_VIEW_AS_OF;
		q.as_of = as_of;
	}
	q.limit = (int)limit;
	if (cli_open(cli, 1))
		return 1;
	struct roll_entry *items = NULL;
	size_t n = 0;
	if (org_of(cli, org, &org_id, &e) ||
	    roll_list(&cli->core, &cli->actor, org_id, &q, &items, &n, &total, &e))
		return cli_fail(&e);
	struct strbuf sb = STRBUF_INIT, cs = STRBUF_INIT;
	if (json) {
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(&sb, ',');
			print_json_entry(&items[i], &sb);
		}
		strbuf_adds(&sb, "]\n");
		fwrite(sb.buf, 1, sb.len, stdout);
	} else {
		printf("%s共 %" PRId64 " 条%s\n", as_of[0] ? as_of : "", total,
		       (size_t)total > n ? "（只列出前面部分，用 --limit 调整）" : "");
		printf("编号\t姓名\t党组织\t状态\t纳入日期\t脱困日期\t类别\t档次\t致困原因\t"
		       "人均年纯收入（元）\n");
		for (size_t i = 0; i < n; i++) {
			const struct roll_entry *x = &items[i];
			char m[MONEY_TEXT_MAX];
			money_text(x->income_fen, m);
			causes_text(&x->causes, &cs);
			printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x->id,
			       x->member_name, x->org_name, roll_status_label(x->status),
			       x->since_on, x->until_on[0] ? x->until_on : "-",
			       roll_category_label(x->category), roll_tier_label(x->tier),
			       cs.len ? cs.buf : "-", m);
		}
	}
	strbuf_release(&sb);
	strbuf_release(&cs);
	free(items);
	return 0;
}

/* A history value as people read it: labels for codes, "-" for none. */
static const char *value_label(const char *field, const char *v)
{
	const char *l = "";
	if (!strcmp(field, "status"))
		l = roll_status_label(v);
	else if (!strcmp(field, "category"))
		l = roll_category_label(v);
	else if (!strcmp(field, "tier"))
		l = roll_tier_label(v);
	return *l ? l : *v ? v : "-";
}

int cmd_roll_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"as-of", required_argument, NULL, 'a'},
					     {NULL, 0, NULL, 0}};
	char as_of[CASE_DATE_LEN] = "";
	int64_t id;
	int c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a' && !date_parse_loose(optarg, as_of))
			continue;
		return cli_usage("roll show");
	}
	if (optind + 1 != argc || cli_parse_id(argv[optind], &id))
		return cli_usage("roll show");
	if (cli_open(cli, 1))
		return 1;
	struct roll_entry *x = xcalloc(1, sizeof(*x));
	struct roll_change *h = NULL;
	size_t n = 0;
	if (roll_get(&cli->core, &cli->actor, id, as_of, x, &e) ||
	    roll_history(&cli->core, &cli->actor, id, &h, &n, &e)) {
		free(x);
		return cli_fail(&e);
	}
	char m[MONEY_TEXT_MAX];
	struct strbuf cs = STRBUF_INIT;
	money_text(x->income_fen, m);
	causes_text(&x->causes, &cs);
	printf("台账记录 %" PRId64 "%s%s\n", x->id, as_of[0] ? "，截至 " : "", as_of);
	printf("  党员：%s（编号 %" PRId64 "）\n  党组织：%s\n  状态：%s\n  来源：%s\n",
	       x->member_name, x->member_id, x->org_name, roll_status_label(x->status),
	       roll_source_label(x->source));
	printf("  纳入日期：%s\n  脱困日期：%s\n", x->since_on, x->until_on[0] ? x->until_on : "-");
	if (x->relapse_of)
		printf("  返贫，前一时段：%" PRId64 "\n", x->relapse_of);
	printf("  类别：%s\n  档次：%s\n  致困原因：%s\n  家庭结构：%s\n  家庭人口：%d\n"
	       "  人均年纯收入：%s 元\n  收入来源：%s\n  享受其他补贴：%s\n  思想动态：%s\n"
	       "  急需何种帮助：%s\n",
	       roll_category_label(x->category), roll_tier_label(x->tier), cs.buf, x->household,
	       x->household_size, m, x->income_sources, x->subsidies, x->state_of_mind, x->needs);
	if (x->exit_on[0])
		printf("  脱困：%s，%s%s%s\n", x->exit_on, roll_exit_reason_label(x->exit_reason),
		       x->exit_note[0] ? "，" : "", x->exit_note);
	printf("变动记录：\n");
	for (size_t i = 0; i < n; i++) {
		printf("  %s  %s  %s", h[i].effective_on, h[i].username, h[i].action);
		if (h[i].field[0])
			printf("  %s：%s → %s", roll_field_label(h[i].field),
			       value_label(h[i].field, h[i].old_value),
			       value_label(h[i].field, h[i].new_value));
		if (h[i].reason[0])
			printf("（%s）", h[i].reason);
		putchar('\n');
	}
	strbuf_release(&cs);
	free(h);
	free(x);
	return 0;
}

int cmd_roll_exit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"on", required_argument, NULL, 'o'},
					     {"reason", required_argument, NULL, 'r'},
					     {"note", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	const char *on = NULL, *reason = NULL, *note = "";
	int64_t id;
	int c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			on = optarg;
		else if (c == 'r')
			reason = optarg;
		else if (c == 'n')
			note = optarg;
		else
			return cli_usage("roll exit");
	}
	if (optind + 1 != argc || cli_parse_id(argv[optind], &id) || !on || !reason)
		return cli_usage("roll exit");
	if (cli_open(cli, 1))
		return 1;
	struct roll_why w = {.reason = ""};
	if (roll_exit(&cli->core, &cli->actor, id, on, reason, note, &w, &e))
		return cli_fail(&e);
	printf("台账记录 %" PRId64 " 已脱困（%s）\n", id, on);
	return 0;
}

static int confirm_or_reject(struct cli *cli, int argc, char **argv, int confirm)
{
	static const struct option opts[] = {{"reason", required_argument, NULL, 'r'},
					     {NULL, 0, NULL, 0}};
	const char *name = confirm ? "roll confirm" : "roll reject";
	const char *reason = "";
	int64_t id;
	int c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			reason = optarg;
		else
			return cli_usage(name);
	}
	if (optind + 1 != argc || cli_parse_id(argv[optind], &id))
		return cli_usage(name);
	if (cli_open(cli, 1))
		return 1;
	struct roll_why w = {.reason = reason};
	if (confirm ? roll_confirm(&cli->core, &cli->actor, id, &w, &e)
		    : roll_reject(&cli->core, &cli->actor, id, &w, &e))
		return cli_fail(&e);
	printf("台账记录 %" PRId64 " %s\n", id, confirm ? "已确认" : "已退回");
	return 0;
}

int cmd_roll_confirm(struct cli *cli, int argc, char **argv)
{
	return confirm_or_reject(cli, argc, argv, 1);
}

int cmd_roll_reject(struct cli *cli, int argc, char **argv)
{
	return confirm_or_reject(cli, argc, argv, 0);
}

int cmd_roll_register(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"member", required_argument, NULL, 'm'},
					     {"since", required_argument, NULL, 's'},
					     {"category", required_argument, NULL, 'c'},
					     {"tier", required_argument, NULL, 't'},
					     {"causes", required_argument, NULL, 'u'},
					     {"income-fen", required_argument, NULL, 'i'},
					     {"needs", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	struct roll_entry *in = xcalloc(1, sizeof(*in)), *out = xcalloc(1, sizeof(*out));
	int64_t v;
	int c, rc = 2;
	struct bf_err e;
	in->income_fen = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (cli_parse_id(optarg, &in->member_id))
				goto usage;
			break;
		case 's':
			snprintf(in->since_on, sizeof(in->since_on), "%s", optarg);
			break;
		case 'c':
			snprintf(in->category, sizeof(in->category), "%s", optarg);
			break;
		case 't':
			snprintf(in->tier, sizeof(in->tier), "%s", optarg);
			break;
		case 'u': {
			char *s = xstrdup(optarg), *p = s;
			while (p && *p) {
				char *comma = strchr(p, ',');
				if (comma)
					*comma = '\0';
				if (*p && policy_codes_add(&in->causes, p)) {
					free(s);
					goto usage;
				}
				p = comma ? comma + 1 : NULL;
			}
			free(s);
			break;
		}
		case 'i':
			if (!strcmp(optarg, "0"))
				v = 0;
			else if (cli_parse_id(optarg, &v))
				goto usage;
			in->income_fen = v;
			break;
		case 'n':
			snprintf(in->needs, sizeof(in->needs), "%s", optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || !in->member_id)
		goto usage;
	rc = 1;
	if (cli_open(cli, 1))
		goto out;
	if (roll_register(&cli->core, &cli->actor, in, out, &e)) {
		cli_fail(&e);
		goto out;
	}
	printf("已登记台账记录 %" PRId64 "（%s，%s）\n", out->id, out->member_name,
	       roll_status_label(out->status));
	rc = 0;
	goto out;
usage:
	rc = cli_usage("roll register");
out:
	free(in);
	free(out);
	return rc;
}

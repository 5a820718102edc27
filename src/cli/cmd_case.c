/* cmd_case.c - the aid procedure from the command line: `bangfu doc`
 * prints a case's, a notice's or a payment batch's document as PDF (documents.h, the same
 * filling as the HTTP API), `bangfu policy show|set` reads and saves the
 * policy versions (cases.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cases.h"
#include "cli.h"
#include "documents.h"

/* Which id a document takes: *kind and *id from the options given, or
 * the message for a wrong combination. */
static const char *doc_target(enum doc_kind *kind, int64_t case_id, int64_t notice_id,
			      int64_t batch_id, int64_t *id)
{
	int given = !!case_id + !!notice_id + !!batch_id;
	if (*kind == DOC_SIGNOFF) {
		*id = batch_id;
		return given == 1 && batch_id ? NULL
					      : "发放签收表请用 --batch 指定资金拨付批次编号";
	}
	if (*kind == DOC_NOTICE || (*kind == DOC_NOTICE_REPORT && !case_id)) {
		*id = notice_id;
		return given == 1 && notice_id ? NULL
					       : "公示和公示结果报告请用 --notice 指定公示编号";
	}
	if (*kind == DOC_NOTICE_REPORT)
		*kind = DOC_CASE_NOTICE_REPORT;
	*id = case_id;
	return given == 1 && case_id ? NULL : "申请表和登记表请用 --case 指定档案编号";
}

int cmd_doc(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"case", required_argument, NULL, 'c'},  {"notice", required_argument, NULL, 'n'},
	    {"batch", required_argument, NULL, 'b'}, {"out", required_argument, NULL, 'o'},
	    {"reveal", no_argument, NULL, 'r'},	     {NULL, 0, NULL, 0}};
	int64_t case_id = 0, notice_id = 0, batch_id = 0, id = 0;
	const char *out = NULL;
	int reveal = 0, c;
	enum doc_kind kind;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c' && !cli_parse_id(optarg, &case_id))
			continue;
		else if (c == 'n' && !cli_parse_id(optarg, &notice_id))
			continue;
		else if (c == 'b' && !cli_parse_id(optarg, &batch_id))
			continue;
		else if (c == 'o')
			out = optarg;
		else if (c == 'r')
			reveal = 1;
		else
			return cli_usage("doc");
	}
	if (optind != argc - 1 || !out || !*out || doc_kind_parse(argv[optind], &kind))
		return cli_usage("doc");
	/* a case's documents take --case, the notice's --notice, a batch's --batch */
	const char *wrong = doc_target(&kind, case_id, notice_id, batch_id, &id);
	if (wrong) {
		fprintf(stderr, "错误：%s\n", wrong);
		return 2;
	}
	if (cli_open(cli, 1))
		return 1;
	if (doc_write(&cli->core, &cli->actor, kind, id, reveal, out, NULL, &e))
		return cli_fail(&e);
	printf("已生成 %s\n", out);
	return 0;
}

int cmd_policy_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"version", required_argument, NULL, 'v'},
					     {"date", required_argument, NULL, 'd'},
					     {NULL, 0, NULL, 0}};
	int64_t version = 0;
	const char *date = NULL;
	const struct policy *p;
	struct bf_err e;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'v' && !cli_parse_id(optarg, &version) && version < 1000000)
			continue;
		else if (c == 'd')
			date = optarg;
		else
			return cli_usage("policy show");
	}
	if (optind != argc || (version && date))
		return cli_usage("policy show");
	if (cli_open(cli, 0))
		return 1;
	if (version ? case_policy_get(&cli->core, (int)version, &p, &e)
		    : case_policy_in_force(&cli->core, date, &p, &e))
		return cli_fail(&e);
	struct strbuf sb = STRBUF_INIT;
	policy_to_json(p, &sb);
	fwrite(sb.buf, 1, sb.len, stdout);
	if (!sb.len || sb.buf[sb.len - 1] != '\n')
		putchar('\n');
	strbuf_release(&sb);
	return 0;
}

/* The file's JSON with effective_from set, as text (malloc'd). */
static char *document_with_date(const char *path, const char *effective, struct bf_err *e)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		err_set(e, EC_BAD_JSON, "file", "无法读取 %s：%s（第 %d 行）", path, jerr.text,
			jerr.line);
		return NULL;
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		err_set(e, EC_BAD_JSON, "file", "%s 应为一个 JSON 对象", path);
		return NULL;
	}
	if (effective)
		json_object_set_new(doc, "effective_from", json_string(effective));
	char *text = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	if (!text)
		err_set(e, EC_INVALID, "file", "%s 含有无法识别的字符", path);
	return text;
}

int cmd_policy_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"effective", required_argument, NULL, 'e'},
					     {"note", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	const char *effective = NULL, *note = NULL;
	char defnote[300];
	int version = 0, c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			effective = optarg;
		else if (c == 'n')
			note = optarg;
		else
			return cli_usage("policy set");
	}
	if (optind != argc - 1 || !effective)
		return cli_usage("policy set");
	if (!note) {
		snprintf(defnote, sizeof(defnote), "由命令行从 %s 导入", argv[optind]);
		note = defnote;
	}
	if (cli_open(cli, 1))
		return 1;
	char *text = document_with_date(argv[optind], effective, &e);
	if (!text)
		return cli_fail(&e);
	int rc = case_policy_save(&cli->core, &cli->actor, text, strlen(text), note, &version, &e);
	free(text);
	if (rc && e.field[0]) { /* a policy error names its JSON path */
		fprintf(stderr, "错误：%s（%s）\n", e.message[0] ? e.message : ec_message(e.code),
			e.field);
		return 1;
	}
	if (rc)
		return cli_fail(&e);
	printf("已保存第 %d 版帮扶政策，自 %s 起施行。\n", version, effective);
	return 0;
}

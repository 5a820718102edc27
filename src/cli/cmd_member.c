/* cmd_member.c - member import and export from the command line, with a
 * progress bar on a terminal and the rejected rows written as CSV; the roll
 * import (bangfu roll import) shares the reporting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "care_docs.h"
#include "cli.h"
#include "csv.h"
#include "io.h"

struct reject_out {
	FILE *csv;	 /* --errors, or NULL */
	long long shown; /* lines printed to stderr */
	int tty;
};

static void clear_progress_line(int tty)
{
	if (tty)
		fputs("\r\033[K", stderr);
}

static void on_reject(long line, const char *column, const char *reason, char *const *fields,
		      size_t nfields, void *ctx)
{
	struct reject_out *r = ctx;
	if (r->csv) {
		struct strbuf sb = STRBUF_INIT;
		char num[24];
		snprintf(num, sizeof(num), "%ld", line);
		csv_add_field(&sb, num, 1);
		csv_add_field(&sb, column, 0);
		csv_add_field(&sb, reason, 0);
		for (size_t i = 0; i < nfields; i++)
			csv_add_field(&sb, fields[i], 0);
		strbuf_adds(&sb, "\r\n");
		fwrite(sb.buf, 1, sb.len, r->csv);
		strbuf_release(&sb);
	}
	if (!r->csv || r->shown < 20) {
		clear_progress_line(r->tty);
		if (column && *column)
			fprintf(stderr, "第 %ld 行，%s：%s\n", line, column, reason);
		else
			fprintf(stderr, "第 %ld 行：%s\n", line, reason);
	}
	r->shown++;
}

struct progress {
	int tty;
	struct timespec last;
};

static void on_progress(long long done, long long total, void *ctx)
{
	struct progress *p = ctx;
	struct timespec now;
	if (!p->tty || total <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000;
	if (ms < 200 && done < total)
		return;
	p->last = now;
	int pct = (int)(done * 100 / total), bar = pct * 30 / 100;
	fprintf(stderr, "\r导入中 [%.*s%*s] %3d%%", bar, "##############################", 30 - bar,
		"", pct);
	fflush(stderr);
}

static FILE *open_errors_file(const char *path, const char *const *columns)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs("\xEF\xBB\xBF行号,错误列,原因,", f);
	for (size_t i = 0; columns[i]; i++)
		fprintf(f, "%s%s", i ? "," : "", columns[i]);
	fputs("\r\n", f);
	return f;
}

/* member import and roll import: the same options and reports */
static int run_import(struct cli *cli, int argc, char **argv, int roll)
{
	const char *name = roll ? "roll import" : "member import";
	static const struct option opts[] = {{"skip-invalid", no_argument, NULL, 's'},
					     {"errors", required_argument, NULL, 'e'},
					     {NULL, 0, NULL, 0}};
	int skip = 0, c;
	const char *errors = NULL;
	struct reject_out rej = {.tty = isatty(2)};
	struct progress prog = {.tty = isatty(2)};
	struct import_result res;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			skip = 1;
		else if (c == 'e')
			errors = optarg;
		else
			return cli_usage(name);
	}
	if (optind != argc - 1)
		return cli_usage(name);
	if (cli_open(cli, 1))
		return 1;
	if (errors &&
	    !(rej.csv = open_errors_file(errors, roll ? io_roll_columns : io_member_columns))) {
		fprintf(stderr, "错误：无法写入 %s\n", errors);
		return 1;
	}
	int rc = (roll ? io_roll_import : io_member_import)(&cli->core, &cli->actor, argv[optind],
							    skip, on_reject, &rej, on_progress,
							    &prog, &res, &e);
	clear_progress_line(prog.tty);
	if (rej.csv)
		fclose(rej.csv);
	if (rc)
		return cli_fail(&e);
	if (!res.committed) {
		fprintf(stderr,
			"有 %lld 行错误，未导入任何%s（可改正后重新导入，或加 --skip-invalid "
			"只导入正确的行）\n",
			res.rejected, roll ? "台账记录" : "党员");
		printf("导入 0 行，错误 %lld 行\n", res.rejected);
		return 1;
	}
	if (rej.csv && res.rejected)
		fprintf(stderr, "错误行及原因已写入 %s\n", errors);
	printf("导入 %lld 行，错误 %lld 行\n", res.imported, res.rejected);
	return 0;
}

int cmd_member_import(struct cli *cli, int argc, char **argv)
{
	return run_import(cli, argc, argv, 0);
}

int cmd_roll_import(struct cli *cli, int argc, char **argv)
{
	return run_import(cli, argc, argv, 1);
}

/* The workbook: written beside out and renamed, so a failure leaves none. */
static int export_xlsx(struct cli *cli, const char *org, const char *out, int reveal,
		       long long *rows, struct bf_err *e)
{
	struct member_filter f = {0};
	struct org o;
	char tmp[4096];
	if (org) {
		if (org_get_by_code(&cli->core, &cli->actor, org, &o, e))
			return -1;
		f.org_id = o.id;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%d", out, (int)getpid()) >= (int)sizeof(tmp))
		return err_set(e, EC_INVALID, "out", "输出路径过长");
	if (io_member_xlsx(&cli->core, &cli->actor, &f, reveal, "cli", tmp, NULL, rows, e))
		return -1;
	if (rename(tmp, out)) {
		remove(tmp);
		return err_set(e, EC_INVALID, "out", "无法写入文件 %s", out);
	}
	return 0;
}

static int export_csv(struct cli *cli, const char *org, const char *out, int reveal,
		      long long *rows, struct bf_err *e)
{
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f)
		return err_set(e, EC_INVALID, "out", "无法写入 %s", out);
	int rc = io_member_export(&cli->core, &cli->actor, org, reveal, f, rows, e);
	if (out && fclose(f) && !rc)
		rc = err_set(e, EC_INTERNAL, NULL, "写入 %s 失败", out);
	if (rc && out)
		remove(out); /* no half-written export left behind */
	return rc;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && !strcmp(s + n - k, tail);
}

int cmd_member_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"org", required_argument, NULL, 'o'},
					     {"out", required_argument, NULL, 'f'},
					     {"format", required_argument, NULL, 'F'},
					     {"reveal", no_argument, NULL, 'r'},
					     {NULL, 0, NULL, 0}};
	const char *org = NULL, *out = NULL, *format = NULL;
	int reveal = 0, c;
	long long rows = 0;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			org = optarg;
		else if (c == 'f')
			out = optarg;
		else if (c == 'F')
			format = optarg;
		else if (c == 'r')
			reveal = 1;
		else
			return cli_usage("member export");
	}
	if (optind != argc)
		return cli_usage("member export");
	if (!format)
		format = out && ends_with(out, ".xlsx") ? "xlsx" : "csv";
	int xlsx = !strcmp(format, "xlsx");
	if (!xlsx && strcmp(format, "csv")) {
		fprintf(stderr, "错误：--format 只能是 csv 或 xlsx\n");
		return 2;
	}
	if (xlsx && !out) {
		fprintf(stderr, "错误：导出 Excel 须用 --out 指定文件\n");
		return 2;
	}
	if (cli_open(cli, 1))
		return 1;
	if (xlsx ? export_xlsx(cli, org, out, reveal, &rows, &e)
		 : export_csv(cli, org, out, reveal, &rows, &e))
		return cli_fail(&e);
	fprintf(stderr, "已导出 %lld 名党员%s\n", rows,
		reveal ? "（含完整身份证号码和联系电话，已记入审计日志）" : "");
	return 0;
}

/* bangfu member file ID --out F.pdf: 一人一档, the member's whole file as the
 * console prints it (masked ID and phone; audited member_file). */
int cmd_member_file(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
					     {NULL, 0, NULL, 0}};
	const char *out = NULL;
	int64_t id = 0;
	int c;
	struct bf_err e;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else
			return cli_usage("member file");
	}
	if (optind != argc - 1 || cli_parse_id(argv[optind], &id) || !out || !*out)
		return cli_usage("member file");
	if (cli_open(cli, 1))
		return 1;
	if (member_file_write(&cli->core, &cli->actor, id, out, NULL, &e))
		return cli_fail(&e);
	printf("已生成 %s\n", out);
	return 0;
}

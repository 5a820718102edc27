/* test_pdf.c - the printed documents: the 大写 of amounts against the
 * rules for cheques, then each document rendered into a temporary directory
 * and read back with poppler's pdftotext/pdfinfo (the member's name, the
 * masked ID, the title, the amounts in 大写, every name and the period of a
 * notice, the page count), and the all-or-nothing writing.
 * BANGFU_PDF_OUT=dir keeps the PDFs there for looking at. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <dlfcn.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include "pdf.h"
#include "strbuf.h"

static char dir[256];

/* Full stacks for LeakSanitizer: cairo is built without frame pointers, so
 * the fast unwinder stops at its first frame and the suppression below
 * could not see which call a leak came from. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

/* cairo 1.16 (Debian 12) loses about 1.5 KiB in cairo_surface_finish()
 * while it embeds the CFF subsets of Noto CJK in each PDF (seen by
 * LeakSanitizer as direct leaks inside libcairo, every stack through
 * cairo_surface_finish).  Suppressed by that frame only, so a surface or
 * context this code forgets to free is still reported.  Read by LSan. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:cairo_surface_finish\n";
}

/* --- 大写 --- */

static void capital(int64_t fen, const char *want)
{
	char out[PDF_CAPITAL_MAX];
	if (pdf_amount_capital(fen, out) != 0)
		fail_msg("%lld fen refused", (long long)fen);
	if (strcmp(out, want) != 0)
		fail_msg("%lld fen: \"%s\", want \"%s\"", (long long)fen, out, want);
}

static void test_capital_small(void **state)
{
	capital(0, "零元整");
	capital(5, "伍分");
	capital(50, "伍角整");
	capital(11, "壹角壹分");
	capital(100, "壹元整");
	capital(101, "壹元零壹分");
	capital(1000, "壹拾元整");
	capital(1010, "壹拾元零壹角整");
	capital(1600, "壹拾陆元整");
	capital(10000, "壹佰元整");
	capital(11000, "壹佰壹拾元整");
	capital(60000, "陆佰元整");
	capital(32504, "叁佰贰拾伍元零肆分");
}

static void test_capital_thousands(void **state)
{
	capital(100050, "壹仟元零伍角整");
	capital(101000, "壹仟零壹拾元整");
	capital(140950, "壹仟肆佰零玖元伍角整");
	capital(150000, "壹仟伍佰元整");
	capital(168032, "壹仟陆佰捌拾元零叁角贰分");
	capital(300000, "叁仟元整");
	capital(600700, "陆仟零柒元整");
	capital(600714, "陆仟零柒元壹角肆分");
	capital(1000500, "壹万零伍元整");
	capital(1640902, "壹万陆仟肆佰零玖元零贰分");
	capital(10000000, "壹拾万元整");
	capital(10700053, "壹拾万柒仟元零伍角叁分");
	capital(10000500, "壹拾万零伍元整");
}

static void test_capital_large(void **state)
{
	capital(100000001, "壹佰万元零壹分");
	capital(100000000, "壹佰万元整");
	capital(10000000000LL, "壹亿元整");
	capital(10001000000LL, "壹亿零壹万元整");
	capital(10000100000LL, "壹亿零壹仟元整");
	capital(20100000000LL, "贰亿零壹佰万元整");
	capital(10100000000LL, "壹亿零壹佰万元整");
	capital(11000000000LL, "壹亿壹仟万元整");
	capital(99999999999999LL, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
}

static void test_capital_refused(void **state)
{
	char out[PDF_CAPITAL_MAX] = "x";
	assert_int_equal(pdf_amount_capital(-1, out), -1);
	assert_string_equal(out, "");
	assert_int_equal(pdf_amount_capital(100000000000000LL, out), -1);
	assert_int_equal(pdf_amount_capital(INT64_MAX, out), -1);
}

/* --- rendering and reading back --- */

static void path_of(const char *name, char out[512])
{
	snprintf(out, 512, "%s/%s", dir, name);
}

/* The output of a command, as one string (caller frees). */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(&sb, buf, n);
	int rc = pclose(p);
	if (rc != 0)
		fail_msg("%s: exit %d", cmd, rc);
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb);
}

/* pdftotext -layout of pages first..last (0: all). */
static char *text_of(const char *pdf, int first, int last)
{
	char cmd[2200];
	if (first)
		snprintf(cmd, sizeof(cmd), "pdftotext -q -layout -f %d -l %d '%s' -", first, last,
			 pdf);
	else
		snprintf(cmd, sizeof(cmd), "pdftotext -q -layout '%s' -", pdf);
	return run(cmd);
}

/* pdftotext in reading order (a cell's lines together), every space and
 * line break taken out: for counting text that wraps across lines. */
static char *flat_text_of(const char *pdf)
{
	char cmd[2200];
	snprintf(cmd, sizeof(cmd), "pdftotext -q '%s' - | tr -d ' \\n'", pdf);
	return run(cmd);
}

static int pages_of(const char *pdf)
{
	char cmd[2200];
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", pdf);
	char *info = run(cmd);
	char *p = strstr(info, "Pages:");
	assert_non_null(p);
	int n = (int)strtol(p + 6, NULL, 10);
	free(info);
	return n;
}

static void has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("\"%s\" not found in:\n%s", want, text);
}

/* want in the text with every space and line break taken out: for
 * paragraphs, whose lines break wherever the width ends */
static void has_flat(const char *text, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = text; *p; p++)
		if (*p != ' ' && *p != '\n')
			strbuf_addch(&sb, *p);
	if (!strstr(sb.buf, want))
		fail_msg("\"%s\" not found in:\n%s", want, sb.buf);
	strbuf_release(&sb);
}

static int count(const char *text, const char *want)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, want)); p += strlen(want))
		n++;
	return n;
}

static void render_ok(int rc, const struct bf_err *e)
{
	if (rc != 0)
		fail_msg("render failed: %s", e->message);
}

static const char *situation =
    "本人今年七十二岁，老伴常年卧病在床，需长期服药治疗，每年医药费支出约八千元。"
    "儿子在外务工收入微薄，家中仅有承包地二亩，年收入不足四千元，生活十分困难。";

static struct pdf_person person(const char *name)
{
	return (struct pdf_person){
	    .name = name,
	    .gender = "男",
	    .ethnicity = "汉族",
	    .joined_on = "1975-07-01",
	    .birth_date = "1950-03-12",
	    .household_type = "农业",
	    .household_size = 3,
	    .phone = "138****5678",
	    .address = "城关镇东风村三组 18 号",
	    .id_number = "110101********123X",
	    .income_sources = "种植玉米二亩，年收入约 3,600 元；儿子务工补贴家用约 2,000 元",
	    .other_subsidies = "农村低保 每月 320 元",
	    .education = "初中",
	    .member_type = "普通党员",
	};
}

static void test_yearly(void **state)
{
	struct pdf_application a = {
	    .kind = PDF_YEARLY,
	    .date = "2024-12-05",
	    .person = person("王建国"),
	    .situation = situation,
	    .branch_name = "东风村党支部",
	    .branch_opinion = "经调查属实，党员大会民主评议通过，同意上报。",
	    .branch_date = "2024-12-06",
	    .committee_name = "城关镇党委",
	    .committee_opinion = "情况属实，同意。",
	    .department_name = "历城区委组织部",
	    .approved_fen = 60000,
	};
	char pdf[512];
	path_of("yearly.pdf", pdf);
	struct bf_err e;
	render_ok(pdf_application(&a, pdf, &e), &e);
	char *t = text_of(pdf, 0, 0);
	has(t, "困难党员帮扶救助申请表");
	has(t, "王建国");
	has(t, "110101********123X");
	has(t, "138****5678");
	has(t, "1950年3月");
	has(t, "1975年7月");
	has(t, "2024年12月5日");
	has(t, "600.00 元（人民币陆佰元整）");
	has(t, "享受其他补贴");
	has(t, "发放帮扶金金额");
	has(t, "注：本表一式两份，区委组织部审核存档一份，各党（工）委建档一份。");
	free(t);
	assert_int_equal(pages_of(pdf), 1);
}

static void test_emergency(void **state)
{
	struct pdf_application a = {
	    .kind = PDF_EMERGENCY,
	    .date = "2024-07-18",
	    .person = person("李秀英"),
	    .situation =
		"2024年7月15日夜间暴雨，房屋后墙倒塌，家中粮食和农具损毁，本人右腿骨折住院。",
	    .branch_name = "红旗村党支部",
	    .branch_opinion = "情况属实，建议救助。",
	    .branch_fen = 150000,
	    .committee_name = "青山镇党委",
	    .committee_fen = 200000,
	    .department_name = "历城区委组织部",
	    .approved_fen = 200000,
	};
	a.person.gender = "女";
	char pdf[512];
	path_of("emergency.pdf", pdf);
	struct bf_err e;
	render_ok(pdf_application(&a, pdf, &e), &e);
	char *t = text_of(pdf, 0, 0);
	has(t, "遭受突发事故党员救助申请表");
	has(t, "李秀英");
	has(t, "110101********123X");
	has(t, "突发意外损失");
	has(t, "1,500.00 元");
	has(t, "人民币壹仟伍佰元整");
	has(t, "人民币贰仟元整");
	has(t, "区委组织部批复");
	if (strstr(t, "享受其他补贴")) /* not on 附件2 */
		fail_msg("emergency form has the subsidies row");
	free(t);
	assert_int_equal(pages_of(pdf), 1);
}

/* A situation too long for one page continues on the next, whole lines. */
static void test_long_situation(void **state)
{
	struct strbuf long_text = STRBUF_INIT;
	for (int i = 0; i < 30; i++)
		strbuf_addf(&long_text, "第%d段：%s", i + 1, situation);
	struct pdf_application a = {.kind = PDF_YEARLY, .person = person("张德明")};
	a.situation = long_text.buf;
	char pdf[512];
	path_of("yearly-long.pdf", pdf);
	struct bf_err e;
	render_ok(pdf_application(&a, pdf, &e), &e);
	int pages = pages_of(pdf);
	assert_true(pages >= 2);
	char *t = text_of(pdf, 0, 0);
	has(t, "张德明");
	char *p2 = text_of(pdf, 2, 2);
	has(p2, "（续）");
	free(p2);
	has_flat(t, "第1页");
	free(t);
	t = flat_text_of(pdf);
	for (int i = 0; i < 30; i++) { /* each paragraph once: no line lost or doubled */
		char mark[32];
		snprintf(mark, sizeof(mark), "第%d段", i + 1);
		if (count(t, mark) != 1)
			fail_msg("%s found %d times", mark, count(t, mark));
	}
	free(t);
	strbuf_release(&long_text);
}

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
static const char *const given[] = {"建国", "秀英", "志强", "玉兰", "德明", "春梅"};

static void notice_rows(struct pdf_notice_row *rows, char names[][32], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], 32, "%s%s", surnames[i % 10], given[i / 10]);
		rows[i] = (struct pdf_notice_row){
		    .name = names[i],
		    .gender = i % 2 ? "女" : "男",
		    .birth_date = "1948-05-01",
		    .joined_on = "1972-10-01",
		    .cause = i % 7 ? "年老体弱，无固定收入"
				   : "本人患重病，长期住院治疗，医疗费用负担重，家庭生活困难",
		    .amount_fen = 60000,
		};
	}
}

static void test_notice(void **state)
{
	enum { N = 60 };
	struct pdf_notice_row rows[N];
	char names[N][32];
	notice_rows(rows, names, N);
	struct pdf_notice n = {
	    .kind = PDF_YEARLY,
	    .org_name = "东风村",
	    .starts_on = "2024-12-02",
	    .ends_on = "2024-12-06",
	    .working_days = 5,
	    .office = "历城区委组织部",
	    .office_phone = "0531-88115172",
	    .rows = rows,
	    .nrows = N,
	    .issuer = "中共东风村支部委员会",
	    .issued_on = "2024-12-02",
	};
	char pdf[512];
	path_of("notice.pdf", pdf);
	struct bf_err e;
	render_ok(pdf_notice(&n, pdf, &e), &e);
	char *t = text_of(pdf, 0, 0);
	has(t, "公");
	has(t, "示");
	has_flat(t, "现将东风村生活困难党员拟帮扶名单公示如下");
	has_flat(t, "公示期：2024年12月2日至2024年12月6日（5个工作日）");
	has_flat(t, "请向历城区委组织部反映，电话：0531-88115172");
	has(t, "中共东风村支部委员会");
	for (int i = 0; i < N; i++)
		if (count(t, names[i]) != 1)
			fail_msg("%s appears %d times", names[i], count(t, names[i]));
	free(t);
	/* 18 rows under the preamble, 23 and 17 (every 7th row has three
	 * lines), the last two with the closing text rather than leave it alone */
	int pages = pages_of(pdf);
	assert_int_equal(pages, 4);
	char *last = text_of(pdf, 4, 4);
	has(last, names[N - 1]);
	has(last, "公示期");
	free(last);
	t = flat_text_of(pdf);
	has(t, "第4页共4页");
	free(t);
	for (int p = 1; p <= pages; p++) { /* the header row on every page */
		char *pt = text_of(pdf, p, p);
		has(pt, "入党时间");
		has(pt, "拟帮扶金额");
		free(pt);
	}
}

static void test_notice_emergency_empty(void **state)
{
	struct pdf_notice n = {.kind = PDF_EMERGENCY, .org_name = "红旗村", .basis = ""};
	char pdf[512];
	path_of("notice-blank.pdf", pdf);
	struct bf_err e;
	render_ok(pdf_notice(&n, pdf, &e), &e);
	char *t = text_of(pdf, 0, 0);
	has(t, "经个人申请");
	has_flat(t, "现将红旗村遭受突发事故党员拟救助名单公示如下");
	if (strstr(t, "拟帮扶金额") || strstr(t, "根据"))
		fail_msg("blank notice: amount column or basis shown");
	free(t);
	assert_int_equal(pages_of(pdf), 1);
}

static void test_registration(void **state)
{
	struct strbuf long_text = STRBUF_INIT;
	for (int i = 0; i < 12; i++)
		strbuf_addf(&long_text, "（%d）%s", i + 1, situation);
	struct pdf_family_member family[] = {
	    {"赵桂芳", "配偶", 1952, "长期卧病，需专人照料"},
	    {"王海涛", "儿子", 1978, "外出务工"},
	    {"王晓燕", "孙女", 2008, "初中在读"},
	    {"王明亮", "孙子", 2012, "小学在读"},
	};
	struct pdf_choice causes[] = {{"因病", 1}, {"因残", 0}, {"缺劳力", 1}, {"其他", 0}};
	struct pdf_registration r = {
	    .district = "历城区",
	    .branch_name = "东风村党支部",
	    .date = "2024-12-10",
	    .person = person("王建国"),
	    .family = family,
	    .nfamily = 4,
	    .category = "relief",
	    .tier = "比较困难",
	    .causes = causes,
	    .ncauses = 4,
	    .income_fen = 560000,
	    .per_capita_fen = 186666,
	    .conditions = "低于最低生活保障标准；患重大疾病",
	    .situation = long_text.buf,
	    .measures = "结对帮扶人：村党支部书记刘志强；协助申请医疗救助；年底发放帮扶金 600 元。",
	    .committee_name = "城关镇党委",
	    .department_name = "历城区委组织部",
	};
	char pdf[512];
	path_of("registration.pdf", pdf);
	struct bf_err e;
	render_ok(pdf_registration(&r, pdf, &e), &e);
	char *t = text_of(pdf, 0, 0);
	has(t, "历城区困难党员信息登记表");
	has(t, "王建国");
	has(t, "110101********123X");
	has(t, "赵桂芳");
	has(t, "王明亮");
	has(t, "■输血型");
	has(t, "□造血型");
	has(t, "■比较困难");
	has(t, "■因病");
	has(t, "5,600.00 元");
	has(t, "（12）");
	free(t);
	assert_int_equal(pages_of(pdf), 2);
	strbuf_release(&long_text);
}

/* A long family list continues on the next page under its merged label;
 * text that is no UTF-8 prints as U+FFFD and nothing else goes wrong. */
static void test_registration_many(void **state)
{
	enum { N = 30 };
	struct pdf_family_member family[N];
	char names[N][32];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "%s%s", surnames[i % 10], given[i / 10]);
		family[i] = (struct pdf_family_member){names[i], "亲属", 1960 + i, "务农"};
	}
	struct pdf_registration r = {
	    .person = person("\xd5\xc5\xc8\xfd"), /* 张三 in GBK */
	    .family = family,
	    .nfamily = N,
	    .income_fen = -1,
	    .per_capita_fen = -1,
	    .situation = situation,
	};
	char pdf[512];
	path_of("registration-many.pdf", pdf);
	struct bf_err e;
	render_ok(pdf_registration(&r, pdf, &e), &e);
	char *t = flat_text_of(pdf);
	for (int i = 0; i < N; i++)
		if (count(t, names[i]) != 1)
			fail_msg("%s appears %d times", names[i], count(t, names[i]));
	has(t, "成员（续）");
	has(t, "\xef\xbf\xbd"); /* U+FFFD */
	has(t, "共3页");
	free(t);
	assert_int_equal(pages_of(pdf), 3);
	t = text_of(pdf, 2, 2); /* the family header again on the page it goes on */
	has(t, "与本人关系");
	free(t);
}

static void test_blank_forms(void **state)
{
	/* a zeroed struct prints the empty form to fill by hand */
	struct pdf_application a = {0};
	struct pdf_registration r = {.income_fen = -1, .per_capita_fen = -1};
	char p1[512], p2[512];
	path_of("blank-application.pdf", p1);
	path_of("blank-registration.pdf", p2);
	struct bf_err e;
	render_ok(pdf_application(&a, p1, &e), &e);
	render_ok(pdf_registration(&r, p2, &e), &e);
	char *t = text_of(p1, 0, 0);
	has(t, "申请人（签字或按手印）");
	free(t);
	assert_int_equal(pages_of(p1), 1);
}

/* --- failures leave nothing behind --- */

static int leftovers(const char *in, const char *prefix)
{
	DIR *dp = opendir(in);
	assert_non_null(dp);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(dp)))
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(dp);
	return n;
}

static void test_unwritable(void **state)
{
	struct pdf_application a = {.kind = PDF_YEARLY, .person = person("王建国")};
	struct bf_err e;
	assert_int_equal(pdf_application(&a, "/nonexistent-bangfu-dir/a.pdf", &e), -1);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "out");
	has(e.message, "无法写入文件");
	has(e.message, "目录不存在");
	assert_int_equal(access("/nonexistent-bangfu-dir/a.pdf", F_OK), -1);

	/* the rename fails (a directory is there): the temporary file goes */
	char sub[512];
	path_of("occupied", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(pdf_application(&a, sub, &e), -1);
	has(e.message, "无法写入文件");
	assert_int_equal(leftovers(dir, "occupied."), 0);
	rmdir(sub);
}

static void test_invalid_keeps_file(void **state)
{
	char pdf[512];
	path_of("kept.pdf", pdf);
	FILE *f = fopen(pdf, "w");
	assert_non_null(f);
	fputs("old", f);
	fclose(f);
	struct bf_err e;
	struct pdf_application a = {.kind = PDF_EMERGENCY, .branch_fen = -5};
	assert_int_equal(pdf_application(&a, pdf, &e), -1);
	assert_string_equal(e.field, "branch_fen");
	has(e.message, "拟救助金额");
	struct pdf_registration r = {.category = "帮扶"};
	assert_int_equal(pdf_registration(&r, pdf, &e), -1);
	assert_string_equal(e.field, "category");
	struct pdf_notice_row row = {.name = "王建国", .amount_fen = -1};
	struct pdf_notice n = {.rows = &row, .nrows = 1};
	assert_int_equal(pdf_notice(&n, pdf, &e), -1);
	has(e.message, "第 1 行（王建国）");
	char buf[8] = "";
	f = fopen(pdf, "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "old");
	assert_int_equal(leftovers(dir, "kept.pdf."), 0);
}

/* Documents are rendered from the server's worker threads. */
static void *render_thread(void *arg)
{
	struct pdf_application a = {.kind = PDF_YEARLY, .person = person("周春生")};
	a.approved_fen = 60000;
	struct bf_err e;
	return (void *)(intptr_t)pdf_application(&a, arg, &e);
}

static void test_threads(void **state)
{
	enum { T = 4 };
	pthread_t th[T];
	char paths[T][512];
	for (int i = 0; i < T; i++) {
		char name[32];
		snprintf(name, sizeof(name), "thread-%d.pdf", i);
		path_of(name, paths[i]);
		assert_int_equal(pthread_create(&th[i], NULL, render_thread, paths[i]), 0);
	}
	for (int i = 0; i < T; i++) {
		void *rc;
		pthread_join(th[i], &rc);
		assert_int_equal((intptr_t)rc, 0);
		char *t = text_of(paths[i], 0, 0);
		has(t, "周春生");
		free(t);
	}
}

static int setup(void **state)
{
	const char *keep = getenv("BANGFU_PDF_OUT");
	if (keep && keep[0]) {
		snprintf(dir, sizeof(dir), "%s", keep);
		mkdir(dir, 0755);
		return 0;
	}
	snprintf(dir, sizeof(dir), "/tmp/bangfu-pdf.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	const char *keep = getenv("BANGFU_PDF_OUT");
	if (!keep || !keep[0]) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return -1;
	}
	/* drop the font caches so LeakSanitizer sees only real leaks */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	/* FcFini from the fontconfig cairo already loaded (not linked here) */
	void (*fc_fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
	if (fc_fini)
		fc_fini();
	return 0;
}

int main(void)
{
	if (system("command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null") != 0) {
		fprintf(stderr, "test_pdf: poppler-utils (pdftotext, pdfinfo) missing\n");
		return 77; /* meson: skipped */
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_capital_small),
	    cmocka_unit_test(test_capital_thousands),
	    cmocka_unit_test(test_capital_large),
	    cmocka_unit_test(test_capital_refused),
	    cmocka_unit_test(test_yearly),
	    cmocka_unit_test(test_emergency),
	    cmocka_unit_test(test_long_situation),
	    cmocka_unit_test(test_notice),
	    cmocka_unit_test(test_notice_emergency_empty),
	    cmocka_unit_test(test_registration),
	    cmocka_unit_test(test_registration_many),
	    cmocka_unit_test(test_blank_forms),
	    cmocka_unit_test(test_unwritable),
	    cmocka_unit_test(test_invalid_keeps_file),
	    cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_csv.c - unit tests of the streaming CSV reader (RFC 4180 quoting,
 * line endings, BOM, GBK/GB18030 through iconv, characters split across
 * read buffers, errors naming the line) and of the field writer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "csv.h"

/* The reader's buffer size, to place characters across its boundary. */
#define RAW_SIZE (64 * 1024)

static char dir[64];

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/bangfu-test-csv-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const void *data, size_t len)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	return path;
}

/* Reads every record as "line:f1|f2|...\n" into out; returns csv_next's
 * last result (0 at a clean end, -1 on error with e filled). */
static int read_all(const char *path, struct strbuf *out, struct bf_err *e, const char **enc)
{
	struct csv_reader *r = csv_open(path, e);
	char **f;
	size_t n;
	int rc;
	assert_non_null(r);
	while ((rc = csv_next(r, &f, &n, e)) == 1) {
		strbuf_addf(out, "%ld:", csv_line(r));
		for (size_t i = 0; i < n; i++)
			strbuf_addf(out, "%s%s", i ? "|" : "", f[i]);
		strbuf_addch(out, '\n');
	}
	if (rc == 0)
		assert_int_equal(csv_offset(r), csv_size(r));
	if (enc)
		*enc = csv_encoding(r);
	csv_close(r);
	return rc;
}

static void expect(const char *name, const char *data, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	struct bf_err e;
	const char *path = write_file(name, data, strlen(data));
	if (read_all(path, &out, &e, NULL) != 0)
		fail_msg("%s: %s", name, e.message);
	assert_string_equal(strbuf_str(&out), want);
	strbuf_release(&out);
}

static void test_basic(void **state)
{
	expect("basic.csv", "姓名,身份证号码\n张三,110\n", "1:姓名|身份证号码\n2:张三|110\n");
	expect("noeol.csv", "a,b\nc,d", "1:a|b\n2:c|d\n");
	expect("empty.csv", "", "");
	expect("spaces.csv", " a , b \n", "1: a | b \n"); /* the caller trims */
	expect("emptyfields.csv", ",,\na,,b\n", "1:||\n2:a||b\n");
}

static void test_bom_crlf(void **state)
{
	expect("bom.csv", "\xEF\xBB\xBF姓名,电话\r\n李四,138\r\n", "1:姓名|电话\n2:李四|138\n");
	expect("crlf.csv", "a,b\r\n\r\nc,d\r\n", "1:a|b\n3:c|d\n");
	expect("cr.csv", "a,b\rc,d\r", "1:a|b\n2:c|d\n");
	expect("bomonly.csv", "\xEF\xBB\xBF", "");
}

static void test_quotes(void **state)
{
	expect("q1.csv", "\"a,b\",\"he said \"\"hi\"\"\",c\n", "1:a,b|he said \"hi\"|c\n");
	expect("q2.csv", "\"\",x,\"\"\"\"\n", "1:|x|\"\n");
	expect("q3.csv", "ab\"c,d\n", "1:ab\"c|d\n"); /* a quote inside stays */
	expect("q4.csv", "\"ab\"c,d\n", "1:abc|d\n"); /* text after closing quote kept */
	expect("q5.csv", "x,\"end\"", "1:x|end\n");
}

static void test_multiline(void **state)
{
	expect("ml.csv",
	       "h1,h2\n"
	       "\"multi\nline\",x\n"
	       "\n"
	       "\n"
	       "y,\"a\r\nb\"\r\n"
	       "z,w\n",
	       "1:h1|h2\n2:multi\nline|x\n6:y|a\r\nb\n8:z|w\n");
}

static void test_unterminated(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct bf_err e;
	const char *data = "a,b\nc,d\n\"open,e\nf,g\n";
	const char *path = write_file("unterminated.csv", data, strlen(data));
	assert_int_equal(read_all(path, &out, &e, NULL), -1);
	assert_string_equal(strbuf_str(&out), "1:a|b\n2:c|d\n");
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.message, "第 3 行：引号未闭合");
	strbuf_release(&out);
}

static void test_runaway_quote(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct bf_err e;
	size_t n = 3 * 1024 * 1024;
	char *data = malloc(n);
	memcpy(data, "a\n\"", 3);
	memset(data + 3, 'x', n - 3);
	for (size_t i = 100; i < n; i += 100)
		data[i] = '\n';
	const char *path = write_file("runaway.csv", data, n);
	free(data);
	assert_int_equal(read_all(path, &out, &e, NULL), -1);
	assert_non_null(strstr(e.message, "第 2 行"));
	assert_non_null(strstr(e.message, "1 MiB"));
	strbuf_release(&out);
}

static void test_open_errors(void **state)
{
	struct bf_err e;
	char path[128];
	snprintf(path, sizeof(path), "%s/missing.csv", dir);
	assert_null(csv_open(path, &e));
	assert_non_null(strstr(e.message, "missing.csv"));
	assert_null(csv_open(dir, &e));
}

/* UTF-8 → another encoding, with iconv as the test's independent witness. */
static char *convert(const char *to, const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(utf8), cap = inleft * 2 + 16, outleft = cap;
	char *buf = malloc(cap), *in = (char *)utf8, *out = buf;
	assert_int_not_equal(iconv(cd, &in, &inleft, &out, &outleft), (size_t)-1);
	iconv_close(cd);
	*len = cap - outleft;
	return buf;
}

static void test_gbk_small(void **state)
{
	const char *text = "姓名,身份证号码,联系电话,家庭住址\r\n"
			   "张三,110105194912310023,13800138000,\"城关镇,幸福村\"\r\n"
			   "李四,,0755-12345678,\"多行\r\n地址\"\r\n";
	size_t len;
	char *gbk = convert("GBK", text, &len);
	const char *path = write_file("gbk.csv", gbk, len);
	free(gbk);
	struct strbuf out = STRBUF_INIT;
	struct bf_err e;
	const char *enc;
	assert_int_equal(read_all(path, &out, &e, &enc), 0);
	assert_string_equal(enc, "GB18030");
	assert_string_equal(strbuf_str(&out),
			    "1:姓名|身份证号码|联系电话|家庭住址\n"
			    "2:张三|110105194912310023|13800138000|城关镇,幸福村\n"
			    "3:李四||0755-12345678|多行\r\n地址\n");
	strbuf_release(&out);
}

/* A GB file where the character `ch` starts `before` bytes ahead of the
 * reader's buffer boundary, so its bytes are split between two reads. */
static void straddle(const char *encoding, const char *ch, size_t before, int header)
{
	size_t hlen = 0, clen, tlen;
	char *head = header ? convert(encoding, "姓名,备注\n", &hlen) : NULL;
	char *c = convert(encoding, ch, &clen);
	char *tail = convert(encoding, "尾巴,完\n王五,结束\n", &tlen);
	size_t pad = RAW_SIZE - before - hlen - 1; /* ASCII line "aaa...\n" */
	size_t total = hlen + pad + 1 + clen + tlen;
	char *data = malloc(total), *p = data;
	if (hlen)
		memcpy(p, head, hlen);
	p += hlen;
	memset(p, 'a', pad);
	p += pad;
	*p++ = '\n';
	memcpy(p, c, clen);
	p += clen;
	memcpy(p, tail, tlen);
	assert_true(before < clen);
	const char *path = write_file("straddle.csv", data, total);

	struct csv_reader *r;
	struct bf_err e;
	char **f;
	size_t n;
	assert_non_null(r = csv_open(path, &e));
	if (header) {
		assert_int_equal(csv_next(r, &f, &n, &e), 1);
		assert_string_equal(f[0], "姓名");
		assert_string_equal(csv_encoding(r), "GB18030");
	}
	assert_int_equal(csv_next(r, &f, &n, &e), 1);
	assert_int_equal(strlen(f[0]), pad);
	if (csv_next(r, &f, &n, &e) != 1)
		fail_msg("%s +%zu: %s", encoding, before, e.message);
	assert_int_equal(n, 2);
	char want[64];
	snprintf(want, sizeof(want), "%s尾巴", ch);
	assert_string_equal(f[0], want);
	assert_int_equal(csv_line(r), header ? 3 : 2);
	assert_int_equal(csv_next(r, &f, &n, &e), 1);
	assert_string_equal(f[1], "结束");
	assert_int_equal(csv_next(r, &f, &n, &e), 0);
	assert_string_equal(csv_encoding(r), "GB18030");
	assert_int_equal(csv_offset(r), csv_size(r));
	csv_close(r);
	free(head);
	free(c);
	free(tail);
	free(data);
}

static void test_gbk_straddle(void **state)
{
	/* Detected in the first buffer, then a 2-byte character split. */
	straddle("GBK", "中", 1, 1);
	/* 4-byte GB18030 characters split after 1, 2 and 3 bytes. */
	straddle("GB18030", "㐀", 1, 1);
	straddle("GB18030", "㐀", 2, 1);
	straddle("GB18030", "㐀", 3, 1);
	/* First buffer pure ASCII ending in the first byte of a character:
	 * the decision waits for the rest. */
	straddle("GBK", "中", 1, 0);
}

/* A GBK file several buffers long: every row survives the conversion. */
static void test_gbk_large(void **state)
{
	struct strbuf text = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
	strbuf_adds(&text, "序号,姓名,备注\n");
	strbuf_adds(&want, "1:序号|姓名|备注\n");
	for (int i = 0; i < 12000; i++) {
		/* Odd-length ASCII keeps shifting the character boundaries. */
		strbuf_addf(&text, "%d,张%s,\"困难党员，%d号\"\n", i, i % 3 ? "三" : "三丰", i);
		strbuf_addf(&want, "%d:%d|张%s|困难党员，%d号\n", i + 2, i, i % 3 ? "三" : "三丰",
			    i);
	}
	size_t len;
	char *gbk = convert("GBK", text.buf, &len);
	assert_true(len > 3 * RAW_SIZE);
	const char *path = write_file("gbk-large.csv", gbk, len);
	free(gbk);
	struct bf_err e;
	const char *enc;
	assert_int_equal(read_all(path, &got, &e, &enc), 0);
	assert_string_equal(enc, "GB18030");
	assert_string_equal(got.buf, want.buf);
	strbuf_release(&text);
	strbuf_release(&want);
	strbuf_release(&got);
}

static void test_utf8_split_and_invalid(void **state)
{
	/* UTF-8 with a 3-byte character across the buffer boundary. */
	struct strbuf text = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
	for (int i = 0; i < 20000; i++) {
		strbuf_addf(&text, "%d,党员%d\n", i, i);
		strbuf_addf(&want, "%d:%d|党员%d\n", i + 1, i, i);
	}
	const char *path = write_file("utf8-large.csv", text.buf, text.len);
	struct bf_err e;
	const char *enc;
	assert_int_equal(read_all(path, &got, &e, &enc), 0);
	assert_string_equal(enc, "UTF-8");
	assert_string_equal(got.buf, want.buf);

	/* A GBK byte pair past the first 64 KiB of a file detected as UTF-8
	 * is an error naming its line. */
	strbuf_adds(&text, "\xD5\xC5,2\n");
	path = write_file("mixed.csv", text.buf, text.len);
	strbuf_reset(&got);
	assert_int_equal(read_all(path, &got, &e, &enc), -1);
	assert_string_equal(got.buf, want.buf);
	assert_non_null(strstr(e.message, "第 20001 行"));
	assert_non_null(strstr(e.message, "编码"));
	/* Within the first 64 KiB the same bytes make it a GB18030 file. */
	const char small[] = "\xD5\xC5\xC8\xFD,1\n";
	path = write_file("small-gb.csv", small, strlen(small));
	strbuf_reset(&got);
	assert_int_equal(read_all(path, &got, &e, &enc), 0);
	assert_string_equal(enc, "GB18030");
	assert_string_equal(got.buf, "1:张三|1\n");
	strbuf_release(&text);
	strbuf_release(&want);
	strbuf_release(&got);
}

static void test_invalid_gb(void **state)
{
	/* 0x81 0x30 starts a 4-byte GB18030 sequence; cut off at EOF. */
	const char bad[] = "\xD5\xC5\xC8\xFD,1\n\x81\x30";
	const char *path = write_file("badgb.csv", bad, sizeof(bad) - 1);
	struct strbuf got = STRBUF_INIT;
	struct bf_err e;
	assert_int_equal(read_all(path, &got, &e, NULL), -1);
	assert_string_equal(got.buf, "1:张三|1\n");
	assert_non_null(strstr(e.message, "第 2 行"));
	strbuf_release(&got);
}

static void test_progress(void **state)
{
	const char *data = "a,b\nc,d\n";
	const char *path = write_file("progress.csv", data, strlen(data));
	struct bf_err e;
	struct csv_reader *r = csv_open(path, &e);
	char **f;
	size_t n;
	assert_int_equal(csv_size(r), 8);
	assert_int_equal(csv_offset(r), 0);
	assert_int_equal(csv_next(r, &f, &n, &e), 1);
	assert_int_equal(csv_offset(r), 4);
	assert_int_equal(csv_next(r, &f, &n, &e), 1);
	assert_int_equal(csv_next(r, &f, &n, &e), 0);
	assert_int_equal(csv_offset(r), 8);
	assert_int_equal(csv_next(r, &f, &n, &e), 0);
	csv_close(r);
}

static const char *line_of(struct strbuf *sb, const char *const *fields, size_t n)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < n; i++)
		csv_add_field(sb, fields[i], i == 0);
	return strbuf_str(sb);
}

static void test_writer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *plain[] = {"张三", "110105194912310023", "", NULL};
	assert_string_equal(line_of(&sb, plain, 4), "张三,110105194912310023,,");
	const char *quoted[] = {"a,b", "say \"hi\"", "two\nlines", "cr\r", " lead", "trail "};
	assert_string_equal(
	    line_of(&sb, quoted, 6),
	    "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\" lead\",\"trail \"");
	const char *formulas[] = {"=SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "=1,2",
				  "\t=1"};
	assert_string_equal(line_of(&sb, formulas, 6),
			    "'=SUM(A1:A9),'+cmd|' /C calc'!A0,'-2+3,'@SUM(1),\"'=1,2\",'\t=1");
	const char *numbers[] = {"-12.50", "+8613800138000", "-5", "a=b", "-", "-.5"};
	assert_string_equal(line_of(&sb, numbers, 6), "-12.50,+8613800138000,-5,a=b,'-,'-.5");
	strbuf_release(&sb);
}

/* What the writer writes, the reader reads back (formula guard aside). */
static void test_writer_roundtrip(void **state)
{
	const char *values[] = {"a,b", "say \"hi\"", "two\r\nlines", " lead ", "张三", "", "x"};
	size_t nv = sizeof(values) / sizeof(values[0]);
	struct strbuf sb = STRBUF_INIT;
	for (int row = 0; row < 3; row++) {
		for (size_t i = 0; i < nv; i++)
			csv_add_field(&sb, values[i], i == 0);
		strbuf_adds(&sb, "\r\n");
	}
	const char *path = write_file("roundtrip.csv", sb.buf, sb.len);
	struct bf_err e;
	struct csv_reader *r = csv_open(path, &e);
	char **f;
	size_t n;
	for (int row = 0; row < 3; row++) {
		assert_int_equal(csv_next(r, &f, &n, &e), 1);
		assert_int_equal(n, nv);
		assert_int_equal(csv_line(r), 1 + row * 2);
		for (size_t i = 0; i < nv; i++)
			assert_string_equal(f[i], values[i]);
	}
	assert_int_equal(csv_next(r, &f, &n, &e), 0);
	csv_close(r);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_bom_crlf),
	    cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_multiline),
	    cmocka_unit_test(test_unterminated),
	    cmocka_unit_test(test_runaway_quote),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_gbk_small),
	    cmocka_unit_test(test_gbk_straddle),
	    cmocka_unit_test(test_gbk_large),
	    cmocka_unit_test(test_utf8_split_and_invalid),
	    cmocka_unit_test(test_invalid_gb),
	    cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_writer),
	    cmocka_unit_test(test_writer_roundtrip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_xlsx.c - unit tests of the streaming XLSX reader (xlsx.h) and of the
 * reader over CSV and XLSX (sheet.h): workbooks written by libxlsxwriter
 * (shared strings, and inline strings in its constant-memory mode), dates
 * as serial numbers in date formats (1900 and 1904), numbers, booleans,
 * gaps, blank rows, and hand-made archives for what Excel never writes:
 * zip bombs, too many columns, overlong cells, a DTD, broken parts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <xlsxwriter.h>
#include <zip.h>
#include "sheet.h"
#include "strbuf.h"
#include "xlsx.h"

static char dir[64];

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/bangfu-test-xlsx-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* A workbook as Excel users make them: Chinese headers, a date column, an
 * ID typed as a number, a phone as a number, a gap, a blank row. */
static const char *write_book(const char *name, int constant_memory)
{
	const char *path = path_of(name);
	lxw_workbook_options opt = {.constant_memory = (uint8_t)constant_memory};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "党员");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
	lxw_format *iso = workbook_add_format(wb);
	format_set_num_format_index(iso, 14);
	worksheet_write_string(ws, 0, 0, "姓名", NULL);
	worksheet_write_string(ws, 0, 1, "入党时间", NULL);
	worksheet_write_string(ws, 0, 2, "身份证号码", NULL);
	worksheet_write_string(ws, 0, 4, "联系电话", NULL);
	worksheet_write_string(ws, 1, 0, "张三\n李四", NULL);
	worksheet_write_number(ws, 1, 1, 32874, date); /* 1990-01-01 */
	worksheet_write_number(ws, 1, 2, 110101199001011234.0, NULL);
	worksheet_write_number(ws, 1, 4, 13800138000.0, NULL);
	worksheet_write_boolean(ws, 1, 5, 1, NULL);
	/* row 3 blank */
	worksheet_write_number(ws, 3, 1, 45658.75, iso); /* 2025-01-01, a time of day */
	worksheet_write_number(ws, 3, 2, 2.5, NULL);
	worksheet_write_string(ws, 3, 3, "110101199001011234", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	return path;
}

static void check_book(const char *path)
{
	struct bf_err e;
	char **f;
	size_t n;
	struct xlsx_reader *r = xlsx_open(path, &e);
	assert_non_null(r);
	assert_int_equal(xlsx_next(r, &f, &n, &e), 1);
	assert_int_equal(xlsx_line(r), 1);
	assert_int_equal(n, 5);
	assert_string_equal(f[0], "姓名");
	assert_string_equal(f[2], "身份证号码");
	assert_string_equal(f[3], "");
	assert_string_equal(f[4], "联系电话");
	assert_int_equal(xlsx_next(r, &f, &n, &e), 1);
	assert_int_equal(xlsx_line(r), 2);
	assert_int_equal(n, 6);
	assert_string_equal(f[0], "张三\n李四");
	assert_int_equal(xlsx_kind(r, 0), XLSX_TEXT);
	assert_string_equal(f[1], "1990-01-01");
	assert_int_equal(xlsx_kind(r, 1), XLSX_DATE);
	assert_string_equal(f[2], "1.10101199001011e+17");
	assert_int_equal(xlsx_kind(r, 2), XLSX_NUMBER);
	assert_string_equal(f[3], "");
	assert_string_equal(f[4], "13800138000");
	assert_int_equal(xlsx_kind(r, 4), XLSX_NUMBER);
	assert_string_equal(f[5], "TRUE");
	assert_int_equal(xlsx_kind(r, 5), XLSX_BOOL);
	assert_int_equal(xlsx_kind(r, 99), XLSX_TEXT);
	assert_int_equal(xlsx_next(r, &f, &n, &e), 1);
	assert_int_equal(xlsx_line(r), 4); /* the blank row 3 is skipped */
	assert_string_equal(f[0], "");
	assert_string_equal(f[1], "2025-01-01");
	assert_string_equal(f[2], "2.5");
	assert_string_equal(f[3], "110101199001011234");
	assert_int_equal(xlsx_next(r, &f, &n, &e), 0);
	assert_int_equal(xlsx_next(r, &f, &n, &e), 0);
	assert_true(xlsx_offset(r) > 0);
	assert_int_equal(xlsx_offset(r), xlsx_size(r));
	xlsx_close(r);
}

static void test_shared_strings(void **state)
{
	check_book(write_book("shared.xlsx", 0));
}

static void test_inline_strings(void **state)
{
	check_book(write_book("inline.xlsx", 1));
}

/* ---- hand-made archives ---- */

static const char *WB = "<?xml version=\"1.0\"?><workbook "
			"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
			"relationships\">%s<sheets><sheet name=\"a\" sheetId=\"1\" "
			"r:id=\"rId7\"/></sheets></workbook>";
static const char *RELS = "<Relationships "
			  "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
			  "<Relationship Id=\"rId7\" Type=\"x/worksheet\" Target=\"ws/s.xml\"/>"
			  "<Relationship Id=\"rId8\" Type=\"x/styles\" Target=\"/xl/st.xml\"/>"
			  "</Relationships>";
static const char *STYLES = "<styleSheet><numFmts><numFmt numFmtId=\"164\" "
			    "formatCode=\"[Red]&quot;d&quot;0.00\"/><numFmt numFmtId=\"165\" "
			    "formatCode=\"[$-804]yyyy/m\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
			    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>";

/* An archive of name/content pairs, NULL-terminated; a content of NULL is
 * `big` bytes of spaces (highly compressible). */
static const char *write_zip(const char *name, const char *const *parts, size_t big)
{
	const char *path = path_of(name);
	int err;
	unlink(path);
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (size_t i = 0; parts[i]; i += 2) {
		size_t len = parts[i + 1] ? strlen(parts[i + 1]) : big;
		char *data = malloc(len + 1);
		if (parts[i + 1])
			memcpy(data, parts[i + 1], len);
		else
			memset(data, ' ', len);
		zip_source_t *src = zip_source_buffer(z, data, len, 1);
		assert_true(zip_file_add(z, parts[i], src, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

/* A workbook around one sheet's XML (inside <sheetData>), with wbpr in the
 * workbook (e.g. the 1904 date system). */
static const char *sheet_book(const char *name, const char *wbpr, const char *rows)
{
	static struct strbuf wb = STRBUF_INIT, ws = STRBUF_INIT;
	strbuf_reset(&wb);
	strbuf_reset(&ws);
	strbuf_addf(&wb, WB, wbpr);
	strbuf_addf(&ws, "<worksheet><sheetData>%s</sheetData></worksheet>", rows);
	const char *parts[] = {"xl/workbook.xml",
			       wb.buf,
			       "xl/_rels/workbook.xml.rels",
			       RELS,
			       "xl/st.xml",
			       STYLES,
			       "xl/ws/s.xml",
			       ws.buf,
			       NULL};
	return write_zip(name, parts, 0);
}

static void expect_open_error(const char *path, const char *words)
{
	struct bf_err e;
	struct xlsx_reader *r = xlsx_open(path, &e);
	assert_null(r);
	assert_int_equal(e.code, EC_INVALID);
	assert_string_equal(e.field, "file");
	if (!strstr(e.message, words))
		fail_msg("\"%s\" does not say \"%s\"", e.message, words);
}

static void expect_row_error(const char *path, int good_rows, const char *words)
{
	struct bf_err e;
	char **f;
	size_t n;
	struct xlsx_reader *r = xlsx_open(path, &e);
	assert_non_null(r);
	for (int i = 0; i < good_rows; i++)
		assert_int_equal(xlsx_next(r, &f, &n, &e), 1);
	assert_int_equal(xlsx_next(r, &f, &n, &e), -1);
	if (!strstr(e.message, words))
		fail_msg("\"%s\" does not say \"%s\"", e.message, words);
	assert_int_equal(xlsx_next(r, &f, &n, &e), -1); /* and stays failed */
	xlsx_close(r);
}

static void test_styles_refs_1904(void **state)
{
	struct bf_err e;
	char **f;
	size_t n;
	const char *path = sheet_book(
	    "1904.xlsx", "<workbookPr date1904=\"1\"/>",
	    "<row r=\"3\"><c r=\"B3\" s=\"1\"><v>7</v></c><c s=\"2\"><v>31412</v></c>"
	    "<c r=\"E3\" t=\"inlineStr\"><is><r><t>王</t></r><r><t>_x000D_五</t></r>"
	    "<rPh><t>ワン</t></rPh></is></c><c r=\"F3\"><f>1+1</f><v>2</v></c>"
	    "<c r=\"G3\" t=\"str\"><v>公式</v></c><c r=\"H3\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"I3\" s=\"9\"/><c r=\"J3\" t=\"d\"><v>2024-02-29T00:00:00</v></c></row>"
	    "<row><c><v>-0.5</v></c></row>");
	struct xlsx_reader *r = xlsx_open(path, &e);
	assert_non_null(r);
	assert_int_equal(xlsx_next(r, &f, &n, &e), 1);
	assert_int_equal(xlsx_line(r), 3);
	assert_int_equal(n, 10);
	assert_string_equal(f[0], "");
	assert_string_equal(f[1], "7"); /* "d" in quotes is no date */
	assert_int_equal(xlsx_kind(r, 1), XLSX_NUMBER);
	assert_string_equal(f[2], "1990-01-01"); /* 1904 system: 31412 */
	assert_int_equal(xlsx_kind(r, 2), XLSX_DATE);
	assert_string_equal(f[4], "王\r五");
	assert_string_equal(f[5], "2");
	assert_string_equal(f[6], "公式");
	assert_string_equal(f[7], "#N/A");
	assert_string_equal(f[8], "");
	assert_string_equal(f[9], "2024-02-29");
	assert_int_equal(xlsx_kind(r, 9), XLSX_DATE);
	assert_int_equal(xlsx_next(r, &f, &n, &e), 1);
	assert_int_equal(xlsx_line(r), 4);
	assert_string_equal(f[0], "-0.5");
	assert_int_equal(xlsx_next(r, &f, &n, &e), 0);
	xlsx_close(r);
}

static void test_refusals(void **state)
{
	static const char *no_wb[] = {"xl/other.xml", "<a/>", NULL};
	expect_open_error(write_zip("nowb.xlsx", no_wb, 0), "缺少 xl/workbook.xml");
	static const char *bomb[] = {"xl/workbook.xml", NULL, NULL};
	expect_open_error(write_zip("bomb.xlsx", bomb, 8 * 1024 * 1024), "过大");
	static const char *dtd[] = {"xl/workbook.xml", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
				    NULL};
	expect_open_error(write_zip("dtd.xlsx", dtd, 0), "DTD");
	static const char *bad[] = {"xl/workbook.xml", "<a><b></a>", NULL};
	expect_open_error(write_zip("bad.xlsx", bad, 0), "不是有效的 XML");
	static const char *nosheet[] = {"xl/workbook.xml", "<workbook/>", NULL};
	expect_open_error(write_zip("nosheet.xlsx", nosheet, 0), "找不到第一个工作表");
	const char *notzip = path_of("notzip.xlsx");
	FILE *fp = fopen(notzip, "w");
	fputs("PK\3\4 not really", fp);
	fclose(fp);
	expect_open_error(notzip, "无法打开");

	expect_row_error(sheet_book("cols.xlsx", "",
				    "<row><c><v>1</v></c></row><row r=\"2\"><c "
				    "r=\"XFE2\"><v>1</v></c></row>"),
			 1, "第 2 行：列数超过");
	struct strbuf rows = STRBUF_INIT;
	strbuf_adds(&rows, "<row r=\"5\"><c t=\"inlineStr\"><is><t>");
	for (int i = 0; i < 33000; i++)
		strbuf_adds(&rows, "长长");
	strbuf_adds(&rows, "</t></is></c></row>");
	expect_row_error(sheet_book("long.xlsx", "", rows.buf), 0, "第 5 行：单元格内容过长");
	strbuf_release(&rows);
	expect_row_error(sheet_book("sst.xlsx", "", "<row><c t=\"s\"><v>3</v></c></row>"), 0,
			 "共享字符串编号无效");
	expect_row_error(sheet_book("broken.xlsx", "", "<row><c><v>1</v></c></row><row><c>"), 1,
			 "第 2 行附近：工作表已损坏");
}

static void test_serial_and_names(void **state)
{
	char d[11], c[8];
	static const struct {
		double serial;
		int date1904;
		const char *want;
	} cases[] = {{1, 0, "1900-01-01"},	 {59, 0, "1900-02-28"},
		     {61, 0, "1900-03-01"},	 {25569, 0, "1970-01-01"},
		     {32874, 0, "1990-01-01"},	 {45658.99, 0, "2025-01-01"},
		     {2958465, 0, "9999-12-31"}, {1, 1, "1904-01-02"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(xlsx_serial_date(cases[i].serial, cases[i].date1904, d), 0);
		assert_string_equal(d, cases[i].want);
	}
	assert_int_equal(xlsx_serial_date(0.5, 0, d), -1);
	assert_int_equal(xlsx_serial_date(2958466, 0, d), -1);
	assert_int_equal(xlsx_serial_date(-3, 0, d), -1);
	xlsx_col_name(0, c);
	assert_string_equal(c, "A");
	xlsx_col_name(27, c);
	assert_string_equal(c, "AB");
	xlsx_col_name(16383, c);
	assert_string_equal(c, "XFD");
}

static void test_sheet(void **state)
{
	struct bf_err e;
	char **f;
	size_t n;
	struct sheet *s = sheet_open(write_book("s.xlsx", 0), &e);
	assert_non_null(s);
	assert_true(sheet_is_xlsx(s));
	assert_int_equal(sheet_next(s, &f, &n, &e), 1);
	assert_int_equal(sheet_next(s, &f, &n, &e), 1);
	assert_int_equal(sheet_kind(s, 2), XLSX_NUMBER);
	assert_int_equal(sheet_line(s), 2);
	sheet_close(s);

	const char *csv = path_of("a.csv");
	FILE *fp = fopen(csv, "w");
	fputs("姓名,入党时间\n张三,1990-01-01\n", fp);
	fclose(fp);
	s = sheet_open(csv, &e);
	assert_non_null(s);
	assert_false(sheet_is_xlsx(s));
	assert_int_equal(sheet_next(s, &f, &n, &e), 1);
	assert_int_equal(sheet_next(s, &f, &n, &e), 1);
	assert_string_equal(f[1], "1990-01-01");
	assert_int_equal(sheet_kind(s, 1), XLSX_TEXT);
	assert_int_equal(sheet_line(s), 2);
	assert_int_equal(sheet_offset(s), sheet_size(s));
	sheet_close(s);

	const char *xls = path_of("old.xls");
	fp = fopen(xls, "w");
	fputs("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", fp);
	fclose(fp);
	assert_null(sheet_open(xls, &e));
	assert_non_null(strstr(e.message, ".xls"));
	assert_null(sheet_open(path_of("absent.xlsx"), &e));
	assert_non_null(strstr(e.message, "无法打开"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shared_strings),   cmocka_unit_test(test_inline_strings),
	    cmocka_unit_test(test_styles_refs_1904), cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_serial_and_names), cmocka_unit_test(test_sheet),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

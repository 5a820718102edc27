/* member_xlsx.c - the member register as an XLSX workbook (党员名册): the
 * members a list's filters select, streamed from the store through the
 * core (member_each_matching) into a constant-memory sheet, so a million
 * rows take no more memory than ten.  Used by GET /api/v1/members.xlsx
 * and `bangfu member export --format xlsx`. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "date.h"
#include "io.h"
#include "strbuf.h"
#include "utf8.h"
#include "xlsx_table.h"

static const struct xt_col member_cols[] = {
    {"姓名", XT_TEXT, 10},
    {"性别", XT_TEXT, 5},
    {"民族", XT_TEXT, 7},
    {"出生日期", XT_DATE, 0},
    {"年龄", XT_INT, 5},
    {"入党时间", XT_DATE, 0},
    {"党龄", XT_INT, 5},
    {"身份证号码", XT_TEXT, 20},
    {"联系电话", XT_TEXT, 13},
    {"户口类别", XT_TEXT, 8},
    {"家庭人口", XT_INT, 6},
    {"家庭住址", XT_TEXT, 26},
    {"文化程度", XT_TEXT, 8},
    {"人员类别", XT_TEXT, 10},
    {"状态", XT_TEXT, 7},
    {"所在党组织", XT_TEXT, 20},
    {"组织编码", XT_TEXT, 10},
    {"家庭收入来源及金额", XT_TEXT, 24},
    {"享受其他补贴名称金额", XT_TEXT, 24},
};
#define NCOLS (sizeof(member_cols) / sizeof(member_cols[0]))

struct member_sheet {
	struct xt_book *b;
	struct ymd today;
	struct bf_err *e;
	int full; /* the sheet's row limit was met: e says so */
};

static int member_row(const struct member *m, void *p)
{
	struct member_sheet *s = p;
	struct xt_book *b = s->b;
	size_t k = 0;
	xt_text(b, k++, m->name);
	xt_text(b, k++, m->gender);
	xt_text(b, k++, m->ethnicity);
	xt_cell(b, k++, m->birth_date);
	xt_num(b, k++, member_age_on(m, s->today));
	xt_cell(b, k++, m->joined_on);
	xt_num(b, k++, member_party_years_on(m, s->today));
	xt_text(b, k++, m->id_number);
	xt_text(b, k++, m->phone);
	xt_text(b, k++, m->household_type);
	xt_num(b, k++, m->household_size);
	const char *rest[] = {m->address,  m->education, m->member_type,    m->status,
			      m->org_name, m->org_code,	 m->income_sources, m->other_subsidies};
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		xt_text(b, k++, rest[i]);
	if (xt_row_end(b, s->e)) {
		s->full = 1;
		return 1; /* stops the walk */
	}
	return 0;
}

/* The audit detail of a revealed export: the list, its filters, the rows. */
static void audit_detail(struct strbuf *sb, const struct member_filter *f, const char *via,
			 long long rows)
{
	strbuf_addf(sb, "{\"fields\":[\"id_number\",\"phone\"],\"via\":\"");
	strbuf_add_json_str(sb, via);
	strbuf_addf(sb, "\",\"list\":\"members\",\"format\":\"xlsx\",\"rows\":%lld,\"filters\":{",
		    rows);
	strbuf_addf(sb, "\"org\":%lld", (long long)f->org_id);
	const char *keys[] = {"q", "status", "member_type"};
	const char *vals[] = {f->q, f->status, f->member_type};
	for (size_t i = 0; i < 3; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		char cut[160]; /* the detail stays under its 1 KiB */
		snprintf(cut, sizeof(cut), "%.*s", utf8_prefix(vals[i], 120), vals[i]);
		strbuf_addf(sb, ",\"%s\":\"", keys[i]);
		strbuf_add_json_str(sb, cut);
		strbuf_addch(sb, '"');
	}
	strbuf_adds(sb, "}}");
}

int io_member_xlsx(struct core *c, const struct actor *a, const struct member_filter *f, int reveal,
		   const char *via, const char *path, const char *tmpdir, long long *rows,
		   struct bf_err *e)
{
	struct member_sheet s = {.today = date_today(), .e = e};
	*rows = 0;
	if (reveal && !access_allowed(a, PERM_REVEAL)) /* before any work */
		return err_set(e, EC_FORBIDDEN, NULL, "您的角色不能导出完整的身份证号码和联系电话");
	if (xt_open(&s.b, path, tmpdir, "党员名册", member_cols, NCOLS, e))
		return -1;
	int rc = member_each_matching(c, a, f, reveal, member_row, &s, e);
	if (s.full)
		rc = -1;
	*rows = xt_rows(s.b);
	struct bf_err ce;
	if (xt_close(s.b, &ce) && !rc) {
		*e = ce;
		rc = -1;
	}
	if (!rc && reveal) {
		struct strbuf sb = STRBUF_INIT;
		audit_detail(&sb, f, via, *rows);
		rc = member_export_audit(c, a, sb.buf, e);
		strbuf_release(&sb);
	}
	if (rc)
		unlink(path);
	return rc;
}

/* export.c - every list of the console as an XLSX download (issue #10):
 * GET <list>.xlsx takes the very query of GET <list> (its filters; page
 * and size do not apply) and answers the whole list as a workbook with
 * Chinese headers, dates as dates, money in yuan, codes as their Chinese
 * names (xlsx_table.h).
 *
 * The member register streams from the store (io_member_xlsx, flat memory
 * for a million rows).  Every other list runs its own handler page after
 * page with the answer captured (struct req's capture), so an export has
 * the list's filters, scope and errors by construction, and turns each
 * item of the answer into a row by the table below.  The workbook is
 * written in a private temporary directory, unlinked once opened and sent
 * from the open file (reply_fd). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "io.h"
#include "payments_http.h"
#include "utf8.h"
#include "wrapper.h"
#include "xlsx_table.h"

#define XLSX_TYPE  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PAGE_ITEMS 200 /* the largest page every list answers */

/* ---- the file: a private directory, sent from the open file ---- */

struct out_file {
	char dir[1024], path[1100];
};

static int out_begin(struct out_file *o, struct bf_err *e)
{
	const char *tmp = getenv("TMPDIR");
	if ((size_t)snprintf(o->dir, sizeof(o->dir), "%s/bangfu-export-XXXXXX",
			     tmp && *tmp ? tmp : "/tmp") >= sizeof(o->dir))
		return err_set(e, EC_INTERNAL, NULL, "临时目录路径过长");
	if (!mkdtemp(o->dir)) /* 0700: private to this process's user */
		return err_set(e, EC_INTERNAL, NULL, "无法创建临时目录：%s", strerror(errno));
	snprintf(o->path, sizeof(o->path), "%s/list.xlsx", o->dir);
	return 0;
}

static void out_end(struct out_file *o)
{
	unlink(o->path);
	rmdir(o->dir);
}

/* Sends the finished workbook named "<title>_<today>.xlsx". */
static void out_send(struct req *r, struct out_file *o, const char *title)
{
	struct stat st;
	char name[256], today[11];
	int fd = open(o->path, O_RDONLY | O_CLOEXEC);
	out_end(o); /* the open file stays readable until sent */
	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		reply_code(r, EC_INTERNAL, NULL, "无法读取生成的文件");
		return;
	}
	date_format(date_today(), today);
	snprintf(name, sizeof(name), "%s_%s.xlsx", title, today);
	reply_disposition(r, name, 0);
	reply_fd(r, 200, fd, (uint64_t)st.st_size, XLSX_TYPE);
}

/* ---- the member register ---- */

void h_members_xlsx(struct req *r)
{
	struct member_filter f = {0};
	struct out_file o;
	struct bf_err e;
	int reveal;
	long long rows;
	if (req_id_arg(r, "org", &f.org_id) || req_int_arg(r, "reveal", 0, 0, 1, &reveal))
		return;
	f.q = req_arg(r, "q");
	f.status = req_arg(r, "status");
	f.member_type = req_arg(r, "member_type");
	if (out_begin(&o, &e) ||
	    io_member_xlsx(&r->core, &r->actor, &f, reveal, "api", o.path, o.dir, &rows, &e)) {
		rmdir(o.dir);
		reply_error(r, &e);
		return;
	}
	out_send(r, &o, "党员名册");
}

/* ---- the other lists, from their JSON answers ---- */

struct label {
	const char *code, *label;
};

struct jcol {
	const char *key; /* the item's field; "a.b": field b of object a; "#": 序号 */
	const char *header;
	enum xt_kind kind;
	double width;
	const struct label *labels; /* codes to Chinese, {NULL} at the end */
};

struct jlist {
	const char *title;	    /* the sheet and the file name */
	void (*list)(struct req *); /* the list's handler */
	const char *items;	    /* the array of its answer */
	const struct jcol *cols;
	size_t ncols;
	/* turns an item into what the columns show (NULL: as it is); names
	 * holds what it looked up, for the next items */
	void (*prep)(struct req *r, json_t *item, json_t *names);
};

static json_t *field(json_t *item, const char *key)
{
	const char *dot = strchr(key, '.');
	if (!dot)
		return json_object_get(item, key);
	char head[64];
	snprintf(head, sizeof(head), "%.*s", (int)(dot - key), key);
	return field(json_object_get(item, head), dot + 1);
}

static const char *label_of(const struct label *l, const char *code)
{
	for (; l && l->code; l++)
		if (!strcmp(l->code, code))
			return l->label;
	return code;
}

static void put_cell(struct xt_book *b, size_t k, const struct jcol *c, json_t *v)
{
	if (!v || json_is_null(v))
		return;
	if (json_is_boolean(v)) {
		xt_text(b, k, label_of(c->labels, json_is_true(v) ? "true" : "false"));
	} else if (json_is_integer(v)) {
		xt_num(b, k, (int64_t)json_integer_value(v));
	} else if (json_is_string(v)) {
		xt_cell(b, k, label_of(c->labels, json_string_value(v)));
	} else {
		char *t = json_dumps(v, JSON_COMPACT);
		xt_text(b, k, t && strcmp(t, "{}") ? t : "");
		free(t);
	}
}

/* Writes one answer's items; 0, or -1 with e (the sheet is full). */
static int put_items(struct req *r, const struct jlist *L, struct xt_book *b, json_t *items,
		     json_t *names, struct bf_err *e)
{
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *item = json_array_get(items, i);
		if (L->prep)
			L->prep(r, item, names);
		for (size_t k = 0; k < L->ncols; k++) {
			if (!strcmp(L->cols[k].key, "#"))
				xt_num(b, k, xt_rows(b) + 1);
			else
				put_cell(b, k, &L->cols[k], field(item, L->cols[k].key));
		}
		if (xt_row_end(b, e))
			return -1;
	}
	return 0;
}

/* Runs the list's handler for one page; its answer (owned by the caller)
 * or NULL when it answered an error, which is then replied. */
static json_t *list_page(struct req *r, const struct jlist *L, int page)
{
	r->capture.on = 1;
	r->capture.page = page;
	r->capture.size = PAGE_ITEMS;
	r->capture.status = 0;
	L->list(r);
	json_t *body = r->capture.body;
	int status = r->capture.status;
	memset(&r->capture, 0, sizeof(r->capture));
	if (body && status < 300)
		return body;
	if (body)
		reply_json(r, status, body); /* the list's own error */
	else
		reply_code(r, EC_INTERNAL, NULL, NULL);
	return NULL;
}

/* More pages after page: the answer says a total beyond them. */
static int more_pages(json_t *body, int page)
{
	json_t *total = json_object_get(body, "total");
	return json_is_integer(total) && (json_int_t)page * PAGE_ITEMS < json_integer_value(total);
}

/* The rows of every page into the workbook at o (caption: a row above
 * the header, NULL none; *rows: how many); 0, or -1 replied. */
static int write_pages(struct req *r, const struct jlist *L, json_t *first, struct out_file *o,
		       const char *caption, long long *rows)
{
	struct xt_col *cols = xcalloc(L->ncols, sizeof(*cols));
	struct xt_book *b = NULL;
	struct bf_err e;
	json_t *body = first, *names = json_object();
	for (size_t k = 0; k < L->ncols; k++)
		cols[k] = (struct xt_col){L->cols[k].header, L->cols[k].kind, L->cols[k].width};
	int rc = xt_open_captioned(&b, o->path, o->dir, L->title, caption, cols, L->ncols, &e);
	for (int page = 1; !rc && body; page++) {
		rc = put_items(r, L, b, json_object_get(body, L->items), names, &e);
		int more = !rc && more_pages(body, page);
		json_decref(body);
		body = more ? list_page(r, L, page + 1) : NULL;
		if (more && !body)
			rc = 1; /* replied */
	}
	json_decref(body);
	json_decref(names);
	if (b) {
		struct bf_err ce;
		if (rows)
			*rows = xt_rows(b);
		if (xt_close(b, &ce) && !rc) {
			e = ce;
			rc = -1;
		}
	}
	free(cols);
	if (rc < 0)
		reply_error(r, &e);
	return rc ? -1 : 0;
}

static void export_list(struct req *r, const struct jlist *L)
{
	struct out_file o;
	struct bf_err e;
	json_t *body = list_page(r, L, 1); /* the list's errors before any file */
	if (!body)
		return;
	if (out_begin(&o, &e)) {
		json_decref(body);
		reply_error(r, &e);
		return;
	}
	if (write_pages(r, L, body, &o, NULL, NULL)) {
		out_end(&o);
		return;
	}
	out_send(r, &o, L->title);
}

/* ---- the lists ---- */

static const struct label yes_no[] = {{"true", "是"}, {"false", "否"}, {NULL, NULL}};
static const struct label aid_kinds[] = {{"yearly", "生活困难帮扶"},
					 {"emergency", "突发事故救助"},
					 {"commendation", "表彰"},
					 {NULL, NULL}};

static const struct jcol case_cols[] = {
    {"id", "档案号", XT_INT, 7, NULL},
    {"member_name", "党员", XT_TEXT, 10, NULL},
    {"org_name", "所在党组织", XT_TEXT, 20, NULL},
    {"kind_label", "帮扶类型", XT_TEXT, 13, NULL},
    {"year", "年度", XT_INT, 6, NULL},
    {"round_title", "评定批次", XT_TEXT, 24, NULL},
    {"state_label", "状态", XT_TEXT, 16, NULL},
    {"category_label", "帮扶类别", XT_TEXT, 9, NULL},
    {"tier_label", "困难程度", XT_TEXT, 9, NULL},
    {"requested_fen", "申请金额（元）", XT_MONEY, 0, NULL},
    {"proposed_fen", "拟帮扶金额（元）", XT_MONEY, 0, NULL},
    {"approved_fen", "批准金额（元）", XT_MONEY, 0, NULL},
    {"pay_first", "先发后补", XT_TEXT, 8, yes_no},
    {"due_on", "办理期限", XT_DATE, 0, NULL},
    {"overdue", "是否逾期", XT_TEXT, 8, yes_no},
    {"created_at", "建档时间", XT_TIME, 0, NULL},
    {"updated_at", "最后更新", XT_TIME, 0, NULL},
};

static const struct label notice_status[] = {
    {"open", "公示中"}, {"closed", "已结束"}, {NULL, NULL}};

static const struct jcol notice_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"org_name", "公示组织", XT_TEXT, 20, NULL},
    {"kind", "帮扶类型", XT_TEXT, 13, aid_kinds},
    {"starts_on", "开始日期", XT_DATE, 0, NULL},
    {"ends_on", "结束日期", XT_DATE, 0, NULL},
    {"working_days", "工作日", XT_INT, 7, NULL},
    {"status", "状态", XT_TEXT, 8, notice_status},
    {"ncases", "公示人数", XT_INT, 8, NULL},
    {"open_objections", "待处理异议", XT_INT, 9, NULL},
    {"office", "受理单位", XT_TEXT, 20, NULL},
    {"office_phone", "受理电话", XT_TEXT, 14, NULL},
    {"created_at", "发布时间", XT_TIME, 0, NULL},
    {"closed_at", "结束时间", XT_TIME, 0, NULL},
};

static const struct jcol objection_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"received_on", "收到日期", XT_DATE, 0, NULL},
    {"channel_label", "反映方式", XT_TEXT, 9, NULL},
    {"reporter", "反映人", XT_TEXT, 10, NULL},
    {"content", "异议内容", XT_TEXT, 40, NULL},
    {"case_id", "档案号", XT_INT, 7, NULL},
    {"outcome_label", "处理结果", XT_TEXT, 18, NULL},
    {"reason", "处理理由", XT_TEXT, 30, NULL},
    {"handled_at", "处理时间", XT_TIME, 0, NULL},
    {"created_at", "登记时间", XT_TIME, 0, NULL},
};

static const struct label payers[] = {
    {"department", "组织部下拨（按比例分担）"}, {"committee", "党(工)委自有资金"}, {NULL, NULL}};
static const struct label methods[] = {{"bank", "银行转账"}, {"cash", "现金"}, {NULL, NULL}};
static const struct label signed_by[] = {
    {"signature", "本人签字"}, {"thumbprint", "按手印"}, {NULL, NULL}};

static const struct jcol batch_cols[] = {
    {"id", "批次号", XT_INT, 7, NULL},
    {"org_name", "发放组织", XT_TEXT, 18, NULL},
    {"payer", "资金来源", XT_TEXT, 24, payers},
    {"value_date", "发放日期", XT_DATE, 0, NULL},
    {"method", "发放方式", XT_TEXT, 9, methods},
    {"count", "人数", XT_INT, 6, NULL},
    {"total_fen", "合计金额（元）", XT_MONEY, 0, NULL},
    {"memo", "摘要", XT_TEXT, 30, NULL},
    {"batch_ref", "批次编码", XT_TEXT, 10, NULL},
    {"created_at", "登记时间", XT_TIME, 0, NULL},
};

static const struct jcol payment_cols[] = {
    {"id", "发放编号", XT_INT, 8, NULL},
    {"case_id", "档案号", XT_INT, 7, NULL},
    {"member_name", "党员", XT_TEXT, 10, NULL},
    {"org_name", "所在党组织", XT_TEXT, 20, NULL},
    {"amount_fen", "金额（元）", XT_MONEY, 0, NULL},
    {"pay_first", "先发后补", XT_TEXT, 8, yes_no},
    {"value_date", "发放日期", XT_DATE, 0, NULL},
    {"receipt.date", "签收日期", XT_DATE, 0, NULL},
    {"receipt.method", "签收方式", XT_TEXT, 9, methods},
    {"receipt.signed_by", "签字或手印", XT_TEXT, 10, signed_by},
    {"receipt.handed_by", "经手人", XT_TEXT, 14, NULL},
    {"receipt.note", "备注", XT_TEXT, 20, NULL},
};

static const struct label loan_status[] = {
    {"active", "还款中"}, {"repaid", "已还清"}, {NULL, NULL}};

static const struct jcol loan_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"member_name", "借款人", XT_TEXT, 10, NULL},
    {"org_name", "出借基金", XT_TEXT, 18, NULL},
    {"case_id", "档案号", XT_INT, 7, NULL},
    {"principal_fen", "本金（元）", XT_MONEY, 0, NULL},
    {"rate_bp", "年利率（%）", XT_MONEY, 9, NULL}, /* basis points: hundredths of a per cent */
    {"months", "期数", XT_INT, 6, NULL},
    {"start_on", "放款日期", XT_DATE, 0, NULL},
    {"repaid_principal_fen", "已还本金（元）", XT_MONEY, 0, NULL},
    {"repaid_interest_fen", "已还利息（元）", XT_MONEY, 0, NULL},
    {"outstanding_principal_fen", "未还本金（元）", XT_MONEY, 0, NULL},
    {"status", "状态", XT_TEXT, 8, loan_status},
    {"purpose", "用途", XT_TEXT, 30, NULL},
};

static const struct label recovery_status[] = {
    {"open", "追回中"}, {"settled", "已追回"}, {"written_off", "已核销"}, {NULL, NULL}};

static const struct jcol recovery_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"member_name", "党员", XT_TEXT, 10, NULL},
    {"case_id", "档案号", XT_INT, 7, NULL},
    {"org_name", "基金", XT_TEXT, 18, NULL},
    {"found_on", "认定日期", XT_DATE, 0, NULL},
    {"amount_fen", "应追回（元）", XT_MONEY, 0, NULL},
    {"repaid_fen", "已追回（元）", XT_MONEY, 0, NULL},
    {"written_off_fen", "核销（元）", XT_MONEY, 0, NULL},
    {"outstanding_fen", "尚欠（元）", XT_MONEY, 0, NULL},
    {"status", "状态", XT_TEXT, 8, recovery_status},
    {"finding", "认定事由", XT_TEXT, 36, NULL},
    {"write_off_reason", "核销理由", XT_TEXT, 24, NULL},
};

static const struct label todo_kinds[] = {{"case", "待办案件"},
					  {"notice", "公示待结束"},
					  {"objection", "异议待处理"},
					  {"paperwork", "先发后补待补材料"},
					  {"roll", "台账待确认"},
					  {"receipt", "发放待签收"},
					  {"loan", "借款逾期"},
					  {"visit", "走访慰问待走访"},
					  {"pairing", "结对帮扶待记录"},
					  {"talk", "谈心谈话待开展"},
					  {NULL, NULL}};

static const struct jcol todo_cols[] = {
    {"kind", "类别", XT_TEXT, 14, todo_kinds},	 {"title", "事项", XT_TEXT, 30, NULL},
    {"member_name", "党员", XT_TEXT, 10, NULL},	 {"org_name", "组织", XT_TEXT, 20, NULL},
    {"state_label", "状态", XT_TEXT, 16, NULL},	 {"due_on", "期限", XT_DATE, 0, NULL},
    {"overdue", "是否逾期", XT_TEXT, 8, yes_no}, {"estimated", "期限为估算", XT_TEXT, 9, yes_no},
    {"case_id", "档案号", XT_INT, 7, NULL},
};

static const struct jcol user_cols[] = {
    {"username", "用户名", XT_TEXT, 14, NULL},
    {"display_name", "姓名", XT_TEXT, 16, NULL},
    {"role_name", "角色", XT_TEXT, 11, NULL},
    {"org_name", "所在组织", XT_TEXT, 20, NULL},
    {"active", "启用", XT_TEXT, 6, yes_no},
    {"must_change_password", "须修改密码", XT_TEXT, 9, yes_no},
    {"password_changed_at", "密码修改时间", XT_TIME, 0, NULL},
};

static const struct jcol audit_cols[] = {
    {"seq", "序号", XT_INT, 8, NULL},		{"at", "时间", XT_TIME, 0, NULL},
    {"user_name", "操作人", XT_TEXT, 12, NULL}, {"action", "操作", XT_TEXT, 14, NULL},
    {"entity", "对象", XT_TEXT, 10, NULL},	{"entity_id", "对象编号", XT_INT, 9, NULL},
    {"addr", "来源地址", XT_TEXT, 15, NULL},	{"detail", "详情", XT_LINES, 50, NULL},
};

/* the hardship roll (issue #11) as the 台账 a branch hands in (seeds 000,
 * 002): 序号, the member, the category and tier, the facts; the values of
 * the day asked (as_of) when it was */
static const struct jcol roll_cols[] = {
    {"#", "序号", XT_INT, 6, NULL},
    {"member_name", "姓名", XT_TEXT, 10, NULL},
    {"gender", "性别", XT_TEXT, 5, NULL},
    {"birth_date", "出生日期", XT_DATE, 0, NULL},
    {"id_number", "身份证号码", XT_TEXT, 20, NULL},
    {"phone", "联系电话", XT_TEXT, 13, NULL},
    {"address", "家庭住址", XT_TEXT, 26, NULL},
    {"org_name", "所在党组织", XT_TEXT, 20, NULL},
    {"category_label", "类别", XT_TEXT, 8, NULL},
    {"tier_label", "档次", XT_TEXT, 9, NULL},
    {"causes_text", "致困原因", XT_TEXT, 16, NULL},
    {"household", "家庭结构", XT_TEXT, 16, NULL},
    {"household_size", "家庭人口", XT_INT, 8, NULL},
    {"income_fen", "人均年纯收入（元）", XT_MONEY, 0, NULL},
    {"income_sources", "收入来源", XT_TEXT, 16, NULL},
    {"subsidies", "享受其他补贴", XT_TEXT, 16, NULL},
    {"state_of_mind", "思想动态", XT_LINES, 24, NULL},
    {"needs", "急需何种帮助", XT_LINES, 24, NULL},
    {"since_on", "纳入日期", XT_DATE, 0, NULL},
    {"status_label", "状态", XT_TEXT, 10, NULL},
    {"review_label", "登记审核", XT_TEXT, 14, NULL},
    {"until_on", "脱困日期", XT_DATE, 0, NULL},
    {"exit_reason.label", "脱困原因", XT_TEXT, 12, NULL},
    {"id", "台账编号", XT_INT, 8, NULL},
};

#define COLS(a) a, sizeof(a) / sizeof(a[0])
/* GET <list>.xlsx: the list's handler, its answer's array, its columns. */
#define EXPORT(fn, title, list, items, cols)                                                       \
	void fn(struct req *r)                                                                     \
	{                                                                                          \
		static const struct jlist L = {title, list, items, COLS(cols), NULL};              \
		export_list(r, &L);                                                                \
	}

EXPORT(h_cases_xlsx, "帮扶档案", h_cases_list, "items", case_cols)
EXPORT(h_notices_xlsx, "公示", h_notices_list, "items", notice_cols)
EXPORT(h_objections_xlsx, "公示异议", h_objections_list, "items", objection_cols)
EXPORT(h_pay_batches_xlsx, "发放批次", h_pay_batches_list, "items", batch_cols)
EXPORT(h_pay_batch_lines_xlsx, "发放明细", h_pay_batch_get, "payments", payment_cols)
EXPORT(h_recoveries_xlsx, "追回款", h_recoveries_list, "items", recovery_cols)
EXPORT(h_todo_xlsx, "待办事项", h_todo, "items", todo_cols)
EXPORT(h_users_xlsx, "用户", h_users_list, "items", user_cols)

/* Training sessions (技能培训): ?topic= and ?year= are the list's filters. */
static const struct jcol training_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"title", "培训名称", XT_TEXT, 24, NULL},
    {"topic_label", "类别", XT_TEXT, 8, NULL},
    {"start_on", "开始日期", XT_DATE, 0, NULL},
    {"end_on", "结束日期", XT_DATE, 0, NULL},
    {"place", "培训地点", XT_TEXT, 18, NULL},
    {"org_name", "举办组织", XT_TEXT, 18, NULL},
    {"organiser", "组织单位", XT_TEXT, 18, NULL},
    {"trainer", "授课人", XT_TEXT, 10, NULL},
    {"hours_text", "学时", XT_TEXT, 6, NULL},
    {"present", "出席", XT_INT, 6, NULL},
    {"excused", "请假", XT_INT, 6, NULL},
    {"absent", "缺席", XT_INT, 6, NULL},
};
EXPORT(h_training_xlsx, "技能培训", h_training_list, "items", training_cols)

/* Pairings (结对帮扶): the list's filters (?org, ?member, ?helper,
 * ?status, ?stale=1) and scope. */
static const struct jcol pairing_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"member_name", "帮扶对象", XT_TEXT, 10, NULL},
    {"org_name", "所在党组织", XT_TEXT, 18, NULL},
    {"helper_name", "帮扶人", XT_TEXT, 10, NULL},
    {"helper_post", "帮扶人职务", XT_TEXT, 16, NULL},
    {"helper_org_name", "帮扶人所在组织", XT_TEXT, 18, NULL},
    {"goal", "帮扶目标", XT_TEXT, 24, NULL},
    {"measures", "帮扶措施", XT_TEXT, 30, NULL},
    {"start_on", "开始日期", XT_DATE, 0, NULL},
    {"target_on", "目标完成日期", XT_DATE, 0, NULL},
    {"place", "帮扶地点", XT_TEXT, 14, NULL},
    {"matter", "帮扶事项", XT_TEXT, 20, NULL},
    {"status_label", "状态", XT_TEXT, 8, NULL},
    {"records", "帮扶记录数", XT_INT, 8, NULL},
    {"last_record_on", "最近帮扶日期", XT_DATE, 0, NULL},
    {"end_on", "结束日期", XT_DATE, 0, NULL},
    {"end_reason_label", "结束方式", XT_TEXT, 12, NULL},
    {"end_note", "结束原因", XT_TEXT, 20, NULL},
    {"outcome", "帮扶成效", XT_TEXT, 24, NULL},
};
EXPORT(h_pairings_xlsx, "结对帮扶", h_pairings_list, "items", pairing_cols)

/* Visits and visit tasks (走访慰问): the list's filters (?round, ?member,
 * ?org, ?occasion, ?from, ?to, ?pending, ?late, ?in_round) and scope. */
static const struct jcol visit_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"member_name", "走访对象", XT_TEXT, 10, NULL},
    {"org_name", "所在党组织", XT_TEXT, 18, NULL},
    {"occasion_label", "走访事由", XT_TEXT, 12, NULL},
    {"round_title", "走访慰问轮次", XT_TEXT, 20, NULL},
    {"category_label", "帮扶类别", XT_TEXT, 8, NULL},
    {"due_on", "完成期限", XT_DATE, 0, NULL},
    {"visited_on", "走访日期", XT_DATE, 0, NULL},
    {"late", "逾期未访", XT_TEXT, 8, yes_no},
    {"visitors", "走访人员", XT_TEXT, 16, NULL},
    {"found", "走访情况", XT_TEXT, 30, NULL},
    {"std_gift_fen", "标准慰问金（元）", XT_MONEY, 0, NULL},
    {"gift_fen", "慰问金（元）", XT_MONEY, 0, NULL},
    {"goods", "慰问物品", XT_TEXT, 16, NULL},
    {"goods_value_fen", "物品价值（元）", XT_MONEY, 0, NULL},
};
EXPORT(h_visits_xlsx, "走访慰问", h_visits_list, "items", visit_cols)
/* Help plans (帮扶计划): the list's filters (?org, ?year, ?member,
 * ?overdue=1) and scope, with each plan's measures counted. */
static const struct jcol help_plan_cols[] = {
    {"id", "编号", XT_INT, 6, NULL},
    {"year", "年度", XT_INT, 6, NULL},
    {"member_name", "帮扶对象", XT_TEXT, 10, NULL},
    {"org_name", "所在党组织", XT_TEXT, 18, NULL},
    {"category_label", "帮扶类别", XT_TEXT, 9, NULL},
    {"goal", "帮扶目标", XT_TEXT, 30, NULL},
    {"measures", "措施数", XT_INT, 7, NULL},
    {"done", "已完成", XT_INT, 7, NULL},
    {"dropped", "已放弃", XT_INT, 7, NULL},
    {"overdue", "逾期", XT_INT, 6, NULL},
    {"next_due_on", "最近完成期限", XT_DATE, 0, NULL},
};
EXPORT(h_help_plans_xlsx, "帮扶计划", h_help_plans_list, "items", help_plan_cols)

/* Talks (谈心谈话): the list's filters (?org, ?member, ?year, ?kind, ?q). */
static const struct jcol talk_cols[] = {
    {"talked_on", "谈话日期", XT_DATE, 0, NULL},   {"member_name", "谈话对象", XT_TEXT, 10, NULL},
    {"org_name", "所在党组织", XT_TEXT, 20, NULL}, {"talker_name", "谈话人", XT_TEXT, 10, NULL},
    {"kind_label", "谈话类型", XT_TEXT, 14, NULL}, {"note", "谈话记录", XT_LINES, 40, NULL},
};
EXPORT(h_care_talks_xlsx, "谈心谈话", h_care_talks_list, "items", talk_cols)

/* Honours (表彰名单, issue #12): the list's filters (?round, ?member) and
 * scope. */
static const struct jcol honour_cols[] = {
    {"year", "年度", XT_INT, 6, NULL},
    {"honour_label", "表彰类别", XT_TEXT, 14, NULL},
    {"nominee_name", "姓名（名称）", XT_TEXT, 16, NULL},
    {"org_name", "推荐党组织", XT_TEXT, 18, NULL},
    {"committee_name", "所属党(工)委", XT_TEXT, 18, NULL},
    {"deeds", "主要事迹", XT_LINES, 50, NULL},
    {"opinion", "党(工)委审核意见", XT_TEXT, 24, NULL},
    {"approved_on", "批准日期", XT_DATE, 0, NULL},
    {"round_title", "表彰评选", XT_TEXT, 24, NULL},
};
EXPORT(h_honours_xlsx, "表彰名单", h_honours_list, "items", honour_cols)

/* The roll's caption: the organisation (?org, else the user's own), the
 * view and the day (?as_of, else today). */
static void roll_caption(struct req *r, char *out, size_t cap)
{
	static const struct label views[] = {
	    {"pending", "（待确认）"}, {"exited", "（已脱困）"}, {"all", "（全部）"}, {NULL, NULL}};
	int64_t org = 0;
	struct org o;
	struct bf_err e;
	char today[11];
	const char *as_of = req_arg(r, "as_of"), *view = req_arg(r, "view");
	const char *oid = req_arg(r, "org");
	if (oid && *oid)
		org = strtoll(oid, NULL, 10);
	if (!org)
		org = r->actor.org_id;
	date_format(date_today(), today);
	const char *v = view && *view ? label_of(views, view) : "";
	snprintf(out, cap, "%s困难党员台账%s（截至 %s）",
		 org && !org_get(&r->core, &r->actor, org, &o, &e) ? o.name : "",
		 v == view ? "" : v, as_of && *as_of ? as_of : today);
}

/* The audit detail of a revealed roll: the list, its filters, the rows. */
static void roll_reveal_detail(struct req *r, long long rows, struct strbuf *sb)
{
	static const char *const keys[] = {
	    "org",     "member",     "view",	 "as_of",      "category",   "tier", "cause",
	    "flagged", "since_from", "since_to", "income_min", "income_max", "q",    "sort"};
	strbuf_addf(sb,
		    "{\"fields\":[\"id_number\",\"phone\"],\"via\":\"api\",\"list\":\"roll\","
		    "\"format\":\"xlsx\",\"rows\":%lld,\"filters\":{",
		    rows);
	int first = 1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = req_arg(r, keys[i]);
		if (!v || !*v)
			continue;
		char cut[160]; /* the detail stays under its 1 KiB */
		snprintf(cut, sizeof(cut), "%.*s", utf8_prefix(v, 40), v);
		strbuf_addf(sb, "%s\"%s\":\"", first ? "" : ",", keys[i]);
		strbuf_add_json_str(sb, cut);
		strbuf_addch(sb, '"');
		first = 0;
	}
	strbuf_adds(sb, "}}");
}

/* GET /api/v1/roll.xlsx: the list's query; reveal=1 shows the ID numbers
 * and phones in full (PERM_REVEAL, audited like members.xlsx). */
void h_roll_xlsx(struct req *r)
{
	static const struct jlist L = {"困难党员台账", h_roll_list, "items", COLS(roll_cols), NULL};
	struct out_file o;
	struct bf_err e;
	char caption[400];
	long long rows = 0;
	int reveal;
	if (req_int_arg(r, "reveal", 0, 0, 1, &reveal))
		return;
	if (reveal && !access_allowed(&r->actor, PERM_REVEAL)) { /* before any work */
		reply_code(r, EC_FORBIDDEN, NULL, "您的角色不能导出完整的身份证号码和联系电话");
		return;
	}
	json_t *body = list_page(r, &L, 1);
	if (!body)
		return;
	if (out_begin(&o, &e)) {
		json_decref(body);
		reply_error(r, &e);
		return;
	}
	roll_caption(r, caption, sizeof(caption));
	if (write_pages(r, &L, body, &o, caption, &rows)) {
		out_end(&o);
		return;
	}
	if (reveal) {
		struct strbuf sb = STRBUF_INIT;
		roll_reveal_detail(r, rows, &sb);
		int rc = member_export_audit(&r->core, &r->actor, sb.buf, &e);
		strbuf_release(&sb);
		if (rc) {
			out_end(&o);
			reply_error(r, &e);
			return;
		}
	}
	out_send(r, &o, L.title);
}

/* An organisation's name for an audit detail, looked up once (names). */
struct org_names {
	struct req *r;
	json_t *names;
};

static const char *audit_org_name(int64_t id, void *p)
{
	struct org_names *n = p;
	char key[32];
	snprintf(key, sizeof(key), "%lld", (long long)id);
	json_t *have = json_object_get(n->names, key);
	if (!have) {
		struct org o;
		struct bf_err e;
		have = org_get(&n->r->core, &n->r->actor, id, &o, &e) ? json_null() : jstr(o.name);
		json_object_set_new(n->names, key, have);
	}
	return json_string_value(have);
}

/* An audit row as the audit page reads it (core/register/audit_words.c):
 * the action and the object in words, the detail as 「字段：旧 → 新」 lines. */
static void audit_prep(struct req *r, json_t *item, json_t *names)
{
	const char *action = json_string_value(json_object_get(item, "action"));
	const char *entity = json_string_value(json_object_get(item, "entity"));
	json_t *detail = json_object_get(item, "detail");
	const char *event = json_string_value(json_object_get(detail, "event"));
	const char *what = audit_word(audit_entities, entity);
	char name[128];
	audit_action_name(action ? action : "", entity, event, name, sizeof(name));
	struct strbuf sb = STRBUF_INIT;
	struct org_names n = {r, names};
	char *text = json_is_string(detail) ? NULL : json_dumps(detail, JSON_COMPACT);
	audit_detail_text(action ? action : "", entity, text ? text : json_string_value(detail),
			  audit_org_name, &n, &sb);
	free(text);
	json_object_set_new(item, "action", json_string(name));
	json_object_set_new(item, "entity",
			    entity && *entity ? json_string(what ? what : "其他") : json_null());
	json_object_set_new(item, "detail", json_string(sb.len ? sb.buf : ""));
	strbuf_release(&sb);
}

void h_audit_xlsx(struct req *r)
{
	static const struct jlist L = {"审计日志", h_audit_list, "items", COLS(audit_cols),
				       audit_prep};
	export_list(r, &L);
}

/* Round progress: a column per state of the procedure (the states' own
 * Chinese names), then the totals. */
static const char *const progress_states[] = {"applied",   "investigated", "appraised", "decided",
					      "in_notice", "noticed",	   "submitted", "reviewed",
					      "approved",  "screening",	   "screened",	"paid",
					      "verified",  "returned",	   "rejected"};
#define NSTATES (sizeof(progress_states) / sizeof(progress_states[0]))

void h_round_progress_xlsx(struct req *r)
{
	struct jcol cols[NSTATES + 4];
	char keys[NSTATES][32];
	size_t n = 0;
	cols[n++] = (struct jcol){"org_name", "组织", XT_TEXT, 22, NULL};
	cols[n++] = (struct jcol){"own", "本级", XT_TEXT, 6, yes_no};
	for (size_t i = 0; i < NSTATES; i++) {
		snprintf(keys[i], sizeof(keys[i]), "by_state.%s", progress_states[i]);
		cols[n++] =
		    (struct jcol){keys[i], case_state_label(progress_states[i]), XT_INT, 9, NULL};
	}
	cols[n++] = (struct jcol){"total", "合计", XT_INT, 7, NULL};
	cols[n++] = (struct jcol){"late", "逾期", XT_INT, 7, NULL};
	struct jlist L = {"评定进度", h_round_progress, "items", cols, n, NULL};
	export_list(r, &L);
}

/* Loans: ?status= and ?overdue=1 (有逾期) are the list's own filters. */
EXPORT(h_loans_xlsx, "创业借款", h_loans_list, "items", loan_cols)

/* audit_words.c - the audit log in words: the one table of the Chinese names
 * of its action codes, objects and detail fields (GET /api/v1/meta publishes
 * it for the console; the audit export renders details with it), and the
 * detail object as lines 「字段：旧 → 新」.  What has no Chinese name (ids of
 * the chain, versions, hashes, unknown keys) is left out of the lines: the
 * console keeps it under 校验信息. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "cases.h"
#include "money.h"
#include "register.h"
#include "strbuf.h"

/* Actions with a name of their own, and the colour of their tag. */
const struct audit_word audit_actions[] = {
    {"login", "登录", "success"},
    {"login_failed", "登录失败", "danger"},
    {"logout", "退出登录", "info"},
    {"reveal", "查看完整信息", "danger"},
    {"demo", "生成演示数据", "info"},
    {"disable", "停用账号", "danger"},
    {"enable", "启用账号", "success"},
    {"password_reset", "重置密码", "warning"},
    {"password_change", "修改密码", "warning"},
    {"session_end", "结束登录会话", "info"},
    {"session_end_others", "结束其他登录会话", "info"},
    {"round_open", "开启年度帮扶", "primary"},
    {"round_close", "结束年度帮扶", "info"},
    {"visit_round_open", "开启走访慰问", "primary"},
    {"visit_round_refresh", "补充走访任务", "primary"},
    {"visit_record", "登记走访", "success"},
    {"visit_attach", "上传走访附件", "primary"},
    {"attach", "上传附件", "primary"},
    {"dossier", "登记档案材料", "primary"},
    {"paperwork_done", "补齐手续", "success"},
    {"approve_batch", "批量审批", "warning"},
    {"notice_open", "发布公示", "primary"},
    {"notice_close", "结束公示", "info"},
    {"objection_add", "登记异议", "warning"},
    {"objection_handle", "处理异议", "warning"},
    {"policy_save", "保存政策参数", "warning"},
    {"calendar_set", "设置工作日历", "warning"},
    {"calendar_clear", "清除日历修改", "warning"},
    {"calendar_year", "确认全年日历", "warning"},
    {"calendar_load", "导入全年日历", "warning"},
    {"fund.create", "开立基金", "primary"},
    {"ledger.post", "基金记账", "primary"},
    {"ledger.batch", "批量记账", "primary"},
    {"loan.create", "发放创业借款", "danger"},
    {"loan.repay", "借款还款", "success"},
    {"pay.batch", "资金拨付", "danger"},
    {"pay.gift", "慰问金支出", "danger"},
    {"pay.receipt", "签收登记", "success"},
    {"pay.receipt_scan", "上传签收扫描件", "primary"},
    {"recovery.create", "登记追回", "warning"},
    {"recovery.repay", "追回还款", "success"},
    {"recovery.write_off", "核销追回款", "danger"},
    /* screening before payment (issue #11) */
    {"screening_clear", "排除筛查发现", "warning"},
    {"screening_overrule", "裁定筛查发现", "danger"},
    {"household_link", "关联家庭成员", "primary"},
    {"household_unlink", "解除家庭成员关联", "warning"},
    {"other_district_import", "导入外区县台账名单", "primary"},
    {"screening_batch_create", "录入救助系统", "primary"},
    {"screening_batch_answer", "导入筛查结果", "warning"},
    {"talk_create", "记录谈心谈话", "primary"},
    {"greeting_create", "记录政治生日祝福", "primary"},
    {"celebration_create", "登记集体政治生日活动", "primary"},
    {"celebration_attend", "登记活动参加人员", "primary"},

    {"commendation_round_open", "开启表彰评选", "primary"},
    {"commendation_quotas_set", "分配表彰名额", "warning"},
    {"commendation_notice", "发布表彰公示", "primary"},
    {"commendation_approve", "审批表彰", "success"},
    {"nomination_add", "提名表彰对象", "primary"},
    {"nomination_review", "审核表彰提名", "warning"},
    {"nomination_reject", "撤销表彰提名", "danger"},
    {"roll_register", "登记困难党员", "primary"},
    {"roll_relapse", "登记返贫", "warning"},
    {"roll_confirm", "确认台账", "success"},
    {"roll_reject", "退回台账登记", "warning"},
    {"roll_update", "修改台账", "warning"},
    {"roll_exit", "办理脱困", "warning"},
    {"roll_exit_confirm", "确认脱困", "success"},
    {"training_create", "登记培训", "primary"},
    {"training_attend", "登记培训出勤", "primary"},
    {"training_update", "修改培训", "warning"},
    {"training_delete", "删除培训", "danger"},
    {"member_file", "打印一人一档", "warning"},
    {"roll_exit_reject", "退回脱困", "warning"},
    {"roll_review_open", "开启台账动态调整", "primary"},
    {"roll_review_close", "结束台账动态调整", "info"},
    {"roll_review_decide", "填报台账动态调整", "primary"},
    {"roll_review_return", "退回台账动态调整", "warning"},
    {"roll_review_confirm", "确认台账动态调整", "success"},
    /* pairing and help records (结对帮扶, issue #12) */
    {"pairing_create", "建立结对帮扶", "primary"},
    {"pairing_end", "结束结对帮扶", "info"},
    {"help_record_add", "登记帮扶记录", "primary"},
    {"help_record_attach", "上传帮扶记录附件", "primary"},
    /* help plans (帮扶计划, issue #12) */
    {"plan_create", "制定帮扶计划", "primary"},
    {"plan_update", "修改帮扶计划", "warning"},
    {"plan_measure_add", "添加帮扶措施", "primary"},
    {"plan_measure_update", "更新帮扶措施", "warning"},
    {"plan_note_add", "登记措施进展", "primary"},
    {"plan_review", "帮扶计划复核", "success"},
    {"visit_task_make", "生成走访任务", "primary"},
    {"visit_task_close", "关闭走访任务", "info"},
    /* verification visits after payment (走访核查) */
    {"verification.create", "发起核查抽样", "primary"},
    {"verification.assign", "分派核查", "primary"},
    {"verification.record", "核查登记", "warning"},
    {"verification.reveal_phone", "查看核查对象电话", "danger"},
    {"verification.close", "结束核查", "info"},
    {NULL, NULL, NULL},
};

/* Generic verbs, joined with the object: 修改 + 党员. */
const struct audit_word audit_verbs[] = {
    {"create", "新增", "primary"}, {"update", "修改", "warning"}, {"delete", "删除", "danger"},
    {"import", "导入", "primary"}, {"export", "导出", "warning"}, {NULL, NULL, NULL},
};

/* A case step (action "step") reads as what was done to the case; the
 * other events as 「办理案件：<the event>」. */
static const struct audit_word step_names[] = {
    {"approve", "审批案件", NULL},
    {"review", "审核案件", NULL},
    {"submit", "上报案件", NULL},
    {"decide", "支委会研究案件", NULL},
    {"reject", "不予帮扶", NULL},
    {"return", "退回案件", NULL},
    {NULL, NULL, NULL},
};

const struct audit_word audit_entities[] = {
    {"member", "党员", NULL},
    {"org", "组织", NULL},
    {"user", "用户", NULL},
    {"session", "会话", NULL},
    {"case", "帮扶案件", NULL},
    {"round", "年度帮扶", NULL},
    {"notice", "公示", NULL},
    {"objection", "异议", NULL},
    {"policy", "政策参数", NULL},
    {"calendar", "工作日历", NULL},
    {"attachment", "附件", NULL},
    {"fund", "帮扶基金", NULL},
    {"posting", "记账凭证", NULL},
    {"pay_batch", "拨付批次", NULL},
    {"payment", "发放记录", NULL},
    {"loan", "创业借款", NULL},
    {"recovery", "资金追回", NULL},
    {"screening_batch", "筛查批次", NULL},
    {"screening", "程序筛查", NULL},
    {"talk", "谈心谈话", NULL},
    {"greeting", "政治生日祝福", NULL},
    {"celebration", "集体政治生日活动", NULL},

    {"commendation_round", "表彰评选", NULL},
    {"nomination", "表彰提名", NULL},
    {"roll_entry", "困难党员台账", NULL},
    {"training_session", "技能培训", NULL},
    {"roll_review", "台账动态调整", NULL},
    {"roll_review_item", "台账动态调整事项", NULL},
    {"verification", "走访核查", NULL},
    {"verification_check", "核查记录", NULL},
    {"pairing", "结对帮扶", NULL},
    {"help_plan", "帮扶计划", NULL},
    {"visit_round", "走访慰问轮次", NULL},
    {"visit", "走访记录", NULL},
    {NULL, NULL, NULL},
};

/* The detail's keys (those of "changes" too) with a Chinese name; a row
 * with an entity is that object's own word for the key. */
const struct audit_field audit_fields[] = {
    /* a help plan's own words (帮扶计划; before the shared rows) */
    {"kind", "help_plan", "措施类别", "text"},
    {"status", "help_plan", "措施进展", "text"},
    {"total", "help_plan", "措施总数", "text"},
    /* a member's record (member edits: changes) */
    {"name", "member", "姓名", "text"},
    {"gender", NULL, "性别", "text"},
    {"ethnicity", NULL, "民族", "text"},
    {"birth_date", NULL, "出生日期", "text"},
    {"joined_on", NULL, "入党日期", "text"},
    {"id_number", NULL, "身份证号码", "text"},
    {"phone", NULL, "联系电话", "text"},
    {"household_type", NULL, "户口性质", "text"},
    {"household_size", NULL, "家庭人口", "text"},
    {"address", NULL, "家庭住址", "text"},
    {"education", NULL, "学历", "text"},
    {"member_type", NULL, "党员类别", "text"},
    {"status", "member", "人员状态", "text"},
    {"income_sources", NULL, "收入来源", "text"},
    {"other_subsidies", NULL, "其他补助", "text"},
    {"family", NULL, "家庭成员", "text"},
    {"org_id", "member", "所属组织", "org"},
    {"items", "member", "档案记录条数", "text"},
    /* a talk (谈心谈话) */
    {"talked_on", NULL, "谈话日期", "text"},
    {"talk_kind", NULL, "谈话类型", "text"},
    {"occasion", NULL, "走访事由", "text"},
    {"goods_value", NULL, "物品价值", "money"},
    {"talker_name", NULL, "谈话人", "text"},
    /* a greeting and the 1 July celebration (政治生日) */
    {"year", "greeting", "政治生日年份", "text"},
    {"greeted_on", NULL, "祝福日期", "text"},
    {"greeting_way", NULL, "祝福方式", "text"},
    {"greeted_by", NULL, "祝福人", "text"},
    {"held_on", NULL, "活动日期", "text"},
    {"title", "celebration", "活动名称", "text"},
    {"place", "celebration", "活动地点", "text"},
    {"org_id", "celebration", "组织", "org"},
    {"attendees", NULL, "参加人数", "text"},
    {"oath", NULL, "重温入党誓词人数", "text"},

    /* commendations (表彰) */
    {"nominate_by", NULL, "提名截止", "text"},
    {"quotas", NULL, "名额项数", "text"},
    {"honour", NULL, "表彰类别", "text"},
    {"nominee", NULL, "被提名对象", "text"},
    {"opinion", "nomination", "审核意见", "text"},
    {"status", "nomination", "提名状态", "text"},
    {"round_id", "nomination", "表彰评选", "text"},
    {"nomination_id", NULL, "表彰提名", "text"},
    /* a roll entry (困难党员台账) */
    {"status", "roll_entry", "台账状态", "text"},
    {"title", "training_session", "培训名称", "text"},
    {"topic", "training_session", "培训类别", "text"},
    {"start_on", "training_session", "开始日期", "text"},
    {"end_on", "training_session", "结束日期", "text"},
    {"marks", "training_session", "出勤名单", "text"},
    {"org_id", "training_session", "举办组织", "org"},
    {"place", "training_session", "培训地点", "text"},
    {"organiser", "training_session", "组织单位", "text"},
    {"trainer", "training_session", "授课人", "text"},
    {"hours", "training_session", "学时", "text"},
    {"source", "roll_entry", "来源", "text"},
    {"since_on", NULL, "纳入日期", "text"},
    {"category", NULL, "类别", "text"},
    {"tier", NULL, "档次", "text"},
    {"exit_on", NULL, "脱困日期", "text"},
    {"exit_reason", NULL, "脱困原因", "text"},
    {"effective_on", NULL, "生效日期", "text"},
    {"relapse_of", NULL, "前一时段", "text"},
    {"roll_id", NULL, "台账记录", "text"},
    /* demo data (on the root organisation): whether cases were made */
    {"cases", "org", "生成帮扶案件", "yes_no"},
    /* everything else */
    {"member", NULL, "党员", "text"},
    {"name", NULL, "名称", "text"},
    {"display_name", NULL, "姓名", "text"},
    {"username", NULL, "用户名", "text"},
    {"role", NULL, "角色", "role"},
    {"org_id", NULL, "组织", "org"},
    {"org_code", NULL, "组织编码", "text"},
    {"org_name", NULL, "组织", "text"},
    {"code", NULL, "编码", "text"},
    {"kind", NULL, "类型", "kind"},
    {"state", NULL, "状态", "state"},
    {"reason", NULL, "理由", "text"},
    {"note", NULL, "备注", "text"},
    {"year", NULL, "年度", "text"},
    {"title", NULL, "标题", "text"},
    {"opened_on", NULL, "开启日期", "text"},
    {"due_on", NULL, "办理期限", "text"},
    {"starts_on", NULL, "公示开始", "text"},
    {"ends_on", NULL, "公示结束", "text"},
    {"effective_from", NULL, "生效日期", "text"},
    {"count", NULL, "件数", "text"},
    {"cases", NULL, "档案号", "list"},
    {"case_id", NULL, "档案号", "text"},
    {"notice_id", NULL, "公示编号", "text"},
    {"members", NULL, "党员人数", "text"},
    {"amount", NULL, "金额", "money"},
    {"amount_fen", NULL, "金额", "money"},
    {"total", NULL, "合计金额", "money"},
    {"principal", NULL, "借款本金", "money"},
    {"interest", NULL, "利息", "money"},
    {"approved_fen", NULL, "批准金额", "money"},
    {"proposed_fen", NULL, "拟定金额", "money"},
    {"payer", NULL, "资金来源", "payer"},
    {"method", NULL, "收付方式", "method"},
    {"signed_by", NULL, "签收方式", "signed"},
    {"rate_bp", NULL, "年利率", "rate"},
    {"source", NULL, "收入来源", "source"},
    {"value_date", NULL, "日期", "text"},
    {"date", NULL, "日期", "text"},
    {"day", NULL, "日期", "text"},
    {"months", NULL, "期数（月）", "text"},
    {"channel", NULL, "异议方式", "channel"},
    {"outcome", NULL, "处理结果", "outcome"},
    {"must_change_password", NULL, "须修改密码", "yes_no"},
    {"special_approval", NULL, "特批", "yes_no"},
    {"pay_first", NULL, "先发后补", "yes_no"},
    {"policy_version", NULL, "政策版本", "version"},
    {"fields", NULL, "涉及信息", "fields"},
    {"via", NULL, "方式", "via"},
    {"sessions_ended", NULL, "结束的会话数", "text"},
    {"relation", NULL, "与本人关系", "text"},
    {"relative_id", NULL, "家庭成员（党员编号）", "text"},
    {"rule", NULL, "筛查规则", "text"},
    {"finding", NULL, "筛查发现编号", "text"},
    {"batch", NULL, "筛查批次", "text"},
    {"rows", NULL, "行数", "text"},
    {"passed", NULL, "通过", "text"},
    {"failed", NULL, "未通过", "text"},
    /* the roll reviews (台账动态调整) */
    {"finish_on", NULL, "完成期限", "text"},
    {"items", NULL, "纳入调整人数", "text"},
    {"decision", NULL, "调整结果", "text"},
    {"confirmed", NULL, "已确认人数", "text"},
    {"unconfirmed", NULL, "未确认人数", "text"},
    {"review_id", NULL, "台账动态调整", "text"},
    {"entry_id", NULL, "台账记录", "text"},
    /* pairing and help records (结对帮扶) */
    {"helper_name", NULL, "帮扶人", "text"},
    {"helper_member_id", NULL, "帮扶人（党员编号）", "text"},
    {"roll_entry_id", NULL, "台账记录", "text"},
    {"start_on", NULL, "帮扶开始日期", "text"},
    {"target_on", NULL, "目标完成日期", "text"},
    {"end_on", NULL, "结束日期", "text"},
    {"end_reason", NULL, "结束原因", "text"},
    {"record_id", NULL, "帮扶记录", "text"},
    {"done_on", NULL, "帮扶日期", "text"},
    /* help plans (帮扶计划) */
    {"measures", NULL, "措施数", "text"},
    {"measure_id", NULL, "帮扶措施", "text"},
    {"loan_id", NULL, "创业借款", "text"},
    {"note_id", NULL, "进展记录", "text"},
    {"noted_on", NULL, "记录日期", "text"},
    {"done", NULL, "已完成措施", "text"},
    {"changed", NULL, "修改内容", "text"},
    {NULL, NULL, NULL, NULL},
};

/* Keys shown elsewhere on the row or of no use to a reader: left out. */
static const char *const skipped[] = {"event", "from", "member_id", "estimated", "reverses", NULL};

/* The words of the fund's codes a detail may hold. */
static const struct audit_word fund_words[] = {
    /* posting kinds */
    {"income", "收入", "kind"},
    {"payment", "帮扶发放", "kind"},
    {"gift", "慰问支出", "kind"},
    {"allocation_out", "下拨", "kind"},
    {"allocation_in", "上级下拨", "kind"},
    {"loan", "借款发放", "kind"},
    {"loan_repayment", "借款还款", "kind"},
    {"recovery", "追回认定", "kind"},
    {"recovery_repayment", "追回还款", "kind"},
    {"write_off", "核销", "kind"},
    {"advance_settle", "垫付结算", "kind"},
    {"transfer", "转账", "kind"},
    {"reversal", "冲正", "kind"},
    {"adjustment", "调整", "kind"},
    /* roll review kinds */
    {"june", "6月动态调整", "kind"},
    {"november", "11月动态调整（登记审核）", "kind"},
    /* income sources */
    {"dues", "党费", "source"},
    {"finance", "财政拨款", "source"},
    {"admin", "行政经费", "source"},
    {"member_donation", "党员捐款", "source"},
    {"social_donation", "社会捐助", "source"},
    {"upper_allocation", "上级拨款", "source"},
    /* methods, payers */
    {"bank", "银行转账", "method"},
    {"cash", "现金", "method"},
    {"department", "组织部下拨", "payer"},
    {"committee", "党(工)委自有资金", "payer"},
    {"signature", "本人签字", "signed"},
    {"thumbprint", "按手印", "signed"},
    {NULL, NULL, NULL},
};

const char *audit_word(const struct audit_word *t, const char *code)
{
	for (; code && t->code; t++)
		if (!strcmp(t->code, code))
			return t->name;
	return NULL;
}

const struct audit_field *audit_field_of(const char *key, const char *entity)
{
	for (const struct audit_field *f = audit_fields; f->key; f++)
		if (!strcmp(f->key, key) && (!f->entity || (entity && !strcmp(f->entity, entity))))
			return f;
	return NULL;
}

void audit_step_name(const char *event, char *out, size_t size)
{
	const char *own = audit_word(step_names, event);
	enum case_event ev;
	if (own)
		snprintf(out, size, "%s", own);
	else if (event && !wf_event_parse(event, &ev))
		snprintf(out, size, "办理案件：%s", wf_event_label(ev));
	else
		snprintf(out, size, "办理案件");
}

void audit_action_name(const char *action, const char *entity, const char *event, char *out,
		       size_t size)
{
	const char *w;
	if (!strcmp(action, "step"))
		audit_step_name(event, out, size);
	else if ((w = audit_word(audit_actions, action)))
		snprintf(out, size, "%s", w);
	else if ((w = audit_word(audit_verbs, action))) {
		const char *what = audit_word(audit_entities, entity);
		snprintf(out, size, "%s%s", w, what ? what : "");
	} else
		snprintf(out, size, "其他操作");
}

/* ---- a detail in lines ---- */

static const char *fund_word(const char *code, const char *kind)
{
	for (const struct audit_word *t = fund_words; t->code; t++)
		if (!strcmp(t->code, code) && !strcmp(t->tag, kind))
			return t->name;
	return NULL;
}

static int is_hash(json_t *v)
{
	const char *s = json_string_value(v);
	if (!s || strlen(s) != 64)
		return 0;
	return strspn(s, "0123456789abcdefABCDEF") == 64;
}

static int is_change(json_t *v)
{
	return json_is_object(v) && ((json_object_get(v, "from") && json_object_get(v, "to")) ||
				     (json_object_get(v, "old") && json_object_get(v, "new")));
}

struct words_ctx {
	const char *entity;
	audit_org_name_fn org;
	void *org_ctx;
};

/* One value of field f (NULL: as it is) in words. */
static void one(struct strbuf *sb, const struct audit_field *f, json_t *v,
		const struct words_ctx *w)
{
	const char *kind = f ? f->kind : "text";
	const char *s = json_string_value(v), *word = NULL;
	char buf[MONEY_TEXT_MAX];
	if (!v || json_is_null(v) || (s && !*s)) {
		strbuf_adds(sb, "（空）");
		return;
	}
	if (json_is_boolean(v)) {
		strbuf_adds(sb, json_is_true(v) ? "是" : "否");
		return;
	}
	if (!strcmp(kind, "yes_no")) {
		strbuf_adds(sb, (json_is_integer(v) && json_integer_value(v)) || s ? "是" : "否");
		return;
	}
	if (json_is_integer(v)) {
		int64_t n = (int64_t)json_integer_value(v);
		if (!strcmp(kind, "money")) {
			money_format_amount(n, buf);
			strbuf_addf(sb, "%s 元", buf);
		} else if (!strcmp(kind, "org") && w->org && (word = w->org(n, w->org_ctx)))
			strbuf_adds(sb, word);
		else if (!strcmp(kind, "org"))
			strbuf_addf(sb, "组织（编号 %" PRId64 "）", n);
		else if (!strcmp(kind, "rate") && !n)
			strbuf_adds(sb, "免息");
		else if (!strcmp(kind, "rate"))
			strbuf_addf(sb, "%" PRId64 ".%02" PRId64 "%%", n / 100, n % 100);
		else if (!strcmp(kind, "version"))
			strbuf_addf(sb, "第 %" PRId64 " 版", n);
		else
			strbuf_addf(sb, "%" PRId64, n);
		return;
	}
	if (json_is_real(v)) {
		strbuf_addf(sb, "%g", json_real_value(v));
		return;
	}
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *x = json_array_get(v, i);
			if (i)
				strbuf_adds(sb, "、");
			if (!strcmp(kind, "fields") && json_is_string(x)) {
				const struct audit_field *g =
				    audit_field_of(json_string_value(x), "member");
				strbuf_adds(sb, g ? g->name : json_string_value(x));
			} else
				one(sb, NULL, x, w);
		}
		return;
	}
	if (!s) { /* an object with no words: its parts, key by key */
		const char *k;
		json_t *x;
		int first = 1;
		json_object_foreach(v, k, x)
		{
			const struct audit_field *g = audit_field_of(k, w->entity);
			if (!g)
				continue;
			strbuf_addf(sb, "%s%s ", first ? "" : "，", g->name);
			one(sb, g, x, w);
			first = 0;
		}
		return;
	}
	enum case_state st;
	enum aid_kind ak;
	if (!strcmp(kind, "state") && !wf_state_parse(s, &st))
		word = wf_state_label(st);
	else if (!strcmp(kind, "role"))
		word = access_role_label(s);
	else if (!strcmp(kind, "kind") && w->entity && !strcmp(w->entity, "posting"))
		word = fund_word(s, "kind");
	else if (!strcmp(kind, "kind") && !policy_kind_parse(s, &ak))
		word = policy_kind_label(ak);
	else if (!strcmp(kind, "kind"))
		word = fund_word(s, "kind");
	else if (!strcmp(kind, "payer") || !strcmp(kind, "method") || !strcmp(kind, "source") ||
		 !strcmp(kind, "signed"))
		word = fund_word(s, kind);
	else if (!strcmp(kind, "channel") || !strcmp(kind, "outcome"))
		word = case_objection_label(s);
	else if (!strcmp(kind, "via"))
		word = !strcmp(s, "export") ? "导出" : NULL;
	strbuf_adds(sb, word ? word : s);
}

static void value(struct strbuf *sb, const struct audit_field *f, json_t *v,
		  const struct words_ctx *w)
{
	if (is_change(v)) {
		json_t *from = json_object_get(v, "from"), *to = json_object_get(v, "to");
		if (!from) {
			from = json_object_get(v, "old");
			to = json_object_get(v, "new");
		}
		one(sb, f, from, w);
		strbuf_adds(sb, " → ");
		one(sb, f, to, w);
	} else
		one(sb, f, v, w);
}

static void line(struct strbuf *out, const char *label)
{
	if (out->len)
		strbuf_addch(out, '\n');
	strbuf_addf(out, "%s：", label);
}

static int is_skipped(const char *k)
{
	for (const char *const *p = skipped; *p; p++)
		if (!strcmp(*p, k))
			return 1;
	return 0;
}

int audit_detail_text(const char *action, const char *entity, const char *detail_json,
		      audit_org_name_fn org, void *org_ctx, struct strbuf *out)
{
	struct words_ctx w = {entity, org, org_ctx};
	json_t *d = detail_json ? json_loads(detail_json, 0, NULL) : NULL;
	if (!d) {
		if (detail_json && *detail_json && strcmp(detail_json, "{}")) {
			line(out, "说明");
			strbuf_adds(out, detail_json);
		}
		return 0;
	}
	if (!json_is_object(d)) {
		json_decref(d);
		return 0;
	}
	int step = !strcmp(action, "step");
	json_t *state = json_object_get(d, "state");
	if (step && json_is_string(state)) {
		const struct audit_field *f = audit_field_of("state", entity);
		json_t *from = json_object_get(d, "from");
		line(out, "状态");
		if (json_is_string(from) && *json_string_value(from))
			one(out, f, from, &w);
		else
			strbuf_adds(out, "（无）");
		strbuf_adds(out, " → ");
		one(out, f, state, &w);
	}
	json_t *changes = json_object_get(d, "changes"), *v;
	const char *k;
	if (json_is_object(changes))
		json_object_foreach(changes, k, v)
		{
			const struct audit_field *f = audit_field_of(k, entity);
			line(out, f ? f->name : k);
			value(out, f, v, &w);
		}
	json_object_foreach(d, k, v)
	{
		if ((!strcmp(k, "changes") && json_is_object(changes)) ||
		    (step && !strcmp(k, "state")) || is_skipped(k) || json_is_null(v) ||
		    (json_is_string(v) && !*json_string_value(v)))
			continue;
		const struct audit_field *f = audit_field_of(k, entity);
		if (!f || is_hash(v) || (json_is_object(v) && !is_change(v)))
			continue; /* 校验信息: not for the lines */
		line(out, f->name);
		value(out, f, v, &w);
	}
	json_decref(d);
	return 0;
}

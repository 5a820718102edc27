/* timeline.c - one file per member (一人一档, issue #12, care.h "One file
 * per member"): the member's timeline from every source of the store's
 * table (src/store/care_timeline.c) with each line put into words here —
 * one row of `words` per (kind, code), so a part that adds a source adds
 * its words beside it — and the whole file for printing, audited since it
 * gathers a person's data in one place. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "cases.h"
#include "commendations.h"
#include "core/common/common.h"
#include "store.h"
#include "store_care.h"
#include "wrapper.h"

static const char *case_kind_label(const char *code)
{
	enum aid_kind k;
	return policy_kind_parse(code, &k) ? "" : policy_kind_label(k);
}

static const char *case_event_label(const char *code)
{
	enum case_event ev;
	return wf_event_parse(code, &ev) ? "" : wf_event_label(ev);
}

static const char *payment_label(const char *code)
{
	return !strcmp(code, "signed") ? "已签收" : "待签收";
}

static const char *loan_label(const char *code)
{
	return !strcmp(code, "repaid") ? "已还清" : "还款中";
}

/* The words of a line: what happened, and the arg's name in brackets when
 * arg_label names it; title_label names a title that is a code. */
struct timeline_words {
	const char *kind, *code, *what;
	const char *(*arg_label)(const char *arg);
	const char *(*title_label)(const char *title);
};

static const struct timeline_words words[] = {
    {"roll", "in", "纳入困难党员台账", roll_category_label, roll_tier_label},
    {"roll", "out", "脱困，退出台账", roll_exit_reason_label},
    {"case", "apply", "申请帮扶", case_kind_label},
    {"case", "step", "帮扶办理", case_event_label},
    {"case", "pay", "发放帮扶资金", payment_label},
    {"loan", "start", "发放创业借款", loan_label},
    {"pairing", "start", "建立结对帮扶", NULL},
    {"pairing", "help", "帮扶记录", NULL},
    {"pairing", "end", "结束结对帮扶", pairing_end_reason_label},
    {"training", "mark", "技能培训", training_status_label},
    {"visit", "visit", "走访慰问", visit_occasion_label},
    {"talk", "talk", "谈心谈话", care_talk_kind_label},
    {"plan", "plan", "制定帮扶计划", NULL},
    {"plan", "done", "完成帮扶措施", help_measure_kind_label},
    {"birthday", "greet", "政治生日祝福", care_greeting_way_label},
    {"birthday", "celebrate", "参加七一集体政治生日活动", NULL},
    {"honour", "honour", "获得表彰", honour_label},
};

static const struct {
	const char *kind, *label;
} kinds[] = {
    {"roll", "困难党员台账"}, {"case", "帮扶救助"}, {"loan", "创业借款"},
    {"pairing", "结对帮扶"},  {"plan", "帮扶计划"}, {"training", "技能培训"},
    {"visit", "走访慰问"},    {"talk", "谈心谈话"}, {"birthday", "政治生日"},
    {"honour", "表彰"},
};

const char *care_timeline_kind_label(const char *kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kind && !strcmp(kind, kinds[i].kind))
			return kinds[i].label;
	return NULL;
}

const char *care_timeline_kind(size_t i)
{
	return i < sizeof(kinds) / sizeof(kinds[0]) ? kinds[i].kind : NULL;
}

static void put_words(struct timeline_item *x)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const struct timeline_words *w = &words[i];
		if (strcmp(w->kind, x->kind) || strcmp(w->code, x->code))
			continue;
		const char *a = w->arg_label && x->arg[0] ? w->arg_label(x->arg) : NULL;
		if (a && *a)
			snprintf(x->what, sizeof(x->what), "%s（%s）", w->what, a);
		else
			snprintf(x->what, sizeof(x->what), "%s", w->what);
		const char *t = w->title_label && x->title[0] ? w->title_label(x->title) : NULL;
		if (t && *t)
			snprintf(x->title, sizeof(x->title), "%s", t);
		return;
	}
	snprintf(x->what, sizeof(x->what), "%s", x->code);
}

/* kinds_csv ("case,visit"; NULL or "" all) into list (NULL-ended), each a
 * known kind. */
static int parse_kinds(const char *csv, char buf[256], const char *list[16], struct bf_err *e)
{
	size_t n = 0;
	list[0] = NULL;
	if (!csv || !*csv)
		return 0;
	if (strlen(csv) >= 256)
		return err_set(e, EC_INVALID, "kinds", "记录类别过多");
	snprintf(buf, 256, "%s", csv);
	for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		if (!care_timeline_kind_label(k))
			return err_set(
			    e, EC_INVALID, "kinds",
			    "记录类别只能是台账、帮扶救助、创业借款、结对帮扶、帮扶计划、"
			    "技能培训、走访慰问、谈心谈话、政治生日或表彰");
		if (n < 15)
			list[n++] = k;
	}
	list[n] = NULL;
	return 0;
}

struct timeline_ctx {
	const struct actor *a;
	int64_t member_id;
	const char *const *kinds;
	int limit, offset;
	int audit; /* the printed file: audited */
	struct member *m;
	struct timeline_item *items;
	size_t n;
	int64_t total;
};

static int timeline_fn(struct db *db, void *p, struct bf_err *e)
{
	struct timeline_ctx *x = p;
	free(x->items);
	x->items = NULL;
	x->n = 0;
	enum db_qs qs = store_member_get(db, x->member_id, x->m, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(x->a, x->m->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "党员不存在或不在您的管辖范围内");
	int rc = CORE_QS(store_member_timeline(db, x->member_id, x->kinds, x->limit, x->offset,
					       &x->items, &x->n, &x->total, e));
	if (rc || !x->audit)
		return rc;
	struct strbuf d = STRBUF_INIT;
	strbuf_adds(&d, "{\"name\":\"");
	core_json_text(&d, x->m->name, 160);
	strbuf_addf(&d, "\",\"org_id\":%" PRId64 ",\"items\":%zu}", x->m->org_id, x->n);
	rc = audit_record(db, x->a, "member_file", "member", x->member_id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

static int run_timeline(struct core *c, struct timeline_ctx *x, struct bf_err *e)
{
	if (!access_allowed(x->a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (db_run_tx(c->db, "member_timeline", x->audit, timeline_fn, x, e)) {
		free(x->items);
		x->items = NULL;
		return -1;
	}
	for (size_t i = 0; i < x->n; i++)
		put_words(&x->items[i]);
	return 0;
}

int care_member_timeline(struct core *c, const struct actor *a, int64_t member_id,
			 const char *kinds_csv, int limit, int offset, struct timeline_item **items,
			 size_t *n, int64_t *total, struct bf_err *e)
{
	char buf[256];
	const char *list[16];
	struct member *m = xcalloc(1, sizeof(*m));
	*items = NULL;
	*n = 0;
	*total = 0;
	if (parse_kinds(kinds_csv, buf, list, e)) {
		free(m);
		return -1;
	}
	struct timeline_ctx x = {.a = a,
				 .member_id = member_id,
				 .kinds = list[0] ? list : NULL,
				 .limit = limit > 0 ? limit : 20,
				 .offset = offset,
				 .m = m};
	int rc = run_timeline(c, &x, e);
	member_free(m);
	if (rc)
		return rc;
	*items = x.items;
	*n = x.n;
	*total = x.total;
	return 0;
}

int care_member_file(struct core *c, const struct actor *a, int64_t member_id, struct member *m,
		     struct timeline_item **items, size_t *n, struct bf_err *e)
{
	struct timeline_ctx x = {.a = a, .member_id = member_id, .audit = 1, .m = m};
	*items = NULL;
	*n = 0;
	if (run_timeline(c, &x, e))
		return -1;
	if (member_unseal_masked(c->key, m, e)) {
		free(x.items);
		return -1;
	}
	*items = x.items;
	*n = x.n;
	return 0;
}

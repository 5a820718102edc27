/* documents_lists.c - the papers that list several members, filled from
 * the store through the core (scope checked there): the result report of
 * a notice (公示结果报告: the cases listed, each one's result, the
 * objections received and how each was handled) and the sign-off sheet of
 * a payment batch (发放签收表: ID numbers masked, a blank to sign). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "documents_impl.h"
#include "fund.h"
#include "pdf.h"
#include "store.h"
#include "wrapper.h"

/* ------------------------------------------------------------------ */
/* 公示结果报告                                                       */

struct report {
	struct notice nt;
	struct aid_case *cases;
	size_t ncases;
	struct objection *objs;
	size_t nobjs;
	struct pdf_report_row *rows;
	struct pdf_objection_row *orows;
	char (*gender)[16];
	struct org committee, department;
	char issued_on[CASE_DATE_LEN];
};

static const struct aid_case *report_case(const struct report *r, int64_t id)
{
	for (size_t i = 0; i < r->ncases; i++)
		if (r->cases[i].id == id)
			return &r->cases[i];
	return NULL;
}

/* How the notice ended for case k: from its objections, then its state. */
static const char *case_result(const struct report *r, const struct aid_case *k)
{
	const char *found = NULL;
	int open = 0;
	for (size_t i = 0; i < r->nobjs; i++) {
		const struct objection *o = &r->objs[i];
		if (o->case_id && o->case_id != k->id)
			continue;
		if (!o->outcome[0])
			open = 1;
		else if (!found || strcmp(o->outcome, "unfounded"))
			found = o->outcome; /* an upheld one says more than an unfounded one */
	}
	if (!strcmp(k->state, "in_notice"))
		return open ? "公示中，异议正在核实" : "公示中";
	if (found && strcmp(found, "unfounded"))
		return case_objection_label(found);
	if (!strcmp(k->state, "returned") || !strcmp(k->state, "applied"))
		return "已退回修改";
	if (!strcmp(k->state, "rejected"))
		return "不予帮扶";
	return found ? "异议不成立，公示通过" : "公示无异议";
}

static int report_rows(struct core *c, const struct actor *a, struct report *r, struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = 0;
	r->rows = xcalloc(r->ncases + 1, sizeof(*r->rows));
	r->gender = xcalloc(r->ncases + 1, sizeof(*r->gender));
	for (size_t i = 0; !rc && i < r->ncases; i++) {
		const struct aid_case *k = &r->cases[i];
		rc = member_get(c, a, k->member_id, m, e);
		snprintf(r->gender[i], sizeof(r->gender[i]), "%s", rc ? "" : m->gender);
		r->rows[i] = (struct pdf_report_row){k->member_name, r->gender[i], k->proposed_fen,
						     case_result(r, k)};
	}
	member_free(m);
	r->orows = xcalloc(r->nobjs + 1, sizeof(*r->orows));
	for (size_t i = 0; i < r->nobjs; i++) {
		const struct objection *o = &r->objs[i];
		const struct aid_case *k = o->case_id ? report_case(r, o->case_id) : NULL;
		const char *channel = case_objection_label(o->channel);
		r->orows[i] = (struct pdf_objection_row){
		    o->received_on,
		    channel ? channel : o->channel,
		    k ? k->member_name : "全体公示对象",
		    o->content,
		    o->outcome[0] ? case_objection_label(o->outcome) : "",
		    o->reason};
	}
	return rc;
}

/* The day the notice closed as the procedure counts days (the server's
 * today then, BANGFU_TODAY in tests and the demo): the close_notice step
 * its cases took as it closed (the row nearest the notice's closed_at,
 * written in the same transaction); the day of closed_at for rows written
 * before migration 0011 or a notice left by all its cases. */
static int closed_on(struct core *c, const struct actor *a, const struct report *r,
		     char out[CASE_DATE_LEN], struct bf_err *e)
{
	int64_t best = -1;
	doc_unix_date(r->nt.closed_at, out);
	for (size_t i = 0; i < r->ncases; i++) {
		struct case_event_row *tl = NULL;
		size_t n = 0;
		if (case_timeline(c, a, r->cases[i].id, &tl, &n, e))
			return -1;
		for (size_t k = 0; k < n; k++) {
			int64_t gap = tl[k].at > r->nt.closed_at ? tl[k].at - r->nt.closed_at
								 : r->nt.closed_at - tl[k].at;
			if (strcmp(tl[k].event, "close_notice") || !tl[k].taken_on[0] ||
			    (best >= 0 && gap >= best))
				continue;
			best = gap;
			memcpy(out, tl[k].taken_on, CASE_DATE_LEN);
		}
		free(tl);
	}
	return 0;
}

static int report_read(struct core *c, const struct actor *a, int of_case, int64_t id,
		       struct report *r, struct bf_err *e)
{
	if (of_case) {
		struct aid_case *k = xcalloc(1, sizeof(*k));
		int rc = case_get(c, a, id, k, e);
		free(k);
		if (rc)
			return -1;
		id = case_notice_id(c, id);
		if (!id)
			return err_set(e, EC_NOT_FOUND, "notice",
				       "该档案尚未公示，没有公示结果报告");
	}
	if (case_notice_get(c, a, id, &r->nt, &r->cases, &r->ncases, e) ||
	    case_objection_list(c, a, r->nt.id, 0, &r->objs, &r->nobjs, e))
		return -1;
	struct org o;
	enum db_qs qs = store_org_get(c->db, r->nt.org_id, &o, e);
	if (qs < 0)
		return -1;
	if (qs == DB_ONE && doc_superiors(c, o.path, &r->committee, &r->department, e))
		return -1;
	if (r->nt.closed_at && closed_on(c, a, r, r->issued_on, e))
		return -1;
	return report_rows(c, a, r, e);
}

static void report_free(struct report *r)
{
	free(r->cases);
	free(r->objs);
	free(r->rows);
	free(r->orows);
	free(r->gender);
	free(r);
}

int doc_write_notice_report(struct core *c, const struct actor *a, int of_case, int64_t id,
			    const char *path, char name[DOC_NAME_MAX], struct bf_err *e)
{
	struct report *r = xcalloc(1, sizeof(*r));
	int rc = report_read(c, a, of_case, id, r, e);
	if (!rc) {
		struct pdf_notice_report p = {
		    .kind = strcmp(r->nt.kind, "emergency") ? PDF_YEARLY : PDF_EMERGENCY,
		    .org_name = r->nt.org_name,
		    .addressee = r->committee.name,
		    .starts_on = r->nt.starts_on,
		    .ends_on = r->nt.ends_on,
		    .working_days = r->nt.working_days,
		    .office = r->nt.office,
		    .office_phone = r->nt.office_phone,
		    .closed = !strcmp(r->nt.status, "closed"),
		    .rows = r->rows,
		    .nrows = r->ncases,
		    .objections = r->orows,
		    .nobjections = r->nobjs,
		    .issued_on = r->issued_on,
		};
		rc = pdf_notice_report(&p, path, e);
	}
	if (!rc && name)
		snprintf(name, DOC_NAME_MAX, "公示结果报告-%s-%" PRId64 ".pdf", r->nt.org_name,
			 r->nt.id);
	report_free(r);
	return rc;
}

/* ------------------------------------------------------------------ */
/* 发放签收表                                                         */

struct signoff_line {
	char id_number[64];
};

static int signoff_rows(struct core *c, const struct actor *a, const struct payment *items,
			size_t n, struct pdf_signoff_row *rows, struct signoff_line *lines,
			struct bf_err *e)
{
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = member_get(c, a, items[i].member_id, m, e); /* masked */
		if (!rc)
			snprintf(lines[i].id_number, sizeof(lines[i].id_number), "%s",
				 m->id_number);
		rows[i] = (struct pdf_signoff_row){items[i].member_name, items[i].org_name,
						   lines[i].id_number, items[i].amount};
	}
	member_free(m);
	return rc;
}

int doc_write_signoff(struct core *c, const struct actor *a, int64_t id, const char *path,
		      char name[DOC_NAME_MAX], struct bf_err *e)
{
	struct pay_batch b;
	struct payment *items = NULL;
	size_t n = 0;
	memset(&b, 0, sizeof(b));
	if (pay_batch_get(c, a, id, &b, e) || pay_payments_of_batch(c, a, id, &items, &n, e)) {
		pay_batch_release(&b);
		return -1;
	}
	struct pdf_signoff_row *rows = xcalloc(n + 1, sizeof(*rows));
	struct signoff_line *lines = xcalloc(n + 1, sizeof(*lines));
	char ref[64];
	int rc = signoff_rows(c, a, items, n, rows, lines, e);
	snprintf(ref, sizeof(ref), "资金拨付第 %" PRId64 " 批", b.id);
	if (!rc) {
		struct pdf_signoff s = {b.org_name, ref, b.value_date, b.memo, rows, n};
		rc = pdf_signoff(&s, path, e);
	}
	if (!rc && name)
		snprintf(name, DOC_NAME_MAX, "发放签收表-%s-第%" PRId64 "批.pdf", b.org_name, b.id);
	free(lines);
	free(rows);
	free(items);
	pay_batch_release(&b);
	return rc;
}

/* documents.c - the printed documents of a case or notice (documents.h):
 * reads what the forms show through the core (scope and roles checked
 * there), fills the plain structs of pdf.h and has them written.  The
 * wording of the opinions is ours: the seed forms leave those cells to be
 * written by hand, and we print what the case records (the assembly's
 * votes, the steps taken and their dates) and each level's opinion as it
 * was typed with its step; an opinion not typed is left blank to be
 * written by hand, and the stamps are left to paper. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cases.h"
#include "documents.h"
#include "documents_impl.h"
#include "pdf.h"
#include "render.h"
#include "store.h"
#include "wrapper.h"

/* The notice's steps before it (cases.md: the notice follows the branch
 * committee's decision; the department has not looked at it yet). */
#define NOTICE_PROCEDURE "个人申请、入户调查、党员大会民主评议、支部委员会研究"

int doc_kind_parse(const char *code, enum doc_kind *out)
{
	static const char *const codes[] = {"application", "registration", "notice",
					    "notice_report", "signoff"};
	for (int i = 0; i < (int)(sizeof(codes) / sizeof(codes[0])); i++)
		if (code && codes[i] && !strcmp(code, codes[i])) {
			*out = (enum doc_kind)i;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------------ */
/* What a case's forms need                                           */

struct case_doc {
	struct aid_case k;
	struct member m;
	const struct policy *pol; /* the version of the case's latest decision */
	struct case_event_row *tl;
	size_t ntl;
	struct org committee, department; /* id 0 when not found */
	char branch_opinion[1536];
	const char *committee_opinion, *department_opinion; /* in tl, "" none */
	char decided_on[CASE_DATE_LEN], reviewed_on[CASE_DATE_LEN];
	char approved_on[CASE_DATE_LEN], submitted_on[CASE_DATE_LEN];
	char applied_on[CASE_DATE_LEN];
};

void doc_unix_date(int64_t t, char out[CASE_DATE_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, CASE_DATE_LEN, "%Y-%m-%d", &tm);
}

/* The day of the latest timeline row of event ("" none): the day the
 * procedure recorded the step on (the server's today then), or for a row
 * written before it kept one, the day the row was written. */
static void event_date(const struct case_doc *d, const char *event, char out[CASE_DATE_LEN])
{
	out[0] = '\0';
	for (size_t i = 0; i < d->ntl; i++) {
		if (strcmp(d->tl[i].event, event))
			continue;
		if (d->tl[i].taken_on[0])
			memcpy(out, d->tl[i].taken_on, CASE_DATE_LEN);
		else
			doc_unix_date(d->tl[i].at, out);
	}
}

/* The opinion typed with the latest step of one of events (NULL-ended):
 * its opinion, or for review and approval the reason, where the console
 * took the opinion before it had a field of its own; "" none. */
static const char *event_opinion(const struct case_doc *d, const char *const *events)
{
	const char *found = "";
	for (size_t i = 0; i < d->ntl; i++)
		for (const char *const *ev = events; *ev; ev++)
			if (!strcmp(d->tl[i].event, *ev))
				found = d->tl[i].opinion[0] || !strcmp(*ev, "decide")
					    ? d->tl[i].opinion
					    : d->tl[i].reason;
	return found;
}

/* The committee (nearest above the org) and the department of a
 * materialised path "/1/4/17/": names for the forms, read from the store
 * because a branch's user cannot see the organisations above it. */
int doc_superiors(struct core *c, const char *path, struct org *committee, struct org *department,
		  struct bf_err *e)
{
	int64_t ids[32];
	size_t n = 0;
	memset(committee, 0, sizeof(*committee));
	memset(department, 0, sizeof(*department));
	for (const char *p = path; *p && n < 32;) {
		char *end;
		long long v = strtoll(p + (*p == '/'), &end, 10);
		if (end == p + (*p == '/'))
			break;
		ids[n++] = v;
		p = end;
	}
	for (size_t i = n; i-- > 0;) {
		struct org o;
		enum db_qs qs = store_org_get(c->db, ids[i], &o, e);
		if (qs < 0)
			return -1;
		if (qs == DB_NONE)
			continue;
		if (!committee->id && !strcmp(o.kind, ORG_COMMITTEE))
			*committee = o;
		if (!department->id && !strcmp(o.kind, ORG_DEPARTMENT))
			*department = o;
	}
	return 0;
}

/* The branch's opinion: what the assembly and the committee recorded,
 * then the opinion the branch typed at its decision (none: room to write). */
static void branch_opinion(struct case_doc *d)
{
	static const char *const decide[] = {"decide", NULL};
	const struct aid_case *k = &d->k;
	d->branch_opinion[0] = '\0';
	if (!k->decision_on[0])
		return;
	const char *typed = event_opinion(d, decide);
	snprintf(d->branch_opinion, sizeof(d->branch_opinion),
		 "经入户调查、党员大会民主评议（应到 %d 人，实到 %d 人；赞成 %d 票，反对 %d 票，"
		 "弃权 %d 票），支部委员会研究。%s%s",
		 k->expected, k->present, k->votes_for, k->votes_against, k->votes_abstain,
		 typed[0] ? "\n" : "", typed);
}

static int case_doc_read(struct core *c, const struct actor *a, int64_t id, int reveal,
			 struct case_doc *d, struct bf_err *e)
{
	if (case_get(c, a, id, &d->k, e))
		return -1;
	int rc = reveal ? member_reveal(c, a, d->k.member_id, &d->m, e)
			: member_get(c, a, d->k.member_id, &d->m, e);
	if (rc || case_policy_get(c, d->k.policy_version, &d->pol, e) ||
	    case_timeline(c, a, id, &d->tl, &d->ntl, e) ||
	    doc_superiors(c, d->k.org_path, &d->committee, &d->department, e))
		return -1;
	memcpy(d->decided_on, d->k.decision_on, CASE_DATE_LEN);
	event_date(d, "review", d->reviewed_on);
	event_date(d, "approve", d->approved_on);
	if (!d->approved_on[0])
		event_date(d, "pay_first", d->approved_on);
	event_date(d, "submit", d->submitted_on);
	if (d->k.applied_on[0])
		memcpy(d->applied_on, d->k.applied_on, CASE_DATE_LEN);
	else
		doc_unix_date(d->k.created_at, d->applied_on);
	branch_opinion(d);
	static const char *const review[] = {"review", NULL};
	static const char *const approve[] = {"approve", "pay_first", NULL};
	d->committee_opinion = event_opinion(d, review);
	d->department_opinion = event_opinion(d, approve);
	return 0;
}

static void case_doc_free(struct case_doc *d)
{
	free(d->tl);
	member_release(&d->m);
	free(d);
}

static void fill_person(const struct member *m, const struct aid_case *k, struct pdf_person *p)
{
	p->name = m->name;
	p->gender = m->gender;
	p->ethnicity = m->ethnicity;
	p->joined_on = m->joined_on;
	p->birth_date = m->birth_date;
	p->household_type = m->household_type;
	p->household_size = k->household_size ? k->household_size : m->household_size;
	p->phone = m->phone;
	p->address = m->address;
	p->id_number = m->id_number;
	p->income_sources = m->income_sources;
	p->other_subsidies = m->other_subsidies;
	p->education = m->education;
	p->member_type = m->member_type;
}

/* Codes of a case as their labels in the policy, joined by 、. */
static void labels_of(const struct policy_list *l, const struct policy_codes *s, char *out,
		      size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < s->n && len < n; i++) {
		const char *label = policy_label(l, s->code[i]);
		int w = snprintf(out + len, n - len, "%s%s", len ? "、" : "",
				 label ? label : s->code[i]);
		if (w < 0 || (size_t)w >= n - len) {
			out[len] = '\0'; /* never half a label */
			break;
		}
		len += (size_t)w;
	}
}

static int reached(const struct case_doc *d, const char *date)
{
	return date[0] != '\0' && strcmp(d->k.state, "rejected") != 0;
}

static int write_application(struct case_doc *d, const char *path, struct bf_err *e)
{
	struct pdf_application ap;
	const struct aid_case *k = &d->k;
	memset(&ap, 0, sizeof(ap));
	ap.kind = strcmp(k->kind, "emergency") ? PDF_YEARLY : PDF_EMERGENCY;
	ap.date = d->applied_on;
	fill_person(&d->m, k, &ap.person);
	ap.situation = k->situation;
	ap.branch_name = k->org_name;
	ap.branch_opinion = d->branch_opinion;
	ap.branch_date = d->decided_on;
	ap.branch_fen = k->decision_on[0] ? k->proposed_fen : 0;
	ap.committee_name = d->committee.name;
	if (reached(d, d->reviewed_on)) {
		ap.committee_opinion = d->committee_opinion;
		ap.committee_fen = k->proposed_fen;
		ap.committee_date = d->reviewed_on;
	}
	ap.department_name = d->department.name;
	if (reached(d, d->approved_on)) {
		ap.approved_fen = k->approved_fen;
		ap.approved_date = d->approved_on;
	}
	return pdf_application(&ap, path, e);
}

/* "历城区委组织部" → "历城区": the title's prefix, when the name has one. */
static void district_of(const char *department, char *out, size_t n)
{
	static const char suffix[] = "委组织部";
	size_t len = strlen(department), sl = sizeof(suffix) - 1;
	out[0] = '\0';
	if (len > sl + 3 && !strcmp(department + len - sl, suffix))
		snprintf(out, n, "%.*s", (int)(len - sl), department);
}

static int write_registration(struct case_doc *d, const char *path, struct bf_err *e)
{
	struct pdf_registration rg;
	struct pdf_family_member fam[MEMBER_MAX_FAMILY];
	struct pdf_choice causes[POLICY_MAX_ITEMS];
	char district[128], conditions[1024];
	const struct aid_case *k = &d->k;
	const struct policy *p = d->pol;

	memset(&rg, 0, sizeof(rg));
	district_of(d->department.name, district, sizeof(district));
	rg.district = district;
	rg.branch_name = k->org_name;
	rg.date = d->submitted_on[0] ? d->submitted_on : NULL;
	fill_person(&d->m, k, &rg.person);
	for (size_t i = 0; i < d->m.nfamily && i < MEMBER_MAX_FAMILY; i++) {
		const struct family_member *f = &d->m.family[i];
		fam[i] =
		    (struct pdf_family_member){f->name, f->relation, f->birth_year, f->occupation};
	}
	rg.family = fam;
	rg.nfamily = d->m.nfamily;
	rg.category = k->category[0] ? k->category : NULL;
	rg.tier = k->tier[0] ? k->tier : NULL;
	for (size_t i = 0; i < p->causes.n; i++)
		causes[i] = (struct pdf_choice){
		    p->causes.item[i].label, policy_codes_has(&k->causes, p->causes.item[i].code)};
	rg.causes = p->causes.n ? causes : NULL;
	rg.ncauses = p->causes.n;
	rg.income_fen = k->income_fen;
	rg.per_capita_fen =
	    k->income_fen >= 0 && k->household_size > 0 ? k->income_fen / k->household_size : -1;
	labels_of(&p->conditions, &k->conditions, conditions, sizeof(conditions));
	rg.conditions = conditions;
	rg.situation = k->situation;
	rg.branch_opinion = d->branch_opinion;
	rg.branch_date = d->decided_on;
	rg.committee_name = d->committee.name;
	if (reached(d, d->reviewed_on)) {
		rg.committee_opinion = d->committee_opinion;
		rg.committee_date = d->reviewed_on;
	}
	rg.department_name = d->department.name;
	if (reached(d, d->approved_on)) {
		rg.department_opinion = d->department_opinion;
		rg.department_date = d->approved_on;
	}
	return pdf_registration(&rg, path, e);
}

static int write_case_doc(struct core *c, const struct actor *a, enum doc_kind kind, int64_t id,
			  int reveal, const char *path, char name[DOC_NAME_MAX], struct bf_err *e)
{
	struct case_doc *d = xcalloc(1, sizeof(*d));
	int rc = case_doc_read(c, a, id, reveal, d, e);
	if (!rc)
		rc = kind == DOC_APPLICATION ? write_application(d, path, e)
					     : write_registration(d, path, e);
	if (!rc && name)
		snprintf(name, DOC_NAME_MAX, "%s-%s-%" PRId64 ".pdf",
			 kind == DOC_APPLICATION ? "申请表" : "信息登记表", d->k.member_name,
			 d->k.id);
	case_doc_free(d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The notice                                                         */

struct notice_line {
	char name[TEXT_BYTES(TF_MEMBER_NAME_MAX)], gender[8], birth[32], joined[32], cause[512];
	int64_t amount;
};

/* One line of the notice from a case on it. */
static int notice_line(struct core *c, const struct actor *a, const struct aid_case *k,
		       struct member *m, struct notice_line *l, struct bf_err *e)
{
	const struct policy *p;
	if (member_get(c, a, k->member_id, m, e) || case_policy_get(c, k->policy_version, &p, e))
		return -1;
	snprintf(l->name, sizeof(l->name), "%s", m->name);
	snprintf(l->gender, sizeof(l->gender), "%s", m->gender);
	snprintf(l->birth, sizeof(l->birth), "%s", m->birth_date);
	snprintf(l->joined, sizeof(l->joined), "%s", m->joined_on);
	labels_of(&p->causes, &k->causes, l->cause, sizeof(l->cause));
	if (!l->cause[0])
		labels_of(&p->conditions, &k->conditions, l->cause, sizeof(l->cause));
	l->amount = k->proposed_fen;
	return 0;
}

static int write_notice(struct core *c, const struct actor *a, int64_t id, const char *path,
			char name[DOC_NAME_MAX], struct bf_err *e)
{
	struct notice nt;
	struct aid_case *cases = NULL;
	size_t n = 0;
	if (case_notice_get(c, a, id, &nt, &cases, &n, e))
		return -1;
	if (!strcmp(nt.kind, "commendation")) {
		free(cases);
		return doc_write_commendation_notice(c, a, &nt, path, name, e);
	}
	struct notice_line *lines = xcalloc(n, sizeof(*lines));
	struct pdf_notice_row *rows = xcalloc(n, sizeof(*rows));
	struct member *m = xcalloc(1, sizeof(*m));
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = notice_line(c, a, &cases[i], m, &lines[i], e);
		rows[i] =
		    (struct pdf_notice_row){lines[i].name,   lines[i].gender, lines[i].birth,
					    lines[i].joined, lines[i].cause,  lines[i].amount};
	}
	if (!rc) {
		struct pdf_notice pn;
		memset(&pn, 0, sizeof(pn));
		pn.kind = strcmp(nt.kind, "emergency") ? PDF_YEARLY : PDF_EMERGENCY;
		pn.org_name = nt.org_name;
		pn.procedure = NOTICE_PROCEDURE;
		pn.starts_on = nt.starts_on;
		pn.ends_on = nt.ends_on;
		pn.working_days = nt.working_days;
		pn.office = nt.office;
		pn.office_phone = nt.office_phone;
		pn.rows = rows;
		pn.nrows = n;
		pn.issuer = nt.org_name;
		pn.issued_on = nt.starts_on;
		rc = pdf_notice(&pn, path, e);
	}
	if (!rc && name)
		snprintf(name, DOC_NAME_MAX, "公示-%s-%" PRId64 ".pdf", nt.org_name, nt.id);
	member_free(m);
	free(rows);
	free(lines);
	free(cases);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The entry points                                                   */

int doc_write(struct core *c, const struct actor *a, enum doc_kind kind, int64_t id, int reveal,
	      const char *path, char name[DOC_NAME_MAX], struct bf_err *e)
{
	if (reveal && kind != DOC_APPLICATION)
		return err_set(e, EC_INVALID, "reveal",
			       "只有申请表可以打印完整的身份证号码和联系电话");
	if (reveal && !access_allowed(a, PERM_REVEAL))
		return err_set(e, EC_FORBIDDEN, "reveal",
			       "您的角色不能查看完整的身份证号码和联系电话");
	if (!path || !*path)
		return err_set(e, EC_MISSING, "out", "请指定输出文件");
	switch (kind) {
	case DOC_APPLICATION:
	case DOC_REGISTRATION:
		return write_case_doc(c, a, kind, id, reveal, path, name, e);
	case DOC_NOTICE:
		return write_notice(c, a, id, path, name, e);
	case DOC_NOTICE_REPORT:
	case DOC_CASE_NOTICE_REPORT:
		return doc_write_notice_report(c, a, kind == DOC_CASE_NOTICE_REPORT, id, path, name,
					       e);
	case DOC_SIGNOFF:
		return doc_write_signoff(c, a, id, path, name, e);
	case DOC_HONOURS:
		return doc_write_honours(c, a, id, path, name, e);
	}
	return err_set(e, EC_INVALID, "kind", "未知的文书类型");
}

struct doc_job {
	struct core *c;
	const struct actor *a;
	enum doc_kind kind;
	int64_t id;
	int reveal;
	char *name;
};

static int doc_job_write(const char *path, void *ctx, struct bf_err *e)
{
	struct doc_job *j = ctx;
	return doc_write(j->c, j->a, j->kind, j->id, j->reveal, path, j->name, e);
}

int doc_render(struct core *c, const struct actor *a, enum doc_kind kind, int64_t id, int reveal,
	       void **data, size_t *len, char name[DOC_NAME_MAX], struct bf_err *e)
{
	struct doc_job j = {c, a, kind, id, reveal, name};
	return io_render("doc.pdf", doc_job_write, &j, data, len, e);
}

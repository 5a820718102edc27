/* documents_honours.c - the papers of commendations (表彰, issue #12;
 * commendations.h): the public notice of a round's recommended list (the
 * 公示 of the cases' notices, kind "commendation") and the honours list
 * (表彰名单) the department issues once it approved the round.  Read
 * through the core, so scope and roles are checked there. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commendations.h"
#include "documents_impl.h"
#include "pdf.h"
#include "text.h"
#include "wrapper.h"

/* The deeds in short for a line of a list: the first characters. */
#define DEEDS_SHORT 120

struct line {
	char cause[TEXT_BYTES(DEEDS_SHORT) + 64];
	char deeds[TEXT_BYTES(DEEDS_SHORT) + 8];
};

static void shorten(const char *s, char *out, size_t n)
{
	size_t bytes = 0, chars = 0;
	while (s[bytes] && chars < DEEDS_SHORT && bytes + 4 < n) {
		unsigned char ch = (unsigned char)s[bytes];
		size_t w = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
		bytes += w;
		chars++;
	}
	snprintf(out, n, "%.*s%s", (int)bytes, s, s[bytes] ? "……" : "");
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
}

/* The round a commendation notice posts, found among the rounds. */
static int round_of_notice(struct core *c, const struct actor *a, int64_t notice_id,
			   struct commendation_round *out, struct bf_err *e)
{
	struct commendation_round *items = NULL;
	size_t n = 0;
	if (commendation_rounds(c, a, &items, &n, e))
		return -1;
	int rc = err_set(e, EC_NOT_FOUND, "notice_id", "公示不存在");
	for (size_t i = 0; i < n; i++)
		if (items[i].notice_id == notice_id) {
			*out = items[i];
			rc = 0;
		}
	free(items);
	return rc;
}

int doc_write_commendation_notice(struct core *c, const struct actor *a, const struct notice *nt,
				  const char *path, char name[DOC_NAME_MAX], struct bf_err *e)
{
	struct commendation_round r;
	struct nomination *items = NULL;
	size_t n = 0;
	if (round_of_notice(c, a, nt->id, &r, e) ||
	    nominations_list(c, a, r.id, "", "", 0, &items, &n, e))
		return -1;
	struct pdf_notice_row *rows = xcalloc(n + 1, sizeof(*rows));
	struct line *lines = xcalloc(n + 1, sizeof(*lines));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		/* listed: recommended then, whatever came of an objection since */
		if (strcmp(items[i].status, "recommended") && strcmp(items[i].status, "rejected") &&
		    strcmp(items[i].status, "approved"))
			continue;
		char deeds[sizeof(lines[k].deeds)];
		shorten(items[i].deeds, deeds, sizeof(deeds));
		snprintf(lines[k].cause, sizeof(lines[k].cause), "%s：%s",
			 honour_label(items[i].honour), deeds);
		rows[k] = (struct pdf_notice_row){items[i].nominee_name, items[i].gender,
						  items[i].birth_date,	 items[i].joined_on,
						  lines[k].cause,	 0};
		k++;
	}
	struct pdf_notice pn;
	memset(&pn, 0, sizeof(pn));
	pn.kind = PDF_COMMENDATION;
	pn.org_name = r.title;
	pn.basis = "";
	pn.procedure = "党支部推荐、党(工)委审核";
	pn.starts_on = nt->starts_on;
	pn.ends_on = nt->ends_on;
	pn.working_days = nt->working_days;
	pn.office = nt->office;
	pn.office_phone = nt->office_phone;
	pn.rows = rows;
	pn.nrows = k;
	pn.issuer = nt->org_name;
	pn.issued_on = nt->starts_on;
	int rc = pdf_notice(&pn, path, e);
	if (!rc && name)
		snprintf(name, DOC_NAME_MAX, "表彰公示-%d-%" PRId64 ".pdf", r.year, nt->id);
	free(lines);
	free(rows);
	free(items);
	return rc;
}

int doc_write_honours(struct core *c, const struct actor *a, int64_t id, const char *path,
		      char name[DOC_NAME_MAX], struct bf_err *e)
{
	struct commendation_round r;
	struct nomination *items = NULL;
	size_t n = 0;
	if (commendation_round_get(c, a, id, &r, NULL, NULL, e))
		return -1;
	if (strcmp(r.status, "approved"))
		return err_set(e, EC_CONFLICT, "round_id", "本轮表彰尚未审批，还没有表彰名单");
	if (honours_list(c, a, id, 0, &items, &n, e))
		return -1;
	struct pdf_honour_row *rows = xcalloc(n + 1, sizeof(*rows));
	struct line *lines = xcalloc(n + 1, sizeof(*lines));
	size_t k = 0;
	/* by honour in their order, then as listed */
	for (int h = 0; h < HONOUR_COUNT; h++)
		for (size_t i = 0; i < n; i++) {
			if (strcmp(items[i].honour, honour_codes[h]))
				continue;
			shorten(items[i].deeds, lines[k].deeds, sizeof(lines[k].deeds));
			rows[k] = (struct pdf_honour_row){honour_label(items[i].honour),
							  items[i].nominee_name, items[i].org_name,
							  items[i].committee_name, lines[k].deeds};
			k++;
		}
	struct pdf_honours ph = {r.title, r.org_name, r.approved_on, rows, k};
	int rc = pdf_honours(&ph, path, e);
	if (!rc && name)
		snprintf(name, DOC_NAME_MAX, "表彰名单-%d.pdf", r.year);
	free(lines);
	free(rows);
	free(items);
	return rc;
}

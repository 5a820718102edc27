/* care_timeline.c - one file per member (一人一档, issue #12): the member's
 * timeline across all care and aid (GET /members/{id}/timeline, a page of
 * it, filtered by kind) and the whole file as one PDF (GET
 * /members/{id}/timeline.pdf, audited by the core).  JSON in and out only:
 * the sources and their words are the store's and the core's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "care_docs.h"
#include "internal.h"

static json_t *item_json(const struct timeline_item *x)
{
	const char *kind = care_timeline_kind_label(x->kind);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "day", x->day,
			 "kind", x->kind, "kind_label", kind ? kind : x->kind, "code", x->code,
			 "arg", x->arg, "what", x->what, "title", x->title, "detail", x->detail,
			 "amount_fen", (json_int_t)x->amount_fen, "ref_id", (json_int_t)x->ref_id);
}

/* The kinds the timeline knows, for the console's filter. */
static json_t *kinds_json(void)
{
	json_t *a = json_array();
	const char *k;
	for (size_t i = 0; (k = care_timeline_kind(i)); i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s}", "value", k, "label", care_timeline_kind_label(k)));
	return a;
}

void h_member_timeline(struct req *r)
{
	struct timeline_item *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int page, size;
	struct bf_err e;
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size))
		return;
	if (care_member_timeline(&r->core, &r->actor, r->id, req_arg(r, "kinds"), size,
				 (page - 1) * size, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, item_json(&items[i]));
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:i, s:i, s:o}", "items", a, "total", (json_int_t)total,
			     "page", page, "size", size, "kinds", kinds_json()));
}

void h_member_timeline_pdf(struct req *r)
{
	void *data = NULL;
	size_t len = 0;
	char name[CARE_DOC_NAME_MAX];
	struct bf_err e;
	if (member_file_render(&r->core, &r->actor, r->id, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, 0);
	reply_bytes(r, 200, data, len, "application/pdf");
}

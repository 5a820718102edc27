/* care_pairing.c - /api/v1/pairings: pairing (结对帮扶) and help records
 * (帮扶记录), issue #12 (care.h "pairing"): the list with its filters, a
 * pairing with its records, creation with the six 定, the end with a reason
 * and an outcome, a record; the coverage of the 造血型 members; a member's
 * pairings.  Every rule is the core's: this file turns JSON into struct
 * pairing and back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "internal.h"
#include "wrapper.h"

static json_t *pairing_json(const struct pairing *x, const char *stale_before)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(x->id));
	json_object_set_new(j, "member_id", json_integer(x->member_id));
	json_object_set_new(j, "member_name", jstr(x->member_name));
	json_object_set_new(j, "org_id", json_integer(x->org_id));
	json_object_set_new(j, "org_name", jstr(x->org_name));
	json_object_set_new(j, "roll_entry_id", json_integer(x->roll_entry_id));
	json_object_set_new(j, "category", jstr(x->category));
	json_object_set_new(j, "helper_member_id",
			    x->helper_member_id ? json_integer(x->helper_member_id) : json_null());
	json_object_set_new(j, "helper_kind", jstr(x->helper_member_id ? "member" : "cadre"));
	json_object_set_new(j, "helper_name", jstr(x->helper_name));
	json_object_set_new(j, "helper_post", jstr(x->helper_post));
	json_object_set_new(j, "helper_org_name", jstr(x->helper_org_name));
	json_object_set_new(j, "goal", jstr(x->goal));
	json_object_set_new(j, "measures", jstr(x->measures));
	json_object_set_new(j, "start_on", jstr(x->start_on));
	json_object_set_new(j, "target_on", jstr(x->target_on));
	json_object_set_new(j, "place", jstr(x->place));
	json_object_set_new(j, "matter", jstr(x->matter));
	json_object_set_new(j, "status", jstr(x->status));
	json_object_set_new(j, "status_label", jstr(pairing_status_label(x->status)));
	json_object_set_new(j, "end_on", jdate(x->end_on));
	json_object_set_new(j, "end_reason", jstr(x->end_reason));
	json_object_set_new(j, "end_reason_label", jstr(pairing_end_reason_label(x->end_reason)));
	json_object_set_new(j, "end_note", jstr(x->end_note));
	json_object_set_new(j, "outcome", jstr(x->outcome));
	json_object_set_new(j, "records", json_integer(x->records));
	json_object_set_new(j, "last_record_on", jdate(x->last_record_on));
	/* open, started before the interval and no record within it */
	int stale = !strcmp(x->status, "open") && strcmp(x->start_on, stale_before) < 0 &&
		    strcmp(x->last_record_on, stale_before) < 0;
	json_object_set_new(j, "stale", json_boolean(stale));
	json_object_set_new(j, "created_at", json_time(x->created_at));
	json_object_set_new(j, "updated_at", json_time(x->updated_at));
	json_object_set_new(j, "version", json_integer(x->version));
	return j;
}

static json_t *file_json(const struct help_attachment *f)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:o}", "id", (json_int_t)f->id,
			 "help_record_id", (json_int_t)f->help_record_id, "name", f->name, "mime",
			 f->mime, "size", (json_int_t)f->size, "sha256", f->sha256,
			 "uploaded_by_name", f->uploaded_by_name, "uploaded_at",
			 json_time(f->uploaded_at));
}

/* A record with its files (files: all of the pairing's, by record). */
static json_t *record_json(const struct help_record *h, const struct help_attachment *files,
			   size_t nf)
{
	json_t *a = json_array();
	for (size_t i = 0; i < nf; i++)
		if (files[i].help_record_id == h->id)
			json_array_append_new(a, file_json(&files[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)h->id, "done_on",
			 h->done_on, "what", h->what, "result", h->result, "created_by_name",
			 h->created_by_name, "created_at", json_time(h->created_at), "attachments",
			 a);
}

/* The pairing as GET answers it; record_id (0 none) names the record just
 * added. */
static void reply_pairing(struct req *r, int status, int64_t id, int64_t helper_open,
			  int64_t record_id)
{
	struct pairing *x = xcalloc(1, sizeof(*x));
	struct help_record *recs = NULL;
	struct help_attachment *files = NULL;
	size_t n = 0, nf = 0;
	struct bf_err e;
	char stale[11];
	if (pairing_get(&r->core, &r->actor, id, x, &recs, &n, &e) ||
	    pairing_attachments(&r->core, &r->actor, id, &files, &nf, &e)) {
		free(x);
		free(recs);
		reply_error(r, &e);
		return;
	}
	pairing_stale_before(stale);
	json_t *j = pairing_json(x, stale), *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, record_json(&recs[i], files, nf));
	free(files);
	json_object_set_new(j, "help_records", a);
	if (record_id)
		json_object_set_new(j, "record_id", json_integer(record_id));
	if (helper_open > PAIRING_HELPER_LIMIT) {
		char msg[160];
		snprintf(msg, sizeof(msg), "%s已结对帮扶 %" PRId64 " 人，超过政策建议的 %d 人",
			 x->helper_name, helper_open, PAIRING_HELPER_LIMIT);
		json_object_set_new(j, "warning", jstr(msg));
	}
	free(recs);
	free(x);
	reply_json(r, status, j);
}

void h_pairings_list(struct req *r)
{
	struct pairing_query q;
	struct search_term term;
	struct pairing *items = NULL;
	size_t n = 0;
	int64_t total = 0, org = 0;
	int page, size, stale = 0;
	char stale_before[11];
	struct bf_err e;
	memset(&q, 0, sizeof(q));
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "org", &org) ||
	    req_id_arg(r, "member", &q.member_id) || req_id_arg(r, "helper", &q.helper_member_id) ||
	    req_int_arg(r, "stale", 0, 0, 1, &stale) || req_search_arg(r, NULL, &term))
		return;
	q.search = &term;
	q.status = req_arg(r, "status");
	pairing_stale_before(stale_before);
	if (stale)
		q.stale_before = stale_before;
	q.offset = (page - 1) * size;
	q.limit = size;
	if (pairing_list(&r->core, &r->actor, org, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pairing_json(&items[i], stale_before));
	free(items);
	reply_page(r, a, total, page, size);
}

void h_pairings_create(struct req *r)
{
	static const char *const keys[] = {
	    "member_id", "helper_member_id", "helper_name", "helper_post", "goal", "measures",
	    "start_on",	 "target_on",	     "place",	    "matter",	   NULL};
	struct pairing *in = xcalloc(1, sizeof(*in)), *out = xcalloc(1, sizeof(*out));
	int64_t helper_open = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(in);
		free(out);
		return;
	}
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_int(j, "member_id", &in->member_id, "帮扶对象", &e) ||
		 json_get_int(j, "helper_member_id", &in->helper_member_id, "帮扶人", &e) ||
		 json_get_str(j, "helper_name", in->helper_name, sizeof(in->helper_name), "帮扶人",
			      &e) ||
		 json_get_str(j, "helper_post", in->helper_post, sizeof(in->helper_post),
			      "帮扶人职务", &e) ||
		 json_get_str(j, "goal", in->goal, sizeof(in->goal), "帮扶目标", &e) ||
		 json_get_str(j, "measures", in->measures, sizeof(in->measures), "帮扶措施", &e) ||
		 json_get_date(j, "start_on", in->start_on, "帮扶开始日期", &e) ||
		 json_get_date(j, "target_on", in->target_on, "目标完成日期", &e) ||
		 json_get_str(j, "place", in->place, sizeof(in->place), "帮扶地点", &e) ||
		 json_get_str(j, "matter", in->matter, sizeof(in->matter), "帮扶事项", &e);
	json_decref(j);
	if (rc || pairing_create(&r->core, &r->actor, in, out, &helper_open, &e))
		reply_error(r, &e);
	else
		reply_pairing(r, 201, out->id, helper_open, 0);
	free(in);
	free(out);
}

void h_pairing_get(struct req *r)
{
	reply_pairing(r, 200, r->id, 0, 0);
}

void h_pairing_end(struct req *r)
{
	static const char *const keys[] = {"end_on", "end_note", "outcome", "version", NULL};
	char end_on[11] = "", note[TEXT_BYTES(TF_PAIRING_END_NOTE_MAX) + 4] = "",
	     outcome[TEXT_BYTES(TF_PAIRING_OUTCOME_MAX) + 4] = "";
	int64_t version = 0;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_date(j, "end_on", end_on, "结束日期", &e) ||
		 json_get_str(j, "end_note", note, sizeof(note), "结束原因", &e) ||
		 json_get_str(j, "outcome", outcome, sizeof(outcome), "帮扶成效", &e) ||
		 json_get_int(j, "version", &version, "版本", &e);
	json_decref(j);
	if (rc || pairing_end(&r->core, &r->actor, r->id, end_on, note, outcome, version, &e))
		reply_error(r, &e);
	else
		reply_pairing(r, 200, r->id, 0, 0);
}

void h_pairing_record(struct req *r)
{
	static const char *const keys[] = {"done_on", "what", "result", NULL};
	struct help_record *h = xcalloc(1, sizeof(*h));
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j) {
		free(h);
		return;
	}
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_date(j, "done_on", h->done_on, "帮扶日期", &e) ||
		 json_get_str(j, "what", h->what, sizeof(h->what), "帮扶内容", &e) ||
		 json_get_str(j, "result", h->result, sizeof(h->result), "帮扶结果", &e);
	json_decref(j);
	if (rc || pairing_record_add(&r->core, &r->actor, r->id, h, &e))
		reply_error(r, &e);
	else
		reply_pairing(r, 201, r->id, 0, h->id);
	free(h);
}

void h_pairing_coverage(struct req *r)
{
	struct pairing_gap *items = NULL;
	size_t n = 0;
	int64_t total = 0, covered = 0, org = 0;
	int page, size;
	struct bf_err e;
	if (req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 20, 1, 200, &size) || req_id_arg(r, "org", &org))
		return;
	if (pairing_gaps(&r->core, &r->actor, org, (page - 1) * size, size, &items, &n, &total,
			 &covered, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s}", "member_id",
				 (json_int_t)items[i].member_id, "roll_entry_id",
				 (json_int_t)items[i].roll_entry_id, "member_name",
				 items[i].member_name, "org_id", (json_int_t)items[i].org_id,
				 "org_name", items[i].org_name, "since_on", items[i].since_on,
				 "tier", items[i].tier));
	free(items);
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:I, s:I, s:i, s:i}", "items", a, "total",
			     (json_int_t)total, "unpaired", (json_int_t)total, "paired",
			     (json_int_t)covered, "page", page, "size", size));
}

void h_member_pairings(struct req *r)
{
	struct pairing *items = NULL;
	size_t n = 0;
	char stale_before[11];
	struct bf_err e;
	if (pairing_of_member(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	pairing_stale_before(stale_before);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pairing_json(&items[i], stale_before));
	free(items);
	reply_items(r, a);
}

/* POST /api/v1/help-records/{id}/attachments: the raw body is the file
 * (application/pdf, image/jpeg or image/png), X-Filename its
 * percent-encoded UTF-8 name, like a case's attachments. */
void h_help_record_attach(struct req *r)
{
	struct help_attachment *at = xcalloc(1, sizeof(*at));
	struct bf_err e;
	char name[256] = "";
	const char *ctype = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	const char *fname = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Filename");
	if (!upload_type_ok(ctype))
		reply_code(r, EC_INVALID, "file",
			   "只能上传 PDF、JPG 或 PNG 文件（Content-Type 应为 application/pdf、"
			   "image/jpeg 或 image/png）");
	else if (fname && percent_decode(fname, name, sizeof(name)))
		reply_code(r, EC_INVALID, "name",
			   "文件名（X-Filename）应为百分号编码的 UTF-8，且不超过 255 字节");
	else if (pairing_record_attach(&r->core, &r->actor, r->id, name, r->body.buf, r->body.len,
				       at, &e))
		reply_error(r, &e);
	else
		reply_json(r, 201, file_json(at));
	free(at);
}

/* GET /api/v1/help-attachments/{id}[?inline=1]: the file. */
void h_help_attachment_get(struct req *r)
{
	struct help_attachment *at = xcalloc(1, sizeof(*at));
	void *data = NULL;
	size_t len = 0;
	int inl;
	struct bf_err e;
	if (!req_int_arg(r, "inline", 0, 0, 1, &inl)) {
		if (pairing_attachment_read(&r->core, &r->actor, r->id, at, &data, &len, &e)) {
			reply_error(r, &e);
		} else {
			reply_disposition(r, at->name, inl);
			reply_bytes(r, 200, data, len, at->mime);
		}
	}
	free(at);
}

/* care_visits.c - /api/v1/visit-rounds and /api/v1/visits: festival rounds
 * of visits (走访慰问) with their progress per organisation, the visit tasks
 * and recording a visit with its gift (include/bangfu/care.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "internal.h"
#include "visit_docs.h"

static json_t *vround_json(const struct visit_round *v)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(v->id));
	json_object_set_new(j, "org_id", json_integer(v->org_id));
	json_object_set_new(j, "year", json_integer(v->year));
	json_object_set_new(j, "festival", jstr(v->festival));
	json_object_set_new(j, "title", jstr(v->title));
	json_object_set_new(j, "opened_on", jstr(v->opened_on));
	json_object_set_new(j, "due_on", jstr(v->due_on));
	json_object_set_new(j, "old_party_years", json_integer(v->old_party_years));
	json_object_set_new(j, "old_age", json_integer(v->old_age));
	json_object_set_new(j, "gift_roll_fen", json_integer(v->gift_roll_fen));
	json_object_set_new(j, "gift_old_fen", json_integer(v->gift_old_fen));
	json_object_set_new(j, "gift_capacity_fen", json_integer(v->gift_capacity_fen));
	json_object_set_new(j, "gift_relief_fen", json_integer(v->gift_relief_fen));
	json_object_set_new(j, "gift_care_fen", json_integer(v->gift_care_fen));
	json_object_set_new(j, "created_at", json_time(v->created_at));
	return j;
}

static json_t *visit_json(const struct visit *v, const char *today)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(v->id));
	json_object_set_new(j, "member_id", json_integer(v->member_id));
	json_object_set_new(j, "member_name", jstr(v->member_name));
	json_object_set_new(j, "org_id", json_integer(v->org_id));
	json_object_set_new(j, "org_name", jstr(v->org_name));
	json_object_set_new(j, "round_id", v->round_id ? json_integer(v->round_id) : json_null());
	json_object_set_new(j, "round_title", jstr(v->round_title));
	json_object_set_new(j, "reason", jstr(v->reason));
	json_object_set_new(j, "category", jstr(v->category));
	json_object_set_new(j, "category_label", jstr(visit_category_label(v->category)));
	json_object_set_new(j, "occasion", jstr(v->occasion));
	json_object_set_new(j, "occasion_label", jstr(visit_occasion_label(v->occasion)));
	json_object_set_new(j, "late", json_boolean(visit_late(v, today)));
	json_object_set_new(j, "due_on", jdate(v->due_on));
	json_object_set_new(j, "visited_on", jdate(v->visited_on));
	json_object_set_new(j, "closed_on", jdate(v->closed_on));
	json_object_set_new(j, "close_reason", jstr(v->close_reason));
	json_object_set_new(j, "visitors", jstr(v->visitors));
	json_object_set_new(j, "found", jstr(v->found));
	json_object_set_new(j, "std_gift_fen", json_integer(v->std_gift_fen));
	json_object_set_new(j, "gift_fen", json_integer(v->gift_fen));
	json_object_set_new(j, "goods", jstr(v->goods));
	json_object_set_new(j, "goods_value_fen", json_integer(v->goods_value_fen));
	json_object_set_new(j, "posting_id",
			    v->posting_id ? json_integer(v->posting_id) : json_null());
	return j;
}

static void reply_vround(struct req *r, int status, int64_t id, int64_t added)
{
	struct visit_round v;
	struct bf_err e;
	if (visit_round_get(&r->core, &r->actor, id, &v, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = vround_json(&v);
	if (added >= 0)
		json_object_set_new(j, "added", json_integer(added));
	reply_json(r, status, j);
}

void h_visit_rounds_list(struct req *r)
{
	struct visit_round *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (visit_round_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, vround_json);
}

/* A standard gift of the body: absent -1 (the default), else not
 * negative. */
static int gift_arg(json_t *j, const char *key, const char *label, int64_t *out, struct bf_err *e)
{
	*out = -1;
	if (!json_object_get(j, key) || json_is_null(json_object_get(j, key)))
		return 0;
	if (json_get_int(j, key, out, label, e))
		return -1;
	return *out < 0 ? err_set(e, EC_INVALID, key, "%s不能为负数", label) : 0;
}

void h_visit_rounds_create(struct req *r)
{
	static const char *const keys[] = {"year",
					   "festival",
					   "title",
					   "due_on",
					   "old_party_years",
					   "old_age",
					   "gift_roll_fen",
					   "gift_old_fen",
					   "gift_capacity_fen",
					   "gift_relief_fen",
					   "gift_care_fen",
					   NULL};
	char festival[16] = "", title[TEXT_BYTES(TF_VISIT_ROUND_TITLE_MAX)] = "", due[11] = "";
	int64_t year = 0, party = -1, age = -1, added = 0;
	struct visit_round_open o;
	struct visit_round v;
	struct bf_err e;
	json_t *j = req_json(r);
	if (!j)
		return;
	memset(&o, 0, sizeof(o));
	int rc = json_only_keys(j, keys, &e) || json_get_int(j, "year", &year, "年度", &e) ||
		 json_get_str(j, "festival", festival, sizeof(festival), "节日", &e) ||
		 json_get_str(j, "title", title, sizeof(title), "走访名称", &e) ||
		 json_get_date(j, "due_on", due, "完成期限", &e) ||
		 json_get_int(j, "old_party_years", &party, "老党员党龄", &e) ||
		 json_get_int(j, "old_age", &age, "老党员年龄", &e) ||
		 gift_arg(j, "gift_roll_fen", "困难党员标准慰问金", &o.gift_roll_fen, &e) ||
		 gift_arg(j, "gift_old_fen", "老党员标准慰问金", &o.gift_old_fen, &e) ||
		 gift_arg(j, "gift_capacity_fen", "造血型标准慰问金", &o.gift_capacity_fen, &e) ||
		 gift_arg(j, "gift_relief_fen", "输血型标准慰问金", &o.gift_relief_fen, &e) ||
		 gift_arg(j, "gift_care_fen", "关爱型标准慰问金", &o.gift_care_fen, &e);
	json_decref(j);
	if (!rc && !year)
		rc = err_set(&e, EC_MISSING, "year", "请填写年度");
	else if (!rc && !*festival)
		rc = err_set(&e, EC_MISSING, "festival", "请选择节日");
	else if (!rc && !*due)
		rc = err_set(&e, EC_MISSING, "due_on", "请填写完成期限");
	else if (!rc && (party < -1 || party > 100))
		rc = err_set(&e, EC_INVALID, "old_party_years", "老党员党龄须在 0 至 100 年之间");
	else if (!rc && (age < -1 || age > 130))
		rc = err_set(&e, EC_INVALID, "old_age", "老党员年龄须在 0 至 130 岁之间");
	else if (!rc && (year < 2000 || year > 2100))
		rc = err_set(&e, EC_INVALID, "year", "年度须在 2000 至 2100 之间");
	o.year = (int)year;
	o.festival = festival;
	o.title = title;
	o.due_on = due;
	o.old_party_years = (int)party;
	o.old_age = (int)age;
	if (rc || visit_round_open(&r->core, &r->actor, &o, &v, &added, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_vround(r, 201, v.id, added);
}

void h_visit_round_get(struct req *r)
{
	reply_vround(r, 200, r->id, -1);
}

void h_visit_round_refresh(struct req *r)
{
	int64_t added = 0;
	struct bf_err e;
	if (visit_round_refresh(&r->core, &r->actor, r->id, &added, &e))
		reply_error(r, &e);
	else
		reply_vround(r, 200, r->id, added);
}

void h_visit_round_progress(struct req *r)
{
	struct visit_progress *rows = NULL;
	size_t n = 0;
	struct bf_err e;
	if (visit_round_progress(&r->core, &r->actor, r->id, &rows, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	int64_t total = 0, done = 0, late = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(
		    a, json_pack("{s:I, s:o, s:I, s:I, s:I}", "org_id", (json_int_t)rows[i].org_id,
				 "org_name", jstr(rows[i].org_name), "total",
				 (json_int_t)rows[i].total, "done", (json_int_t)rows[i].done,
				 "late", (json_int_t)rows[i].late));
		total += rows[i].total;
		done += rows[i].done;
		late += rows[i].late;
	}
	free(rows);
	reply_json(r, 200,
		   json_pack("{s:I, s:o, s:I, s:I, s:I}", "round_id", (json_int_t)r->id, "items", a,
			     "total", (json_int_t)total, "done", (json_int_t)done, "late",
			     (json_int_t)late));
}

void h_visits_list(struct req *r)
{
	struct visit_query q;
	struct visit *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int page, size;
	char today[11];
	struct bf_err e;
	memset(&q, 0, sizeof(q));
	if (req_id_arg(r, "round", &q.round_id) || req_id_arg(r, "member", &q.member_id) ||
	    req_id_arg(r, "org", &q.org_id) || req_int_arg(r, "pending", 0, 0, 1, &q.pending) ||
	    req_int_arg(r, "late", 0, 0, 1, &q.late) ||
	    req_int_arg(r, "in_round", 0, 0, 2, &q.in_round) ||
	    req_int_arg(r, "page", 1, 1, 1000000, &page) ||
	    req_int_arg(r, "size", 50, 1, VISIT_LIST_MAX, &size))
		return;
	q.occasion = req_arg(r, "occasion");
	q.from = req_arg(r, "from");
	q.to = req_arg(r, "to");
	q.offset = (int64_t)(page - 1) * size;
	q.limit = size;
	if (visit_list(&r->core, &r->actor, &q, &items, &n, &total, &e)) {
		reply_error(r, &e);
		return;
	}
	date_format(date_today(), today);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, visit_json(&items[i], today));
	free(items);
	reply_page(r, a, total, page, size);
}

static void reply_visit(struct req *r, int status, int64_t id)
{
	struct visit v;
	struct bf_err e;
	char today[11];
	date_format(date_today(), today);
	if (visit_get(&r->core, &r->actor, id, &v, &e))
		reply_error(r, &e);
	else
		reply_json(r, status, visit_json(&v, today));
}

void h_visit_get(struct req *r)
{
	reply_visit(r, 200, r->id);
}

/* The body of a recorded visit into v (and the payment method). */
static int visit_body(json_t *j, struct visit *v, char method[16], struct bf_err *e)
{
	return json_get_date(j, "visited_on", v->visited_on, "走访日期", e) ||
	       json_get_str(j, "visitors", v->visitors, sizeof(v->visitors), "走访人员", e) ||
	       json_get_str(j, "found", v->found, sizeof(v->found), "走访情况", e) ||
	       json_get_int(j, "gift_fen", &v->gift_fen, "慰问金", e) ||
	       json_get_str(j, "method", method, 16, "支付方式", e) ||
	       json_get_str(j, "goods", v->goods, sizeof(v->goods), "慰问物品", e) ||
	       json_get_int(j, "goods_value_fen", &v->goods_value_fen, "物品价值", e);
}

void h_visit_record(struct req *r)
{
	static const char *const keys[] = {"visited_on", "visitors",	    "found", "gift_fen",
					   "method",	 "goods_value_fen", "goods", NULL};
	struct visit *v = calloc(1, sizeof(*v));
	char method[16] = "";
	struct bf_err e;
	json_t *j = v ? req_json(r) : NULL;
	if (!j) {
		free(v);
		return;
	}
	v->id = r->id;
	int rc = json_only_keys(j, keys, &e) || visit_body(j, v, method, &e);
	json_decref(j);
	if (rc || visit_record(&r->core, &r->actor, v, method, &e)) {
		free(v);
		reply_error(r, &e);
		return;
	}
	int64_t id = v->id;
	free(v);
	reply_visit(r, 200, id);
}

void h_visits_create(struct req *r)
{
	static const char *const keys[] = {"member_id",	      "occasion", "visited_on", "visitors",
					   "found",	      "gift_fen", "method",	"goods",
					   "goods_value_fen", NULL};
	struct visit *v = calloc(1, sizeof(*v));
	char method[16] = "";
	int64_t id = 0;
	struct bf_err e;
	json_t *j = v ? req_json(r) : NULL;
	if (!j) {
		free(v);
		return;
	}
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_int(j, "member_id", &v->member_id, "走访对象", &e) ||
		 json_get_str(j, "occasion", v->occasion, sizeof(v->occasion), "走访事由", &e) ||
		 visit_body(j, v, method, &e);
	json_decref(j);
	if (!rc && !v->visited_on[0])
		rc = err_set(&e, EC_MISSING, "visited_on", "请填写走访日期");
	if (rc || visit_create(&r->core, &r->actor, v, method, &id, &e)) {
		free(v);
		reply_error(r, &e);
		return;
	}
	free(v);
	reply_visit(r, 201, id);
}

void h_visit_sheet_pdf(struct req *r)
{
	void *data = NULL;
	size_t len = 0;
	char name[VISIT_DOC_NAME_MAX];
	struct bf_err e;
	if (visit_sheet_render(&r->core, &r->actor, r->id, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, 1);
	reply_bytes(r, 200, data, len, "application/pdf");
}

void h_visit_round_list_pdf(struct req *r)
{
	void *data = NULL;
	size_t len = 0;
	int64_t org = 0;
	char name[VISIT_DOC_NAME_MAX];
	struct bf_err e;
	if (req_id_arg(r, "org", &org))
		return;
	if (visit_round_list_render(&r->core, &r->actor, r->id, org, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, 1);
	reply_bytes(r, 200, data, len, "application/pdf");
}

static json_t *vfile_json(const struct visit_attachment *at)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(at->id));
	json_object_set_new(j, "visit_id", json_integer(at->visit_id));
	json_object_set_new(j, "name", jstr(at->name));
	json_object_set_new(j, "mime", jstr(at->mime));
	json_object_set_new(j, "size", json_integer(at->size));
	json_object_set_new(j, "sha256", jstr(at->sha256));
	json_object_set_new(j, "uploaded_at", json_time(at->uploaded_at));
	return j;
}

/* POST /api/v1/visits/{id}/attachments: the raw body is the file
 * (Content-Type pdf, jpeg or png), X-Filename its percent-encoded UTF-8
 * name, like a case's attachments. */
void h_visit_attach(struct req *r)
{
	struct visit_attachment at;
	struct bf_err e;
	char name[256] = "";
	const char *ctype = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	const char *fname = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Filename");
	if (!upload_type_ok(ctype)) {
		reply_code(r, EC_INVALID, "file",
			   "只能上传 PDF、JPG 或 PNG 文件（Content-Type 应为 application/pdf、"
			   "image/jpeg 或 image/png）");
		return;
	}
	if (fname && percent_decode(fname, name, sizeof(name))) {
		reply_code(r, EC_INVALID, "name",
			   "文件名（X-Filename）应为百分号编码的 UTF-8，且不超过 255 字节");
		return;
	}
	if (visit_attach(&r->core, &r->actor, r->id, name, r->body.buf, r->body.len, &at, &e))
		reply_error(r, &e);
	else
		reply_json(r, 201, vfile_json(&at));
}

void h_visit_attachments(struct req *r)
{
	struct visit_attachment *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (visit_attachments(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, vfile_json(&items[i]));
	free(items);
	reply_json(r, 200, json_pack("{s:o}", "items", a));
}

void h_visit_attachment_get(struct req *r)
{
	struct visit_attachment at;
	void *data = NULL;
	size_t len = 0;
	int inl;
	struct bf_err e;
	if (req_int_arg(r, "inline", 0, 0, 1, &inl))
		return;
	if (visit_attachment_read(&r->core, &r->actor, r->id, &at, &data, &len, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, at.name, inl);
	reply_bytes(r, 200, data, len, at.mime);
}

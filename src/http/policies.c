/* policies.c - /api/v1/policies: the versions of the aid policy (cases.h:
 * DOMAIN.md §2–§3 as data), the one in force, and saving a new version
 * (department and admin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases.h"
#include "internal.h"
#include "store_cases.h" /* store_policy_rows_free: the list's own free (casework.h) */

static json_t *row_json(const struct policy_row *p, int in_force)
{
	json_t *j = json_object();
	json_object_set_new(j, "version", json_integer(p->version));
	json_object_set_new(j, "effective_from", jstr(p->effective_from));
	json_object_set_new(j, "note", jstr(p->note));
	json_object_set_new(j, "created_by",
			    p->created_by ? json_integer(p->created_by) : json_null());
	json_object_set_new(j, "created_by_name", jstr(p->created_by_name));
	json_object_set_new(j, "created_at", json_time(p->created_at));
	json_object_set_new(j, "in_force", json_boolean(in_force));
	return j;
}

/* The version in force today (0 when none). */
static int version_today(struct req *r)
{
	const struct policy *p;
	struct bf_err e;
	return case_policy_in_force(&r->core, NULL, &p, &e) ? 0 : p->version;
}

void h_policies_list(struct req *r)
{
	struct policy_row *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (case_policy_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	int now = version_today(r);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, row_json(&items[i], items[i].version == now));
	store_policy_rows_free(items, n);
	reply_items(r, a);
}

/* One version: its row and the document as JSON. */
static void reply_policy(struct req *r, int status, const struct policy *p)
{
	struct policy_row *items = NULL;
	size_t n = 0;
	struct bf_err e;
	struct strbuf doc = STRBUF_INIT;
	if (case_policy_list(&r->core, &r->actor, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	json_t *j = NULL;
	for (size_t i = 0; i < n && !j; i++)
		if (items[i].version == p->version)
			j = row_json(&items[i], p->version == version_today(r));
	store_policy_rows_free(items, n);
	if (!j)
		j = json_pack("{s:i}", "version", p->version);
	policy_to_json(p, &doc);
	json_t *d = json_loadb(doc.buf, doc.len, 0, NULL);
	strbuf_release(&doc);
	json_object_set_new(j, "document", d ? d : json_null());
	reply_json(r, status, j);
}

void h_policy_current(struct req *r)
{
	const struct policy *p;
	struct bf_err e;
	char date[11];
	if (!access_allowed(&r->actor, PERM_READ))
		reply_code(r, EC_FORBIDDEN, NULL, NULL);
	else if (req_date_arg(r, "date", "日期", date))
		return;
	else if (case_policy_in_force(&r->core, date[0] ? date : NULL, &p, &e))
		reply_error(r, &e);
	else
		reply_policy(r, 200, p);
}

void h_policy_get(struct req *r)
{
	const struct policy *p;
	struct bf_err e;
	if (!access_allowed(&r->actor, PERM_READ))
		reply_code(r, EC_FORBIDDEN, NULL, NULL);
	else if (r->id > 1000000 || case_policy_get(&r->core, (int)r->id, &p, &e))
		reply_code(r, EC_NOT_FOUND, "version", "该版本的政策不存在");
	else
		reply_policy(r, 200, p);
}

void h_policies_create(struct req *r)
{
	static const char *const keys[] = {"document", "effective_from", "note", NULL};
	char note[TEXT_BYTES(TF_POLICY_NOTE_MAX)] = "", effective[16] = "";
	int version = 0;
	struct bf_err e;
	char *text = NULL;
	json_t *j = req_json(r);
	if (!j)
		return;
	json_t *doc = json_object_get(j, "document");
	int rc = json_only_keys(j, keys, &e) ||
		 json_get_date(j, "effective_from", effective, "生效日期", &e) ||
		 json_get_str(j, "note", note, sizeof(note), "修改说明", &e);
	if (!rc && !json_is_object(doc))
		rc = err_set(&e, doc ? EC_INVALID : EC_MISSING, "document",
			     "请提供政策文件（JSON 对象）");
	if (!rc && effective[0]) /* the body's date wins over the document's */
		json_object_set_new(doc, "effective_from", json_string(effective));
	if (!rc) {
		text = json_dumps(doc, JSON_COMPACT);
		rc = text ? case_policy_save(&r->core, &r->actor, text, strlen(text), note,
					     &version, &e)
			  : err_set(&e, EC_INTERNAL, "document", "政策文件无法保存，请稍后重试");
	}
	free(text);
	json_decref(j);
	const struct policy *p;
	if (rc || case_policy_get(&r->core, version, &p, &e))
		reply_error(r, &e);
	else
		reply_policy(r, 201, p);
}

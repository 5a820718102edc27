/* meta.c - GET /api/v1/health and GET /api/v1/meta (the choices the forms
 * offer, so the console never hard-codes a list the server checks). */
#include <ctype.h>
#include "cases.h"
#include "internal.h"
#include "limits.h"

void h_health(struct req *r)
{
	reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static json_t *list(const char *const *items)
{
	json_t *a = json_array();
	for (; *items; items++)
		json_array_append_new(a, json_string(*items));
	return a;
}

static json_t *org_kinds(void)
{
	json_t *a = json_array();
	for (const char *const *p = org_kind_names; *p; p++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s}", "kind", org_kind_for_name(*p), "kind_name", *p));
	return a;
}

/* The roles' Chinese names, {"admin":"系统管理员",…}: the console's one
 * source for them (access.c holds the table). */
static json_t *role_names(void)
{
	json_t *o = json_object();
	for (const char *const *p = user_roles; *p; p++)
		json_object_set_new(o, *p, json_string(access_role_label(*p)));
	return o;
}

/* The limits table (limits.h) for the forms: {"member_name":{"field","max","kind"}…}. */
static json_t *limits(void)
{
	json_t *o = json_object();
	for (int i = 0; i < TF_COUNT; i++) {
		const struct text_limit *l = &text_limits[i];
		char key[48];
		size_t k = 0;
		for (; l->id[k] && k < sizeof(key) - 1; k++)
			key[k] = (char)tolower((unsigned char)l->id[k]);
		key[k] = '\0';
		json_object_set_new(o, key,
				    json_pack("{s:s, s:i, s:s}", "field", l->field, "max",
					      (int)l->max, "kind",
					      l->kind == TEXT_LINE ? "line" : "free"));
	}
	return o;
}

static json_t *words(const struct audit_word *t, int with_tag)
{
	json_t *o = json_object();
	for (; t->code; t++)
		json_object_set_new(o, t->code,
				    with_tag
					? json_pack("{s:s, s:s}", "name", t->name, "tag", t->tag)
					: json_string(t->name));
	return o;
}

/* The audit log's words (core/register/audit_words.c), for the console's
 * audit page: the same table the audit export renders with. */
static json_t *audit_words(void)
{
	json_t *steps = json_object(), *fields = json_array();
	char name[128];
	for (int ev = 0; ev < EV__COUNT; ev++) {
		const char *code = wf_event_code((enum case_event)ev);
		audit_step_name(code, name, sizeof(name));
		json_object_set_new(steps, code, json_string(name));
	}
	for (const struct audit_field *f = audit_fields; f->key; f++)
		json_array_append_new(fields,
				      json_pack("{s:s, s:s?, s:s, s:s}", "key", f->key, "entity",
						f->entity, "name", f->name, "kind", f->kind));
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "actions", words(audit_actions, 1), "verbs",
			 words(audit_verbs, 1), "steps", steps, "entities",
			 words(audit_entities, 0), "fields", fields);
}

void h_meta(struct req *r)
{
	/* the server's today (BANGFU_TODAY in tests), so forms default to the
	 * date the server will check against, not the browser's */
	char today[11];
	date_format(date_today(), today);
	json_t *j =
	    json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "today", today, "genders",
		      list(member_genders), "ethnicities", list(member_ethnicities), "educations",
		      list(member_educations), "member_types", list(member_types), "statuses",
		      list(member_statuses), "household_types", list(member_household_types),
		      "org_kinds", org_kinds(), "roles", list(user_roles));
	json_object_set_new(j, "limits", limits());
	json_object_set_new(j, "money_max_fen", json_integer(MONEY_MAX_FEN));
	json_object_set_new(j, "money_date_min", json_string(MONEY_DATE_MIN));
	json_object_set_new(j, "audit", audit_words());
	json_object_set_new(j, "role_names", role_names());
	reply_json(r, 200, j);
}

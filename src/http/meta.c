/* meta.c - GET /api/v1/health and GET /api/v1/meta (the choices the forms
 * offer, so the console never hard-codes a list the server checks). */
#include "internal.h"

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

void h_meta(struct req *r)
{
	/* the server's today (BANGFU_TODAY in tests), so forms default to the
	 * date the server will check against, not the browser's */
	char today[11];
	date_format(date_today(), today);
	reply_json(r, 200,
		   json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "today", today,
			     "genders", list(member_genders), "ethnicities",
			     list(member_ethnicities), "educations", list(member_educations),
			     "member_types", list(member_types), "statuses", list(member_statuses),
			     "household_types", list(member_household_types), "org_kinds",
			     org_kinds(), "roles", list(user_roles)));
}

/* internal.h - what the http/ files share: the request being served, the
 * route table and the reply helpers.  Handlers never write SQL: they parse
 * JSON, call core/ and turn the result into JSON. */
#ifndef BANGFU_HTTP_INTERNAL_H
#define BANGFU_HTTP_INTERNAL_H
#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>
#include <time.h>
#include "register.h"
#include "http.h"
#include "strbuf.h"

#define BODY_LIMIT (1024 * 1024)

struct server;

/* Who is at the other end (peers.c): connections per address, how long a
 * request may take to arrive, and the trusted reverse proxies (all from
 * cfg); starts the watchdog thread that closes late connections. */
struct peers;
int peers_new(struct peers **p, const struct http_config *cfg, struct bf_err *e);
/* After MHD_stop_daemon. */
void peers_free(struct peers *p);
/* MHD_OPTION_ACCEPT_POLICY and MHD_OPTION_NOTIFY_CONNECTION callbacks
 * (cls: the peers). */
enum MHD_Result peers_accept(void *cls, const struct sockaddr *sa, socklen_t len);
void peers_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);
/* The request's deadlines: its head has arrived (the body now has
 * body_timeout), all of it has (none while it is answered), its answer is
 * sent (the next request's head has conn_timeout + header_timeout). */
void peers_head_read(const struct peers *p, struct MHD_Connection *c);
void peers_request_read(struct MHD_Connection *c);
void peers_request_done(const struct peers *p, struct MHD_Connection *c);
/* The client's address (the forwarded one behind a trusted proxy) and
 * whether it came over TLS (X-Forwarded-Proto https from a trusted proxy). */
void peers_client(const struct peers *p, struct MHD_Connection *c, char addr[64], int *secure);

struct req {
	struct server *srv;
	struct MHD_Connection *conn;
	const char *method;
	char path[512];
	char addr[64]; /* the client: the forwarded address behind a trusted proxy */
	int secure;    /* came over TLS (said by a trusted proxy): cookies get Secure */
	struct strbuf body;
	size_t body_limit; /* the route's (BODY_LIMIT unless the table says more) */
	int too_large;
	int path_too_long; /* the URL did not fit in path: 414, never a cut path */
	int64_t id;	   /* the {id} of the path, 0 when none */
	struct core core;
	/* who asks (valid when logged_in) */
	int logged_in;
	char token[64];
	struct session session;
	struct user user;
	struct actor actor;
	/* the answer */
	struct {
		char name[32];
		char value[1024]; /* Content-Disposition with a percent-encoded name */
	} hdrs[4];
	int nhdrs;
	int status;
	size_t sent_bytes;
	struct timespec start;
	/* An export (export.c) runs a list's own handler page by page with
	 * the answer kept here instead of sent: the same filters, the same
	 * scope and errors.  When on, req_int_arg answers page and size from
	 * here and reply_json keeps the body (another reply only its status). */
	struct {
		int on, page, size, status;
		json_t *body;
	} capture;
};

enum route_flags {
	R_PUBLIC = 1,  /* no login needed */
	R_NO_CSRF = 2, /* a mutating request that needs no CSRF token (the login) */
	/* Answered while the password must be changed first (session, meta and
	 * the change itself); every other route then answers 403
	 * password_change_required. */
	R_PASSWORD_DUE = 4,
	/* Checked before the handler (gate.c), 403 whatever the body: */
	R_WRITE = 8,   /* a role that changes data (not auditor) */
	R_DEPT = 16,   /* department or admin */
	R_ROOT = 32,   /* department or admin of the root organisation */
	R_REVEAL = 64, /* a role that sees full ID numbers and phones */
};

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/members/{id}" */
	void (*fn)(struct req *r);
	unsigned flags;
	size_t max_body; /* bytes of body accepted; 0: BODY_LIMIT (JSON) */
	/* What every role is answered, in and out of scope: the authorisation
	 * matrix, walked by tests/api/matrix.test.mjs (format in routes.c). */
	const char *expect;
};

extern const struct route http_routes[];
extern const size_t http_nroutes;

/* Before the handler (gate.c): the route's role flags (403), then for a
 * write the {id} in the caller's scope (404).  0 to go on; -1 replied. */
int route_gate(struct req *r, const struct route *rt);

/* Replies (each queues exactly one response). */
void reply_json(struct req *r, int status, json_t *body); /* steals body */
void reply_error(struct req *r, const struct bf_err *e);
void reply_code(struct req *r, enum ec code, const char *field, const char *message);
void reply_empty(struct req *r, int status);
/* Sends a JSON text the caller built (takes the strbuf's memory). */
void reply_raw_json(struct req *r, int status, struct strbuf *body);
/* Sends heap memory s of len bytes as JSON (takes it). */
void reply_buffer(struct req *r, int status, char *s, size_t len);
/* A list's answer, 200 {"items": a} (steals a). */
void reply_items(struct req *r, json_t *a);
/* A page of a list, 200 {"items": a, "total", "page", "size"} (steals a). */
void reply_page(struct req *r, json_t *a, int64_t total, int page, int size);
/* The plain list: to_json(&items[i]) of each of the n items (a typed
 * pointer, hence a macro), frees items and answers reply_items. */
#define REPLY_ITEMS(r, items, n, to_json)                                                          \
	do {                                                                                       \
		json_t *a_ = json_array();                                                         \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			json_array_append_new(a_, to_json(&(items)[i_]));                          \
		free(items);                                                                       \
		reply_items((r), a_);                                                              \
	} while (0)

/* Writing JSON directly (jsonw.c): each adds `"key":value` with the comma. */
void jw_key(struct strbuf *sb, const char *key);
void jw_str(struct strbuf *sb, const char *key, const char *v);
void jw_int(struct strbuf *sb, const char *key, long long v);
void jw_null(struct strbuf *sb, const char *key);
void jw_time(struct strbuf *sb, const char *key, int64_t t);
/* Writes v at p as a quoted JSON string (strbuf_add_json_str's escaping,
 * a byte that is not UTF-8 as U+FFFD); the caller has made room for
 * 6 * strlen(v) + 2 bytes.  Returns the end. */
char *jw_esc(char *p, const char *v);
/* Adds a header to the response being built by the next reply_*. */
void reply_header(struct req *r, const char *name, const char *value);

/* Request helpers. */
/* Parses the body as a JSON object; on failure replies 400 and returns NULL. */
json_t *req_json(struct req *r);
/* Query-string argument or NULL. */
const char *req_arg(struct req *r, const char *name);
/* Integer query argument within [min,max]; dflt when absent; -1 (and a 400
 * reply) when malformed or out of range. */
int req_int_arg(struct req *r, const char *name, int dflt, int min, int max, int *out);
int req_id_arg(struct req *r, const char *name, int64_t *out);
/* The edge's first check, before any handler: the path and every query
 * argument (name and value) are valid UTF-8; -1 with a 400 naming the
 * argument otherwise. */
int req_check_text(struct req *r);
/* A date query argument (any form date.h reads, to the day) as YYYY-MM-DD
 * in out ("" when absent); -1 with a 400 naming it otherwise. */
int req_date_arg(struct req *r, const char *name, const char *label, char out[11]);
/* The search box ?q= (member_search_term, with the records' reference
 * prefix or NULL): 0 (t blank when absent), or -1 with a 400 naming q. */
int req_search_arg(struct req *r, const char *ref_prefix, struct search_term *t);

/* JSON field readers: 0 ok (absent leaves dst unchanged), -1 with e. */
int json_get_str(json_t *o, const char *key, char *dst, size_t n, const char *label,
		 struct bf_err *e);
int json_get_int(json_t *o, const char *key, int64_t *dst, const char *label, struct bf_err *e);
/* A date field, to the day, as YYYY-MM-DD in out (null or "": ""; absent:
 * out unchanged); -1 naming the field when it is not a real date. */
int json_get_date(json_t *o, const char *key, char out[11], const char *label, struct bf_err *e);
/* Rejects keys not in the NULL-terminated list. */
int json_only_keys(json_t *o, const char *const *keys, struct bf_err *e);
json_t *json_time(int64_t t);
/* true/false (or 1/0) into *dst as 1/0; null is false. */
int json_get_flag(json_t *o, const char *key, int *dst, const char *label, struct bf_err *e);
/* An array of positive integers (at most max) into a malloc'd *ids
 * (NULL when absent or empty; the caller frees). */
int json_get_ids(json_t *o, const char *key, int64_t **ids, size_t *n, size_t max,
		 const char *label, struct bf_err *e);
/* A JSON string, never NULL; jdate: "" → null. */
json_t *jstr(const char *s);
json_t *jdate(const char *s);
/* %XX-decodes in into out[n]; -1 on a bad escape, a NUL or overflow. */
int percent_decode(const char *in, char *out, size_t n);
/* Sends data (heap, taken) of content type ctype, e.g. a file. */
void reply_bytes(struct req *r, int status, void *data, size_t len, const char *ctype);
/* Content-Disposition for a download named name (UTF-8). */
void reply_disposition(struct req *r, const char *name, int inl);
/* The declared type of an upload is one we keep (PDF, JPEG, PNG); the core
 * then checks the bytes themselves (attachments.c). */
int upload_type_ok(const char *ctype);
/* Sends the open file fd (size bytes, taken: closed after sending) of
 * content type ctype, read as it goes out: a large download is never
 * held in memory. */
void reply_fd(struct req *r, int status, int fd, uint64_t size, const char *ctype);

/* The resources. */
void h_health(struct req *r);
void h_session_create(struct req *r);
void h_session_get(struct req *r);
void h_session_delete(struct req *r);
void h_meta(struct req *r);
void h_orgs_list(struct req *r);
void h_orgs_create(struct req *r);
void h_org_get(struct req *r);
void h_org_patch(struct req *r);
void h_members_list(struct req *r);
void h_members_create(struct req *r);
void h_member_get(struct req *r);
void h_member_patch(struct req *r);
void h_member_reveal(struct req *r);
void h_users_list(struct req *r);
void h_users_create(struct req *r);
void h_user_patch(struct req *r);
void h_user_disable(struct req *r);
void h_user_enable(struct req *r);
void h_user_password_reset(struct req *r);
void h_session_password(struct req *r);
void h_sessions_list(struct req *r);
void h_sessions_end_others(struct req *r);
void h_session_end(struct req *r);
void h_audit_list(struct req *r);
/* The aid procedure (cases.h). */
void h_rounds_list(struct req *r);
void h_rounds_create(struct req *r);
void h_round_get(struct req *r);
void h_round_close(struct req *r);
void h_round_progress(struct req *r);
/* care: commendations (care_commendations.c; XLSX in export.c) */
void h_commendations_list(struct req *r);
void h_commendations_create(struct req *r);
void h_commendation_get(struct req *r);
void h_commendation_quotas(struct req *r);
void h_commendation_notice(struct req *r);
void h_commendation_approve(struct req *r);
void h_commendation_nominations(struct req *r);
void h_commendation_nominate(struct req *r);
void h_commendation_honours_pdf(struct req *r);
void h_nomination_get(struct req *r);
void h_nomination_review(struct req *r);
void h_honours_list(struct req *r);
void h_honours_xlsx(struct req *r);
void h_member_honours(struct req *r);
/* Sets "honoured" (true/false) on each item of the array by its
 * "member_id": the 曾获表彰 mark where training and projects are decided
 * (DOMAIN §6; the roll, training's untrained). */
void http_mark_honoured(struct req *r, json_t *items);
/* care: talks and political birthdays (care_talks.c) */
void h_care_birthdays(struct req *r);
void h_visit_rounds_list(struct req *r);
void h_visit_rounds_create(struct req *r);
void h_visit_round_get(struct req *r);
void h_visit_round_refresh(struct req *r);
void h_visit_round_progress(struct req *r);
void h_visits_list(struct req *r);
void h_visit_get(struct req *r);
void h_visit_record(struct req *r);
void h_visits_create(struct req *r);
void h_visits_xlsx(struct req *r);
void h_visit_sheet_pdf(struct req *r);
void h_visit_round_list_pdf(struct req *r);
void h_visit_attach(struct req *r);
void h_visit_attachments(struct req *r);
void h_visit_attachment_get(struct req *r);
void h_care_talks_create(struct req *r);
void h_care_talks_list(struct req *r);
void h_care_talks_due(struct req *r);
void h_care_talks_coverage(struct req *r);
void h_care_talks_xlsx(struct req *r);
void h_care_greetings_create(struct req *r);
void h_care_greetings_list(struct req *r);
void h_care_greetings_coverage(struct req *r);
/* care: the 1 July celebration, 50 years, the greeting card (care_celebrations.c) */
void h_care_celebrations_create(struct req *r);
void h_care_celebrations_list(struct req *r);
void h_care_celebration_get(struct req *r);
void h_care_celebration_attend(struct req *r);
void h_care_medals(struct req *r);
void h_care_medals_pdf(struct req *r);
void h_care_medals_xlsx(struct req *r);
void h_member_greeting_card(struct req *r);
/* the hardship roll (roll.c) */
void h_roll_list(struct req *r);
void h_roll_create(struct req *r);
void h_roll_get(struct req *r);
void h_roll_patch(struct req *r);
void h_roll_confirm(struct req *r);
void h_roll_reject(struct req *r);
void h_roll_exit(struct req *r);
void h_roll_relapse(struct req *r);
void h_member_roll(struct req *r);
/* 技能培训, care (care_training.c) */
void h_training_list(struct req *r);
void h_training_create(struct req *r);
void h_training_update(struct req *r);
void h_member_timeline(struct req *r);
void h_member_timeline_pdf(struct req *r);
void h_training_delete(struct req *r);
void h_training_get(struct req *r);
void h_training_attend(struct req *r);
void h_member_training(struct req *r);
void h_training_untrained(struct req *r);
void h_training_xlsx(struct req *r);
/* care_pairing.c: pairing and help records (issue #12) */
void h_pairings_list(struct req *r);
void h_pairings_create(struct req *r);
void h_pairing_get(struct req *r);
void h_pairing_end(struct req *r);
void h_pairing_record(struct req *r);
void h_pairing_coverage(struct req *r);
void h_member_pairings(struct req *r);
void h_help_record_attach(struct req *r);
void h_help_attachment_get(struct req *r);

void h_pairings_xlsx(struct req *r);
/* care_plans.c: help plans (帮扶计划, issue #12) */
void h_help_plans_list(struct req *r);
void h_help_plans_create(struct req *r);
void h_help_plan_get(struct req *r);
void h_help_plan_patch(struct req *r);
void h_help_plan_measure_add(struct req *r);
void h_help_plan_review(struct req *r);
void h_plan_measure_patch(struct req *r);
void h_plan_measure_note(struct req *r);
void h_help_plan_coverage(struct req *r);
void h_member_help_plans(struct req *r);
void h_help_plans_xlsx(struct req *r);
/* the roll reviews, June and November (roll_review.c) */
void h_roll_reviews_list(struct req *r);
void h_roll_reviews_create(struct req *r);
void h_roll_review_get(struct req *r);
void h_roll_review_close(struct req *r);
void h_roll_review_items(struct req *r);
void h_roll_review_progress(struct req *r);
void h_roll_review_confirm(struct req *r);
void h_roll_review_item_get(struct req *r);
void h_roll_review_item_decide(struct req *r);
void h_roll_review_item_return(struct req *r);
/* the verification campaign (verification.c) */
void h_verifications_list(struct req *r);
void h_verifications_create(struct req *r);
void h_verification_get(struct req *r);
void h_verification_close(struct req *r);
void h_verification_checks(struct req *r);
void h_verification_assign(struct req *r);
void h_verification_progress(struct req *r);
void h_verification_redraw(struct req *r);
void h_verification_report(struct req *r);
void h_verification_check_get(struct req *r);
void h_verification_check_record(struct req *r);
void h_verification_check_phone(struct req *r);
void h_roll_xlsx(struct req *r);
void h_cases_list(struct req *r);
void h_cases_create(struct req *r);
void h_cases_approve(struct req *r);
void h_case_get(struct req *r);
void h_case_patch(struct req *r);
void h_case_step(struct req *r);
void h_case_timeline(struct req *r);
void h_case_dossier(struct req *r);
void h_case_paperwork(struct req *r);
void h_attachments_create(struct req *r);
void h_attachments_list(struct req *r);
void h_attachment_get(struct req *r);
void h_case_application_pdf(struct req *r);
void h_case_registration_pdf(struct req *r);
void h_notices_list(struct req *r);
void h_notices_create(struct req *r);
void h_notice_get(struct req *r);
void h_notice_close(struct req *r);
void h_notice_pdf(struct req *r);
void h_notice_report_pdf(struct req *r);
void h_case_notice_report_pdf(struct req *r);
void h_pay_batch_signoff_pdf(struct req *r);
void h_objections_list(struct req *r);
void h_objections_create(struct req *r);
void h_objection_handle(struct req *r);
void h_policies_list(struct req *r);
void h_policies_create(struct req *r);
void h_policy_current(struct req *r);
void h_policy_get(struct req *r);
void h_calendar_get(struct req *r);
void h_calendar_day_put(struct req *r);
void h_calendar_day_delete(struct req *r);
void h_calendar_year_post(struct req *r);
void h_calendar_year_delete(struct req *r);
void h_todo(struct req *r);
void h_todo_bell(struct req *r);
void h_todo_seen(struct req *r);
/* Screening before payment (screening.c, issue #11). */
void h_case_findings(struct req *r);
void h_finding_clear(struct req *r);
void h_finding_overrule(struct req *r);
void h_member_household(struct req *r);
void h_case_household(struct req *r);
void h_member_household_link(struct req *r);
void h_household_unlink(struct req *r);
void h_other_district_import(struct req *r);
void h_other_district_get(struct req *r);
void h_sbatches_list(struct req *r);
void h_sbatches_create(struct req *r);
void h_sbatch_get(struct req *r);
void h_sbatch_file(struct req *r);
void h_sbatch_answer(struct req *r);
/* Lists as XLSX (export.c): GET <list>.xlsx with the list's filters. */
void h_members_xlsx(struct req *r);
void h_cases_xlsx(struct req *r);
void h_notices_xlsx(struct req *r);
void h_objections_xlsx(struct req *r);
void h_pay_batches_xlsx(struct req *r);
void h_pay_batch_lines_xlsx(struct req *r);
void h_loans_xlsx(struct req *r);
void h_recoveries_xlsx(struct req *r);
void h_round_progress_xlsx(struct req *r);
void h_todo_xlsx(struct req *r);
void h_users_xlsx(struct req *r);
void h_audit_xlsx(struct req *r);
/* The fund ledger (fund.h, funds.c). */
void h_funds_list(struct req *r);
void h_funds_create(struct req *r);
void h_fund_get(struct req *r);
void h_fund_postings(struct req *r);
void h_fund_income(struct req *r);
void h_posting_get(struct req *r);
void h_posting_reverse(struct req *r);
/* imports from the console (imports.c) */
void h_import_template(struct req *r);
void h_imports_create(struct req *r);
void h_import_get(struct req *r);
void h_import_file(struct req *r);
void h_import_confirm(struct req *r);
void h_import_errors(struct req *r);

/* A case as JSON (case_json.c), shared by the casework handlers. */
struct aid_case;
struct policy;
/* The policy of a version, for labels; NULL when it cannot be read. */
const struct policy *http_policy(struct req *r, int version);
/* A case as it appears in lists (today: YYYY-MM-DD, for "overdue"). */
json_t *case_item_json(const struct aid_case *c, const struct policy *p, const char *today);
/* One case with everything the case page shows. */
json_t *case_full_json(struct req *r, const struct aid_case *c);
/* A state's label (the code itself when unknown). */
const char *case_state_label(const char *code);
/* Dossier items as codes (an array of strings) into bits. */
int case_dossier_from_json(json_t *v, const char *key, unsigned *bits, struct bf_err *e);

/* Shared by the session handlers. */
/* The household-on-the-roll flag (issue #11): [{"member_id","member_name",
 * "relation","roll_id","status","status_label","since_on","org_name",
 * "in_scope"}…]; frees nothing.  http/roll.c. */
struct household_roll;
json_t *household_roll_json(const struct household_roll *items, size_t n);
json_t *user_json(const struct user *u);
/* The session limits the server was started with (serve options). */
void server_limits(const struct server *s, struct auth_limits *out);

#endif

/* routes.c - the route table: every HTTP route of the API, in one place
 * (documented in docs/API.md). */
#include "casework.h"
#include "internal.h"

/* An attachment (10 MiB, casework.h) and a little: the core says how big
 * a file may be; the limit here only stops a body far past that. */
#define UPLOAD_LIMIT (CASE_ATTACHMENT_MAX + 64 * 1024)

const struct route http_routes[] = {
    {"GET", "/api/v1/health", h_health, R_PUBLIC},
    {"POST", "/api/v1/session", h_session_create, R_PUBLIC | R_NO_CSRF},
    {"GET", "/api/v1/session", h_session_get, 0},
    {"DELETE", "/api/v1/session", h_session_delete, 0},
    {"GET", "/api/v1/meta", h_meta, 0},
    {"GET", "/api/v1/orgs", h_orgs_list, 0},
    {"POST", "/api/v1/orgs", h_orgs_create, 0},
    {"GET", "/api/v1/orgs/{id}", h_org_get, 0},
    {"PATCH", "/api/v1/orgs/{id}", h_org_patch, 0},
    {"GET", "/api/v1/members", h_members_list, 0},
    {"POST", "/api/v1/members", h_members_create, 0},
    {"GET", "/api/v1/members/{id}", h_member_get, 0},
    {"PATCH", "/api/v1/members/{id}", h_member_patch, 0},
    {"POST", "/api/v1/members/{id}/reveal", h_member_reveal, 0},
    {"GET", "/api/v1/users", h_users_list, 0},
    {"POST", "/api/v1/users", h_users_create, 0},
    {"GET", "/api/v1/audit", h_audit_list, 0},
    /* the aid procedure (issue #3) */
    {"GET", "/api/v1/rounds", h_rounds_list, 0},
    {"POST", "/api/v1/rounds", h_rounds_create, 0},
    {"GET", "/api/v1/rounds/{id}", h_round_get, 0},
    {"POST", "/api/v1/rounds/{id}/close", h_round_close, 0},
    {"GET", "/api/v1/rounds/{id}/progress", h_round_progress, 0},
    {"GET", "/api/v1/cases", h_cases_list, 0},
    {"POST", "/api/v1/cases", h_cases_create, 0},
    {"POST", "/api/v1/cases/approve", h_cases_approve, 0},
    {"GET", "/api/v1/cases/{id}", h_case_get, 0},
    {"PATCH", "/api/v1/cases/{id}", h_case_patch, 0},
    {"POST", "/api/v1/cases/{id}/steps", h_case_step, 0},
    {"GET", "/api/v1/cases/{id}/timeline", h_case_timeline, 0},
    {"POST", "/api/v1/cases/{id}/dossier", h_case_dossier, 0},
    {"POST", "/api/v1/cases/{id}/paperwork", h_case_paperwork, 0},
    {"POST", "/api/v1/cases/{id}/attachments", h_attachments_create, 0, UPLOAD_LIMIT},
    {"GET", "/api/v1/cases/{id}/attachments", h_attachments_list, 0},
    {"GET", "/api/v1/cases/{id}/documents/application", h_case_application_pdf, 0},
    {"GET", "/api/v1/cases/{id}/documents/registration", h_case_registration_pdf, 0},
    {"GET", "/api/v1/attachments/{id}", h_attachment_get, 0},
    {"GET", "/api/v1/notices", h_notices_list, 0},
    {"POST", "/api/v1/notices", h_notices_create, 0},
    {"GET", "/api/v1/notices/{id}", h_notice_get, 0},
    {"POST", "/api/v1/notices/{id}/close", h_notice_close, 0},
    {"GET", "/api/v1/notices/{id}/document", h_notice_pdf, 0},
    {"GET", "/api/v1/notices/{id}/objections", h_objections_list, 0},
    {"POST", "/api/v1/notices/{id}/objections", h_objections_create, 0},
    {"POST", "/api/v1/objections/{id}/handle", h_objection_handle, 0},
    {"GET", "/api/v1/policies", h_policies_list, 0},
    {"POST", "/api/v1/policies", h_policies_create, 0},
    {"GET", "/api/v1/policies/current", h_policy_current, 0},
    {"GET", "/api/v1/policies/{id}", h_policy_get, 0},
    {"GET", "/api/v1/calendar", h_calendar_get, 0},
    {"PUT", "/api/v1/calendar/days", h_calendar_day_put, 0},
    {"DELETE", "/api/v1/calendar/days", h_calendar_day_delete, 0},
    {"POST", "/api/v1/calendar/years/{id}", h_calendar_year_post, 0},
    {"DELETE", "/api/v1/calendar/years/{id}", h_calendar_year_delete, 0},
    {"GET", "/api/v1/todo", h_todo, 0},
    /* the fund ledger (issue #4) */
    {"GET", "/api/v1/funds", h_funds_list, 0},
    {"POST", "/api/v1/funds", h_funds_create, 0},
    {"GET", "/api/v1/funds/{id}", h_fund_get, 0},
    {"GET", "/api/v1/funds/{id}/postings", h_fund_postings, 0},
    {"POST", "/api/v1/funds/{id}/income", h_fund_income, 0},
    {"GET", "/api/v1/postings/{id}", h_posting_get, 0},
    {"POST", "/api/v1/postings/{id}/reverse", h_posting_reverse, 0},
};

const size_t http_nroutes = sizeof(http_routes) / sizeof(http_routes[0]);

/* routes.c - the route table: every HTTP route of the API, in one place
 * (documented in docs/API.md). */
#include "cases.h"
#include "import_job.h"
#include "internal.h"
#include "payments_http.h"

/* An attachment (10 MiB, cases.h) and a little: the core says how big
 * a file may be; the limit here only stops a body far past that. */
#define UPLOAD_LIMIT (CASE_ATTACHMENT_MAX + 64 * 1024)

/* Each route ends with its expected answers: the authorisation matrix,
 * walked by tests/api/matrix.test.mjs on SQLite and PostgreSQL against a
 * real `bangfu serve` with the demo district (it reads this table through
 * the hidden `bangfu routes --json`).
 *
 *   "IIIIII OOOOOO [?filter …][; …]"
 *
 * One letter per role — admin, department, committee, branch, auditor,
 * anonymous — asking in scope (IIIIII: accounts whose subtree holds
 * 东风村党支部 T01V01, about T01V01's objects) and out of scope (OOOOOO: the
 * same roles attached to another township, T02, asking the same): o = 200,
 * 201 or 204; b = 400; c = 409; f = 403; n = 404; u = 401; '.' = not
 * asked.  Writes are sent an empty JSON object, so 400/409 means the
 * request got past permission and scope to its content.  ?org, ?member,
 * ?case, ?round (…) name the filters asked as variants of a list, each with
 * the T01V01 object of that kind; groups after ';' answer differently.
 *
 * EVERY NEW ROUTE NEEDS ITS EXPECTATION HERE: the test fails for a route
 * without one (and for an {id} of a resource it has no fixture for: add it
 * to SEGMENT in the test).  MATRIX_RECORD=1 prints what the server answers
 * in this format; read it before copying it here.
 *
 * Where a role expects 404 out of scope, the test also asks for an id that
 * does not exist and requires the very same error (out of scope looks like
 * absent).
 *
 * The flags R_WRITE, R_REVEAL, R_DEPT and R_ROOT are checked before the
 * handler (gate.c): permission before existence, whatever the body. */
const struct route http_routes[] = {
    {"GET", "/api/v1/health", h_health, R_PUBLIC, 0, "oooooo oooooo"},
    {"POST", "/api/v1/session", h_session_create, R_PUBLIC | R_NO_CSRF, 0, "bbbbbb bbbbbb"},
    {"GET", "/api/v1/session", h_session_get, R_PASSWORD_DUE, 0, "ooooou ooooou"},
    {"DELETE", "/api/v1/session", h_session_delete, R_PASSWORD_DUE, 0, "ooooou ooooou"},
    {"POST", "/api/v1/session/password", h_session_password, R_PASSWORD_DUE, 0, "bbbbbu bbbbbu"},
    {"GET", "/api/v1/sessions", h_sessions_list, 0, 0, "ooooou ooooou"},
    {"DELETE", "/api/v1/sessions", h_sessions_end_others, 0, 0, "ooooou ooooou"},
    {"DELETE", "/api/v1/sessions/{id}", h_session_end, 0, 0, "nnnnnu nnnnnu"},
    {"GET", "/api/v1/meta", h_meta, R_PASSWORD_DUE, 0, "ooooou ooooou"},
    {"GET", "/api/v1/orgs", h_orgs_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/orgs", h_orgs_create, R_WRITE, 0, "fffffu fffffu"},
    {"GET", "/api/v1/orgs/{id}", h_org_get, 0, 0, "ooooou nnnnnu"},
    {"PATCH", "/api/v1/orgs/{id}", h_org_patch, R_WRITE, 0, "oooffu nnnnfu"},
    {"GET", "/api/v1/members", h_members_list, 0, 0, "ooooou nnnnnu ?org"},
    {"POST", "/api/v1/members", h_members_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/members/{id}", h_member_get, 0, 0, "ooooou nnnnnu"},
    {"PATCH", "/api/v1/members/{id}", h_member_patch, R_WRITE, 0, "oooofu nnnnfu"},
    {"POST", "/api/v1/members/{id}/reveal", h_member_reveal, R_REVEAL, 0, "oooofu nnnnfu"},
    {"GET", "/api/v1/users", h_users_list, 0, 0, "oofffu oofffu"},
    {"POST", "/api/v1/users", h_users_create, 0, 0, "bffffu bffffu"},
    {"PATCH", "/api/v1/users/{id}", h_user_patch, 0, 0, "oofffu nnfffu"},
    {"POST", "/api/v1/users/{id}/disable", h_user_disable, 0, 0, "oofffu nnfffu"},
    {"POST", "/api/v1/users/{id}/enable", h_user_enable, 0, 0, "oofffu nnfffu"},
    {"POST", "/api/v1/users/{id}/password-reset", h_user_password_reset, 0, 0, "oofffu nnfffu"},
    {"GET", "/api/v1/audit", h_audit_list, 0, 0, "offfou offfou"},
    /* the aid procedure (issue #3) */
    {"GET", "/api/v1/rounds", h_rounds_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/rounds", h_rounds_create, R_WRITE | R_DEPT, 0, "bbfffu bbfffu"},
    {"GET", "/api/v1/rounds/{id}", h_round_get, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/rounds/{id}/close", h_round_close, R_WRITE | R_DEPT, 0, "ccfffu fffffu"},
    {"GET", "/api/v1/rounds/{id}/progress", h_round_progress, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/visit-rounds", h_visit_rounds_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/visit-rounds", h_visit_rounds_create, R_WRITE | R_DEPT, 0, "bbfffu bbfffu"},
    {"GET", "/api/v1/visit-rounds/{id}", h_visit_round_get, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/visit-rounds/{id}/refresh", h_visit_round_refresh, R_WRITE | R_DEPT, 0,
     "oofffu fffffu"},
    {"GET", "/api/v1/visit-rounds/{id}/progress", h_visit_round_progress, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/visits", h_visits_list, 0, 0, "ooooou ooooou ?member"},
    {"POST", "/api/v1/visits", h_visits_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/visits/{id}", h_visit_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/visits/{id}/record", h_visit_record, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"GET", "/api/v1/cases", h_cases_list, 0, 0,
     "ooooou nnnnnu ?org; ooooou ooooou ?round; ooooou nnnnnu ?member"},
    {"POST", "/api/v1/cases", h_cases_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"POST", "/api/v1/cases/approve", h_cases_approve, R_WRITE | R_DEPT, 0, "bbfffu bbfffu"},
    {"GET", "/api/v1/cases/{id}", h_case_get, 0, 0, "ooooou nnnnnu"},
    {"PATCH", "/api/v1/cases/{id}", h_case_patch, R_WRITE, 0, "ccccfu nnnnfu"},
    {"POST", "/api/v1/cases/{id}/steps", h_case_step, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"GET", "/api/v1/cases/{id}/timeline", h_case_timeline, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/cases/{id}/dossier", h_case_dossier, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/cases/{id}/paperwork", h_case_paperwork, R_WRITE, 0, "ccccfu nnnnfu"},
    {"POST", "/api/v1/cases/{id}/attachments", h_attachments_create, R_WRITE, UPLOAD_LIMIT,
     "bbbbfu nnnnfu"},
    {"GET", "/api/v1/cases/{id}/attachments", h_attachments_list, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/cases/{id}/documents/application", h_case_application_pdf, 0, 0,
     "ooooou nnnnnu"},
    {"GET", "/api/v1/cases/{id}/documents/registration", h_case_registration_pdf, 0, 0,
     "ooooou nnnnnu"},
    {"GET", "/api/v1/cases/{id}/documents/notice_report", h_case_notice_report_pdf, 0, 0,
     "ooooou nnnnnu"},
    {"GET", "/api/v1/attachments/{id}", h_attachment_get, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/notices", h_notices_list, 0, 0, "ooooou nnnnnu ?org"},
    {"POST", "/api/v1/notices", h_notices_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/notices/{id}", h_notice_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/notices/{id}/close", h_notice_close, R_WRITE, 0, "ccccfu nnnnfu"},
    {"GET", "/api/v1/notices/{id}/document", h_notice_pdf, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/notices/{id}/report", h_notice_report_pdf, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/notices/{id}/objections", h_objections_list, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/notices/{id}/objections", h_objections_create, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/objections/{id}/handle", h_objection_handle, R_WRITE, 0, "bfbbfu nnnnfu"},
    {"GET", "/api/v1/policies", h_policies_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/policies", h_policies_create, R_WRITE | R_ROOT, 0, "bbfffu fffffu"},
    {"GET", "/api/v1/policies/current", h_policy_current, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/policies/{id}", h_policy_get, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/calendar", h_calendar_get, 0, 0, "ooooou ooooou"},
    {"PUT", "/api/v1/calendar/days", h_calendar_day_put, R_WRITE | R_ROOT, 0, "bbfffu fffffu"},
    {"DELETE", "/api/v1/calendar/days", h_calendar_day_delete, R_WRITE | R_ROOT, 0,
     "bbfffu fffffu"},
    {"POST", "/api/v1/calendar/years/{id}", h_calendar_year_post, R_WRITE | R_ROOT, 0,
     "bbfffu fffffu"},
    {"DELETE", "/api/v1/calendar/years/{id}", h_calendar_year_delete, R_WRITE | R_ROOT, 0,
     "nnfffu fffffu"},
    {"GET", "/api/v1/todo", h_todo, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/todo/bell", h_todo_bell, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/todo/seen", h_todo_seen, 0, 0, "ooooou ooooou"},
    /* care: commendations (issue #12, care_commendations.c) */
    {"GET", "/api/v1/commendations", h_commendations_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/commendations", h_commendations_create, R_WRITE | R_DEPT, 0, "bbfffu bbfffu"},
    {"GET", "/api/v1/commendations/{id}", h_commendation_get, 0, 0, "ooooou ooooou"},
    {"PUT", "/api/v1/commendations/{id}/quotas", h_commendation_quotas, R_WRITE | R_DEPT, 0,
     "bbfffu bbfffu"},
    {"POST", "/api/v1/commendations/{id}/notice", h_commendation_notice, R_WRITE | R_DEPT, 0,
     "ccfffu ccfffu"},
    {"POST", "/api/v1/commendations/{id}/approve", h_commendation_approve, R_WRITE | R_DEPT, 0,
     "ccfffu ccfffu"},
    {"GET", "/api/v1/commendations/{id}/nominations", h_commendation_nominations, 0, 0,
     "ooooou ooooou"},
    {"POST", "/api/v1/commendations/{id}/nominations", h_commendation_nominate, R_WRITE, 0,
     "bbbbfu bbbbfu"},
    {"GET", "/api/v1/commendations/{id}/honours/document", h_commendation_honours_pdf, 0, 0,
     "cccccu cccccu"},
    {"GET", "/api/v1/nominations/{id}", h_nomination_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/nominations/{id}/review", h_nomination_review, R_WRITE, 0, "bfbffu nfnffu"},
    {"GET", "/api/v1/honours", h_honours_list, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/honours.xlsx", h_honours_xlsx, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/members/{id}/honours", h_member_honours, 0, 0, "ooooou nnnnnu"},
    /* care: talks and political birthdays (issue #12, care_talks.c) */
    {"GET", "/api/v1/care/birthdays", h_care_birthdays, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/care/talks", h_care_talks_list, 0, 0,
     "ooooou nnnnnu ?org; ooooou nnnnnu ?member"},
    {"POST", "/api/v1/care/talks", h_care_talks_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/care/talks/due", h_care_talks_due, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/care/talks/coverage", h_care_talks_coverage, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/care/talks.xlsx", h_care_talks_xlsx, 0, 0,
     "ooooou nnnnnu ?org; ooooou nnnnnu ?member"},
    {"GET", "/api/v1/care/greetings", h_care_greetings_list, 0, 0,
     "ooooou nnnnnu ?org; ooooou nnnnnu ?member"},
    {"POST", "/api/v1/care/greetings", h_care_greetings_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/care/greetings/coverage", h_care_greetings_coverage, 0, 0,
     "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/care/celebrations", h_care_celebrations_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/care/celebrations", h_care_celebrations_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/care/celebrations/{id}", h_care_celebration_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/care/celebrations/{id}/attendees", h_care_celebration_attend, R_WRITE, 0,
     "bbbbfu nnnnfu"},
    {"GET", "/api/v1/care/medals", h_care_medals, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/care/medals.pdf", h_care_medals_pdf, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/care/medals.xlsx", h_care_medals_xlsx, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/members/{id}/greeting-card", h_member_greeting_card, 0, 0, "ooooou nnnnnu"},
    /* the hardship roll (issue #11, roll.c) */
    {"GET", "/api/v1/roll", h_roll_list, 0, 0, "ooooou nnnnnu ?org; ooooou nnnnnu ?member"},
    {"POST", "/api/v1/roll", h_roll_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/roll/{id}", h_roll_get, 0, 0, "ooooou nnnnnu"},
    {"PATCH", "/api/v1/roll/{id}", h_roll_patch, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/roll/{id}/confirm", h_roll_confirm, R_WRITE, 0, "cccffu nnnnfu"},
    {"POST", "/api/v1/roll/{id}/reject", h_roll_reject, R_WRITE, 0, "bbbffu nnnnfu"},
    {"POST", "/api/v1/roll/{id}/exit", h_roll_exit, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/roll/{id}/relapse", h_roll_relapse, R_WRITE, 0, "ccccfu nnnnfu"},
    {"GET", "/api/v1/members/{id}/roll", h_member_roll, 0, 0, "ooooou nnnnnu"},
    /* 技能培训, care (issue 12, care_training.c) */
    {"GET", "/api/v1/training-sessions", h_training_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/training-sessions", h_training_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/training-sessions/{id}", h_training_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/training-sessions/{id}/attendance", h_training_attend, R_WRITE, 0,
     "bbbbfu nnnnfu"},
    {"GET", "/api/v1/training-untrained", h_training_untrained, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/members/{id}/training", h_member_training, 0, 0, "ooooou nnnnnu"},
    /* pairing and help records (issue #12, care_pairing.c) */
    {"GET", "/api/v1/pairings", h_pairings_list, 0, 0, "ooooou nnnnnu ?org; ooooou ooooou ?member"},
    {"POST", "/api/v1/pairings", h_pairings_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/pairings/{id}", h_pairing_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/pairings/{id}/end", h_pairing_end, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/pairings/{id}/records", h_pairing_record, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"GET", "/api/v1/pairing-coverage", h_pairing_coverage, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/members/{id}/pairings", h_member_pairings, 0, 0, "ooooou nnnnnu"},
    /* help plans (帮扶计划, issue #12, care_plans.c) */
    {"GET", "/api/v1/help-plans", h_help_plans_list, 0, 0,
     "ooooou nnnnnu ?org; ooooou ooooou ?member"},
    {"POST", "/api/v1/help-plans", h_help_plans_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/help-plans/{id}", h_help_plan_get, 0, 0, "ooooou nnnnnu"},
    {"PATCH", "/api/v1/help-plans/{id}", h_help_plan_patch, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/help-plans/{id}/measures", h_help_plan_measure_add, R_WRITE, 0,
     "bbbbfu nnnnfu"},
    {"POST", "/api/v1/help-plans/{id}/reviews", h_help_plan_review, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"PATCH", "/api/v1/plan-measures/{id}", h_plan_measure_patch, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/plan-measures/{id}/notes", h_plan_measure_note, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"GET", "/api/v1/help-plan-coverage", h_help_plan_coverage, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/members/{id}/help-plans", h_member_help_plans, 0, 0, "ooooou nnnnnu"},
    /* the roll reviews, June and November (issue 11, roll_review.c) */
    {"GET", "/api/v1/roll-reviews", h_roll_reviews_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/roll-reviews", h_roll_reviews_create, R_WRITE | R_DEPT, 0, "bbfffu bbfffu"},
    {"GET", "/api/v1/roll-reviews/{id}", h_roll_review_get, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/roll-reviews/{id}/close", h_roll_review_close, R_WRITE | R_DEPT, 0,
     "ccfffu fffffu"},
    {"GET", "/api/v1/roll-reviews/{id}/items", h_roll_review_items, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/roll-reviews/{id}/progress", h_roll_review_progress, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/roll-reviews/{id}/confirm", h_roll_review_confirm, R_WRITE, 0,
     "cccffu cccffu"},
    {"GET", "/api/v1/roll-review-items/{id}", h_roll_review_item_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/roll-review-items/{id}", h_roll_review_item_decide, R_WRITE, 0,
     "bbbbfu nnnnfu"},
    {"POST", "/api/v1/roll-review-items/{id}/return", h_roll_review_item_return, R_WRITE, 0,
     "cccffu nnnnfu"},
    /* the verification campaign (issue 11, verification.c) */
    {"GET", "/api/v1/verifications", h_verifications_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/verifications", h_verifications_create, R_WRITE | R_DEPT, 0, "bbfffu bbfffu"},
    {"GET", "/api/v1/verifications/{id}", h_verification_get, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/verifications/{id}/close", h_verification_close, R_WRITE | R_DEPT, 0,
     "ccfffu ccfffu"},
    {"GET", "/api/v1/verifications/{id}/checks", h_verification_checks, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/verifications/{id}/assign", h_verification_assign, R_WRITE | R_DEPT, 0,
     "bbfffu bbfffu"},
    {"GET", "/api/v1/verifications/{id}/progress", h_verification_progress, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/verifications/{id}/redraw", h_verification_redraw, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/verifications/{id}/report", h_verification_report, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/verification-checks/{id}", h_verification_check_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/verification-checks/{id}", h_verification_check_record, R_WRITE, 0,
     "bbfffu nnnffu"},
    {"POST", "/api/v1/verification-checks/{id}/phone", h_verification_check_phone, R_WRITE, 0,
     "oofffu nnnffu"},
    /* the fund ledger (issue #4) */
    {"GET", "/api/v1/funds", h_funds_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/funds", h_funds_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/funds/{id}", h_fund_get, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/funds/{id}/postings", h_fund_postings, 0, 0,
     "ooooou nnnnnu ?case; ooooou nnnnnu ?member"},
    {"POST", "/api/v1/funds/{id}/income", h_fund_income, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"GET", "/api/v1/postings/{id}", h_posting_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/postings/{id}/reverse", h_posting_reverse, R_WRITE, 0, "bbbbfu nnnnfu"},
    /* money out of the fund (issue #4, payments_http.h) */
    {"GET", "/api/v1/payment-batches", h_pay_batches_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/payment-batches", h_pay_batch_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"POST", "/api/v1/payment-batches/preview", h_pay_batch_preview, 0, 0, "bbbbbu bbbbbu"},
    {"GET", "/api/v1/payment-batches/{id}", h_pay_batch_get, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/payment-batches/{id}/signoff", h_pay_batch_signoff_pdf, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/cases/{id}/payments", h_case_payments, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/cases/{id}/payments", h_case_pay_now, R_WRITE, 0, "cccffu nnnnfu"},
    {"GET", "/api/v1/payments/{id}", h_payment_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/payments/{id}/receipt", h_payment_receipt, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/payments/{id}/receipt/scan", h_payment_receipt_scan, R_WRITE, UPLOAD_LIMIT,
     "bbbbfu nnnnfu"},
    {"POST", "/api/v1/gifts", h_gifts_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/loans", h_loans_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/loans", h_loans_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"POST", "/api/v1/loans/schedule", h_loan_schedule, 0, 0, "bbbbbu bbbbbu"},
    {"GET", "/api/v1/loans/overdue", h_loans_overdue, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/loans/{id}", h_loan_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/loans/{id}/repayments", h_loan_repay, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"GET", "/api/v1/recoveries", h_recoveries_list, 0, 0, "ooooou nnnnnu ?case"},
    {"POST", "/api/v1/recoveries", h_recoveries_create, R_WRITE | R_DEPT, 0, "bbfffu bbfffu"},
    {"GET", "/api/v1/recoveries/{id}", h_recovery_get, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/recoveries/{id}/repayments", h_recovery_repay, R_WRITE, 0, "bbbbfu nnnnfu"},
    {"POST", "/api/v1/recoveries/{id}/write-off", h_recovery_write_off, R_WRITE | R_DEPT, 0,
     "bbfffu nnfffu"},
    {"GET", "/api/v1/statements", h_statement, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/statements/document", h_statement_pdf, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/statements/postings", h_statement_xlsx, 0, 0, "ooooou nnnnnu ?org"},
    /* every list as XLSX (issue #10, export.c): GET <list>.xlsx, the list's
     * query and the list's answers */
    {"GET", "/api/v1/members.xlsx", h_members_xlsx, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/cases.xlsx", h_cases_xlsx, 0, 0,
     "ooooou nnnnnu ?org; ooooou ooooou ?round; ooooou nnnnnu ?member"},
    {"GET", "/api/v1/notices.xlsx", h_notices_xlsx, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/notices/{id}/objections.xlsx", h_objections_xlsx, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/payment-batches.xlsx", h_pay_batches_xlsx, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/payment-batches/{id}/payments.xlsx", h_pay_batch_lines_xlsx, 0, 0,
     "ooooou nnnnnu"},
    {"GET", "/api/v1/loans.xlsx", h_loans_xlsx, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/recoveries.xlsx", h_recoveries_xlsx, 0, 0, "ooooou nnnnnu ?case"},
    {"GET", "/api/v1/rounds/{id}/progress.xlsx", h_round_progress_xlsx, 0, 0, "ooooou nnnnnu ?org"},
    {"GET", "/api/v1/todo.xlsx", h_todo_xlsx, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/users.xlsx", h_users_xlsx, 0, 0, "oofffu oofffu"},
    {"GET", "/api/v1/training-sessions.xlsx", h_training_xlsx, 0, 0, "ooooou ooooou"},
    {"GET", "/api/v1/visits.xlsx", h_visits_xlsx, 0, 0, "ooooou ooooou ?member"},
    {"GET", "/api/v1/pairings.xlsx", h_pairings_xlsx, 0, 0,
     "ooooou nnnnnu ?org; ooooou ooooou ?member"},
    {"GET", "/api/v1/help-plans.xlsx", h_help_plans_xlsx, 0, 0,
     "ooooou nnnnnu ?org; ooooou ooooou ?member"},
    {"GET", "/api/v1/roll.xlsx", h_roll_xlsx, 0, 0, "ooooou nnnnnu ?org; ooooou nnnnnu ?member"},
    {"GET", "/api/v1/audit.xlsx", h_audit_xlsx, 0, 0, "offfou offfou"},
    /* screening before payment (issue #11, screening.c): findings, households,
     * other districts' rolls, the file round-trip with the relief system */
    {"GET", "/api/v1/cases/{id}/findings", h_case_findings, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/findings/{id}/clear", h_finding_clear, R_WRITE, 0, "bfbffu nnnnfu"},
    {"POST", "/api/v1/findings/{id}/overrule", h_finding_overrule, R_WRITE | R_DEPT, 0,
     "bbfffu nnfffu"},
    {"GET", "/api/v1/members/{id}/household", h_member_household, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/cases/{id}/household", h_case_household, 0, 0, "ooooou nnnnnu"},
    {"POST", "/api/v1/members/{id}/household", h_member_household_link, R_WRITE, 0,
     "bbbbfu nnnnfu"},
    /* the first to ask (admin) undoes the link: the others find it gone */
    {"DELETE", "/api/v1/household-links/{id}", h_household_unlink, R_WRITE, 0, "onnnfu nnnnfu"},
    {"GET", "/api/v1/screening/other-district", h_other_district_get, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/screening/other-district", h_other_district_import, R_WRITE | R_DEPT,
     IMPORT_UPLOAD_MAX + 64 * 1024, "bbfffu bbfffu"},
    {"GET", "/api/v1/screening-batches", h_sbatches_list, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/screening-batches", h_sbatches_create, R_WRITE, 0, "bfbffu bfbffu"},
    {"GET", "/api/v1/screening-batches/{id}", h_sbatch_get, 0, 0, "ooooou nnnnnu"},
    {"GET", "/api/v1/screening-batches/{id}/file", h_sbatch_file, R_REVEAL, 0, "oooofu nnnnfu"},
    {"POST", "/api/v1/screening-batches/{id}/answer", h_sbatch_answer, R_WRITE,
     IMPORT_UPLOAD_MAX + 64 * 1024, "bfbffu nnnnfu"},
    /* imports from the console (issue #10, import_job.h): a job is its
     * maker's alone (404 for anyone else) */
    {"GET", "/api/v1/imports/template", h_import_template, 0, 0, "ooooou ooooou"},
    {"POST", "/api/v1/imports", h_imports_create, R_WRITE, 0, "bbbbfu bbbbfu"},
    {"GET", "/api/v1/imports/{id}", h_import_get, 0, 0, "onnnnu nnnnnu"},
    {"PUT", "/api/v1/imports/{id}/file", h_import_file, R_WRITE, IMPORT_UPLOAD_MAX + 64 * 1024,
     "bnnnfu nnnnfu"},
    {"POST", "/api/v1/imports/{id}/confirm", h_import_confirm, R_WRITE, 0, "cnnnfu nnnnfu"},
    {"GET", "/api/v1/imports/{id}/errors", h_import_errors, 0, 0, "onnnnu nnnnnu"},
};

const size_t http_nroutes = sizeof(http_routes) / sizeof(http_routes[0]);

char *http_routes_json(void)
{
	json_t *a = json_array();
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *rt = &http_routes[i];
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:b, s:o}", "method", rt->method, "pattern",
				 rt->pattern, "public", (rt->flags & R_PUBLIC) != 0, "expect",
				 rt->expect ? json_string(rt->expect) : json_null()));
	}
	char *s = json_dumps(a, JSON_INDENT(1));
	json_decref(a);
	return s;
}

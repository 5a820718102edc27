/* routes.c - the route table: every HTTP route of the API, in one place
 * (documented in docs/API.md). */
#include "internal.h"

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
};

const size_t http_nroutes = sizeof(http_routes) / sizeof(http_routes[0]);

/* model.h - the plain structs that cross the core/store boundary.
 * Names follow shared/GLOSSARY.md.  Text is UTF-8 in fixed buffers (the core
 * validates lengths before anything reaches the store). */
#ifndef BANGFU_MODEL_H
#define BANGFU_MODEL_H
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "limits.h"
#include "wrapper.h"

/* Organisation kinds (§1): the API spells them in English; kind_name keeps
 * the Chinese category (组织部, 党委, 党工委, 党总支, 党支部). */
#define ORG_DEPARTMENT	   "department"
#define ORG_COMMITTEE	   "committee"
#define ORG_GENERAL_BRANCH "general_branch"
#define ORG_BRANCH	   "branch"

struct org {
	int64_t id;
	int64_t parent_id; /* 0 for the department (root) */
	char code[64];
	char name[TEXT_BYTES(TF_ORG_NAME_MAX)];
	char kind[16];	    /* ORG_* */
	char kind_name[16]; /* Chinese category */
	char path[256];	    /* materialised path "/1/4/17/": ids root..self */
	char phone[32];	    /* the office phone (named on public notices) */
	int64_t created_at; /* unix seconds */
};

/* Roles: admin, department, committee, branch, auditor. */
struct user {
	int64_t id;
	char username[64];
	char display_name[TEXT_BYTES(TF_USER_DISPLAY_NAME_MAX)];
	char role[16];
	int64_t org_id;
	char org_path[256]; /* filled on read: the scope of what the user sees */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)]; /* filled on read */
	char password_hash[128];
	int active;
	int64_t created_at;
	int must_change_password;    /* generated or reset: change at the next login */
	int64_t password_changed_at; /* for the optional expiry */
};

struct session {
	int64_t id;	     /* shown to its user, who may end it by it */
	char token_hash[65]; /* SM3 hex of the cookie token: the token itself is never stored */
	int64_t user_id;
	char csrf_token[44];
	char addr[64];
	char user_agent[256];
	int64_t created_at;
	int64_t last_seen;
	/* Set by auth_session: why every call but the password change is
	 * refused (AUTH_PW_*, register.h), 0 when none. */
	int password_change;
};

#define MEMBER_MAX_FAMILY 30

struct family_member {
	char name[TEXT_BYTES(TF_FAMILY_NAME_MAX)];
	char relation[TEXT_BYTES(TF_FAMILY_RELATION_MAX)];
	int birth_year;					       /* 0 unknown */
	char occupation[TEXT_BYTES(TF_FAMILY_OCCUPATION_MAX)]; /* occupation or health */
};

struct member {
	int64_t id;
	int64_t org_id;
	char org_code[64];			    /* filled on read */
	char org_name[TEXT_BYTES(TF_ORG_NAME_MAX)]; /* filled on read */
	char org_path[256];			    /* filled on read */
	char name[TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	char gender[8]; /* 男 / 女 */
	char ethnicity[32];
	char birth_date[32]; /* YYYY-MM-DD once validated (wider: input as typed) */
	char joined_on[32];  /* YYYY-MM-DD once validated */
	/* Plain values live only in memory; the store sees the sealed forms. */
	char id_number[19];
	char phone[32];
	char id_sealed[160];
	char id_bidx[65];
	char phone_sealed[160];
	char phone_bidx[65];
	char household_type[16]; /* 农业 / 非农业 */
	int household_size;
	char address[TEXT_BYTES(TF_MEMBER_ADDRESS_MAX)];
	char education[32];
	char member_type[32]; /* 退任村干部 / 退役军人 / 普通党员 / 其他 */
	char status[16];      /* 在职 / 离退休 / 流动 / 亡故 */
	char income_sources[TEXT_BYTES(TF_MEMBER_INCOME_MAX)];
	char other_subsidies[TEXT_BYTES(TF_MEMBER_SUBSIDIES_MAX)];
	int64_t created_at;
	int64_t updated_at;
	size_t nfamily;
	/* nfamily rows (at most MEMBER_MAX_FAMILY), heap, owned by the member:
	 * NULL or allocated (start from a zeroed member), freed by member_free
	 * or member_release; store_member_get replaces it. */
	struct family_member *family;
};

/* Frees m's family (m itself stays): nfamily 0, family NULL. */
static inline void member_release(struct member *m)
{
	free(m->family);
	m->family = NULL;
	m->nfamily = 0;
}

/* m's family replaced by n zeroed rows (n <= MEMBER_MAX_FAMILY). */
static inline void member_family_resize(struct member *m, size_t n)
{
	member_release(m);
	m->family = n ? xcalloc(n, sizeof(*m->family)) : NULL;
	m->nfamily = n;
}

/* member_release, then free(m); NULL is fine. */
static inline void member_free(struct member *m)
{
	if (m)
		member_release(m);
	free(m);
}

/* A page of the member list.  Every filter is optional (NULL / 0). */
struct member_query {
	const char *scope_path; /* required: only members of orgs under this path */
	int64_t org_id;		/* members of this org's subtree */
	const char *name_like;	/* name contains this fragment */
	const char *bidx;	/* or: exact id_bidx or phone_bidx equals this */
	const char *bidx_phone; /* or: phone_bidx equals this */
	const char *status;
	const char *member_type;
	int offset;
	int limit;
	/* A read generation the caller took just before (store.h), or 0 to
	 * have store_member_list take its own. */
	uint64_t read_gen;
};

/* A list's search box (cases, notices, payment batches) as the core read
 * it (member_search_term): at most one of its parts is set.  A name
 * fragment matches the record's own name and its members' names; a blind
 * index (of a valid ID number or phone) matches its members exactly; a
 * number matches the record's own number (-1: digits that are no number
 * of ours, so nothing). */
struct search_term {
	char like[200];
	char id_bidx[65];
	char phone_bidx[65];
	int64_t number;
	char pattern[2 * 200 + 3]; /* the store's: like as its LIKE pattern */
};

/* A page of the audit log, newest first.  Every filter is optional. */
struct audit_query {
	const char *path;     /* the subtree ("" or "/": every row) */
	const char *user;     /* a fragment of the username or the account's name */
	const char *action;   /* exactly */
	const char *entity;   /* exactly */
	int64_t entity_id;    /* exactly */
	int64_t from, before; /* unix seconds: from <= at < before (0: open) */
	char pattern[128];    /* the store's: user as a LIKE pattern */
	int offset;
	int limit; /* 20 when 0 */
};

/* One row of the append-only, SM3-chained audit log. */
struct audit_entry {
	int64_t seq; /* 1, 2, 3 ... gap-free */
	int64_t at;  /* unix seconds */
	int64_t user_id;
	char username[64];
	char user_name[64]; /* the account's display name now (audit_list only), "" none */
	char action[32];    /* login, login_failed, create, update, reveal, import, export, ... */
	char entity[32];    /* member, org, user, session ... */
	int64_t entity_id;
	char addr[64];
	char detail[1024]; /* JSON text: what changed (never a plain ID number or phone) */
	/* The organisation the row belongs to (its materialised path): the
	 * object's, else the actor's; "" in rows older than migration 0006. */
	char org_path[256];
	char prev_hash[65];
	char hash[65];
	char mac[65]; /* HMAC-SM3 of seq and hash (chain key); "" on legacy rows */
};

#endif

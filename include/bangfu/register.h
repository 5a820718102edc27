/* register.h - the register domain (src/core/register/): who may do what,
 * organisations, users and sessions, the member register and the audit
 * chain; and struct core and struct actor, which every domain's calls
 * take.  No SQL, no HTTP, no printf: plain structs in, 0 / -1 with a
 * struct bf_err out.  Every change runs in one transaction through
 * db_run_tx together with its audit row. */
#ifndef BANGFU_REGISTER_H
#define BANGFU_REGISTER_H
#include "crypto.h"
#include "date.h"
#include "db.h"
#include "model.h"
#include "strbuf.h"

/* Who is acting: a logged-in user, or the command line (role admin at the
 * root when no user is named). */
struct actor {
	int64_t user_id; /* 0 for the command line */
	char username[64];
	char role[16];
	int64_t org_id;
	char org_path[256];
	char addr[64]; /* client address, or "cli" */
};

/* The context every core call needs: the database and the field key. */
struct core {
	struct db *db;
	const struct crypto_key *key;
	/* Where case attachments are kept, content-addressed (cases.h):
	 * var/attachments beside the database.  NULL refuses uploads. */
	const char *files_dir;
	/* A read generation (store_read_generation in store.h) taken at the
	 * start of this request by auth_session, or 0.  The member list uses
	 * it instead of asking the database again, and clears it: it stands
	 * for one request only, never for a long-lived struct core. */
	uint64_t read_gen;
};

/* --- access (core/register/access.c) --- */
enum perm {
	PERM_READ,	  /* everything in scope */
	PERM_WRITE,	  /* change data in scope */
	PERM_REVEAL,	  /* see full ID numbers and phones */
	PERM_MANAGE_ORGS, /* create and edit organisations */
	PERM_MANAGE_USERS,
	PERM_READ_AUDIT,
};
int access_allowed(const struct actor *a, enum perm p);
/* 1 when path lies in the actor's subtree. */
int access_in_scope(const struct actor *a, const char *path);
int access_role_valid(const char *role);
/* 1 when the actor stands at the root organisation (the district's
 * department, or the command line): district-wide settings (the policy,
 * the working calendar) are changed only from there. */
int access_at_root(const struct actor *a);
/* 0 when a user of role may be attached to org o; else -1 with a Chinese
 * message naming field (docs/API.md, "Roles and organisations"):
 * department → the department (the root); committee → a committee
 * (党委/党工委); branch → a branch or general branch (党支部/党总支);
 * admin and auditor → the department or a committee. */
int access_role_fits_org(const char *role, const struct org *o, const char *field,
			 struct bf_err *e);
/* The Chinese name of a role (系统管理员 …), the role itself when unknown. */
const char *access_role_label(const char *role);
/* The command line's actor: admin at the root organisation. */
void actor_cli(struct actor *a, const char *what);
void actor_from_user(struct actor *a, const struct user *u, const char *addr);

/* --- keyed chains (core/register/chain.c): the audit log and the fund ledgers ---
 * Each row's SM3 hash (anyone can recompute it) is authenticated by a MAC,
 * HMAC-SM3 under the chain key derived from the key file, so a row
 * rewritten or added by someone with the database but not the key is
 * found.  A tail cut is found against a head anchored outside the
 * database.  What each check proves: docs/internals/ledger.md. */
/* The key the chains are written and verified with, for the whole process
 * (set once, before threads start; cli_load_key and the tests do).  Without
 * it nothing that writes an audit row or a posting succeeds. */
void chain_use_key(const struct crypto_key *key);
/* The MAC of one row into out[65]: HMAC-SM3 of "bangfu/chain/v1", domain
 * ("audit", "ledger", or either with "-legacy" for the seal), chain id
 * (the fund; 0 for the audit log), seq and hash.  -1 without a key. */
int chain_mac(const char *domain, int64_t chain_id, int64_t seq, const char *hash, char out[65]);
/* A head anchored outside the database, "SEQ:HASH" or "HASH". */
struct chain_anchor {
	int64_t seq; /* 0: found by hash alone */
	char hash[65];
};
int chain_anchor_parse(const char *text, struct chain_anchor *out, struct bf_err *e);
/* Where a chain's keyed rows start, and the walk's findings. */
struct chain_walk {
	const char *domain; /* "audit" or "ledger" */
	int64_t chain_id;
	int64_t legacy_seq;		   /* rows 1..legacy_seq predate the key */
	const char *legacy_mac;		   /* "" until sealed */
	int sealing;			   /* audit seal: the legacy MAC is being made */
	const struct chain_anchor *anchor; /* NULL: none */
	int anchor_found;
};
/* The keyed checks of one row whose SM3 hash already matched: 0, or 1 with
 * why filled (a Chinese sentence about the row, without its seq). */
int chain_check_row(struct chain_walk *w, int64_t seq, const char *hash, const char *mac, char *why,
		    size_t size);
/* After the walk up to head_seq: 0, or 1 with why filled when the anchor
 * was not met. */
int chain_check_end(const struct chain_walk *w, int64_t head_seq, char *why, size_t size);

/* --- audit chain (core/register/audit.c) --- */
/* SM3 over the previous hash and the entry's fields, into out[65]. */
void audit_hash(const struct audit_entry *a, const char *prev_hash, char out[65]);
/* Appends one chained row inside the caller's transaction. */
int audit_record(struct db *db, const struct actor *a, const char *action, const char *entity,
		 int64_t entity_id, const char *detail_json, struct bf_err *e);
/* Same, in a transaction of its own. */
int audit_record_tx(struct db *db, const struct actor *a, const char *action, const char *entity,
		    int64_t entity_id, const char *detail_json, struct bf_err *e);
/* --- the audit log in words (core/register/audit_words.c) ---
 * The one table of the Chinese names of the audit's action codes, objects
 * and detail fields: GET /api/v1/meta publishes it ("audit"), the console
 * and the audit export read it.  Tables end with a row of NULLs. */
struct audit_word {
	const char *code, *name;
	const char *tag; /* the console's tag colour (actions, verbs) */
};
extern const struct audit_word audit_actions[];	 /* actions with a name of their own */
extern const struct audit_word audit_verbs[];	 /* create, update …: joined with the object */
extern const struct audit_word audit_entities[]; /* the objects */
struct audit_field {
	const char *key;
	const char *entity; /* this object's own word for key; NULL: any */
	const char *name;
	/* how a value reads: text, money, yes_no, role, state, kind, payer,
	 * method, source, channel, outcome, org, list, fields, version, via,
	 * signed, rate */
	const char *kind;
};
extern const struct audit_field audit_fields[];
/* The name of code in t, NULL when it has none. */
const char *audit_word(const struct audit_word *t, const char *code);
/* The field row for a detail key of an object, NULL when it has no name. */
const struct audit_field *audit_field_of(const char *key, const char *entity);
/* A case step's action by its event: 审批案件, 办理案件：筛查通过 … */
void audit_step_name(const char *event, char *out, size_t size);
/* An action in words: 登录, 修改党员, 审批案件 (event: a step's), 其他操作. */
void audit_action_name(const char *action, const char *entity, const char *event, char *out,
		       size_t size);
/* The name of organisation id, NULL when unknown (the caller's lookup). */
typedef const char *(*audit_org_name_fn)(int64_t id, void *ctx);
/* An audit row's detail (JSON text) as lines 「字段：旧 → 新」 joined by
 * newlines, appended to out: field names in Chinese, codes in words, money
 * in yuan; ids, versions, hashes and keys without a name are left out. */
int audit_detail_text(const char *action, const char *entity, const char *detail_json,
		      audit_org_name_fn org, void *org_ctx, struct strbuf *out);
/* Walks the chain: 0 when intact (*rows = number checked); -1 with *bad_seq
 * and a Chinese explanation in e when a row was edited, deleted or inserted. */
int audit_verify(struct db *db, int64_t *rows, int64_t *bad_seq, struct bf_err *e);
/* Same, and the anchored head must be in the chain (NULL: none). */
int audit_verify_head(struct db *db, const struct chain_anchor *head, int64_t *rows,
		      int64_t *bad_seq, struct bf_err *e);
/* The head to anchor outside the database, after checking its MAC. */
int audit_head_get(struct db *db, struct chain_anchor *out, struct bf_err *e);
/* Seals the rows written before the chain was keyed (migration 0007), after
 * verifying the whole chain: *legacy gets how many rows the seal covers
 * (0: nothing to seal).  Once, after the upgrade (bangfu audit seal). */
int audit_seal(struct db *db, int64_t *legacy, struct bf_err *e);
/* A page of the log, newest first (roles allowed PERM_READ_AUDIT), with
 * the filters of q (its path is set here: the actor's subtree); an action
 * or entity that is no code, or a user fragment over SEARCH_MAX_CHARS
 * characters, is EC_INVALID naming it. */
int audit_list(struct core *c, const struct actor *a, struct audit_query *q,
	       struct audit_entry **items, size_t *n, int64_t *total, struct bf_err *e);

/* --- organisations (core/register/org.c) --- */
/* Maps a Chinese category (组织部, 党委, 党工委, 党总支, 党支部) to a kind. */
const char *org_kind_for_name(const char *kind_name);
int org_create(struct core *c, const struct actor *a, struct org *o, struct bf_err *e);
int org_get(struct core *c, const struct actor *a, int64_t id, struct org *out, struct bf_err *e);
/* org_create inside the caller's transaction (for imports). */
int org_create_tx(struct core *c, const struct actor *a, struct org *o, struct bf_err *e);
int org_get_by_code(struct core *c, const struct actor *a, const char *code, struct org *out,
		    struct bf_err *e);
int org_update(struct core *c, const struct actor *a, struct org *o, struct bf_err *e);
int org_list(struct core *c, const struct actor *a, struct org **items, size_t *n,
	     struct bf_err *e);
/* Checks an org (code, name, kind, parent kind) without storing it. */
int org_validate(const struct org *o, const struct org *parent, struct bf_err *e);

/* --- users and sessions (core/register/auth.c, core/register/account.c, core/register/password.c)
 * --- */
#define AUTH_MAX_USER_FAILURES 5
#define AUTH_MAX_ADDR_FAILURES 20
#define AUTH_THROTTLE_WINDOW   900 /* seconds */
#define AUTH_PASSWORD_HISTORY  5   /* a new password is none of the last 5 */
#define AUTH_GENERATED_LEN     16
/* The longest idle timeout and lifetime `serve` accepts: a session older
 * than this is dead under any configuration and is deleted at a login. */
#define AUTH_SESSION_MAX 86400
/* Why a session may do nothing but change its password (session.password_change). */
#define AUTH_PW_REQUIRED 1 /* generated or reset: change at the first login */
#define AUTH_PW_EXPIRED	 2 /* older than the expiry */

/* The limits of a session (serve options). */
struct auth_limits {
	int64_t idle_timeout;	  /* seconds without a request */
	int64_t lifetime;	  /* seconds since the login, however busy */
	int64_t password_max_age; /* seconds; 0: passwords do not expire */
};

/* The password policy for username's password (field names the request
 * field in the error): at least 10 characters with letters and digits,
 * not containing the username (any case), not a common password. */
int auth_password_check(const char *username, const char *password, const char *field,
			struct bf_err *e);
/* 1 when the password (any case) is on the shipped common-password list. */
int auth_password_listed(const char *password);
/* A random password of AUTH_GENERATED_LEN readable characters that passes
 * the policy; -1 without randomness. */
int auth_password_generate(char out[AUTH_GENERATED_LEN + 1]);

/* Adds a user (admin only).  u->must_change_password says whether the
 * password must be changed at the first login (set it for a generated
 * one). */
int user_create(struct core *c, const struct actor *a, struct user *u, const char *password,
		struct bf_err *e);
/* Checks username, display name and role (does not look at the database). */
int user_validate(const struct user *u, struct bf_err *e);
/* A user in the actor's scope (admin, department); 404 outside. */
int user_get(struct core *c, const struct actor *a, int64_t id, struct user *out, struct bf_err *e);
/* Stores in->display_name, in->role and in->org_id of user in->id (admin;
 * department for committee and branch accounts in its subtree; nobody
 * changes their own role or organisation).  Audited with what changed.
 * On success *in is re-read. */
int user_update(struct core *c, const struct actor *a, struct user *in, struct bf_err *e);
/* Disables (their sessions end at once) or enables a user; never oneself. */
int user_set_active(struct core *c, const struct actor *a, int64_t id, int active,
		    struct bf_err *e);
/* Sets another user's password: password NULL generates one into out
 * (shown once) that must be changed at the next login; a given password
 * passes the policy and the history and need not be changed.  Every
 * session of the user ends. */
int user_set_password(struct core *c, const struct actor *a, int64_t id, const char *password,
		      char out[AUTH_GENERATED_LEN + 1], struct bf_err *e);
/* The actor changes their own password: old_password must match; the new
 * one passes the policy and is none of the last AUTH_PASSWORD_HISTORY.
 * Ends the actor's other sessions (keep_hash names the current one). */
int auth_change_password(struct core *c, const struct actor *a, const char *keep_hash,
			 const char *old_password, const char *new_password, struct bf_err *e);
/* The actor's own open sessions (within lim), most recently used first
 * (malloc'd). */
int auth_sessions(struct core *c, const struct actor *a, const struct auth_limits *lim,
		  struct session **items, size_t *n, struct bf_err *e);
/* Ends one of the actor's sessions (404 when not theirs), or with id 0
 * all but keep_hash's; *ended (may be NULL) gets how many. */
int auth_session_end(struct core *c, const struct actor *a, int64_t id, const char *keep_hash,
		     int64_t *ended, struct bf_err *e);
/* 1 found, 0 not found, -1 on error. */
int user_find(struct core *c, const char *username, struct user *out, struct bf_err *e);
int user_list(struct core *c, const struct actor *a, struct user **items, size_t *n,
	      struct bf_err *e);
/* Logs in: on success fills token (the cookie value), s and u.  A throttled
 * account or address gives EC_THROTTLED with *retry_after seconds. */
int auth_login(struct core *c, const char *username, const char *password, const char *addr,
	       const char *user_agent, char token[44], struct session *s, struct user *u,
	       int *retry_after, struct bf_err *e);
/* Whether u must change the password before anything else: AUTH_PW_* or 0. */
int auth_password_due(const struct user *u, const struct auth_limits *lim, int64_t now);
/* Resolves a cookie token to its live session within the limits, and sets
 * s->password_change (AUTH_PW_*) when the password must be changed first. */
int auth_session(struct core *c, const char *token, const struct auth_limits *lim,
		 struct session *s, struct user *u, struct bf_err *e);
int auth_logout(struct core *c, const char *token, struct bf_err *e);

/* --- the member register (core/register/member.c) --- */
/* Checks and normalises a member in place (trims, derives birth date and
 * gender from the ID number, validates every field).  Does not look at the
 * database. */
int member_validate(struct member *m, struct bf_err *e);
/* Seals id_number and phone into *_sealed and computes the blind indexes. */
int member_seal(const struct crypto_key *key, struct member *m, struct bf_err *e);
/* The blind index of an ID number (checked, normalised) as the register
 * keeps it: how others find a member by ID number without storing it. */
int member_id_bidx(const struct crypto_key *key, const char *id_number, char out[65],
		   struct bf_err *e);
/* Fills id_number and phone with the masked forms (from the sealed ones). */
int member_unseal_masked(const struct crypto_key *key, struct member *m, struct bf_err *e);
/* Fills id_number and phone with the plain values. */
int member_unseal(const struct crypto_key *key, struct member *m, struct bf_err *e);
/* Checks the branch (exists, in scope, a branch or general branch). */
int member_check_org(struct core *c, const struct actor *a, struct member *m, struct bf_err *e);
/* Inside the caller's transaction: insert (duplicate ID → EC_DUPLICATE_ID
 * naming the branch that holds it). */
int member_insert_tx(struct core *c, struct member *m, struct bf_err *e);
/* For an import of about `rows` members: 1 when it is large enough against
 * the register that building the secondary indexes once at the end beats
 * maintaining them row by row; then member_bulk(c, 1) drops them and
 * member_bulk(c, 0) builds them again (both inside the transaction). */
int member_bulk_worth_it(struct core *c, long long rows);
int member_bulk(struct core *c, int begin, struct bf_err *e);
/* Inside the caller's transaction: sets the member's status (one of
 * member_statuses) when it differs, audited as a member edit ("update",
 * changes.status from → to) with cause_json (members of the detail
 * object, e.g. "\"roll_id\":3") beside the changes.  No scope check: the caller checked the act
 * that causes it (the roll's confirmed deceased exit, roll.c). */
int member_set_status_tx(struct db *db, const struct actor *a, int64_t member_id,
			 const char *status, const char *cause_json, struct bf_err *e);
int member_create(struct core *c, const struct actor *a, struct member *m, struct bf_err *e);
/* Reads a member in scope, with ID and phone masked. */
int member_get(struct core *c, const struct actor *a, int64_t id, struct member *out,
	       struct bf_err *e);
/* Reads a member in scope with the plain ID number and phone, for editing:
 * the values stay on the server (not audited as a reveal). */
int member_get_plain(struct core *c, const struct actor *a, int64_t id, struct member *out,
		     struct bf_err *e);
/* Validates and stores every field of m (m->id names the member); on
 * success m is re-read, masked. */
int member_update(struct core *c, const struct actor *a, struct member *m, struct bf_err *e);
int member_reveal(struct core *c, const struct actor *a, int64_t id, struct member *out,
		  struct bf_err *e);
/* Reads a search box's text (NULL or blank: nothing set): a valid ID
 * number or phone number as its blind index, digits as a record's number
 * (after ref_prefix too, when given: "pay-" of a batch's reference),
 * anything else as a name fragment (at most SEARCH_MAX_CHARS characters,
 * else EC_INVALID naming field "q"). */
#define SEARCH_MAX_CHARS 40
int member_search_term(const struct crypto_key *key, const char *q, const char *ref_prefix,
		       struct search_term *t, struct bf_err *e);
/* A page of members in scope, masked.  q_text may be a name fragment, an
 * ID number or a phone number. */
int member_list(struct core *c, const struct actor *a, int64_t org_id, const char *q_text,
		const char *status, const char *member_type, int page, int size,
		struct member **items, size_t *n, int64_t *total, struct bf_err *e);
/* Streams every member under scope_path (in the actor's scope) to fn,
 * masked, or plain when reveal (allowed for PERM_REVEAL, audited once). */
int member_each(struct core *c, const struct actor *a, const char *scope_path, int reveal,
		int (*fn)(const struct member *m, void *ctx), void *ctx, struct bf_err *e);
/* What a member list is asked for (GET /api/v1/members): org_id 0 is the
 * actor's whole scope; q, status, member_type as member_list (NULL or "":
 * any). */
struct member_filter {
	int64_t org_id;
	const char *q, *status, *member_type;
};
/* Streams every member matching f (in the actor's scope; an org outside
 * it is EC_NOT_FOUND) to fn, in organisation-code then id order, masked,
 * or plain when reveal (PERM_REVEAL, EC_FORBIDDEN otherwise).  Not
 * audited here: the caller records what it made of the rows with
 * member_export_audit once it knows how many there were. */
int member_each_matching(struct core *c, const struct actor *a, const struct member_filter *f,
			 int reveal, int (*fn)(const struct member *m, void *ctx), void *ctx,
			 struct bf_err *e);
/* The audit row of an export that showed ID numbers and phones in full:
 * action "reveal" on entity "member" (id 0) with detail_json (which list,
 * its filters, how many rows); PERM_REVEAL only. */
int member_export_audit(struct core *c, const struct actor *a, const char *detail_json,
			struct bf_err *e);
/* Age and party years on today's date. */
int member_age(const struct member *m);
int member_party_years(const struct member *m);
/* The same on a given day (a list computes today once). */
int member_age_on(const struct member *m, struct ymd today);
int member_party_years_on(const struct member *m, struct ymd today);

/* Choices offered by the forms (NULL-terminated lists). */
extern const char *const member_genders[];
extern const char *const member_ethnicities[];
extern const char *const member_educations[];
extern const char *const member_types[];
extern const char *const member_statuses[];
extern const char *const member_household_types[];
extern const char *const org_kind_names[];
extern const char *const user_roles[];
int member_choice_valid(const char *const *list, const char *v);
/* Maps common spellings (大专, 流动党员, 汉 …) onto the listed value, in place. */
void member_choice_normalise(char *v, size_t n);

#endif

/* store.h - the domain's queries (one file per resource under src/store/).
 * Every function works on both engines with the same SQL text.  Returns are
 * enum db_qs: DB_ONE (found / done), DB_NONE (not found / nothing changed),
 * DB_RETRY, DB_HARD (e filled).  Callers own the transaction. */
#ifndef BANGFU_STORE_H
#define BANGFU_STORE_H
#include "db.h"
#include "model.h"

/* --- cache validity (src/store/member.c) --- */
/* A number that moves whenever anything may have been written to the
 * database since it was last taken: a commit by any connection of any
 * process, or a write of this connection's own (SQLite: PRAGMA
 * data_version and total_changes()).  Take it before reading; a result
 * kept with it is current while a later call answers the same number.
 * DB_ONE with *gen; DB_NONE (*gen 0) when it cannot be known (PostgreSQL,
 * or inside a transaction, which may see its own uncommitted writes). */
enum db_qs store_read_generation(struct db *db, uint64_t *gen, struct bf_err *e);

/* --- orgs (src/store/org.c) --- */
/* Inserts o (id and path are set from the parent's path); a duplicate code
 * returns DB_HARD with e->code EC_CONFLICT, field "code". */
enum db_qs store_org_insert(struct db *db, struct org *o, struct bf_err *e);
enum db_qs store_org_get(struct db *db, int64_t id, struct org *out, struct bf_err *e);
enum db_qs store_org_by_code(struct db *db, const char *code, struct org *out, struct bf_err *e);
/* Exact name; DB_NONE when absent, EC_CONFLICT when the name is ambiguous. */
enum db_qs store_org_by_name(struct db *db, const char *name, struct org *out, struct bf_err *e);
/* All orgs whose path starts with scope_path, ordered by path.  *items is
 * malloc'd (caller frees). */
enum db_qs store_org_list(struct db *db, const char *scope_path, struct org **items, size_t *n,
			  struct bf_err *e);
/* Updates code, name, kind, kind_name, phone of o->id. */
enum db_qs store_org_update(struct db *db, const struct org *o, struct bf_err *e);
enum db_qs store_org_count(struct db *db, int64_t *n, struct bf_err *e);

/* --- users (src/store/user.c) --- */
/* duplicate username: EC_CONFLICT, field "username" */
enum db_qs store_user_insert(struct db *db, struct user *u, struct bf_err *e);
enum db_qs store_user_get(struct db *db, int64_t id, struct user *out, struct bf_err *e);
enum db_qs store_user_by_name(struct db *db, const char *username, struct user *out,
			      struct bf_err *e);
/* Sets the hash, whether it must be changed at the next login, and when. */
enum db_qs store_user_set_password(struct db *db, int64_t id, const char *hash, int must_change,
				   int64_t at, struct bf_err *e);
/* Stores display_name, role, org_id and active of u->id. */
enum db_qs store_user_update(struct db *db, const struct user *u, struct bf_err *e);
/* Remembers a hash the user had (the last few are kept). */
enum db_qs store_password_history_add(struct db *db, int64_t user_id, const char *hash, int64_t at,
				      struct bf_err *e);
/* The user's last max earlier hashes, newest first, into hashes[0..*n). */
enum db_qs store_password_history(struct db *db, int64_t user_id, int max, char (*hashes)[128],
				  int *n, struct bf_err *e);
enum db_qs store_user_list(struct db *db, const char *scope_path, struct user **items, size_t *n,
			   struct bf_err *e);
/* When the user last opened the message bell (unix seconds, 0 never), and
 * setting it. */
enum db_qs store_user_todo_seen(struct db *db, int64_t id, int64_t *at, struct bf_err *e);
enum db_qs store_user_set_todo_seen(struct db *db, int64_t id, int64_t at, struct bf_err *e);

/* --- sessions and login throttling (src/store/session.c) --- */
enum db_qs store_session_insert(struct db *db, const struct session *s, struct bf_err *e);
/* Finds the session and its user (joined with the org for org_path). */
enum db_qs store_session_get(struct db *db, const char *token_hash, struct session *s,
			     struct user *u, struct bf_err *e);
enum db_qs store_session_touch(struct db *db, const char *token_hash, int64_t now,
			       struct bf_err *e);
enum db_qs store_session_delete(struct db *db, const char *token_hash, struct bf_err *e);
/* The user's sessions, most recently used first (malloc'd). */
enum db_qs store_session_list(struct db *db, int64_t user_id, struct session **items, size_t *n,
			      struct bf_err *e);
/* Ends the user's session number id (DB_NONE: no such session of theirs). */
enum db_qs store_session_end(struct db *db, int64_t user_id, int64_t id, struct bf_err *e);
/* Ends every session of the user but the one of keep_hash (NULL: all);
 * *ended (may be NULL) gets how many. */
enum db_qs store_session_end_all(struct db *db, int64_t user_id, const char *keep_hash,
				 int64_t *ended, struct bf_err *e);
/* Deletes sessions idle since before idle_before or opened before
 * created_before (0: no lifetime). */
enum db_qs store_session_expire(struct db *db, int64_t idle_before, int64_t created_before,
				struct bf_err *e);
/* Forgets failed logins older than before (past the throttle's window). */
enum db_qs store_login_failure_prune(struct db *db, int64_t before, struct bf_err *e);
enum db_qs store_login_failure_add(struct db *db, const char *key, int64_t at, struct bf_err *e);
enum db_qs store_login_failure_count(struct db *db, const char *key, int64_t since, int64_t *n,
				     struct bf_err *e);
enum db_qs store_login_failure_clear(struct db *db, const char *key, struct bf_err *e);

/* --- members (src/store/member.c) --- */
/* Inserts m with its family; sets m->id.  A duplicate id_bidx returns
 * DB_HARD with EC_DUPLICATE_ID (callers look the holder up first to name the
 * branch). */
enum db_qs store_member_insert(struct db *db, struct member *m, struct bf_err *e);
/* Inserts ms[0..n) (without family: the import's rows have none), as many
 * rows a statement as suits the engine; dup[i] = 1 for each one not stored
 * because its id_bidx is already in the register or on an earlier member of
 * ms.  m->id is not set.  DB_ONE, or DB_HARD / DB_RETRY with e. */
enum db_qs store_member_insert_many(struct db *db, struct member *const *ms, size_t n,
				    unsigned char *dup, struct bf_err *e);
/* Reads a member with family and org code/name/path. */
enum db_qs store_member_get(struct db *db, int64_t id, struct member *out, struct bf_err *e);
/* Updates every column of m->id and replaces its family. */
enum db_qs store_member_update(struct db *db, const struct member *m, struct bf_err *e);
/* Sets only m.status (and updated_at; now when 0): the family rows stay. */
enum db_qs store_member_set_status(struct db *db, int64_t id, const char *status,
				   int64_t updated_at, struct bf_err *e);
/* The member holding this id_bidx, if any (out gets id, name, org_*). */
enum db_qs store_member_by_id_bidx(struct db *db, const char *bidx, struct member *out,
				   struct bf_err *e);
/* A page of members (no family) ordered by id, and the total matching.
 * id_bidx and phone_bidx are not read (empty in the items).  On SQLite
 * counts and page positions are kept under store_read_generation. */
enum db_qs store_member_list(struct db *db, const struct member_query *q, struct member **items,
			     size_t *n, int64_t *total, struct bf_err *e);
/* Streams every member under scope_path (ordered by org code, then id) to
 * fn; fn returns 0 to go on, non-zero to stop. */
enum db_qs store_member_each(struct db *db, const char *scope_path,
			     int (*fn)(const struct member *m, void *ctx), void *ctx,
			     struct bf_err *e);
enum db_qs store_member_count(struct db *db, const char *scope_path, int64_t *n, struct bf_err *e);
/* Inside a large import's transaction: drop (drop=1) the secondary member
 * indexes, and build them again (drop=0) before the commit. */
enum db_qs store_member_bulk_indexes(struct db *db, int drop, struct bf_err *e);

/* --- audit log (src/store/audit.c); the chain itself is core/register/audit.c --- */
/* Locks the chain head for this transaction and reads the last seq and hash
 * (0 and 64 zeros for an empty log). */
enum db_qs store_audit_head(struct db *db, int64_t *seq, char hash[65], struct bf_err *e);
/* Appends a (seq, hash already computed) and moves the head to it. */
enum db_qs store_audit_append(struct db *db, const struct audit_entry *a, struct bf_err *e);
/* The rows written before the chain was keyed, and their seal ("" none). */
struct store_audit_legacy {
	int64_t seq;
	char mac[65];
};
enum db_qs store_audit_legacy(struct db *db, struct store_audit_legacy *out, struct bf_err *e);
/* Records the seal once (DB_NONE when sealed already or nothing to seal). */
enum db_qs store_audit_seal(struct db *db, const char *legacy_mac, struct bf_err *e);
/* One row by seq. */
enum db_qs store_audit_get(struct db *db, int64_t seq, struct audit_entry *out, struct bf_err *e);
/* Streams the log in seq order. */
enum db_qs store_audit_each(struct db *db, int (*fn)(const struct audit_entry *a, void *ctx),
			    void *ctx, struct bf_err *e);
/* The path of the organisation the object (entity, id) belongs to into
 * path[256]; DB_NONE for an unknown kind, id 0 or a missing row. */
enum db_qs store_audit_entity_path(struct db *db, const char *entity, int64_t id, char path[256],
				   struct bf_err *e);
/* A page of the rows of the subtree at path ("/": all), newest first. */
enum db_qs store_audit_list(struct db *db, const char *path, int offset, int limit,
			    struct audit_entry **items, size_t *n, int64_t *total,
			    struct bf_err *e);
/* As store_audit_list with every filter of q (q->pattern is written). */
enum db_qs store_audit_find(struct db *db, struct audit_query *q, struct audit_entry **items,
			    size_t *n, int64_t *total, struct bf_err *e);

#endif

/* store_ledger.h - the queries of the fund ledger (tables of migration
 * 0004, docs/internals/ledger.md), beside store.h and with its
 * conventions: the same SQL text on SQLite and PostgreSQL, callers own the
 * transaction, and every function answers enum db_qs — DB_ONE (found /
 * done), DB_NONE (not found / nothing changed), DB_RETRY, DB_HARD (e
 * filled).  Lists answer DB_NONE when empty; their *items are malloc'd
 * (caller frees, NULL when empty).  The rules (balance, chain, scope) are
 * core/fund/ledger.c's: nothing here checks them.
 *
 * File: src/store/ledger.c. */
#ifndef BANGFU_STORE_LEDGER_H
#define BANGFU_STORE_LEDGER_H
#include "db.h"
#include "fund_model.h"

/* --- funds and accounts --- */
/* Inserts f (org_id, name, created_at, created_by); sets f->id.  The org
 * has a fund already: DB_NONE (nothing inserted; read it). */
enum db_qs store_fund_insert(struct db *db, struct fund *f, struct bf_err *e);
/* Reads a fund with its org's name, kind and path. */
enum db_qs store_fund_get(struct db *db, int64_t id, struct fund *out, struct bf_err *e);
enum db_qs store_fund_by_org(struct db *db, int64_t org_id, struct fund *out, struct bf_err *e);
/* Locks the fund's row until the end of the transaction (a no-op UPDATE:
 * the row lock on PostgreSQL, the write lock SQLite's write transaction
 * already holds), then reads it. */
enum db_qs store_fund_lock(struct db *db, int64_t id, struct fund *out, struct bf_err *e);
/* Funds whose org path starts with scope_path, by path. */
enum db_qs store_fund_list(struct db *db, const char *scope_path, struct fund **items, size_t *n,
			   struct bf_err *e);
/* Every fund (verify), by id. */
enum db_qs store_fund_all(struct db *db, struct fund **items, size_t *n, struct bf_err *e);
/* Moves the chain head and balance of f->id to f's last_seq, head_hash
 * and balance, version + 1, only if the row still has old_seq (a writer
 * that skipped the lock cannot fork the chain): DB_NONE otherwise. */
enum db_qs store_fund_set_head(struct db *db, const struct fund *f, int64_t old_seq,
			       struct bf_err *e);

/* Records the seal of the fund's legacy postings once (DB_NONE when sealed
 * already or nothing to seal). */
enum db_qs store_fund_seal(struct db *db, int64_t id, const char *legacy_mac, struct bf_err *e);

enum db_qs store_account_insert(struct db *db, struct ledger_account *a, int position,
				struct bf_err *e);
/* The accounts of fund_id (0: every fund's, by fund) in chart order. */
enum db_qs store_accounts(struct db *db, int64_t fund_id, struct ledger_account **items, size_t *n,
			  struct bf_err *e);
/* balance += delta. */
enum db_qs store_account_add(struct db *db, int64_t account_id, int64_t delta, struct bf_err *e);

/* --- postings --- */
/* Inserts p (every field; seq, hashes, posted_* set by the core) and its
 * lines (account ids resolved); sets p->id.  A second reversal of the same
 * posting: DB_HARD with EC_ALREADY_REVERSED. */
enum db_qs store_posting_insert(struct db *db, struct ledger_posting *p, struct bf_err *e);
/* n new posting ids, ascending, into ids: the ids after the highest on
 * SQLite (whose write transaction holds the whole database), n values of
 * the identity sequence on PostgreSQL.  Call it after locking every fund
 * the postings go to, so each fund's ids grow with its seq. */
enum db_qs store_posting_new_ids(struct db *db, size_t n, int64_t *ids, struct bf_err *e);
/* Inserts ps[0..n) with the ids they carry and their lines (account ids
 * resolved), many rows a statement.  Errors as store_posting_insert. */
enum db_qs store_posting_insert_many(struct db *db, struct ledger_posting *const *ps, size_t n,
				     struct bf_err *e);
/* Reads a posting with its lines (malloc'd, account code filled) and
 * reversed_by. */
enum db_qs store_posting_get(struct db *db, int64_t id, struct ledger_posting *out,
			     struct bf_err *e);
/* The same by fund and seq. */
enum db_qs store_posting_by_seq(struct db *db, int64_t fund_id, int64_t seq,
				struct ledger_posting *out, struct bf_err *e);
/* The earliest value_date of the fund's postings: DB_ONE with out, DB_NONE
 * when the fund has none. */
enum db_qs store_fund_first_date(struct db *db, int64_t fund_id, char out[11], struct bf_err *e);
/* The posting reversing id, if any: DB_ONE with *by, DB_NONE. */
enum db_qs store_posting_reversal_of(struct db *db, int64_t id, int64_t *by, struct bf_err *e);
/* The posting whose link_id is id (the second half of a pair), if any. */
enum db_qs store_posting_linked_to(struct db *db, int64_t id, int64_t *other, struct bf_err *e);
/* A page of postings matching q (newest first) with their lines, and the
 * total matching. */
enum db_qs store_posting_list(struct db *db, const struct ledger_query *q,
			      struct ledger_posting **items, size_t *n, int64_t *total,
			      struct bf_err *e);

/* Streams the postings of fund_id (0: every fund) in id order with their
 * lines (lines by posting id, line_no, merged), for verify.  fn gets each
 * posting (its lines valid during the call; line->account left "") and
 * answers 0 to go on, non-zero to stop.  Lines whose posting is missing
 * are reported through orphan (may be NULL) with the posting id they name. */
struct store_ledger_walk {
	int (*posting)(const struct ledger_posting *p, void *ctx);
	int (*orphan)(int64_t posting_id, void *ctx);
	void *ctx;
};
/* Makes the rest of the (read) transaction see one snapshot: REPEATABLE
 * READ on PostgreSQL (must come first in the transaction); nothing on
 * SQLite, whose read transaction already is one. */
enum db_qs store_ledger_snapshot(struct db *db, struct bf_err *e);
enum db_qs store_ledger_walk(struct db *db, int64_t fund_id, const struct store_ledger_walk *w,
			     struct bf_err *e);

#endif

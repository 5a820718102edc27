/* store_commendations.h - the tables of commendations (migration 0022;
 * commendations.h): commendation_rounds, commendation_quotas, nominations
 * and notice_nominations.  Scope filters take materialised org paths. */
#ifndef BANGFU_STORE_COMMENDATIONS_H
#define BANGFU_STORE_COMMENDATIONS_H
#include <stddef.h>
#include "commendation_model.h"
#include "db.h"

/* Inserts r (created_at set when 0); sets r->id.  DB_NONE: a round of
 * that year exists. */
enum db_qs store_commendation_round_insert(struct db *db, struct commendation_round *r,
					   struct bf_err *e);
/* The round with its notice's period and the counts of nominations whose
 * nominee lies under scope. */
enum db_qs store_commendation_round_get(struct db *db, int64_t id, const char *scope,
					struct commendation_round *out, struct bf_err *e);
enum db_qs store_commendation_rounds(struct db *db, const char *scope,
				     struct commendation_round **items, size_t *n,
				     struct bf_err *e);
/* status and notice_id (0: NULL) and approved_on/by ("": NULL) of a
 * round whose status is from_status: DB_NONE when it is not. */
enum db_qs store_commendation_round_move(struct db *db, int64_t id, const char *from_status,
					 const char *status, int64_t notice_id,
					 const char *approved_on, int64_t approved_by,
					 struct bf_err *e);
/* Upserts one quota. */
enum db_qs store_commendation_quota_set(struct db *db, int64_t round_id,
					const struct commendation_quota *q, struct bf_err *e);
/* The quotas of a round with their counts, by committee path then honour. */
enum db_qs store_commendation_quotas(struct db *db, int64_t round_id,
				     struct commendation_quota **items, size_t *n,
				     struct bf_err *e);
/* One committee's quota (0 when none) and its recommended or approved
 * nominations of the honour other than except_id. */
enum db_qs store_commendation_quota_use(struct db *db, int64_t round_id, int64_t committee_id,
					const char *honour, int64_t except_id, int *quota,
					int *used, struct bf_err *e);

/* Inserts x; sets x->id.  DB_NONE: the nominee is nominated for that
 * honour in the round already. */
enum db_qs store_nomination_insert(struct db *db, struct nomination *x, struct bf_err *e);
enum db_qs store_nomination_get(struct db *db, int64_t id, struct nomination *out,
				struct bf_err *e);
/* status and opinion of a nomination (reviewed_by/at set). */
enum db_qs store_nomination_review(struct db *db, int64_t id, const char *status,
				   const char *opinion, int64_t by, struct bf_err *e);
/* Nominations whose nominee lies under scope, with the filters (0 / ""
 * any; member_id for a member's); approved_only 1 for honours, newest
 * round first; otherwise by committee, honour, status. */
struct nomination_query {
	const char *scope;
	int64_t round_id, member_id, committee_id, notice_id;
	const char *status, *honour;
	int honours; /* 1: approved ones, newest round first */
};
enum db_qs store_nominations(struct db *db, const struct nomination_query *q,
			     struct nomination **items, size_t *n, struct bf_err *e);
/* How many nominations of the round are in status. */
enum db_qs store_nominations_count(struct db *db, int64_t round_id, const char *status, int64_t *n,
				   struct bf_err *e);
/* Lists every recommended nomination of the round on the notice. */
enum db_qs store_notice_nominations_list(struct db *db, int64_t notice_id, int64_t round_id,
					 struct bf_err *e);
/* Every recommended nomination of the round becomes approved. */
enum db_qs store_nominations_approve(struct db *db, int64_t round_id, struct bf_err *e);
/* flags[i] = 1 for each of ids with an approved personal nomination. */
enum db_qs store_honours_marks(struct db *db, const int64_t *ids, size_t n, unsigned char *flags,
			       struct bf_err *e);
/* The round of a commendation notice (DB_NONE: none). */
enum db_qs store_commendation_round_of_notice(struct db *db, int64_t notice_id, int64_t *round_id,
					      struct bf_err *e);

#endif

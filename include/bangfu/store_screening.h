/* store_screening.h - the queries of screening before payment (程序筛查,
 * issue #11; migration 0015-screening): findings, household links, the
 * ID numbers on other districts' rolls (blind indexes only) and the
 * batches of the file round-trip with the external relief system.  The
 * conventions of store_cases.h: one SQL text for both engines, the caller
 * owns the transaction, enum db_qs answers, malloc'd lists (NULL when
 * empty).  File: src/store/screening.c. */
#ifndef BANGFU_STORE_SCREENING_H
#define BANGFU_STORE_SCREENING_H
#include "db.h"
#include "model.h"

/* One finding (筛查发现) of a rule on a case. */
struct screening_finding {
	int64_t id;
	int64_t case_id;
	char rule[24];	    /* member_gone, exclusion, paid_this_year, household_paid,
			       income_above_line, duplicate_id, other_district */
	char detail[512];   /* why, in Chinese */
	char state[12];	    /* open, cleared (by the committee), overruled (department) */
	char reason[1024];  /* the clearing's or overruling's reason */
	int64_t decided_by; /* user id, 0 while open */
	char decided_by_name[64];
	int64_t decided_at;
	int64_t created_at;
};

enum db_qs store_finding_insert(struct db *db, struct screening_finding *f, struct bf_err *e);
enum db_qs store_finding_get(struct db *db, int64_t id, struct screening_finding *out,
			     struct bf_err *e);
/* A case's findings, oldest first. */
enum db_qs store_finding_list(struct db *db, int64_t case_id, struct screening_finding **items,
			      size_t *n, struct bf_err *e);
/* Removes the case's open findings (before the rules run again). */
enum db_qs store_finding_drop_open(struct db *db, int64_t case_id, struct bf_err *e);
/* Decides an open finding (state cleared / overruled); DB_NONE when it
 * is not open any more. */
enum db_qs store_finding_decide(struct db *db, struct screening_finding *f, struct bf_err *e);
/* How many findings of the case are open. */
enum db_qs store_finding_open_count(struct db *db, int64_t case_id, int64_t *n, struct bf_err *e);

/* One household link between two members, as seen from one of them. */
struct household_link {
	int64_t id;
	int64_t member_id;   /* the member it was asked for */
	int64_t relative_id; /* the other member */
	char relation[64];
	char relative_name[128];
	char relative_org_name[256];
	char relative_org_path[256];
	char relative_status[16];
	int64_t created_by;
	int64_t created_at;
};
/* DB_HARD EC_CONFLICT when the two are linked already (either way). */
enum db_qs store_household_insert(struct db *db, struct household_link *l, struct bf_err *e);
enum db_qs store_household_get(struct db *db, int64_t id, struct household_link *out,
			       struct bf_err *e);
/* The members linked to member_id, in both directions. */
enum db_qs store_household_list(struct db *db, int64_t member_id, struct household_link **items,
				size_t *n, struct bf_err *e);
enum db_qs store_household_delete(struct db *db, int64_t id, struct bf_err *e);

/* Other districts' rolls: the district (DB_ONE) of an ID's blind index. */
enum db_qs store_other_district_find(struct db *db, const char *id_bidx, char district[256],
				     struct bf_err *e);
/* Adds or updates one blind index. */
enum db_qs store_other_district_put(struct db *db, const char *id_bidx, const char *district,
				    int64_t by, struct bf_err *e);
enum db_qs store_other_district_count(struct db *db, int64_t *n, struct bf_err *e);

/* A batch of the round-trip and its rows. */
struct screening_batch {
	int64_t id;
	int64_t org_id;
	char org_name[256];
	char org_path[256];
	char state[12]; /* open, answered */
	int64_t created_by;
	int64_t created_at;
	int64_t answered_by;
	int64_t answered_at;
	int64_t rows;
};
struct screening_row {
	int64_t batch_id;
	int row_no;
	int64_t case_id;
};
enum db_qs store_sbatch_insert(struct db *db, struct screening_batch *b, struct bf_err *e);
enum db_qs store_sbatch_get(struct db *db, int64_t id, struct screening_batch *out,
			    struct bf_err *e);
/* Batches of organisations under scope_path, newest first (at most 200). */
enum db_qs store_sbatch_list(struct db *db, const char *scope_path, struct screening_batch **items,
			     size_t *n, struct bf_err *e);
enum db_qs store_sbatch_row_insert(struct db *db, const struct screening_row *r, struct bf_err *e);
enum db_qs store_sbatch_rows(struct db *db, int64_t batch_id, struct screening_row **items,
			     size_t *n, struct bf_err *e);
/* open -> answered; DB_NONE when answered already. */
enum db_qs store_sbatch_answered(struct db *db, int64_t id, int64_t by, struct bf_err *e);

#endif

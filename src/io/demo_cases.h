/* demo_cases.h - the demo's aid procedure and fund (demo_cases.c), called
 * by io_demo after the district and its accounts exist; private to src/io. */
#ifndef BANGFU_DEMO_CASES_H
#define BANGFU_DEMO_CASES_H
#include <stdint.h>
#include "register.h"

#define DEMO_POOL_MAX 256

/* What io_demo made that the procedure needs: the root, the first town
 * (T01) and its branches, the demo accounts and members usable for aid. */
struct demo_world {
	int64_t root_id, town_id;
	int64_t branch_id[8]; /* T01's branches; [0] is T01V01 */
	struct actor admin, dept, town, branch;
	int64_t member[DEMO_POOL_MAX];	  /* living members of T01's branches and a few others */
	int member_branch[DEMO_POOL_MAX]; /* 0..7 T01's branches, 8.. other towns' */
	char member_name[DEMO_POOL_MAX][TEXT_BYTES(TF_MEMBER_NAME_MAX)];
	int nmember;
	int per_town[8]; /* members kept of each other town */
};

/* Rounds, cases in every state, notices, objections, a screening batch
 * (a household link, findings open and cleared), fund income, a
 * payment batch with some receipts, a loan and a recovery, each step on
 * its own day (BANGFU_TODAY set per step, restored after). */
int demo_cases(struct core *c, struct demo_world *w, struct bf_err *e);
/* The roll of the demo district with two years of history on top of the
 * cases' entries (demo_roll.c): surveys confirmed and refused, tiers
 * changed with reasons, exits, a relapse. */
int demo_roll(struct core *c, struct demo_world *w, struct bf_err *e);
/* This half-year's roll review half done (demo_roll_review.c): opened ten
 * days ago, about half of 东风村党支部's entries decided, the first few
 * confirmed by 城关镇党委. */
int demo_roll_review(struct core *c, struct demo_world *w, struct bf_err *e);

#endif

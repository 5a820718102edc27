/* demo_care.h - the demo district's year of care (issue #12), one file per
 * part (demo_care_<part>.c), each called in turn by demo_care (demo_care.c)
 * after the roll and its review exist; private to src/io. */
#ifndef BANGFU_DEMO_CARE_H
#define BANGFU_DEMO_CARE_H
#include "demo_cases.h"

/* Each part of care in the demo, through the core API as the demo accounts
 * on their days (BANGFU_TODAY set per step, restored by demo_care). */
int demo_care(struct core *c, struct demo_world *w, struct bf_err *e);
/* Help plans (demo_care_plans.c): most 造血型 members of 城关镇 with this
 * year's plan, measures in every state, a few overdue, one linked to the
 * start-up loan, two noted by the open review of the roll. */
int demo_care_plans(struct core *c, struct demo_world *w, struct bf_err *e);
/* Commendations (demo_care_honours.c): the rounds whose 1 July has passed
 * approved with honours, this June's round open with nominations. */
int demo_care_honours(struct core *c, struct demo_world *w, struct bf_err *e);
/* The coming festival's round of visits half done, with money and goods,
 * and a few visits outside the round (demo_care_visits.c). */
int demo_care_visits(struct core *c, struct demo_world *w, struct bf_err *e);
/* Pairings of 造血型 members with a year of help records (one stale, one
 * ended, gaps left), the condolence owed since the roll's death paid, a
 * hospital visit task from a recent emergency case and a condolence task
 * (demo_care_pairing.c). */
int demo_care_pairing(struct core *c, struct demo_world *w, struct bf_err *e);
/* Talks and political birthdays (demo_care_talks.c): this year's talks of
 * 城关镇 (one in four members not yet talked with), anniversaries of 东风村
 * in the coming days, greetings for those of the past four weeks, the 七一
 * celebration with attendees and the oath. */
int demo_care_talks(struct core *c, struct demo_world *w, struct bf_err *e);

/* 技能培训 this year (demo_care_training.c): the town's course and a
 * branch's evening with attendance, some 造血型 members untrained, and a
 * session held today without attendance yet. */
int demo_care_training(struct core *c, struct demo_world *w, struct bf_err *e);

#endif

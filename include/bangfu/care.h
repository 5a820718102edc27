/* care.h - care beyond money (关怀帮扶, issue #12), the core's domain
 * src/core/care/: one section per part.  Every call checks the actor's
 * role and scope like the rest of the core. */
#ifndef BANGFU_CARE_H
#define BANGFU_CARE_H
#include <stddef.h>
#include "care_model.h"
#include "err.h"
#include "register.h"

/* --- political birthdays (政治生日, src/core/care/birthdays.c) --- */

/* At most this many days in one list of birthdays. */
#define CARE_BIRTHDAY_DAYS_MAX 31

/* The members in the actor's scope (and org_id's subtree when not 0), not
 * deceased, whose party anniversary falls from `from` to `to` (YYYY-MM-DD,
 * both included, at most CARE_BIRTHDAY_DAYS_MAX days), at least one year
 * after they joined; sorted by anniversary, then name.  EC_INVALID on
 * "to" for a range backwards or too long. */
int care_birthdays(struct core *c, const struct actor *a, int64_t org_id, const char *from,
		   const char *to, struct care_birthday **items, size_t *n, struct bf_err *e);

/* --- training (技能培训, src/core/care/training.c) --- */

/* The topic's Chinese name (种植 …), NULL when unknown. */
const char *training_topic_label(const char *topic);
/* The mark's Chinese name (出席、请假、缺席), NULL when unknown. */
const char *training_status_label(const char *status);
/* Creates a session (in->org_id 0: the actor's organisation), audited
 * training_create; errors name the field in Chinese. */
int training_create(struct core *c, const struct actor *a, const struct training_session *in,
		    struct training_session *out, struct bf_err *e);
/* A session in the actor's scope (EC_NOT_FOUND otherwise). */
int training_get(struct core *c, const struct actor *a, int64_t id, struct training_session *out,
		 struct bf_err *e);
/* The sessions in scope, filtered by topic ("" all) and year (0 all). */
int training_list(struct core *c, const struct actor *a, const char *topic, int year, int limit,
		  int offset, struct training_session **items, size_t *n, int64_t *total,
		  struct bf_err *e);
/* Marks many members at once, all or nothing: each member in the actor's
 * scope, each status known; one audit row training_attend per session. */
int training_attend(struct core *c, const struct actor *a, int64_t session_id,
		    const struct training_mark *marks, size_t n, struct bf_err *e);
/* A session's marks. */
int training_marks(struct core *c, const struct actor *a, int64_t session_id,
		   struct training_mark **items, size_t *n, struct bf_err *e);
/* A member's training history (member in scope). */
int training_of_member(struct core *c, const struct actor *a, int64_t member_id,
		       struct training_mark **items, size_t *n, struct bf_err *e);
/* Members of the 造血型 category on the roll not trained in year. */
int training_untrained(struct core *c, const struct actor *a, int year,
		       struct training_untrained **items, size_t *n, struct bf_err *e);

#endif

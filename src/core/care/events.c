/* events.c - the tasks care makes from events (issue #12, "Event-made
 * tasks"; care.h, docs/internals/care.md): the "must visit" occasions need
 * nobody to remember them.  Each runs inside the transaction of the event
 * that causes it, so the event and its consequences are written together
 * or not at all, and each is idempotent: visit_task_add_tx keeps one open
 * task per member and occasion, and what is closed stays closed.
 *
 *  - An emergency case (突发事故救助, also when the department pays first)
 *    for a sudden illness or an accident with injury: a hospital visit to
 *    the member, due CARE_HOSPITAL_VISIT_DAYS after the case is filed.
 *  - A member marked deceased (the roll's deceased exit, or the register's
 *    status set to 亡故 by a member edit): a condolence visit to the family
 *    (亡故关怀), due CARE_CONDOLENCE_DAYS after it is known, and the
 *    member's open care closed with that reason: the member's open
 *    pairings (and those where the member was the helper) end with
 *    end_reason deceased, the member's other visit tasks not yet done
 *    (a festival round's, a hospital visit) are closed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "core/common/common.h"
#include "store.h"
#include "store_care.h"

/* An event-made task, audited visit_task_make on the visit. */
static int make_task(struct db *db, const struct actor *a, int64_t member_id, const char *occasion,
		     int days, const char *cause, struct bf_err *e)
{
	char today[CASE_DATE_LEN], due[CASE_DATE_LEN], detail[256];
	int64_t id = 0;
	core_today(today);
	core_add_days(today, days, due);
	int rc = visit_task_add_tx(db, member_id, occasion, due, &id, e);
	if (rc || !id)
		return rc;
	snprintf(detail, sizeof(detail),
		 "{\"member_id\":%" PRId64 ",\"occasion\":\"%s\",\"due_on\":\"%s\",%s}", member_id,
		 occasion, due, cause);
	return audit_record(db, a, "visit_task_make", "visit", id, detail, e);
}

int care_emergency_case_tx(struct db *db, const struct actor *a, int64_t case_id, int64_t member_id,
			   const char *loss_type, struct bf_err *e)
{
	char cause[96];
	if (!loss_type ||
	    (strcmp(loss_type, "sudden_illness") && strcmp(loss_type, "disability_death")))
		return 0;
	snprintf(cause, sizeof(cause), "\"case_id\":%" PRId64 ",\"loss_type\":\"%s\"", case_id,
		 loss_type);
	return make_task(db, a, member_id, "hospital", CARE_HOSPITAL_VISIT_DAYS, cause, e);
}

/* Ends the open pairings of items (not before their start) for the death. */
static int end_pairings(struct db *db, const struct actor *a, struct pairing *items, size_t n,
			const char *day, const char *note, struct bf_err *e)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		const char *end = strcmp(day, items[i].start_on) < 0 ? items[i].start_on : day;
		snprintf(items[i].end_note, sizeof(items[i].end_note), "%s", note);
		rc = pairing_end_tx(db, a, &items[i], "deceased", end, e);
	}
	return rc;
}

int care_member_deceased_tx(struct db *db, const struct actor *a, int64_t member_id,
			    const char *day, struct bf_err *e)
{
	struct pairing *own = NULL, *helps = NULL;
	size_t n_own = 0, n_helps = 0;
	int64_t closed = 0;
	char detail[160];
	int rc = CORE_QS(store_pairing_open_of_member(db, member_id, &own, &n_own, e));
	if (!rc)
		rc = CORE_QS(store_pairing_open_of_helper(db, member_id, &helps, &n_helps, e));
	if (!rc)
		rc = end_pairings(db, a, own, n_own, day, "帮扶对象亡故", e);
	if (!rc)
		rc = end_pairings(db, a, helps, n_helps, day, "帮扶人亡故", e);
	free(own);
	free(helps);
	if (!rc)
		rc = CORE_QS(
		    store_visit_close_open(db, member_id, day, "deceased", "death", &closed, e));
	if (!rc && closed) {
		snprintf(detail, sizeof(detail),
			 "{\"member_id\":%" PRId64 ",\"closed_on\":\"%s\",\"close_reason\":"
			 "\"deceased\",\"tasks\":%" PRId64 "}",
			 member_id, day, closed);
		rc = audit_record(db, a, "visit_task_close", "member", member_id, detail, e);
	}
	if (!rc)
		rc = make_task(db, a, member_id, "death", CARE_CONDOLENCE_DAYS,
			       "\"cause\":\"deceased\"", e);
	return rc;
}

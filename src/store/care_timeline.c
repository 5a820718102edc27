/* care_timeline.c - one file per member (一人一档, issue #12): everything
 * the organisation did with and for a member, from every part of care and
 * aid, on one timeline (store_care.h).  Each source is one row of the table
 * below — a part that lands later adds its row (and its words in
 * src/core/care/timeline.c) — and the query is their UNION ALL.
 *
 * A source is a SELECT of the member $1's records giving, in this order:
 * day (YYYY-MM-DD), kind, code, arg, title, detail, amount (fen), ref_id —
 * struct timeline_item's columns.  The same SQL runs on both engines. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_care.h"
#include "store/store_impl.h"

struct timeline_source {
	const char *kind;
	const char *select;
};

static const struct timeline_source sources[] = {
    /* the hardship roll: a confirmed period begins, and ends */
    {"roll", "SELECT e.since_on, 'roll', 'in', e.category, e.tier, e.needs, 0, e.id "
	     "FROM roll_entries e WHERE e.member_id = $1 AND e.status IN ('active', "
	     "'exiting', 'exited')"},
    {"roll", "SELECT e.exit_on, 'roll', 'out', e.exit_reason, '', e.exit_note, 0, e.id "
	     "FROM roll_entries e WHERE e.member_id = $1 AND e.status = 'exited' AND "
	     "e.exit_on IS NOT NULL"},
    /* the aid procedure: the application, each step, the payment */
    {"case", "SELECT c.applied_on, 'case', 'apply', c.kind, '', c.situation, "
	     "c.requested_fen, c.id FROM cases c WHERE c.member_id = $1 AND c.applied_on <> ''"},
    {"case", "SELECT v.taken_on, 'case', 'step', v.event, '', v.reason, 0, c.id "
	     "FROM case_events v JOIN cases c ON c.id = v.case_id WHERE c.member_id = $1 AND "
	     "v.taken_on <> '' AND v.event IN ('investigate', 'appraise', 'decide', 'review', "
	     "'approve', 'pay', 'verify', 'return', 'reject')"},
    {"case", "SELECT p.value_date, 'case', 'pay', CASE WHEN p.receipt_on IS NULL THEN "
	     "'unsigned' ELSE 'signed' END, '', '', p.amount, p.case_id FROM payments p "
	     "WHERE p.member_id = $1"},
    /* the fund's start-up loans */
    {"loan", "SELECT l.start_on, 'loan', 'start', l.status, '', l.purpose, l.principal, l.id "
	     "FROM loans l WHERE l.member_id = $1"},
    /* pairing: begun, each help record, ended */
    {"pairing", "SELECT p.start_on, 'pairing', 'start', '', p.helper_name || CASE WHEN "
		"p.helper_post <> '' THEN '（' || p.helper_post || '）' ELSE '' END, p.goal, 0, "
		"p.id FROM pairings p WHERE p.member_id = $1"},
    {"pairing", "SELECT r.done_on, 'pairing', 'help', '', p.helper_name, r.what || CASE WHEN "
		"r.result <> '' THEN '；' || r.result ELSE '' END, 0, p.id FROM help_records r "
		"JOIN pairings p ON p.id = r.pairing_id WHERE p.member_id = $1"},
    {"pairing", "SELECT p.end_on, 'pairing', 'end', p.end_reason, p.helper_name, p.outcome, "
		"0, p.id FROM pairings p WHERE p.member_id = $1 AND p.status = 'ended' AND "
		"p.end_on IS NOT NULL"},
    /* skills training: the member's marks */
    {"training", "SELECT s.start_on, 'training', 'mark', t.status, s.title, s.place, 0, s.id "
		 "FROM training_attendance t JOIN training_sessions s ON s.id = t.session_id "
		 "WHERE t.member_id = $1"},
    /* visits made (a task not yet visited is not a thing done) */
    {"visit", "SELECT v.visited_on, 'visit', 'visit', v.occasion, v.visitors, v.found || "
	      "CASE WHEN v.goods <> '' THEN '；慰问品：' || v.goods ELSE '' END, v.gift_fen + "
	      "v.goods_value_fen, v.id FROM visits v WHERE v.member_id = $1 AND v.visited_on IS "
	      "NOT NULL"},
    /* talks */
    {"talk", "SELECT t.talked_on, 'talk', 'talk', t.kind, t.talker_name, t.note, 0, t.id "
	     "FROM talks t WHERE t.member_id = $1"},
    /* help plans: the year's plan, each measure done */
    {"plan", "SELECT CAST(p.year AS TEXT) || '-01-01', 'plan', 'plan', '', CAST(p.year AS "
	     "TEXT) || '年度帮扶计划', p.goal, 0, p.id FROM help_plans p WHERE p.member_id = $1"},
    {"plan", "SELECT m.done_on, 'plan', 'done', m.kind, m.target, m.note, 0, p.id FROM "
	     "help_plan_measures m JOIN help_plans p ON p.id = m.plan_id WHERE p.member_id = $1 "
	     "AND m.status = 'done' AND m.done_on IS NOT NULL"},
    /* political birthdays: greetings, the 1 July celebration attended */
    {"birthday", "SELECT g.greeted_on, 'birthday', 'greet', g.way, g.greeted_by, g.note, 0, "
		 "g.id FROM care_greetings g WHERE g.member_id = $1"},
    {"birthday", "SELECT c.held_on, 'birthday', 'celebrate', '', c.title, c.place, 0, c.id "
		 "FROM care_celebration_attendees a JOIN care_celebrations c ON c.id = "
		 "a.celebration_id WHERE a.member_id = $1"},
    /* commendations: an honour approved */
    {"honour", "SELECT r.approved_on, 'honour', 'honour', n.honour, r.title, n.deeds, 0, r.id "
	       "FROM nominations n JOIN commendation_rounds r ON r.id = n.round_id WHERE "
	       "n.member_id = $1 AND n.status = 'approved' AND r.approved_on IS NOT NULL"},
};

#define NSOURCES (sizeof(sources) / sizeof(sources[0]))

/* The kinds, each once, in the table's order. */
const char *const store_timeline_kinds[] = {"roll",	"case",	    "loan",  "pairing",
					    "plan",	"training", "visit", "talk",
					    "birthday", "honour",   NULL};

static int wanted(const char *kind, const char *const *kinds)
{
	if (!kinds)
		return 1;
	for (; *kinds; kinds++)
		if (!strcmp(*kinds, kind))
			return 1;
	return 0;
}

static void read_item(struct db_rows *r, void *item)
{
	struct timeline_item *x = item;
	int k = 0;
	memset(x, 0, sizeof(*x));
	ST_COPY(x->day, db_text(r, k++));
	ST_COPY(x->kind, db_text(r, k++));
	ST_COPY(x->code, db_text(r, k++));
	ST_COPY(x->arg, db_text(r, k++));
	ST_COPY(x->title, db_text(r, k++));
	ST_COPY(x->detail, db_text(r, k++));
	x->amount_fen = db_int(r, k++);
	x->ref_id = db_int(r, k++);
}

/* "(src) UNION ALL (src) …" of the wanted sources; 0 when none is. */
static size_t sources_union(struct strbuf *sb, const char *const *kinds)
{
	size_t used = 0;
	for (size_t i = 0; i < NSOURCES; i++) {
		if (!wanted(sources[i].kind, kinds))
			continue;
		strbuf_adds(sb, used++ ? " UNION ALL " : "");
		strbuf_adds(sb, sources[i].select);
	}
	return used;
}

enum db_qs store_member_timeline(struct db *db, int64_t member_id, const char *const *kinds,
				 int limit, int offset, struct timeline_item **items, size_t *n,
				 int64_t *total, struct bf_err *e)
{
	struct qb count = {STRBUF_INIT, {{0}}, 0}, page = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	*total = 0;
	struct strbuf all = STRBUF_INIT;
	if (!sources_union(&all, kinds)) {
		strbuf_release(&all);
		return DB_NONE;
	}
	/* every source binds the member as $1 */
	qb_add(&count, "SELECT count(*) FROM (");
	qb_add(&count, strbuf_str(&all));
	qb_add(&count, ") x");
	count.args[count.n++] = DB_INT(member_id);
	qb_add(&page, "SELECT * FROM (");
	qb_add(&page, strbuf_str(&all));
	qb_add(&page, ") x ORDER BY 1 DESC, 2, 3, 8 DESC");
	page.args[page.n++] = DB_INT(member_id);
	if (limit > 0) {
		qb_add(&page, " LIMIT ");
		qb_arg(&page, DB_INT(limit));
		qb_add(&page, " OFFSET ");
		qb_arg(&page, DB_INT(offset > 0 ? offset : 0));
	}
	strbuf_release(&all);
	return st_fetch_page(db, &count, &page, offset > 0 ? offset : 0, sizeof(**items), read_item,
			     (void **)items, n, total, e);
}

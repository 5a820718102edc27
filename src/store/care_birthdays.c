/* care_birthdays.c - political birthdays (政治生日, issue #12): the members
 * whose 入党时间 (members.joined_on) falls on some days of the year, by
 * month and day, in one set-based query (store_care.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_care.h"
#include "store/store_impl.h"

static void read_birthday(struct db_rows *r, void *item)
{
	struct care_birthday *b = item;
	int k = 0;
	memset(b, 0, sizeof(*b));
	b->member_id = db_int(r, k++);
	ST_COPY(b->member_name, db_text(r, k++));
	b->org_id = db_int(r, k++);
	ST_COPY(b->org_name, db_text(r, k++));
	ST_COPY(b->joined_on, db_text(r, k++));
}

enum db_qs store_care_birthdays(struct db *db, const char *scope_path, const char *org_path,
				const char *lo, const char *hi, const char *extra,
				struct care_birthday **items, size_t *n, struct bf_err *e)
{
	struct st_scope sc;
	struct qb w = {STRBUF_INIT, {{0}}, 0};
	*items = NULL;
	*n = 0;
	if (st_scope_org_range(&sc, scope_path, org_path))
		return ST_FAIL(e, EC_INTERNAL, NULL, "组织范围无效");
	qb_add(&w, "SELECT m.id, m.name, m.org_id, o.name, m.joined_on FROM members m "
		   "JOIN orgs o ON o.id = m.org_id WHERE ");
	qb_scope(&w, "o.path", &sc);
	qb_add(&w, " AND m.status <> '亡故' AND m.joined_on IS NOT NULL AND (substr(m.joined_on, "
		   "6, 5) >= ");
	qb_arg(&w, st_text(lo));
	qb_add(&w, strcmp(lo, hi) > 0 ? " OR " : " AND ");
	qb_add(&w, "substr(m.joined_on, 6, 5) <= ");
	qb_arg(&w, st_text(hi));
	if (extra) {
		qb_add(&w, " OR substr(m.joined_on, 6, 5) = ");
		qb_arg(&w, st_text(extra));
	}
	qb_add(&w, ") ORDER BY m.id");
	enum db_qs qs = st_fetch_all(db, strbuf_str(&w.sql), w.args, w.n, sizeof(**items),
				     read_birthday, (void **)items, n, e);
	strbuf_release(&w.sql);
	return qs;
}

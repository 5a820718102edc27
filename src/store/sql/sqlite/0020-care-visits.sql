-- 0020-care-visits.sql - visits (走访慰问) and festival rounds (issue #12).
-- A round is opened by the department for a festival of a year; opening
-- (or refreshing) inserts one visit task per member due a visit in one
-- INSERT ... SELECT, and the unique (round_id, member_id) key keeps a
-- second run from doubling a task.  A visit without round is recorded
-- directly.  visited_on NULL: a task not yet done.
CREATE TABLE visit_rounds (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	festival TEXT NOT NULL CHECK (festival IN ('new_year', 'spring', 'july1', 'double_ninth')),
	title TEXT NOT NULL,
	opened_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	old_party_years INTEGER NOT NULL CHECK (old_party_years BETWEEN 0 AND 100),
	old_age INTEGER NOT NULL CHECK (old_age BETWEEN 0 AND 130),
	gift_roll_fen INTEGER NOT NULL DEFAULT 0 CHECK (gift_roll_fen >= 0),
	gift_old_fen INTEGER NOT NULL DEFAULT 0 CHECK (gift_old_fen >= 0),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK (due_on >= opened_on),
	UNIQUE (org_id, year, festival)
);

CREATE TABLE visits (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	-- the member's branch when the task was made or the visit recorded
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	round_id INTEGER REFERENCES visit_rounds(id),
	-- why a round's task: on the roll or an old member
	reason TEXT NOT NULL DEFAULT '' CHECK (reason IN ('', 'roll', 'old')),
	occasion TEXT NOT NULL,
	due_on TEXT,
	std_gift_fen INTEGER NOT NULL DEFAULT 0,
	visited_on TEXT,
	visitors TEXT NOT NULL DEFAULT '',
	found TEXT NOT NULL DEFAULT '',
	gift_fen INTEGER NOT NULL DEFAULT 0 CHECK (gift_fen >= 0),
	goods TEXT NOT NULL DEFAULT '',
	goods_value_fen INTEGER NOT NULL DEFAULT 0 CHECK (goods_value_fen >= 0),
	posting_id INTEGER,
	recorded_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	UNIQUE (round_id, member_id)
);
CREATE INDEX visits_org ON visits(org_id, round_id);
CREATE INDEX visits_member ON visits(member_id);

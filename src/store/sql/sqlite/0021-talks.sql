-- 0021-talks.sql (SQLite) - talks (谈心谈话, issue #12; care.h): who talked
-- with which member, on what day, of which kind (the yearly talk every
-- member is owed, or a "must talk" occasion), with a short record.  The
-- talker is a register member (talker_member_id) or a named cadre
-- (talker_name only); talker_name always holds the name as written.
-- Mirrors sql/pg/0021-talks.sql.
CREATE TABLE talks (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	talker_member_id INTEGER REFERENCES members(id),
	talker_name TEXT NOT NULL,
	talked_on TEXT NOT NULL CHECK (length(talked_on) = 10),
	kind TEXT NOT NULL CHECK (kind IN ('yearly', 'achievement', 'difficulty', 'conflict',
		'error', 'problem', 'post_change', 'retirement', 'complaint')),
	note TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
-- a member's talks by day: the yearly coverage and the to-do list ask
-- "is there a talk of this member in this year" (set-based, at a million
-- members)
CREATE INDEX talks_member_day ON talks(member_id, talked_on);

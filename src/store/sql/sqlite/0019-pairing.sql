-- 0019-pairing.sql (SQLite) - pairing (结对帮扶) and help records (帮扶记录),
-- issue #12; docs/internals/care.md.  Mirrors sql/pg/0019-pairing.sql.
--
-- A pairing joins a member in hardship (on the roll) with a helper: a member
-- of the register (helper_member_id) or a leading cadre named with their
-- post (helper_member_id NULL, helper_name and helper_post).  It fixes the
-- six 定: goal, measures, start_on and target_on, the helper, place, matter.
-- 一帮到底: it stays 'open' until the member leaves the roll (end_reason
-- 'left_roll', closed by the roll's exit in the same transaction) or it is
-- ended with a reason and an outcome.  Nothing is deleted.
CREATE TABLE pairings (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	-- the member's branch when paired: the scope
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	roll_entry_id INTEGER NOT NULL REFERENCES roll_entries(id),
	helper_member_id INTEGER REFERENCES members(id),
	helper_name TEXT NOT NULL,
	helper_post TEXT NOT NULL DEFAULT '',
	goal TEXT NOT NULL,
	measures TEXT NOT NULL,
	start_on TEXT NOT NULL CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	target_on TEXT NOT NULL CHECK (target_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	place TEXT NOT NULL DEFAULT '',
	matter TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('open', 'ended')),
	end_on TEXT CHECK (end_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	end_reason TEXT NOT NULL DEFAULT '' CHECK (end_reason IN ('', 'left_roll', 'other')),
	end_note TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	CHECK (target_on >= start_on),
	CHECK ((status = 'ended') = (end_on IS NOT NULL)),
	CHECK (helper_member_id IS NULL OR helper_member_id <> member_id)
);
CREATE INDEX pairings_member ON pairings(member_id, status);
CREATE INDEX pairings_helper ON pairings(helper_member_id, status);
CREATE INDEX pairings_org ON pairings(org_id, status);

-- A help record: the day, what was done, the result.
CREATE TABLE help_records (
	id INTEGER PRIMARY KEY,
	pairing_id INTEGER NOT NULL REFERENCES pairings(id),
	done_on TEXT NOT NULL CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	what TEXT NOT NULL,
	result TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX help_records_pairing ON help_records(pairing_id, done_on);

-- 0013-roll.sql (SQLite) - the hardship roll (困难党员台账, issue #11): who is
-- in hardship, period by period.  Mirrors sql/pg/0013-roll.sql column for
-- column.  Design: docs/internals/roll.md.  Nothing is ever deleted: a
-- member who leaves keeps the closed period; a relapse opens a new period
-- linked to the earlier one.
--
-- A period is on the roll from since_on (纳入日期) up to, not including,
-- until_on (the exit date); until_on is NULL while it lasts.  Only
-- confirmed periods (status active, exiting, exited) count: a branch's
-- registration waits as 'pending' until the committee confirms it, and a
-- refused one stays 'rejected'.  The values an entry had on a past day are
-- its current values with the later changes of roll_history undone
-- (roll_history.old_value of the first change effective after that day).

CREATE TABLE roll_entries (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	-- the branch that keeps the entry
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'exiting', 'exited',
		'rejected')),
	-- how it came: an approved case, a branch's survey (调查摸底), an import
	-- of an existing 台账, a relapse (返贫)
	source TEXT NOT NULL CHECK (source IN ('case', 'survey', 'import', 'relapse')),
	case_id INTEGER REFERENCES cases(id),
	relapse_of INTEGER REFERENCES roll_entries(id),
	since_on TEXT NOT NULL
		CHECK (since_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	until_on TEXT CHECK (until_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	category TEXT NOT NULL DEFAULT '' CHECK (category IN ('', 'capacity', 'relief', 'care')),
	tier TEXT NOT NULL DEFAULT '' CHECK (tier IN ('', 'severe', 'moderate', 'temporary')),
	causes TEXT NOT NULL DEFAULT '' CHECK (causes NOT GLOB '*[^a-z0-9_,]*'),
	household TEXT NOT NULL DEFAULT '',
	household_size INTEGER NOT NULL DEFAULT 0 CHECK (household_size BETWEEN 0 AND 30),
	-- yearly net income per head, fen; -1 unknown
	income_fen INTEGER NOT NULL DEFAULT -1 CHECK (income_fen >= -1),
	income_sources TEXT NOT NULL DEFAULT '',
	subsidies TEXT NOT NULL DEFAULT '',
	state_of_mind TEXT NOT NULL DEFAULT '',
	needs TEXT NOT NULL DEFAULT '',
	-- the exit (脱困): proposed with its date and reason, then confirmed
	exit_on TEXT CHECK (exit_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	exit_reason TEXT NOT NULL DEFAULT '' CHECK (exit_reason IN ('', 'income', 'work',
		'moved', 'deceased', 'other')),
	exit_note TEXT NOT NULL DEFAULT '',
	exit_by INTEGER REFERENCES users(id),
	exit_at INTEGER,
	exit_confirmed_by INTEGER REFERENCES users(id),
	exit_confirmed_at INTEGER,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	confirmed_by INTEGER REFERENCES users(id),
	confirmed_at INTEGER,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	CHECK (until_on IS NULL OR until_on >= since_on),
	CHECK ((status = 'exited') = (until_on IS NOT NULL)),
	CHECK ((status IN ('exiting', 'exited')) = (exit_on IS NOT NULL)),
	CHECK ((source = 'relapse') = (relapse_of IS NOT NULL))
);
-- one open period per member (pending, on the roll, exit proposed)
CREATE UNIQUE INDEX roll_entries_open ON roll_entries(member_id)
	WHERE status IN ('pending', 'active', 'exiting');
CREATE INDEX roll_entries_member ON roll_entries(member_id, since_on);
-- the roll of a subtree as of a day: orgs by path, then each org's periods
-- by since_on (until_on checked in the index)
CREATE INDEX roll_entries_org ON roll_entries(org_id, since_on, until_on);
CREATE INDEX roll_entries_status ON roll_entries(status, org_id);
CREATE TRIGGER roll_entries_no_delete BEFORE DELETE ON roll_entries
BEGIN
	SELECT RAISE(ABORT, 'roll_entries keeps every period');
END;

-- An entry's history: one row per change of one field (field '' for an
-- event without one: registered, confirmed, refused …), with who, when,
-- why, the day the change took effect, and the roll review it belongs to
-- (the June / November reviews; no foreign key until their table exists).
-- Append-only.
CREATE TABLE roll_history (
	id INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL REFERENCES roll_entries(id),
	at INTEGER NOT NULL,
	user_id INTEGER REFERENCES users(id),
	username TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL CHECK (action <> '' AND action NOT GLOB '*[^a-z_]*'),
	field TEXT NOT NULL DEFAULT '' CHECK (field NOT GLOB '*[^a-z_]*'),
	old_value TEXT NOT NULL DEFAULT '',
	new_value TEXT NOT NULL DEFAULT '',
	effective_on TEXT NOT NULL
		CHECK (effective_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	reason TEXT NOT NULL DEFAULT '',
	review_id INTEGER
);
CREATE INDEX roll_history_entry ON roll_history(entry_id, id);
-- the values in force on a day: the first change of a field after it
CREATE INDEX roll_history_field ON roll_history(entry_id, field, effective_on, id);
CREATE TRIGGER roll_history_no_update BEFORE UPDATE ON roll_history
BEGIN
	SELECT RAISE(ABORT, 'roll_history is append-only');
END;
CREATE TRIGGER roll_history_no_delete BEFORE DELETE ON roll_history
BEGIN
	SELECT RAISE(ABORT, 'roll_history is append-only');
END;

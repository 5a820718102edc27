-- 0016-roll-review.sql (SQLite) - the June and November reviews of the
-- hardship roll (台账动态调整, issue #11; DOMAIN.md §3 "Dynamic
-- management"; docs/internals/roll_review.md).  Mirrors
-- sql/pg/0016-roll-review.sql column for column.
--
-- The department opens a review with a finish date; the opening snapshots
-- the entries on the roll in its subtree as items (one INSERT ... SELECT).
-- A branch decides each of its items (continues, changes tier or category,
-- exits, deceased, moved), its committee confirms, and the confirmation
-- applies the decision to the entry through the roll's own calls, with the
-- review's id on each history row.  The November review doubles as the
-- yearly re-registration: an item not confirmed by finish_on flags its
-- entry.  Nothing is deleted.

CREATE TABLE roll_reviews (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	kind TEXT NOT NULL CHECK (kind IN ('june', 'november')),
	title TEXT NOT NULL,
	opened_on TEXT NOT NULL
		CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	finish_on TEXT NOT NULL
		CHECK (finish_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	items INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	closed_by INTEGER REFERENCES users(id),
	closed_at INTEGER,
	CHECK (finish_on >= opened_on),
	UNIQUE (org_id, year, kind)
);

-- One entry of the roll in one review: the branch keeping it and its
-- category and tier when the review opened, then the branch's decision and
-- the committee's confirmation.  status: open (to decide; returned_reason
-- set when the committee sent it back), decided (waiting for the
-- committee), confirmed (applied to the entry).
CREATE TABLE roll_review_items (
	id INTEGER PRIMARY KEY,
	review_id INTEGER NOT NULL REFERENCES roll_reviews(id),
	entry_id INTEGER NOT NULL REFERENCES roll_entries(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	category TEXT NOT NULL DEFAULT '',
	tier TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided', 'confirmed')),
	decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'continue', 'change', 'exit',
		'deceased', 'moved')),
	new_category TEXT NOT NULL DEFAULT '' CHECK (new_category IN ('', 'capacity', 'relief',
		'care')),
	new_tier TEXT NOT NULL DEFAULT '' CHECK (new_tier IN ('', 'severe', 'moderate',
		'temporary')),
	exit_on TEXT CHECK (exit_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	exit_reason TEXT NOT NULL DEFAULT '' CHECK (exit_reason IN ('', 'income', 'work',
		'moved', 'deceased', 'other')),
	reason TEXT NOT NULL DEFAULT '',
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER,
	returned_reason TEXT NOT NULL DEFAULT '',
	confirmed_by INTEGER REFERENCES users(id),
	confirmed_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	CHECK ((status = 'open') = (decision = '')),
	UNIQUE (review_id, entry_id)
);
-- a branch's worklist and the progress per organisation
CREATE INDEX roll_review_items_org ON roll_review_items(review_id, org_id, status);
-- the re-registration flag of an entry
CREATE INDEX roll_review_items_entry ON roll_review_items(entry_id, review_id);
CREATE TRIGGER roll_review_items_no_delete BEFORE DELETE ON roll_review_items
BEGIN
	SELECT RAISE(ABORT, 'roll_review_items keeps every item');
END;

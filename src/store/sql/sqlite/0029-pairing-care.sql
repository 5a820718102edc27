-- 0029-pairing-care.sql (SQLite) - pairing's files and a member's death
-- (issue #12; docs/internals/care.md).  Mirrors sql/pg/0029-pairing-care.sql.
--
-- 1. A pairing may end because its member died (end_reason 'deceased',
--    closed where the member is marked 亡故, care_member_deceased_tx).
--    SQLite cannot change a CHECK in place: pairings and its child
--    help_records are rebuilt with the same columns and rows (ids kept),
--    the child first dropped so that no foreign key dangles, then renamed
--    (the rename carries help_records' reference over to the new table).
-- 2. The files of a help record (帮扶记录附件: photos, signed sheets),
--    their bytes in the content-addressed store shared with a case's
--    attachments (core/common/files.h).
-- 3. A visit task not yet done can be closed with a reason (the member
--    died: closed_on, close_reason 'deceased'); a closed task is neither
--    due nor late (the round's progress index gains closed_on).  Nothing
--    is deleted.
CREATE TABLE pairings_new (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
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
	end_reason TEXT NOT NULL DEFAULT ''
		CHECK (end_reason IN ('', 'left_roll', 'deceased', 'other')),
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
INSERT INTO pairings_new (id, member_id, org_id, roll_entry_id, helper_member_id, helper_name,
	helper_post, goal, measures, start_on, target_on, place, matter, status, end_on, end_reason,
	end_note, outcome, created_by, created_at, updated_at, version)
SELECT id, member_id, org_id, roll_entry_id, helper_member_id, helper_name, helper_post, goal,
	measures, start_on, target_on, place, matter, status, end_on, end_reason, end_note, outcome,
	created_by, created_at, updated_at, version FROM pairings;
CREATE TABLE help_records_new (
	id INTEGER PRIMARY KEY,
	pairing_id INTEGER NOT NULL REFERENCES pairings_new(id),
	done_on TEXT NOT NULL CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	what TEXT NOT NULL,
	result TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
INSERT INTO help_records_new (id, pairing_id, done_on, what, result, created_by, created_at)
SELECT id, pairing_id, done_on, what, result, created_by, created_at FROM help_records;
DROP TABLE help_records;
DROP TABLE pairings;
ALTER TABLE pairings_new RENAME TO pairings;
ALTER TABLE help_records_new RENAME TO help_records;
CREATE INDEX pairings_member ON pairings(member_id, status);
CREATE INDEX pairings_helper ON pairings(helper_member_id, status);
CREATE INDEX pairings_org ON pairings(org_id, status);
CREATE INDEX help_records_pairing ON help_records(pairing_id, done_on);

CREATE TABLE help_attachments (
	id INTEGER PRIMARY KEY,
	help_record_id INTEGER NOT NULL REFERENCES help_records(id),
	name TEXT NOT NULL,
	mime TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
	size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
	stored_path TEXT NOT NULL,
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX help_attachments_record ON help_attachments(help_record_id, id);

ALTER TABLE visits ADD COLUMN closed_on TEXT
	CHECK (closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE visits ADD COLUMN close_reason TEXT NOT NULL DEFAULT ''
	CHECK (close_reason IN ('', 'deceased'));
-- the round's progress counts late tasks that are not closed, still from
-- this index alone
DROP INDEX visits_round_org;
CREATE INDEX visits_round_org ON visits(round_id, org_id, visited_on, due_on, closed_on);

-- 0018-training.sql (SQLite) - 技能培训 (issue #12, care): a training
-- session held by an organisation and the attendance of members at it,
-- one mark per member (present, excused, absent).  Mirrors
-- sql/pg/0018-training.sql.
CREATE TABLE training_sessions (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	title TEXT NOT NULL,
	topic TEXT NOT NULL CHECK (topic IN ('planting', 'breeding', 'processing', 'ecommerce', 'other')),
	start_on TEXT NOT NULL,
	end_on TEXT NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	organiser TEXT NOT NULL DEFAULT '',
	trainer TEXT NOT NULL DEFAULT '',
	hours_tenths INTEGER NOT NULL DEFAULT 0 CHECK (hours_tenths BETWEEN 0 AND 9999),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK (end_on >= start_on)
);
CREATE INDEX training_sessions_org ON training_sessions(org_id, start_on);
CREATE TABLE training_attendance (
	session_id INTEGER NOT NULL REFERENCES training_sessions(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	status TEXT NOT NULL CHECK (status IN ('present', 'excused', 'absent')),
	marked_by INTEGER REFERENCES users(id),
	marked_at INTEGER NOT NULL,
	PRIMARY KEY (session_id, member_id)
);
CREATE INDEX training_attendance_member ON training_attendance(member_id, status);

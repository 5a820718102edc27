-- 0002-cases.sql (SQLite) - the aid procedure of DOMAIN.md §3: policy
-- versions, the department's calendar edits, yearly rounds, cases and their
-- timeline, public notices with their objections, and attachments.
-- Mirrors sql/pg/0002-cases.sql column for column; only the types and the
-- spelling of pattern checks differ.  Design: docs/internals/cases.md.
-- Money in fen (INTEGER), dates 'YYYY-MM-DD' text, timestamps unix seconds,
-- booleans 0/1.  Every closed set is a CHECK, so a wrong code from any
-- writer is refused by the database, not only by the core.

-- Policy versions (policy.h).  Empty after the migration: the core stores
-- the shipped default (policy_default_text()) as version 1 on first use
-- with store_policy_insert, which does nothing when version 1 exists, so
-- the JSON lives in one place (data/policy-default.json).  Append-only: an
-- edit is a new version.
CREATE TABLE policies (
	version INTEGER PRIMARY KEY CHECK (version >= 1),
	effective_from TEXT NOT NULL
		CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	document TEXT NOT NULL CHECK (substr(document, 1, 1) = '{'),
	note TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX policies_effective ON policies(effective_from, version);
CREATE TRIGGER policies_no_update BEFORE UPDATE ON policies
BEGIN
	SELECT RAISE(ABORT, 'policies is append-only');
END;
CREATE TRIGGER policies_no_delete BEFORE DELETE ON policies
BEGIN
	SELECT RAISE(ABORT, 'policies is append-only');
END;

-- The department's calendar edits, applied over the shipped holiday data
-- (calendar.h).  kind 'normal' turns a shipped holiday or make-up day back
-- into an ordinary day (CAL_NORMAL).
CREATE TABLE calendar_days (
	day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday', 'normal')),
	name TEXT NOT NULL DEFAULT '',
	updated_by INTEGER REFERENCES users(id),
	updated_at INTEGER NOT NULL
);
-- The years the department declared complete (calendar_mark_year), with
-- the notice they come from.
CREATE TABLE calendar_years (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2100),
	source TEXT NOT NULL DEFAULT '',
	updated_by INTEGER REFERENCES users(id),
	updated_at INTEGER NOT NULL
);

-- A yearly round (生活困难帮扶), opened by the department.  One open round
-- per organisation and year; a closed one keeps its cases.
CREATE TABLE rounds (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	title TEXT NOT NULL,
	opened_on TEXT NOT NULL
		CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	due_on TEXT NOT NULL
		CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	policy_version INTEGER NOT NULL REFERENCES policies(version),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	closed_by INTEGER REFERENCES users(id),
	closed_at INTEGER,
	CHECK (due_on >= opened_on),
	CHECK ((status = 'open') = (closed_at IS NULL)),
	-- the target of cases' (round_id, year) key: a case has its round's year
	UNIQUE (id, year)
);
CREATE UNIQUE INDEX rounds_one_open ON rounds(org_id, year) WHERE status = 'open';

-- One member's hardship record for one aid (困难党员档案).  state holds
-- wf_state_code() strings; version is bumped by every write, and writes
-- name the version they read (optimistic locking).  Code lists (causes,
-- conditions, exclusions) are the policy's codes joined by ','.
CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('yearly', 'emergency')),
	round_id INTEGER REFERENCES rounds(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	state TEXT NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'investigated',
		'appraised', 'decided', 'in_notice', 'noticed', 'submitted', 'reviewed',
		'approved', 'screening', 'screened', 'paid', 'verified', 'returned',
		'rejected')),
	policy_version INTEGER NOT NULL REFERENCES policies(version),
	category TEXT NOT NULL DEFAULT ''
		CHECK (category IN ('', 'capacity', 'relief', 'care')),
	category_auto TEXT NOT NULL DEFAULT ''
		CHECK (category_auto IN ('', 'capacity', 'relief', 'care')),
	category_reason TEXT NOT NULL DEFAULT '',
	tier TEXT NOT NULL DEFAULT '' CHECK (tier IN ('', 'severe', 'moderate', 'temporary')),
	tier_auto TEXT NOT NULL DEFAULT ''
		CHECK (tier_auto IN ('', 'severe', 'moderate', 'temporary')),
	tier_reason TEXT NOT NULL DEFAULT '',
	causes TEXT NOT NULL DEFAULT '' CHECK (causes NOT GLOB '*[^a-z0-9_,]*'),
	conditions TEXT NOT NULL DEFAULT '' CHECK (conditions NOT GLOB '*[^a-z0-9_,]*'),
	exclusions TEXT NOT NULL DEFAULT '' CHECK (exclusions NOT GLOB '*[^a-z0-9_,]*'),
	situation TEXT NOT NULL DEFAULT '',
	loss_type TEXT NOT NULL DEFAULT '' CHECK (loss_type IN ('', 'major_loss',
		'sudden_illness', 'disability_death', 'other')),
	income_fen INTEGER NOT NULL DEFAULT -1 CHECK (income_fen >= -1),
	household_size INTEGER NOT NULL DEFAULT 0 CHECK (household_size BETWEEN 0 AND 30),
	labour_capacity INTEGER NOT NULL DEFAULT 1 CHECK (labour_capacity IN (0, 1)),
	fixed_income INTEGER NOT NULL DEFAULT 0 CHECK (fixed_income IN (0, 1)),
	requested_fen INTEGER NOT NULL DEFAULT 0 CHECK (requested_fen >= 0),
	proposed_fen INTEGER NOT NULL DEFAULT 0 CHECK (proposed_fen >= 0),
	approved_fen INTEGER NOT NULL DEFAULT 0 CHECK (approved_fen >= 0),
	special_approval INTEGER NOT NULL DEFAULT 0 CHECK (special_approval IN (0, 1)),
	special_reason TEXT NOT NULL DEFAULT '',
	pay_first INTEGER NOT NULL DEFAULT 0 CHECK (pay_first IN (0, 1)),
	paperwork_due TEXT
		CHECK (paperwork_due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	paperwork_done INTEGER NOT NULL DEFAULT 0 CHECK (paperwork_done IN (0, 1)),
	-- the six items of §3 step 7, one bit each (CASE_DOSSIER_* in cases.h)
	dossier INTEGER NOT NULL DEFAULT 0 CHECK (dossier BETWEEN 0 AND 63),
	investigation_on TEXT
		CHECK (investigation_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	investigators TEXT NOT NULL DEFAULT '',
	investigation TEXT NOT NULL DEFAULT '',
	appraisal_on TEXT
		CHECK (appraisal_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	expected INTEGER NOT NULL DEFAULT 0 CHECK (expected >= 0),
	present INTEGER NOT NULL DEFAULT 0 CHECK (present >= 0),
	votes_for INTEGER NOT NULL DEFAULT 0 CHECK (votes_for >= 0),
	votes_against INTEGER NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
	votes_abstain INTEGER NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
	appraisal_minutes TEXT NOT NULL DEFAULT '',
	decision_on TEXT
		CHECK (decision_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	decision_minutes TEXT NOT NULL DEFAULT '',
	screening_entered_on TEXT
		CHECK (screening_entered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	screening_result TEXT NOT NULL DEFAULT '',
	-- the deadline of the current state; estimated: it counted a year
	-- without calendar data
	due_on TEXT CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	due_estimated INTEGER NOT NULL DEFAULT 0 CHECK (due_estimated IN (0, 1)),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	-- yearly aid belongs to a round (of the same year), emergencies never
	CHECK ((kind = 'yearly') = (round_id IS NOT NULL)),
	CHECK (kind = 'emergency' OR (loss_type = '' AND pay_first = 0)),
	CHECK (special_approval = 0 OR special_reason <> ''),
	CHECK (expected = 0 OR present <= expected),
	CHECK (votes_for + votes_against + votes_abstain <= present),
	FOREIGN KEY (round_id, year) REFERENCES rounds(id, year),
	-- one yearly case per member and round (NULL rounds never collide)
	UNIQUE (member_id, round_id)
);
CREATE INDEX cases_org_state ON cases(org_id, state);
CREATE INDEX cases_member_year ON cases(member_id, year, kind);
CREATE INDEX cases_round ON cases(round_id, state);
CREATE INDEX cases_state_due ON cases(state, due_on);

-- The timeline of a case: one row per transition or recorded edit.
-- Append-only, like audit_log.
CREATE TABLE case_events (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	at INTEGER NOT NULL,
	user_id INTEGER REFERENCES users(id),
	username TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT ''
		CHECK (role IN ('', 'admin', 'department', 'committee', 'branch', 'auditor')),
	-- wf_event_code() strings, plus the edits that are not transitions
	event TEXT NOT NULL CHECK (event IN ('investigate', 'appraise', 'decide',
		'open_notice', 'close_notice', 'submit', 'review', 'approve', 'pay_first',
		'enter_screening', 'screen_pass', 'screen_fail', 'pay', 'verify', 'return',
		'resubmit', 'reject', 'create', 'update', 'attach', 'objection',
		'objection_handled', 'paperwork_done')),
	from_state TEXT NOT NULL DEFAULT '' CHECK (from_state IN ('', 'applied',
		'investigated', 'appraised', 'decided', 'in_notice', 'noticed', 'submitted',
		'reviewed', 'approved', 'screening', 'screened', 'paid', 'verified',
		'returned', 'rejected')),
	to_state TEXT NOT NULL CHECK (to_state IN ('applied', 'investigated', 'appraised',
		'decided', 'in_notice', 'noticed', 'submitted', 'reviewed', 'approved',
		'screening', 'screened', 'paid', 'verified', 'returned', 'rejected')),
	policy_version INTEGER REFERENCES policies(version),
	reason TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events(case_id, id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
	SELECT RAISE(ABORT, 'case_events is append-only');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
	SELECT RAISE(ABORT, 'case_events is append-only');
END;

-- A public notice (公示) posted by an organisation for a period of working
-- days; ends_on comes from calendar_period_end, estimated as for due_on.
CREATE TABLE notices (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('yearly', 'emergency')),
	starts_on TEXT NOT NULL
		CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	ends_on TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	working_days INTEGER NOT NULL CHECK (working_days >= 1),
	estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)),
	office TEXT NOT NULL DEFAULT '',
	office_phone TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	closed_by INTEGER REFERENCES users(id),
	closed_at INTEGER,
	CHECK (ends_on >= starts_on),
	CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX notices_org_status ON notices(org_id, status);
CREATE INDEX notices_status_ends ON notices(status, ends_on);

-- The cases a notice lists.  is_open mirrors the notice's status (set by
-- store_notice_close) so that one partial unique index keeps a case in at
-- most one open notice.
CREATE TABLE notice_cases (
	notice_id INTEGER NOT NULL REFERENCES notices(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	is_open INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
	PRIMARY KEY (notice_id, case_id)
);
CREATE UNIQUE INDEX notice_cases_one_open ON notice_cases(case_id) WHERE is_open = 1;
CREATE INDEX notice_cases_case ON notice_cases(case_id, notice_id);

-- Objections and reports (异议/举报) received during a notice, about one of
-- its cases (the composite key makes sure the case is on the notice) or
-- about the notice as a whole (case_id NULL).  Open while outcome is NULL.
CREATE TABLE objections (
	id INTEGER PRIMARY KEY,
	notice_id INTEGER NOT NULL REFERENCES notices(id),
	case_id INTEGER,
	received_on TEXT NOT NULL
		CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	channel TEXT NOT NULL CHECK (channel IN ('phone', 'letter', 'in_person')),
	content TEXT NOT NULL,
	reporter TEXT NOT NULL DEFAULT '',
	outcome TEXT
		CHECK (outcome IN ('upheld_returned', 'upheld_rejected', 'unfounded')),
	reason TEXT NOT NULL DEFAULT '',
	handled_by INTEGER REFERENCES users(id),
	handled_at INTEGER,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK ((outcome IS NULL) = (handled_at IS NULL)),
	CHECK (outcome IS NULL OR reason <> ''),
	FOREIGN KEY (notice_id, case_id) REFERENCES notice_cases(notice_id, case_id)
);
CREATE INDEX objections_open ON objections(notice_id) WHERE outcome IS NULL;
CREATE INDEX objections_notice ON objections(notice_id, id);
CREATE INDEX objections_case ON objections(case_id, id);

-- Files of a case (PDF/JPG/PNG up to 10 MiB), stored content-addressed
-- under var/attachments/<sha256[0:2]>/<sha256>.
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	kind TEXT NOT NULL CHECK (kind IN ('application', 'application_form',
		'assembly_minutes', 'committee_minutes', 'notice_report', 'registration_form',
		'diagnosis', 'accident_certificate', 'receipt', 'verification', 'other')),
	name TEXT NOT NULL,
	mime TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
	size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
	stored_path TEXT NOT NULL,
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id, id);

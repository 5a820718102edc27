-- 0025-commendations.sql (SQLite) - commendations (表彰, issue #12, DOMAIN
-- §6; care.h): the department's yearly round with its quotas per
-- committee and honour, the branches' nominations with their deeds, the
-- committees' review, and the public notice of the recommended list
-- through the notices of the cases, generalised: a notice's kind names
-- what it lists ('yearly'/'emergency' cases, 'commendation' nominations),
-- and an objection names a case or a nomination.  Mirrors
-- sql/pg/0025-commendations.sql.

-- notices.kind gains 'commendation'.  SQLite changes a CHECK only by
-- rebuilding the table; the foreign keys of notice_cases and objections
-- are deferred to the commit, by which the same ids are back.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE notices_copy AS SELECT * FROM notices;
DROP TABLE notices;
CREATE TABLE notices (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('yearly', 'emergency', 'commendation')),
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
INSERT INTO notices SELECT * FROM notices_copy;
DROP TABLE notices_copy;
CREATE INDEX notices_org_status ON notices(org_id, status);
CREATE INDEX notices_status_ends ON notices(status, ends_on);

-- A commendation round (表彰评选) opened by the department for a year,
-- with the day nominations close.  status: 'open' (nominating and
-- reviewing), 'in_notice' (the recommended list posted, notice_id),
-- 'approved' (the honours conferred on approved_on).
CREATE TABLE commendation_rounds (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	title TEXT NOT NULL,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	nominate_by TEXT NOT NULL CHECK (length(nominate_by) = 10),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_notice', 'approved')),
	notice_id INTEGER REFERENCES notices(id),
	approved_on TEXT CHECK (approved_on IS NULL OR length(approved_on) = 10),
	approved_by INTEGER REFERENCES users(id),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK ((status = 'open') = (notice_id IS NULL)),
	CHECK ((status = 'approved') = (approved_on IS NOT NULL))
);
-- one round a year in a district
CREATE UNIQUE INDEX commendation_rounds_year ON commendation_rounds(org_id, year);

-- How many of an honour a committee may recommend in a round.
CREATE TABLE commendation_quotas (
	round_id INTEGER NOT NULL REFERENCES commendation_rounds(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	honour TEXT NOT NULL
		CHECK (honour IN ('outstanding_member', 'outstanding_worker', 'advanced_org')),
	quota INTEGER NOT NULL CHECK (quota BETWEEN 0 AND 1000),
	PRIMARY KEY (round_id, org_id, honour)
);

-- A nomination (提名) by a branch (org_id) of a member of the register
-- (the two personal honours) or of an organisation (advanced_org), with
-- its deeds; committee_id is the committee that reviews it (and whose
-- quota it counts against).  status: 'nominated' → 'recommended' or
-- 'not_recommended' (the committee's opinion) → 'approved' (an honour),
-- or 'rejected' by an upheld objection during the notice.
CREATE TABLE nominations (
	id INTEGER PRIMARY KEY,
	round_id INTEGER NOT NULL REFERENCES commendation_rounds(id),
	honour TEXT NOT NULL
		CHECK (honour IN ('outstanding_member', 'outstanding_worker', 'advanced_org')),
	member_id INTEGER REFERENCES members(id),
	nominee_org_id INTEGER REFERENCES orgs(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	committee_id INTEGER NOT NULL REFERENCES orgs(id),
	deeds TEXT NOT NULL CHECK (deeds <> ''),
	status TEXT NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'recommended',
		'not_recommended', 'rejected', 'approved')),
	opinion TEXT NOT NULL DEFAULT '',
	reviewed_by INTEGER REFERENCES users(id),
	reviewed_at INTEGER,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK ((honour = 'advanced_org') = (nominee_org_id IS NOT NULL)),
	CHECK ((honour = 'advanced_org') = (member_id IS NULL))
);
-- a member (an organisation) is nominated once per honour and round
CREATE UNIQUE INDEX nominations_member ON nominations(round_id, honour, member_id)
	WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX nominations_org ON nominations(round_id, honour, nominee_org_id)
	WHERE nominee_org_id IS NOT NULL;
CREATE INDEX nominations_round_committee ON nominations(round_id, committee_id, honour, status);
-- a member's honours (their page, the 曾获表彰 mark where training and
-- projects are decided)
CREATE INDEX nominations_honours ON nominations(member_id) WHERE status = 'approved';

-- The nominations a commendation notice lists (as notice_cases for cases).
CREATE TABLE notice_nominations (
	notice_id INTEGER NOT NULL REFERENCES notices(id),
	nomination_id INTEGER NOT NULL REFERENCES nominations(id),
	PRIMARY KEY (notice_id, nomination_id)
);
CREATE INDEX notice_nominations_nomination ON notice_nominations(nomination_id);

-- An objection about one nomination of a commendation notice (the store
-- checks it is listed there, as for a case).
ALTER TABLE objections ADD COLUMN nomination_id INTEGER REFERENCES nominations(id);
CREATE INDEX objections_nomination ON objections(nomination_id) WHERE nomination_id IS NOT NULL;

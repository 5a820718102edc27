-- 0023-help-plans.sql (SQLite) - help plans (帮扶计划 / 脱贫规划, issue #12;
-- care.h "help plans"; docs/internals/care.md).  Mirrors
-- sql/pg/0023-help-plans.sql column for column.
--
-- One plan per member on the hardship roll and year (UNIQUE member_id,
-- year), kept by the member's branch (org_id, the scope).  Its measures are
-- the documents' checklist: a project to start (宜农则农、宜工则工、宜商则商:
-- project_kind farming / industry / commerce), skills training, start-up
-- capital (loan_id: a start-up loan of the fund to the same member), market
-- information, job referral, referral to minimum living security (低保) or
-- five-guarantee support (五保) (security_kind dibao / wubao).  Each has a
-- target, a due date and its progress: status todo / doing / done /
-- dropped with a note, and dated progress notes.  Each June and November
-- review of the roll notes the plan's progress and next steps (one row per
-- plan and review).  Plans and measures carry a version for optimistic
-- locking.  Nothing is deleted.
CREATE TABLE help_plans (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	roll_entry_id INTEGER NOT NULL REFERENCES roll_entries(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	goal TEXT NOT NULL,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	UNIQUE (member_id, year)
);
CREATE INDEX help_plans_org ON help_plans(org_id, year);
CREATE INDEX help_plans_year ON help_plans(year, org_id);

CREATE TABLE help_plan_measures (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES help_plans(id),
	kind TEXT NOT NULL CHECK (kind IN ('project', 'training', 'capital', 'market', 'job',
		'security')),
	project_kind TEXT NOT NULL DEFAULT '' CHECK (project_kind IN ('', 'farming', 'industry',
		'commerce')),
	security_kind TEXT NOT NULL DEFAULT '' CHECK (security_kind IN ('', 'dibao', 'wubao')),
	loan_id INTEGER REFERENCES loans(id),
	target TEXT NOT NULL,
	due_on TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done',
		'dropped')),
	note TEXT NOT NULL DEFAULT '',
	done_on TEXT CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	CHECK ((kind = 'project') = (project_kind <> '')),
	CHECK ((kind = 'security') = (security_kind <> '')),
	CHECK (loan_id IS NULL OR kind = 'capital'),
	CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX help_plan_measures_plan ON help_plan_measures(plan_id, id);
-- the overdue measures (to-do list, the organisation's view)
CREATE INDEX help_plan_measures_due ON help_plan_measures(status, due_on);

CREATE TABLE help_plan_notes (
	id INTEGER PRIMARY KEY,
	measure_id INTEGER NOT NULL REFERENCES help_plan_measures(id),
	noted_on TEXT NOT NULL CHECK (noted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	text TEXT NOT NULL,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX help_plan_notes_measure ON help_plan_notes(measure_id, noted_on);

CREATE TABLE help_plan_reviews (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES help_plans(id),
	review_id INTEGER NOT NULL REFERENCES roll_reviews(id),
	progress TEXT NOT NULL,
	next_steps TEXT NOT NULL DEFAULT '',
	done INTEGER NOT NULL DEFAULT 0,
	total INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	UNIQUE (plan_id, review_id)
);

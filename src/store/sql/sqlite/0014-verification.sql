-- 0014-verification.sql (SQLite) - the verification campaign (走访核查,
-- DOMAIN.md §3 step 12; issue 11): the department draws a sample of a
-- year's paid cases, a share per committee, at random from a recorded seed
-- (the population it drew from is kept, so the draw can be repeated and
-- shown to an inspector), assigns it to checkers and records what each
-- check found.  Mirrors the other engine column for column.

CREATE TABLE verification_campaigns (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	title TEXT NOT NULL,
	share_pct INTEGER NOT NULL CHECK (share_pct BETWEEN 1 AND 100),
	min_per_committee INTEGER NOT NULL CHECK (min_per_committee BETWEEN 0 AND 1000),
	seed TEXT NOT NULL,
	population INTEGER NOT NULL,
	sample INTEGER NOT NULL,
	drawn_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

-- The population of a draw: every paid case of the year in the campaign's
-- subtree at the time of the draw, with the committee whose share it fell in.
CREATE TABLE verification_population (
	campaign_id INTEGER NOT NULL REFERENCES verification_campaigns(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	committee_id INTEGER NOT NULL REFERENCES orgs(id),
	PRIMARY KEY (campaign_id, case_id)
);

-- One check per sampled case: who checks it and what was found.
CREATE TABLE verification_checks (
	id INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES verification_campaigns(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	committee_id INTEGER NOT NULL REFERENCES orgs(id),
	draw_rank INTEGER NOT NULL,
	checker_id INTEGER REFERENCES users(id),
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
	checked_on TEXT,
	phone_reached INTEGER NOT NULL DEFAULT 0 CHECK (phone_reached IN (0, 1)),
	phone_correct INTEGER NOT NULL DEFAULT 0 CHECK (phone_correct IN (0, 1)),
	living_as_declared INTEGER NOT NULL DEFAULT 0 CHECK (living_as_declared IN (0, 1)),
	notice_posted INTEGER NOT NULL DEFAULT 0 CHECK (notice_posted IN (0, 1)),
	money_received INTEGER NOT NULL DEFAULT 0 CHECK (money_received IN (0, 1)),
	finding TEXT NOT NULL DEFAULT '' CHECK (finding IN ('', 'none', 'irregular', 'fraud')),
	responsible_org_id INTEGER REFERENCES orgs(id),
	recovery_id INTEGER REFERENCES recoveries(id),
	notes TEXT NOT NULL DEFAULT '',
	recorded_by INTEGER NOT NULL DEFAULT 0,
	recorded_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (campaign_id, case_id)
);
CREATE INDEX verification_checks_checker ON verification_checks(checker_id, status);

-- 0015-screening.sql (SQLite) - screening before payment (程序筛查, issue
-- #11): the rules the product checks itself when the committee enters a
-- case into the relief system leave findings (筛查发现) that block its
-- passing until cleared with a reason by the committee or overruled by the
-- department; households link members of the register to one another
-- (户 / 家庭成员, by ID number through the blind index: no plain ID number
-- is stored); the list of ID numbers on other districts' rolls, imported
-- as blind indexes only; and the file round-trip with the external relief
-- system (阳光民生救助系统): a batch numbers its cases row by row, the
-- system's answer is read back by row.  Mirrors sql/pg/0015-screening.sql.

CREATE TABLE screening_findings (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	rule TEXT NOT NULL CHECK (rule IN ('member_gone', 'exclusion', 'paid_this_year',
		'household_paid', 'income_above_line', 'duplicate_id', 'other_district')),
	detail TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'cleared', 'overruled')),
	reason TEXT NOT NULL DEFAULT '',
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	CHECK (state = 'open' OR reason <> '')
);
CREATE INDEX screening_findings_case ON screening_findings(case_id, id);
CREATE INDEX screening_findings_state ON screening_findings(state, case_id);

-- One row links two members of one household; read in both directions.
CREATE TABLE household_links (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	relative_id INTEGER NOT NULL REFERENCES members(id),
	relation TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	UNIQUE (member_id, relative_id),
	CHECK (member_id <> relative_id)
);
CREATE INDEX household_links_relative ON household_links(relative_id);

CREATE TABLE other_district_ids (
	id_bidx TEXT PRIMARY KEY,
	district TEXT NOT NULL DEFAULT '',
	imported_by INTEGER REFERENCES users(id),
	imported_at INTEGER NOT NULL
);

CREATE TABLE screening_batches (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered')),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	answered_by INTEGER REFERENCES users(id),
	answered_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX screening_batches_org ON screening_batches(org_id, id);

CREATE TABLE screening_batch_rows (
	batch_id INTEGER NOT NULL REFERENCES screening_batches(id),
	row_no INTEGER NOT NULL CHECK (row_no >= 1),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX screening_batch_rows_case ON screening_batch_rows(case_id);

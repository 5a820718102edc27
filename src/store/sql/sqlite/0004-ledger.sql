-- 0004-ledger.sql (SQLite) - the assistance fund (issue #4, DOMAIN.md §7):
-- one fund per organisation, its fixed chart of accounts, and the
-- double-entry ledger of postings and their lines in integer fen.
-- Mirrors sql/pg/0004-ledger.sql column for column.  Design and the sign
-- convention: docs/internals/ledger.md and include/bangfu/ledger.h.
--
-- Postings and lines are append-only (triggers below; a correction is a
-- reversing posting).  Each fund's postings are chained by SM3 (computed by
-- core/ledger.c); funds.last_seq/head_hash hold the chain head, so rows
-- cut from the end are found too.  Balances on funds and accounts are
-- running sums kept by the ledger; `bangfu ledger verify` recomputes them.

-- One fund per organisation.  balance = cash + bank (what it may spend).
-- The row is locked by every posting for its transaction (the no-op UPDATE
-- in store_fund_lock), which is what lets exactly one of two payments
-- racing for the last money through.
CREATE TABLE funds (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL UNIQUE REFERENCES orgs(id),
	name TEXT NOT NULL CHECK (length(name) > 0),
	balance INTEGER NOT NULL DEFAULT 0,
	last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
	head_hash TEXT NOT NULL
		DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER funds_no_delete BEFORE DELETE ON funds
BEGIN
	SELECT RAISE(ABORT, 'funds are never deleted');
END;

-- The chart of accounts of each fund (ledger_chart in core/ledger.c),
-- created with the fund.  position keeps the chart's order.
CREATE TABLE fund_accounts (
	id INTEGER PRIMARY KEY,
	fund_id INTEGER NOT NULL REFERENCES funds(id),
	code TEXT NOT NULL,
	kind TEXT NOT NULL
		CHECK (kind IN ('asset', 'income', 'expense', 'receivable', 'current')),
	name TEXT NOT NULL,
	position INTEGER NOT NULL,
	balance INTEGER NOT NULL DEFAULT 0,
	UNIQUE (fund_id, code)
);
CREATE TRIGGER fund_accounts_no_delete BEFORE DELETE ON fund_accounts
BEGIN
	SELECT RAISE(ABORT, 'fund accounts are never deleted');
END;

-- A posting: seq runs 1, 2, 3 … per fund.  value_date is the day the money
-- moved (periods filter on it); posted_at when it was recorded.  posted_by
-- is a user id or 0 for the command line (no foreign key for that 0).
-- reverses: the posting this one corrects (at most once: unique index);
-- link_id: the other half of a two-fund posting (an allocation down).
CREATE TABLE ledger_postings (
	id INTEGER PRIMARY KEY,
	fund_id INTEGER NOT NULL REFERENCES funds(id),
	seq INTEGER NOT NULL CHECK (seq > 0),
	posted_at INTEGER NOT NULL,
	posted_by INTEGER NOT NULL DEFAULT 0,
	value_date TEXT NOT NULL
		CHECK (value_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 23),
	memo TEXT NOT NULL DEFAULT '',
	reverses INTEGER REFERENCES ledger_postings(id),
	link_id INTEGER REFERENCES ledger_postings(id),
	case_id INTEGER REFERENCES cases(id),
	member_id INTEGER REFERENCES members(id),
	batch_ref TEXT NOT NULL DEFAULT '',
	donor TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (fund_id, seq)
);
CREATE UNIQUE INDEX ledger_postings_reverses ON ledger_postings(reverses)
	WHERE reverses IS NOT NULL;
CREATE INDEX ledger_postings_date ON ledger_postings(fund_id, value_date);
CREATE INDEX ledger_postings_case ON ledger_postings(case_id) WHERE case_id IS NOT NULL;
CREATE INDEX ledger_postings_member ON ledger_postings(member_id) WHERE member_id IS NOT NULL;
CREATE INDEX ledger_postings_batch ON ledger_postings(batch_ref) WHERE batch_ref <> '';
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
BEGIN
	SELECT RAISE(ABORT, 'ledger_postings is append-only');
END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
BEGIN
	SELECT RAISE(ABORT, 'ledger_postings is append-only');
END;

-- The lines of a posting: signed fen, debit > 0, credit < 0; each
-- posting's lines sum to zero (checked by the core before the insert and
-- by `ledger verify` after).
CREATE TABLE ledger_lines (
	posting_id INTEGER NOT NULL REFERENCES ledger_postings(id),
	line_no INTEGER NOT NULL CHECK (line_no > 0),
	account_id INTEGER NOT NULL REFERENCES fund_accounts(id),
	amount INTEGER NOT NULL CHECK (amount <> 0),
	PRIMARY KEY (posting_id, line_no)
) WITHOUT ROWID;
CREATE INDEX ledger_lines_account ON ledger_lines(account_id, posting_id);
CREATE TRIGGER ledger_lines_no_update BEFORE UPDATE ON ledger_lines
BEGIN
	SELECT RAISE(ABORT, 'ledger_lines is append-only');
END;
CREATE TRIGGER ledger_lines_no_delete BEFORE DELETE ON ledger_lines
BEGIN
	SELECT RAISE(ABORT, 'ledger_lines is append-only');
END;

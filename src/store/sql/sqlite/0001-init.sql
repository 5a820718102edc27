-- 0001-init.sql (SQLite) - the first schema of bangfu: organisations, users,
-- sessions, login throttling, the member register and the chained audit log.
-- Mirrors sql/pg/0001-init.sql column for column; only the types differ.
-- Timestamps are unix seconds, dates 'YYYY-MM-DD' text, booleans 0/1.

CREATE TABLE orgs (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES orgs(id),
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('department', 'committee', 'general_branch', 'branch')),
	kind_name TEXT NOT NULL DEFAULT '',
	-- materialised path "/1/4/17/" (ids root..self): a subtree is a range of it
	path TEXT NOT NULL UNIQUE,
	phone TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);
CREATE INDEX orgs_name ON orgs(name);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN ('admin', 'department', 'committee', 'branch', 'auditor')),
	org_id INTEGER REFERENCES orgs(id),
	password_hash TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	addr TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL
);
CREATE INDEX sessions_last_seen ON sessions(last_seen);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);

CREATE TABLE members (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	name TEXT NOT NULL,
	gender TEXT NOT NULL DEFAULT '',
	ethnicity TEXT NOT NULL DEFAULT '',
	birth_date TEXT CHECK (birth_date IS NULL OR length(birth_date) = 10),
	joined_on TEXT CHECK (joined_on IS NULL OR length(joined_on) = 10),
	-- the ID number and phone only as sealed text plus keyed blind indexes
	id_sealed TEXT NOT NULL,
	id_bidx TEXT NOT NULL UNIQUE,
	phone_sealed TEXT NOT NULL DEFAULT '',
	phone_bidx TEXT NOT NULL DEFAULT '',
	household_type TEXT NOT NULL DEFAULT '',
	household_size INTEGER NOT NULL DEFAULT 0,
	address TEXT NOT NULL DEFAULT '',
	education TEXT NOT NULL DEFAULT '',
	member_type TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT '',
	income_sources TEXT NOT NULL DEFAULT '',
	other_subsidies TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX members_org_id ON members(org_id, id);
CREATE INDEX members_phone_bidx ON members(phone_bidx);

CREATE TABLE family_members (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	relation TEXT NOT NULL DEFAULT '',
	birth_year INTEGER NOT NULL DEFAULT 0,
	occupation TEXT NOT NULL DEFAULT ''
);
CREATE INDEX family_members_member ON family_members(member_id, position);

-- seq is assigned by the core (gap-free, 1, 2, 3 ...): no AUTOINCREMENT.
CREATE TABLE audit_log (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	username TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	entity TEXT NOT NULL DEFAULT '',
	entity_id INTEGER NOT NULL DEFAULT 0,
	addr TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
-- Append-only: changing history needs dropping these triggers first, and
-- `bangfu audit verify` finds the break in the SM3 chain.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- The chain head: one row, locked by every append for its transaction.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- 0008-accounts.sql (SQLite) - the account lifecycle (issue #8 §3): a
-- password to change at the next login (generated or reset), when it was
-- last changed (for the optional expiry), the hashes of earlier passwords
-- (none of the last 5 may come back), and sessions with a number of their
-- own and the browser that opened them (listed to their user and ended one
-- by one).  Mirrors the other engine column for column.

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
	CHECK (must_change_password IN (0, 1));
ALTER TABLE users ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE users SET password_changed_at = created_at;

-- The hashes a user had before the current one, newest last; only the
-- last few are kept (src/store/user.c).
CREATE TABLE password_history (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	password_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);

-- Sessions get a number (the token's digest is the lookup key, not a name
-- to show) and the User-Agent.  Open sessions end with the upgrade.
DROP TABLE sessions;
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	addr TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL
);
CREATE INDEX sessions_last_seen ON sessions(last_seen);
CREATE INDEX sessions_user ON sessions(user_id);

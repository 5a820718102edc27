-- 0010-search-bell.sql (SQLite) - fit for daily work (issue #10): the audit
-- log is searched by object (entity and number: one record's history), and
-- each account remembers when its user last opened the message bell (the
-- to-do items newer than that are "new"), so the bell follows the user
-- across devices.  Mirrors sql/pg/0010-search-bell.sql.

CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);
ALTER TABLE users ADD COLUMN todo_seen_at INTEGER NOT NULL DEFAULT 0;

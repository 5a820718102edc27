-- 0026-training-edit.sql (SQLite) - 技能培训 (issue #12, care): a session
-- is corrected under the optimistic lock (version, the one its editor read)
-- and remembers when.  Mirrors sql/pg/0026-training-edit.sql.
ALTER TABLE training_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE training_sessions ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

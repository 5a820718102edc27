-- 0026-training-edit.sql (PostgreSQL) - 技能培训 (issue #12, care): a
-- session is corrected under the optimistic lock (version, the one its
-- editor read) and remembers when.  Mirrors sql/sqlite/0026-training-edit.sql.
ALTER TABLE training_sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 1,
	ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

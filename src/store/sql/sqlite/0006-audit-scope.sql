-- 0006-audit-scope.sql (SQLite) - the organisation an audit row belongs to
-- (issue #8 §2): the materialised path of the organisation of the object the
-- row touches (a member's, a case's, a fund's …), or of the acting user when
-- the object has none (a login, the policy, the calendar).  A reader of the
-- log sees the rows whose path lies in their subtree.  Rows written before
-- this migration keep '' and are seen only at the root (the chain's hash
-- covers org_path when it is not empty, so they cannot be filled in later).
-- Mirrors sql/pg/0006-audit-scope.sql.
ALTER TABLE audit_log ADD COLUMN org_path TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_org_path ON audit_log(org_path, seq);

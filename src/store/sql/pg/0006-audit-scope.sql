-- 0006-audit-scope.sql (PostgreSQL) - the organisation an audit row belongs
-- to (issue #8 §2): the materialised path of the organisation of the object
-- the row touches (a member's, a case's, a fund's …), or of the acting user
-- when the object has none (a login, the policy, the calendar).  A reader of
-- the log sees the rows whose path lies in their subtree (a byte range, hence
-- COLLATE "C" as orgs.path).  Rows written before this migration keep '' and
-- are seen only at the root (the chain's hash covers org_path when it is not
-- empty, so they cannot be filled in later).
-- Mirrors sql/sqlite/0006-audit-scope.sql.
ALTER TABLE audit_log ADD COLUMN org_path TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX audit_log_org_path ON audit_log(org_path, seq);

-- 0009-opinions.sql (PostgreSQL) - the papers as each level wrote them
-- (issue #10): the opinion a level typed with its step (支部 at the
-- committee decision, 党(工)委 at review, 区委组织部 at approval), printed
-- on the forms as typed, and the date written on the application (申请日期),
-- which may be earlier than the day it was entered.  Existing cases take
-- the day they were entered.  Mirrors sql/sqlite/0009-opinions.sql.

ALTER TABLE case_events ADD COLUMN opinion TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN applied_on TEXT NOT NULL DEFAULT '';
UPDATE cases SET applied_on = to_char(to_timestamp(created_at), 'YYYY-MM-DD');

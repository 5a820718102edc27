-- 0011-step-dates.sql (SQLite) - the day of each step as the procedure
-- counts days (issue #10): a timeline row keeps, beside the moment it was
-- written (at, the machine's clock), the day the step was taken (the
-- server's today, which BANGFU_TODAY fixes for tests and the demo), so the
-- printed forms date each level's review and approval as the procedure
-- recorded them.  Rows written before keep '' (the forms fall back to the
-- day of at): case_events is append-only.  Mirrors sql/pg/0011-step-dates.sql.

ALTER TABLE case_events ADD COLUMN taken_on TEXT NOT NULL DEFAULT ''
	CHECK (taken_on = '' OR taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

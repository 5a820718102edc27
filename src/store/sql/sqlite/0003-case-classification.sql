-- 0003-case-classification.sql (SQLite) - what the classification engine
-- (core/classify.c) decided for a case, kept beside the category and tier
-- of 0002: eligibility as computed and as finally decided (a worker may
-- override it with a reason), and the Chinese explanation sentences shown
-- on the case page, one per line.  Stored rather than recomputed because
-- the member's age, household type and the policy move on, and the page
-- must show what the decision was based on.  Mirrors sql/pg/0003.
ALTER TABLE cases ADD COLUMN eligible INTEGER NOT NULL DEFAULT -1
	CHECK (eligible IN (-1, 0, 1));
ALTER TABLE cases ADD COLUMN eligible_auto INTEGER NOT NULL DEFAULT -1
	CHECK (eligible_auto IN (-1, 0, 1));
ALTER TABLE cases ADD COLUMN eligible_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN explanation TEXT NOT NULL DEFAULT '';

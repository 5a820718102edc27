-- 0017-roll-as-of.sql (SQLite) - the roll as of a day at a million
-- members (issue #11, bench/roll.sh): the periods that cover a day read
-- from one covering index (status, then since_on, until_on and the org for
-- the scope, the rowid for the page's order), without touching the rows;
-- only the page's 20 rows are read whole.  Mirrors sql/pg/0017-roll-as-of.sql.
CREATE INDEX roll_entries_as_of ON roll_entries(status, since_on, until_on, org_id);

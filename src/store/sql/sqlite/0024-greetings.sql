-- 0024-greetings.sql (SQLite) - political birthdays and talks, the rest
-- (issue #12; docs/internals/care.md "Talks", "Political birthdays").
-- Mirrors sql/pg/0024-greetings.sql.
--
-- A greeting (政治生日祝福) on a member's party anniversary: the year of the
-- anniversary, the day, the way (phone, message, card, visit, collective
-- event), by whom (a name as written) and a short note.
CREATE TABLE care_greetings (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	year INTEGER NOT NULL,
	greeted_on TEXT NOT NULL CHECK (length(greeted_on) = 10),
	way TEXT NOT NULL CHECK (way IN ('phone', 'message', 'card', 'visit', 'event')),
	greeted_by TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX care_greetings_member ON care_greetings(member_id, year);
CREATE INDEX care_greetings_day ON care_greetings(greeted_on);

-- The collective celebration around 1 July (七一集体政治生日): an event of
-- an organisation with the members who attended and whether each renewed
-- the oath (重温入党誓词).
CREATE TABLE care_celebrations (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	held_on TEXT NOT NULL CHECK (length(held_on) = 10),
	place TEXT NOT NULL,
	title TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX care_celebrations_org ON care_celebrations(org_id, held_on);
CREATE TABLE care_celebration_attendees (
	celebration_id INTEGER NOT NULL REFERENCES care_celebrations(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	oath INTEGER NOT NULL DEFAULT 0 CHECK (oath IN (0, 1)),
	PRIMARY KEY (celebration_id, member_id)
) WITHOUT ROWID;
CREATE INDEX care_celebration_attendees_member ON care_celebration_attendees(member_id);

-- The talk coverage's tally: one row per member and year with a talk, the
-- member's organisation when first talked with that year.  Written beside
-- every talk (INSERT … ON CONFLICT DO NOTHING), so the coverage per
-- organisation at a million members counts index entries per org
-- (talk_years_org) instead of probing talks once per member.
CREATE TABLE talk_years (
	member_id INTEGER NOT NULL REFERENCES members(id),
	year INTEGER NOT NULL,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	PRIMARY KEY (member_id, year)
) WITHOUT ROWID;
CREATE INDEX talk_years_org ON talk_years(year, org_id);
INSERT INTO talk_years (member_id, year, org_id)
	SELECT t.member_id, CAST(substr(t.talked_on, 1, 4) AS INTEGER), min(m.org_id)
	FROM talks t JOIN members m ON m.id = t.member_id
	GROUP BY t.member_id, CAST(substr(t.talked_on, 1, 4) AS INTEGER);
-- the deceased per organisation, few: the coverage counts the living as
-- all members less these
CREATE INDEX members_deceased ON members(org_id) WHERE status = '亡故';

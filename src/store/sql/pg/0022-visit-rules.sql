-- 0022-visit-rules.sql - festival rounds: the standard gift per roll
-- category (造血型 capacity, 输血型 relief, 关爱型 care) kept on the round
-- beside gift_roll_fen (a period without a category) and gift_old_fen (old
-- members); a task keeps the category it was made for.  The policy
-- document takes no new required keys (docs/internals/care.md), so the
-- gifts are the round's, defaulted from care.h when the department opens
-- it.  Rounds opened before get their roll gift for every category.
ALTER TABLE visit_rounds ADD COLUMN gift_capacity_fen BIGINT NOT NULL DEFAULT 0
	CHECK (gift_capacity_fen >= 0);
ALTER TABLE visit_rounds ADD COLUMN gift_relief_fen BIGINT NOT NULL DEFAULT 0
	CHECK (gift_relief_fen >= 0);
ALTER TABLE visit_rounds ADD COLUMN gift_care_fen BIGINT NOT NULL DEFAULT 0
	CHECK (gift_care_fen >= 0);
UPDATE visit_rounds SET gift_capacity_fen = gift_roll_fen, gift_relief_fen = gift_roll_fen,
	gift_care_fen = gift_roll_fen;
ALTER TABLE visits ADD COLUMN category TEXT NOT NULL DEFAULT ''
	CHECK (category IN ('', 'capacity', 'relief', 'care'));
-- the coverage view (progress of a round per organisation) reads only
-- this index; the to-do list and the late drill-down read the open tasks
CREATE INDEX visits_round_org ON visits(round_id, org_id, visited_on, due_on);
CREATE INDEX visits_open ON visits(org_id, due_on) WHERE visited_on IS NULL;
CREATE INDEX visits_occasion ON visits(occasion, visited_on);

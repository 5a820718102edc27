-- 0027-visit-rule-index.sql - opening a festival round reads, for every
-- member of the subtree, the organisation, status, date of joining the
-- party and birth date (the round's rule, src/store/care_visits.c); from
-- this index alone, without the member's wide row (bench/visit_round.sh:
-- 100,000 members, the rule's SELECT from about 1.1 s to 60 ms).
CREATE INDEX members_visit_rule ON members(org_id, status, joined_on, birth_date);

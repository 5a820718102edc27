#!/usr/bin/env bash
# roll_review.sh [ENTRIES] - the June review opened for a district of ENTRIES
# roll entries (issue #11; default 20,000): `bangfu roll review open`
# snapshots every entry on the roll into roll_review_items in one
# INSERT ... SELECT (docs/internals/roll_review.md).  Baseline, in the same
# script: the same INSERT ... SELECT of the same rows run by `sqlite3` alone
# on a copy of the database (no process start, no key, no audit row).  The
# ratio is ours / baseline; goal: well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in bc sqlite3; do
	if ! command -v "$tool" >/dev/null; then
		echo "roll_review.sh: $tool is missing (apt-get install -y bc sqlite3)" >&2
		exit 1
	fi
done
N=${1:-20000}
BIN=${BANGFU_BIN:-build/bangfu}
W=$(mktemp -d /tmp/bangfu-rollreview.XXXXXX)
trap 'rm -rf "$W"' EXIT
export BANGFU_TODAY=2027-06-01
python3 bench/gen_members.py "$N" "$W/members.csv"
"$BIN" init --db "sqlite:$W/b.db" --admin-password Bench12345 >/dev/null
"$BIN" demo --db "sqlite:$W/b.db" --members 0 --no-cases >/dev/null # the organisations
"$BIN" member import "$W/members.csv" --db "sqlite:$W/b.db" >/dev/null
# the roll: every member on it, as an import of an existing 台账 leaves it
sqlite3 "$W/b.db" <<'SQL'
INSERT INTO roll_entries (member_id, org_id, status, source, since_on, category, tier, causes,
	household_size, income_fen, created_at, confirmed_at, updated_at)
SELECT id, org_id, 'active', 'import', '2026-03-01',
	CASE id % 3 WHEN 0 THEN 'capacity' WHEN 1 THEN 'relief' ELSE 'care' END,
	CASE id % 3 WHEN 0 THEN 'severe' WHEN 1 THEN 'moderate' ELSE 'temporary' END,
	'illness', 2, 250000, 0, 0, 0 FROM members;
SQL
entries=$(sqlite3 "$W/b.db" "SELECT count(*) FROM roll_entries WHERE status = 'active'")
cp "$W/b.db" "$W/raw.db"

# baseline: the snapshot statement alone, by sqlite3
t0=$(date +%s.%N)
sqlite3 "$W/raw.db" <<'SQL' >/dev/null
PRAGMA journal_mode=WAL;
BEGIN;
INSERT INTO roll_reviews (org_id, year, kind, title, opened_on, finish_on, created_at)
	SELECT id, 2027, 'june', 'baseline', '2027-06-01', '2027-06-30', 0 FROM orgs
	WHERE parent_id IS NULL;
INSERT INTO roll_review_items (review_id, entry_id, org_id, category, tier)
	SELECT 1, e.id, e.org_id, e.category, e.tier FROM roll_entries e
	JOIN orgs o ON o.id = e.org_id WHERE o.path >= '/' AND o.path < '0' AND e.status = 'active';
COMMIT;
SQL
t1=$(date +%s.%N)
raw=$(echo "$t1 - $t0" | bc -l)

# ours: the whole command (process, key, transaction, audit row)
t0=$(date +%s.%N)
"$BIN" roll review open --kind june --finish 2027-06-30 --db "sqlite:$W/b.db" >"$W/out"
t1=$(date +%s.%N)
ours=$(echo "$t1 - $t0" | bc -l)
items=$(sqlite3 "$W/b.db" "SELECT count(*) FROM roll_review_items")
[ "$items" -eq "$entries" ] || { echo "roll_review.sh: $items items for $entries entries" >&2; exit 1; }
ratio=$(echo "$ours / $raw" | bc -l)
printf 'roll review open: %d entries snapshotted in %.3f s (goal < 1 s), sqlite3 INSERT ... SELECT %.3f s, ratio %.2f×\n' \
	"$entries" "$ours" "$raw" "$ratio"
cat "$W/out"

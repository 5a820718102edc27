#!/usr/bin/env bash
# visit_round.sh [MEMBERS] [BIG] - festival rounds of visits (走访慰问,
# issue #12), SQLite, through a real `bangfu serve` as the department:
#
# 1. Opening a round (POST /api/v1/visit-rounds) for a district of MEMBERS
#    members (default 10^5) of whom a fifth are due a visit (one in ten an
#    old member by party age, one in ten on the hardship roll, young),
#    beside a baseline in the same script: python's sqlite3 running a
#    plain INSERT … SELECT of the very same rows (the members the round
#    chose, copied into the same table under another round, so the same
#    indexes are written) — what is left is the rule (the roll join, the
#    thresholds, the scope), the unique key's check, the audit and HTTP.
#    Goal: within 2× the baseline.
# 2. The coverage view (GET /api/v1/visit-rounds/{id}/progress, every
#    organisation's total, done and late) after the district grew to BIG
#    members (default 10^6) and a round was opened over all of them with a
#    third of its tasks visited: the median and slowest of RUNS requests.
#    Goal: under 200 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BANGFU_BIN:-build/bangfu}
MEMBERS=${1:-${MEMBERS:-100000}}
BIG=${2:-${BIG:-1000000}}
RUNS=${RUNS:-15}
PORT=${PORT:-18091}
W=$(mktemp -d /tmp/bangfu-bench.XXXXXX)
cleanup() {
	[ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
DB="sqlite:$W/b.db"
"$BIN" init --db "$DB" --admin-password Bench12345 >/dev/null
"$BIN" demo --db "$DB" --members 0 --no-cases >/dev/null # the organisations and accounts
python3 bench/gen_members.py "$BIG" "$W/m.csv"
# the first MEMBERS rows now, the rest before part 2
head -n $((MEMBERS + 1)) "$W/m.csv" >"$W/a.csv"
"$BIN" member import "$W/a.csv" --db "$DB" >/dev/null
rm -f "$W/a.csv"

# who is due: id % 10 = 0 joined the party long ago (old), id % 10 = 5 is
# on the hardship roll (young); the others are young and not on the roll
due_members() {
	python3 - "$W/b.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE members SET birth_date = '1975-01-01', joined_on = '2000-07-01' WHERE id % 10 <> 0")
db.execute("UPDATE members SET birth_date = '1950-01-01', joined_on = '1960-07-01' WHERE id % 10 = 0")
db.execute("""INSERT INTO roll_entries (member_id, org_id, status, source, since_on, category,
              created_at, updated_at)
              SELECT m.id, m.org_id, 'active', 'survey', '2024-01-01',
                     CASE m.id % 30 WHEN 5 THEN 'capacity' WHEN 15 THEN 'relief' ELSE 'care' END, 0, 0
              FROM members m WHERE m.id % 10 = 5
              AND NOT EXISTS (SELECT 1 FROM roll_entries r WHERE r.member_id = m.id)""")
db.commit()
PY
}
due_members

serve() {
	"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --access-log "$W/access.log" 2>"$W/serve.err" &
	SPID=$!
	for _ in $(seq 100); do curl -fs http://127.0.0.1:$PORT/api/v1/health >/dev/null && break; sleep 0.1; done
}
stop() {
	kill "$SPID" && wait "$SPID" 2>/dev/null || true
	SPID=
}
login() {
	curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" \
		http://127.0.0.1:$PORT/api/v1/session | sed -n 's/^[Ss]et-[Cc]ookie: \(bangfu_session=[^;]*\).*/\1/p'
}
csrf() {
	curl -fs -H "Cookie: $1" http://127.0.0.1:$PORT/api/v1/session | python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])'
}
stats() { sort -n | awk '{a[NR] = $1} END {printf "%.1f %.1f\n", a[int((NR + 1) / 2)], a[NR]}'; }
DUE=$(date -u -d '+30 days' +%F)
# opens a round; prints "ms id added"
open_round() {
	local body out
	body="{\"year\":$1,\"festival\":\"$2\",\"due_on\":\"$DUE\"}"
	out=$(curl -fs -w '\n%{time_total}' -H "Cookie: $cookie" -H "X-CSRF-Token: $token" \
		-H 'Content-Type: application/json' -d "$body" http://127.0.0.1:$PORT/api/v1/visit-rounds)
	python3 -c 'import json, sys; a = sys.argv[1].rsplit("\n", 1); j = json.loads(a[0]); print("%.1f %d %d" % (float(a[1]) * 1000, j["id"], j["added"]))' "$out"
}

serve
cookie=$(login admin Bench12345)
token=$(csrf "$cookie")
read -r open_ms rid added < <(open_round 2027 spring)
stop
# the baseline: the same rows by a plain INSERT … SELECT, into the same
# table under a second round of the same shape
read -r base_ms copied < <(python3 - "$W/b.db" "$rid" "$DUE" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
rid, due = int(sys.argv[2]), sys.argv[3]
db.execute("""INSERT INTO visit_rounds (org_id, year, festival, title, opened_on, due_on,
              old_party_years, old_age, created_at)
              SELECT org_id, 2027, 'july1', 'baseline', opened_on, due_on, 50, 80, 0
              FROM visit_rounds WHERE id = ?""", (rid,))
base = db.execute("SELECT max(id) FROM visit_rounds").fetchone()[0]
ids = [r[0] for r in db.execute("SELECT member_id FROM visits WHERE round_id = ?", (rid,))]
db.execute("CREATE TEMP TABLE due (id INTEGER PRIMARY KEY)")
db.executemany("INSERT INTO due VALUES (?)", ((i,) for i in ids))
t = time.perf_counter()
db.execute("BEGIN")
n = db.execute("""INSERT INTO visits (member_id, org_id, round_id, reason, occasion, due_on,
                  std_gift_fen, created_at)
                  SELECT m.id, m.org_id, ?, 'old', 'july1', ?, 0, 0
                  FROM due d JOIN members m ON m.id = d.id""", (base, due)).rowcount
db.execute("COMMIT")
print(f"{(time.perf_counter() - t) * 1000:.1f} {n}")
db.execute("DELETE FROM visits WHERE round_id = ?", (base,))
db.execute("DELETE FROM visit_rounds WHERE id = ?", (base,))
PY
)
ratio=$(echo "$open_ms / $base_ms" | bc -l)
printf 'visit round open (%d members, %d due): bangfu %s ms (HTTP, audit included); baseline sqlite3 INSERT … SELECT of the same %d rows %s ms; ratio %.2f× (goal ≤ 2×)\n' \
	"$MEMBERS" "$added" "$open_ms" "$copied" "$base_ms" "$ratio"

# part 2: the district grows to BIG members, a round over all of them
if [ "$BIG" -gt "$MEMBERS" ]; then
	{
		head -n 1 "$W/m.csv"
		tail -n +$((MEMBERS + 2)) "$W/m.csv"
	} >"$W/b.csv"
	"$BIN" member import "$W/b.csv" --db "$DB" >/dev/null
	rm -f "$W/b.csv"
	due_members
fi
rm -f "$W/m.csv"
serve
cookie=$(login admin Bench12345)
token=$(csrf "$cookie")
read -r big_ms bid bigadded < <(open_round 2027 double_ninth)
stop
# a third of the tasks visited, some late
python3 - "$W/b.db" "$bid" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE visits SET visited_on = date('now'), visitors = '张三' WHERE round_id = ? AND id % 3 = 0", (int(sys.argv[2]),))
db.execute("UPDATE visits SET due_on = '2020-01-01' WHERE round_id = ? AND id % 7 = 1", (int(sys.argv[2]),))
db.execute("ANALYZE")
db.commit()
PY
serve
cookie=$(login admin Bench12345)
body=$(curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$PORT/api/v1/visit-rounds/$bid/progress")
python3 -c 'import json, sys; j = json.loads(sys.argv[1]); assert j["total"] == int(sys.argv[2]) and j["done"] > 0 and j["late"] > 0, sys.argv[1][:300]' "$body" "$bigadded"
read -r p_med p_max < <(for _ in $(seq "$RUNS"); do
	curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "http://127.0.0.1:$PORT/api/v1/visit-rounds/$bid/progress"
done | awk '{print $1 * 1000}' | stats)
members=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM members").fetchone()[0])' "$W/b.db")
printf 'visit coverage view (%d members, %d tasks in the round): %s ms median (max %s; opening that round took %s ms) (goal < 200 ms)\n' \
	"$members" "$bigadded" "$p_med" "$p_max" "$big_ms"

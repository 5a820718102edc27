#!/usr/bin/env bash
# roll.sh [MEMBERS] - the roll "as of a date" list page (GET /api/v1/roll?
# as_of=…&page=1, the first 20 with their total) at MEMBERS members
# (default 10^6) of whom SHARE% (default 5) have been in hardship with
# history (bench/roll_gen.py: exits, relapses, tier and income changes),
# timed through a real `bangfu serve` as the department (the whole
# district) and as a township committee, beside a baseline in the same
# script: python's sqlite3 running the plain indexed SELECT of the same
# page and count (the periods covering the day, no values of the day, no
# scope).  Prints the median and the slowest of RUNS requests, the
# baseline's median and the ratio; goal: under 200 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BANGFU_BIN:-build/bangfu}
MEMBERS=${1:-${MEMBERS:-1000000}}
SHARE=${SHARE:-5}
RUNS=${RUNS:-15}
AS_OF=${AS_OF:-2024-06-30}
PORT=${PORT:-18090}
W=$(mktemp -d /tmp/bangfu-bench.XXXXXX)
cleanup() {
	[ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
DB="sqlite:$W/b.db"
"$BIN" init --db "$DB" --admin-password Bench12345 >/dev/null
"$BIN" demo --db "$DB" --members 0 --no-cases >/dev/null # the organisations and accounts
python3 bench/gen_members.py "$MEMBERS" "$W/m.csv"
"$BIN" member import "$W/m.csv" --db "$DB" >/dev/null
rm -f "$W/m.csv"
python3 bench/roll_gen.py "$W/b.db" "$SHARE"

"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --access-log "$W/access.log" 2>"$W/serve.err" &
SPID=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:$PORT/api/v1/health >/dev/null && break; sleep 0.1; done
login() {
	curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" \
		http://127.0.0.1:$PORT/api/v1/session | sed -n 's/^[Ss]et-[Cc]ookie: \(bangfu_session=[^;]*\).*/\1/p'
}
# median and max of the times (ms) on stdin, one a line
stats() { sort -n | awk '{a[NR] = $1} END {printf "%.1f %.1f\n", a[int((NR + 1) / 2)], a[NR]}'; }
# time RUNS requests of path as cookie (after one to warm the cache); checks
# the answer once
timed() {
	local cookie=$1 path=$2 body
	body=$(curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path")
	python3 -c 'import json, sys; j = json.loads(sys.argv[1]); assert j["total"] > 0 and len(j["items"]) == min(20, j["total"]), sys.argv[1][:300]; print(j["total"])' "$body" >"$W/total"
	for _ in $(seq "$RUNS"); do
		curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path"
	done | awk '{print $1 * 1000}' | stats
}
dept=$(login admin Bench12345)
town=$(login town01 Demo123456)
read -r d_med d_max < <(timed "$dept" "/api/v1/roll?as_of=$AS_OF&page=1")
d_total=$(cat "$W/total")
read -r t_med t_max < <(timed "$town" "/api/v1/roll?as_of=$AS_OF&page=1")
t_total=$(cat "$W/total")
read -r c_med c_max < <(timed "$dept" "/api/v1/roll?page=1")

# the baseline: the plain indexed SELECT of one page and its count
read -r b_med b_max < <(python3 - "$W/b.db" "$AS_OF" "$RUNS" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
day, runs = sys.argv[2], int(sys.argv[3])
where = ("FROM roll_entries e WHERE e.status IN ('active', 'exiting', 'exited') "
         "AND e.since_on <= ? AND (e.until_on IS NULL OR e.until_on > ?)")
page = ("SELECT e.id, e.member_id, e.org_id, e.since_on, e.until_on, e.category, e.tier, "
        "e.causes, e.income_fen " + where + " ORDER BY e.id DESC LIMIT 20")
count = "SELECT count(*) " + where
times = []
for i in range(runs + 1):
    t = time.perf_counter()
    n = db.execute(count, (day, day)).fetchone()[0]
    rows = db.execute(page, (day, day)).fetchall()
    if i:
        times.append((time.perf_counter() - t) * 1000)
assert n > 0 and len(rows) == min(20, n)
times.sort()
print(f"{times[(len(times) - 1) // 2]:.1f} {times[-1]:.1f}")
PY
)
entries=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM roll_entries").fetchone()[0])' "$W/b.db")
ratio=$(echo "$d_med / $b_med" | bc -l)
printf 'roll as of %s (%d members, %d entries): bangfu district %s ms median (max %s, %d on the roll), town01 %s ms (max %s, %d), current roll %s ms; baseline sqlite3 %s ms (max %s); ratio %.1f× (goal < 200 ms)\n' \
	"$AS_OF" "$MEMBERS" "$entries" "$d_med" "$d_max" "$d_total" "$t_med" "$t_max" "$t_total" "$c_med" "$b_med" "$b_max" "$ratio"

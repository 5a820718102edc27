#!/usr/bin/env bash
# talks.sh [MEMBERS] - the talk coverage view (GET /api/v1/care/talks/
# coverage?year=2026: per organisation, the members not deceased and those
# talked with that year) at MEMBERS members (default 10^6) of whom SHARE%
# (default 60) had talks in 2026 (some two), written straight into talks
# and the tally talk_years, timed through a real `bangfu serve` as the
# department (the whole district) and as a township committee, beside a
# baseline in the same script: python's sqlite3 running a plain count of
# the members per organisation (SELECT org_id, count(*) FROM members GROUP
# BY org_id: the same table, no talks, no scope, no HTTP).  Prints the
# median and the slowest of RUNS requests, the baseline's median and the
# ratio; goal: under 200 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BANGFU_BIN:-build/bangfu}
MEMBERS=${1:-${MEMBERS:-1000000}}
SHARE=${SHARE:-60}
RUNS=${RUNS:-15}
PORT=${PORT:-18093}
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
# the talks of 2026: SHARE% of the members, one in ten of them twice; the
# tally as bangfu writes it beside each talk (one row per member and year)
python3 - "$W/b.db" "$SHARE" <<'PY'
import random, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
share = int(sys.argv[2])
random.seed(12)
rows, tally = [], []
now = int(time.time())
for mid, org in db.execute("SELECT id, org_id FROM members"):
    if random.randrange(100) >= share:
        continue
    for k in range(2 if random.randrange(10) == 0 else 1):
        day = "2026-%02d-%02d" % (random.randint(1, 12), random.randint(1, 28))
        rows.append((mid, "王书记", day, "yearly" if k == 0 else "difficulty", now))
    tally.append((mid, 2026, org))
db.executemany("INSERT INTO talks (member_id, talker_name, talked_on, kind, created_at) VALUES (?, ?, ?, ?, ?)", rows)
db.executemany("INSERT INTO talk_years (member_id, year, org_id) VALUES (?, ?, ?)", tally)
db.commit()
PY

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
# the answer once: the members counted and the talked with
timed() {
	local cookie=$1 path=$2 body
	body=$(curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path")
	python3 -c 'import json, sys; j = json.loads(sys.argv[1]); assert j["members"] > 0 and 0 < j["talked"] < j["members"], sys.argv[1][:300]; print(j["members"], j["talked"], len(j["items"]))' "$body" >"$W/total"
	for _ in $(seq "$RUNS"); do
		curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path"
	done | awk '{print $1 * 1000}' | stats
}
dept=$(login admin Bench12345)
town=$(login town01 Demo123456)
read -r d_med d_max < <(timed "$dept" "/api/v1/care/talks/coverage?year=2026")
read -r d_members d_talked d_orgs <"$W/total"
read -r t_med t_max < <(timed "$town" "/api/v1/care/talks/coverage?year=2026")
read -r t_members t_talked t_orgs <"$W/total"

# the baseline: a plain count of the members per organisation
read -r b_med b_max < <(python3 - "$W/b.db" "$RUNS" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
runs = int(sys.argv[2])
times = []
for i in range(runs + 1):
    t = time.perf_counter()
    rows = db.execute("SELECT org_id, count(*) FROM members GROUP BY org_id").fetchall()
    if i:
        times.append((time.perf_counter() - t) * 1000)
assert rows
times.sort()
print(f"{times[(len(times) - 1) // 2]:.1f} {times[-1]:.1f}")
PY
)
ratio=$(echo "$d_med / $b_med" | bc -l)
printf 'talk coverage 2026 (%d members): bangfu district %s ms median (max %s; %d members, %d talked with, %d orgs), town01 %s ms (max %s; %d members, %d orgs); baseline sqlite3 count per org %s ms (max %s); ratio %.1f× (goal < 200 ms)\n' \
	"$MEMBERS" "$d_med" "$d_max" "$d_members" "$d_talked" "$d_orgs" "$t_med" "$t_max" "$t_members" "$t_orgs" "$b_med" "$b_max" "$ratio"

#!/usr/bin/env bash
# cases.sh - a district-sized yearly round (issue #3): CASES cases across
# TOWNS×BRANCHES branches driven from application to verification through
# the HTTP API by bench/cases_driver.mjs (batch steps where the API offers
# them), on a fresh SQLite database and a release `bangfu serve`.  Prints
# the wall time of the round (goal < 60 s), per-step latencies, the slowest
# step's p99 and, beside them, the same number of GET /api/v1/health
# requests through the same client as the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in node python3 curl; do
	if ! command -v "$tool" >/dev/null; then
		echo "cases.sh: $tool is missing" >&2
		exit 1
	fi
done
BIN=${BANGFU_BIN:-build/bangfu}
CASES=${CASES:-5000}
TOWNS=${TOWNS:-20}
BRANCHES=${BRANCHES:-15}          # per township: 300 in all
PER_BRANCH=${PER_BRANCH:-20}      # members per branch
CONC=${CONC:-8}                   # requests in flight
# DRIVER_ARGS: more options for cases_driver.mjs, e.g. --no-baseline
THREADS=${THREADS:-4}             # serve --threads
PORT=${PORT:-18090}
TODAY=${TODAY:-2024-12-20}        # the server's day (BANGFU_TODAY)
PW=Bench12345
W=$(mktemp -d /tmp/bangfu-cases.XXXXXX)
cleanup() {
	if [ -n "${SPID:-}" ]; then
		kill "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
	fi
	[ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
export BANGFU_TODAY=$TODAY
DB="sqlite:$W/b.db"

python3 bench/cases_gen.py "$TOWNS" "$BRANCHES" "$PER_BRANCH" "$W"
"$BIN" init --db "$DB" --admin-password "$PW" >/dev/null
"$BIN" org import "$W/orgs.csv" --db "$DB" >/dev/null
"$BIN" member import "$W/members.csv" --db "$DB" >/dev/null
"$BIN" user add dept --role department --org 000 --password "$PW" --db "$DB" >/dev/null
for t in $(seq -f '%02g' 1 "$TOWNS"); do
	"$BIN" user add "townZ$t" --role committee --org "Z$t" --password "$PW" --db "$DB" >/dev/null
done

"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads "$THREADS" \
	--access-log "$W/access.log" --files "$W/files" 2>"$W/serve.err" &
SPID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.1; done
# PERF="--call-graph dwarf -F 199" PERF_OUT=FILE: the server under perf record
# (the baseline then runs under it too)
if [ -n "${PERF:-}" ]; then
	# shellcheck disable=SC2086
	perf record $PERF -p "$SPID" -o "${PERF_OUT:-/tmp/bangfu-cases.perf}" 2>"$W/perf.err" &
	PERF_PID=$!
	sleep 1
fi

# shellcheck disable=SC2086 # DRIVER_ARGS is words
node bench/cases_driver.mjs --base "http://127.0.0.1:$PORT" --conc "$CONC" --cases "$CASES" \
	--password "$PW" --server-pid "$SPID" ${DRIVER_JSON:+--json "$DRIVER_JSON"} ${DRIVER_ARGS:-}
if [ -n "${PERF_PID:-}" ]; then
	kill -INT "$PERF_PID"
	wait "$PERF_PID" || true
fi
echo "database: $(du -h "$W/b.db" | cut -f1) ($(sqlite3 "$W/b.db" 'select count(*) from case_events') timeline rows, $(sqlite3 "$W/b.db" 'select count(*) from audit_log') audit rows)"

#!/usr/bin/env bash
# run.sh - every benchmark; append the figures to bench/RESULTS.md by hand
# (they print the date and machine to copy along).
#
# BENCH_TINY=1 runs each once at a tiny size (a few seconds each, free
# ports) so that `make test` (scripts/test-all.sh, suite "bench") finds a
# change that breaks a benchmark; the figures mean nothing then.  Every
# script runs even when one fails; the end prints "# pass N" / "# fail N"
# for the test totals and the exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "date: $(date -u +%F), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [ -z "${BENCH_TINY:-}" ]; then
	bench/import.sh "${IMPORT_ROWS:-1000000}"
	bench/members_list.sh
	bench/cases.sh
	bench/ledger.sh "${LEDGER_ROWS:-1000000}"
	bench/export.sh "${EXPORT_ROWS:-1000000}"
	bench/roll_review.sh "${ROLL_REVIEW_ENTRIES:-20000}"
	bench/roll.sh "${ROLL_MEMBERS:-1000000}"
	bench/visit_round.sh "${VISIT_MEMBERS:-100000}" "${VISIT_BIG:-1000000}"
	bench/talks.sh "${TALKS_MEMBERS:-1000000}"
	exit 0
fi

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# name, the line its output must have, then the command.
pass=0
fail=0
tiny() {
	local name=$1 want=$2 out rc
	shift 2
	echo "--- $name: $*"
	out=$("$@" 2>&1) && rc=0 || rc=$?
	echo "$out"
	if [ "$rc" -eq 0 ] && grep -q "$want" <<<"$out"; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name (exit $rc, or no line matching \"$want\")"
		fail=$((fail + 1))
	fi
}

# A new benchmark must be added here: one not run fails the suite.
for f in bench/*.sh; do
	case "$f" in bench/run.sh | bench/import.sh | bench/members_list.sh | bench/cases.sh | bench/ledger.sh | bench/export.sh | bench/roll_review.sh | bench/roll.sh | bench/visit_round.sh | bench/talks.sh) ;;
	*)
		echo "not ok - $f is not run by BENCH_TINY=1 bench/run.sh"
		fail=$((fail + 1))
		;;
	esac
done
tiny import '^import 2000 rows' bench/import.sh 2000
tiny members_list '^members list (500 members' \
	env MEMBERS=500 DUR=1s PORT="$(free_port)" NPORT="$(free_port)" bench/members_list.sh
tiny cases 'round / baseline' \
	env CASES=40 TOWNS=2 BRANCHES=2 PER_BRANCH=12 CONC=4 THREADS=2 PORT="$(free_port)" bench/cases.sh
tiny ledger '^ledger verify:' bench/ledger.sh 2000
tiny export '^GET /api/v1/members.xlsx 2000 rows' env PORT="$(free_port)" bench/export.sh 2000
tiny roll_review '^roll review open: 500 entries' bench/roll_review.sh 500
tiny roll '^roll as of .*ratio' env RUNS=2 PORT="$(free_port)" bench/roll.sh 2000
tiny visit_round '^visit coverage view' env RUNS=2 PORT="$(free_port)" bench/visit_round.sh 2000 4000
tiny talks '^talk coverage 2026 .*ratio' env RUNS=2 PORT="$(free_port)" bench/talks.sh 2000
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" -eq 0 ]

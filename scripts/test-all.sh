#!/usr/bin/env bash
# test-all.sh - every test suite of `make test`, in order: unit, store
# (SQLite and a throwaway PostgreSQL), API (SQLite, PostgreSQL), CLI, the
# console's lib modules (tests/web), the benchmarks at a tiny size
# (bench/run.sh with BENCH_TINY=1), browser, the sanitizer runs (unit, store, API under ASan+UBSan), the fuzzing harnesses
# over their corpora and briefly beyond (scripts/fuzz.sh --quick, one test
# each), the include rules (scripts/check-includes.py) and the format
# check.  Each runner prints its own summary; the last line adds them
# up as "N passed, N failed".  Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build}
ASAN=${ASAN:-build-asan}
FUZZ=${FUZZ:-build-fuzz}
OUT=$(mktemp -d /tmp/bangfu-test.XXXXXX)
PGDIR=""
cleanup() {
	[ -n "$PGDIR" ] && scripts/pg-harness.sh stop "$PGDIR" >/dev/null 2>&1
	rm -rf "$OUT"
}
trap cleanup EXIT

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp

passed=0
failed=0
failed_suites=()

# Adds the counts a runner printed (cmocka, meson, node --test) to the totals.
count() {
	local log=$1 p f
	p=$(grep -aE '^\[  PASSED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
	f=$(grep -aE '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
	p=$((p + $(grep -aE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')))
	f=$((f + $(grep -aE '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')))
	echo "$p $f"
}

suite() {
	local name=$1
	shift
	local log="$OUT/$name.log"
	echo
	echo "=== $name: $*"
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	read -r p f < <(count "$log")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		# a runner without its own counts: the suite counts as one test
		[ "$rc" -eq 0 ] && p=1 || f=1
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" -eq 0 ] || failed_suites+=("$name")
}

PGDIR=$(mktemp -d /tmp/bangfu-pg.XXXXXX)
if ! PGURL=$(scripts/pg-harness.sh start "$PGDIR"); then
	echo "cannot start the throwaway PostgreSQL" >&2
	failed=$((failed + 1))
	failed_suites+=("postgresql-harness")
	PGURL=""
fi
export BANGFU_PG_ADMIN_URL="$PGURL"

suite unit meson test -C "$BUILD" --suite unit --verbose
suite store-sqlite meson test -C "$BUILD" --suite store --verbose
[ -n "$PGURL" ] && suite store-pg env BANGFU_TEST_DB="$PGURL" "$BUILD/tests/store/test_store"
[ -n "$PGURL" ] && suite cases-pg env BANGFU_TEST_DB="$PGURL" "$BUILD/tests/store/test_cases"
[ -n "$PGURL" ] && suite roll-pg env BANGFU_TEST_DB="$PGURL" "$BUILD/tests/store/test_roll"
[ -n "$PGURL" ] && suite casework-pg env BANGFU_TEST_DB="$PGURL" "$BUILD/tests/unit/test_casework"
[ -n "$PGURL" ] && suite audit-pg env BANGFU_TEST_DB="$PGURL" "$BUILD/tests/unit/test_audit"
[ -n "$PGURL" ] && suite ledger-pg env BANGFU_TEST_DB="$PGURL" "$BUILD/tests/unit/test_ledger"
[ -n "$PGURL" ] && suite payments-pg env BANGFU_TEST_DB="$PGURL" "$BUILD/tests/unit/test_payments"
suite api-sqlite env BANGFU_BIN="$BUILD/bangfu" node --test --test-concurrency=1 tests/api/
[ -n "$PGURL" ] && suite api-pg env BANGFU_BIN="$BUILD/bangfu" BANGFU_TEST_PG="$PGURL" \
	node --test --test-concurrency=1 tests/api/
suite cli env BANGFU_BIN="$BUILD/bangfu" node --test --test-concurrency=1 tests/cli/
# the console's pure modules (web/src/lib) under node:test
suite web-lib node --test tests/web/
# every benchmark once at a tiny size, so that a change breaking one fails here
suite bench env BANGFU_BIN="$BUILD/bangfu" BENCH_TINY=1 bench/run.sh
suite browser env BANGFU_BIN="$BUILD/bangfu" node --test --test-concurrency=1 tests/e2e/
suite unit-asan meson test -C "$ASAN" --suite unit --verbose
suite store-sqlite-asan meson test -C "$ASAN" --suite store --verbose
[ -n "$PGURL" ] && suite store-pg-asan env BANGFU_TEST_DB="$PGURL" "$ASAN/tests/store/test_store"
[ -n "$PGURL" ] && suite cases-pg-asan env BANGFU_TEST_DB="$PGURL" "$ASAN/tests/store/test_cases"
[ -n "$PGURL" ] && suite casework-pg-asan env BANGFU_TEST_DB="$PGURL" \
	"$ASAN/tests/unit/test_casework"
[ -n "$PGURL" ] && suite audit-pg-asan env BANGFU_TEST_DB="$PGURL" "$ASAN/tests/unit/test_audit"
[ -n "$PGURL" ] && suite ledger-pg-asan env BANGFU_TEST_DB="$PGURL" "$ASAN/tests/unit/test_ledger"
[ -n "$PGURL" ] && suite payments-pg-asan env BANGFU_TEST_DB="$PGURL" \
	"$ASAN/tests/unit/test_payments"
suite api-asan env BANGFU_BIN="$ASAN/bangfu" BANGFU_SANITIZED=1 \
	node --test --test-concurrency=1 tests/api/
# every libFuzzer harness over its committed corpus, then FUZZ_QUICK_TIME
# seconds (default 8) of fuzzing: about two minutes in all
suite fuzz env FUZZ_BUILD="$FUZZ" scripts/fuzz.sh --quick
suite includes scripts/check-includes.py
suite format make --no-print-directory format-check

echo
if [ ${#failed_suites[@]} -gt 0 ]; then
	echo "failed suites: ${failed_suites[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_suites[@]} -eq 0 ]

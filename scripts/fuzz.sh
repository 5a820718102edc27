#!/usr/bin/env bash
# fuzz.sh - runs the libFuzzer harnesses of tests/fuzz (built by `make
# build-fuzz` into build-fuzz).  Each harness first runs every input of its
# committed corpus tests/fuzz/<name>/, then fuzzes for a while.
#   scripts/fuzz.sh --quick [NAME...]   `make test`: FUZZ_QUICK_TIME seconds each
#                                       (default 8; the HTTP driver
#                                       FUZZ_QUICK_TIME_HTTP, 20), new inputs
#                                       thrown away
#   scripts/fuzz.sh [NAME...]           `make fuzz`: FUZZ_TIME seconds each
#                                       (default 300); new inputs kept in
#                                       var/fuzz/corpus/<name> for the next run
# One line per harness (executions, speed, crash); a crashing input is kept
# in var/fuzz/crashes/ and its report printed.  The last lines are
# "# pass N" / "# fail N" for scripts/test-all.sh.  Exits 1 on any crash.
set -uo pipefail
cd "$(dirname "$0")/.."
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
quick=0
if [ "${1:-}" = "--quick" ]; then
	quick=1
	shift
fi
if [ $quick -eq 1 ]; then
	secs=${FUZZ_QUICK_TIME:-8}
else
	secs=${FUZZ_TIME:-300}
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for d in tests/fuzz/*/; do
		names+=("$(basename "$d")")
	done
fi
OUT=$(mktemp -d /tmp/bangfu-fuzz.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
mkdir -p var/fuzz/crashes
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp}

pass=0
fail=0
for name in "${names[@]}"; do
	bin="$FUZZ_BUILD/tests/fuzz/fuzz_$name"
	if [ ! -x "$bin" ]; then
		echo "fuzz $name: FAILED (no $bin: run make build-fuzz)"
		fail=$((fail + 1))
		continue
	fi
	if [ $quick -eq 1 ]; then
		work="$OUT/corpus-$name"
	else
		work="var/fuzz/corpus/$name"
	fi
	mkdir -p "$work" "$OUT/art-$name"
	log="$OUT/$name.log"
	flags=()
	[ -f "tests/fuzz/$name.dict" ] && flags+=(-dict="tests/fuzz/$name.dict")
	supp=$LSAN_OPTIONS
	t=$secs
	if [ "$name" = http ]; then
		# its corpus alone takes seconds (one request each, PDFs among them)
		[ $quick -eq 1 ] && t=${FUZZ_QUICK_TIME_HTTP:-20}
		# the in-process server's threads allocate while an input runs, so
		# no leak check per input, only at the end; fontconfig and cairo
		# (the PDFs) keep caches the fast unwinder cannot match on a full
		# stack as tests/lsan.supp does (the API suite under ASan does)
		flags+=(-detect_leaks=0)
		(cat tests/lsan.supp && printf 'leak:libfontconfig.so\nleak:libcairo.so\n') >"$OUT/http.supp"
		supp="suppressions=$OUT/http.supp"
	fi
	LSAN_OPTIONS=$supp "$bin" -max_total_time="$t" -timeout=30 -print_final_stats=1 "${flags[@]}" \
		-artifact_prefix="$OUT/art-$name/" "$work" "tests/fuzz/$name" >"$log" 2>&1
	rc=$?
	execs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
	speed=$(grep -a 'stat::average_exec_per_sec' "$log" | awk '{print $2}' | tail -1)
	inputs=$(find "tests/fuzz/$name" -type f | wc -l)
	if [ $rc -eq 0 ]; then
		echo "fuzz $name: ok, ${execs:-?} execs in ${t}s (${speed:-?}/s), corpus of $inputs"
		pass=$((pass + 1))
	else
		echo "fuzz $name: FAILED (exit $rc) after ${execs:-?} execs"
		for f in "$OUT/art-$name"/*; do
			[ -e "$f" ] || continue
			cp "$f" "var/fuzz/crashes/$name-$(basename "$f")"
			echo "  input kept: var/fuzz/crashes/$name-$(basename "$f")"
		done
		grep -aE 'ERROR:|BUG |runtime error|SUMMARY|^    #[0-9] ' "$log" | head -30 |
			sed 's/^/  /'
		fail=$((fail + 1))
	fi
done
echo "# pass $pass"
echo "# fail $fail"
[ $fail -eq 0 ]

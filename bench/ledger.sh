#!/usr/bin/env bash
# ledger.sh [ROWS] [--shuffled-dates] - the fund ledger's benchmark (issue #4): `bangfu ledger
# import` posts one income and ROWS payments (bench/ledger_gen.py) into a
# fresh SQLite fund in one transaction — every posting checked, balanced,
# held to the balance rule, SM3-chained, two lines each, balances moved —
# then `bangfu ledger verify` walks the whole ledger again.  Baseline:
# `sqlite3 .import` of the same CSV into a plain table (WAL), as
# bench/import.sh does.  Goals: ≥ 50,000 postings/s, verify ≤ 5 s.
# Dates ascend through 2024 as a ledger grows; --shuffled-dates cycles them
# (the worst case for the period index).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in /usr/bin/time bc sqlite3; do
	if ! command -v "$tool" >/dev/null; then
		echo "ledger.sh: $tool is missing (apt-get install -y time bc sqlite3)" >&2
		exit 1
	fi
done
ROWS=${1:-1000000}
BIN=${BANGFU_BIN:-build/bangfu}
W=$(mktemp -d /tmp/bangfu-ledger.XXXXXX)
trap 'rm -rf "$W"' EXIT
python3 bench/ledger_gen.py "$ROWS" "$W/postings.csv" ${2:-}
size=$(du -m "$W/postings.csv" | cut -f1)
"$BIN" init --db "sqlite:$W/b.db" --admin-password Bench12345 >/dev/null
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

t0=$(date +%s.%N)
sqlite3 "$W/raw.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
.mode csv
.import $W/postings.csv raw
SQL
t1=$(date +%s.%N)
raw=$(echo "$t1 - $t0" | bc -l)

/usr/bin/time -f '%e %M %U %S' -o "$W/time" "$BIN" ledger import "$W/postings.csv" --org 000 --batch BENCH-2024 \
	--db "sqlite:$W/b.db" >"$W/out"
read -r post rss usr sys <"$W/time"
/usr/bin/time -f '%e %M %U %S' -o "$W/vtime" "$BIN" ledger verify --db "sqlite:$W/b.db" >"$W/vout"
read -r verify vrss vusr vsys <"$W/vtime"
n=$((ROWS + 1))
rate=$(echo "$n / $post" | bc -l)
ratio=$(echo "$post / $raw" | bc -l)
printf 'ledger%s: %d postings (%d MiB CSV) posted in %.2f s = %.0f postings/s (goal ≥ 50,000), sqlite3 .import %.2f s, ratio %.2f×; CPU %.2f s user + %.2f s sys; peak RSS %d MiB\n' \
	"${2:+ $2}" "$n" "$size" "$post" "$rate" "$raw" "$ratio" "$usr" "$sys" "$((rss / 1024))"
printf 'ledger verify: %.2f s (goal ≤ 5 s), CPU %.2f s user + %.2f s sys; peak RSS %d MiB (mostly the mmap of the %d MiB database)\n' \
	"$verify" "$vusr" "$vsys" "$((vrss / 1024))" "$(du -m "$W/b.db" | cut -f1)"
echo "load average before/after: $LOAD0 / $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$W/out" "$W/vout"

#!/usr/bin/env bash
# import.sh [ROWS] - `bangfu member import` of ROWS generated members into a
# fresh SQLite register, beside `sqlite3 .import` of the same file into a
# plain table.  Prints both times, the ratio and bangfu's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in /usr/bin/time bc sqlite3; do
	if ! command -v "$tool" >/dev/null; then
		echo "import.sh: $tool is missing (apt-get install -y time bc sqlite3)" >&2
		exit 1
	fi
done
ROWS=${1:-1000000}
BIN=${BANGFU_BIN:-build/bangfu}
W=$(mktemp -d /tmp/bangfu-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
python3 bench/gen_members.py "$ROWS" "$W/members.csv"
size=$(du -m "$W/members.csv" | cut -f1)
"$BIN" init --db "sqlite:$W/b.db" --admin-password Bench12345 >/dev/null
"$BIN" demo --db "sqlite:$W/b.db" --members 0 --no-cases >/dev/null # the organisations

# baseline: the raw import of the same bytes into a plain table
t0=$(date +%s.%N)
sqlite3 "$W/raw.db" <<SQL
PRAGMA journal_mode=WAL;
.mode csv
.import $W/members.csv raw
SQL
t1=$(date +%s.%N)
raw=$(echo "$t1 - $t0" | bc -l)

/usr/bin/time -f '%e %M' -o "$W/time" "$BIN" member import "$W/members.csv" --db "sqlite:$W/b.db" >"$W/out"
read -r ours rss <"$W/time"
/usr/bin/time -f '%e %M' -o "$W/time10" "$BIN" member export --db "sqlite:$W/b.db" --org T01V01 --out /dev/null 2>/dev/null
ratio=$(echo "$ours / $raw" | bc -l)
printf 'import %d rows (%d MiB CSV): bangfu %.2f s, sqlite3 .import %.2f s, ratio %.2f× (goal ≤ 3×); bangfu peak RSS %d MiB\n' \
	"$ROWS" "$size" "$ours" "$raw" "$ratio" "$((rss / 1024))"
cat "$W/out"

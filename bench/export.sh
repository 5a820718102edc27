#!/usr/bin/env bash
# export.sh [ROWS] - the whole member register of ROWS generated members as
# Excel beside the CSV export (issue #10): `bangfu member export --out
# x.xlsx` and `--out x.csv` on the same SQLite register, each timed with its
# peak RSS, and the ratio; then GET /api/v1/members.xlsx from a running
# `bangfu serve` (the server's peak RSS before and after the download).
# Memory must stay flat: compare the RSS at two sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in /usr/bin/time bc curl unzip; do
	if ! command -v "$tool" >/dev/null; then
		echo "export.sh: $tool is missing (apt-get install -y time bc curl unzip)" >&2
		exit 1
	fi
done
ROWS=${1:-1000000}
BIN=${BANGFU_BIN:-build/bangfu}
PORT=${PORT:-18471}
W=$(mktemp -d /tmp/bangfu-bench.XXXXXX)
SRV=
cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
DB="sqlite:$W/b.db"
python3 bench/gen_members.py "$ROWS" "$W/members.csv"
"$BIN" init --db "$DB" --admin-password Bench12345 >/dev/null
"$BIN" demo --db "$DB" --members 0 --no-cases >/dev/null # the organisations
"$BIN" member import "$W/members.csv" --db "$DB" >/dev/null
rm "$W/members.csv"

run() { # label, then the command: prints "seconds KiB"
	local label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$W/time.$label" "$@" >/dev/null 2>"$W/err.$label" || {
		cat "$W/err.$label" >&2
		exit 1
	}
	cat "$W/time.$label"
}
read -r csv csv_rss < <(run csv "$BIN" member export --db "$DB" --out "$W/m.csv")
read -r xlsx xlsx_rss < <(run xlsx "$BIN" member export --db "$DB" --out "$W/m.xlsx")
lines=$(($(wc -l <"$W/m.csv") - 1))
rows=$(($(unzip -p "$W/m.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l) - 1))
if [ "$lines" -ne "$ROWS" ] || [ "$rows" -ne "$ROWS" ]; then
	echo "export.sh: $ROWS members, CSV has $lines, XLSX $rows" >&2
	exit 1
fi
ratio=$(echo "$xlsx / $csv" | bc -l)
printf 'member export %d rows: CSV %.2f s (%d MiB file, peak RSS %d MiB), XLSX %.2f s (%d MiB file, peak RSS %d MiB), ratio %.2f×\n' \
	"$ROWS" "$csv" "$(($(stat -c %s "$W/m.csv") >> 20))" "$((csv_rss / 1024))" \
	"$xlsx" "$(($(stat -c %s "$W/m.xlsx") >> 20))" "$((xlsx_rss / 1024))" "$ratio"
rm -f "$W/m.csv" "$W/m.xlsx"

# over HTTP: the server's peak memory (VmHWM) before and after one download
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --access-log "$W/access.log" --web "$W" 2>"$W/serve.err" &
SRV=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break || sleep 0.2; done
curl -sf -c "$W/jar" -H 'Content-Type: application/json' \
	-d '{"username":"admin","password":"Bench12345"}' "http://127.0.0.1:$PORT/api/v1/session" >/dev/null
hwm() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$SRV/status"; }
before=$(hwm)
t0=$(date +%s.%N)
curl -sf -b "$W/jar" -o "$W/h.xlsx" "http://127.0.0.1:$PORT/api/v1/members.xlsx"
t1=$(date +%s.%N)
printf 'GET /api/v1/members.xlsx %d rows: %.2f s, %d MiB; server peak RSS %d MiB before, %d MiB after\n' \
	"$ROWS" "$(echo "$t1 - $t0" | bc -l)" "$(($(stat -c %s "$W/h.xlsx") >> 20))" "$before" "$(hwm)"

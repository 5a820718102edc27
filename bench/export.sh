#!/usr/bin/env bash
# export.sh [ROWS] - the whole member register of ROWS generated members as
# Excel beside the CSV export (issue #10): `bangfu member export --out
# x.xlsx` and `--out x.csv` on the same SQLite register, each timed with its
# peak RSS, and the ratio; then GET /api/v1/members.xlsx from a running
# `bangfu serve` (the server's peak RSS before and after the download).
# Memory must stay flat: compare the anonymous memory at two sizes.
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

# Runs a command in the background while sampling a process's memory (the
# command's own, or WATCH's): the peak resident set (VmHWM, which counts
# SQLite's memory-mapped database pages) and the peak anonymous memory
# (RssAnon, sampled every 0.1 s: what the process itself allocated).
# Prints "seconds hwm_MiB anon_MiB".
run() {
	local label=$1 t0 t1 pid watch v hwm=0 anon=0
	shift
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>"$W/err.$label" &
	pid=$!
	watch=${WATCH:-$pid}
	while kill -0 "$pid" 2>/dev/null; do
		v=$(awk '/VmHWM/ {h = $2} /RssAnon/ {a = $2} END {print h + 0, a + 0}' "/proc/$watch/status" 2>/dev/null || echo "0 0")
		set -- $v
		[ "$1" -gt "$hwm" ] && hwm=$1
		[ "$2" -gt "$anon" ] && anon=$2
		sleep 0.1
	done
	wait "$pid" || {
		cat "$W/err.$label" >&2
		exit 1
	}
	t1=$(date +%s.%N)
	echo "$(echo "$t1 - $t0" | bc -l) $((hwm / 1024)) $((anon / 1024))"
}
rows_of() { # data rows of a workbook's first sheet (its XML is one long line)
	unzip -p "$1" xl/worksheets/sheet1.xml | tr '<' '\n' | grep -c '^row ' | awk '{print $1 - 1}'
}
mib() { echo $(($(stat -c %s "$1") >> 20)); }

read -r csv csv_hwm csv_anon < <(run csv "$BIN" member export --db "$DB" --out "$W/m.csv")
read -r xlsx xlsx_hwm xlsx_anon < <(run xlsx "$BIN" member export --db "$DB" --out "$W/m.xlsx")
lines=$(($(wc -l <"$W/m.csv") - 1))
rows=$(rows_of "$W/m.xlsx")
if [ "$lines" -ne "$ROWS" ] || [ "$rows" -ne "$ROWS" ]; then
	echo "export.sh: $ROWS members, CSV has $lines, XLSX $rows" >&2
	exit 1
fi
ratio=$(echo "$xlsx / $csv" | bc -l)
printf 'member export %d rows: CSV %.2f s (%d MiB file, peak RSS %d MiB, anonymous %d MiB), XLSX %.2f s (%d MiB file, peak RSS %d MiB, anonymous %d MiB), ratio %.2f×\n' \
	"$ROWS" "$csv" "$(mib "$W/m.csv")" "$csv_hwm" "$csv_anon" "$xlsx" "$(mib "$W/m.xlsx")" "$xlsx_hwm" "$xlsx_anon" "$ratio"
rm -f "$W/m.csv" "$W/m.xlsx"

# over HTTP: the server's peak memory (VmHWM) before and after one download
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --access-log "$W/access.log" --web "$W" 2>"$W/serve.err" &
SRV=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break || sleep 0.2; done
curl -sf -c "$W/jar" -H 'Content-Type: application/json' \
	-d '{"username":"admin","password":"Bench12345"}' "http://127.0.0.1:$PORT/api/v1/session" >/dev/null
anon_now() { awk '/RssAnon/ {print int($2 / 1024)}' "/proc/$SRV/status"; }
before=$(anon_now)
read -r secs hwm anon < <(WATCH=$SRV run http curl -sf -b "$W/jar" -o "$W/h.xlsx" "http://127.0.0.1:$PORT/api/v1/members.xlsx")
[ "$(rows_of "$W/h.xlsx")" -eq "$ROWS" ] || {
	echo "export.sh: the download has not $ROWS rows" >&2
	exit 1
}
printf 'GET /api/v1/members.xlsx %d rows: %.2f s, %d MiB; server anonymous memory %d MiB before, peak %d MiB during, %d MiB after (peak RSS with the mapped database %d MiB)\n' \
	"$ROWS" "$secs" "$(mib "$W/h.xlsx")" "$before" "$anon" "$(anon_now)" "$hwm"

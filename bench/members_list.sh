#!/usr/bin/env bash
# members_list.sh - GET /api/v1/members?page=…&size=20 (logged in) under wrk,
# 64 connections, beside nginx serving a static file of the same bytes, in
# the same script.  Prints requests/s of both, the ratio and bangfu's p99.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BANGFU_BIN:-build/bangfu}
MEMBERS=${MEMBERS:-20000}
DUR=${DUR:-10s}
# PORT: bangfu's port (nginx takes the next one); another bench may hold 18080
PORT=${PORT:-18080}
NPORT=${NPORT:-$((PORT + 1))} # nginx, the baseline
W=$(mktemp -d /tmp/bangfu-bench.XXXXXX)
cleanup() {
	[ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	[ -f "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
"$BIN" init --db "sqlite:$W/b.db" --admin-password Bench12345 >/dev/null
"$BIN" demo --db "sqlite:$W/b.db" --members "$MEMBERS" >/dev/null
"$BIN" serve --db "sqlite:$W/b.db" --listen 127.0.0.1:$PORT --access-log "$W/access.log" &
SPID=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:$PORT/api/v1/health >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
	-d '{"username":"admin","password":"Bench12345"}' http://127.0.0.1:$PORT/api/v1/session |
	sed -n 's/^[Ss]et-[Cc]ookie: \(bangfu_session=[^;]*\).*/\1/p')
curl -s -H "Cookie: $cookie" "http://127.0.0.1:$PORT/api/v1/members?page=3&size=20" >"$W/page.json"

# nginx serves the same bytes from a file
mkdir -p "$W/www"
cp "$W/page.json" "$W/www/members.json"
cat >"$W/nginx.conf" <<CONF
worker_processes auto;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$NPORT; root $W/www; location / { default_type application/json; } }
}
CONF
nginx -c "$W/nginx.conf"
sleep 0.3

cat >"$W/pages.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/members?page=" .. (n % 50 + 1) .. "&size=20", {["Cookie"] = "$cookie"})
end
LUA
wrk -t2 -c64 -d"$DUR" --latency -s "$W/pages.lua" http://127.0.0.1:$PORT >"$W/ours.txt"
wrk -t2 -c64 -d"$DUR" --latency http://127.0.0.1:$NPORT/members.json >"$W/nginx.txt"
rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
ours=$(rps "$W/ours.txt")
base=$(rps "$W/nginx.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$W/ours.txt")
ratio=$(echo "$ours / $base" | bc -l)
printf 'members list (%d members, %s bytes/page): bangfu %.0f req/s (p99 %s), nginx static %.0f req/s (p99 %s), ratio %.3f× (goal ≥ 0.2×, p99 ≤ 20 ms)%s\n' \
	"$MEMBERS" "$(wc -c <"$W/page.json")" "$ours" "$(p99 "$W/ours.txt")" "$base" "$(p99 "$W/nginx.txt")" "$ratio" \
	"${non2xx:+; non-2xx answers: $non2xx}"

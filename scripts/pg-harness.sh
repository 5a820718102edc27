#!/usr/bin/env bash
# pg-harness.sh - a throwaway PostgreSQL cluster for tests, from Debian's own
# binaries, reachable only through a Unix socket inside its directory.
#
#   scripts/pg-harness.sh start DIR   create DIR (or use it if empty), initdb,
#                                     start; prints the libpq conninfo
#   scripts/pg-harness.sh stop DIR    stop the server and remove DIR
#
# DIR should be short (the socket path must fit in 107 bytes) and under /tmp:
# when run as root, initdb refuses to run, so the cluster belongs to the
# `postgres` system user, who must be able to reach DIR.  Callers stop it
# from a trap so a failing test leaves nothing running:
#   dir=$(mktemp -d /tmp/bangfu-pg.XXXXXX); trap 'pg-harness.sh stop "$dir"' EXIT
set -euo pipefail

MARKER=.bangfu-pg-harness

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

# The newest installed server: /usr/local/bin may hold unrelated programs
# called pg_ctl, so never rely on PATH.
pg_bin() {
	local bin
	bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
		echo "pg-harness: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
		exit 1
	fi
	echo "$bin"
}

# Runs a command as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	local dir=$1 bin
	bin=$(pg_bin)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ -n "$(ls -A "$dir")" ]; then
		echo "pg-harness: $dir is not empty" >&2
		exit 1
	fi
	if [ ${#dir} -gt 80 ]; then
		echo "pg-harness: $dir is too long for a Unix socket path" >&2
		exit 1
	fi
	touch "$dir/$MARKER"
	chmod 0755 "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir"
	fi
	if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
		--no-sync >"$dir/initdb.log" 2>&1; then
		echo "pg-harness: initdb failed:" >&2
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null 2>&1; then
		echo "pg-harness: the server did not start:" >&2
		cat "$dir/server.log" >&2 || true
		exit 1
	fi
	echo "host=$dir dbname=postgres user=postgres"
}

stop() {
	local dir=$1 bin
	[ -d "$dir" ] || return 0
	# Only ever delete a directory this script created.
	if [ ! -e "$dir/$MARKER" ]; then
		echo "pg-harness: $dir was not made by pg-harness; not touching it" >&2
		exit 1
	fi
	bin=$(pg_bin)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

[ $# -eq 2 ] || usage
case "$1" in
start) start "$2" ;;
stop) stop "$2" ;;
*) usage ;;
esac

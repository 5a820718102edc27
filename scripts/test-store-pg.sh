#!/usr/bin/env bash
# test-store-pg.sh - runs the store suite (tests/store/test_store) against a
# throwaway PostgreSQL cluster, which is removed whatever the outcome.
#   scripts/test-store-pg.sh BUILD_DIR
# Exits with the suite's status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: $0 BUILD_DIR}
exe="$build/tests/store/test_store"
if [ ! -x "$exe" ]; then
	echo "test-store-pg: $exe not built (ninja -C $build)" >&2
	exit 1
fi

dir=$(mktemp -d /tmp/bangfu-pg.XXXXXX)
rmdir "$dir" # the harness makes it (and marks it as its own)
trap '"$here/pg-harness.sh" stop "$dir" || true' EXIT
trap 'exit 130' INT TERM HUP
conninfo=$("$here/pg-harness.sh" start "$dir")

status=0
BANGFU_TEST_DB="$conninfo" "$exe" || status=$?
exit "$status"

#!/usr/bin/env bash
# run.sh - every benchmark; append the figures to bench/RESULTS.md by hand
# (they print the date and machine to copy along).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "date: $(date -u +%F), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
bench/import.sh "${IMPORT_ROWS:-1000000}"
bench/members_list.sh
bench/cases.sh
bench/ledger.sh "${LEDGER_ROWS:-1000000}"

#!/usr/bin/env bash
# bootstrap.sh - installs what bangfu needs to build, run and test, and nothing
# twice: Debian packages that are missing (apt-get) and the console's npm
# packages when web/node_modules is older than web/package-lock.json.
# Called by `make run`, `make test` and `make bench`; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(
	build-essential meson ninja-build pkg-config clang-format
	clang libclang-rt-dev # the libFuzzer harnesses (make build-fuzz, tests/fuzz)
	libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev postgresql
	libargon2-dev libssl-dev libcmocka-dev
	libcairo2-dev libpango1.0-dev fonts-noto-cjk libxlsxwriter-dev poppler-utils
	libzip-dev libexpat1-dev # reading .xlsx imports (src/util/xlsx.c)
	nodejs npm chromium
	wrk nginx-light time bc curl
)
# wrk, nginx (the baseline), time, bc and curl are the benchmarks' tools:
# `make test` runs every benchmark once at a tiny size (BENCH_TINY=1).
if [ "${1:-}" = "--bench" ]; then
	PKGS+=(valgrind)
fi

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
# Node and npm may come from outside Debian (already on PATH): accept those.
if command -v node >/dev/null && command -v npm >/dev/null; then
	filtered=()
	for p in "${missing[@]}"; do
		case "$p" in nodejs | npm) ;; *) filtered+=("$p") ;; esac
	done
	missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "bootstrap: installing ${missing[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The console's packages (Vue, Element Plus, Vite, playwright-core for the
# browser tests).  npm ci is reproducible from the committed lock file.  What
# was installed is recorded as the lock file's digest: a checkout resets file
# times, so comparing times would reinstall (and npm ci empties node_modules
# first, even when it is a link shared by several checkouts).
if [ -f web/package-lock.json ]; then
	want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
	have=$(cat web/node_modules/.bangfu-lock 2>/dev/null || true)
	if [ ! -d web/node_modules/vite ] || [ "$want" != "$have" ]; then
		echo "bootstrap: npm ci (web/)"
		(cd web && npm ci --no-audit --no-fund --loglevel=error)
		echo "$want" >web/node_modules/.bangfu-lock
	fi
fi

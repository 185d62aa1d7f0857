#!/usr/bin/env bash
# The real-n8n end-to-end suite (n8n 2.40.7 on Node 24, n8n 1.123.81 on Node 20) on a fresh
# machine. Installs what it needs: build tools + Debian's libsqlite3-dev (the per-Node sqlite3
# builds take ~12 s instead of ~100 s), the package's dev dependencies, the two n8n runtimes.
#
# N8N_RUNTIME_DIR: where the runtimes live (default .runtime/ in the clone). Point it at a cache
# folder outside the clone, e.g. "$HOME/.cache/n8n-nodes-scalepoint-thinksurance", so a CI machine
# installs n8n once (~5-9 min each, ~2.8 GB) and later runs only check it (~1 s).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
	local sudo=''
	[ "$(id -u)" -eq 0 ] || sudo='sudo'
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if [ ! -f /usr/include/sqlite3.h ] || ! command -v make >/dev/null || ! command -v g++ >/dev/null || ! command -v python3 >/dev/null; then
	echo "== apt-get: libsqlite3-dev, build tools"
	apt_install libsqlite3-dev build-essential python3
fi
if [ ! -d node_modules ]; then
	echo "== npm ci"
	npm ci
fi
if [ -n "${N8N_RUNTIME_DIR:-}" ]; then
	mkdir -p "$N8N_RUNTIME_DIR"
	export N8N_RUNTIME_DIR
	echo "== runtimes in $N8N_RUNTIME_DIR"
fi
echo "== runtimes (skipped when already installed)"
time npx ts-node --transpile-only scripts/runtime/install.ts all
echo "== e2e"
time npm run test:e2e

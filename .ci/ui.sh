#!/usr/bin/env bash
# The editor checks (`npm run test:ui`): n8n 2.40.7 with the packed package, the sandbox, and
# Debian's Chromium driven by playwright-core. Installs what it needs on a fresh machine: build
# tools + libsqlite3-dev, chromium, the dev dependencies, the n8n 2.40.7 runtime.
# N8N_RUNTIME_DIR: as in .ci/e2e.sh (a cache folder outside the clone reuses the runtime).
# Screenshots land in docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
	local sudo=''
	[ "$(id -u)" -eq 0 ] || sudo='sudo'
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

missing=()
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
	echo "== apt-get: ${missing[*]}"
	apt_install "${missing[@]}"
fi
if [ ! -d node_modules ]; then
	echo "== npm ci"
	npm ci
fi
if [ -n "${N8N_RUNTIME_DIR:-}" ]; then
	mkdir -p "$N8N_RUNTIME_DIR"
	export N8N_RUNTIME_DIR
fi
echo "== runtime n8n 2.40.7 (skipped when already installed)"
time npx ts-node --transpile-only scripts/runtime/install.ts 2
echo "== ui"
time npm run test:ui

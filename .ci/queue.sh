#!/usr/bin/env bash
# The queue-mode suite (n8n 2.40.7 main + 2 workers on Debian's PostgreSQL and Redis, all on
# loopback) on a fresh machine. Installs what it needs: build tools + libsqlite3-dev (n8n's
# sqlite3 add-on is built even in Postgres mode), postgresql and redis-server, the package's dev
# dependencies, the n8n 2.40.7 runtime (shared with .ci/e2e.sh through N8N_RUNTIME_DIR).
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
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
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
echo "== queue mode"
time npm run test:queue

#!/usr/bin/env bash
# The real-n8n end-to-end suite (n8n 2.40.7 on Node 24, n8n 1.123.81 on Node 20) on a fresh
# machine: the Debian sqlite library makes the per-Node sqlite3 builds ~12 s instead of ~100 s,
# the runtimes install into the git-ignored .runtime/ on first use (~5 min each, cold).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /usr/include/sqlite3.h ] || ! command -v make >/dev/null || ! command -v g++ >/dev/null; then
	echo "== apt-get: libsqlite3-dev, build tools"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsqlite3-dev build-essential python3 >/dev/null
fi
if [ ! -d node_modules ]; then
	echo "== npm ci"
	npm ci
fi
echo "== runtimes (skipped when already installed)"
time npx ts-node --transpile-only scripts/runtime/install.ts all
echo "== e2e"
time npm run test:e2e

#!/usr/bin/env bash
# The queue-mode suite (n8n 2.40.7 main + 2 workers on Debian's PostgreSQL and Redis, all on
# loopback) on a fresh machine. Installs what it needs: build tools + libsqlite3-dev (n8n's
# sqlite3 add-on is built even in Postgres mode), postgresql and redis-server, the package's dev
# dependencies, the n8n 2.40.7 runtime (shared with .ci/e2e.sh through N8N_RUNTIME_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/prepare.sh
extra=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || extra+=(postgresql)
command -v redis-server >/dev/null || extra+=(redis-server)
install_missing "${extra[@]}"
prepare_node
echo "== runtime n8n 2.40.7 (skipped when already installed)"
time npx ts-node --transpile-only scripts/runtime/install.ts 2
echo "== queue mode"
time npm run test:queue

#!/usr/bin/env bash
# The editor checks (`npm run test:ui`): n8n 2.40.7 with the packed package, the sandbox, and
# Debian's Chromium driven by playwright-core. Installs what it needs on a fresh machine: build
# tools + libsqlite3-dev, chromium, the dev dependencies, the n8n 2.40.7 runtime.
# N8N_RUNTIME_DIR: as in .ci/e2e.sh (a cache folder outside the clone reuses the runtime).
# Screenshots land in docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/prepare.sh
extra=()
[ -x /usr/bin/chromium ] || extra+=(chromium)
install_missing "${extra[@]}"
prepare_node
echo "== runtime n8n 2.40.7 (skipped when already installed)"
time npx ts-node --transpile-only scripts/runtime/install.ts 2
echo "== ui"
time npm run test:ui

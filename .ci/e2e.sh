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

. .ci/prepare.sh
install_missing
prepare_node
echo "== runtimes (skipped when already installed)"
time npx ts-node --transpile-only scripts/runtime/install.ts all
echo "== e2e"
time npm run test:e2e

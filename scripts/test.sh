#!/usr/bin/env bash
# `npm test`: installs the npm dependencies when missing, brings the local stack and the single-node
# Kubernetes cluster up (both idempotent; scripts/k8s.sh builds Kubernetes from source once),
# then typecheck, lint, and every test (unit, then integration against the stack). The last line is
# `N passed, N failed, N skipped`, whatever the outcome; the exit status is the first failure's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -x node_modules/.bin/vitest ]] || npm ci --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/stack.sh up
bash scripts/k8s.sh up
tsc --noEmit
biome check .
mkdir -p .greenlight
status=0
vitest run --reporter=default --reporter=json --outputFile.json=.greenlight/vitest.json "$@" || status=$?
[[ -f .greenlight/vitest.json ]] && node scripts/test-summary.mjs .greenlight/vitest.json
exit "$status"

#!/usr/bin/env bash
# `npm run demo`: the whole story on the local stack, through the bundled CLI (dist/cli.cjs):
#   v1 released → v2 released (tests gate it, preview checked, switched, watched) → v3, whose smoke
#   test fails on the preview, is refused while v2 keeps serving → rollback to v1 (verified, gated)
#   → status → history and metrics. Every image is pinned by digest, signed (key mode), and checked before it is deployed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -d node_modules ]] || npm ci --no-audit --no-fund
export PATH="$PWD/node_modules/.bin:$PATH"

bash scripts/stack.sh up
[[ -f dist/cli.cjs ]] || npm run -s build
set -a
# shellcheck disable=SC1091
source "${GREENLIGHT_CACHE:-/var/cache/greenlight}/stack.env"
set +a
export GREENLIGHT_PASSWORD="$GREENLIGHT_REGISTRY_PASSWORD"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stamp="$(date +%s)"
image="$GREENLIGHT_REGISTRY/demo/shop"
live=18080
preview=18081

timeline=()
step_started=$SECONDS
say() {
  printf '\n\033[1m== %s\033[0m\n' "$*"
  step="$*"
  step_started=$SECONDS
}
serving() {
  local now
  now="$(curl -fsS "http://127.0.0.1:$live/" 2>/dev/null || echo '(nothing)')"
  printf '   live  :%s → %s\n' "$live" "$now"
  timeline+=("$(printf '%4ss  %-14s %-44s live: %s' "$((SECONDS - step_started))" "${step%%:*}" "${1:-}" "$now")")
}
greenlight() { node dist/cli.cjs "$@"; }

# A fresh environment each run: the demo's containers go, its ledger starts anew.
docker rm -f shop--demo--blue shop--demo--green shop--demo--router shop--demo--lock \
  shop-demo-blue shop-demo-green shop-demo-router shop-demo-lock >/dev/null 2>&1 || true

say "key pair for signing (greenlight keygen)"
greenlight keygen --signing-key-file "$work/demo.key"

say "unit tests run; their JUnit results gate every deploy"
vitest run --project unit --reporter=junit --outputFile="$work/unit-tests.xml" test/unit/config.test.ts >/dev/null
grep -o '<testsuites[^>]*>' "$work/unit-tests.xml"

common=(
  --image "$image" --username "$GREENLIGHT_REGISTRY_USER" --context examples/app
  --signing-key-file "$work/demo.key" --public-key-file "$work/demo.pub" --require-test-results true
  --app shop --environment demo --router-image "$GREENLIGHT_ROUTER_IMAGE"
  --live-port "$live" --preview-port "$preview" --ledger-repository "$GREENLIGHT_REGISTRY/demo/ledger-$stamp"
  --test-results "$work/unit-tests.xml" --checks "/healthz 200"
  --smoke-command "node examples/demo/smoke.mjs $work/smoke.xml" --smoke-results "$work/smoke.xml"
  --watch-seconds 3
)
[[ -n "${GREENLIGHT_BUILDX_BUILDER:-}" ]] && common+=(--buildx-builder "$GREENLIGHT_BUILDX_BUILDER")

say "release v1"
greenlight release "${common[@]}" --build-args VERSION=v1 --tags v1 | tee "$work/v1.out"
serving "promoted"
v1_digest="$(sed -n 's/^digest=//p' "$work/v1.out")"

say "release v2: gated by the tests, staged on :$preview, smoke-tested, switched, watched"
greenlight release "${common[@]}" --build-args VERSION=v2 --tags v2
serving "gated, switched, watched; v1 kept warm"

say "release v3: its home page is broken; health checks pass, the smoke test fails"
if greenlight release "${common[@]}" --build-args $'VERSION=v3\nBROKEN_HOME=1' --tags v3; then
  echo "v3 was promoted: the smoke gate did not hold" >&2
  exit 1
fi
echo "   v3 refused: live untouched"
serving "refused by the smoke test; nothing switched"

say "rollback to v1: verified and gated again before the switch ($v1_digest)"
greenlight rollback "${common[@]}" --to "$v1_digest" --reason "demo: back to v1"
serving "verified, gated, switched"

say "status"
greenlight status "${common[@]}"

say "history: the change log of the environment, from the ledger"
greenlight history "${common[@]}"

say "metrics: deployment frequency, change failure rate, recovery and rollback times, drift"
mkdir -p .greenlight
greenlight metrics "${common[@]}" --report-file .greenlight/demo-metrics.html
echo "   HTML report: .greenlight/demo-metrics.html (open it in a browser)"

printf '\n\033[1m== timeline\033[0m\n'
printf '%s\n' "${timeline[@]}"

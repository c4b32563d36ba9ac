#!/usr/bin/env bash
# Runs every test (unit, then integration against the stack) and ends with one closing line,
# `N passed, N failed, N skipped`, whatever the outcome; exits with vitest's status.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .greenlight
vitest run --reporter=default --reporter=json --outputFile.json=.greenlight/vitest.json "$@"
status=$?
[[ -f .greenlight/vitest.json ]] && node scripts/test-summary.mjs .greenlight/vitest.json
exit "$status"

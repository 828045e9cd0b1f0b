#!/usr/bin/env bash
# `npm test`: everything CI runs, in order of speed: typecheck, lint and import boundaries, unit
# and integration tests (real PostgreSQL and embedded PGlite), then the browser tests against a
# production build. Needs PostgreSQL at STRATA_TEST_DATABASE_URL (default: the local test server);
# on a machine without it the PostgreSQL half of the integration tests is skipped, except in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export STRATA_TEST_DATABASE_URL="${STRATA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

step() { printf '\n== %s\n' "$*"; }

step "prisma generate (offline)"
node scripts/prisma-generate.mjs

step "typecheck"
npx tsc --noEmit

step "lint and import boundaries"
npm run -s lint

step "unit and integration tests"
npx vitest run

step "browser tests (production build, Debian chromium)"
bash scripts/ensure-chromium.sh
npx next build
npx playwright test

#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs what it needs, then runs every tier.
# Usage: npm test            (or: bash scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
ensure_emulator
ensure_toolchain

passed=0; failed=0; failures=()
run() {
  local name=$1; shift
  step "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

run "Type check" npx tsc --noEmit -p tsconfig.json
run "Committed Lambda zip is fresh" npm run --silent check:lambda
run "Committed HCL and docs are fresh" npm run --silent check:synth
run "Unit tests" npx vitest run --project unit
run "Module tests (CDKTF assertions, snapshots)" npx vitest run --project module
run "Terraform checks (fmt, validations with tofu test and Terraform 1.5.7; init/validate when the AWS provider exists)" bash scripts/terraform-checks.sh
run "Integration tests (emulator, shipped zip)" npx vitest run --project integration --no-file-parallelism
# End to end: tofu apply of the examples needs the AWS provider, which cannot be built here (see
# README, "What is not verified"); the demo deploys examples/complete as the module computes it.
run "End to end: examples/complete on the emulator, as the module computes it (npm run demo)" bash scripts/demo.sh
run "Security scan (checkov)" bash scripts/checkov.sh
run "IAM policy lint (parliament)" bash scripts/iam-lint.sh

step "Summary"
for f in "${failures[@]+"${failures[@]}"}"; do note "FAILED: $f"; done
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

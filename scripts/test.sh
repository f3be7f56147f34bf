#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs what it needs, then runs every tier.
# Usage: npm test            (or: bash scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
start_toolchain
ensure_emulator

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
run "Module tests (CDKTF assertions, generated files)" npx vitest run --project module
# The same three on the other Node.js releases engines names (22, 24): the emulator's Lambda runtime
# binaries (testkit/emulator/lambda-runtimes.txt, installed by ensure_emulator) first on PATH.
fast_tiers() { npx tsc --noEmit -p tsconfig.json && npx vitest run --project unit && npx vitest run --project module; }
for runtime in nodejs22.x nodejs24.x; do
  run "Type check, unit and module tests on Node.js $(runtime_node_version "$runtime") (the $runtime binary)" on_runtime_node "$runtime" fast_tiers
done
run "Integration tests (emulator, shipped zip)" npx vitest run --project integration --no-file-parallelism
wait_toolchain
run "tflint (bundled terraform ruleset, preset all; root, submodules, examples, wrappers)" bash scripts/tflint.sh
run "Terraform checks (fmt, init/validate, native tests; every binary of the toolchain)" bash scripts/terraform-checks.sh
# The examples wait mostly on the provider's fixed delays, so three of the six files run side by side
# (more would only share the 2 cores' time).
run "End to end: every example applied, failed over and destroyed by real Terraform/OpenTofu on the emulator" npx vitest run --project e2e --maxWorkers=3 --minWorkers=1
run "Demo (npm run demo)" bash scripts/demo.sh
run "Security scan (checkov)" bash scripts/checkov.sh
run "IAM policy lint (parliament)" bash scripts/iam-lint.sh

step "Summary"
for f in "${failures[@]+"${failures[@]}"}"; do note "FAILED: $f"; done
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

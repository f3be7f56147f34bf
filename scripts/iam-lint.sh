#!/usr/bin/env bash
# IAM policy lint: every IAM policy document of the modules (the reconciler's inline policy, its
# trust policy, the SNS topic policy), as Terraform renders it with the real hashicorp/aws provider
# for several inputs, linted with parliament (pinned, own venv), offline. Fails on any finding not
# allowed as a proven false positive in scripts/iam-lint/lint.py, and when anything is missing.
#   1. scripts/iam-lint/policies.ts: one scratch configuration (one module block per input set),
#      applied against local emulators; the documents from `show -json` of the state
#   2. scripts/iam-lint/lint.py: parliament and its community auditors, plus the checks it lacks
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

venv="$CACHE_ROOT/iam-lint-venv"
req=scripts/iam-lint/requirements.txt
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "Installing parliament into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi

ensure_node_modules
# The binaries and the provider mirror (scripts/test.sh has exported them already).
if [ -z "${ERDNS_TF_BINARIES:-}" ] || [ -z "${ERDNS_TERRAFORM_RC:-}" ] || [ -z "${ERDNS_TOFU_RC:-}" ]; then ensure_toolchain; fi
export CHECKPOINT_DISABLE=1
# The emulator's venv (installed on first use, also by startEmulator itself).
[ -x "$CACHE_ROOT/emulator-venv/bin/python" ] || ensure_emulator

# Nothing but loopback: the provider reaches only the emulators (every endpoint of the override),
# init only the filesystem mirror, parliament nothing. In a new network namespace with only `lo`
# up, a call that would leave the machine fails the run instead of reaching AWS.
isolate=()
if unshare --net sh -c 'ip link set lo up' 2>/dev/null; then
  isolate=(unshare --net sh -c 'ip link set lo up && exec "$@"' isolated)
  note "network: a new namespace with loopback only (unshare --net)"
elif unshare --user --map-root-user --net sh -c 'ip link set lo up' 2>/dev/null; then
  isolate=(unshare --user --map-root-user --net sh -c 'ip link set lo up && exec "$@"' isolated)
  note "network: a new user and network namespace with loopback only (unshare --user --net)"
else
  note "network: not isolated (unshare --net is not permitted here); the provider's endpoints are all on loopback"
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/iam-lint.XXXXXX")
trap 'rm -rf "$out"' EXIT
note "policy documents: the root module, modules/reconciler and modules/notification-topic applied against the emulator"
"${isolate[@]+"${isolate[@]}"}" npx --no-install tsx scripts/iam-lint/policies.ts "$out" >&2
note "parliament: $(sed -n 's/^parliament==//p' "$req")"
"${isolate[@]+"${isolate[@]}"}" env PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" scripts/iam-lint/lint.py "$out" >&2

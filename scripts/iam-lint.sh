#!/usr/bin/env bash
# IAM policy lint: every IAM policy document of the modules (the reconciler's inline policy, its
# trust policy, the SNS topic policy), evaluated from the module's own definition for several
# inputs, linted with parliament (pinned, own venv), offline. Fails on any finding not allowed
# as a proven false positive in scripts/iam-lint/lint.py.
#   1. scripts/iam-lint/policies.ts: CDKTF synth + tofu evaluation → concrete policy JSON
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
# tofu (or terraform) evaluates the generated HCL; scripts/test.sh has put the toolchain on PATH.
if ! command -v tofu >/dev/null && ! command -v terraform >/dev/null; then ensure_toolchain; fi

# Offline by construction (and, where we may, no network at all): neither step needs one.
isolate=()
if unshare --net true 2>/dev/null; then isolate=(unshare --net); fi

out=$(mktemp -d "${TMPDIR:-/tmp}/iam-lint.XXXXXX")
trap 'rm -rf "$out"' EXIT
note "policy documents: CDKTF synth of the root, modules/reconciler and modules/notification-topic, evaluated by tofu"
"${isolate[@]+"${isolate[@]}"}" npx --no-install tsx scripts/iam-lint/policies.ts "$out" >&2
note "parliament: $(sed -n 's/^parliament==//p' "$req")"
"${isolate[@]+"${isolate[@]}"}" env PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" scripts/iam-lint/lint.py "$out" >&2

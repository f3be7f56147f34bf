#!/usr/bin/env bash
# Static security analysis of the root module and every submodule with checkov (pinned, own venv).
# A skip must sit next to its resource as `#checkov:skip=CKV_...:reason` — none are configured here.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

venv="$CACHE_ROOT/checkov-venv"
req=scripts/checkov/requirements.txt
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$venv/bin/checkov" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "Installing checkov into $venv (about 1 minute cold)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi

# Offline by construction: no guideline or version look-ups (and, where we may, no network at all).
export BC_SKIP_MAPPING=TRUE CHECKOV_SKIP_VERSION_CHECK=TRUE ANSI_COLORS_DISABLED=TRUE
isolate=()
if unshare --net true 2>/dev/null; then isolate=(unshare --net); fi
note "checkov: the root module and every submodule under modules/"
# -d . walks modules/ too; examples and tests are not part of the shipped module.
"${isolate[@]+"${isolate[@]}"}" "$venv/bin/checkov" --quiet --compact --skip-download --framework terraform -d . \
  --skip-path node_modules --skip-path examples --skip-path test >&2

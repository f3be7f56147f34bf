#!/usr/bin/env bash
# tflint over every Terraform configuration of the repository: the root module, each submodule under
# modules/, each HCL example and the wrappers. Rules: .tflint.hcl (the bundled terraform ruleset,
# preset "all"). Any finding, a notice included, fails. Part of `npm test`; on its own:
#
#   eval "$(bash scripts/toolchain/install.sh)" && bash scripts/tflint.sh
#
# tflint comes from the toolchain (ERDNS_TFLINT, else `tflint` on PATH); none: exit 1 saying how.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

tflint=${ERDNS_TFLINT:-$(command -v tflint || true)}
[ -n "$tflint" ] && [ -x "$tflint" ] || die "tflint not found: run \`eval \"\$(bash scripts/toolchain/install.sh)\"\` (builds it from the Go module proxy into the cache) or put tflint on PATH"
note "$("$tflint" --version | paste -sd' ' -)"

has_tf() { compgen -G "$1/*.tf" >/dev/null; }
dirs=(.)
for d in modules/*/ examples/*/ wrappers wrappers/*/; do
  d=${d%/}
  [ -d "$d" ] && has_tf "$d" && dirs+=("$d")
done

failed=0
for d in "${dirs[@]}"; do
  # --chdir: module calls (examples → ../../) resolve from the configuration's own directory.
  if out=$("$tflint" --chdir="$d" --config="$PWD/.tflint.hcl" --minimum-failure-severity=notice --format=compact 2>&1); then
    note "$d: no findings"
  else
    failed=1
    printf '%s\n' "$out" | sed "s|^|    $d: |" >&2
  fi
done
[ "$failed" = 0 ] || die "tflint found issues (above): fix them in the generator (modules/*.ts) or the example, or give a reasoned exception next to the code (# tflint-ignore: <rule> # why)"
note "tflint: ${#dirs[@]} configurations, no findings"

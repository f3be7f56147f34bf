#!/usr/bin/env bash
# fmt -check, init and validate of the root module, every submodule and every example, with OpenTofu
# and with Terraform 1.5.7 (the minimum the module promises); then the native tests (tests/*.tftest.hcl).
# Expects the toolchain on PATH and TF_CLI_CONFIG_FILE set (scripts/lib.sh ensure_toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

command -v tofu >/dev/null || die "tofu not on PATH: run eval \"\$(bash scripts/toolchain/install.sh)\""
command -v terraform >/dev/null || die "terraform not on PATH: run eval \"\$(bash scripts/toolchain/install.sh)\""
terraform version | head -1 | grep -q 'v1.5.7' || die "expected Terraform v1.5.7 on PATH, got: $(terraform version | head -1)"

dirs=(.)
for d in modules/*/ examples/*/; do
  # examples/cdktf is a CDKTF app, not HCL; it is checked by its synth test.
  compgen -G "$d*.tf" >/dev/null && dirs+=("${d%/}")
done

scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
status=0
for bin in tofu terraform; do
  note "$($bin version | head -1)"
  "$bin" fmt -check -recursive -diff . >&2 || { note "$bin fmt -check found unformatted files"; status=1; }
  for d in "${dirs[@]}"; do
    # A separate data dir per binary, so the two never share .terraform state or lock files.
    export TF_DATA_DIR="$scratch/$bin/${d//\//_}"
    if "$bin" -chdir="$d" init -backend=false -input=false -no-color -lockfile=readonly >"$scratch/init.log" 2>&1 \
       || "$bin" -chdir="$d" init -backend=false -input=false -no-color >"$scratch/init.log" 2>&1; then
      if "$bin" -chdir="$d" validate -no-color >"$scratch/validate.log" 2>&1; then
        note "ok   $bin validate $d"
      else
        note "FAIL $bin validate $d"; cat "$scratch/validate.log" >&2; status=1
      fi
    else
      note "FAIL $bin init $d"; cat "$scratch/init.log" >&2; status=1
    fi
  done
  unset TF_DATA_DIR
done

# Native tests with mock providers: variable validation cases and plan-time assertions.
# Terraform 1.5.7 has no mock_provider (added in 1.7), so the native tests run with OpenTofu.
if compgen -G "tests/*.tftest.hcl" >/dev/null; then
  export TF_DATA_DIR="$scratch/tofu-test"
  tofu init -backend=false -input=false -no-color >"$scratch/init.log" 2>&1 || { cat "$scratch/init.log" >&2; exit 1; }
  tofu test -no-color >&2 || status=1
fi
exit $status

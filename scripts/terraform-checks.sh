#!/usr/bin/env bash
# Terraform-level checks of the generated HCL, with OpenTofu and with Terraform 1.5.7 (the minimum
# the module promises). Part of the test command (scripts/test.sh); runs on its own too:
#
#   eval "$(bash scripts/toolchain/install.sh)" && bash scripts/terraform-checks.sh
#
# Always (no provider needed):
#   1. fmt -check -diff, with both binaries, of the root, each modules/<name>/ and each HCL
#      example, directory by directory (never `-recursive .`: node_modules holds unformatted .tf
#      fixtures of the cdktf packages); and `tofu fmt -check` of the native tests (tests/,
#      tests/modules/<name>/; Terraform 1.5.7 does not know .tftest.hcl files).
#   2. Coverage of the native tests: every `validation` block of the root variables.tf and of each
#      submodule's variables.tf has at least one failing case (`expect_failures = [var.<name>]`,
#      counted by variable name) in tests/ or tests/modules/<name>/. A new validation without a
#      case fails here.
#   3. A provider-free harness per module: a scratch directory holding only a copy of that module's
#      generated variables.tf, so the real validation blocks are evaluated by the real binaries:
#      a. `tofu test` of the native tests (tests/*.tftest.hcl except plan.tftest.hcl, and
#         tests/modules/<name>/*.tftest.hcl), copied next to it without their
#         `mock_provider "aws" {}` line;
#      b. Terraform 1.5.7 `plan -var-file=...` of the very same cases (read from those files):
#         an accepting case must plan, a rejecting one must fail on exactly the expected
#         variables, with their error messages, and nothing else.
# Only when the AWS provider is in the toolchain's filesystem mirror (it is not today: the Go
# module proxy refuses github.com/hashicorp/terraform-provider-aws; see scripts/toolchain):
#   4. `init -backend=false` + `validate` of every directory with both binaries, in a scratch copy
#      of the tree (lock files and .terraform stay out of the repository);
#   5. `tofu test` of the full root module (all tests/*.tftest.hcl, including plan.tftest.hcl with
#      its mock-provider assertions) and of each submodule (tests/modules/<name>/).
#   Without the provider these print one SKIPPED line with the reason, and the script still exits
#   0; set ERDNS_REQUIRE_AWS_PROVIDER=1 to make that a failure.
#
# Expects tofu, terraform (v1.5.7) and TF_CLI_CONFIG_FILE from the toolchain, and node_modules
# (npm ci; the test files are read with @cdktf/hcl2json).
# TF_DATA_DIRs are fresh per run under a scratch directory; ERDNS_TF_DATA_DIR=<dir> keeps them
# there instead, between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
command -v tofu >/dev/null || die "tofu not on PATH: run eval \"\$(bash scripts/toolchain/install.sh)\""
command -v terraform >/dev/null || die "terraform not on PATH: run eval \"\$(bash scripts/toolchain/install.sh)\""
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ -f "$TF_CLI_CONFIG_FILE" ] \
  || die "TF_CLI_CONFIG_FILE is not set to the toolchain's CLI config: run eval \"\$(bash scripts/toolchain/install.sh)\""
tf_version=$(terraform version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
[ "$tf_version" = 1.5.7 ] || die "expected Terraform v1.5.7 on PATH, got: ${tf_version:-$(command -v terraform)}"
command -v node >/dev/null || die "node is not on PATH"
[ -d node_modules/@cdktf/hcl2json ] || die "node_modules/@cdktf/hcl2json is missing: run npm ci"

# The test files the full module needs (resources, mock provider assertions): never in a harness.
FULL_ONLY_TESTS=plan.tftest.hcl

# Directories of HCL: the root, each submodule, each example with .tf files.
hcl_dirs=(.)
for d in modules/*/ examples/*/; do
  d=${d%/}
  if compgen -G "$d/*.tf" >/dev/null; then hcl_dirs+=("$d"); fi
done
# Modules with variables: the root and each submodule. key:dir:tests
modules=("root:.:tests")
for d in modules/*/; do
  d=${d%/}
  [ -f "$d/variables.tf" ] && modules+=("${d#modules/}:$d:tests/$d")
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/terraform-checks.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
DATA=${ERDNS_TF_DATA_DIR:-$scratch/data}
mkdir -p "$DATA"

ok=0 failed=0 skipped=0
failures=()
pass() { note "ok      $*"; ok=$((ok + 1)); }
fail() { note "FAIL    $*"; failed=$((failed + 1)); failures+=("$*"); }
# Runs a command with its output in a log; the log is shown only when the command fails.
logged() { # label, command...
  local label=$1 log="$scratch/last.log"; shift
  if "$@" >"$log" 2>&1; then pass "$label"; else sed 's/^/        /' "$log" >&2; fail "$label"; fi
}
# A separate TF_DATA_DIR for each binary and directory.
data_dir() { printf '%s/%s/%s' "$DATA" "$1" "$2"; }
dir_key() { if [ "$1" = . ]; then echo root; else echo "${1//\//_}"; fi; }

# -------------------------------------------------------------------------------------------------
step "fmt -check -diff, per directory ($(tofu version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/OpenTofu v\1/p'), Terraform v$tf_version)"
for bin in tofu terraform; do
  for d in "${hcl_dirs[@]}"; do
    logged "$bin fmt $d" "$bin" fmt -check -diff -no-color "$d"
  done
done
test_dirs=(tests)
for d in tests/modules/*/; do test_dirs+=("${d%/}"); done
for d in "${test_dirs[@]}"; do
  logged "tofu fmt $d (Terraform 1.5.7 does not read .tftest.hcl)" tofu fmt -check -diff -no-color "$d"
done
for d in examples/*/; do
  compgen -G "$d*.tf" >/dev/null || note "-       ${d%/}: no .tf files (a CDKTF app: checked by its synth test)"
done

# -------------------------------------------------------------------------------------------------
step "Native tests: a failing case for every validation block; the cases, for Terraform 1.5.7"
# Reads each module's variables.tf and its harness test files with hcl2json. Checks coverage and
# that harness cases are plain (command = plan, literal values, expect_failures of variables
# only), and writes every case as <n>.tfvars.json, <n>.expect (variable names) and <n>.name.
CASES_JS=$(cat <<'JS'
import { parse } from '@cdktf/hcl2json';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, fullOnly, ...specs] = process.argv.slice(1);
const errors = [];
const merge = (blocks) => Object.assign({}, ...(blocks ?? []));
function plain(value, where) {
  if (typeof value === 'string' && /[$%]\{/.test(value)) {
    errors.push(`${where}: ${JSON.stringify(value)} is not a literal value (keep case values plain HCL literals on one line)`);
  } else if (Array.isArray(value)) value.forEach((v) => plain(v, where));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => plain(v, where));
}

for (const spec of specs) {
  const [key, dir, testDir] = spec.split(':');
  const variables = (await parse('variables.tf', readFileSync(join(dir, 'variables.tf'), 'utf8'))).variable ?? {};
  const validations = Object.fromEntries(
    Object.entries(variables).map(([name, [body]]) => [name, (body.validation ?? []).length]).filter(([, n]) => n > 0),
  );
  let files = [];
  try {
    files = readdirSync(testDir).filter((f) => f.endsWith('.tftest.hcl') && f !== fullOnly).sort();
  } catch {
    // no test directory: every validation below is reported as uncovered
  }
  const failing = {};
  let accepting = 0;
  let rejecting = 0;
  const out = join(outDir, key);
  mkdirSync(out, { recursive: true });
  let n = 0;
  for (const file of files) {
    const path = join(testDir, file);
    const test = await parse(file, readFileSync(path, 'utf8'));
    const fileVars = merge(test.variables);
    for (const [name, [run]] of Object.entries(test.run ?? {})) {
      const where = `${path} run "${name}"`;
      if (run.command !== '${plan}') errors.push(`${where}: needs command = plan (the harness has only variables)`);
      const expected = [];
      for (const ref of (run.expect_failures ?? []).flat()) {
        const m = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(ref);
        if (!m) { errors.push(`${where}: expect_failures ${ref}: harness cases may expect failures of variables only`); continue; }
        if (!(m[1] in validations)) errors.push(`${where}: expects var.${m[1]} to fail, but ${dir}/variables.tf has no validation for it`);
        expected.push(m[1]);
        failing[m[1]] = (failing[m[1]] ?? 0) + 1;
      }
      if (expected.length) rejecting++; else accepting++;
      const values = { ...fileVars, ...merge(run.variables) };
      plain(values, where);
      const id = String(++n).padStart(3, '0');
      writeFileSync(join(out, `${id}.tfvars.json`), JSON.stringify(values, null, 2) + '\n');
      writeFileSync(join(out, `${id}.expect`), expected.join(' ') + '\n');
      writeFileSync(join(out, `${id}.name`), `${where}\n`);
    }
  }
  for (const [name, count] of Object.entries(validations)) {
    const have = failing[name] ?? 0;
    if (have < count) {
      errors.push(`${dir}/variables.tf: variable "${name}" has ${count} validation block(s) but ${have} failing case(s) in ${testDir}/ (add a run with expect_failures = [var.${name}])`);
    }
  }
  if (accepting === 0) errors.push(`${testDir}/: no accepting run (one with the defaults at least)`);
  const blocks = Object.values(validations).reduce((a, b) => a + b, 0);
  console.log(`${key}: ${blocks} validation blocks (${Object.keys(validations).length} variables), ${files.length} test file(s) in ${testDir}/: ${accepting} accepting and ${rejecting} rejecting runs`);
}
for (const e of errors) console.log(`ERROR ${e}`);
process.exit(errors.length ? 1 : 0);
JS
)
if node --input-type=module -e "$CASES_JS" "$scratch/cases" "$FULL_ONLY_TESTS" "${modules[@]}" >"$scratch/cases.log" 2>&1; then
  sed 's/^/        /' "$scratch/cases.log" >&2
  pass "every validation block has a failing case"
else
  sed 's/^/        /' "$scratch/cases.log" >&2
  fail "native test coverage (see the ERROR lines)"
fi

# -------------------------------------------------------------------------------------------------
step "Provider-free harness (a module's variables.tf alone): tofu test"
for spec in "${modules[@]}"; do
  IFS=: read -r key dir tdir <<<"$spec"
  h="$scratch/harness/tofu/$key"
  mkdir -p "$h/tests"
  cp "$dir/variables.tf" "$h/"
  bad=0
  for f in "$tdir"/*.tftest.hcl; do
    [ -e "$f" ] || continue
    [ "$(basename "$f")" = "$FULL_ONLY_TESTS" ] && continue
    grep -vx 'mock_provider "aws" {}' "$f" >"$h/tests/$(basename "$f")"
    if grep -nE '^[[:space:]]*(mock_provider|provider|override_(resource|data|module))[[:space:]]' "$h/tests/$(basename "$f")" >&2; then
      note "$f: a harness test file may hold only the one line mock_provider \"aws\" {} (used by the full module)"
      bad=1
    fi
  done
  if [ "$bad" = 1 ]; then fail "tofu test harness $key: test files need a provider"; continue; fi
  export TF_DATA_DIR; TF_DATA_DIR=$(data_dir tofu "harness-$key")
  logged "tofu init harness $key" tofu -chdir="$h" init -backend=false -input=false -no-color
  if tofu -chdir="$h" test -no-color >"$scratch/test.log" 2>&1; then
    pass "tofu test harness $key ($dir/variables.tf with $tdir/): $(grep -E '^(Success|Failure)!' "$scratch/test.log" | tail -1)"
  else
    grep -v '\.\.\. pass$' "$scratch/test.log" | sed 's/^/        /' >&2
    fail "tofu test harness $key ($dir/variables.tf with $tdir/)"
  fi
  unset TF_DATA_DIR
done

# -------------------------------------------------------------------------------------------------
step "Provider-free harness: Terraform 1.5.7 plan of the same cases"
# The module names of the variables whose validation failed, from plan output such as
#   Error: Invalid value for variable
#     on variables.tf line 8:
#      8: variable "replication_group_id" {
failed_variables() {
  awk '/^Error: Invalid value for variable/ { f = 1; next }
       f && match($0, /^ *[0-9]+: variable "[^"]+"/) { s = substr($0, RSTART, RLENGTH); sub(/.*variable "/, "", s); sub(/"$/, "", s); print s; f = 0 }' \
    | sort -u | paste -sd' ' -
}
for spec in "${modules[@]}"; do
  IFS=: read -r key dir tdir <<<"$spec"
  h="$scratch/harness/terraform/$key"
  mkdir -p "$h"
  cp "$dir/variables.tf" "$h/"
  export TF_DATA_DIR; TF_DATA_DIR=$(data_dir terraform "harness-$key")
  logged "terraform init harness $key" terraform -chdir="$h" init -backend=false -input=false -no-color
  n=0 bad=0
  for c in "$scratch/cases/$key"/*.tfvars.json; do
    [ -e "$c" ] || continue
    n=$((n + 1))
    base=${c%.tfvars.json}
    expect=$(xargs <"$base.expect" | tr ' ' '\n' | sort -u | paste -sd' ' -)
    name=$(cat "$base.name")
    rc=0
    out=$(terraform -chdir="$h" plan -input=false -no-color -lock=false -var-file="$c" 2>&1) || rc=$?
    problem=""
    if [ -z "$expect" ]; then
      [ "$rc" = 0 ] || problem="expected the plan to succeed"
    else
      got=$(printf '%s\n' "$out" | failed_variables)
      errors=$(printf '%s\n' "$out" | grep -c '^Error: ' || true)
      invalid=$(printf '%s\n' "$out" | grep -c '^Error: Invalid value for variable' || true)
      if [ "$rc" = 0 ]; then
        problem="expected the validation of $expect to fail, but the plan succeeded"
      elif [ "$got" != "$expect" ] || [ "$errors" != "$invalid" ]; then
        problem="expected exactly the validation of $expect to fail; failed: ${got:-none}, other errors: $((errors - invalid))"
      else
        for v in $expect; do
          grep -qF "$v must" <<<"$(tr -s ' \n' ' ' <<<"$out")" || problem="no error message \"$v must ...\" for $v"
        done
      fi
    fi
    if [ -n "$problem" ]; then
      bad=$((bad + 1))
      note "        $name: $problem"
      printf '%s\n' "$out" | sed 's/^/          /' >&2
    fi
  done
  if [ "$n" = 0 ]; then
    fail "terraform plan harness $key: no cases"
  elif [ "$bad" = 0 ]; then
    pass "terraform plan harness $key ($dir/variables.tf): $n cases as expected"
  else
    fail "terraform plan harness $key ($dir/variables.tf): $bad of $n cases not as expected"
  fi
  unset TF_DATA_DIR
done

# -------------------------------------------------------------------------------------------------
step "With the AWS provider: init + validate of every directory, tofu test of the full modules"
mirror=$(sed -n 's/^[[:space:]]*path[[:space:]]*=[[:space:]]*"\(.*\)"[[:space:]]*$/\1/p' "$TF_CLI_CONFIG_FILE" | head -1)
have_provider=0
if [ -n "$mirror" ] \
   && compgen -G "$mirror/registry.opentofu.org/hashicorp/aws/*/*/terraform-provider-aws*" >/dev/null \
   && compgen -G "$mirror/registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws*" >/dev/null; then
  have_provider=1
fi

if [ "$have_provider" = 0 ]; then
  echo "SKIPPED: init/validate (tofu, terraform) of ${hcl_dirs[*]} and tofu test of the full modules (tests/$FULL_ONLY_TESTS and the mock-provider runs): the AWS provider is unavailable, because the Go module proxy here refuses the module github.com/hashicorp/terraform-provider-aws at the v5/v6 pseudo-versions (the ones tried are listed in scripts/toolchain/install.sh), so the toolchain mirror ${mirror:-(none in $TF_CLI_CONFIG_FILE)} holds no hashicorp/aws." >&2
  skipped=$((skipped + 1))
  if [ "${ERDNS_REQUIRE_AWS_PROVIDER:-0}" = 1 ]; then fail "AWS provider required (ERDNS_REQUIRE_AWS_PROVIDER=1) but missing"; fi
else
  note "AWS provider: $(cd "$mirror/registry.terraform.io/hashicorp/aws" && ls | paste -sd' ' -) in $mirror"
  for bin in tofu terraform; do
    # A copy of the tree per binary: init writes .terraform.lock.hcl next to the configuration.
    t="$scratch/tree/$bin"
    mkdir -p "$t/lambda/dist"
    cp ./*.tf "$t/"
    for d in "${hcl_dirs[@]}"; do [ "$d" = . ] || { mkdir -p "$t/$d"; cp "$d"/*.tf "$t/$d/"; }; done
    cp -R tests "$t/"
    cp lambda/dist/reconciler.zip "$t/lambda/dist/"
    for d in "${hcl_dirs[@]}"; do
      export TF_DATA_DIR; TF_DATA_DIR=$(data_dir "$bin" "full-$(dir_key "$d")")
      if "$bin" -chdir="$t/$d" init -backend=false -input=false -no-color >"$scratch/init.log" 2>&1; then
        logged "$bin validate $d" "$bin" -chdir="$t/$d" validate -no-color
      else
        sed 's/^/        /' "$scratch/init.log" >&2
        fail "$bin init $d"
      fi
      unset TF_DATA_DIR
    done
  done
  # The native tests against the full modules (Terraform 1.5.7 has no `terraform test`).
  t="$scratch/tree/tofu"
  for spec in "${modules[@]}"; do
    IFS=: read -r key dir tdir <<<"$spec"
    export TF_DATA_DIR; TF_DATA_DIR=$(data_dir tofu "full-$(dir_key "$dir")")
    rel=$(realpath --relative-to="$t/$dir" "$t/$tdir")
    if tofu -chdir="$t/$dir" test -no-color -test-directory="$rel" >"$scratch/test.log" 2>&1; then
      pass "tofu test $dir (full module, $tdir/): $(grep -E '^(Success|Failure)!' "$scratch/test.log" | tail -1)"
    else
      grep -v '\.\.\. pass$' "$scratch/test.log" | sed 's/^/        /' >&2
      fail "tofu test $dir (full module, $tdir/)"
    fi
    unset TF_DATA_DIR
  done
fi

# -------------------------------------------------------------------------------------------------
step "Terraform checks: $ok ok, $failed failed, $skipped skipped"
for f in "${failures[@]+"${failures[@]}"}"; do note "FAILED: $f"; done
[ "$failed" = 0 ]

#!/usr/bin/env bash
# Terraform-level checks of the generated HCL: fmt, init + validate, the native tests (terraform
# test, tofu test) and the validation cases for Terraform 1.5.7, with every binary of the
# toolchain and the real AWS provider from its filesystem mirror. Part of the test command
# (scripts/test.sh); runs on its own too:
#
#   eval "$(bash scripts/toolchain/install.sh)" && bash scripts/terraform-checks.sh
#
# Needs, from the toolchain (scripts/toolchain/README.md):
#   ERDNS_TF_BINARIES   space-separated name@version=/abs/path (terraform@1.5.7, tofu@..., and a
#                       Terraform >= 1.7 for `terraform test`)
#   ERDNS_TERRAFORM_RC  CLI config of the Terraform binaries, ERDNS_TOFU_RC that of OpenTofu; each
#                       with a filesystem_mirror holding hashicorp/aws
# A missing piece fails with one line saying what and how to provide it. The checks themselves
# are in scripts/terraform-checks.ts. Optional: ERDNS_TF_JOBS (parallel processes, default 2),
# ERDNS_TF_SCRATCH (keep the scratch trees and data dirs there instead of a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

command -v node >/dev/null || die "node is not on PATH"
[ -d node_modules/@cdktf/hcl2json ] && [ -x node_modules/.bin/tsx ] || die "node_modules is incomplete: run npm ci"
[ -f lambda/dist/reconciler.zip ] || die "lambda/dist/reconciler.zip is missing: run npm run build:lambda"
exec node_modules/.bin/tsx scripts/terraform-checks.ts

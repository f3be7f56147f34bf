#!/usr/bin/env bash
# Offline Terraform toolchain: OpenTofu, Terraform (the minimum the module promises) and the AWS
# provider, all built from source fetched through the Go module proxy (no release download sites,
# no Terraform registry: neither can be reached here).
#
#   eval "$(bash scripts/toolchain/install.sh)"           # build or reuse, then put on PATH
#   bash scripts/toolchain/install.sh --verify >/dev/null  # also run an offline init/validate smoke test
#   bash scripts/toolchain/install.sh --force              # rebuild everything
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/toolchain/
#   bin/tofu, bin/terraform       the CLIs
#   mirror/<host>/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_v<version>_x5
#                                 filesystem_mirror (unpacked layout) for registry.terraform.io and
#                                 registry.opentofu.org, when the provider could be built
#   terraformrc                   CLI config (TF_CLI_CONFIG_FILE, read by both binaries)
#   stamps/<piece>-<version>      one per pinned version; a piece is skipped while its stamp and
#                                 binary are present
# Idempotent: a warm run only checks stamps (well under a second). Concurrent runs are serialized
# with flock. stdout carries only the `export` lines; all progress goes to stderr.
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Pinned versions
# ---------------------------------------------------------------------------------------------
TOFU_VERSION=1.12.6          # go module github.com/opentofu/opentofu@v1.12.6
TERRAFORM_VERSION=1.5.7      # go module github.com/hashicorp/terraform@v1.5.7 (module minimum)

# AWS provider. Its v5/v6 tags lack the /v5 /v6 module path suffix, so the Go module proxy can
# name them only by pseudo-version: v1.60.1-0.<UTC commit time>-<12 hex of the commit>.
# No pseudo-version of a v5/v6 release commit is served by the module proxy reachable here; these
# were tried (each once) and refused with 403 "This module version is not available":
#   github.com/hashicorp/terraform-provider-aws@v1.60.1-0.20250214214949-ddc7bceb2a7a
#   github.com/hashicorp/terraform-provider-aws@v1.60.1-0.20220322001452-8f7a597d0c24
#   github.com/hashicorp/terraform-provider-aws@v1.60.1-0.20230615210323-24881e9f4460  (v5.4.0)
#   github.com/upbound/terraform-provider-aws@v0.0.0-20260722064508-f132c16d90d8 (fork), and its @v/list
#   github.com/terraform-providers/terraform-provider-aws (old path): @v/list
# The only served version, v1.60.0 (2019), speaks plugin protocol 4 and cannot be used.
# So the provider is skipped by default, with a warning. When a served pseudo-version is found,
# pin it here (or pass it in the environment) together with the release number it builds:
AWS_PROVIDER_MODULE_VERSION="${ERDNS_AWS_PROVIDER_MODULE_VERSION:-}"  # e.g. v1.60.1-0.2025MMDDhhmmss-<12 hex>
AWS_PROVIDER_RELEASE="${ERDNS_AWS_PROVIDER_RELEASE:-}"                # e.g. 6.20.0 (the provider reports this)
# Trim the provider to the services the module uses (1) or build all of them (0). See trim_provider.
AWS_PROVIDER_TRIM="${ERDNS_AWS_PROVIDER_TRIM:-1}"
# Service packages (directory names under internal/service/) kept when trimming:
#   lambda, iam, sns, sqs, route53, cloudwatch (metric alarms), logs, events (EventBridge rules),
#   scheduler (EventBridge Scheduler), elasticache, ec2 (VPC, subnets, security groups,
#   aws_availability_zones), sts (aws_caller_identity), kms, meta (aws_region, aws_partition, ...).
AWS_PROVIDER_SERVICES="lambda iam sns sqs route53 cloudwatch logs events scheduler elasticache ec2 sts kms meta"

# ---------------------------------------------------------------------------------------------
VERIFY=0 FORCE=0 KEEP_WORK=0
for arg in "$@"; do
  case "$arg" in
    --verify) VERIFY=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) echo "install.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/elasticache-replica-dns/toolchain"
BIN="$CACHE/bin"
MIRROR="$CACHE/mirror"
STAMPS="$CACHE/stamps"
WORK="$CACHE/.work"            # scratch: module copies and the Go build cache; removed on success
RC="$CACHE/terraformrc"
START=$(date +%s)

# Terraform calls checkpoint-api.hashicorp.com from every command unless told not to; nothing is to
# leave this machine but module proxy traffic.
export CHECKPOINT_DISABLE=1

log() { printf '[toolchain %4ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
warn() { printf '[toolchain] WARNING: %s\n' "$*" >&2; }
die() { printf '[toolchain] ERROR: %s\n' "$*" >&2; exit 1; }
# First line of `<binary> version`, ignoring any TF_CLI_CONFIG_FILE of the caller (a missing one
# makes both CLIs print a warning on stdout).
version_of() { env -u TF_CLI_CONFIG_FILE "$1" version 2>/dev/null | head -1; }

mkdir -p "$BIN" "$STAMPS"

# One run at a time per cache (two engineers, or CI and a shell, may start it together).
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.lock"
  if ! flock -n 9; then
    log "another install.sh holds $CACHE/.lock; waiting"
    flock 9
  fi
fi

stamp_ok() { [ "$FORCE" = 0 ] && [ -f "$STAMPS/$1" ] && [ -x "$2" ]; }
set_stamp() { # name, then lines of detail
  local name=$1; shift
  rm -f "$STAMPS/${name%%-*}"-*          # an older pinned version of the same piece
  printf '%s\n' "$@" >"$STAMPS/$name"
}

# Go environment, set only when something must be built.
GO_READY=0
setup_go() {
  [ "$GO_READY" = 1 ] && return 0
  command -v go >/dev/null || die "go is not on PATH (Go >= 1.26 is needed to build the toolchain)"
  # Only the Go module proxy is reachable: drop a `direct` (or `off`) fallback so that nothing ever
  # goes to a VCS host. (The proxy answers 403 for what it does not serve; direct is not tried on
  # 403 anyway, but a 404 would fall through to direct.)
  local proxy
  proxy=$(go env GOPROXY | tr ',|' '\n\n' | grep -v -x -e direct -e off -e '' | paste -sd, -)
  export GOPROXY="${proxy:-https://proxy.golang.org}"
  export GOTOOLCHAIN=local
  export GOFLAGS="-mod=mod -buildvcs=false"
  export CGO_ENABLED=0
  export GOCACHE="$WORK/go-build"
  mkdir -p "$WORK"
  GO_READY=1
  log "Go: $(go env GOVERSION), GOPROXY=$GOPROXY, GOTOOLCHAIN=$GOTOOLCHAIN, build cache $GOCACHE"
}

# Runs a slow command under nice, its output in a log, a progress line every 60 s, and timing.
run_slow() { # label, command...
  local label=$1; shift
  local logf="$WORK/${label//[^A-Za-z0-9.]/_}.log" t0 pid rc=0 next
  t0=$(date +%s); next=$(( t0 + 60 ))
  log "$label: started"
  nice -n 10 "$@" >"$logf" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    if [ "$(date +%s)" -ge "$next" ] && kill -0 "$pid" 2>/dev/null; then
      log "$label: still running ($(( $(date +%s) - t0 ))s)"
      next=$(( next + 60 ))
    fi
  done
  wait "$pid" || rc=$?
  if [ "$rc" != 0 ]; then
    tail -n 40 "$logf" >&2
    log "$label: FAILED after $(( $(date +%s) - t0 ))s (exit $rc; full log $logf)"
    return "$rc"
  fi
  log "$label: done in $(( $(date +%s) - t0 ))s"
}

# go mod download -json; prints the module's Dir, or nothing (and the error on stderr) when refused.
module_dir() { # path@version
  local out
  out=$(cd "$WORK" && go mod download -json "$1" 2>/dev/null || true)
  if printf '%s' "$out" | grep -q '"Error"'; then
    printf '%s\n' "$out" | sed -n 's/.*"Error": "\(.*\)".*/\1/p' | sed 's/\\n/\n/g; s/\\t/  /g' >&2
    return 1
  fi
  printf '%s' "$out" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'
}

# A writable copy of a module (the module cache is read-only).
copy_module() { # src dst
  rm -rf "$2"; mkdir -p "$(dirname "$2")"
  cp -R "$1" "$2"; chmod -R u+w "$2"
}

# The GOTOOLCHAIN to build a module with: local, unless its go directive needs a newer Go.
toolchain_for() { # module dir
  local need have
  need=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$1/go.mod" | head -1)
  have=$(go env GOVERSION | sed 's/^go//')
  if [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | tail -1)" != "$have" ]; then
    log "module needs go $need (local go $have): building with GOTOOLCHAIN=go1.27.3"
    echo go1.27.3     # the only newer Go that the module proxy serves here
  else
    echo local
  fi
}

# ---------------------------------------------------------------------------------------------
# 1. OpenTofu. Its go.mod has `replace` directives, so `go install …@version` refuses it: build
#    ./cmd/tofu inside a writable copy, with the release ldflag (version.dev=no, as .goreleaser.yaml
#    does; the version number itself comes from the embedded version/VERSION file).
# ---------------------------------------------------------------------------------------------
install_tofu() {
  local stamp="tofu-v$TOFU_VERSION"
  if stamp_ok "$stamp" "$BIN/tofu"; then log "OpenTofu v$TOFU_VERSION: cached"; return 0; fi
  setup_go
  local dir src="$WORK/opentofu"
  dir=$(module_dir "github.com/opentofu/opentofu@v$TOFU_VERSION") || die "OpenTofu v$TOFU_VERSION is not served by the module proxy"
  copy_module "$dir" "$src"
  run_slow "build OpenTofu v$TOFU_VERSION" \
    env GOTOOLCHAIN="$(toolchain_for "$src")" bash -c 'cd "$1" && go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$2" ./cmd/tofu' \
    _ "$src" "$WORK/tofu.new"
  [ "$(version_of "$WORK/tofu.new")" = "OpenTofu v$TOFU_VERSION" ] \
    || die "built tofu reports '$(version_of "$WORK/tofu.new")', expected OpenTofu v$TOFU_VERSION"
  mv -f "$WORK/tofu.new" "$BIN/tofu"
  rm -rf "$src"
  set_stamp "$stamp" "module github.com/opentofu/opentofu@v$TOFU_VERSION" "built $(date -u +%FT%TZ) with $(go env GOVERSION)"
}

# ---------------------------------------------------------------------------------------------
# 2. Terraform. No replace directives in v1.5.7, so go install works; version.Prerelease is already
#    "" in the tagged source, so no version ldflags are needed.
# ---------------------------------------------------------------------------------------------
install_terraform() {
  local stamp="terraform-v$TERRAFORM_VERSION"
  if stamp_ok "$stamp" "$BIN/terraform"; then log "Terraform v$TERRAFORM_VERSION: cached"; return 0; fi
  setup_go
  mkdir -p "$WORK/gobin"
  # go install pkg@version ignores the current module; -mod=mod is not accepted there.
  run_slow "build Terraform v$TERRAFORM_VERSION" \
    env GOBIN="$WORK/gobin" GOFLAGS=-buildvcs=false \
    go install -trimpath -ldflags "-s -w" "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
  [ "$(version_of "$WORK/gobin/terraform")" = "Terraform v$TERRAFORM_VERSION" ] \
    || die "built terraform reports '$(version_of "$WORK/gobin/terraform")', expected Terraform v$TERRAFORM_VERSION"
  mv -f "$WORK/gobin/terraform" "$BIN/terraform"
  set_stamp "$stamp" "module github.com/hashicorp/terraform@v$TERRAFORM_VERSION" "built $(date -u +%FT%TZ) with $(go env GOVERSION)"
}

# ---------------------------------------------------------------------------------------------
# 3. AWS provider.
# Trimming: the provider registers every AWS service through generated lists,
#   internal/provider/service_packages_gen.go (v5) and, in later layouts, files of the same name
#   under internal/provider/*/ (for example internal/provider/framework/). Each holds
#     import lines     "github.com/hashicorp/terraform-provider-aws/internal/service/<svc>"
#     list entries     <svc>.ServicePackage(ctx),
#   Deleting both lines for every <svc> not in AWS_PROVIDER_SERVICES removes that service's
#   resources and data sources from the provider and, unless a kept service imports it, its code
#   and AWS SDK client from the build, which is what makes the build fit CI. Nothing else changes.
# ---------------------------------------------------------------------------------------------
trim_provider() { # module copy dir
  local files keep f n=0
  files=$(find "$1/internal/provider" -name service_packages_gen.go -type f)
  [ -n "$files" ] || { warn "no service_packages_gen.go under $1/internal/provider: layout unknown, building the full provider"; return 0; }
  keep=" $AWS_PROVIDER_SERVICES "
  for f in $files; do
    awk -v keep="$keep" '
      match($0, /^\t"github\.com\/hashicorp\/terraform-provider-aws\/internal\/service\/[a-z0-9]+"$/) {
        svc = $0; sub(/.*\/service\//, "", svc); sub(/"$/, "", svc)
        if (index(keep, " " svc " ") == 0) next
      }
      match($0, /^\t\t[a-z0-9]+\.ServicePackage\(ctx\),$/) {
        svc = $0; sub(/^\t\t/, "", svc); sub(/\..*/, "", svc)
        if (index(keep, " " svc " ") == 0) next
      }
      { print }' "$f" >"$f.trimmed"
    mv "$f.trimmed" "$f"
    n=$(( n + $(grep -c 'ServicePackage(ctx),' "$f" || true) ))
  done
  log "trimmed provider registry to: $AWS_PROVIDER_SERVICES ($n service package entries left in $(echo "$files" | wc -l) file(s))"
}

install_aws_provider() {
  if [ -z "$AWS_PROVIDER_MODULE_VERSION" ] || [ -z "$AWS_PROVIDER_RELEASE" ]; then
    warn "AWS provider SKIPPED: no pseudo-version of a v5/v6 release of github.com/hashicorp/terraform-provider-aws"
    warn "is served by the Go module proxy here (see the list of refused versions in $0)."
    warn "tofu/terraform init of a configuration that requires hashicorp/aws will fail until one is pinned"
    warn "(ERDNS_AWS_PROVIDER_MODULE_VERSION=<pseudo-version> ERDNS_AWS_PROVIDER_RELEASE=<x.y.z>)."
    return 0
  fi
  local rel=$AWS_PROVIDER_RELEASE platform stamp binname
  local services="all"; [ "$AWS_PROVIDER_TRIM" = 1 ] && services=$AWS_PROVIDER_SERVICES
  stamp="aws-v$rel"
  binname="terraform-provider-aws_v${rel}_x5"
  platform="$(uname -s | tr 'A-Z' 'a-z')_$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')"
  local target="$MIRROR/registry.terraform.io/hashicorp/aws/$rel/$platform/$binname"
  if stamp_ok "$stamp" "$target" && grep -qxF "module $AWS_PROVIDER_MODULE_VERSION" "$STAMPS/$stamp" \
     && grep -qxF "services $services" "$STAMPS/$stamp"; then
    log "AWS provider v$rel: cached"; return 0
  fi
  setup_go
  local dir src="$WORK/terraform-provider-aws"
  if ! dir=$(module_dir "github.com/hashicorp/terraform-provider-aws@$AWS_PROVIDER_MODULE_VERSION"); then
    warn "AWS provider SKIPPED: github.com/hashicorp/terraform-provider-aws@$AWS_PROVIDER_MODULE_VERSION was refused by the module proxy"
    return 0
  fi
  run_slow "copy provider source" cp -R "$dir" "$src.tmp"
  rm -rf "$src"; mv "$src.tmp" "$src"; chmod -R u+w "$src"
  [ "$AWS_PROVIDER_TRIM" = 1 ] && trim_provider "$src"
  run_slow "build AWS provider v$rel ($services)" \
    env GOTOOLCHAIN="$(toolchain_for "$src")" bash -c 'cd "$1" && go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$2" -o "$3" .' \
    _ "$src" "$rel" "$WORK/$binname" \
    || { warn "AWS provider SKIPPED: build failed (log kept under $WORK)"; KEEP_WORK=1; return 0; }
  rm -rf "$MIRROR/registry.terraform.io/hashicorp/aws" "$MIRROR/registry.opentofu.org/hashicorp/aws"
  local host
  for host in registry.terraform.io registry.opentofu.org; do
    mkdir -p "$MIRROR/$host/hashicorp/aws/$rel/$platform"
    cp "$WORK/$binname" "$MIRROR/$host/hashicorp/aws/$rel/$platform/$binname"
  done
  rm -rf "$src" "$WORK/$binname"
  set_stamp "$stamp" "module $AWS_PROVIDER_MODULE_VERSION" "services $services" "built $(date -u +%FT%TZ) with $(go env GOVERSION)"
}

# ---------------------------------------------------------------------------------------------
# 4. CLI configuration. Providers come only from the local mirror: no `direct` block, because the
#    registries cannot be reached and nothing is to be sent there (a provider other than
#    hashicorp/aws therefore fails at init, quickly and clearly). disable_checkpoint stops
#    Terraform's version check call.
# ---------------------------------------------------------------------------------------------
write_cli_config() {
  local tmp="$RC.tmp"
  mkdir -p "$MIRROR"
  cat >"$tmp" <<EOF
# Written by scripts/toolchain/install.sh. Offline: providers only from the local mirror.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/aws", "registry.opentofu.org/hashicorp/aws"]
  }
}
EOF
  if cmp -s "$tmp" "$RC"; then rm -f "$tmp"; else mv -f "$tmp" "$RC"; fi
}

# ---------------------------------------------------------------------------------------------
# 5. Optional smoke test: init + validate offline with both binaries in a throwaway directory.
# ---------------------------------------------------------------------------------------------
verify() {
  local d bin have_aws=0
  [ -d "$MIRROR/registry.terraform.io/hashicorp/aws" ] && have_aws=1
  d=$(mktemp -d)
  trap 'rm -rf "$d"' RETURN
  if [ "$have_aws" = 1 ]; then
    cat >"$d/main.tf" <<'EOF'
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}
data "aws_region" "current" {}
output "region" { value = data.aws_region.current.name }
EOF
  else
    printf 'output "ok" { value = true }\n' >"$d/main.tf"
    warn "verify: no AWS provider, checking init/validate of a provider-less configuration only"
  fi
  for bin in tofu terraform; do
    mkdir -p "$d/$bin"; cp "$d/main.tf" "$d/$bin/"
    TF_CLI_CONFIG_FILE="$RC" TF_IN_AUTOMATION=1 "$BIN/$bin" -chdir="$d/$bin" init -input=false -no-color >&2 \
      || die "verify: $bin init failed"
    TF_CLI_CONFIG_FILE="$RC" "$BIN/$bin" -chdir="$d/$bin" validate -no-color >&2 || die "verify: $bin validate failed"
    if [ "$have_aws" = 1 ]; then
      grep -q 'provider "registry' "$d/$bin/.terraform.lock.hcl" || die "verify: $bin wrote no lock file entry"
    fi
    log "verify: $bin init + validate ok"
  done
}

log "cache $CACHE"
install_tofu
install_terraform
install_aws_provider
write_cli_config
[ "$KEEP_WORK" = 1 ] || rm -rf "$WORK"
[ "$VERIFY" = 1 ] && verify
log "ready: $(version_of "$BIN/tofu"), $(version_of "$BIN/terraform")"

printf 'export PATH=%q:"$PATH"\n' "$BIN"
printf 'export TF_CLI_CONFIG_FILE=%q\n' "$RC"

#!/usr/bin/env bash
# Terraform toolchain for the tests: the binaries the module promises to work with, and the AWS
# provider from a filesystem mirror already on the machine.
#
#   eval "$(bash scripts/toolchain/install.sh)"     # build or reuse, then export the variables below
#   bash scripts/toolchain/install.sh --force        # rebuild the binaries
#   eval "$(bash scripts/toolchain/install.sh --for-demo)"   # one binary for `npm run demo`, below
#
# Binaries (ERDNS_TF_BINARIES, space-separated name@version=path):
#   OpenTofu 1.12.6 and Terraform 1.5.7 (the floor), built from their Go modules through the Go
#   module proxy (no release download site is reachable here) into the cache; plus the Terraform on
#   PATH when it is another version.
# tflint 0.64.0 (bin/tflint, exported as ERDNS_TFLINT), built from its Go module the same way, with
#   its bundled terraform ruleset; no plugin download.
# Provider: hashicorp/aws from a filesystem_mirror (unpacked layout) found on the machine: the
#   directory in ERDNS_PROVIDER_MIRROR, else the first of the usual places below that holds
#   registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_v*. It is never
#   built: the Go module proxy serves Go modules, not provider releases. None found: exit 1, saying
#   where it looked.
# CLI configs: ERDNS_TERRAFORM_RC (Terraform) and ERDNS_TOFU_RC (OpenTofu, which asks for
#   registry.opentofu.org/hashicorp/aws): each points a filesystem_mirror at the cache's mirror/,
#   whose <os>_<arch> directories are symlinks into the machine's mirror (a symlink of a whole
#   provider directory is not followed by OpenTofu), and sets disable_checkpoint. Callers set
#   TF_CLI_CONFIG_FILE to the one of the binary they run.
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/toolchain/ (bin/, mirror/, *.rc,
# stamps/). A warm run only checks stamps (well under a second); concurrent runs are serialized with
# flock. stdout carries only the `export` lines; progress goes to stderr.
#
# --for-demo: one binary, nothing built that is not needed. The `terraform` on PATH when it is
#   >= 1.5.7, else the `tofu` on PATH when it is >= 1.6, else OpenTofu as above (built once, then
#   cached). The provider mirror as above when one is found (same CLI configs); when none is found,
#   a CLI config without provider_installation (registry.rc: a plugin_cache_dir in the cache), so
#   `init` gets the provider from the registry as usual, once. Exports ERDNS_TF_BINARIES (that one
#   binary), ERDNS_TERRAFORM_RC, ERDNS_TOFU_RC, ERDNS_PROVIDER_SOURCE (where the provider comes
#   from, in words), CHECKPOINT_DISABLE. Never fails for want of a mirror.
set -euo pipefail

TOFU_VERSION=1.12.6          # go module github.com/opentofu/opentofu@v1.12.6
TERRAFORM_VERSION=1.5.7      # go module github.com/hashicorp/terraform@v1.5.7 (module minimum)
TFLINT_VERSION=0.64.0        # go module github.com/terraform-linters/tflint@v0.64.0 (the newest the proxy serves)
# Where a machine keeps a provider mirror: Terraform's implied local mirror directories, and the
# image's /opt/tf-plugins.
MIRROR_CANDIDATES=(
  "${XDG_DATA_HOME:-$HOME/.local/share}/terraform/plugins"
  "$HOME/.terraform.d/plugins"
  /usr/local/share/terraform/plugins
  /usr/share/terraform/plugins
  /opt/tf-plugins
  /opt/terraform/plugins
)

FORCE=0
FOR_DEMO=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --for-demo) FOR_DEMO=1 ;;
    -h|--help) sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) echo "install.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/elasticache-replica-dns/toolchain"
BIN="$CACHE/bin"
MIRROR="$CACHE/mirror"
STAMPS="$CACHE/stamps"
WORK="$CACHE/.work"            # scratch: module copies and the Go build cache; removed on success
START=$(date +%s)
export CHECKPOINT_DISABLE=1    # no call to checkpoint-api.hashicorp.com

log() { printf '[toolchain %4ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { printf '[toolchain] ERROR: %s\n' "$*" >&2; exit 1; }
# "1.5.7" from `<binary> version -json`, ignoring the caller's CLI config (a missing one makes both
# CLIs print a warning).
version_of() {
  env -u TF_CLI_CONFIG_FILE "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p'
}

mkdir -p "$BIN" "$STAMPS"
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.lock"
  flock -n 9 || { log "another install.sh holds $CACHE/.lock; waiting"; flock 9; }
fi

stamp_ok() { [ "$FORCE" = 0 ] && [ -f "$STAMPS/$1" ] && [ -x "$2" ]; }
set_stamp() { local name=$1; shift; rm -f "$STAMPS/${name%%-*}"-*; printf '%s\n' "$@" >"$STAMPS/$name"; }

GO_READY=0
setup_go() {
  [ "$GO_READY" = 1 ] && return 0
  command -v go >/dev/null || die "go is not on PATH (Go >= 1.26 builds OpenTofu and Terraform $TERRAFORM_VERSION)"
  # Only the module proxy is reachable: drop a `direct`/`off` fallback so nothing goes to a VCS host.
  local proxy
  proxy=$(go env GOPROXY | tr ',|' '\n\n' | grep -v -x -e direct -e off -e '' | paste -sd, -)
  export GOPROXY="${proxy:-https://proxy.golang.org}" GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false"
  export CGO_ENABLED=0 GOCACHE="$WORK/go-build"
  mkdir -p "$WORK"
  GO_READY=1
  log "Go: $(go env GOVERSION), GOPROXY=$GOPROXY"
}

# A slow command under nice, its output in a log, a progress line every 60 s.
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
      log "$label: still running ($(( $(date +%s) - t0 ))s)"; next=$(( next + 60 ))
    fi
  done
  wait "$pid" || rc=$?
  if [ "$rc" != 0 ]; then
    tail -n 40 "$logf" >&2
    die "$label: failed after $(( $(date +%s) - t0 ))s (exit $rc; full log $logf)"
  fi
  log "$label: done in $(( $(date +%s) - t0 ))s"
}

# 1. OpenTofu. Its go.mod has `replace` directives, so `go install …@version` refuses it: build
#    ./cmd/tofu in a writable copy with the release ldflag (version.dev=no, as .goreleaser.yaml does).
install_tofu() {
  local stamp="tofu-v$TOFU_VERSION" out dir src="$WORK/opentofu"
  if stamp_ok "$stamp" "$BIN/tofu"; then log "OpenTofu v$TOFU_VERSION: cached"; return 0; fi
  setup_go
  out=$(cd "$WORK" && go mod download -json "github.com/opentofu/opentofu@v$TOFU_VERSION") \
    || die "OpenTofu v$TOFU_VERSION is not served by the module proxy: $out"
  dir=$(printf '%s' "$out" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  rm -rf "$src"; cp -R "$dir" "$src"; chmod -R u+w "$src"
  run_slow "build OpenTofu v$TOFU_VERSION" \
    bash -c 'cd "$1" && go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$2" ./cmd/tofu' \
    _ "$src" "$WORK/tofu.new"
  [ "$(version_of "$WORK/tofu.new")" = "$TOFU_VERSION" ] || die "built tofu does not report $TOFU_VERSION"
  mv -f "$WORK/tofu.new" "$BIN/tofu"
  rm -rf "$src"
  set_stamp "$stamp" "module github.com/opentofu/opentofu@v$TOFU_VERSION" "built $(date -u +%FT%TZ) with $(go env GOVERSION)"
}

# 2. Terraform at the floor. No replace directives in v1.5.7, so go install works. Named with its
#    version, so that it never shadows the user's `terraform` on PATH.
install_terraform() {
  local stamp="terraform-v$TERRAFORM_VERSION" target="$BIN/terraform-$TERRAFORM_VERSION"
  # Caches written before the rename kept it as bin/terraform.
  if [ ! -x "$target" ] && [ -x "$BIN/terraform" ] && [ "$(version_of "$BIN/terraform")" = "$TERRAFORM_VERSION" ]; then
    mv "$BIN/terraform" "$target"
  fi
  if stamp_ok "$stamp" "$target"; then log "Terraform v$TERRAFORM_VERSION: cached"; return 0; fi
  setup_go
  mkdir -p "$WORK/gobin"
  run_slow "build Terraform v$TERRAFORM_VERSION" \
    env GOBIN="$WORK/gobin" GOFLAGS=-buildvcs=false \
    go install -trimpath -ldflags "-s -w" "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
  [ "$(version_of "$WORK/gobin/terraform")" = "$TERRAFORM_VERSION" ] || die "built terraform does not report $TERRAFORM_VERSION"
  mv -f "$WORK/gobin/terraform" "$target"
  set_stamp "$stamp" "module github.com/hashicorp/terraform@v$TERRAFORM_VERSION" "built $(date -u +%FT%TZ) with $(go env GOVERSION)"
}

# 3. tflint, with its bundled terraform ruleset (tflint-ruleset-terraform, compiled in: no plugin
#    download). No replace directives, so go install works. The aws ruleset is a separate plugin
#    released on GitHub only, so it is not installed (see .tflint.hcl).
install_tflint() {
  local stamp="tflint-v$TFLINT_VERSION" target="$BIN/tflint"
  if stamp_ok "$stamp" "$target"; then log "tflint v$TFLINT_VERSION: cached"; return 0; fi
  setup_go
  mkdir -p "$WORK/gobin"
  run_slow "build tflint v$TFLINT_VERSION" \
    env GOBIN="$WORK/gobin" GOFLAGS=-buildvcs=false \
    go install -trimpath -ldflags "-s -w" "github.com/terraform-linters/tflint@v$TFLINT_VERSION"
  local reported
  reported=$("$WORK/gobin/tflint" --version 2>/dev/null | sed -n 's/^TFLint version //p')
  [ "$reported" = "$TFLINT_VERSION" ] || die "built tflint reports ${reported:-nothing}, not $TFLINT_VERSION"
  mv -f "$WORK/gobin/tflint" "$target"
  set_stamp "$stamp" "module github.com/terraform-linters/tflint@v$TFLINT_VERSION" "built $(date -u +%FT%TZ) with $(go env GOVERSION)"
}

# 4. The provider mirror: link every hashicorp/aws <version>/<platform> directory found into the
#    cache's mirror under both registry hosts.
PLATFORM="$(uname -s | tr 'A-Z' 'a-z')_$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')"
mirror_candidates() {
  if [ -n "${ERDNS_PROVIDER_MIRROR:-}" ]; then MIRROR_LOOKED=("$ERDNS_PROVIDER_MIRROR"); else MIRROR_LOOKED=("${MIRROR_CANDIDATES[@]}"); fi
}
# The first candidate holding hashicorp/aws for this platform, or nothing.
find_mirror() {
  local c
  mirror_candidates
  for c in "${MIRROR_LOOKED[@]}"; do
    if compgen -G "$c/registry.terraform.io/hashicorp/aws/*/$PLATFORM/terraform-provider-aws_v*" >/dev/null; then printf '%s\n' "$c"; return 0; fi
  done
}
link_provider_mirror() {
  local candidates=() source="" versions v
  mirror_candidates
  candidates=("${MIRROR_LOOKED[@]}")
  source=$(find_mirror)
  [ -n "$source" ] || die "no hashicorp/aws provider for $PLATFORM in a filesystem mirror (looked in: ${candidates[*]}; expected <dir>/registry.terraform.io/hashicorp/aws/<version>/$PLATFORM/terraform-provider-aws_v<version>_x5). Point ERDNS_PROVIDER_MIRROR at a mirror directory (\`terraform providers mirror <dir>\` on a connected machine makes one)."
  rm -rf "$MIRROR.new"
  versions=()
  for v in "$source"/registry.terraform.io/hashicorp/aws/*/"$PLATFORM"; do
    v=${v%/"$PLATFORM"}; v=${v##*/}
    versions+=("$v")
    for host in registry.terraform.io registry.opentofu.org; do
      mkdir -p "$MIRROR.new/$host/hashicorp/aws/$v"
      ln -s "$source/registry.terraform.io/hashicorp/aws/$v/$PLATFORM" "$MIRROR.new/$host/hashicorp/aws/$v/$PLATFORM"
    done
  done
  rm -rf "$MIRROR"; mv "$MIRROR.new" "$MIRROR"
  log "AWS provider ${versions[*]} from $source"
  PROVIDER_VERSIONS="${versions[*]}"
}

# 5. CLI configs: providers only from the mirror (no `direct`: the registries cannot be reached, and
#    nothing is to be sent there).
write_rc() { # file, registry host
  cat >"$1.tmp" <<RC
# Written by scripts/toolchain/install.sh. Providers only from the local mirror.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["$2/hashicorp/aws"]
  }
}
RC
  if cmp -s "$1.tmp" "$1"; then rm -f "$1.tmp"; else mv -f "$1.tmp" "$1"; fi
}

# --for-demo: sets DEMO_BINARY to `<family>@<version>=<path>` of the binary the demo runs (see the
# header). Not in a command substitution, so that a failed build stops the script (set -e).
at_least() { [ -n "$1" ] && [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
demo_binary() {
  local path version
  path=$(command -v terraform || true)
  if [ -n "$path" ]; then
    version=$(version_of "$path" || true)
    if at_least "$version" "$TERRAFORM_VERSION"; then DEMO_BINARY="terraform@$version=$path"; return 0; fi
    log "terraform on PATH ($path) is ${version:-of unknown version}, older than $TERRAFORM_VERSION: not used"
  fi
  path=$(command -v tofu || true)
  if [ -n "$path" ]; then
    version=$(version_of "$path" || true)
    if at_least "$version" 1.6.0; then DEMO_BINARY="tofu@$version=$path"; return 0; fi
    log "tofu on PATH ($path) is ${version:-of unknown version}, older than 1.6.0: not used"
  fi
  if ! stamp_ok "tofu-v$TOFU_VERSION" "$BIN/tofu"; then
    command -v go >/dev/null || die "neither Terraform >= $TERRAFORM_VERSION nor OpenTofu >= 1.6 is on PATH, and no Go to build OpenTofu $TOFU_VERSION: install one of the three"
    log "neither Terraform >= $TERRAFORM_VERSION nor OpenTofu >= 1.6 on PATH: OpenTofu $TOFU_VERSION from the Go module proxy (built once, minutes; then cached)"
  fi
  install_tofu
  rm -rf "$WORK"
  DEMO_BINARY="tofu@$TOFU_VERSION=$BIN/tofu"
}

if [ "$FOR_DEMO" = 1 ]; then
  demo_binary
  binary=$DEMO_BINARY
  mirror_candidates
  mirror_dir=$(find_mirror)
  if [ -n "$mirror_dir" ]; then
    link_provider_mirror
    write_rc "$CACHE/terraform.rc" registry.terraform.io
    write_rc "$CACHE/tofu.rc" registry.opentofu.org
    terraform_rc="$CACHE/terraform.rc" tofu_rc="$CACHE/tofu.rc"
    provider="hashicorp/aws $PROVIDER_VERSIONS from the filesystem mirror $mirror_dir"
  else
    mkdir -p "$CACHE/plugin-cache"
    cat >"$CACHE/registry.rc" <<RC
# Written by scripts/toolchain/install.sh --for-demo: no local mirror, so providers come from the
# registry as usual; kept in a plugin cache, so that the next run does not download them again.
disable_checkpoint = true
plugin_cache_dir   = "$CACHE/plugin-cache"
RC
    terraform_rc="$CACHE/registry.rc" tofu_rc="$CACHE/registry.rc"
    provider="hashicorp/aws from the registry (no filesystem mirror in: ${MIRROR_LOOKED[*]})"
    log "no provider mirror found (looked in: ${MIRROR_LOOKED[*]}): init fetches hashicorp/aws from the registry"
  fi
  log "demo: ${binary%%=*} (${binary#*=}); $provider"
  printf 'export ERDNS_TF_BINARIES=%q\n' "$binary"
  printf 'export ERDNS_TERRAFORM_RC=%q\n' "$terraform_rc"
  printf 'export ERDNS_TOFU_RC=%q\n' "$tofu_rc"
  printf 'export ERDNS_PROVIDER_SOURCE=%q\n' "$provider"
  printf 'export CHECKPOINT_DISABLE=1\n'
  exit 0
fi

log "cache $CACHE"
install_tofu
install_terraform
install_tflint
link_provider_mirror
write_rc "$CACHE/terraform.rc" registry.terraform.io
write_rc "$CACHE/tofu.rc" registry.opentofu.org
rm -rf "$WORK"

binaries="terraform@$TERRAFORM_VERSION=$BIN/terraform-$TERRAFORM_VERSION tofu@$TOFU_VERSION=$BIN/tofu"
path_tf=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -x -F "$BIN" | paste -sd: -) command -v terraform || true)
if [ -n "$path_tf" ]; then
  path_version=$(version_of "$path_tf")
  [ -n "$path_version" ] || die "$path_tf does not answer \`version -json\`"
  [ "$path_version" = "$TERRAFORM_VERSION" ] || binaries="$binaries terraform@$path_version=$path_tf"
fi
log "ready: $binaries; provider $PROVIDER_VERSIONS"

printf 'export PATH=%q:"$PATH"\n' "$BIN"
printf 'export ERDNS_TF_BINARIES=%q\n' "$binaries"
printf 'export ERDNS_TERRAFORM_RC=%q\n' "$CACHE/terraform.rc"
printf 'export ERDNS_TOFU_RC=%q\n' "$CACHE/tofu.rc"
printf 'export ERDNS_TFLINT=%q\n' "$BIN/tflint"
printf 'export CHECKPOINT_DISABLE=1\n'

# Shared helpers for the scripts in this folder: progress lines with elapsed time, and the cache root.
# Sourced, not executed.
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/elasticache-replica-dns"
export CACHE_ROOT
SCRIPT_START=$(date +%s)

step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - SCRIPT_START ))" "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Marks a node_modules that holds only the demo's packages (ensure_demo_node_modules).
DEMO_ONLY_MARKER=node_modules/.demo-only

# `npm ci --strict-allow-scripts`: an install script of a dependency runs only when package.json's
# allowScripts allows it, and one it does not name fails the install (CONTRIBUTING.md says which
# run and why). npm has the flag from 11.16 on (the allowScripts policy; npm 12 blocks unlisted
# scripts by default); with an older npm (npm 10 comes with Node.js 20) the same command runs with
# NPM_FOR_OLD_NPM through npx, so every install enforces the same policy.
NPM_STRICT_ALLOW_SCRIPTS_SINCE=11.16.0
NPM_FOR_OLD_NPM=npm@11.19.1
version_at_least() { # VERSION MINIMUM (major.minor.patch; a pre-release counts as its release)
  node -e 'const [a, b] = process.argv.slice(1).map((v) => v.split(".").map((n) => parseInt(n, 10)));
    const order = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    process.exit(order >= 0 ? 0 : 1)' "$1" "$2"
}
npm_ci() {
  if version_at_least "$(npm --version)" "$NPM_STRICT_ALLOW_SCRIPTS_SINCE"; then
    npm ci --strict-allow-scripts "$@"
  else
    note "npm $(npm --version) has no --strict-allow-scripts (npm >= $NPM_STRICT_ALLOW_SCRIPTS_SINCE): installing with $NPM_FOR_OLD_NPM (npx)"
    npx --yes "$NPM_FOR_OLD_NPM" ci --strict-allow-scripts "$@"
  fi
}

# Installs npm packages from the lock file when node_modules is missing, older than the lock, or
# only the demo's.
ensure_node_modules() {
  # A symlinked node_modules is someone else's install (a git worktree sharing the main checkout's):
  # npm ci would empty the directory it points at. Use it as it is.
  if [ -L node_modules ]; then
    return 0
  fi
  if [ ! -d node_modules ] || [ -e "$DEMO_ONLY_MARKER" ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing npm packages (npm ci, about 1 minute cold)"
    npm_ci --no-audit --no-fund --prefer-offline --loglevel=error >&2
  fi
}

# The demo loads 5 packages (scripts/demo/deps); the full install (1.6 GB: cdktf's and cdktn's provider
# bindings, the CLI's terminal) takes 45 s of a cold demo. When there is no usable full install,
# installs just those into node_modules, marked so that ensure_node_modules replaces them. A full
# install (fresh or stale) is kept and brought up to date instead.
ensure_demo_node_modules() {
  if [ -d node_modules ] && [ ! -e "$DEMO_ONLY_MARKER" ]; then
    ensure_node_modules
    return
  fi
  if [ -e "$DEMO_ONLY_MARKER" ] && [ ! scripts/demo/deps/package-lock.json -nt "$DEMO_ONLY_MARKER" ]; then
    return 0
  fi
  step "Installing the demo's npm packages (scripts/demo/deps: 5 packages, seconds)"
  local tmp
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/replica-dns-demo-deps.XXXXXX")
  cp scripts/demo/deps/package.json scripts/demo/deps/package-lock.json "$tmp/"
  (cd "$tmp" && npm_ci --no-audit --no-fund --prefer-offline --loglevel=error >&2) || { rm -rf "$tmp"; return 1; }
  rm -rf node_modules
  mv "$tmp/node_modules" node_modules
  rm -rf "$tmp"
  touch "$DEMO_ONLY_MARKER"
}

# Builds or reuses the Terraform toolchain (OpenTofu, Terraform 1.5.7, AWS provider) and puts it on PATH.
ensure_toolchain() {
  step "Terraform toolchain (cached under $CACHE_ROOT/toolchain; a cold build takes a while, see README)"
  local exports
  exports=$(bash scripts/toolchain/install.sh) || die "toolchain build failed (see the lines above)"
  eval "$exports"
}

# The same, in the background: a cold build (Go compiles, minutes) overlaps the stages that need no
# Terraform. wait_toolchain collects it; its progress is replayed then.
start_toolchain() {
  TOOLCHAIN_OUT=$(mktemp "${TMPDIR:-/tmp}/replica-dns-toolchain.XXXXXX")
  step "Terraform toolchain, in the background (cached under $CACHE_ROOT/toolchain; a cold build takes a while, see README)"
  bash scripts/toolchain/install.sh >"$TOOLCHAIN_OUT.env" 2>"$TOOLCHAIN_OUT.log" &
  TOOLCHAIN_PID=$!
}
wait_toolchain() {
  step "Waiting for the Terraform toolchain"
  local rc=0
  wait "$TOOLCHAIN_PID" || rc=$?
  sed 's/^/    /' "$TOOLCHAIN_OUT.log" >&2
  [ "$rc" -eq 0 ] || die "toolchain build failed (see the lines above)"
  eval "$(cat "$TOOLCHAIN_OUT.env")"
  rm -f "$TOOLCHAIN_OUT" "$TOOLCHAIN_OUT.env" "$TOOLCHAIN_OUT.log"
}

# The Node.js binary of a Lambda runtime the emulator installed (nodejs22.x, nodejs24.x).
runtime_node_bin() { printf '%s/%s/bin' "${EMULATOR_LAMBDA_RUNTIMES_DIR:-$CACHE_ROOT/lambda-runtimes}" "$1"; }
runtime_node_version() { "$(runtime_node_bin "$1")/node" --version 2>/dev/null || echo "(missing)"; }
# Runs a command with that binary first on PATH; fails, saying how to get it, when it is missing.
on_runtime_node() {
  local runtime=$1 bin
  shift
  bin=$(runtime_node_bin "$runtime")
  if [ ! -x "$bin/node" ]; then
    note "no Node.js for $runtime at $bin/node: bash testkit/emulator/install.sh --lambda-runtimes-only (Linux x86_64; fetches it from the npm registry)"
    return 1
  fi
  PATH="$bin:$PATH" "$@"
}

# Installs the emulator's Python packages and redis-server.
ensure_emulator() {
  step "Emulator (moto + redis-server; cached under $CACHE_ROOT)"
  bash testkit/emulator/install.sh >&2 || die "emulator install failed (see the lines above)"
}

# Shared helpers for the scripts in this folder: progress lines with elapsed time, and the cache root.
# Sourced, not executed.
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/elasticache-replica-dns"
export CACHE_ROOT
SCRIPT_START=$(date +%s)

step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - SCRIPT_START ))" "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Installs npm packages from the lock file when node_modules is missing or older than the lock.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing npm packages (npm ci, about 1 minute cold)"
    npm ci --no-audit --no-fund --prefer-offline --loglevel=error >&2
  fi
}

# Builds or reuses the Terraform toolchain (OpenTofu, Terraform 1.5.7, AWS provider) and puts it on PATH.
ensure_toolchain() {
  step "Terraform toolchain (cached under $CACHE_ROOT/toolchain; a cold build takes a while, see README)"
  local exports
  exports=$(bash scripts/toolchain/install.sh) || die "toolchain build failed (see the lines above)"
  eval "$exports"
}

# Installs the emulator's Python packages and redis-server.
ensure_emulator() {
  step "Emulator (moto + redis-server; cached under $CACHE_ROOT)"
  bash test/emulator/install.sh >&2 || die "emulator install failed (see the lines above)"
}

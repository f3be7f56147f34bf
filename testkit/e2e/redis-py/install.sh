#!/usr/bin/env bash
# Installs the redis-py client check's virtualenv (idempotent): the pinned requirements.txt beside
# this file into ${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/redis-py-venv, again only when
# the file's hash changes; with the emulator install's uv when it is there (faster), else pip.
# Prints the venv's python on stdout, progress on stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/elasticache-replica-dns"
venv="$cache_root/redis-py-venv"
stamp="$venv/.requirements.sha256"
mkdir -p "$cache_root"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/redis-py-install.lock"
  flock 9
fi
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ "$want" = "$(cat "$stamp" 2>/dev/null || true)" ] && "$venv/bin/python" -c 'import redis, dns.resolver' >/dev/null 2>&1; then
  printf '%s\n' "$venv/bin/python"
  exit 0
fi
printf '[redis-py-install] creating %s\n' "$venv" >&2
rm -rf "$venv"
"${EMULATOR_PYTHON:-python3}" -m venv "$venv"
uv="$(ls "$cache_root"/uv-*/bin/uv 2>/dev/null | head -n1 || true)"
if [ -n "$uv" ]; then
  UV_CACHE_DIR="$cache_root/uv-cache" "$uv" pip install --quiet --python "$venv/bin/python" -r "$requirements"
else
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$requirements"
fi
"$venv/bin/python" -c 'import redis, dns.resolver'
printf '%s\n' "$want" >"$stamp"
printf '%s\n' "$venv/bin/python"

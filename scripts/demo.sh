#!/usr/bin/env bash
# The module's main job on the local emulator: apply (as the module would), names → nodes → roles,
# TestFailover, replica removal, destroy, and the 2018 blog's redis-benchmark measurement.
# Usage: npm run demo            (or: bash scripts/demo.sh)
# Installs what it needs (npm packages, the emulator's Python packages and redis-server, OpenTofu
# for evaluating the module's HCL), then runs scripts/demo/main.ts. Everything it starts is
# stopped at the end, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
ensure_emulator
ensure_toolchain

state=$(mktemp -d "${TMPDIR:-/tmp}/replica-dns-demo.XXXXXX")

# Processes of this run still alive: the launcher (its command line names the state dir), the
# redis-servers and Lambda runners (their working directories are inside it).
leftovers() {
  local pid cwd
  for pid in $(pgrep -f 'launcher.py|redis-server|lambda-runner.mjs' || true); do
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
    if [[ "$cwd" == "$state"* ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$state"; then
      echo "$pid"
    fi
  done
}

demo_pid=""
interrupted=0
finish() {
  local rc=$? left _
  trap '' INT TERM
  trap - EXIT
  [ "$interrupted" -eq 1 ] && rc=130
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then kill -TERM "$demo_pid" 2>/dev/null || true; fi
  # The demo stops what it started (at most ~15 s); wait for that, bounded, before checking.
  for _ in $(seq 1 100); do
    if { [ -z "$demo_pid" ] || ! kill -0 "$demo_pid" 2>/dev/null; } && [ -z "$(leftovers)" ]; then break; fi
    sleep 0.2
  done
  left=$(leftovers)
  if [ -n "$left" ]; then
    note "left running by the demo, now killed: $(echo $left)"
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
    [ "$rc" -eq 0 ] && rc=1
  fi
  if [ "$rc" -eq 0 ]; then
    rm -rf "$state"
    step "Demo finished: nothing left running (launcher, redis-server, Lambda runners of this run)"
  else
    note "state (emulator and Lambda logs) kept in $state"
    if [ "$rc" -eq 130 ]; then
      printf '\nDemo interrupted; everything it started is stopped.\n' >&2
    else
      printf '\nDemo FAILED (exit %s): see the message above.\n' "$rc" >&2
    fi
  fi
  exit "$rc"
}
trap finish EXIT
trap 'interrupted=1; exit 130' INT TERM

step "Demo: examples/complete on the local emulator"
export DEMO_STATE_DIR="$state" DEMO_START_EPOCH="$SCRIPT_START"
# Started in the background and waited for, so that Ctrl-C reaches the trap at once.
node_modules/.bin/tsx scripts/demo/main.ts &
demo_pid=$!
wait "$demo_pid"

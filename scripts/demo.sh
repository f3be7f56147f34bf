#!/usr/bin/env bash
# The module's main job on the local emulator: `terraform apply` (or `tofu apply`) of
# examples/complete exactly as a user applies it (plus a provider override aiming every endpoint at
# loopback), names → nodes → roles, TestFailover, replica removal in fixed and default mode, the 2018
# blog's redis-benchmark measurement, `terraform destroy`.
# Usage: npm run demo            (or: bash scripts/demo.sh)
# Installs what it needs, side by side: npm packages (in a fresh clone only the demo's 5, see
# scripts/demo/deps); the redis-py venv of the client step (testkit/e2e/redis-py/install.sh); the
# emulator's Python packages, redis-server
# and Lambda runtimes (testkit/emulator/install.sh); the Terraform or OpenTofu on PATH, or OpenTofu built
# once when there is neither, and the AWS provider from a filesystem mirror when the machine has one
# (scripts/toolchain/install.sh --for-demo). Then runs scripts/demo/main.ts. Everything it starts is
# stopped at the end, also on failure or Ctrl-C; any failure exits non-zero saying what failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

state=$(mktemp -d "${TMPDIR:-/tmp}/replica-dns-demo.XXXXXX")

# Processes of this run still alive: the launcher (its command line names the state dir), the
# redis-servers, Lambda runners, Terraform with its provider plugins and the client step's knotd
# and unbound (their working directories or config files are inside it).
leftovers() {
  local pid cwd
  for pid in $(pgrep -f 'launcher.py|redis-server|lambda-runner.mjs|terraform|tofu|knotd|unbound' || true); do
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
    if [[ "$cwd" == "$state"* ]] || tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$state"; then
      echo "$pid"
    fi
  done
}

# Background installs: each in its own process group (setsid), so that a failure or Ctrl-C stops
# the whole job (pip, npm pack, go build) by its group id.
jobs_started=()
stop_jobs() {
  local pid
  for pid in "${jobs_started[@]+"${jobs_started[@]}"}"; do
    kill -0 "$pid" 2>/dev/null && kill -TERM -- "-$pid" 2>/dev/null || true
  done
}

demo_pid=""
interrupted=0
finish() {
  local rc=$? left _
  trap '' INT TERM
  trap - EXIT
  [ "$interrupted" -eq 1 ] && rc=130
  stop_jobs
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then kill -TERM "$demo_pid" 2>/dev/null || true; fi
  # The demo stops what it started (at most ~20 s); wait for that, bounded, before checking.
  for _ in $(seq 1 125); do
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
    step "Demo finished in $(( $(date +%s) - SCRIPT_START )) s: nothing left running (Terraform, launcher, redis-server, Lambda runners of this run)"
  else
    note "state (install logs, Terraform output, emulator and Lambda logs) kept in $state"
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

step "Preparing side by side: the emulator (Python venv, redis-server, Lambda runtimes), Terraform, npm packages"
# The emulator's install writes its exit code to a file: main.ts waits for it only when it starts
# the emulator, after Terraform's init has begun.
# Its .rc file: the exit code and the seconds since this script started.
# nice: npm ci is on the critical path (main.ts needs it first); the emulator is needed only later.
setsid nice -n 10 bash -c 'bash testkit/emulator/install.sh >"$1/emulator-install.out" 2>"$1/emulator-install.log"; echo "$? $(( $(date +%s) - $2 ))" >"$1/emulator-install.rc"' _ "$state" "$SCRIPT_START" &
jobs_started+=("$!")
# The redis-py venv of the client step (step 7; it waits on the same lock if this is still running).
setsid nice -n 10 bash testkit/e2e/redis-py/install.sh >"$state/redis-py-install.out" 2>"$state/redis-py-install.log" &
jobs_started+=("$!")
setsid bash scripts/toolchain/install.sh --for-demo >"$state/toolchain.env" 2>"$state/toolchain.log" &
toolchain_pid=$!
jobs_started+=("$toolchain_pid")

ensure_demo_node_modules

if ! wait "$toolchain_pid"; then
  sed 's/^/    /' "$state/toolchain.log" >&2
  die "no Terraform or OpenTofu for the demo (see the lines above; log $state/toolchain.log)"
fi
sed -n 's/^\[toolchain *[0-9]*s\] /    toolchain: /p' "$state/toolchain.log" >&2
note "npm packages and the toolchain ready at $(( $(date +%s) - SCRIPT_START ))s"
eval "$(cat "$state/toolchain.env")"

step "Demo: examples/complete on the local emulator"
export DEMO_STATE_DIR="$state" DEMO_START_EPOCH="$SCRIPT_START" DEMO_EMULATOR_INSTALL="$state/emulator-install"
# TMPDIR: the staged example (and anything else temporary) lives inside the state dir.
# Started in the background and waited for, so that Ctrl-C reaches the trap at once.
TMPDIR="$state" node_modules/.bin/tsx scripts/demo/main.ts &
demo_pid=$!
wait "$demo_pid"

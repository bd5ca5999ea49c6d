#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the integration suite against a real libvirtd with QEMU guests.
#
# Usage: build-aux/run-integration.sh [--require] BUILD_DIR [MESON_TEST_ARGS…]
#
# Starts virtlogd and libvirtd (the monolithic daemon of Debian 12; there is
# no systemd) inside a network namespace of its own, runs the tests of the
# "integration" suite of BUILD_DIR (configured with meson already; it is
# built here), and always stops both daemons and deletes the namespace, also
# when a test fails or the run is interrupted.  Prints each part's time.
#
# Without root, libvirtd or QEMU it prints why and exits 0 (skipped);
# --require makes that a failure (CI, where install-deps.sh --tests ran).
set -uo pipefail

require=0
if [ "${1:-}" = "--require" ]; then
  require=1
  shift
fi
if [ $# -lt 1 ]; then
  echo "usage: $0 [--require] BUILD_DIR [MESON_TEST_ARGS…]" >&2
  exit 2
fi
build_dir=$(realpath "$1")
shift

srcdir=$(cd "$(dirname "$0")/.." && pwd)
daemons="$srcdir/tests/integration/pit-daemons.sh"
export PATH="$PATH:/usr/sbin:/sbin"

now () { date +%s.%N; }
since () { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
times=()
part () { times+=("$(printf '%-28s %6s s' "$1" "$2")"); echo "run-integration: $1: $2 s"; }

reason=$("$daemons" check 9>&-)
rc=$?
if [ $rc -eq 77 ]; then
  if [ $require -eq 0 ]; then
    echo "run-integration: SKIPPED: $reason"
    exit 0
  fi
  echo "run-integration: FAILED: $reason" >&2
  exit 1
fi

# One run at a time on a machine: the daemons use the system's sockets.
# (Every command below gets 9>&-: a daemon or an Xvfb that inherited the
# lock would hold it after this run.)
lock=/run/lock/pitstop-integration.lock
exec 9>"$lock"
if ! flock -n 9; then
  echo "run-integration: waiting for another run to finish (it holds $lock)"
  if ! flock -w 900 9; then
    echo "run-integration: FAILED: another run still holds $lock" >&2
    exit 1
  fi
fi

# the daemons of a run that held the lock were no reason to fail: check
# for foreign daemons again now that it is ours
if [ $rc -ne 0 ]; then
  reason=$("$daemons" check 9>&-)
  if [ $? -ne 0 ]; then
    echo "run-integration: FAILED: $reason" >&2
    exit 1
  fi
fi

t_all=$(now)
t=$(now)
if ! ninja -C "$build_dir" >/dev/null 9>&-; then
  ninja -C "$build_dir" 9>&-
  echo "run-integration: FAILED: the build failed" >&2
  exit 1
fi
part "build" "$(since "$t")"

# not /tmp: other jobs on a shared machine may clean it under a running suite
state=$(mktemp -d /var/tmp/pitstop-integration.XXXXXX)
cleanup () {
  local t
  t=$(now)
  "$daemons" teardown "$state" 9>&-
  part "teardown" "$(since "$t")"
  if [ "${keep_logs:-0}" = 1 ]; then
    echo "run-integration: daemon logs kept in $state"
  else
    rm -rf "$state"
  fi
  part "total" "$(since "$t_all")"
  echo "run-integration: summary"
  printf '  %s\n' "${times[@]}"
}
trap cleanup EXIT
# on INT/TERM stop the tests first (they run in the background so the
# signal is handled at once, not when meson test is done), then clean up
child=""
interrupted () {
  echo "run-integration: interrupted" >&2
  # the tests run in a process group of their own: stop all of it (meson,
  # xvfb-run, dbus-run-session, the test program), not only its leader
  [ -n "$child" ] && kill -TERM -- "-$child" 2>/dev/null && wait "$child" 2>/dev/null
  keep_logs=1
  exit 130
}
trap interrupted INT TERM

t=$(now)
if ! "$daemons" setup "$state" 9>&-; then
  keep_logs=1
  echo "run-integration: FAILED: the daemons did not start" >&2
  exit 1
fi
part "daemons up" "$(since "$t")"

# the window's test needs a display and a session bus
display=()
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  display=(xvfb-run -a -s "-screen 0 1280x1024x24 -noreset")
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null; then
  display+=(dbus-run-session --)
fi

t=$(now)
set -m  # background jobs get their own process group
PITSTOP_INTEGRATION_DIR="$state" \
PITSTOP_INTEGRATION_DAEMONS="$daemons" \
  "${display[@]}" meson test -C "$build_dir" --suite integration --print-errorlogs "$@" 9>&- &
child=$!
set +m
wait "$child"
rc=$?
child=""
part "integration tests" "$(since "$t")"
if [ $rc -ne 0 ]; then
  keep_logs=1
  echo "run-integration: FAILED (meson test exit $rc)" >&2
fi
exit $rc

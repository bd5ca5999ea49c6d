#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the end-to-end test (meson suite "e2e", tests/e2e/test-wizard-e2e.py)
# N times, to show that it passes every time: odd runs the way
# build-aux/run-tests.sh runs it (xvfb-run around dbus-run-session), even
# runs with the wrappers the other way round (dbus-run-session around
# xvfb-run).  Builds first when needed.  Prints each run's result and time,
# then the counts; exits 1 when any run failed (its output and meson's log
# are kept in BUILD_DIR/meson-logs/e2e-soak-PID-RUN*.txt).
#
# Usage: build-aux/e2e-soak.sh N [--load] [--build BUILD_DIR]
#   --load   keep all CPUs but one busy meanwhile (one busy loop per CPU,
#            each bounded in time; stopped when the script ends)
#   --build  the build directory (default: build, set up with
#            -Ddevelopment=true when it does not exist)
set -uo pipefail

usage () {
  echo "usage: $0 N [--load] [--build BUILD_DIR]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
runs=$1
shift
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || usage
load=0
build_dir=build
while [ $# -gt 0 ]; do
  case $1 in
    --load) load=1 ;;
    --build) [ $# -ge 2 ] || usage; build_dir=$2; shift ;;
    *) usage ;;
  esac
  shift
done

src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src" || exit 1

for tool in xvfb-run dbus-run-session meson ninja; do
  command -v "$tool" >/dev/null || { echo "e2e-soak: $tool is not installed (build-aux/install-deps.sh --tests)" >&2; exit 1; }
done

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" -Ddevelopment=true || exit 1
fi
ninja -C "$build_dir" || { echo "e2e-soak: the build failed" >&2; exit 1; }

now () { date +%s.%N; }
since () { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

busy_pids=()
stop_load () {
  local pid
  for pid in "${busy_pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${busy_pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
  busy_pids=()
}
trap stop_load EXIT
trap 'exit 130' INT TERM

if [ $load -eq 1 ]; then
  cpus=$(nproc)
  busy=$(( cpus > 1 ? cpus - 1 : 1 ))
  # each loop ends by itself after this bound even if this script is killed
  # with SIGKILL: 10 minutes a run
  bound=$(( runs * 600 ))
  for _ in $(seq "$busy"); do
    timeout "$bound" sh -c 'while :; do :; done' &
    busy_pids+=("$!")
  done
  echo "e2e-soak: $busy busy loop(s) on $cpus CPU(s), at most $bound s"
fi

logs="$build_dir/meson-logs/e2e-soak-$$"
test_cmd=(meson test -C "$build_dir" --no-rebuild --print-errorlogs --suite e2e)
passed=0
failed=0
times=()
for run in $(seq "$runs"); do
  # a display number of its own for each run: xvfb-run does not wait for
  # its Xvfb to exit, and a server still exiting from the run before
  # unlinks the socket of a new one on the same number ("cannot open
  # display", seen once in 40 runs with --load)
  # Xvfb's own messages go to a file of the run (xvfb-run drops them);
  # -noreset as in run-tests.sh: a server resetting after its last
  # client closed refuses new ones (the "cannot open display" of a run
  # with --load)
  screen=(-a -n $((100 + run)) -e "$logs-xvfb-$run.txt" -s "-screen 0 1280x1024x24 -noreset")
  if [ $((run % 2)) -eq 1 ]; then
    order="xvfb-run > dbus-run-session"
    cmd=(xvfb-run "${screen[@]}" dbus-run-session -- "${test_cmd[@]}")
  else
    order="dbus-run-session > xvfb-run"
    cmd=(dbus-run-session -- xvfb-run "${screen[@]}" "${test_cmd[@]}")
  fi
  start=$(now)
  "${cmd[@]}" >"$logs-current.txt" 2>&1
  rc=$?
  took=$(since "$start")
  times+=("$took")
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    result=ok
    rm -f "$logs-current.txt" "$logs-xvfb-$run.txt"
  else
    failed=$((failed + 1))
    result="FAILED ($rc), log: $logs-$run.txt"
    mv "$logs-current.txt" "$logs-$run.txt"
    # meson's own log (shared by meson runs in this build directory)
    cp "$build_dir/meson-logs/testlog.txt" "$logs-$run-testlog.txt" 2>/dev/null
  fi
  printf 'run %2d  %-28s %7s s  %s\n' "$run" "$order" "$took" "$result"
done

printf '%s\n' "${times[@]}" | sort -n | awk -v p="$passed" -v f="$failed" -v load="$load" '
  { t[NR] = $1; sum += $1 }
  END {
    printf "e2e-soak: %d passed, %d failed of %d%s; time per run: min %.1f s, median %.1f s, max %.1f s, mean %.1f s\n",
           p, f, NR, load ? " (with load)" : "", t[1], t[int((NR + 1) / 2)], t[NR], sum / NR
  }'
[ $failed -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The one command that sets up and runs Pitstop's whole test suite:
# installs what is missing (apt), builds, runs the unit, corpus and UI tests
# (under Xvfb with a D-Bus session), then the real-libvirtd integration
# suite, the same suites again under AddressSanitizer + UBSan, and the
# fuzzers for a bounded time.  Prints each part's time at the end.
#
# Usage: build-aux/run-tests.sh
# Environment: PITSTOP_FUZZ_SECONDS (per fuzz target, default 30),
#              PITSTOP_SKIP_SANITIZERS=1, PITSTOP_SKIP_FUZZ=1 for quick local runs.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"

now () { date +%s.%N; }
since () { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
summary=()
failed=0
part () { # NAME COMMAND…
  local name=$1 start rc
  shift
  echo "=== $name"
  start=$(now)
  "$@"
  rc=$?
  summary+=("$(printf '%-24s %7s s  %s' "$name" "$(since "$start")" "$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")")")
  [ $rc -eq 0 ] || failed=1
  return $rc
}

setup () {
  local dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

build_main () {
  setup build -Ddevelopment=true && ninja -C build
}

unit_tests () {
  # -noreset: by default Xvfb resets when its last client closes, and a
  # client connecting meanwhile is refused ("cannot open display"): the
  # next test program in the suite, or the e2e's restarted app
  # (2 processes opening and closing the display 300 times each: 60 of
  # 600 refused without it, 0 with it)
  xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" dbus-run-session -- \
    meson test -C build --print-errorlogs --no-suite integration --no-suite flatpak-local --num-processes 2 --logbase unit-tests
}

in_ci=0
[ "${CI:-}" = "true" ] && in_ci=1

part "dependencies" build-aux/install-deps.sh --tests || { echo "could not install dependencies"; exit 1; }
part "build" build_main || { printf '%s\n' "${summary[@]}"; exit 1; }
part "unit, corpus, UI tests" unit_tests

if [ -x build-aux/run-integration.sh ]; then
  if [ $in_ci -eq 1 ]; then
    part "integration (libvirtd)" build-aux/run-integration.sh --require build
  else
    part "integration (libvirtd)" build-aux/run-integration.sh build
  fi
fi

if [ "${PITSTOP_SKIP_SANITIZERS:-0}" != 1 ] && [ -x build-aux/run-sanitizers.sh ]; then
  part "sanitizers (ASan+UBSan)" build-aux/run-sanitizers.sh build-asan
fi

if [ "${PITSTOP_SKIP_FUZZ:-0}" != 1 ] && [ -x build-aux/run-fuzz.sh ]; then
  part "fuzzing" build-aux/run-fuzz.sh "${PITSTOP_FUZZ_SECONDS:-30}"
fi

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit $failed

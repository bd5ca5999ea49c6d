#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the unit, corpus and UI tests, then the integration suite, again in a
# build with AddressSanitizer + UndefinedBehaviorSanitizer, LeakSanitizer on.
#
# Usage: build-aux/run-sanitizers.sh BUILD_DIR [--no-integration]
#   BUILD_DIR is configured here when new (-Db_sanitize=address,undefined
#   -Db_lundef=false) and must be a sanitizer build when it exists.
#
# Any leak, any sanitizer report fails the run.  Library leaks we cannot fix
# are suppressed in build-aux/lsan-suppressions.txt, each entry saying which
# library leak it hides and why (the widget tests add their own, in
# tests/ui/lsan.supp).  Prints each part's time.
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [--no-integration]" >&2
  exit 2
fi
srcdir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$1
integration=1
[ "${2:-}" = "--no-integration" ] && integration=0

now () { date +%s.%N; }
since () { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
times=()
part () { times+=("$(printf '%-28s %6s s  %s' "$1" "$2" "$3")"); }
t_all=$(now)
failed=0

t=$(now)
if [ -f "$build_dir/build.ninja" ]; then
  if ! meson introspect "$build_dir" --buildoptions 2>/dev/null | grep -q '"name": "b_sanitize", "value": "address,undefined"'; then
    meson configure "$build_dir" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
  fi
else
  meson setup "$build_dir" "$srcdir" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null \
    || { echo "run-sanitizers: FAILED: meson setup" >&2; exit 1; }
fi
if ! ninja -C "$build_dir" >/dev/null; then
  ninja -C "$build_dir"
  echo "run-sanitizers: FAILED: the build failed" >&2
  exit 1
fi
part build "$(since "$t")" ok

# abort_on_error: a report kills the test (meson then shows it as failed);
# halt_on_error for UBSan, which otherwise prints and carries on.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$srcdir/build-aux/lsan-suppressions.txt:print_suppressions=0"
# GLib < 2.76 keeps freed blocks in its slice allocator, hiding leaks and
# use-after-free from ASan
export G_SLICE=always-malloc

run_display () {
  if command -v xvfb-run >/dev/null && command -v dbus-run-session >/dev/null; then
    xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" dbus-run-session -- "$@"
  else
    echo "run-sanitizers: no xvfb-run/dbus-run-session: the widget tests will skip"
    "$@"
  fi
}

t=$(now)
run_display meson test -C "$build_dir" --print-errorlogs --no-suite integration --no-suite flatpak-local --num-processes 2
rc=$?
part "unit, corpus, UI tests" "$(since "$t")" "$([ $rc -eq 0 ] && echo ok || echo FAILED)"
[ $rc -eq 0 ] || failed=1

if [ $integration -eq 1 ]; then
  t=$(now)
  "$srcdir/build-aux/run-integration.sh" "$build_dir"
  rc=$?
  part "integration tests" "$(since "$t")" "$([ $rc -eq 0 ] && echo ok || echo FAILED)"
  [ $rc -eq 0 ] || failed=1
fi

part total "$(since "$t_all")" "$([ $failed -eq 0 ] && echo ok || echo FAILED)"
echo "run-sanitizers: summary"
printf '  %s\n' "${times[@]}"
exit $failed

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets (tests/fuzz) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each one for a bounded time.
#
# Usage: build-aux/run-fuzz.sh SECONDS_PER_TARGET [BUILD_DIR] [TARGET…]
#   BUILD_DIR defaults to build-fuzz (configured here when it is new).
#
# Seeds are read in place from ../shared/corpus (PITSTOP_CORPUS_DIR) and from
# the project's own small seed folders; what the fuzzer learns goes to
# BUILD_DIR/fuzz-corpus/TARGET (kept between runs, never in the source tree).
# A crash, leak, sanitizer report or timeout fails the run; the input that
# caused it is kept in BUILD_DIR/fuzz-artifacts/ and the command to
# reproduce it is printed.  Prints each target's time.
set -uo pipefail

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS_PER_TARGET [BUILD_DIR] [TARGET…]" >&2
  exit 2
fi
seconds=$1
shift
srcdir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(realpath -m "${1:-$srcdir/build-fuzz}")
[ $# -gt 0 ] && shift
only=("$@")
corpus_root=${PITSTOP_CORPUS_DIR:-$srcdir/../shared/corpus}

now () { date +%s.%N; }
since () { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
times=()
t_all=$(now)

if ! command -v clang >/dev/null; then
  echo "run-fuzz: FAILED: clang is not installed (build-aux/install-deps.sh --tests)" >&2
  exit 1
fi

t=$(now)
if [ ! -f "$build_dir/build.ninja" ]; then
  CC=clang meson setup "$build_dir" "$srcdir" -Dfuzzing=true -Dgui=disabled \
    -Dbuildtype=debugoptimized >/dev/null || { echo "run-fuzz: FAILED: meson setup" >&2; exit 1; }
fi
if ! ninja -C "$build_dir" >/dev/null; then
  ninja -C "$build_dir"
  echo "run-fuzz: FAILED: the build failed" >&2
  exit 1
fi
times+=("$(printf '%-28s %6s s' build "$(since "$t")")")

list="$build_dir/tests/fuzz/fuzz-targets.txt"
if [ ! -f "$list" ]; then
  echo "run-fuzz: FAILED: $list is missing (configure $build_dir with -Dfuzzing=true)" >&2
  exit 1
fi
if [ ! -d "$corpus_root" ]; then
  echo "run-fuzz: note: $corpus_root is absent; fuzzing from the project's seeds only"
fi

# UBSan reports abort (the targets are built with -fno-sanitize-recover);
# LeakSanitizer is on: a leak on any input is a bug.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
# targets whose seeds are built from the corpus (fuzz-sysfs-topology)
# read it here and write them into their own corpus folder
export PITSTOP_CORPUS_DIR="$corpus_root"

# scratch files of the targets (sysfs trees, dump files): in memory when
# possible, removed after each target even when it crashed
scratch_parent=/dev/shm
[ -w "$scratch_parent" ] || scratch_parent="$build_dir"
scratch=$(mktemp -d "$scratch_parent/pitstop-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export PITSTOP_FUZZ_SCRATCH="$scratch"

failed=()
while IFS='|' read -r name exe corpus seeds dict; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " =~ " $name " ]]; then
    continue
  fi
  work="$build_dir/fuzz-corpus/$name"
  artifacts="$build_dir/fuzz-artifacts"
  mkdir -p "$work" "$artifacts"
  rm -f "$artifacts/$name-"*
  dirs=("$work")
  IFS=, read -r -a parts <<<"$corpus"
  for d in "${parts[@]}"; do
    [ -n "$d" ] && [ -d "$corpus_root/$d" ] && dirs+=("$corpus_root/$d")
  done
  IFS=, read -r -a parts <<<"$seeds"
  for d in "${parts[@]}"; do
    [ -n "$d" ] && [ -d "$d" ] && dirs+=("$d")
  done
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="$artifacts/$name-")
  [ -n "$dict" ] && args+=(-dict="$dict")

  echo "run-fuzz: $name for $seconds s (seeds: ${dirs[*]:1})"
  log="$build_dir/fuzz-$name.log"
  t=$(now)
  PITSTOP_FUZZ_SEED_DIR="$work" "$exe" "${args[@]}" "${dirs[@]}" >"$log" 2>&1
  rc=$?
  rm -rf "${scratch:?}"/*
  grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$log" | sed 's/^/  /'
  times+=("$(printf '%-28s %6s s' "$name" "$(since "$t")")")
  if [ $rc -ne 0 ]; then
    failed+=("$name")
    echo "run-fuzz: $name FAILED (exit $rc); the end of its log ($log):" >&2
    tail -n 60 "$log" >&2
    for a in "$artifacts/$name-"*; do
      [ -e "$a" ] && echo "run-fuzz: reproduce with: $exe $a" >&2
    done
  fi
done <"$list"

times+=("$(printf '%-28s %6s s' total "$(since "$t_all")")")
echo "run-fuzz: summary"
printf '  %s\n' "${times[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "run-fuzz: no crash found"

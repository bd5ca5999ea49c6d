#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sampling benchmark: the CPU time `pitstop-cli monitor` spends while it
# samples a libvirt test-driver host with N running domains (default 200)
# at a 1 s interval for S seconds (default 30), measured by the process
# itself with getrusage (all threads) from its first tick to its last, so
# opening the connection is not counted.  Prints each run and the median
# of R runs (default 5).
#
# The test driver has no bulk statistics: this measures the per-domain
# fallback (5–6 libvirt calls per domain per tick), the expensive path.
#
# Usage: build-aux/bench-monitor.sh [BUILD_DIR] [--domains N] [--seconds S]
#                                   [--runs R] [--interval I] [--json]
# Reusable: other benchmarks can run it and read the "median" line.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)

build=$src/build
domains=200
seconds=30
runs=5
interval=1
format=()
while [ $# -gt 0 ]; do
  case $1 in
    --domains) domains=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --json) format=(--json); shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench-monitor: unknown option $1" >&2; exit 1 ;;
    *) build=$1; shift ;;
  esac
done

cli=$build/app/cli/pitstop-cli
if [ ! -x "$cli" ]; then
  echo "bench-monitor: no $cli; build first (meson setup $build && ninja -C $build)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/build-aux/gen-test-host.py" "$domains" "$tmp/host.xml"
ticks=$(( seconds / interval ))

echo "pitstop-cli monitor: $domains running test-driver domains, every ${interval} s, $ticks ticks (~${seconds} s), $runs runs"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
percents=()
for run in $(seq 1 "$runs"); do
  "$cli" monitor --connect "test://$tmp/host.xml" --interval "$interval" --count "$ticks" \
         "${format[@]}" --report-cpu >"$tmp/out" 2>"$tmp/err"
  line=$(grep 'cpu-usage' "$tmp/err")
  lines=$(wc -l <"$tmp/out")
  percent=$(sed -n 's/.* percent=\([0-9.]*\).*/\1/p' <<<"$line")
  percents+=("$percent")
  echo "run $run: ${line#pitstop-cli: cpu-usage } output-lines=$lines"
done

median=$(printf '%s\n' "${percents[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "median: ${median} % of one CPU while sampling $domains domains every ${interval} s"

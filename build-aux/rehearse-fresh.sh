#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Rehearses a newcomer's first test run, as far as one machine can: a fresh
# clone of the committed HEAD in a temporary folder with no ../shared beside
# it, a fresh HOME and XDG folders, a plain PATH, /run/libvirt moved aside
# (as on a machine where libvirtd never ran) and put back afterwards — then
# the README's test command, word for word.  Ends with the run's own summary
# and every test that could not run, with the reason it gave.
#
# Usage: build-aux/rehearse-fresh.sh [--keep]   (--keep leaves the clone)
# Run it as the user who would run the tests (root here, for the
# integration suite).  Packages are not removed: apt's part of a fresh
# machine is CI's to show.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
keep=0
[ "${1:-}" = "--keep" ] && keep=1

work=$(mktemp -d "${TMPDIR:-/tmp}/pitstop-rehearsal-XXXXXX")
moved=""

daemon_running () { pgrep -x 'libvirtd|virtqemud|virtlogd' >/dev/null 2>&1; }

restore () {
  if [ -n "$moved" ]; then
    if daemon_running; then
      echo "rehearse: a libvirt daemon runs now; /run/libvirt stays, yours is at $moved" >&2
    else
      rm -rf /run/libvirt
      mv "$moved" /run/libvirt && echo "rehearse: /run/libvirt put back"
    fi
  fi
  if [ $keep -eq 0 ]; then
    rm -rf "$work"
  else
    echo "rehearse: the clone stays in $work/pitstop"
  fi
}
trap restore EXIT
trap 'exit 130' INT TERM

echo "rehearse: fresh clone of $(git -C "$src" rev-parse --short HEAD) in $work/pitstop"
if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
  echo "rehearse: note: uncommitted changes in $src are not part of the rehearsal"
fi
git clone -q --no-local "$src" "$work/pitstop" || exit 1
if [ -e "$work/shared" ]; then
  echo "rehearse: $work/shared exists; a newcomer has none" >&2
  exit 1
fi

home=$work/home
mkdir -p "$home"/{.config,.local/share,.cache,.local/state} "$work/runtime"
chmod 700 "$work/runtime"

if [ -e /run/libvirt ]; then
  if daemon_running; then
    # another run's daemon uses it: moving it would break that run
    echo "rehearse: WARNING: a libvirt daemon is running, so /run/libvirt stays; this" \
         "rehearsal does not show a machine where libvirtd never ran"
  else
    moved=/run/libvirt.rehearsal.$$
    mv /run/libvirt "$moved" && echo "rehearse: /run/libvirt moved aside to $moved"
  fi
else
  echo "rehearse: /run/libvirt is absent, as on a fresh machine"
fi

# the README's test command, word for word: the first indented line after
# "## Run the tests"
cmd=$(awk '/^## Run the tests/ { f = 1; next } f && /^    / { sub(/^    /, ""); print; exit }' "$work/pitstop/README.md")
if [ -z "$cmd" ]; then
  echo "rehearse: README.md has no command under \"## Run the tests\"" >&2
  exit 1
fi
echo "rehearse: running the README's test command: $cmd"

start=$(date +%s)
cd "$work/pitstop" || exit 1
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME="$home" USER="$(id -un)" LOGNAME="$(id -un)" SHELL=/bin/bash TERM="${TERM:-dumb}" LANG=C.UTF-8 \
  XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" XDG_RUNTIME_DIR="$work/runtime" \
  bash -c "$cmd" 2>&1 | tee "$work/run.log"
rc=${PIPESTATUS[0]}
minutes=$(awk -v s="$(( $(date +%s) - start ))" 'BEGIN { printf "%.1f", s / 60 }')

echo
echo "=== rehearsal: exit status $rc after $minutes minutes"
echo "--- what could not run, and why"
# every meson log of the run (run-tests.sh keeps the unit run's as unit-tests.txt)
for log in build*/meson-logs/*.txt; do
  [ -f "$log" ] || continue
  grep -h -E '^(ok|not ok) .*# SKIP|^1\.\.0 # SKIP' "$log" | sed "s|^|  ${log%%/*}: |" | sort -u
done
grep -h -E 'SKIPPED|skipped' "$work/run.log" | grep -v -E '^ *[0-9]+/[0-9]+ ' | sort -u | sed 's/^/  /'
exit "$rc"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts and stops the libvirt daemons the integration suite talks to, inside
# a network namespace of their own so guest taps never touch the host's
# network.  Used by build-aux/run-integration.sh (setup, teardown) and by the
# test programs (kill-libvirtd, start-libvirtd, for the fault scenarios).
#
# Usage: pit-daemons.sh COMMAND STATE_DIR
#   check           exit 0 when this machine can run the suite, else print
#                   why on stdout and exit 77 (not root, no libvirtd/qemu)
#                   or 1 (a libvirtd this suite did not start is running)
#   setup           namespace + bridge, 2 MiB hugepages (hugetlbfs at
#                   /dev/hugepages), virtlogd, libvirtd; waits until the
#                   qemu driver answers
#   start-libvirtd  starts libvirtd again (after kill-libvirtd)
#   kill-libvirtd   SIGKILL to libvirtd, waits until it is gone
#   stop-libvirtd   SIGSTOP to libvirtd (a hung daemon), waits until it is
#                   stopped
#   cont-libvirtd   SIGCONT to libvirtd (start-libvirtd and teardown do it
#                   too, so a failed test never leaves it stopped)
#   teardown        removes the suite's guests and pools, stops both daemons by PID,
#                   puts the hugepages back, deletes the namespace; safe to
#                   run more than once
#
# Everything it starts is recorded in STATE_DIR (pid files, the namespace
# name), so it never acts on a daemon some other run started.
set -uo pipefail

URI=qemu:///system
BRIDGE=pitbr0
PREFIX=pitstop-it-        # every guest the suite defines has this prefix

cmd=${1:-}
state=${2:-}
if [ -z "$cmd" ] || { [ "$cmd" != check ] && [ -z "$state" ]; }; then
  echo "usage: $0 check|setup|start-libvirtd|kill-libvirtd|stop-libvirtd|cont-libvirtd|teardown STATE_DIR" >&2
  exit 2
fi

log () { echo "pit-daemons: $*" >&2; }

# A PID is alive when /proc says so and it is not a zombie (daemons detach,
# and on machines whose init does not reap, the dead stay as zombies).
alive () {
  local pid=$1 st
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  st=$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# The state letter of a live PID (R, S, T for stopped, …).
state_of () {
  sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1
}

pid_of () {
  local f="$state/$1.pid"
  [ -s "$f" ] && tr -dc 0-9 <"$f"
}

# Waits up to $2 tenths of a second for PID $1 to exit.
wait_gone () {
  local pid=$1 n=${2:-100}
  while alive "$pid" && [ "$n" -gt 0 ]; do
    sleep 0.1
    n=$((n - 1))
  done
  ! alive "$pid"
}

stop_pid () {
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && alive "$pid"; then
    # only if it is the daemon we started (PIDs get reused)
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
      kill -TERM "$pid" 2>/dev/null
      wait_gone "$pid" 100 || { log "$name ($pid) ignored SIGTERM, killing"; kill -KILL "$pid" 2>/dev/null; wait_gone "$pid" 50; }
    fi
  fi
  rm -f "$state/$name.pid"
}

netns () { cat "$state/netns" 2>/dev/null; }

in_ns () {
  local ns
  ns=$(netns)
  [ -n "$ns" ] || { log "no namespace recorded in $state"; return 1; }
  ip netns exec "$ns" "$@"
}

# Waits until the qemu driver of our libvirtd answers (the first start on a
# machine probes QEMU's capabilities, which takes a few seconds).
wait_ready () {
  local n=${1:-600} pid
  pid=$(pid_of libvirtd)
  while [ "$n" -gt 0 ]; do
    # capabilities, not just a connection: the qemu driver answers only
    # once QEMU's capabilities are probed (~9 s on a machine's first start)
    if [ -S /run/libvirt/libvirt-sock ] && timeout 60 virsh -q -c "$URI" capabilities >/dev/null 2>&1; then
      return 0
    fi
    if [ -n "$pid" ] || pid=$(pid_of libvirtd); then
      if [ -n "$pid" ] && ! alive "$pid"; then
        log "libvirtd ($pid) exited while starting; see $state/libvirtd.log"
        return 1
      fi
    fi
    sleep 0.1
    n=$((n - 1))
  done
  log "libvirtd did not answer on $URI in time; see $state/libvirtd.log"
  return 1
}

# Our libvirtd's PID when it is alive and is the daemon we started (PIDs get
# reused), else nothing and status 1.
our_libvirtd () {
  local pid
  pid=$(pid_of libvirtd)
  [ -n "$pid" ] && alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ] || return 1
  echo "$pid"
}

# SIGCONT to our libvirtd if a test stopped it (and failed before it
# continued it); a no-op otherwise.
cont_libvirtd () {
  local pid
  pid=$(our_libvirtd) || return 0
  if [ "$(state_of "$pid")" = T ]; then
    log "libvirtd ($pid) was stopped, continuing it"
  fi
  kill -CONT "$pid" 2>/dev/null
  return 0
}

stop_libvirtd () {
  local pid n=50
  pid=$(our_libvirtd) || { log "libvirtd is not running"; return 1; }
  kill -STOP "$pid" || return 1
  while [ "$(state_of "$pid")" != T ] && [ "$n" -gt 0 ]; do
    sleep 0.1
    n=$((n - 1))
  done
  [ "$(state_of "$pid")" = T ] || { log "libvirtd ($pid) did not stop"; return 1; }
}

start_libvirtd () {
  local pid
  pid=$(pid_of libvirtd)
  if [ -n "$pid" ] && alive "$pid"; then
    cont_libvirtd
    log "libvirtd ($pid) is already running"
    return 0
  fi
  rm -f "$state/libvirtd.pid"
  # the unix socket lives on the shared filesystem (/run/libvirt), so the
  # test programs reach it from outside the namespace
  # a benchmark's own configuration (build-aux/bench-slow-link.py: TCP on
  # the namespace's own address), when it left one in the state directory
  local conf=()
  [ -s "$state/libvirtd.conf" ] && conf=(--listen --config "$state/libvirtd.conf")
  in_ns env LIBVIRT_LOG_OUTPUTS="3:file:$state/libvirtd.log" \
    libvirtd --daemon --pid-file "$state/libvirtd.pid" "${conf[@]}" || return 1
  wait_ready
}

# Lists libvirt daemons running on this machine that this run did not start
# (by reading /proc: procps is not on a minimal Debian).
foreign_daemons () {
  local ours_l ours_v comm pid d
  ours_l=$(pid_of libvirtd)
  ours_v=$(pid_of virtlogd)
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    comm=$(cat "$d/comm" 2>/dev/null) || continue
    case "$comm" in
      libvirtd|virtqemud|virtlogd)
        if [ "$pid" != "$ours_l" ] && [ "$pid" != "$ours_v" ] && alive "$pid"; then
          echo "$comm ($pid)"
        fi
        ;;
    esac
  done
}

do_check () {
  local missing="" p
  if [ "$(id -u)" != 0 ]; then
    echo "the integration suite needs root (it starts libvirtd and creates a network namespace)"
    exit 77
  fi
  for p in libvirtd virtlogd qemu-system-x86_64 qemu-img virsh ip; do
    command -v "$p" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "not installed:$missing (build-aux/install-deps.sh --tests installs them)"
    exit 77
  fi
  p=$(foreign_daemons)
  if [ -n "$p" ]; then
    echo "a libvirt daemon this suite did not start is running: $(echo $p); stop it first"
    exit 1
  fi
  exit 0
}

# 2 MiB pages for the guests that ask for them, and hugetlbfs where
# libvirt looks for it; both before libvirtd starts (it reads the mounts
# once).  What was there before is recorded and put back by the teardown.
HUGEPAGES_2M=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
setup_hugepages () {
  local want=${PITSTOP_INTEGRATION_HUGEPAGES:-128} have
  [ -w "$HUGEPAGES_2M" ] || { log "no 2 MiB hugepages on this kernel"; return 0; }
  have=$(cat "$HUGEPAGES_2M")
  if [ "$have" -lt "$want" ]; then
    echo "$have" >"$state/hugepages.saved"
    echo "$want" >"$HUGEPAGES_2M" 2>/dev/null
  fi
  if ! mountpoint -q /dev/hugepages; then
    mkdir -p /dev/hugepages
    mount -t hugetlbfs hugetlbfs /dev/hugepages && touch "$state/hugepages.mounted"
  fi
}

teardown_hugepages () {
  if [ -e "$state/hugepages.mounted" ]; then
    umount /dev/hugepages 2>/dev/null && rm -f "$state/hugepages.mounted"
  fi
  if [ -s "$state/hugepages.saved" ]; then
    cat "$state/hugepages.saved" >"$HUGEPAGES_2M" 2>/dev/null
    rm -f "$state/hugepages.saved"
  fi
}

do_setup () {
  local ns t0 foreign
  foreign=$(foreign_daemons)
  if [ -n "$foreign" ]; then
    log "a libvirt daemon this run did not start is running: $(echo $foreign)"
    exit 1
  fi
  mkdir -p "$state/images" || exit 1
  chmod 0755 "$state" "$state/images"

  ns="pitstop-it-$$"
  echo "$ns" >"$state/netns"
  ip netns add "$ns" || { rm -f "$state/netns"; log "could not create network namespace $ns"; exit 1; }
  in_ns ip link set lo up
  in_ns ip link add "$BRIDGE" type bridge || exit 1
  in_ns ip link set "$BRIDGE" up || exit 1

  # QEMU re-probes its capabilities on every start when the cached probe
  # saw other permissions on /dev/kvm (4 s per start on these machines).
  if [ -c /dev/kvm ] && getent group kvm >/dev/null; then
    chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
  fi

  setup_hugepages

  in_ns virtlogd --daemon --pid-file "$state/virtlogd.pid" || { log "virtlogd did not start"; exit 1; }
  t0=$SECONDS
  start_libvirtd || exit 1
  log "libvirtd $(pid_of libvirtd) and virtlogd $(pid_of virtlogd) in namespace $ns (ready in $((SECONDS - t0)) s)"
}

remove_guests () {
  local dom pool
  for dom in $(timeout 20 virsh -q -c "$URI" list --all --name 2>/dev/null); do
    case "$dom" in
      "$PREFIX"*)
        timeout 20 virsh -q -c "$URI" destroy "$dom" >/dev/null 2>&1
        timeout 20 virsh -q -c "$URI" undefine --nvram "$dom" >/dev/null 2>&1 \
          || timeout 20 virsh -q -c "$URI" undefine "$dom" >/dev/null 2>&1
        ;;
    esac
  done
  for pool in $(timeout 20 virsh -q -c "$URI" pool-list --all --name 2>/dev/null); do
    case "$pool" in
      "$PREFIX"*)
        timeout 20 virsh -q -c "$URI" pool-destroy "$pool" >/dev/null 2>&1
        timeout 20 virsh -q -c "$URI" pool-undefine "$pool" >/dev/null 2>&1
        ;;
    esac
  done
}

do_teardown () {
  local pid f ns
  # a test that stopped libvirtd and failed: nothing below works on a
  # stopped daemon (virsh hangs, SIGTERM waits)
  cont_libvirtd
  if [ -n "$(pid_of virtlogd)" ] && alive "$(pid_of virtlogd)"; then
    # a test may have left libvirtd dead: bring it back to remove the guests
    pid=$(pid_of libvirtd)
    if [ -z "$pid" ] || ! alive "$pid"; then
      start_libvirtd >/dev/null 2>&1
    fi
  fi
  pid=$(pid_of libvirtd)
  if [ -n "$pid" ] && alive "$pid"; then
    remove_guests
  fi
  stop_pid libvirtd
  stop_pid virtlogd

  # guests of ours that outlived their daemon: only those in our namespace
  # (another run's guests have the same names)
  ns=$(netns)
  ns_id=""
  [ -n "$ns" ] && ns_id=$(stat -L -c %i "/run/netns/$ns" 2>/dev/null)
  for f in /run/libvirt/qemu/"$PREFIX"*.pid; do
    [ -n "$ns_id" ] && [ -e "$f" ] || continue
    pid=$(tr -dc 0-9 <"$f")
    if [ -n "$pid" ] && alive "$pid" && [ "$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null)" = "$ns_id" ]; then
      log "killing leftover guest $(basename "$f" .pid) ($pid)"
      kill -KILL "$pid" 2>/dev/null
    fi
  done

  teardown_hugepages

  if [ -n "$ns" ]; then
    ip netns del "$ns" 2>/dev/null
    rm -f "$state/netns"
  fi
  rm -rf "$state/images"
}

case "$cmd" in
  check) do_check ;;
  setup) do_setup ;;
  start-libvirtd) start_libvirtd ;;
  kill-libvirtd)
    pid=$(pid_of libvirtd)
    if [ -z "$pid" ] || ! alive "$pid"; then
      log "libvirtd is not running"
      exit 1
    fi
    kill -KILL "$pid" && wait_gone "$pid" 50
    ;;
  stop-libvirtd) stop_libvirtd ;;
  cont-libvirtd) cont_libvirtd ;;
  teardown) do_teardown ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the Flatpak that build-local.sh built and installed, in its real
# sandbox (flatpak run, bubblewrap), with the manifest's finish-args:
#
#   demo-window          the app on the demo host under Xvfb, a screenshot
#                        taken by the app inside the sandbox
#   cli-demo             pitstop-cli list --demo inside the sandbox
#   system-list …        against the real libvirtd of the integration harness
#                        (tests/integration/pit-daemons.sh: the netns daemon,
#                        a TCG guest): list, tune and undo (history
#                        --restore), the window on qemu:///system
#   host-inventory       pitstop-cli host --json inside = outside, on the
#                        fields README.md says the sandbox sees
#   …                    one check per finish-arg (below)
#
# then, for each finish-arg, the same checks with it taken away at run time
# (flatpak run --nofilesystem=…, --unshare=…, --nosocket=…): the check named
# for it must fail, so none is there without a reason.
#
# Usage: check-local.sh CACHE [--screenshots] [--only GROUP]…
#   --screenshots  copies the screenshots into data/screenshots/
#   --only GROUP   runs only these groups (demo, ssh, session, host,
#                  system); all of them without it
# Needs root (the harness starts libvirtd; unshare for the fake host files).
set -uo pipefail
{
src=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: check-local.sh CACHE [--screenshots] [--only demo|ssh|session|host|system]…"
cache=${1:?$usage}
shift
copy_screenshots=0
only=()
while [ $# -gt 0 ]; do
  case $1 in
    --screenshots) copy_screenshots=1 ;;
    --only)
      case ${2:-} in
        demo|ssh|session|host|system) only+=("$2"); shift ;;
        *) echo "$usage" >&2; exit 2 ;;
      esac ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
# wanted GROUP: GROUP is to run
wanted () {
  [ ${#only[@]} = 0 ] && return 0
  local g
  for g in "${only[@]}"; do [ "$g" = "$1" ] && return 0; done
  return 1
}
app=io.github.pitstopvm.Pitstop
export FLATPAK_USER_DIR=$cache/installation
export PATH="$PATH:/usr/sbin:/sbin"
daemons=$src/tests/integration/pit-daemons.sh
guest=pitstop-it-flatpak

work=$(mktemp -d /var/tmp/pitstop-flatpak-check.XXXXXX)
chmod 755 "$work"
# a home of its own: the app's data (its history) and ~/.ssh start empty
export HOME=$work/home
mkdir -p "$HOME"
export XDG_RUNTIME_DIR=$work/run
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY
shots=$cache/screenshots
mkdir -p "$shots"
log=$work/log
mkdir -p "$log"

results=()
failed=0
state=""
agent_pid=""
weston_pid=""
cleanup () {
  [ -n "$weston_pid" ] && kill "$weston_pid" 2>/dev/null
  [ -n "$state" ] && "$daemons" teardown "$state" 9>&- >/dev/null 2>&1 && rm -rf "$state"
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
  echo "=== check-local: results"
  printf '  %s\n' "${results[@]}"
  if [ $failed = 0 ]; then rm -rf "$work"; else echo "logs kept in $log"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# check NAME FUNCTION [ARGS…]: the check must pass.
check () {
  local name=$1
  shift
  if "$@" > "$log/$name.log" 2>&1; then
    results+=("ok       $name")
  else
    results+=("FAILED   $name (log: $log/$name.log)")
    failed=1
    sed 's/^/    /' "$log/$name.log" | tail -n 15
  fi
  echo "check-local: ${results[-1]}"
}
# needs ARG NEGATION NAME FUNCTION [ARGS…]: with NEGATION added to
# flatpak run the check must fail.
needs () {
  local arg=$1 neg=$2 name=$3
  shift 3
  without=("$neg")
  if "$@" > "$log/without-$name.log" 2>&1; then
    results+=("FAILED   $arg: $name passes without it (log: $log/without-$name.log)")
    failed=1
  else
    # the reason: the first value that differs (compare-host-json.py), else
    # the last line
    why=$(grep -m 1 -E '^  [^ ].*: outside ' "$log/without-$name.log" ||
          grep -v -E '^\s*$|^dbus-daemon|^Gsk-Message|^SpiRegistry' "$log/without-$name.log" | tail -n 1)
    results+=("ok       $arg: $name fails without it: $(sed 's/^ *//' <<<"$why" | cut -c1-110)")
  fi
  without=()
  echo "check-local: ${results[-1]}"
}
# probe NAME FUNCTION [ARGS…]: what it prints goes into the results, as
# a finding (it passes or fails on libvirt's side, not Pitstop's)
probe () {
  local name=$1
  shift
  "$@" > "$log/$name.log" 2>&1
  results+=("info     $name:")
  while IFS= read -r line; do results+=("           $line"); done < "$log/$name.log"
  echo "check-local: $name: $(tr '\n' ' ' < "$log/$name.log")"
}
# not_checked ARG WHY
not_checked () {
  results+=("skipped  $1: $2")
  echo "check-local: ${results[-1]}"
}
without=()

run () { flatpak run "${without[@]}" "$@"; }
cli () { run --command=pitstop-cli "$app" "$@"; }
xrun () { xvfb-run -a -s "-screen 0 1600x1000x24 -noreset" dbus-run-session -- "$@"; }

# --- the window ------------------------------------------------------------

# window NAME SELECT ARGS…: the app draws its window and saves it as PNG
# from inside the sandbox (into its own cache folder, which flatpak maps to
# the same path outside).
window () {
  local name=$1 select=$2 out
  shift 2
  out=$HOME/.var/app/$app/cache/$name.png
  mkdir -p "$(dirname "$out")"
  rm -f "$out"
  local display=(xvfb-run -a -s "-screen 0 1600x1000x24 -noreset")
  [ "$on_wayland" = 1 ] && display=(env -u DISPLAY WAYLAND_DISPLAY=$wayland_socket)
  timeout 180 "${display[@]}" dbus-run-session -- \
    flatpak run "${without[@]}" \
      --env=PITSTOP_SCREENSHOT="$out" --env=PITSTOP_SCREENSHOT_SELECT="$select" \
      --env=PITSTOP_SCREENSHOT_WIDTH=1100 --env=PITSTOP_SCREENSHOT_HEIGHT=760 \
      --env=PITSTOP_SCREENSHOT_DELAY_MS=5000 --env=GSETTINGS_BACKEND=memory \
      "$app" "$@"
  if [ ! -s "$out" ]; then
    echo "the app saved no screenshot"
    return 1
  fi
  cp "$out" "$shots/$name.png"
  echo "screenshot: $shots/$name.png"
}

# the same on a Wayland session (a headless weston), with no X server
on_wayland=0
wayland_socket=wayland-pitstop-check
wayland_window () {
  on_wayland=1
  window "$@"
  local rc=$?
  on_wayland=0
  return $rc
}

cli_demo () {
  local out
  out=$(cli list --demo --json) || return 1
  echo "$out"
  grep -q '"win10-gaming"' <<<"$out"
}

# --- the system daemon -------------------------------------------------------

system_list () {
  local out
  out=$(cli list --connect qemu:///system --json) || return 1
  echo "$out"
  grep -q "\"$guest\"" <<<"$out"
}

# the system socket as the sandbox sees it, and who the sandbox is
system_socket () {
  echo "outside: $(stat -c '%A %U:%G' /run/libvirt/libvirt-sock) /run/libvirt/libvirt-sock"
  run --command=sh "$app" -c \
    'echo "inside: $(stat -c "%A %U:%G" /run/libvirt/libvirt-sock) as uid $(id -u)"; test -S /run/libvirt/libvirt-sock'
}

# what the harness's daemon answers a user who is not root (nobody, then
# nobody in the libvirt group), outside the sandbox (virsh, the native
# pitstop-cli) and inside it (a flatpak run as that user): its socket is
# open to all and polkit is its access check; with no polkit daemon on this
# machine it lets in only root
system_unprivileged () {
  local gid as who nobody_home=$work/nobody-home
  gid=$(getent group libvirt | cut -d: -f3)
  mkdir -p "$nobody_home"
  chown 65534:65534 "$nobody_home"
  # the installation's folder is the owner's only (0700): let nobody in
  # to run the app, for the time of this probe
  chmod 711 "$FLATPAK_USER_DIR"
  for as in --clear-groups ${gid:+"--groups=$gid"}; do
    who="uid 65534, no groups"
    [ "$as" = --clear-groups ] || who="uid 65534 in group libvirt"
    as_nobody=(setpriv --reuid=65534 --regid=65534 "$as"
               env HOME="$nobody_home" XDG_RUNTIME_DIR="$nobody_home")
    echo "$who, virsh outside: $("${as_nobody[@]}" virsh -c qemu:///system list --name 2>&1 | grep -v '^$' | tail -n 1)"
    echo "$who, pitstop-cli outside: $("${as_nobody[@]}" "$native_cli" list --connect qemu:///system 2>&1 | tail -n 1)"
    echo "$who, pitstop-cli in the sandbox: $("${as_nobody[@]}" flatpak run --command=pitstop-cli "$app" list --connect qemu:///system 2>&1 | tail -n 1)"
  done
  chmod 700 "$FLATPAK_USER_DIR"
}

# pitstop-cli host --connect qemu:///system --json: the inventory of the
# local system daemon's host, inside and outside
system_host_inventory () {
  "${fakehost[@]}" flatpak run "${without[@]}" --command=pitstop-cli "$app" host --connect qemu:///system --json \
    > "$work/system-host-inside.json" || return 1
  "${fakehost[@]}" "$native_cli" host --connect qemu:///system --json > "$work/system-host-outside.json" || return 1
  python3 "$src/build-aux/flatpak/compare-host-json.py" \
    "$work/system-host-outside.json" "$work/system-host-inside.json"
}

inactive_xml () { virsh -q -c qemu:///system dumpxml --inactive "$guest"; }

# one tuning change from inside the sandbox, seen by the daemon, and undone
# from inside with the history the sandbox keeps
system_tune_undo () {
  local before after restored id table
  before=$(inactive_xml) || return 1
  cli tune --connect qemu:///system --domain "$guest" --vcpus 2 --apply || return 1
  after=$(inactive_xml)
  if ! grep -q "<vcpu[^>]*>2</vcpu>" <<<"$after"; then
    echo "the daemon's definition has no 2 vCPUs after tune --apply:"
    grep "<vcpu" <<<"$after"
    return 1
  fi
  # the table's first row: ID TIME DESCRIPTION
  # (not tee /dev/stderr: that opens the log again at offset 0)
  table=$(cli history --connect qemu:///system --domain "$guest") || return 1
  echo "$table"
  id=$(awk 'NR == 2 { print $1 }' <<<"$table")
  [ -n "$id" ] || { echo "no history entry after tune --apply"; return 1; }
  cli history --connect qemu:///system --domain "$guest" --restore "$id" || return 1
  restored=$(inactive_xml)
  if [ "$restored" != "$before" ]; then
    echo "after history --restore $id the definition differs from the one before:"
    diff <(echo "$before") <(echo "$restored")
    return 1
  fi
  echo "vcpus 1 → 2 → restored ($id); the definition is the one before"
}

# --- the host inventory ------------------------------------------------------

# host_inventory [SECTIONS…]: pitstop-cli host --json in the sandbox and
# outside (a native build) agree on the given sections (all when none); both
# run on the fake host below.
host_inventory () {
  "${fakehost[@]}" flatpak run "${without[@]}" --command=pitstop-cli "$app" host --json \
    > "$work/host-inside.json" || return 1
  "${fakehost[@]}" "$native_cli" host --json > "$work/host-outside.json" || return 1
  python3 "$src/build-aux/flatpak/compare-host-json.py" \
    "$work/host-outside.json" "$work/host-inside.json" "$@"
}

# This machine has no GRUB configuration and no IOMMU groups, so the checks
# of host-etc and iommu_groups run on a host that has both: in a mount
# namespace of their own (nothing outside it changes), a copy of /etc with
# /etc/default/grub is mounted over /etc, and a folder with one IOMMU group
# (the first PCI device) over /sys/kernel/iommu_groups.
fake_host_setup () {
  local fake=$work/fake dev
  cp -a /etc "$fake-etc" 2>/dev/null
  mkdir -p "$fake-etc/default"
  printf 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on iommu=pt"\nGRUB_CMDLINE_LINUX=""\n' \
    > "$fake-etc/default/grub"
  mkdir -p "$fake-iommu/0/devices"
  dev=$(ls /sys/bus/pci/devices | head -n 1)
  [ -n "$dev" ] && ln -s "$(realpath "/sys/bus/pci/devices/$dev")" "$fake-iommu/0/devices/$dev"
  fakehost=(unshare -m --propagation private bash -c \
    'mount --bind "$0/../fake-etc" /etc && mount --bind "$0/../fake-iommu" /sys/kernel/iommu_groups && exec "$@"' \
    "$work/home")
}
fakehost=()

# ssh: an agent with a key, and ~/.ssh/config naming a host
ssh_setup () {
  mkdir -p -m 700 "$HOME/.ssh"
  printf 'Host gamebox\n  HostName 192.0.2.7\n  User pitstop-test\n  Port 2222\n' > "$HOME/.ssh/config"
  ssh-keygen -q -t ed25519 -N '' -C pitstop-flatpak-check -f "$work/key" || return 1
  eval "$(ssh-agent -s -a "$XDG_RUNTIME_DIR/ssh-agent.sock")" >/dev/null
  agent_pid=$SSH_AGENT_PID
  ssh-add -q "$work/key"
}
ssh_config_read () {
  local out
  out=$(run --command=ssh "$app" -G gamebox) || return 1
  grep -q '^hostname 192.0.2.7$' <<<"$out" && { echo "ssh reads ~/.ssh/config"; return 0; }
  echo "ssh -G gamebox: $(grep '^hostname ' <<<"$out"), not 192.0.2.7 from ~/.ssh/config"
  return 1
}
ssh_dir_read_only () {
  if run --command=touch "$app" "$HOME/.ssh/pitstop-probe" 2>&1; then
    echo "the sandbox could write into ~/.ssh"
    rm -f "$HOME/.ssh/pitstop-probe"
    return 1
  fi
  echo "~/.ssh is read-only in the sandbox"
}
ssh_agent_keys () {
  local out
  out=$(run --command=ssh-add "$app" -l 2>&1)
  grep -q pitstop-flatpak-check <<<"$out" && { echo "the agent's key is listed"; return 0; }
  echo "ssh-add -l: $out"
  return 1
}

# the session daemon's socket folder: flatpak shares $XDG_RUNTIME_DIR/libvirt
# at the same path, and inside $XDG_RUNTIME_DIR is /run/user/UID; so, as in
# a login session, the check uses /run/user/UID, in a mount namespace of its
# own (a tmpfs on /run/user: nothing outside it changes), with a listening
# socket there that the sandbox must find
session_socket () {
  unshare -m --propagation private bash -c '
    app=$1; shift
    dir=/run/user/$(id -u)/libvirt
    mount -t tmpfs -o mode=755 tmpfs /run/user && mkdir -m 700 -p "$dir" || exit 1
    python3 -c "import socket,sys,time; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(); time.sleep(120)" \
      "$dir/virtqemud-sock" &
    server=$!
    for _ in $(seq 50); do [ -S "$dir/virtqemud-sock" ] && break; sleep 0.1; done
    XDG_RUNTIME_DIR=${dir%/libvirt} flatpak run "$@" --command=sh "$app" -c \
      "ls -l \"\$XDG_RUNTIME_DIR/libvirt/virtqemud-sock\" && test -S \"\$XDG_RUNTIME_DIR/libvirt/virtqemud-sock\""
    rc=$?
    kill $server
    exit $rc' session-socket "$app" "${without[@]}"
}

ipc_shared () {
  local inside outside
  outside=$(readlink /proc/self/ns/ipc)
  inside=$(run --command=readlink "$app" /proc/self/ns/ipc) || return 1
  echo "IPC namespace: host $outside, sandbox $inside"
  [ "$inside" = "$outside" ]
}

# --- main ------------------------------------------------------------------

flatpak info "$app" >/dev/null 2>&1 || { echo "check-local: $app is not installed in $FLATPAK_USER_DIR (build-local.sh installs it)"; exit 1; }

# the unsandboxed pitstop-cli to compare with: a native build of the same
# tree ($PITSTOP_NATIVE_BUILD: one that is there already)
native=${PITSTOP_NATIVE_BUILD:-$cache/native-build}
native_cli=$native/app/cli/pitstop-cli
if wanted host || wanted system; then
  echo "=== check-local: native pitstop-cli"
  { [ -f "$native/build.ninja" ] || meson setup "$native" "$src" >/dev/null; } &&
    ninja -C "$native" app/cli/pitstop-cli >/dev/null || { echo "check-local: the native build failed"; exit 1; }
fi

if wanted demo; then
  echo "=== check-local: demo host"
  check demo-window window flatpak-demo win10-gaming --demo
  check cli-demo cli_demo
  needs --socket=fallback-x11 --nosocket=fallback-x11 demo-window window flatpak-demo-no-x11 win10-gaming --demo
  check ipc-shared ipc_shared
  needs --share=ipc --unshare=ipc ipc-shared ipc_shared
  if command -v weston >/dev/null; then
    weston --backend=headless-backend.so --socket="$wayland_socket" --idle-time=0 > "$log/weston.log" 2>&1 &
    weston_pid=$!
    for _ in $(seq 50); do [ -S "$XDG_RUNTIME_DIR/$wayland_socket" ] && break; sleep 0.2; done
    check wayland-window wayland_window flatpak-demo-wayland win10-gaming --demo
    needs --socket=wayland --nosocket=wayland wayland-window wayland_window flatpak-demo-no-wayland win10-gaming --demo
    kill "$weston_pid" 2>/dev/null; weston_pid=""
  else
    not_checked --socket=wayland "no Wayland compositor (apt install weston: a headless one)"
  fi
  if [ -e /dev/dri ]; then
    check dri-visible run --command=ls "$app" /dev/dri
    needs --device=dri --nodevice=dri dri-visible run --command=ls "$app" /dev/dri
  else
    not_checked --device=dri "this machine has no /dev/dri"
  fi
fi

if wanted ssh; then
  echo "=== check-local: ssh"
  if ssh_setup > "$log/ssh-setup.log" 2>&1; then
    check ssh-config-read ssh_config_read
    check ssh-dir-read-only ssh_dir_read_only
    needs --filesystem=~/.ssh:ro --nofilesystem=~/.ssh ssh-config-read ssh_config_read
    check ssh-agent-keys ssh_agent_keys
    needs --socket=ssh-auth --nosocket=ssh-auth ssh-agent-keys ssh_agent_keys
  else
    cat "$log/ssh-setup.log"
    results+=("FAILED   ssh-setup (an agent and a key outside the sandbox; log: $log/ssh-setup.log)")
    failed=1
  fi
fi

if wanted session; then
  echo "=== check-local: session daemon socket"
  check session-socket session_socket
  needs --filesystem=xdg-run/libvirt:ro --nofilesystem=xdg-run/libvirt session-socket session_socket
fi

if wanted host || wanted system; then
  fake_host_setup
fi
if wanted host; then
  echo "=== check-local: the host inventory"
  check host-inventory host_inventory
  needs --share=network --unshare=network host-network host_inventory net
  needs --filesystem=host-etc:ro --nofilesystem=host-etc host-boot host_inventory boot
  needs --filesystem=/sys/kernel/iommu_groups:ro --nofilesystem=/sys/kernel/iommu_groups host-iommu host_inventory iommu
  needs --filesystem=/sys/kernel/mm/hugepages:ro --nofilesystem=/sys/kernel/mm/hugepages host-hugepages host_inventory hugepages hugepages_per_node
fi

if wanted system; then
  echo "=== check-local: the real libvirtd (integration harness)"
  reason=$("$daemons" check 9>&-)
  rc=$?
  if [ $rc = 77 ]; then
    not_checked "qemu:///system" "$reason"
  else
    exec 9>/run/lock/pitstop-integration.lock
    if ! flock -n 9; then
      echo "check-local: waiting for the integration suite of another run (it holds the lock)"
      t=$SECONDS
      flock -w 1800 9 || { echo "check-local: the lock stayed taken"; exit 1; }
      echo "check-local: got the lock after $((SECONDS - t)) s"
    fi
    state=$(mktemp -d /var/tmp/pitstop-flatpak-daemons.XXXXXX)
    t=$SECONDS
    if "$daemons" setup "$state" 9>&- > "$log/daemons.log" 2>&1; then
      echo "libvirtd up in $((SECONDS - t)) s"
      qemu-img create -q -f qcow2 "$state/images/$guest.qcow2" 64M
      sed -e "s|@NAME@|$guest|" -e "s|@DISK@|$state/images/$guest.qcow2|" \
        "$src/build-aux/flatpak/check-guest.xml" > "$state/$guest.xml"
      virsh -q -c qemu:///system define "$state/$guest.xml" >/dev/null &&
        virsh -q -c qemu:///system start "$guest" >/dev/null
      check system-socket system_socket
      check system-list system_list
      needs --filesystem=/run/libvirt:ro --nofilesystem=/run/libvirt system-list system_list
      check system-tune-undo system_tune_undo
      check system-host-inventory system_host_inventory
      check system-window window flatpak-system "$guest" --connect qemu:///system
      probe system-unprivileged system_unprivileged
    else
      cat "$log/daemons.log"
      results+=("FAILED   the integration harness's libvirtd did not start (log: $log/daemons.log)")
      failed=1
    fi
    "$daemons" teardown "$state" 9>&- >/dev/null 2>&1
    rm -rf "$state"
    state=""
    exec 9>&-
  fi
fi

if [ $copy_screenshots = 1 ]; then
  cp "$shots"/flatpak-*.png "$src/data/screenshots/" 2>/dev/null
fi
exit $failed
}

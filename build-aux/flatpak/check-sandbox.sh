#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a stub app with the manifest's finish-args through the real flatpak
# (bubblewrap) and checks what README.md says the sandbox sees: the host's
# kernel command line, its os-release and /etc under /run/host, the IOMMU
# groups and hugepage pools, the libvirt socket folders read-only, and
# nothing more of /sys/kernel.  The runtime is a static busybox in an
# installation of its own ($FLATPAK_USER_DIR in a temporary folder), so the
# user's flatpak installation is never touched.  Run by
# `meson test --suite flatpak`; skips (77) without flatpak, ostree or a static
# busybox (apt install flatpak-builder busybox-static).
# Usage: check-sandbox.sh MANIFEST CHECK_MANIFEST_PY
set -euo pipefail
manifest=$1
checker=$2

for tool in flatpak ostree busybox python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is not installed: skipped"
    exit 77
  fi
done
busybox=$(command -v busybox)
if ldd "$busybox" >/dev/null 2>&1; then
  echo "$busybox is not static (apt install busybox-static): skipped"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pitstop-sandbox-XXXXXX")
trap 'rm -rf "$work"' EXIT
export FLATPAK_USER_DIR=$work/installation
export XDG_DATA_HOME=$work/data
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
  export XDG_RUNTIME_DIR=$work/run
  mkdir -m 700 "$XDG_RUNTIME_DIR"
fi
arch=$(flatpak --default-arch)
rt=org.pitstoptest.Platform
app=org.pitstoptest.SandboxCheck

# the runtime: busybox and nothing else
mkdir -p "$work/rt/files/bin"
cp "$busybox" "$work/rt/files/bin/busybox"
for cmd in sh cat ls head test echo touch sort; do
  ln -s busybox "$work/rt/files/bin/$cmd"
done
printf '[Runtime]\nname=%s\nruntime=%s/%s/1\nsdk=%s/%s/1' "$rt" "$rt" "$arch" "$rt" "$arch" \
  > "$work/rt/metadata"
ostree init --mode=archive-z2 --repo="$work/repo" >/dev/null
ostree commit --repo="$work/repo" --branch="runtime/$rt/$arch/1" --owner-uid=0 --owner-gid=0 \
  --add-metadata-string=xa.metadata="$(cat "$work/rt/metadata")" -s runtime "$work/rt" >/dev/null
flatpak build-update-repo "$work/repo" >/dev/null
flatpak --user remote-add --no-gpg-verify pitstoptest "$work/repo"
flatpak --user install -y --noninteractive pitstoptest "$rt//1" >/dev/null

# the app: a probe that prints what it sees, with the manifest's finish-args
flatpak build-init "$work/app" "$app" "$rt" "$rt" 1 >/dev/null
cat > "$work/app/files/probe.sh" <<'EOF'
#!/bin/sh
show () { echo "== $1"; shift; "$@" 2>&1 | sort; }
# a folder that is not there is listed as "(absent)", on both sides
listing () { if [ -e "$1" ]; then ls -A "$1"; else echo "(absent)"; fi; }
writable () {
  if [ ! -e "$1" ]; then echo "(absent)"
  elif touch "$1/.pitstop-probe" 2>/dev/null; then echo writable
  else echo read-only; fi
}
show cmdline cat /proc/cmdline
show os-release head -n 1 /run/host/os-release
show host-etc ls -A /run/host/etc
show sys ls /sys
show sys-kernel ls /sys/kernel
show iommu_groups listing /sys/kernel/iommu_groups
show hugepages listing /sys/kernel/mm/hugepages
show run-libvirt listing /run/libvirt
show var-run-libvirt listing /var/run/libvirt
show run-libvirt-writable writable /run/libvirt
EOF
chmod +x "$work/app/files/probe.sh"
mapfile -t finish_args < <(python3 "$checker" list-finish-args "$manifest")
flatpak build-finish --command=/app/probe.sh "${finish_args[@]}" "$work/app" >/dev/null
flatpak build-export "$work/repo" "$work/app" >/dev/null 2>&1
flatpak build-update-repo "$work/repo" >/dev/null
flatpak --user install -y --noninteractive pitstoptest "$app" >/dev/null
flatpak run "$app" > "$work/inside.txt" 2>"$work/run.err" || {
  echo "flatpak run failed:"; cat "$work/run.err"; exit 1; }

# what the host has, in the same form
{
  show () { echo "== $1"; shift; "$@" 2>&1 | LC_ALL=C sort; }
  listing () { if [ -e "$1" ]; then ls -A "$1"; else echo "(absent)"; fi; }
  show cmdline cat /proc/cmdline
  if [ -e /etc/os-release ]; then show os-release head -n 1 /etc/os-release
  else show os-release head -n 1 /usr/lib/os-release; fi
  show host-etc ls -A /etc
  show sys echo "block
bus
class
dev
devices
kernel"
  show sys-kernel echo "iommu_groups
mm"
  show iommu_groups listing /sys/kernel/iommu_groups
  show hugepages listing /sys/kernel/mm/hugepages
  show run-libvirt listing /run/libvirt
  # libvirt's client looks for the system socket under /var/run (LOCALSTATEDIR)
  show var-run-libvirt listing /run/libvirt
  # the sandbox may read the sockets' folder, never write it
  if [ -e /run/libvirt ]; then show run-libvirt-writable echo read-only
  else show run-libvirt-writable echo "(absent)"; fi
} > "$work/host.txt"

python3 - "$work/host.txt" "$work/inside.txt" <<'EOF'
import sys

def sections(path):
    out, cur = {}, None
    for line in open(path, encoding='utf-8', errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('== '):
            cur = line[3:]
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    return {k: sorted(v) for k, v in out.items()}

host, inside = sections(sys.argv[1]), sections(sys.argv[2])
failed = False
for key, want in host.items():
    got = inside.get(key)
    if got != want:
        failed = True
        print(f'{key}: the sandbox sees {got!r}, the host has {want!r}')
    else:
        note = ' (absent on the host and in the sandbox)' if want == ['(absent)'] else ''
        print(f'{key}: as on the host{note}' + (f' ({len(want)} entries)' if len(want) > 1 else f': {want[0][:60]}' if want else ''))
sys.exit(1 if failed else 0)
EOF

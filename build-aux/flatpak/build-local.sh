#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Pitstop as a Flatpak without the GNOME runtime: a runtime and an SDK
# made from Debian 12 packages (debootstrap, then apt in the tree), committed
# to a local ostree repository and installed into a flatpak installation of
# its own; a test manifest derived from the real one (the same finish-args,
# the same Pitstop module with its config options and run-tests, whose
# libvirt, libvirt-glib, libtirpc and pciutils come from the runtime instead
# of the upstream tarballs); flatpak-builder builds it and runs the tests in
# its build sandbox.  Then check-local.sh checks the installed app in the
# sandbox (screenshot, a real libvirtd, least privilege).
#
# Idempotent and cached: each step up to the app's build is skipped when its
# result is there and its inputs (package lists, the manifest) have not
# changed; Pitstop itself is built (and tested) on every run.  Prints each
# step's time.  The only network it uses is Debian's archive (the mirror apt
# uses here), and only while a tree is (re)built.
#
# Usage: build-aux/flatpak/build-local.sh [--build-only] [--rebuild-runtime]
#          [--if-built] [--screenshots]
#   --build-only       no checks after the build
#   --rebuild-runtime  new runtime and SDK trees, from debootstrap on
#   --if-built         skip (exit 77) unless a runtime was built before
#   --screenshots      copy the sandbox's screenshots into data/screenshots/
# Environment: PITSTOP_FLATPAK_CACHE (default /var/tmp/pitstop-flatpak),
#              PITSTOP_DEBIAN_MIRROR (default: the one in /etc/apt/sources*).
# Needs root (debootstrap, chroot); installs debootstrap, ostree, flatpak and
# flatpak-builder with apt when they are missing.
set -euo pipefail
# the whole script is one block, read before it runs: editing the file
# during a run does not change that run
{

src=$(cd "$(dirname "$0")/../.." && pwd)
here=$src/build-aux/flatpak
cache=${PITSTOP_FLATPAK_CACHE:-/var/tmp/pitstop-flatpak}
suite=bookworm
branch=12
rt_platform=io.github.pitstopvm.Debian.Platform
rt_sdk=io.github.pitstopvm.Debian.Sdk
app_id=io.github.pitstopvm.Pitstop

build_only=0
rebuild_runtime=0
if_built=0
screenshots=()
for a in "$@"; do
  case $a in
    --build-only) build_only=1 ;;
    --rebuild-runtime) rebuild_runtime=1 ;;
    --if-built) if_built=1 ;;
    --screenshots) screenshots=(--screenshots) ;;
    *) echo "usage: $0 [--build-only] [--rebuild-runtime] [--if-built] [--screenshots]" >&2; exit 2 ;;
  esac
done

# --if-built (meson test flatpak-local, run-tests.sh): a warm-cache run
# where a runtime was built before, else skipped (77) with the reason
if [ $if_built = 1 ]; then
  why=""
  if [ -e /.flatpak-info ]; then why="inside a Flatpak sandbox (flatpak-builder's tests)"
  elif [ "$(id -u)" != 0 ]; then why="needs root"
  elif ! command -v flatpak-builder >/dev/null; then why="flatpak-builder is not installed"
  elif [ ! -s "$cache/sdk-root.stamp" ] || [ ! -s "$cache/platform-root.stamp" ]; then
    why="no local runtime in $cache (build-aux/flatpak/build-local.sh makes it: debootstrap, ~10 min)"
  fi
  if [ -n "$why" ]; then
    echo "build-local: skipped: $why"
    exit 77
  fi
fi

# What the runtime holds: what Pitstop links and shows at run time.
platform_pkgs=(
  libglib2.0-0 libgtk-4-1 libadwaita-1-0 libvirt0 libvirt-glib-1.0-0
  libpci3 pci.ids libxml2
  librsvg2-common adwaita-icon-theme hicolor-icon-theme shared-mime-info
  fonts-cantarell fonts-dejavu-core
  openssh-client locales ca-certificates
)
# The SDK: the runtime plus what builds Pitstop and runs its tests (as
# build-aux/install-deps.sh lists them; no daemon, no QEMU, no flatpak).
sdk_pkgs=(
  "${platform_pkgs[@]}"
  meson ninja-build pkg-config gcc gettext itstool patch
  elfutils debugedit
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libvirt-dev libvirt-glib-1.0-dev libpci-dev libxml2-dev
  desktop-file-utils appstream appstream-util
  python3 python3-gi libxml2-utils yelp-tools
  xvfb xauth dbus dbus-x11 at-spi2-core
)

now () { date +%s.%N; }
since () { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
times=()
t_all=$(now)
step () { # NAME FUNCTION
  local name=$1 t rc
  shift
  echo "=== build-local: $name"
  t=$(now)
  # in a subshell with errexit (a "cmd || …" would turn it off inside),
  # so a failed step still gets its time in the summary
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  times+=("$(printf '%-34s %7s s%s' "$name" "$(since "$t")" "$([ $rc = 0 ] || echo " (failed)")")")
  echo "--- build-local: $name: $(since "$t") s"
  return $rc
}
summary () {
  echo "=== build-local: summary"
  printf '  %s\n' "${times[@]}"
  printf '  %-34s %7s s\n' total "$(since "$t_all")"
}
trap summary EXIT

die () { echo "build-local: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot); run it with sudo"
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || die "only on amd64 Debian/Ubuntu"

mirror=${PITSTOP_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -h -E '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
           | grep -o -E 'https?://[^ ]*/debian/?' | grep -v security | head -n 1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi
security=${mirror%/debian*}/debian-security

tools () {
  local missing=() p
  # elfutils: flatpak-builder runs eu-strip outside the sandbox
  for p in debootstrap ostree flatpak flatpak-builder elfutils xvfb xauth dbus weston qemu-utils; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# A minimal Debian 12 in $1 (debootstrap) with the packages $2… (apt); the
# downloaded packages stay in $cache/debs for the next tree.  A tree whose
# package list changed gets the new packages with apt (a clean tree:
# --rebuild-runtime).
make_tree () {
  local dir=$1 want rc=0
  shift
  want=$(printf '%s\n' "$suite" "$mirror" "$@" | sha256sum | cut -c1-16)
  if [ $rebuild_runtime = 1 ]; then
    rm -rf "$dir" "$dir.base" "$dir.stamp"
  fi
  if [ -s "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$want" ]; then
    echo "$dir is up to date"
    return 0
  fi
  if [ ! -e "$dir.base" ]; then
    rm -rf "$dir"
    mkdir -p "$cache/debs/partial"
    debootstrap --variant=minbase --cache-dir="$cache/debs" "$suite" "$dir" "$mirror" \
      > "$dir.debootstrap.log" 2>&1 || { tail -n 20 "$dir.debootstrap.log"; die "debootstrap failed (log: $dir.debootstrap.log)"; }
    cat > "$dir/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
    # English and German (the app's languages) for the tests and the checks
    printf 'en_US.UTF-8 UTF-8\nde_DE.UTF-8 UTF-8\n' > "$dir/etc/locale.gen"
    touch "$dir.base"
  fi
  rm -f "$dir.stamp"
  # no service starts in the tree
  printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
  chmod +x "$dir/usr/sbin/policy-rc.d"
  mount -t proc proc "$dir/proc"
  mount --bind "$cache/debs" "$dir/var/cache/apt/archives"
  {
    chroot "$dir" env DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get update -q &&
    chroot "$dir" env DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get -y -q dist-upgrade &&
    chroot "$dir" env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
      apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "$@" &&
    chroot "$dir" locale-gen
  } > "$dir.apt.log" 2>&1 || rc=$?
  umount "$dir/var/cache/apt/archives"
  umount "$dir/proc"
  rm -f "$dir/usr/sbin/policy-rc.d"
  [ $rc = 0 ] || { tail -n 20 "$dir.apt.log"; die "apt in $dir failed (log: $dir.apt.log)"; }
  rm -rf "$dir/var/lib/apt/lists/"* "$dir/usr/share/doc" "$dir/usr/share/man" "$dir/usr/share/info"
  echo "$want" > "$dir.stamp"
  du -sh "$dir" | sed 's/^/tree size: /'
}

sdk_tree () { make_tree "$cache/sdk-root" "${sdk_pkgs[@]}"; }
platform_tree () { make_tree "$cache/platform-root" "${platform_pkgs[@]}"; }

# A flatpak installation of its own: the user's is never touched.
export FLATPAK_USER_DIR=$cache/installation
repo=$cache/repo
arch=$(flatpak --default-arch)

# The tree as a flatpak runtime: its /usr is the runtime's files (flatpak
# links /bin, /lib, /lib64 and /sbin to it), its /etc is files/etc.
# Committed when the tree changed since the last commit.
export_layout=1  # raise when export_runtime makes another tree from the same packages
export_runtime () { # NAME ROOT
  local name=$1 root=$2 stage=$cache/export-$1 ref stamp
  ref=runtime/$name/$arch/$branch
  stamp=$(cat "$root.stamp")-$export_layout
  if [ -s "$stage.stamp" ] && [ "$(cat "$stage.stamp")" = "$stamp" ] &&
     ostree --repo="$repo" rev-parse "$ref" >/dev/null 2>&1; then
    echo "$ref is up to date"
    return 0
  fi
  # bare-user-only: no compression (archive-z2 took 15 min for the SDK on
  # a busy machine), and installing from it hardlinks the files
  [ -d "$repo/objects" ] || ostree init --mode=bare-user-only --repo="$repo"
  rm -rf "$stage" "$stage.stamp"
  mkdir -p "$stage"
  cp -al "$root/usr" "$stage/files"
  cp -al "$root/etc" "$stage/files/etc"
  # flatpak regenerates the linker cache with the runtime's ldconfig, from
  # PATH (Debian has it in sbin); the tree's own cache and machine files go
  rm -f "$stage/files/etc/ld.so.cache" "$stage/files/etc/machine-id" \
        "$stage/files/etc/shadow" "$stage/files/etc/gshadow" "$stage/files/etc/hostname"
  [ -e "$stage/files/bin/ldconfig" ] || ln -s ../sbin/ldconfig "$stage/files/bin/ldconfig"
  cat > "$stage/metadata" <<EOF
[Runtime]
name=$name
runtime=$rt_platform/$arch/$branch
sdk=$rt_sdk/$arch/$branch
EOF
  flatpak build-export --runtime --files=files "$repo" "$stage" "$branch" \
    > "$stage.log" 2>&1 || { tail -n 20 "$stage.log"; die "flatpak build-export of $name failed"; }
  echo "$stamp" > "$stage.stamp"
  rm -rf "$stage"
  echo "committed $ref ($(ostree --repo="$repo" rev-parse "$ref" | cut -c1-12))"
}

# Installs or updates REF from the local repository.
install_ref () {
  flatpak --user remote-add --if-not-exists --no-gpg-verify pitstop-local "$repo"
  if flatpak --user info "$1" >/dev/null 2>&1; then
    flatpak --user update -y --noninteractive "$1"
  else
    flatpak --user install -y --noninteractive pitstop-local "$1"
  fi
}

runtimes () {
  export_runtime "$rt_platform" "$cache/platform-root"
  export_runtime "$rt_sdk" "$cache/sdk-root"
  flatpak build-update-repo "$repo" >/dev/null
  install_ref "$rt_platform//$branch"
  install_ref "$rt_sdk//$branch"
}

manifest=$cache/$app_id.local.json
derive_manifest () {
  python3 "$here/local-manifest.py" "$here/$app_id.json" "$src" \
    "$rt_platform" "$rt_sdk" "$branch" "$manifest"
  echo "$manifest"
}

# flatpak-builder: builds the Pitstop module and runs its tests in the build
# sandbox.  Every run builds it again, changed or not: flatpak-builder never
# takes a "dir" source from its cache (its checksum of a folder is a random
# value, "we can't realistically checksum a directory, so always rebuild").
build_app () {
  local rc
  {
    flatpak-builder --user --disable-rofiles-fuse --force-clean \
      --state-dir="$cache/builder-state" --repo="$repo" \
      "$cache/build-dir" "$manifest" 2>&1 && rc=0 || rc=$?
    echo "$rc" > "$cache/builder.rc"
  } | tee "$cache/builder.log"
  [ "$(cat "$cache/builder.rc")" = 0 ] || die "flatpak-builder failed (log: $cache/builder.log)"
  flatpak build-update-repo "$repo" >/dev/null
  install_ref "$app_id//master"
}

step "tools (apt)" tools
mkdir -p "$cache"
step "SDK tree (debootstrap + apt)" sdk_tree
step "runtime tree (debootstrap + apt)" platform_tree
step "runtime + SDK into ostree, installed" runtimes
step "test manifest" derive_manifest
step "flatpak-builder (build + tests)" build_app
if [ $build_only = 0 ]; then
  step "checks in the sandbox" "$here/check-local.sh" "$cache" "${screenshots[@]}"
fi
exit 0; }

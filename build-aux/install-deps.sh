#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Pitstop needs to build, run and test, on Debian 12 / Ubuntu.
# Idempotent and non-interactive: only missing packages are installed.
# Usage: build-aux/install-deps.sh [--tests]
# On other distributions it prints the equivalent package names and exits.
set -euo pipefail

build_pkgs=(
  meson ninja-build pkg-config gcc gettext itstool
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libvirt-dev libvirt-glib-1.0-dev libpci-dev pci.ids libxml2-dev
  desktop-file-utils appstream
  librsvg2-common adwaita-icon-theme
)
test_pkgs=(
  xvfb xauth xdotool dbus dbus-x11 at-spi2-core python3 python3-gi gir1.2-atspi-2.0
  libvirt-clients libxml2-utils nix-bin shellcheck
  yelp-tools
  libvirt-daemon-system qemu-system-x86 qemu-utils iproute2 swtpm swtpm-tools
  clang libclang-rt-14-dev
  flatpak-builder debootstrap elfutils weston
  busybox-static
  locales
)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--tests" ]; then
  want+=("${test_pkgs[@]}")
fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat <<'EON'
This script installs with apt (Debian, Ubuntu). On other systems install:
  Fedora: meson ninja-build gcc gettext itstool glib2-devel gtk4-devel
          libadwaita-devel libvirt-devel libvirt-glib-devel
          libvirt-gconfig-devel pciutils-devel hwdata libxml2-devel
          desktop-file-utils appstream
          tests: xorg-x11-server-Xvfb dbus-daemon xdotool at-spi2-core python3-gobject
                 libvirt-client libvirt-daemon-kvm qemu-kvm swtpm swtpm-tools nix clang yelp-tools
  Arch:   meson ninja gcc gettext itstool glib2 gtk4 libadwaita libvirt
          libvirt-glib pciutils hwdata libxml2 desktop-file-utils appstream
          tests: xorg-server-xvfb xdotool at-spi2-core python-gobject qemu-base swtpm nix clang yelp-tools
EON
  exit 1
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

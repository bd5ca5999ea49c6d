#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs a folder with its symbolic links kept as links: meson 1.0's
# install_subdir() follows them, which breaks recorded sysfs trees
# (data/demo/host-root: driver, iommu_group and class/net links).
# Usage (from meson.add_install_script): install-tree.sh SOURCE_DIR DEST_PARENT
set -eu
src=$1
dest=${DESTDIR:-}$2
mkdir -p "$dest"
rm -rf "$dest/$(basename "$src")"
cp -a "$src" "$dest/"

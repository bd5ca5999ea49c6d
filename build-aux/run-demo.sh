#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The one command that sets up and starts Pitstop on its demo host:
# installs what is missing (apt), builds, and runs the app from the build
# tree.  Extra arguments go to pitstop (e.g. --connect qemu:///system
# instead of the demo).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"

build-aux/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build -Ddevelopment=true
fi
ninja -C build

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--demo)
exec meson devenv -C build "$src/build/app/ui/pitstop" "${args[@]}"

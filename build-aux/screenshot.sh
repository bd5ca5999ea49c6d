#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes screenshots of Pitstop on the demo host under Xvfb into
# data/screenshots/, from a release-profile build of its own (no "devel"
# stripes).  Usage: build-aux/screenshot.sh [BUILD_DIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-screenshot}
out=$src/data/screenshots
mkdir -p "$out"

[ -f "$build/build.ninja" ] || meson setup "$build" -Ddevelopment=false >/dev/null
ninja -C "$build" >/dev/null

shoot() { # NAME SELECT WIDTH HEIGHT [STYLE] [VIEW] [DELAY_MS] [WIZARD_PAGE]
  local name=$1 select=$2 width=$3 height=$4 style=${5:-} view=${6:-} delay=${7:-800} wizard=${8:-}
  env GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
      ${wizard:+PITSTOP_SCREENSHOT_WIZARD=$wizard} \
      PITSTOP_SCREENSHOT_VIEW="$view" PITSTOP_SCREENSHOT_DELAY_MS="$delay" \
      PITSTOP_DEMO_DIR="$src/data/demo" \
      PITSTOP_SCREENSHOT="$out/$name.png" PITSTOP_SCREENSHOT_SELECT="$select" \
      PITSTOP_SCREENSHOT_WIDTH="$width" PITSTOP_SCREENSHOT_HEIGHT="$height" \
      ${style:+ADW_DEBUG_COLOR_SCHEME=$style} \
      xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- \
      "$build/app/ui/pitstop" --demo 2>&1 | grep -v -e '^dbus-daemon' -e 'SpiRegistry' || true
  test -s "$out/$name.png"
}

shoot main-window win10-gaming 1100 760
shoot main-window-dark win10-gaming 1100 760 prefer-dark
shoot main-window-narrow win10-gaming 360 720
shoot dashboard fedora-server 1100 760 "" performance 6000
shoot overview "" 1100 760 "" "" 4000
for page in readiness gpu cpu pinning memory drivers network review apply; do
  shoot "wizard-$page" win10-gaming 760 820 "" "" 2500 "$page"
done
echo "screenshots in $out"

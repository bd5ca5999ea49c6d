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

# the accessibility variants go to a folder of their own: they are for
# checking, not for the metainfo
a11y=$build/screenshots-a11y
mkdir -p "$a11y"

shoot() { # NAME SELECT WIDTH HEIGHT [STYLE] [VIEW] [DELAY_MS] [WIZARD_PAGE] [DEMO]
  local name=$1 select=$2 width=$3 height=$4 style=${5:-} view=${6:-} delay=${7:-800} wizard=${8:-} demo=${9:-}
  local dir=$out
  [ -z "${PITSTOP_SCREENSHOT_TEXT_SCALE:-}${ADW_DEBUG_HIGH_CONTRAST:-}" ] || dir=$a11y
  env GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
      ${wizard:+PITSTOP_SCREENSHOT_WIZARD=$wizard} \
      PITSTOP_SCREENSHOT_VIEW="$view" PITSTOP_SCREENSHOT_DELAY_MS="$delay" \
      PITSTOP_DEMO_DIR="$src/data/demo" \
      PITSTOP_SCREENSHOT="$dir/$name.png" PITSTOP_SCREENSHOT_SELECT="$select" \
      PITSTOP_SCREENSHOT_WIDTH="$width" PITSTOP_SCREENSHOT_HEIGHT="$height" \
      ${style:+ADW_DEBUG_COLOR_SCHEME=$style} \
      xvfb-run -a -s "-screen 0 1600x1000x24 -noreset" dbus-run-session -- \
      "$build/app/ui/pitstop" --demo $demo 2>&1 | grep -v -e '^dbus-daemon' -e 'SpiRegistry' || true
  test -s "$dir/$name.png"
}

shoot main-window win10-gaming 1100 760
shoot main-window-dark win10-gaming 1100 760 prefer-dark
shoot main-window-narrow win10-gaming 360 720
shoot dashboard fedora-server 1100 760 "" performance 12000
shoot overview "" 1100 760 "" "" 12000
for page in readiness gpu display cpu pinning memory drivers network review apply; do
  shoot "wizard-$page" win10-gaming 760 820 "" "" 2500 "$page"
done
# the single-GPU demo host: the GPU page explains single-GPU mode
shoot wizard-gpu-single-gpu win11 760 820 "" "" 2500 gpu single-gpu
# high contrast (libadwaita's switch) and GNOME's Large Text (1.25)
for variant in high-contrast large-text; do
  case $variant in
    high-contrast) export ADW_DEBUG_HIGH_CONTRAST=1; unset PITSTOP_SCREENSHOT_TEXT_SCALE ;;
    large-text) unset ADW_DEBUG_HIGH_CONTRAST; export PITSTOP_SCREENSHOT_TEXT_SCALE=1.25 ;;
  esac
  shoot "$variant-main-window" win10-gaming 1100 760
  shoot "$variant-main-window-narrow" win10-gaming 360 720
  shoot "$variant-dashboard" fedora-server 1100 760 "" performance 6000
  shoot "$variant-overview" "" 1100 760 "" "" 4000
  for page in gpu cpu pinning memory review; do
    shoot "$variant-wizard-$page" win10-gaming 760 820 "" "" 2500 "$page"
  done
done
unset ADW_DEBUG_HIGH_CONTRAST PITSTOP_SCREENSHOT_TEXT_SCALE
echo "screenshots in $out, high-contrast and large-text variants in $a11y"

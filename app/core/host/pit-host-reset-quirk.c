/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-reset-quirk.h"

#define AMD 0x1002

typedef struct
{
  guint16 first;
  guint16 last;
  PitHostResetQuirk quirk;
} Entry;

#define VR(first, last, family) { first, last, { PIT_HOST_RESET_QUIRK_VENDOR_RESET, family } }
#define REP(first, last, family) { first, last, { PIT_HOST_RESET_QUIRK_REPORTED, family } }

/* The ids of vendor-reset's device table (gnif/vendor-reset, src/device-db.h,
 * as of 2024-04): each a single id or a run of them. */
static const Entry amd_entries[] = {
  VR (0x67c0, 0x67c2, "Polaris 10"), VR (0x67c4, 0x67c4, "Polaris 10"), VR (0x67c7, 0x67c9, "Polaris 10"),
  VR (0x67ca, 0x67ca, "Polaris 10"), VR (0x67cc, 0x67cc, "Polaris 10"), VR (0x67cf, 0x67d0, "Polaris 10"),
  VR (0x67df, 0x67df, "Polaris 10"), VR (0x6fdf, 0x6fdf, "Polaris 10"),
  VR (0x67e0, 0x67e1, "Polaris 11"), VR (0x67e3, 0x67e3, "Polaris 11"), VR (0x67e7, 0x67e9, "Polaris 11"),
  VR (0x67eb, 0x67eb, "Polaris 11"), VR (0x67ef, 0x67ef, "Polaris 11"), VR (0x67ff, 0x67ff, "Polaris 11"),
  VR (0x6980, 0x6981, "Polaris 12"), VR (0x6985, 0x6987, "Polaris 12"), VR (0x6995, 0x6995, "Polaris 12"),
  VR (0x6997, 0x6997, "Polaris 12"), VR (0x699f, 0x699f, "Polaris 12"),
  VR (0x6860, 0x6864, "Vega 10"), VR (0x6867, 0x686f, "Vega 10"), VR (0x687f, 0x687f, "Vega 10"),
  VR (0x66a0, 0x66a4, "Vega 20"), VR (0x66a7, 0x66a7, "Vega 20"), VR (0x66af, 0x66af, "Vega 20"),
  VR (0x738c, 0x738c, "Arcturus (Instinct MI100)"),
  VR (0x7310, 0x7310, "Navi 10"), VR (0x7312, 0x7312, "Navi 10"), VR (0x7318, 0x731b, "Navi 10"),
  VR (0x731e, 0x731f, "Navi 10"),
  VR (0x7340, 0x7341, "Navi 14"), VR (0x7347, 0x7347, "Navi 14"), VR (0x734f, 0x734f, "Navi 14"),
  VR (0x7360, 0x7360, "Navi 12"), VR (0x7362, 0x7362, "Navi 12"),
  /* RDNA 2 and 3: the id blocks of amdgpu's PCI table; vendor-reset has
   * no support, and reports range from "works with a bus reset" to "hangs
   * until the host reboots", varying with card, firmware and kernel */
  REP (0x73a0, 0x73bf, "Navi 21"), REP (0x73c0, 0x73df, "Navi 22"), REP (0x73e0, 0x73ff, "Navi 23"),
  REP (0x7420, 0x743f, "Navi 24"), REP (0x7440, 0x745f, "Navi 31"), REP (0x7470, 0x747f, "Navi 32"),
  REP (0x7480, 0x748f, "Navi 33"),
  /* integrated GPUs of Ryzen APUs and desktop CPUs */
  REP (0x15d8, 0x15d8, "Picasso (integrated)"), REP (0x15dd, 0x15dd, "Raven (integrated)"),
  REP (0x1636, 0x1636, "Renoir (integrated)"), REP (0x1638, 0x1638, "Cezanne (integrated)"),
  REP (0x164c, 0x164c, "Lucienne (integrated)"), REP (0x163f, 0x163f, "Van Gogh (integrated)"),
  REP (0x1681, 0x1681, "Rembrandt (integrated)"), REP (0x164e, 0x164e, "Raphael (integrated)"),
  REP (0x1506, 0x1506, "Mendocino (integrated)"), REP (0x15bf, 0x15bf, "Phoenix (integrated)"),
  REP (0x15c8, 0x15c8, "Phoenix 2 (integrated)"), REP (0x150e, 0x150e, "Strix Point (integrated)"),
  REP (0x13c0, 0x13c0, "Granite Ridge (integrated)"),
};

const PitHostResetQuirk *
pit_host_reset_quirk_lookup (guint16 vendor_id,
                             guint16 device_id)
{
  static const PitHostResetQuirk none = { PIT_HOST_RESET_QUIRK_NONE, NULL };

  if (vendor_id != AMD)
    return &none;
  for (guint i = 0; i < G_N_ELEMENTS (amd_entries); i++)
    if (device_id >= amd_entries[i].first && device_id <= amd_entries[i].last)
      return &amd_entries[i].quirk;
  return &none;
}

const char *
pit_host_reset_quirk_kind_to_id (PitHostResetQuirkKind kind)
{
  switch (kind)
    {
    case PIT_HOST_RESET_QUIRK_VENDOR_RESET:
      return "vendor-reset";
    case PIT_HOST_RESET_QUIRK_REPORTED:
      return "reported";
    case PIT_HOST_RESET_QUIRK_NONE:
    default:
      return NULL;
    }
}

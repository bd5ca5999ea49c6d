/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_RESET_QUIRK_NONE,          /* nothing known against the device's reset */
  PIT_HOST_RESET_QUIRK_VENDOR_RESET,  /* "vendor-reset": hangs after the VM's first run unless
                                       * the out-of-tree vendor-reset module resets it */
  PIT_HOST_RESET_QUIRK_REPORTED,      /* "reported": reset trouble is reported, no general fix */
} PitHostResetQuirkKind;

/* What is known about resetting a PCI device, by vendor:device id: the AMD
 * GPU families vendor-reset supports (its device table, gnif/vendor-reset
 * src/device-db.h), and the AMD families with open reports and no module
 * (Navi 2x/3x, the integrated GPUs of Ryzen APUs). */
typedef struct
{
  PitHostResetQuirkKind kind;
  const char *family;     /* "Polaris 10", "Navi 21", "Raphael (integrated)"; not translated */
} PitHostResetQuirk;

/* (transfer none): never %NULL; kind NONE and family NULL when nothing is known */
const PitHostResetQuirk *pit_host_reset_quirk_lookup (guint16 vendor_id,
                                                       guint16 device_id);
const char              *pit_host_reset_quirk_kind_to_id (PitHostResetQuirkKind kind); /* NULL for NONE */

G_END_DECLS

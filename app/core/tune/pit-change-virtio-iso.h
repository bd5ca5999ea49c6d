/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* Attaches an ISO (the virtio-win driver disc) as a read-only SATA CD-ROM
 * on a free target.  x86 only.  pit_change_virtio_iso_find() looks for the
 * disc where distributions and browsers put it. */
typedef struct
{
  const char *path;    /* NULL: pit_change_virtio_iso_find() */
} PitChangeVirtioIsoOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeVirtioIso, pit_change_virtio_iso)
char        *pit_change_virtio_iso_find  (const char * const               *dirs,
                                          GError                          **error);
char        *pit_tune_free_target        (xmlNode                          *root,
                                          const char                       *prefix,
                                          xmlNode                          *ignore);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* The network cards' model to virtio (all of them, or the one with @mac).
 * Passed-through cards (type='hostdev') have no model and are left alone. */
typedef struct
{
  const char *mac;     /* NULL: every card */
} PitChangeVirtioNicOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeVirtioNic, pit_change_virtio_nic)
GPtrArray   *pit_tune_find_interfaces    (PitTuneContext                   *context,
                                          const char                       *mac,
                                          GError                          **error);
xmlNode     *pit_tune_set_interface_model (xmlNode                         *node,
                                          const char                       *model,
                                          GError                          **error);

G_END_DECLS

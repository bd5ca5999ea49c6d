/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* A network card onto a host bridge: type='bridge', <source bridge=…/>,
 * model virtio, keeping its MAC address (and its PCI address, boot order,
 * …).  With several cards, @mac chooses one. */
typedef struct
{
  const char *bridge;
  const char *mac;     /* NULL: the only card */
} PitChangeBridgeOptions;

gboolean     pit_change_bridge_apply (PitTuneContext                *context,
                                      const PitChangeBridgeOptions  *options,
                                      GError                       **error);
PitTuneStep *pit_change_bridge_step  (const PitChangeBridgeOptions  *options);

G_END_DECLS

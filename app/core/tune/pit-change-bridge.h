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

PIT_DECLARE_TUNE_CHANGE (PitChangeBridge, pit_change_bridge)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-net-interface.h"
#include "pit-host-reader.h"

G_BEGIN_DECLS

/* Network: interfaces (ROOT/sys/class/net), the default route
 * (ROOT/proc/net/route) and who manages each interface. */
typedef struct
{
  GPtrArray *interfaces;          /* PitHostNetInterface, by name (lo excluded) */
  char *default_route_interface;  /* NULL when none or unknown */
  PitHostNetManager manager;      /* of the default-route interface (else of the first physical NIC) */
  gboolean network_manager_running; /* ROOT/run/NetworkManager exists */
  gboolean networkd_running;        /* ROOT/run/systemd/netif/links exists */
} PitHostNet;

PitHostNet          *pit_host_net_new            (void);
PitHostNet          *pit_host_net_ref            (PitHostNet  *self);
void                 pit_host_net_unref          (PitHostNet  *self);
PitHostNet          *pit_host_net_probe          (PitHostReader *reader);
PitHostNetInterface *pit_host_net_get_interface  (PitHostNet  *self,
                                                  const char  *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostNet, pit_host_net_unref)

G_END_DECLS

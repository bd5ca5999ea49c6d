/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-net-interface.h"

PitHostNetInterface *
pit_host_net_interface_new (const char *name)
{
  PitHostNetInterface *self = g_atomic_rc_box_new0 (PitHostNetInterface);

  self->name = g_strdup (name);
  self->ifindex = -1;
  self->ports = g_ptr_array_new_with_free_func (g_free);
  return self;
}

PitHostNetInterface *
pit_host_net_interface_ref (PitHostNetInterface *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
interface_clear (PitHostNetInterface *self)
{
  g_free (self->name);
  g_free (self->mac);
  g_free (self->operstate);
  g_free (self->master);
  g_ptr_array_unref (self->ports);
  g_free (self->pci_address);
}

void
pit_host_net_interface_unref (PitHostNetInterface *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) interface_clear);
}

const char *
pit_host_net_kind_to_id (PitHostNetKind kind)
{
  switch (kind)
    {
    case PIT_HOST_NET_KIND_PHYSICAL:
      return "physical";
    case PIT_HOST_NET_KIND_WIRELESS:
      return "wireless";
    case PIT_HOST_NET_KIND_BRIDGE:
      return "bridge";
    case PIT_HOST_NET_KIND_BOND:
      return "bond";
    case PIT_HOST_NET_KIND_OTHER:
    default:
      return "other";
    }
}

const char *
pit_host_net_manager_to_id (PitHostNetManager manager)
{
  switch (manager)
    {
    case PIT_HOST_NET_MANAGER_NONE:
      return "none";
    case PIT_HOST_NET_MANAGER_NETWORK_MANAGER:
      return "NetworkManager";
    case PIT_HOST_NET_MANAGER_NETWORKD:
      return "systemd-networkd";
    case PIT_HOST_NET_MANAGER_NIXOS_SCRIPTED:
      return "nixos-scripted";
    case PIT_HOST_NET_MANAGER_IFUPDOWN:
      return "ifupdown";
    case PIT_HOST_NET_MANAGER_UNKNOWN:
    default:
      return NULL;
    }
}

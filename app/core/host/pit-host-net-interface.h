/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_NET_KIND_OTHER,     /* "other": loopback, tun/tap, veth, … */
  PIT_HOST_NET_KIND_PHYSICAL,  /* "physical": has a device (PCI, USB) */
  PIT_HOST_NET_KIND_WIRELESS,  /* "wireless": physical, but cannot be bridged */
  PIT_HOST_NET_KIND_BRIDGE,    /* "bridge" */
  PIT_HOST_NET_KIND_BOND,      /* "bond" */
} PitHostNetKind;

typedef enum
{
  PIT_HOST_NET_MANAGER_UNKNOWN,          /* JSON null */
  PIT_HOST_NET_MANAGER_NONE,             /* "none": nothing we know claims it */
  PIT_HOST_NET_MANAGER_NETWORK_MANAGER,  /* "NetworkManager": /run/NetworkManager/devices/<ifindex> managed=true */
  PIT_HOST_NET_MANAGER_NETWORKD,         /* "systemd-networkd": /run/systemd/netif/links/<ifindex> configured */
  PIT_HOST_NET_MANAGER_NIXOS_SCRIPTED,   /* "nixos-scripted": /etc/systemd/system/network-addresses-<if>.service */
  PIT_HOST_NET_MANAGER_IFUPDOWN,         /* "ifupdown": an iface stanza in /etc/network/interfaces */
} PitHostNetManager;

/* One network interface: ROOT/sys/class/net/<name>. */
typedef struct
{
  char *name;
  PitHostNetKind kind;
  int ifindex;            /* -1 unknown */
  char *mac;
  char *operstate;        /* "up", "down", …; NULL unknown */
  char *master;           /* the bridge or bond it is a port of; NULL */
  GPtrArray *ports;       /* char *: ports of a bridge or bond, sorted; empty otherwise */
  char *pci_address;      /* "0000:00:1f.6" for PCI NICs; NULL */
  gboolean default_route; /* carries the IPv4 default route */
  PitHostNetManager manager;
} PitHostNetInterface;

PitHostNetInterface *pit_host_net_interface_new     (const char          *name);
PitHostNetInterface *pit_host_net_interface_ref     (PitHostNetInterface *self);
void                 pit_host_net_interface_unref   (PitHostNetInterface *self);
const char          *pit_host_net_kind_to_id        (PitHostNetKind       kind);
const char          *pit_host_net_manager_to_id     (PitHostNetManager    manager);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostNetInterface, pit_host_net_interface_unref)

G_END_DECLS

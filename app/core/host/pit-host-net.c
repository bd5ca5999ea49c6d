/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-net.h"
#include "pit-host-pci-device.h"

#define NET_DIR "/sys/class/net"

PitHostNet *
pit_host_net_new (void)
{
  PitHostNet *self = g_atomic_rc_box_new0 (PitHostNet);

  self->interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_net_interface_unref);
  return self;
}

PitHostNet *
pit_host_net_ref (PitHostNet *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
net_clear (PitHostNet *self)
{
  g_ptr_array_unref (self->interfaces);
  g_free (self->default_route_interface);
}

void
pit_host_net_unref (PitHostNet *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) net_clear);
}

/**
 * pit_host_net_get_interface:
 * Returns: (transfer none) (nullable):
 */
PitHostNetInterface *
pit_host_net_get_interface (PitHostNet *self,
                            const char *name)
{
  for (guint i = 0; i < self->interfaces->len; i++)
    {
      PitHostNetInterface *iface = self->interfaces->pdata[i];

      if (g_strcmp0 (iface->name, name) == 0)
        return iface;
    }
  return NULL;
}

static char *
read_attr (PitHostReader *reader,
           const char    *name,
           const char    *attr)
{
  g_autofree char *path = g_strdup_printf (NET_DIR "/%s/%s", name, attr);

  return pit_host_reader_read_line (reader, path, FALSE);
}

static gboolean
has_entry (PitHostReader *reader,
           const char    *name,
           const char    *entry)
{
  g_autofree char *path = g_strdup_printf (NET_DIR "/%s/%s", name, entry);

  return pit_host_reader_exists (reader, path);
}

static PitHostNetInterface *
read_interface (PitHostReader *reader,
                const char    *name)
{
  g_autoptr(PitHostNetInterface) iface = pit_host_net_interface_new (name);
  g_autofree char *ifindex = read_attr (reader, name, "ifindex");
  g_autofree char *device = NULL;
  g_autofree char *device_path = g_strdup_printf (NET_DIR "/%s/device", name);
  g_autofree char *master_path = g_strdup_printf (NET_DIR "/%s/master", name);
  guint64 value;

  if (ifindex != NULL && g_ascii_string_to_unsigned (ifindex, 10, 1, G_MAXINT, &value, NULL))
    iface->ifindex = (int) value;
  iface->mac = read_attr (reader, name, "address");
  iface->operstate = read_attr (reader, name, "operstate");
  iface->master = pit_host_reader_read_link_name (reader, master_path);

  if (has_entry (reader, name, "bridge"))
    {
      g_autofree char *brif = g_strdup_printf (NET_DIR "/%s/brif", name);
      g_autoptr(GPtrArray) ports = pit_host_reader_list_dir (reader, brif, FALSE);

      iface->kind = PIT_HOST_NET_KIND_BRIDGE;
      for (guint i = 0; ports != NULL && i < ports->len; i++)
        g_ptr_array_add (iface->ports, g_strdup (ports->pdata[i]));
    }
  else if (has_entry (reader, name, "bonding"))
    {
      g_autofree char *slaves = read_attr (reader, name, "bonding/slaves");
      g_auto(GStrv) names = slaves != NULL ? g_strsplit (slaves, " ", -1) : NULL;

      iface->kind = PIT_HOST_NET_KIND_BOND;
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        if (*names[i] != '\0')
          g_ptr_array_add (iface->ports, g_strdup (names[i]));
    }
  else if (has_entry (reader, name, "device"))
    {
      iface->kind = has_entry (reader, name, "wireless") || has_entry (reader, name, "phy80211")
                    ? PIT_HOST_NET_KIND_WIRELESS : PIT_HOST_NET_KIND_PHYSICAL;
      device = pit_host_reader_read_link_name (reader, device_path);
      iface->pci_address = pit_host_pci_normalize_address (device);
    }
  else
    iface->kind = PIT_HOST_NET_KIND_OTHER;

  return g_steal_pointer (&iface);
}

/* The IPv4 default route: /proc/net/route, destination and mask 00000000,
 * the lowest metric wins. */
static char *
read_default_route (PitHostReader *reader)
{
  g_autofree char *text = pit_host_reader_read (reader, "/proc/net/route", TRUE);
  g_auto(GStrv) lines = NULL;
  char *best = NULL;
  guint64 best_metric = G_MAXUINT64;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " \t", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      guint64 metric;

      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);
      if (words->len == 0)
        continue;
      if (words->len < 8)
        {
          pit_host_reader_add_problem (reader, _("Could not read %s: line %u is malformed"),
                                       "/proc/net/route", i + 1);
          continue;
        }
      /* Iface Destination Gateway Flags RefCnt Use Metric Mask … */
      if (!g_str_equal (words->pdata[1], "00000000") || !g_str_equal (words->pdata[7], "00000000"))
        continue;
      if (!g_ascii_string_to_unsigned (words->pdata[6], 10, 0, G_MAXUINT32, &metric, NULL))
        continue;
      if (metric < best_metric)
        {
          g_free (best);
          best = g_strdup (words->pdata[0]);
          best_metric = metric;
        }
    }

  return best;
}

static gboolean
file_has_key_value (PitHostReader *reader,
                    const char    *path,
                    const char    *key,
                    const char    *value)
{
  g_autofree char *text = pit_host_reader_read (reader, path, FALSE);
  g_auto(GStrv) lines = NULL;
  g_autofree char *wanted = g_strdup_printf ("%s=%s", key, value);

  if (text == NULL)
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (g_strstrip (lines[i]), wanted))
      return TRUE;
  return FALSE;
}

static gboolean
ifupdown_configures (PitHostReader *reader,
                     const char    *name)
{
  g_autofree char *text = pit_host_reader_read (reader, "/etc/network/interfaces", FALSE);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);

      if (g_strv_length (words) >= 2 && g_str_equal (words[0], "iface") && g_str_equal (words[1], name))
        return TRUE;
    }
  return FALSE;
}

/* Who manages an interface, from the runtime state each tool leaves:
 * NetworkManager:   /run/NetworkManager/devices/<ifindex> with managed=true
 * systemd-networkd: /run/systemd/netif/links/<ifindex> with ADMIN_STATE=configured
 * NixOS scripted:   /etc/systemd/system/network-addresses-<name>.service
 *                   (generated by networking.interfaces when networkd is off)
 * ifupdown:         an "iface <name>" stanza in /etc/network/interfaces */
static PitHostNetManager
find_manager (PitHostNet          *self,
              PitHostReader       *reader,
              PitHostNetInterface *iface)
{
  g_autofree char *nixos_unit = g_strdup_printf ("/etc/systemd/system/network-addresses-%s.service",
                                                 iface->name);

  if (iface->ifindex > 0)
    {
      g_autofree char *nm = g_strdup_printf ("/run/NetworkManager/devices/%d", iface->ifindex);
      g_autofree char *networkd = g_strdup_printf ("/run/systemd/netif/links/%d", iface->ifindex);

      if (file_has_key_value (reader, nm, "managed", "true"))
        return PIT_HOST_NET_MANAGER_NETWORK_MANAGER;
      if (file_has_key_value (reader, networkd, "ADMIN_STATE", "configured"))
        return PIT_HOST_NET_MANAGER_NETWORKD;
    }
  if (pit_host_reader_exists (reader, nixos_unit))
    return PIT_HOST_NET_MANAGER_NIXOS_SCRIPTED;
  if (ifupdown_configures (reader, iface->name))
    return PIT_HOST_NET_MANAGER_IFUPDOWN;
  if (iface->ifindex <= 0 && (self->network_manager_running || self->networkd_running))
    return PIT_HOST_NET_MANAGER_UNKNOWN;
  return PIT_HOST_NET_MANAGER_NONE;
}

/**
 * pit_host_net_probe:
 * Returns: (transfer full): never %NULL
 */
PitHostNet *
pit_host_net_probe (PitHostReader *reader)
{
  g_autoptr(PitHostNet) self = pit_host_net_new ();
  g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, NET_DIR, TRUE);
  PitHostNetInterface *main_iface = NULL;

  self->network_manager_running = pit_host_reader_exists (reader, "/run/NetworkManager");
  self->networkd_running = pit_host_reader_exists (reader, "/run/systemd/netif/links");
  self->default_route_interface = read_default_route (reader);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      PitHostNetInterface *iface;

      if (g_str_equal (names->pdata[i], "lo") || g_str_equal (names->pdata[i], "bonding_masters"))
        continue;
      iface = read_interface (reader, names->pdata[i]);
      iface->default_route = g_strcmp0 (iface->name, self->default_route_interface) == 0;
      g_ptr_array_add (self->interfaces, iface);
    }
  for (guint i = 0; i < self->interfaces->len; i++)
    {
      PitHostNetInterface *iface = self->interfaces->pdata[i];

      iface->manager = find_manager (self, reader, iface);
    }

  main_iface = pit_host_net_get_interface (self, self->default_route_interface);
  for (guint i = 0; main_iface == NULL && i < self->interfaces->len; i++)
    {
      PitHostNetInterface *iface = self->interfaces->pdata[i];

      if (iface->kind == PIT_HOST_NET_KIND_PHYSICAL)
        main_iface = iface;
    }
  self->manager = main_iface != NULL ? main_iface->manager : PIT_HOST_NET_MANAGER_UNKNOWN;

  return g_steal_pointer (&self);
}

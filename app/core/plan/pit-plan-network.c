/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"

/* The bridge targets: nmcli commands for NetworkManager, .netdev and
 * .network files for systemd-networkd. */

static gboolean
need_bridge (PitHostPlan  *self,
             GError      **error)
{
  if (self->request->bridge != NULL)
    return TRUE;
  g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("The network settings are for a bridge: choose one with --bridge NAME:UPLINK"));
  return FALSE;
}

static void
route_warning (PitHostPlan *self,
               GString     *out)
{
  const char *uplink = self->request->uplink;

  if (g_strcmp0 (self->facts->default_route_iface, uplink) == 0)
    _pit_plan_comment (out, "", "%s carries this host's default route: the network drops for a "
                       "moment while it moves to the bridge. Do this at the machine, not over SSH.",
                       uplink);
}

gboolean
_pit_plan_render_networkmanager (PitHostPlan  *self,
                                 GString      *out,
                                 GError      **error)
{
  const char *bridge = self->request->bridge;
  const char *uplink = self->request->uplink;

  if (!need_bridge (self, error))
    return FALSE;

  _pit_plan_section (out, "NetworkManager, run as root");
  route_warning (self, out);
  if (self->facts->net_manager == PIT_PLAN_NET_NETWORKD)
    _pit_plan_comment (out, "", "systemd-networkd manages this host's network, not NetworkManager: "
                       "see --target networkd.");
  _pit_plan_comment (out, "", "Create the bridge %s; the host takes its address on it by DHCP. "
                     "STP stays off: with one uplink there is no loop, and no 30 s wait.", bridge);
  _pit_plan_line (out, "nmcli connection add type bridge con-name %s ifname %s ipv4.method auto "
                  "ipv6.method auto bridge.stp no", bridge, bridge);
  _pit_plan_comment (out, "", "Make %s a port of %s, without an address of its own.", uplink, bridge);
  _pit_plan_line (out, "nmcli connection add type ethernet slave-type bridge con-name %s-port-%s "
                  "ifname %s master %s", bridge, uplink, uplink, bridge);
  _pit_plan_comment (out, "", "Start the bridge.");
  _pit_plan_line (out, "nmcli connection up %s", bridge);
  _pit_plan_comment (out, "", "Start the port; this takes %s from the connection it had.", uplink);
  _pit_plan_line (out, "nmcli connection up %s-port-%s", bridge, uplink);
  return TRUE;
}

gboolean
_pit_plan_render_networkd (PitHostPlan  *self,
                           GString      *out,
                           GError      **error)
{
  const char *bridge = self->request->bridge;
  const char *uplink = self->request->uplink;
  const PitPlanNetInterface *port;
  g_autofree char *title = NULL;

  if (!need_bridge (self, error))
    return FALSE;

  port = pit_plan_facts_find_net (self->facts, uplink);
  title = g_strdup_printf ("/etc/systemd/network/10-%s.netdev", bridge);
  _pit_plan_section (out, title);
  _pit_plan_comment (out, "", "The device to create:");
  _pit_plan_line (out, "[NetDev]");
  _pit_plan_comment (out, "", "its name,");
  _pit_plan_line (out, "Name=%s", bridge);
  _pit_plan_comment (out, "", "a Linux bridge.");
  _pit_plan_line (out, "Kind=bridge");
  if (port != NULL && port->mac != NULL)
    {
      _pit_plan_comment (out, "", "The MAC address of %s, so the DHCP server gives the bridge the "
                         "address %s had.", uplink, uplink);
      _pit_plan_line (out, "MACAddress=%s", port->mac);
    }

  g_free (title);
  title = g_strdup_printf ("/etc/systemd/network/10-%s-%s.network", bridge, uplink);
  _pit_plan_section (out, title);
  _pit_plan_comment (out, "", "For the network card %s:", uplink);
  _pit_plan_line (out, "[Match]");
  _pit_plan_comment (out, "", "match it by name,");
  _pit_plan_line (out, "Name=%s", uplink);
  _pit_plan_comment (out, "", "and make it a port of the bridge, without an address of its own.");
  _pit_plan_line (out, "[Network]");
  _pit_plan_comment (out, "", "The bridge it joins.");
  _pit_plan_line (out, "Bridge=%s", bridge);

  g_free (title);
  title = g_strdup_printf ("/etc/systemd/network/10-%s.network", bridge);
  _pit_plan_section (out, title);
  _pit_plan_comment (out, "", "For the bridge %s:", bridge);
  _pit_plan_line (out, "[Match]");
  _pit_plan_comment (out, "", "match it by name,");
  _pit_plan_line (out, "Name=%s", bridge);
  _pit_plan_comment (out, "", "and give the host its address on it.");
  _pit_plan_line (out, "[Network]");
  _pit_plan_comment (out, "", "By DHCP, as %s had.", uplink);
  _pit_plan_line (out, "DHCP=yes");

  _pit_plan_section (out, "then run as root");
  route_warning (self, out);
  _pit_plan_comment (out, "", "networkd uses the first .network file that matches: remove the old "
                     "one for %s (with its own DHCP) or make sure these 10- files sort first.", uplink);
  _pit_plan_comment (out, "", "Restart systemd-networkd with the new files.");
  _pit_plan_line (out, "systemctl restart systemd-networkd");
  return TRUE;
}

/* ifupdown (Debian without NetworkManager): a stanza for
 * /etc/network/interfaces, for the auto target only */
void
_pit_plan_render_ifupdown (PitHostPlan *self,
                           GString     *out)
{
  const char *bridge = self->request->bridge;
  const char *uplink = self->request->uplink;

  _pit_plan_section (out, "/etc/network/interfaces");
  _pit_plan_comment (out, "", "ifupdown manages this host's network: replace the lines of %s "
                     "(its \"auto\" or \"allow-hotplug\" line and its \"iface\" stanza) with "
                     "these.", uplink);
  _pit_plan_comment (out, "", "%s has no address of its own any more.", uplink);
  _pit_plan_line (out, "iface %s inet manual", uplink);
  _pit_plan_comment (out, "", "Bring the bridge up at boot.");
  _pit_plan_line (out, "auto %s", bridge);
  _pit_plan_comment (out, "", "The host takes its address on the bridge, by DHCP.");
  _pit_plan_line (out, "iface %s inet dhcp", bridge);
  _pit_plan_comment (out, "", "%s is the bridge's port.", uplink);
  _pit_plan_line (out, "    bridge_ports %s", uplink);
  _pit_plan_comment (out, "", "No spanning tree: one uplink, no loop, and no wait at start.");
  _pit_plan_line (out, "    bridge_stp off");

  _pit_plan_section (out, "then run as root");
  route_warning (self, out);
  _pit_plan_comment (out, "", "ifupdown needs bridge-utils for bridge_ports.");
  _pit_plan_line (out, "apt install bridge-utils");
  _pit_plan_comment (out, "", "Bring up the new configuration.");
  _pit_plan_line (out, "systemctl restart networking");
}

/* Nothing known manages the uplink: say so instead of guessing */
void
_pit_plan_render_no_manager (PitHostPlan *self,
                             GString     *out)
{
  _pit_plan_section (out, "bridge");
  _pit_plan_comment (out, "", "Pitstop could not tell what manages %s: see --target networkmanager "
                     "or --target networkd for the bridge %s.", self->request->uplink,
                     self->request->bridge);
}

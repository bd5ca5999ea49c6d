/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-xml.h"

static gboolean
is_emulated_model (const char *model)
{
  static const char * const emulated[] = { "e1000", "e1000e", "e1000-82545em", "rtl8139", "ne2k_pci", "pcnet", NULL };

  return model != NULL && g_strv_contains (emulated, model);
}

void
pit_rule_nic_model (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (ctx->root, "devices/interface");

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *model = pit_xml_get_string (node, "model/@type");
      g_autofree char *type = pit_xml_get_string (node, "@type");
      g_autofree char *mac = pit_xml_get_string (node, "mac/@address");
      g_autofree char *explanation = NULL;
      PitAdvisorFinding *finding;

      /* hostdev and vhostuser interfaces have no emulated model */
      if (g_strcmp0 (type, "hostdev") == 0 || g_strcmp0 (type, "vhostuser") == 0)
        continue;
      if (!is_emulated_model (model))
        continue;

      explanation = g_strdup_printf (_("The network card is an emulated “%s”: QEMU imitates a real Intel or "
                                       "Realtek card register by register, which costs host CPU time for every "
                                       "packet. A virtio card is made for VMs: it moves several times more "
                                       "data for the same CPU time, with lower latency.%s"),
                                     model,
                                     ctx->windows ? _(" Windows needs the virtio driver for it (from the "
                                                      "virtio-win disc).") : "");
      finding = pit_advisor_context_add (ctx, "nic-model", PIT_ADVISOR_SEVERITY_MEDIUM,
                                         _("Emulated network card"), explanation);
      pit_advisor_finding_set_subject (finding, mac);
      pit_advisor_add_xml_node (finding, _("Network interface"), node);
      pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Switch to virtio"),
                                        _("Change the card’s model to virtio (after installing the driver "
                                          "in Windows guests)."));
    }
}

/* A bridge with a physical port (not libvirt's own virbrN). */
static PitHostNetInterface *
find_bridge (PitHostNet *net)
{
  for (guint i = 0; i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = g_ptr_array_index (net->interfaces, i);

      if (iface->kind != PIT_HOST_NET_KIND_BRIDGE)
        continue;
      for (guint j = 0; j < iface->ports->len; j++)
        {
          PitHostNetInterface *port = pit_host_net_get_interface (net, g_ptr_array_index (iface->ports, j));

          if (port != NULL && (port->kind == PIT_HOST_NET_KIND_PHYSICAL || port->kind == PIT_HOST_NET_KIND_BOND))
            return iface;
        }
    }
  return NULL;
}

void
pit_rule_nic_nat (PitAdvisorContext *ctx)
{
  PitHostNet *net = pit_host_inventory_get_net (ctx->host);
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (ctx->root, "devices/interface[@type='network' or @type='user']");
  PitHostNetInterface *bridge, *uplink = NULL;

  if (net == NULL || nodes->len == 0)
    return;
  bridge = find_bridge (net);
  if (bridge == NULL && net->default_route_interface != NULL)
    {
      uplink = pit_host_net_get_interface (net, net->default_route_interface);
      /* wireless cards cannot be bridged; a port of something else is taken */
      if (uplink != NULL && (uplink->kind != PIT_HOST_NET_KIND_PHYSICAL || uplink->master != NULL))
        uplink = NULL;
    }
  if (bridge == NULL && uplink == NULL)
    return;

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *type = pit_xml_get_string (node, "@type");
      g_autofree char *network = pit_xml_get_string (node, "source/@network");
      g_autofree char *mac = pit_xml_get_string (node, "mac/@address");
      g_autofree char *source = NULL;
      g_autofree char *explanation = NULL;
      g_autofree char *host_text = NULL;
      PitAdvisorFinding *finding;

      source = g_strcmp0 (type, "user") == 0
                 ? g_strdup (_("user-mode networking"))
                 : g_strdup_printf (_("libvirt’s network “%s”"), network != NULL ? network : "?");
      explanation = g_strdup_printf (_("The VM is connected through %s, which hides it behind the host with "
                                       "address translation (NAT). Every packet is rewritten, other machines "
                                       "cannot reach the VM without port forwarding, and games or servers in "
                                       "the VM are hard to join. A bridge puts the VM on the local network "
                                       "like any other computer."),
                                     source);
      finding = pit_advisor_context_add (ctx, "nic-nat", PIT_ADVISOR_SEVERITY_LOW,
                                         _("The VM is behind NAT"), explanation);
      pit_advisor_finding_set_subject (finding, mac);
      pit_advisor_add_xml_node (finding, _("Network interface"), node);

      if (bridge != NULL)
        {
          host_text = g_strdup_printf (_("Bridge %s exists on the host"), bridge->name);
          pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Host network"), host_text);
          pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_NETWORK, _("Use the bridge"),
                                            _("Connect the VM to the host’s bridge."));
        }
      else
        {
          g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
          g_autofree char *spec = g_strdup_printf ("br-lan:%s", uplink->name);
          g_autofree char *fix = NULL;

          host_text = g_strdup_printf (_("%s carries the default route; there is no bridge"), uplink->name);
          pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Host network"), host_text);
          if (!pit_host_plan_request_set_bridge (request, spec, NULL))
            {
              pit_advisor_finding_set_fix_advice (finding, _("Create a bridge over the host’s wired network "
                                                             "card and connect the VM to it."));
              continue;
            }
          fix = g_strdup_printf (_("Create the bridge br-lan over %s on the host, then connect the VM to it."),
                                 uplink->name);
          pit_advisor_finding_set_fix_host_plan (finding, g_steal_pointer (&request), _("Plan a bridge"), fix);
        }
    }
}

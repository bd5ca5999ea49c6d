/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-net.h"
#include "pit-wizard-pages.h"

/* Page 7: network.  The host's bridges and NICs, the proposed bridge (an
 * existing one, or a new one over the NIC with the default route, which the
 * host plan creates), and which of the guest's cards moves to it. */
struct _PitWizardNetworkPage
{
  PitWizardPage parent_instance;

  GtkEditable *bridge_entry;
  GPtrArray *macs;
};

G_DEFINE_FINAL_TYPE (PitWizardNetworkPage, pit_wizard_network_page, PIT_TYPE_WIZARD_PAGE)

static void
bridge_changed_cb (GtkEditable          *entry,
                   PitWizardNetworkPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  pit_wizard_state_set_bridge (state, gtk_editable_get_text (entry), NULL);
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
}

static void
nic_selected_cb (AdwComboRow          *row,
                 GParamSpec           *pspec,
                 PitWizardNetworkPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (row);

  if (selected < self->macs->len)
    pit_wizard_state_set_bridge (state, pit_wizard_state_get_bridge (state), g_ptr_array_index (self->macs, selected));
}

static const char *
kind_name (PitHostNetKind kind)
{
  switch (kind)
    {
    case PIT_HOST_NET_KIND_PHYSICAL:
      return _("Ethernet");
    case PIT_HOST_NET_KIND_WIRELESS:
      return _("Wi-Fi (cannot be bridged)");
    case PIT_HOST_NET_KIND_BRIDGE:
      return _("Bridge");
    case PIT_HOST_NET_KIND_BOND:
      return _("Bond");
    case PIT_HOST_NET_KIND_OTHER:
    default:
      return _("Other");
    }
}

static void
refresh (PitWizardPage *page)
{
  PitWizardNetworkPage *self = PIT_WIZARD_NETWORK_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  PitHostNet *net = host ? pit_host_inventory_get_net (host) : NULL;
  PitDomainSummary *summary = pit_wizard_state_get_summary (state);
  g_autoptr(GtkStringList) nic_names = gtk_string_list_new (NULL);
  AdwPreferencesGroup *group;
  GtkWidget *row;
  guint selected = 0;

  pit_wizard_page_clear (page);
  group = pit_wizard_page_add_group (page, _("This Computer’s Network"),
                                     _("A bridge over the physical network card puts the VM on your network like any "
                                       "other machine: no NAT, no port forwarding"));
  for (guint i = 0; net != NULL && i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = g_ptr_array_index (net->interfaces, i);
      g_autoptr(GString) subtitle = g_string_new (kind_name (iface->kind));

      if (iface->kind == PIT_HOST_NET_KIND_OTHER)
        continue;
      if (iface->ports->len > 0)
        {
          g_autoptr(GString) ports = g_string_new (NULL);

          for (guint p = 0; p < iface->ports->len; p++)
            g_string_append_printf (ports, "%s%s", p ? ", " : "", (char *) g_ptr_array_index (iface->ports, p));
          g_string_append_printf (subtitle, _(" · ports %s"), ports->str);
        }
      if (iface->master != NULL)
        g_string_append_printf (subtitle, _(" · in %s"), iface->master);
      if (iface->default_route)
        g_string_append (subtitle, _(" · default route"));
      pit_wizard_page_add_row (group, iface->name, subtitle->str, NULL);
    }
  if (net == NULL)
    pit_wizard_page_add_row (group, _("The host’s network is unknown"), NULL, "dialog-warning-symbolic");

  group = pit_wizard_page_add_group (page, _("Proposed"), NULL);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Bridge"));
  gtk_editable_set_text (GTK_EDITABLE (row), pit_wizard_state_get_bridge (state) ? pit_wizard_state_get_bridge (state) : "");
  self->bridge_entry = GTK_EDITABLE (row);
  g_signal_connect (row, "changed", G_CALLBACK (bridge_changed_cb), self);
  adw_preferences_group_add (group, row);
  if (pit_wizard_state_get_bridge_uplink (state) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Over %s; the host plan on the review page creates the bridge if it "
                                                 "does not exist yet"), pit_wizard_state_get_bridge_uplink (state));

      pit_wizard_page_add_row (group, _("Uplink"), text, NULL);
    }

  g_ptr_array_set_size (self->macs, 0);
  for (guint i = 0; i < summary->nics->len; i++)
    {
      PitNicInfo *nic = g_ptr_array_index (summary->nics, i);
      g_autofree char *name = g_strdup_printf (_("%s (%s on %s)"), nic->mac ? nic->mac : "?",
                                               nic->model ? nic->model : "?", nic->source ? nic->source : "?");

      gtk_string_list_append (nic_names, name);
      g_ptr_array_add (self->macs, g_strdup (nic->mac));
      if (g_strcmp0 (nic->mac, pit_wizard_state_get_bridge_mac (state)) == 0)
        selected = i;
    }
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The VM’s network card"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (nic_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_signal_connect (row, "notify::selected", G_CALLBACK (nic_selected_cb), self);
  adw_preferences_group_add (group, row);
  pit_wizard_page_place_error (page);
}

static void
pit_wizard_network_page_finalize (GObject *object)
{
  g_clear_pointer (&PIT_WIZARD_NETWORK_PAGE (object)->macs, g_ptr_array_unref);

  G_OBJECT_CLASS (pit_wizard_network_page_parent_class)->finalize (object);
}

static void
pit_wizard_network_page_class_init (PitWizardNetworkPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pit_wizard_network_page_finalize;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
}

static void
pit_wizard_network_page_init (PitWizardNetworkPage *self)
{
  self->macs = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
pit_wizard_network_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_NETWORK_PAGE, "id", "network", "title", _("Network"),
                       "section", PIT_WIZARD_SECTION_NETWORK, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-net.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 7: network.  The host's bridges and NICs, the proposed bridge (an
 * existing one, or a new one over the NIC with the default route, which the
 * host plan creates), and which of the guest's cards moves to it
 * (data/ui/pit-wizard-network-page.ui). */
struct _PitWizardNetworkPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *host_group;
  AdwPreferencesGroup *proposed_group;
  AdwEntryRow *bridge_row;
  AdwActionRow *uplink_row;
  AdwComboRow *nic_row;

  PitWizardRowList *interface_rows;
  GPtrArray *macs;              /* of the nic_row's choices */
  char *nics_key;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PitWizardNetworkPage, pit_wizard_network_page, PIT_TYPE_WIZARD_PAGE)

static void
bridge_changed_cb (PitWizardNetworkPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_bridge (state, gtk_editable_get_text (GTK_EDITABLE (self->bridge_row)), NULL);
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
}

static void
nic_selected_cb (PitWizardNetworkPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (self->nic_row);

  if (self->updating || state == NULL)
    return;
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
update_interfaces (PitWizardNetworkPage *self,
                   PitHostNet           *net)
{
  g_autoptr(GPtrArray) subtitles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) key = g_string_new (net ? "net" : "no net");

  for (guint i = 0; net != NULL && i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = g_ptr_array_index (net->interfaces, i);
      GString *subtitle = g_string_new (kind_name (iface->kind));

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
      g_string_append_printf (key, "\n%s\t%s", iface->name, subtitle->str);
      g_ptr_array_add (subtitles, g_string_free (subtitle, FALSE));
    }
  if (!pit_wizard_row_list_update (self->interface_rows, key->str))
    return;
  for (guint i = 0; net != NULL && i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = g_ptr_array_index (net->interfaces, i);

      if (iface->kind != PIT_HOST_NET_KIND_OTHER)
        pit_wizard_row_list_add (self->interface_rows, iface->name, g_ptr_array_index (subtitles, i), NULL);
    }
  if (net == NULL)
    pit_wizard_row_list_add (self->interface_rows, _("The host’s network is unknown"), NULL, "dialog-warning-symbolic");
}

/* the VM's cards: a new model only when they differ */
static void
update_nics (PitWizardNetworkPage *self,
             PitDomainSummary     *summary,
             const char           *chosen_mac)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) macs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) key = g_string_new (NULL);
  guint selected = 0;

  for (guint i = 0; i < summary->nics->len; i++)
    {
      PitNicInfo *nic = g_ptr_array_index (summary->nics, i);
      g_autofree char *name = g_strdup_printf (_("%s (%s on %s)"), nic->mac ? nic->mac : "?",
                                               nic->model ? nic->model : "?", nic->source ? nic->source : "?");

      gtk_string_list_append (names, name);
      g_ptr_array_add (macs, g_strdup (nic->mac));
      g_string_append_printf (key, "%s\n", name);
      if (g_strcmp0 (nic->mac, chosen_mac) == 0)
        selected = i;
    }
  if (g_strcmp0 (key->str, self->nics_key) != 0)
    {
      g_free (self->nics_key);
      self->nics_key = g_strdup (key->str);
      g_ptr_array_unref (self->macs);
      self->macs = g_steal_pointer (&macs);
      adw_combo_row_set_model (self->nic_row, G_LIST_MODEL (names));
    }
  if (adw_combo_row_get_selected (self->nic_row) != selected)
    adw_combo_row_set_selected (self->nic_row, selected);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardNetworkPage *self = PIT_WIZARD_NETWORK_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  const char *uplink = pit_wizard_state_get_bridge_uplink (state);

  self->updating = TRUE;
  update_interfaces (self, host ? pit_host_inventory_get_net (host) : NULL);
  pit_wizard_page_update_text (GTK_EDITABLE (self->bridge_row), pit_wizard_state_get_bridge (state));
  gtk_widget_set_visible (GTK_WIDGET (self->uplink_row), uplink != NULL);
  if (uplink != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Over %s; the host plan on the review page creates the bridge if it "
                                                 "does not exist yet"), uplink);

      pit_wizard_page_update_row (self->uplink_row, text, NULL);
    }
  update_nics (self, pit_wizard_state_get_summary (state), pit_wizard_state_get_bridge_mac (state));
  self->updating = FALSE;
}

static void
pit_wizard_network_page_dispose (GObject *object)
{
  PitWizardNetworkPage *self = PIT_WIZARD_NETWORK_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_NETWORK_PAGE);
  g_clear_pointer (&self->interface_rows, pit_wizard_row_list_free);

  G_OBJECT_CLASS (pit_wizard_network_page_parent_class)->dispose (object);
}

static void
pit_wizard_network_page_finalize (GObject *object)
{
  g_clear_pointer (&PIT_WIZARD_NETWORK_PAGE (object)->macs, g_ptr_array_unref);
  g_clear_pointer (&PIT_WIZARD_NETWORK_PAGE (object)->nics_key, g_free);

  G_OBJECT_CLASS (pit_wizard_network_page_parent_class)->finalize (object);
}

static void
pit_wizard_network_page_class_init (PitWizardNetworkPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_network_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = pit_wizard_network_page_finalize;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-network-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardNetworkPage, host_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardNetworkPage, proposed_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardNetworkPage, bridge_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardNetworkPage, uplink_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardNetworkPage, nic_row);
  gtk_widget_class_bind_template_callback (widget_class, bridge_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, nic_selected_cb);
}

static void
pit_wizard_network_page_init (PitWizardNetworkPage *self)
{
  self->macs = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->interface_rows = pit_wizard_row_list_new (self->host_group);
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->proposed_group));
}

GtkWidget *
pit_wizard_network_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_NETWORK_PAGE, "section", PIT_WIZARD_SECTION_NETWORK, NULL);
}

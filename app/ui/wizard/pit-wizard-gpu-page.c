/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-change-hide-hypervisor.h"
#include "pit-host-passthrough.h"
#include "pit-wizard-pages.h"

/* Page 2: the GPU.  The host's GPUs with their names and drivers (the boot
 * GPU flagged), the IOMMU group of the chosen one as the list of devices that
 * go with it, a verdict when the group cannot be passed, and the "hide the
 * hypervisor" switch with the honest reason it is off by default. */
struct _PitWizardGpuPage
{
  PitWizardPage parent_instance;
};

G_DEFINE_FINAL_TYPE (PitWizardGpuPage, pit_wizard_gpu_page, PIT_TYPE_WIZARD_PAGE)

static char *
device_name (PitHostPciDevice *device)
{
  if (device->vendor_name != NULL && device->device_name != NULL)
    return g_strdup_printf ("%s %s", device->vendor_name, device->device_name);
  return pit_host_pci_device_dup_ids (device);
}

static void
gpu_toggled_cb (GtkCheckButton *check,
                PitWizardPage  *page)
{
  PitWizardState *state = pit_wizard_page_get_state (page);
  const char *address = g_object_get_data (G_OBJECT (check), "address");
  const char *addresses[] = { address, NULL };

  if (!gtk_check_button_get_active (check))
    return;
  pit_wizard_state_set_gpus (state, addresses);
  pit_wizard_state_set_enabled (state, PIT_WIZARD_SECTION_GPU, TRUE);
  pit_wizard_page_refresh (page);
}

static void
hide_changed_cb (GObject       *row,
                 GParamSpec    *pspec,
                 PitWizardPage *page)
{
  PitWizardState *state = pit_wizard_page_get_state (page);
  gboolean active = adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row));

  if (active == pit_wizard_state_get_hide_hypervisor (state))
    return;
  pit_wizard_state_set_hide_hypervisor (state, active, pit_wizard_state_get_vendor_id (state));
}

static void
vendor_changed_cb (GtkEditable   *entry,
                   PitWizardPage *page)
{
  PitWizardState *state = pit_wizard_page_get_state (page);

  pit_wizard_state_set_hide_hypervisor (state, pit_wizard_state_get_hide_hypervisor (state),
                                        gtk_editable_get_text (entry));
}

/* AdwExpanderRow's own switch has no accessible name: give it the row's */
static void
label_switches (GtkWidget  *widget,
                const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SWITCH (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      label_switches (child, label);
    }
}

static void
add_passthrough_group (PitWizardPage      *page,
                       PitHostPassthrough *set)
{
  AdwPreferencesGroup *group;
  g_autofree char *description = NULL;

  if (set->device->iommu_group >= 0)
    description = g_strdup_printf (_("IOMMU group %d: these devices go to the virtual machine together"),
                                   set->device->iommu_group);
  group = pit_wizard_page_add_group (page, _("Passed Through Together"), description);
  for (guint i = 0; i < set->devices->len; i++)
    {
      PitHostPciDevice *device = g_ptr_array_index (set->devices, i);
      g_autofree char *name = device_name (device);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", device->address,
                                                   device->class_name ? device->class_name : "");

      pit_wizard_page_add_row (group, name, subtitle, NULL);
    }
  if (set->viable_known && !set->viable)
    pit_wizard_page_add_row (group, _("This group cannot be passed through"),
                             set->reason, "dialog-error-symbolic");
  else if (!set->viable_known)
    pit_wizard_page_add_row (group, _("The IOMMU groups are unknown"),
                             _("Turn the IOMMU on to see which devices must go together"),
                             "dialog-warning-symbolic");
  else if (set->foreign->len > 0)
    pit_wizard_page_add_row (group, _("Other devices share the group"),
                             _("They leave the host while the virtual machine runs"),
                             "dialog-warning-symbolic");
}

static void
refresh (PitWizardPage *page)
{
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  g_autoptr(GPtrArray) gpus = host ? pit_host_inventory_get_gpus (host) : NULL;
  GPtrArray *chosen = pit_wizard_state_get_gpus (state);
  PitHostPassthrough *chosen_set = NULL;
  AdwPreferencesGroup *group;
  GtkCheckButton *first = NULL;
  GtkWidget *hide_row;
  GtkWidget *vendor_row;

  pit_wizard_page_clear (page);
  group = pit_wizard_page_add_group (page, _("Graphics Cards"),
                                     _("Choose the card the virtual machine gets for itself"));
  if (gpus == NULL || gpus->len == 0)
    pit_wizard_page_add_row (group, _("No graphics cards found"),
                             host ? _("The host reported none") : _("The host’s devices could not be read"),
                             "dialog-warning-symbolic");

  for (guint i = 0; gpus != NULL && i < gpus->len; i++)
    {
      PitHostPassthrough *set = g_ptr_array_index (gpus, i);
      PitHostPciDevice *gpu = set->device;
      g_autofree char *name = device_name (gpu);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *check = gtk_check_button_new ();
      gboolean is_chosen = chosen->len > 0 && g_strcmp0 (g_ptr_array_index (chosen, 0), gpu->address) == 0;

      if (gpu->boot_vga == 1)
        /* TRANSLATORS: PCI address · kernel driver */
        subtitle = g_strdup_printf (_("%s · driver %s · the host boots on this card: keep it for the host"),
                                    gpu->address, gpu->driver ? gpu->driver : _("none"));
      else
        subtitle = g_strdup_printf (_("%s · driver %s"), gpu->address, gpu->driver ? gpu->driver : _("none"));
      row = pit_wizard_page_add_row (group, name, subtitle, NULL);
      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_chosen);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (check), "address", g_strdup (gpu->address), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (gpu_toggled_cb), page);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (is_chosen)
        chosen_set = set;
    }
  pit_wizard_page_place_error (page);

  if (chosen_set != NULL)
    add_passthrough_group (page, chosen_set);

  group = pit_wizard_page_add_group (page, _("NVIDIA “Error 43”"), NULL);
  hide_row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (hide_row), _("Hide the hypervisor (fixes NVIDIA Error 43)"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (hide_row),
                                 _("Off by default: NVIDIA’s drivers run in virtual machines since release 465 "
                                   "(2021). Turn it on for older drivers, or if the card reports Error 43."));
  adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (hide_row), TRUE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (hide_row), pit_wizard_state_get_hide_hypervisor (state));
  g_signal_connect (hide_row, "notify::enable-expansion", G_CALLBACK (hide_changed_cb), page);
  vendor_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (vendor_row), _("Hyper-V vendor ID (1–12 characters)"));
  gtk_editable_set_text (GTK_EDITABLE (vendor_row), pit_wizard_state_get_vendor_id (state)
                                                      ? pit_wizard_state_get_vendor_id (state)
                                                      : PIT_CHANGE_HIDE_HYPERVISOR_DEFAULT_VENDOR);
  g_signal_connect (vendor_row, "changed", G_CALLBACK (vendor_changed_cb), page);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (hide_row), vendor_row);
  adw_preferences_group_add (group, hide_row);
  label_switches (hide_row, _("Hide the hypervisor"));
}

static void
pit_wizard_gpu_page_class_init (PitWizardGpuPageClass *klass)
{
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
}

static void
pit_wizard_gpu_page_init (PitWizardGpuPage *self)
{
}

GtkWidget *
pit_wizard_gpu_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_GPU_PAGE, "id", "gpu", "title", _("Graphics Card"),
                       "section", PIT_WIZARD_SECTION_GPU, NULL);
}

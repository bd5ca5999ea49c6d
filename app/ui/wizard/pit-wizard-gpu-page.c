/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-change-hide-hypervisor.h"
#include "pit-host-passthrough.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 2: the GPU.  The host's GPUs with their names and drivers (the boot
 * GPU flagged), the IOMMU group of the chosen one as the list of devices that
 * go with it, a verdict when the group cannot be passed, and the "hide the
 * hypervisor" switch with the honest reason it is off by default; on a host
 * with one card, what single-GPU mode means, its risks and what it changes
 * (data/ui/pit-wizard-gpu-page.ui).  Each GPU's radio button activates
 * gpu.choose with the GPU's PCI address. */
struct _PitWizardGpuPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *gpus_group;
  AdwPreferencesGroup *together_group;
  AdwPreferencesGroup *single_group;
  AdwExpanderRow *hide_row;
  AdwEntryRow *vendor_row;

  PitWizardRowList *gpu_rows;
  PitWizardRowList *together_rows;
  GPtrArray *radios;            /* GtkCheckButton, one per GPU row */
  gboolean updating;
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
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PitWizardPage *page = PIT_WIZARD_PAGE (widget);
  PitWizardState *state = pit_wizard_page_get_state (page);
  const char *addresses[] = { g_variant_get_string (parameter, NULL), NULL };

  if (state == NULL)
    return;
  pit_wizard_state_set_gpus (state, addresses);
  pit_wizard_state_set_enabled (state, PIT_WIZARD_SECTION_GPU, TRUE);
  pit_wizard_page_refresh (page);
}

static void
hide_changed_cb (PitWizardGpuPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  gboolean active = adw_expander_row_get_enable_expansion (self->hide_row);

  if (self->updating || state == NULL || active == pit_wizard_state_get_hide_hypervisor (state))
    return;
  pit_wizard_state_set_hide_hypervisor (state, active, pit_wizard_state_get_vendor_id (state));
}

static void
vendor_changed_cb (PitWizardGpuPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_hide_hypervisor (state, pit_wizard_state_get_hide_hypervisor (state),
                                        gtk_editable_get_text (GTK_EDITABLE (self->vendor_row)));
}

static char *
gpu_subtitle (PitHostInventory *host,
              PitHostPciDevice *gpu)
{
  if (host != NULL && pit_host_inventory_is_single_gpu (host, gpu->address))
    /* TRANSLATORS: PCI address · kernel driver */
    return g_strdup_printf (_("%s · driver %s · the host’s only card: the virtual machine can have it "
                              "while it runs (single-GPU mode)"),
                            gpu->address, gpu->driver ? gpu->driver : _("none"));
  if (gpu->boot_vga == 1)
    /* TRANSLATORS: PCI address · kernel driver */
    return g_strdup_printf (_("%s · driver %s · the host boots on this card: keep it for the host"),
                            gpu->address, gpu->driver ? gpu->driver : _("none"));
  return g_strdup_printf (_("%s · driver %s"), gpu->address, gpu->driver ? gpu->driver : _("none"));
}

/* the host's GPUs: made again only when the host's list differs */
static void
update_gpus (PitWizardGpuPage *self,
             PitHostInventory *host,
             GPtrArray        *gpus)
{
  g_autoptr(GString) key = g_string_new (host ? "host" : "no host");
  GtkCheckButton *first = NULL;

  for (guint i = 0; gpus != NULL && i < gpus->len; i++)
    {
      PitHostPciDevice *gpu = ((PitHostPassthrough *) g_ptr_array_index (gpus, i))->device;
      g_autofree char *name = device_name (gpu);
      g_autofree char *subtitle = gpu_subtitle (host, gpu);

      g_string_append_printf (key, "\n%s\t%s\t%s", gpu->address, name, subtitle);
    }
  if (!pit_wizard_row_list_update (self->gpu_rows, key->str))
    return;

  g_ptr_array_set_size (self->radios, 0);
  if (gpus == NULL || gpus->len == 0)
    pit_wizard_row_list_add (self->gpu_rows, _("No graphics cards found"),
                             host ? _("The host reported none") : _("The host’s devices could not be read"),
                             "dialog-warning-symbolic");
  for (guint i = 0; gpus != NULL && i < gpus->len; i++)
    {
      PitHostPciDevice *gpu = ((PitHostPassthrough *) g_ptr_array_index (gpus, i))->device;
      g_autofree char *name = device_name (gpu);
      g_autofree char *subtitle = gpu_subtitle (host, gpu);
      GtkWidget *row = pit_wizard_row_list_add (self->gpu_rows, name, subtitle, NULL);
      GtkWidget *check = gtk_check_button_new ();

      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "gpu.choose");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (check), "s", gpu->address);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_ptr_array_add (self->radios, check);
    }
}

/* the devices that go with the chosen GPU */
static void
update_together (PitWizardGpuPage   *self,
                 PitHostPassthrough *set)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->together_group), set != NULL);
  if (set == NULL)
    return;
  if (set->device->iommu_group >= 0)
    description = g_strdup_printf (_("IOMMU group %d: these devices go to the virtual machine together"),
                                   set->device->iommu_group);
  adw_preferences_group_set_description (self->together_group, description);

  g_string_append_printf (key, "%s %d %d %d %u", set->device->address, set->viable_known, set->viable,
                          set->device->iommu_group, set->foreign->len);
  for (guint i = 0; i < set->devices->len; i++)
    g_string_append_printf (key, " %s", ((PitHostPciDevice *) g_ptr_array_index (set->devices, i))->address);
  if (!pit_wizard_row_list_update (self->together_rows, key->str))
    return;

  for (guint i = 0; i < set->devices->len; i++)
    {
      PitHostPciDevice *device = g_ptr_array_index (set->devices, i);
      g_autofree char *name = device_name (device);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", device->address,
                                                   device->class_name ? device->class_name : "");

      pit_wizard_row_list_add (self->together_rows, name, subtitle, NULL);
    }
  if (set->viable_known && !set->viable)
    pit_wizard_row_list_add (self->together_rows, _("This group cannot be passed through"),
                             set->reason, "dialog-error-symbolic");
  else if (!set->viable_known)
    pit_wizard_row_list_add (self->together_rows, _("The IOMMU groups are unknown"),
                             _("Turn the IOMMU on to see which devices must go together"),
                             "dialog-warning-symbolic");
  else if (set->foreign->len > 0)
    pit_wizard_row_list_add (self->together_rows, _("Other devices share the group"),
                             _("They leave the host while the virtual machine runs"),
                             "dialog-warning-symbolic");
}

static void
refresh (PitWizardPage *page)
{
  PitWizardGpuPage *self = PIT_WIZARD_GPU_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  g_autoptr(GPtrArray) gpus = host ? pit_host_inventory_get_gpus (host) : NULL;
  GPtrArray *chosen = pit_wizard_state_get_gpus (state);
  const char *chosen_address = chosen->len > 0 ? g_ptr_array_index (chosen, 0) : NULL;
  PitHostPassthrough *chosen_set = NULL;
  const char *vendor = pit_wizard_state_get_vendor_id (state);

  self->updating = TRUE;
  update_gpus (self, host, gpus);
  for (guint i = 0; i < self->radios->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->radios, i);
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (check));
      gboolean is_chosen = g_strcmp0 (g_variant_get_string (target, NULL), chosen_address) == 0;

      if (gtk_check_button_get_active (check) != is_chosen)
        gtk_check_button_set_active (check, is_chosen);
    }
  for (guint i = 0; gpus != NULL && i < gpus->len; i++)
    if (g_strcmp0 (((PitHostPassthrough *) g_ptr_array_index (gpus, i))->device->address, chosen_address) == 0)
      chosen_set = g_ptr_array_index (gpus, i);
  update_together (self, chosen_set);
  /* a host with one card: say what lending it means, chosen or not (once
   * chosen, the state's single-GPU mode is this same card) */
  gtk_widget_set_visible (GTK_WIDGET (self->single_group),
                          host != NULL && gpus != NULL && gpus->len == 1
                          && pit_host_inventory_is_single_gpu (host, ((PitHostPassthrough *) g_ptr_array_index (gpus, 0))->device->address));

  if (adw_expander_row_get_enable_expansion (self->hide_row) != pit_wizard_state_get_hide_hypervisor (state))
    adw_expander_row_set_enable_expansion (self->hide_row, pit_wizard_state_get_hide_hypervisor (state));
  pit_wizard_page_update_text (GTK_EDITABLE (self->vendor_row),
                               vendor ? vendor : PIT_CHANGE_HIDE_HYPERVISOR_DEFAULT_VENDOR);
  self->updating = FALSE;
}

static void
pit_wizard_gpu_page_dispose (GObject *object)
{
  PitWizardGpuPage *self = PIT_WIZARD_GPU_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_GPU_PAGE);
  g_clear_pointer (&self->gpu_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->together_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->radios, g_ptr_array_unref);

  G_OBJECT_CLASS (pit_wizard_gpu_page_parent_class)->dispose (object);
}

static void
pit_wizard_gpu_page_class_init (PitWizardGpuPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_gpu_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-gpu-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, gpus_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, together_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, single_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, hide_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, vendor_row);
  gtk_widget_class_bind_template_callback (widget_class, hide_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vendor_changed_cb);

  gtk_widget_class_install_action (widget_class, "gpu.choose", "s", choose_action);
}

static void
pit_wizard_gpu_page_init (PitWizardGpuPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->gpu_rows = pit_wizard_row_list_new (self->gpus_group);
  self->together_rows = pit_wizard_row_list_new (self->together_group);
  self->radios = g_ptr_array_new ();
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->gpus_group));
  pit_wizard_page_label_switches (GTK_WIDGET (self->hide_row), _("Hide the hypervisor"));
}

GtkWidget *
pit_wizard_gpu_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_GPU_PAGE, "section", PIT_WIZARD_SECTION_GPU, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-change-hide-hypervisor.h"
#include "pit-host-gpu-fact.h"
#include "pit-host-passthrough.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 2: the GPU.  The host's GPUs with their names and drivers (the boot
 * GPU flagged), the IOMMU group of the chosen one as the list of devices that
 * go with it, a verdict when the group cannot be passed, and the "hide the
 * hypervisor" switch with the honest reason it is off by default; on a host
 * with one card, what single-GPU mode means, its risks and what it changes
 * (data/ui/pit-wizard-gpu-page.ui).  For the chosen GPU, what the host's
 * inventory knows in words (PitHostGpuFact: reset, BARs, the rest of its
 * IOMMU group), its ROM, and a ROM file for the VM.  Each GPU's radio button
 * activates gpu.choose with the GPU's PCI address; "Use a ROM file…" opens
 * the file chooser (the portal in Flatpak), whose answer activates
 * gpu.rom-file with the path. */
struct _PitWizardGpuPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *gpus_group;
  AdwPreferencesGroup *together_group;
  AdwPreferencesGroup *single_group;
  AdwPreferencesGroup *facts_group;
  AdwPreferencesGroup *rom_group;
  AdwActionRow *rom_state_row;
  AdwActionRow *rom_row;
  AdwActionRow *rom_error_row;
  AdwActionRow *rom_steps_row;
  GtkWidget *rom_choose_button;
  GtkWidget *rom_clear_button;
  AdwExpanderRow *hide_row;
  AdwEntryRow *vendor_row;

  PitWizardRowList *gpu_rows;
  PitWizardRowList *together_rows;
  PitWizardRowList *fact_rows;
  GPtrArray *radios;            /* GtkCheckButton, one per GPU row */
  GtkFileChooserNative *chooser;
  char *rom_error;              /* why the last file given was refused; NULL */
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
  /* a refused ROM file was for the card chosen before */
  g_clear_pointer (&PIT_WIZARD_GPU_PAGE (page)->rom_error, g_free);
  pit_wizard_state_set_gpus (state, addresses);
  pit_wizard_state_set_enabled (state, PIT_WIZARD_SECTION_GPU, TRUE);
  pit_wizard_page_refresh (page);
}

static void
rom_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PitWizardGpuPage *self = PIT_WIZARD_GPU_PAGE (widget);
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (state == NULL)
    return;
  g_clear_pointer (&self->rom_error, g_free);
  if (!pit_wizard_state_set_gpu_rom (state, g_variant_get_string (parameter, NULL), &error))
    self->rom_error = g_strdup (error->message);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

static void
clear_rom_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PitWizardGpuPage *self = PIT_WIZARD_GPU_PAGE (widget);
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  gboolean had_focus = gtk_widget_has_focus (self->rom_clear_button);

  if (state == NULL)
    return;
  g_clear_pointer (&self->rom_error, g_free);
  pit_wizard_state_set_gpu_rom (state, NULL, NULL);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
  /* the button goes away with the file: the focus goes next door */
  if (had_focus)
    gtk_widget_grab_focus (self->rom_choose_button);
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     PitWizardGpuPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "gpu.rom-file", "s", path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_rom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PitWizardGpuPage *self = PIT_WIZARD_GPU_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) roms = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Card’s ROM File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (roms, _("ROM files"));
  gtk_file_filter_add_pattern (roms, "*.rom");
  gtk_file_filter_add_pattern (roms, "*.bin");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), roms);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
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

static const char *
fact_icon (PitHostGpuFactLevel level)
{
  switch (level)
    {
    case PIT_HOST_GPU_FACT_STOP:
      return "dialog-error-symbolic";
    case PIT_HOST_GPU_FACT_WARNING:
      return "dialog-warning-symbolic";
    case PIT_HOST_GPU_FACT_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

/* the fact's meaning, then what it comes from */
static char *
fact_subtitle (PitHostGpuFact *fact)
{
  if (fact->evidence == NULL)
    return g_strdup (fact->detail);
  if (fact->detail == NULL)
    return g_strdup (fact->evidence);
  /* TRANSLATORS: what a fact means, then the host's data it comes from */
  return g_strdup_printf (_("%s\nFrom the host: %s"), fact->detail, fact->evidence);
}

/* a template row's title, subtitle and icon, each only when it differs */
static void
update_template_row (AdwActionRow *row,
                     const char   *title,
                     const char   *subtitle,
                     const char   *icon_name)
{
  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  pit_wizard_page_update_row (row, subtitle, icon_name);
}

/* the chosen GPU's facts (all but the ROM, which has a group of its own):
 * made again only when they differ */
static void
update_facts (PitWizardGpuPage   *self,
              PitHostPassthrough *set,
              GPtrArray          *facts)
{
  g_autoptr(GString) key = g_string_new (NULL);
  guint shown = 0;

  for (guint i = 0; facts != NULL && i < facts->len; i++)
    {
      PitHostGpuFact *fact = facts->pdata[i];

      if (!g_str_equal (fact->id, "rom") && ++shown)
        g_string_append_printf (key, "%d\t%s\t%s\t%s\n", fact->level, fact->title,
                                fact->detail ? fact->detail : "", fact->evidence ? fact->evidence : "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->facts_group), set != NULL && shown > 0);
  if (!pit_wizard_row_list_update (self->fact_rows, key->str))
    return;
  for (guint i = 0; facts != NULL && i < facts->len; i++)
    {
      PitHostGpuFact *fact = facts->pdata[i];
      g_autofree char *subtitle = NULL;

      if (g_str_equal (fact->id, "rom"))
        continue;
      subtitle = fact_subtitle (fact);
      pit_wizard_row_list_add (self->fact_rows, fact->title, subtitle, fact_icon (fact->level));
    }
}

/* the card's ROM, the file the VM gets instead, and how to get one */
static void
update_rom (PitWizardGpuPage   *self,
            PitWizardState     *state,
            PitHostPassthrough *set,
            GPtrArray          *facts)
{
  const char *rom = pit_wizard_state_get_gpu_rom (state);
  PitHostGpuFact *fact = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *steps = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->rom_group), set != NULL);
  if (set == NULL)
    return;
  for (guint i = 0; facts != NULL && i < facts->len; i++)
    if (g_str_equal (((PitHostGpuFact *) facts->pdata[i])->id, "rom"))
      fact = facts->pdata[i];
  if (fact != NULL)
    {
      /* a ROM file given: the warning is answered */
      subtitle = fact_subtitle (fact);
      update_template_row (self->rom_state_row, fact->title, subtitle,
                           fact->level == PIT_HOST_GPU_FACT_WARNING && rom != NULL
                             ? "emblem-ok-symbolic" : fact_icon (fact->level));
    }

  pit_wizard_page_update_row (self->rom_row,
                              rom != NULL ? rom : _("None: the virtual machine reads the card’s own ROM"),
                              rom != NULL ? "emblem-ok-symbolic" : NULL);
  if (gtk_widget_get_visible (self->rom_clear_button) != (rom != NULL))
    gtk_widget_set_visible (self->rom_clear_button, rom != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->rom_error_row), self->rom_error != NULL);
  if (self->rom_error != NULL)
    pit_wizard_page_update_row (self->rom_error_row, self->rom_error, "dialog-error-symbolic");

  steps = pit_host_gpu_fact_rom_dump_steps (set->device->address);
  pit_wizard_page_update_row (self->rom_steps_row, steps, NULL);
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
  g_autoptr(GPtrArray) facts = NULL;
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
  if (chosen_set != NULL)
    facts = pit_host_gpu_facts_collect (host, chosen_set);
  update_facts (self, chosen_set, facts);
  update_rom (self, state, chosen_set, facts);
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
  g_clear_pointer (&self->fact_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->radios, g_ptr_array_unref);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->rom_error, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, facts_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, rom_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, rom_state_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, rom_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, rom_error_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, rom_steps_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, rom_choose_button);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, rom_clear_button);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, hide_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardGpuPage, vendor_row);
  gtk_widget_class_bind_template_callback (widget_class, hide_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vendor_changed_cb);

  gtk_widget_class_install_action (widget_class, "gpu.choose", "s", choose_action);
  gtk_widget_class_install_action (widget_class, "gpu.choose-rom", NULL, choose_rom_action);
  gtk_widget_class_install_action (widget_class, "gpu.rom-file", "s", rom_file_action);
  gtk_widget_class_install_action (widget_class, "gpu.clear-rom", NULL, clear_rom_action);
}

static void
pit_wizard_gpu_page_init (PitWizardGpuPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->gpu_rows = pit_wizard_row_list_new (self->gpus_group);
  self->together_rows = pit_wizard_row_list_new (self->together_group);
  self->fact_rows = pit_wizard_row_list_new (self->facts_group);
  self->radios = g_ptr_array_new ();
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->gpus_group));
  pit_wizard_page_label_switches (GTK_WIDGET (self->hide_row), _("Hide the hypervisor"));
}

GtkWidget *
pit_wizard_gpu_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_GPU_PAGE, "section", PIT_WIZARD_SECTION_GPU, NULL);
}

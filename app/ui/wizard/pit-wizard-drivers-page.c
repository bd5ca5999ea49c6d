/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-change-disk-stage.h"
#include "pit-change-secure-boot.h"
#include "pit-change-rotation-rate.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"

/* Page 6: virtio drivers.  The virtio-win driver disc (found, or chosen with
 * the file chooser portal), the virtio network card, the staged move of
 * the boot disk to virtio, step by step with where the VM is now, the
 * disks' latency: I/O threads, and the rotation rate where a disk's bus
 * tells one, with what the host stores each on, and Windows 11's TPM and
 * Secure Boot (refused for a guest installed in BIOS mode, which the row
 * says) (data/ui/pit-wizard-drivers-page.ui). */
struct _PitWizardDriversPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *disc_group;
  AdwEntryRow *iso_row;
  GtkSwitch *nic_switch;
  AdwActionRow *step1_row;
  AdwActionRow *step2_row;
  AdwActionRow *next_step_row;
  GtkSwitch *disk_switch;
  AdwActionRow *done_row;
  GtkSwitch *tpm_switch;
  AdwActionRow *secure_boot_row;
  GtkSwitch *secure_boot_switch;
  GtkSpinButton *iothreads_spin;
  AdwComboRow *rotation_row;
  AdwActionRow *rotation_none_row;

  GtkFileChooserNative *chooser;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PitWizardDriversPage, pit_wizard_drivers_page, PIT_TYPE_WIZARD_PAGE)

static void
iso_changed_cb (PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_virtio_iso (state, gtk_editable_get_text (GTK_EDITABLE (self->iso_row)));
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
}

static void
chooser_response_cb (GtkNativeDialog      *dialog,
                     int                   response,
                     PitWizardDriversPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->iso_row), path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_cb (PitWizardDriversPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the virtio-win Driver Disc"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Disc images"));
  gtk_file_filter_add_pattern (filter, "*.iso");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
nic_cb (PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_virtio_nic (state, gtk_switch_get_active (self->nic_switch));
}

static void
disk_cb (PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_disk_stage (state, gtk_switch_get_active (self->disk_switch));
}

static void
tpm_cb (PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_tpm (state, gtk_switch_get_active (self->tpm_switch));
}

static void
secure_boot_cb (PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_secure_boot (state, gtk_switch_get_active (self->secure_boot_switch));
}

static void
iothreads_cb (PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_iothreads (state, gtk_spin_button_get_value_as_int (self->iothreads_spin));
}

/* the combo's rows: leave, then the PitRotationRate values in order */
G_STATIC_ASSERT (PIT_ROTATION_RATE_AUTO == 0 && PIT_ROTATION_RATE_SSD == 1 && PIT_ROTATION_RATE_HDD == 2);

static void
rotation_cb (PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (self->rotation_row);

  if (self->updating || state == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  pit_wizard_state_set_rotation_rate (state, (int) selected - 1);
}

static void
update_rotation (PitWizardDriversPage *self,
                 PitWizardState       *state)
{
  g_autoptr(GPtrArray) disks = pit_wizard_state_get_rotation_disks (state);
  guint selected = (guint) (pit_wizard_state_get_rotation_rate (state) + 1);

  gtk_widget_set_visible (GTK_WIDGET (self->rotation_row), disks->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rotation_none_row), disks->len == 0);
  if (disks->len == 0)
    return;
  g_ptr_array_add (disks, NULL);
  {
    g_autofree char *subtitle = g_strjoinv ("\n", (char **) disks->pdata);

    pit_wizard_page_update_row (ADW_ACTION_ROW (self->rotation_row), subtitle, NULL);
  }
  if (adw_combo_row_get_selected (self->rotation_row) != selected)
    adw_combo_row_set_selected (self->rotation_row, selected);
}

static void
set_switch (GtkSwitch *toggle,
            gboolean   active)
{
  if (gtk_switch_get_active (toggle) != active)
    gtk_switch_set_active (toggle, active);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardDriversPage *self = PIT_WIZARD_DRIVERS_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  int disk_state = pit_wizard_state_get_disk_state (state);
  gboolean next_step = disk_state == PIT_DISK_STATE_BOOT_NOT_VIRTIO || disk_state == PIT_DISK_STATE_DUMMY_ADDED;

  self->updating = TRUE;
  pit_wizard_page_update_text (GTK_EDITABLE (self->iso_row), pit_wizard_state_get_virtio_iso (state));
  set_switch (self->nic_switch, pit_wizard_state_get_virtio_nic (state));
  set_switch (self->tpm_switch, pit_wizard_state_get_tpm (state));
  set_switch (self->secure_boot_switch, pit_wizard_state_get_secure_boot (state));
  switch (pit_wizard_state_get_firmware (state))
    {
    case PIT_GUEST_FIRMWARE_SECURE_BOOT:
      pit_wizard_page_update_row (self->secure_boot_row, _("Done: the VM starts with Secure Boot"),
                                  "emblem-ok-symbolic");
      break;
    case PIT_GUEST_FIRMWARE_BIOS:
      pit_wizard_page_update_row (self->secure_boot_row,
                                  _("The VM starts with BIOS firmware: if Windows is installed, convert its "
                                    "disk first with “mbr2gpt /convert /allowFullOS”, else it would not start"),
                                  NULL);
      break;
    case PIT_GUEST_FIRMWARE_UEFI:
    default:
      pit_wizard_page_update_row (self->secure_boot_row,
                                  _("UEFI firmware with Microsoft’s keys, chosen by libvirt (Q35 VMs)"), NULL);
      break;
    }

  pit_wizard_page_update_row (self->step1_row, NULL,
                              disk_state == PIT_DISK_STATE_BOOT_NOT_VIRTIO ? "go-next-symbolic" :
                              disk_state > PIT_DISK_STATE_BOOT_NOT_VIRTIO ? "emblem-ok-symbolic" : NULL);
  pit_wizard_page_update_row (self->step2_row, NULL,
                              disk_state == PIT_DISK_STATE_DUMMY_ADDED ? "go-next-symbolic" :
                              disk_state == PIT_DISK_STATE_BOOT_ON_VIRTIO ? "emblem-ok-symbolic" : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->next_step_row), next_step);
  gtk_widget_set_visible (GTK_WIDGET (self->done_row), !next_step);
  if (next_step)
    {
      pit_wizard_page_update_row (self->next_step_row,
                                  disk_state == PIT_DISK_STATE_BOOT_NOT_VIRTIO ? _("Step 1: add the small virtio disk")
                                                                              : _("Step 2: move the boot disk"),
                                  NULL);
      set_switch (self->disk_switch, pit_wizard_state_get_disk_stage (state));
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->done_row),
                                   disk_state == PIT_DISK_STATE_BOOT_ON_VIRTIO ? _("Done: the boot disk is on virtio")
                                                                              : _("No boot disk found"));
  if ((guint) gtk_spin_button_get_value_as_int (self->iothreads_spin) != pit_wizard_state_get_iothreads (state))
    gtk_spin_button_set_value (self->iothreads_spin, pit_wizard_state_get_iothreads (state));
  update_rotation (self, state);
  self->updating = FALSE;
}

static void
pit_wizard_drivers_page_dispose (GObject *object)
{
  PitWizardDriversPage *self = PIT_WIZARD_DRIVERS_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_DRIVERS_PAGE);

  G_OBJECT_CLASS (pit_wizard_drivers_page_parent_class)->dispose (object);
}

static void
pit_wizard_drivers_page_class_init (PitWizardDriversPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_drivers_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-drivers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, disc_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, iso_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, nic_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, step1_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, step2_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, next_step_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, disk_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, done_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, tpm_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, secure_boot_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, secure_boot_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, iothreads_spin);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, rotation_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDriversPage, rotation_none_row);
  gtk_widget_class_bind_template_callback (widget_class, iso_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, nic_cb);
  gtk_widget_class_bind_template_callback (widget_class, disk_cb);
  gtk_widget_class_bind_template_callback (widget_class, tpm_cb);
  gtk_widget_class_bind_template_callback (widget_class, secure_boot_cb);
  gtk_widget_class_bind_template_callback (widget_class, iothreads_cb);
  gtk_widget_class_bind_template_callback (widget_class, rotation_cb);
}

static void
pit_wizard_drivers_page_init (PitWizardDriversPage *self)
{
  g_autoptr(GtkStringList) rates = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the order of rotation_cb(): leave, then PIT_ROTATION_RATE_AUTO, _SSD, _HDD */
  gtk_string_list_append (rates, _("Leave as it is"));
  gtk_string_list_append (rates, _("As the host’s storage is"));
  gtk_string_list_append (rates, _("SSD"));
  gtk_string_list_append (rates, _("Hard drive (7200 rpm)"));
  self->updating = TRUE;
  adw_combo_row_set_model (self->rotation_row, G_LIST_MODEL (rates));
  self->updating = FALSE;
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->disc_group));
}

GtkWidget *
pit_wizard_drivers_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_DRIVERS_PAGE, "section", PIT_WIZARD_SECTION_DRIVERS, NULL);
}

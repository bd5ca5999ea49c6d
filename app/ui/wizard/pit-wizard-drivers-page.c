/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-change-disk-stage.h"
#include "pit-wizard-pages.h"

/* Page 6: virtio drivers.  The virtio-win driver disc (found, or chosen with
 * the file chooser portal), the virtio network card, and the staged move of
 * the boot disk to virtio, step by step with where the VM is now. */
struct _PitWizardDriversPage
{
  PitWizardPage parent_instance;

  GtkFileChooserNative *chooser;
  GtkEditable *iso_entry;
};

G_DEFINE_FINAL_TYPE (PitWizardDriversPage, pit_wizard_drivers_page, PIT_TYPE_WIZARD_PAGE)

static void
iso_changed_cb (GtkEditable          *entry,
                PitWizardDriversPage *self)
{
  pit_wizard_state_set_virtio_iso (pit_wizard_page_get_state (PIT_WIZARD_PAGE (self)), gtk_editable_get_text (entry));
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
        gtk_editable_set_text (self->iso_entry, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_cb (GtkButton            *button,
           PitWizardDriversPage *self)
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
switch_cb (GtkSwitch            *toggle,
           GParamSpec           *pspec,
           PitWizardDriversPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (g_object_get_data (G_OBJECT (toggle), "disk") != NULL)
    pit_wizard_state_set_disk_stage (state, gtk_switch_get_active (toggle));
  else
    pit_wizard_state_set_virtio_nic (state, gtk_switch_get_active (toggle));
}

static GtkWidget *
add_switch (PitWizardDriversPage *self,
            GtkWidget            *row,
            const char           *label,
            gboolean              active)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (switch_cb), self);
  return toggle;
}

static void
refresh (PitWizardPage *page)
{
  PitWizardDriversPage *self = PIT_WIZARD_DRIVERS_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  int disk_state = pit_wizard_state_get_disk_state (state);
  AdwPreferencesGroup *group;
  GtkWidget *row, *button, *toggle;
  const char *iso = pit_wizard_state_get_virtio_iso (state);

  pit_wizard_page_clear (page);

  group = pit_wizard_page_add_group (page, _("Driver Disc"),
                                     _("Windows has no virtio drivers of its own: the virtio-win disc holds them"));
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("virtio-win disc image"));
  gtk_editable_set_text (GTK_EDITABLE (row), iso ? iso : "");
  self->iso_entry = GTK_EDITABLE (row);
  g_signal_connect (row, "changed", G_CALLBACK (iso_changed_cb), self);
  button = gtk_button_new_with_mnemonic (_("C_hoose…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (choose_cb), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  adw_preferences_group_add (group, row);
  pit_wizard_page_place_error (page);

  group = pit_wizard_page_add_group (page, _("Network Card"), NULL);
  row = pit_wizard_page_add_row (group, _("Use a virtio network card"),
                                 _("Much less CPU per packet than an emulated e1000e or rtl8139; install the "
                                   "driver from the disc first"), NULL);
  add_switch (self, row, _("Use a virtio network card"), pit_wizard_state_get_virtio_nic (state));

  group = pit_wizard_page_add_group (page, _("Boot Disk on virtio"),
                                     _("Windows loads the virtio disk driver at boot only if it was installed for a "
                                       "disk that existed before, so the move takes two restarts"));
  pit_wizard_page_add_row (group, _("1. Add a small virtio disk"),
                           _("Start Windows, install the driver for the new disk from the driver disc, shut down"),
                           disk_state == PIT_DISK_STATE_BOOT_NOT_VIRTIO ? "go-next-symbolic" :
                           disk_state > PIT_DISK_STATE_BOOT_NOT_VIRTIO ? "emblem-ok-symbolic" : NULL);
  pit_wizard_page_add_row (group, _("2. Move the boot disk to virtio"),
                           _("The small disk goes away; Windows now boots from virtio"),
                           disk_state == PIT_DISK_STATE_DUMMY_ADDED ? "go-next-symbolic" :
                           disk_state == PIT_DISK_STATE_BOOT_ON_VIRTIO ? "emblem-ok-symbolic" : NULL);
  if (disk_state == PIT_DISK_STATE_BOOT_NOT_VIRTIO || disk_state == PIT_DISK_STATE_DUMMY_ADDED)
    {
      row = pit_wizard_page_add_row (group, _("Do the next step now"),
                                     disk_state == PIT_DISK_STATE_BOOT_NOT_VIRTIO ? _("Step 1: add the small virtio disk")
                                                                                 : _("Step 2: move the boot disk"),
                                     NULL);
      toggle = add_switch (self, row, _("Do the next step now"), pit_wizard_state_get_disk_stage (state));
      g_object_set_data (G_OBJECT (toggle), "disk", GINT_TO_POINTER (1));
    }
  else
    pit_wizard_page_add_row (group, disk_state == PIT_DISK_STATE_BOOT_ON_VIRTIO ? _("Done: the boot disk is on virtio")
                                                                               : _("No boot disk found"),
                             NULL, NULL);
}

static void
pit_wizard_drivers_page_dispose (GObject *object)
{
  PitWizardDriversPage *self = PIT_WIZARD_DRIVERS_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (pit_wizard_drivers_page_parent_class)->dispose (object);
}

static void
pit_wizard_drivers_page_class_init (PitWizardDriversPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pit_wizard_drivers_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
}

static void
pit_wizard_drivers_page_init (PitWizardDriversPage *self)
{
}

GtkWidget *
pit_wizard_drivers_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_DRIVERS_PAGE, "id", "drivers", "title", _("Drivers"),
                       "section", PIT_WIZARD_SECTION_DRIVERS, NULL);
}

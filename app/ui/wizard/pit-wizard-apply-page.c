/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-background-notification.h"
#include "pit-history.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-wizard-pages.h"

/* Page 9: apply.  Defines the changes (the old XML is saved to the history
 * first) in a worker thread, says what waits for the next boot of the guest
 * and what was applied live, and lists the VM's history with a Restore
 * button per entry.  Emits ::applied (with the history id, for the Undo
 * toast) and ::restored. */
struct _PitWizardApplyPage
{
  PitWizardPage parent_instance;

  GCancellable *cancellable;
  PitTuneResult *result;
  gboolean busy;
  char *message;
};

G_DEFINE_FINAL_TYPE (PitWizardApplyPage, pit_wizard_apply_page, PIT_TYPE_WIZARD_PAGE)

enum {
  SIGNAL_APPLIED,
  SIGNAL_RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PitWizardApplyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTuneResult) restored = pit_tune_restore_full_finish (result, &error);
  g_autoptr(GString) message = NULL;

  self->busy = FALSE;
  if (restored == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), error->message);
      return;
    }
  message = g_string_new (_("The earlier configuration is back. It takes effect at the next start of the guest."));
  /* e.g. the small virtio disk's volume, deleted again */
  for (guint i = 0; i < restored->storage->len; i++)
    g_string_append_printf (message, " %s.", (const char *) g_ptr_array_index (restored->storage, i));
  g_free (self->message);
  self->message = g_string_free (g_steal_pointer (&message), FALSE);
  pit_connection_refresh_domain (pit_wizard_state_get_connection (pit_wizard_page_get_state (PIT_WIZARD_PAGE (self))),
                                 pit_domain_get_uuid (pit_wizard_state_get_domain (pit_wizard_page_get_state (PIT_WIZARD_PAGE (self)))));
  g_signal_emit (self, signals[SIGNAL_RESTORED], 0);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

static void
restore_clicked_cb (GtkButton          *button,
                    PitWizardApplyPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  const char *id = g_object_get_data (G_OBJECT (button), "history-id");

  if (self->busy)
    return;
  self->busy = TRUE;
  pit_tune_restore_async (pit_domain_get_handle (pit_wizard_state_get_domain (state)), id, self->cancellable,
                          restore_done_cb, g_object_ref (self));
}

/* a define on a remote host can take a while: the user may have gone to
 * another window */
static void
notify_in_background (PitWizardApplyPage *self,
                      const char         *title,
                      const char         *problem)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  const char *name = pit_domain_get_name (pit_wizard_state_get_domain (state));
  const char *uri = pit_connection_get_uri (pit_wizard_state_get_connection (state));
  /* TRANSLATORS: the VM's name, the connection's URI, and why the define failed */
  g_autofree char *body = problem != NULL
                          ? g_strdup_printf (_("%s on %s: %s"), name, uri, problem)
                          : g_strdup_printf (_("The new configuration of %s is defined on %s."), name, uri);

  pit_background_notification_send (GTK_WIDGET (self), "tuning-applied", title, body);
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PitWizardApplyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PitTuneResult *tune_result = pit_wizard_state_apply_finish (PIT_WIZARD_STATE (object), result, &error);

  self->busy = FALSE;
  if (tune_result == NULL)
    {
      pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), error->message);
          notify_in_background (self, _("Changes not saved"), error->message);
        }
      return;
    }
  notify_in_background (self, _("Changes saved"), NULL);
  g_clear_pointer (&self->result, pit_tune_result_unref);
  self->result = tune_result;
  g_clear_pointer (&self->message, g_free);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
  g_signal_emit (self, signals[SIGNAL_APPLIED], 0, tune_result->history_id);
}

/**
 * pit_wizard_apply_page_apply:
 * Defines the wizard's changes in a worker thread.
 */
void
pit_wizard_apply_page_apply (PitWizardApplyPage *self)
{
  if (self->busy)
    return;
  self->busy = TRUE;
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
  pit_wizard_state_apply_async (pit_wizard_page_get_state (PIT_WIZARD_PAGE (self)), self->cancellable,
                                apply_done_cb, g_object_ref (self));
}

static void
apply_clicked_cb (PitWizardApplyPage *self)
{
  pit_wizard_apply_page_apply (self);
}

static void
add_history (PitWizardApplyPage *self,
             PitWizardState     *state)
{
  g_autoptr(PitHistory) history = pit_history_new (pit_domain_get_uuid (pit_wizard_state_get_domain (state)));
  g_autoptr(GPtrArray) entries = pit_history_list (history, NULL);
  AdwPreferencesGroup *group = pit_wizard_page_add_group (PIT_WIZARD_PAGE (self), _("History"),
                                                          _("Earlier configurations of this virtual machine, newest first"));

  if (entries == NULL || entries->len == 0)
    {
      pit_wizard_page_add_row (group, _("No earlier configurations yet"), NULL, NULL);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      PitHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (entry->time);
      g_autofree char *when = g_date_time_format (local, "%x %X");
      GtkWidget *row = pit_wizard_page_add_row (group, entry->description ? entry->description : entry->id, when, NULL);
      GtkWidget *button = gtk_button_new_with_label (_("Restore"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Restore this configuration"), -1);
      g_object_set_data_full (G_OBJECT (button), "history-id", g_strdup (entry->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (restore_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
}

static void
refresh (PitWizardPage *page)
{
  PitWizardApplyPage *self = PIT_WIZARD_APPLY_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  AdwPreferencesGroup *group;
  GtkWidget *button;

  pit_wizard_page_clear (page);
  group = pit_wizard_page_add_group (page, _("Apply"), NULL);

  if (self->busy)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      pit_wizard_page_add_row (group, _("Saving the configuration…"), NULL, NULL);
      adw_preferences_group_add (group, spinner);
    }
  else if (self->result != NULL)
    {
      pit_wizard_page_add_row (group, _("The changes are saved"),
                               _("The earlier configuration is in the history below"), "emblem-ok-symbolic");
      for (guint i = 0; i < self->result->live->len; i++)
        pit_wizard_page_add_row (group, _("Applied now"), g_ptr_array_index (self->result->live, i), NULL);
      for (guint i = 0; i < self->result->next_boot->len; i++)
        pit_wizard_page_add_row (group, _("At the next start of the guest"),
                                 g_ptr_array_index (self->result->next_boot, i), NULL);
    }
  else
    {
      pit_wizard_page_add_row (group, _("Save the changes to the virtual machine"),
                               _("The current configuration goes to the history first, so you can go back"), NULL);
      button = gtk_button_new_with_mnemonic (_("_Apply Changes"));
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_margin_top (button, 12);
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (apply_clicked_cb), self);
      adw_preferences_group_add (group, button);
    }
  if (self->message != NULL)
    pit_wizard_page_add_row (group, self->message, NULL, "emblem-ok-symbolic");
  pit_wizard_page_place_error (page);

  add_history (self, state);
}

static gboolean
validate (PitWizardPage  *page,
          GError        **error)
{
  return TRUE;
}

static void
pit_wizard_apply_page_dispose (GObject *object)
{
  PitWizardApplyPage *self = PIT_WIZARD_APPLY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->result, pit_tune_result_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (pit_wizard_apply_page_parent_class)->dispose (object);
}

static void
pit_wizard_apply_page_class_init (PitWizardApplyPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pit_wizard_apply_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
  PIT_WIZARD_PAGE_CLASS (klass)->validate = validate;

  /**
   * PitWizardApplyPage::applied:
   * @history_id: the entry holding the configuration before
   */
  signals[SIGNAL_APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pit_wizard_apply_page_init (PitWizardApplyPage *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pit_wizard_apply_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_APPLY_PAGE, "id", "apply", "title", _("Apply"), NULL);
}

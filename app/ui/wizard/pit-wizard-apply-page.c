/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-background-notification.h"
#include "pit-history.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 9: apply.  Defines the changes (the old XML is saved to the history
 * first) in a worker thread, says what waits for the next boot of the guest
 * and what was applied live, and lists the VM's history with a Restore
 * button per entry.  Emits ::applied (with the history id, for the Undo
 * toast) and ::restored.  data/ui/pit-wizard-apply-page.ui; the history's
 * rows are kept by entry id, so a restore adds the new entry on top and the
 * Restore button the user pressed stays (with the focus). */
struct _PitWizardApplyPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *apply_group;
  GtkWidget *save_row;
  GtkWidget *busy_row;
  GtkWidget *done_row;
  GtkWidget *apply_button;
  GtkListBox *history_list;

  PitWizardRowList *result_rows;
  GHashTable *history_rows;     /* entry id → its GtkListBoxRow */
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
        {
          pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
          pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), error->message);
        }
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
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PitWizardApplyPage *self = PIT_WIZARD_APPLY_PAGE (widget);
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  const char *id = g_variant_get_string (parameter, NULL);

  if (state == NULL || self->busy || pit_domain_get_handle (pit_wizard_state_get_domain (state)) == NULL)
    return;
  self->busy = TRUE;
  /* the restore runs in a thread: the page says so meanwhile */
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
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
  /* the Apply button goes: the keyboard goes on from what it did */
  if (gtk_widget_has_focus (self->apply_button))
    gtk_widget_grab_focus (self->done_row);
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
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  pit_wizard_apply_page_apply (PIT_WIZARD_APPLY_PAGE (widget));
}

static GtkWidget *
history_row (PitHistoryEntry *entry)
{
  /* no time: an entry whose .ini is lost */
  g_autoptr(GDateTime) local = entry->time != NULL ? g_date_time_to_local (entry->time) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%x %X") : NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Restore"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->description != NULL && entry->description[0] != '\0'
                                                               ? entry->description : entry->id);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when != NULL ? when : "");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Restore this configuration"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "apply.restore");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", entry->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* newest first; rows of entries already shown stay where they are */
static void
update_history (PitWizardApplyPage *self,
                PitWizardState     *state)
{
  g_autoptr(PitHistory) history = pit_history_new (pit_domain_get_uuid (pit_wizard_state_get_domain (state)));
  g_autoptr(GPtrArray) entries = pit_history_list (history, NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer id, row;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      PitHistoryEntry *entry = g_ptr_array_index (entries, i);

      g_hash_table_add (listed, entry->id);
      if (g_hash_table_contains (self->history_rows, entry->id))
        continue;
      row = history_row (entry);
      gtk_list_box_insert (self->history_list, row, i);
      g_hash_table_insert (self->history_rows, g_strdup (entry->id), row);
    }
  g_hash_table_iter_init (&iter, self->history_rows);
  while (g_hash_table_iter_next (&iter, &id, &row))
    if (!g_hash_table_contains (listed, id))
      {
        gtk_list_box_remove (self->history_list, row);
        g_hash_table_iter_remove (&iter);
      }
}

static void
refresh (PitWizardPage *page)
{
  PitWizardApplyPage *self = PIT_WIZARD_APPLY_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  gboolean done = !self->busy && self->result != NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  gtk_widget_set_visible (self->busy_row, self->busy);
  gtk_widget_set_visible (self->done_row, done);
  gtk_widget_set_visible (self->save_row, !done && !self->busy);
  /* while busy it stays (with the focus) and does nothing */
  gtk_widget_set_visible (self->apply_button, !done);

  g_string_append_printf (key, "%d %p\n%s", done, (gpointer) self->result, self->message ? self->message : "");
  if (pit_wizard_row_list_update (self->result_rows, key->str))
    {
      for (guint i = 0; done && i < self->result->live->len; i++)
        pit_wizard_row_list_add (self->result_rows, _("Applied now"), g_ptr_array_index (self->result->live, i), NULL);
      for (guint i = 0; done && i < self->result->next_boot->len; i++)
        pit_wizard_row_list_add (self->result_rows, _("At the next start of the guest"),
                                 g_ptr_array_index (self->result->next_boot, i), NULL);
      if (self->message != NULL)
        pit_wizard_row_list_add (self->result_rows, self->message, NULL, "emblem-ok-symbolic");
    }

  update_history (self, state);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_APPLY_PAGE);
  g_clear_pointer (&self->result_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->history_rows, g_hash_table_unref);

  G_OBJECT_CLASS (pit_wizard_apply_page_parent_class)->dispose (object);
}

static void
pit_wizard_apply_page_class_init (PitWizardApplyPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_apply_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
  PIT_WIZARD_PAGE_CLASS (klass)->validate = validate;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-apply-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardApplyPage, apply_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardApplyPage, save_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardApplyPage, busy_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardApplyPage, done_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardApplyPage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, PitWizardApplyPage, history_list);

  gtk_widget_class_install_action (widget_class, "apply.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "apply.restore", "s", restore_action);

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
  self->history_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->result_rows = pit_wizard_row_list_new (self->apply_group);
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->apply_group));
}

GtkWidget *
pit_wizard_apply_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_APPLY_PAGE, "id", "apply", "title", _("Apply"), NULL);
}

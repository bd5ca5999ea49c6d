/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-wizard-pages.h"
#include "pit-wizard.h"

/* The tuning wizard for one VM: ten pages over a PitWizardState, with Back,
 * Skip and Next in the header.  Next asks the page to validate (the engine's
 * own error shows next to the controls); Skip leaves that step's changes out.
 * The state loads (inactive XML, host inventory) in a worker thread while a
 * spinner shows.  After Apply a toast offers Undo. */
struct _PitWizard
{
  AdwWindow parent_instance;

  PitWizardState *state;
  GCancellable *cancellable;
  GPtrArray *pages;       /* PitWizardPage, in order */
  guint current;
  char *pending_page;     /* shown once loaded */
  gboolean loaded;

  AdwToastOverlay *toasts;
  AdwToast *undoing;      /* while an undo runs (a restore over a slow link takes a while) */
  AdwWindowTitle *title;
  GtkWidget *back_button;
  GtkWidget *skip_button;
  GtkWidget *next_button;
  GtkStack *stack;
  AdwStatusPage *loading_page;
};

G_DEFINE_FINAL_TYPE (PitWizard, pit_wizard, ADW_TYPE_WINDOW)

static void
update_header (PitWizard *self)
{
  PitWizardPage *page = g_ptr_array_index (self->pages, self->current);
  g_autofree char *subtitle = NULL;
  gboolean last = self->current + 1 == self->pages->len;

  /* TRANSLATORS: e.g. "Step 4 of 10: Processor" */
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), self->current + 1, self->pages->len,
                              pit_wizard_page_get_title (page));
  adw_window_title_set_subtitle (self->title, self->loaded ? subtitle : NULL);
  gtk_widget_set_sensitive (self->back_button, self->loaded && self->current > 0);
  gtk_widget_set_visible (self->skip_button, self->loaded && pit_wizard_page_get_section (page) >= 0);
  gtk_widget_set_visible (self->next_button, self->loaded && !last);
}

/* invalid input disables Next, with the engine's message on the page */
static void
check_page (PitWizard *self)
{
  PitWizardPage *page;
  gboolean ok;

  if (!self->loaded)
    return;
  page = g_ptr_array_index (self->pages, self->current);
  ok = pit_wizard_page_validate (page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", ok);
}

static void
state_changed_cb (PitWizard *self)
{
  check_page (self);
}

static void
go_to (PitWizard *self,
       guint      index)
{
  PitWizardPage *page;

  g_return_if_fail (index < self->pages->len);

  self->current = index;
  page = g_ptr_array_index (self->pages, index);
  pit_wizard_page_set_error (page, NULL);
  pit_wizard_page_refresh (page);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  update_header (self);
  check_page (self);
}

/**
 * pit_wizard_next:
 * Validates the page and goes on.
 * Returns: whether it went on (else the page shows why)
 */
gboolean
pit_wizard_next (PitWizard *self)
{
  PitWizardPage *page = g_ptr_array_index (self->pages, self->current);
  int section = pit_wizard_page_get_section (page);

  if (!self->loaded || self->current + 1 >= self->pages->len)
    return FALSE;
  if (section >= 0)
    pit_wizard_state_set_enabled (self->state, section, TRUE);
  if (!pit_wizard_page_validate (page))
    return FALSE;
  go_to (self, self->current + 1);
  return TRUE;
}

/**
 * pit_wizard_skip:
 * Leaves the page's changes out and goes on.
 */
void
pit_wizard_skip (PitWizard *self)
{
  PitWizardPage *page = g_ptr_array_index (self->pages, self->current);
  int section = pit_wizard_page_get_section (page);

  if (!self->loaded || self->current + 1 >= self->pages->len)
    return;
  if (section >= 0)
    pit_wizard_state_set_enabled (self->state, section, FALSE);
  pit_wizard_page_set_error (page, NULL);
  go_to (self, self->current + 1);
}

void
pit_wizard_back (PitWizard *self)
{
  if (self->loaded && self->current > 0)
    go_to (self, self->current - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pit_wizard_next (PIT_WIZARD (widget));
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pit_wizard_skip (PIT_WIZARD (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pit_wizard_back (PIT_WIZARD (widget));
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PitWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTuneResult) restored = pit_tune_restore_full_finish (result, &error);
  g_autoptr(AdwToast) undoing = g_steal_pointer (&self->undoing);
  g_autoptr(GString) text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (restored == NULL)
    text = g_string_new (error->message);
  else
    {
      text = g_string_new (_("Undone: the earlier configuration is back"));
      /* e.g. the small virtio disk's volume, deleted again */
      for (guint i = 0; i < restored->storage->len; i++)
        g_string_append_printf (text, ". %s", (const char *) g_ptr_array_index (restored->storage, i));
      pit_connection_refresh_domain (pit_wizard_state_get_connection (self->state),
                                     pit_domain_get_uuid (pit_wizard_state_get_domain (self->state)));
      pit_wizard_page_refresh (g_ptr_array_index (self->pages, self->current));
    }
  /* the "Undoing…" toast becomes what the undo did (or why it failed):
   * libadwaita 1.2 crashes when a toast is dismissed while it is still
   * being shown or queued behind the one the Undo button closed (seen in
   * the e2e: SIGSEGV in adw_animation_skip), so it is changed, not
   * replaced.  Two sentences, often with a deleted volume's name: it stays
   * until dismissed, like "Changes saved". */
  {
    /* a toast's title is markup (libadwaita 1.2 cannot turn that off): an
     * error or a volume's name may hold "&" or "<" */
    g_autofree char *title = g_markup_escape_text (text->str, -1);

    adw_toast_set_title (undoing, title);
  }
}

/* the toast's Undo: the target is the history entry to restore */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PitWizard *self = PIT_WIZARD (widget);
  virDomainPtr handle = pit_domain_get_handle (pit_wizard_state_get_domain (self->state));

  if (self->undoing != NULL || handle == NULL)
    return;
  /* the restore runs in a thread: say so until it is done */
  self->undoing = g_object_ref (adw_toast_new (_("Undoing the changes…")));
  adw_toast_set_timeout (self->undoing, 0);
  adw_toast_overlay_add_toast (self->toasts, self->undoing);
  pit_tune_restore_async (handle, g_variant_get_string (parameter, NULL), self->cancellable, undo_done_cb,
                          g_object_ref (self));
}

static void
applied_cb (PitWizardApplyPage *page,
            const char         *history_id,
            PitWizard          *self)
{
  AdwToast *toast = adw_toast_new (_("Changes saved"));

  if (history_id != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "wizard.undo");
      adw_toast_set_action_target_value (toast, g_variant_new_string (history_id));
    }
  /* undoing a whole tuning stays on offer until dismissed */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PitWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pit_wizard_state_load_finish (PIT_WIZARD_STATE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_icon_name (self->loading_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->loading_page, _("The Virtual Machine Could Not Be Read"));
      adw_status_page_set_description (self->loading_page, error->message);
      adw_status_page_set_child (self->loading_page, NULL);
      return;
    }
  self->loaded = TRUE;
  if (self->pending_page != NULL)
    pit_wizard_show_page (self, self->pending_page);
  else
    go_to (self, 0);
}

static void
pit_wizard_dispose (GObject *object)
{
  PitWizard *self = PIT_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->undoing);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->state);
  g_clear_pointer (&self->pending_page, g_free);

  G_OBJECT_CLASS (pit_wizard_parent_class)->dispose (object);
}

static void
pit_wizard_class_init (PitWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pit_wizard_dispose;

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.undo", "s", undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
header_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
pit_wizard_init (PitWizard *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  self->cancellable = g_cancellable_new ();
  self->pages = g_ptr_array_new ();

  gtk_window_set_default_size (GTK_WINDOW (self), 760, 720);
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 294);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  /* narrow enough for 360 px: Back is an icon, closing is the title button */
  self->back_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "wizard.back");
  gtk_widget_set_tooltip_text (self->back_button, _("Previous step (Alt+Left)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
  self->skip_button = header_button (_("_Skip"), "wizard.skip", _("Leave this step’s changes out"));
  self->next_button = header_button (_("_Next"), "wizard.next", _("Next step (Alt+Right)"));
  gtk_widget_add_css_class (self->next_button, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->back_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->next_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->skip_button);
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->loading_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_title (self->loading_page, _("Reading the Virtual Machine and This Computer…"));
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_child (self->loading_page, spinner);
  gtk_stack_add_child (self->stack, GTK_WIDGET (self->loading_page));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

PitWizard *
pit_wizard_new (GtkWindow     *parent,
                PitConnection *connection,
                PitDomain     *domain)
{
  PitWizard *self = g_object_new (PIT_TYPE_WIZARD, "transient-for", parent, NULL);
  GtkWidget *(*constructors[]) (void) = {
    pit_wizard_readiness_page_new, pit_wizard_gpu_page_new, pit_wizard_display_page_new, pit_wizard_cpu_page_new,
    pit_wizard_pinning_page_new, pit_wizard_memory_page_new, pit_wizard_drivers_page_new,
    pit_wizard_network_page_new, pit_wizard_review_page_new, pit_wizard_apply_page_new,
  };
  g_autofree char *title = g_strdup_printf (_("Tune “%s”"), pit_domain_get_name (domain));

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->title, title);
  self->state = pit_wizard_state_new (connection, domain);
  g_signal_connect_object (self->state, "changed", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (constructors); i++)
    {
      GtkWidget *page = constructors[i] ();

      pit_wizard_page_set_state (PIT_WIZARD_PAGE (page), self->state);
      g_ptr_array_add (self->pages, page);
      gtk_stack_add_named (self->stack, page, pit_wizard_page_get_id (PIT_WIZARD_PAGE (page)));
      if (PIT_IS_WIZARD_APPLY_PAGE (page))
        g_signal_connect (page, "applied", G_CALLBACK (applied_cb), self);
    }
  update_header (self);
  pit_wizard_state_load_async (self->state, self->cancellable, loaded_cb, g_object_ref (self));
  return self;
}

PitWizardState *
pit_wizard_get_state (PitWizard *self)
{
  return self->state;
}

gboolean
pit_wizard_is_loaded (PitWizard *self)
{
  return self->loaded;
}

/**
 * pit_wizard_show_page:
 * @id: "readiness", a section's id (pit_wizard_section_to_id()), "review"
 *   or "apply"
 * Opens a page directly (the VM's page links here); before the state has
 * loaded, it shows once it has.
 */
void
pit_wizard_show_page (PitWizard  *self,
                      const char *id)
{
  if (!self->loaded)
    {
      g_free (self->pending_page);
      self->pending_page = g_strdup (id);
      return;
    }
  for (guint i = 0; i < self->pages->len; i++)
    if (g_strcmp0 (pit_wizard_page_get_id (g_ptr_array_index (self->pages, i)), id) == 0)
      {
        go_to (self, i);
        return;
      }
  g_warning ("No wizard page “%s”", id);
}

/**
 * pit_wizard_get_page:
 * Returns: (transfer none): the page shown
 */
PitWizardPage *
pit_wizard_get_page (PitWizard *self)
{
  return g_ptr_array_index (self->pages, self->current);
}

/**
 * pit_wizard_can_go_next:
 * Returns: whether Next is enabled (the page's input is valid)
 */
gboolean
pit_wizard_can_go_next (PitWizard *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD (self), FALSE);

  return gtk_widget_get_sensitive (self->next_button);
}

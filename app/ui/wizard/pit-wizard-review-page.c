/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-plan-target.h"
#include "pit-host-plan.h"
#include "pit-plan-facts.h"
#include "pit-wizard-pages.h"

/* Page 8: review.  Every change to the VM in words, the XML diff, and the
 * host plan (kernel parameters, modules, hugepages, bridge) for the system
 * it detected, with Copy and Save and a switch to other targets.  Nothing
 * is written to the host: the user copies it. */
struct _PitWizardReviewPage
{
  PitWizardPage parent_instance;

  PitHostPlan *host_plan;
  PitHostPlanTarget target;
  GtkTextBuffer *plan_buffer;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (PitWizardReviewPage, pit_wizard_review_page, PIT_TYPE_WIZARD_PAGE)

static const PitHostPlanTarget targets[] = {
  PIT_HOST_PLAN_TARGET_AUTO, PIT_HOST_PLAN_TARGET_NIXOS, PIT_HOST_PLAN_TARGET_GRUB,
  PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT, PIT_HOST_PLAN_TARGET_MODPROBE, PIT_HOST_PLAN_TARGET_INITRAMFS,
  PIT_HOST_PLAN_TARGET_NETWORKMANAGER, PIT_HOST_PLAN_TARGET_NETWORKD, PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK,
};

static GtkWidget *
text_view (const char *text,
           const char *accessible_name,
           int         height)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "xml-view");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  return frame;
}

static char *
render_plan (PitWizardReviewPage *self)
{
  g_autoptr(GError) error = NULL;
  char *text;

  if (self->host_plan == NULL)
    return g_strdup (_("No host facts: the host plan cannot be written for this connection."));
  text = pit_host_plan_render (self->host_plan, self->target, &error);
  return text ? text : g_strdup (error->message);
}

static void
target_selected_cb (AdwComboRow         *row,
                    GParamSpec          *pspec,
                    PitWizardReviewPage *self)
{
  g_autofree char *text = NULL;
  guint selected = adw_combo_row_get_selected (row);

  if (selected >= G_N_ELEMENTS (targets))
    return;
  self->target = targets[selected];
  text = render_plan (self);
  gtk_text_buffer_set_text (self->plan_buffer, text, -1);
}

static char *
plan_text (PitWizardReviewPage *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->plan_buffer, &start, &end);
  return gtk_text_buffer_get_text (self->plan_buffer, &start, &end, FALSE);
}

static void
copy_cb (GtkButton           *button,
         PitWizardReviewPage *self)
{
  g_autofree char *text = plan_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  gtk_button_set_label (button, _("Copied"));
}

static void
save_response_cb (GtkNativeDialog     *dialog,
                  int                  response,
                  PitWizardReviewPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *text = plan_text (self);
      g_autoptr(GError) error = NULL;

      if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
        pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), error->message);
    }
  g_clear_object (&self->chooser);
}

static void
save_cb (GtkButton           *button,
         PitWizardReviewPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Host Plan"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     self->target == PIT_HOST_PLAN_TARGET_NIXOS ? "pitstop-vfio.nix" : "pitstop-host-plan.txt");
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
build_host_plan (PitWizardReviewPage *self,
                 PitWizardState      *state)
{
  PitHostInventory *host = pit_wizard_state_get_host (state);
  g_autoptr(PitHostPlanRequest) request = pit_wizard_state_build_host_request (state);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->host_plan);
  if (host == NULL)
    return;
  self->host_plan = pit_host_plan_new (pit_plan_facts_new_from_inventory (host), request,
                                       pit_host_inventory_get_root (host), &error);
  if (self->host_plan == NULL)
    pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), error->message);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardReviewPage *self = PIT_WIZARD_REVIEW_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *plan = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *row, *frame, *buttons, *copy, *save;

  pit_wizard_page_clear (page);
  pit_wizard_page_set_error (page, NULL);

  group = pit_wizard_page_add_group (page, _("Changes to the Virtual Machine"), NULL);
  result = pit_wizard_state_preview (state, &error);
  if (result == NULL)
    {
      pit_wizard_page_add_row (group, _("These choices cannot be applied"), error->message, "dialog-error-symbolic");
      pit_wizard_page_set_error (page, error->message);
    }
  else
    {
      for (guint i = 0; i < result->descriptions->len; i++)
        pit_wizard_page_add_row (group, g_ptr_array_index (result->descriptions, i), NULL, "emblem-ok-symbolic");
      for (guint i = 0; i < result->warnings->len; i++)
        pit_wizard_page_add_row (group, _("Note"), g_ptr_array_index (result->warnings, i), "dialog-warning-symbolic");
      if (!result->changed)
        pit_wizard_page_add_row (group, _("Nothing to change"), _("Every step was skipped or is already done"), NULL);
      else
        {
          group = pit_wizard_page_add_group (page, _("Configuration Diff"), NULL);
          adw_preferences_group_add (group, text_view (result->diff, _("Configuration diff"), 240));
        }
    }

  build_host_plan (self, state);
  group = pit_wizard_page_add_group (page, _("Changes to This Computer"),
                                     _("Pitstop does not change your system: copy these lines into it, then reboot"));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    gtk_string_list_append (names, targets[i] == PIT_HOST_PLAN_TARGET_AUTO
                                     ? _("Detected for this computer")
                                     : pit_host_plan_target_to_string (targets[i]));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Written for"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (targets[i] == self->target)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  g_signal_connect (row, "notify::selected", G_CALLBACK (target_selected_cb), self);
  adw_preferences_group_add (group, row);

  plan = render_plan (self);
  frame = text_view (plan, _("Host plan"), 280);
  self->plan_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_scrolled_window_get_child (
    GTK_SCROLLED_WINDOW (gtk_frame_get_child (GTK_FRAME (frame))))));
  adw_preferences_group_add (group, frame);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  copy = gtk_button_new_with_mnemonic (_("_Copy"));
  save = gtk_button_new_with_mnemonic (_("_Save…"));
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_cb), self);
  g_signal_connect (save, "clicked", G_CALLBACK (save_cb), self);
  gtk_box_append (GTK_BOX (buttons), copy);
  gtk_box_append (GTK_BOX (buttons), save);
  adw_preferences_group_add (group, buttons);
  pit_wizard_page_place_error (page);
}

static gboolean
validate (PitWizardPage  *page,
          GError        **error)
{
  g_autoptr(PitTuneResult) result = pit_wizard_state_preview (pit_wizard_page_get_state (page), error);

  return result != NULL;
}

static void
pit_wizard_review_page_dispose (GObject *object)
{
  PitWizardReviewPage *self = PIT_WIZARD_REVIEW_PAGE (object);

  g_clear_object (&self->host_plan);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (pit_wizard_review_page_parent_class)->dispose (object);
}

static void
pit_wizard_review_page_class_init (PitWizardReviewPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pit_wizard_review_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
  PIT_WIZARD_PAGE_CLASS (klass)->validate = validate;
}

static void
pit_wizard_review_page_init (PitWizardReviewPage *self)
{
  self->target = PIT_HOST_PLAN_TARGET_AUTO;
}

GtkWidget *
pit_wizard_review_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_REVIEW_PAGE, "id", "review", "title", _("Review"), NULL);
}

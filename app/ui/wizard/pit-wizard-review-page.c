/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-plan-target.h"
#include "pit-host-plan.h"
#include "pit-plan-facts.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 8: review.  Every change to the VM in words, the XML diff, and the
 * host plan (kernel parameters, modules, hugepages, bridge) for the system
 * it detected, with Copy and Save and a switch to other targets; the
 * choice to keep the host off the VM's CPUs while it runs; and the VM's
 * hook when it needs one, of its parts: in single-GPU mode the part that
 * lends it the GPU, with the isolation the part that moves the host off its
 * CPUs.  Nothing is written to the host: the user copies it
 * (data/ui/pit-wizard-review-page.ui). */
struct _PitWizardReviewPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *changes_group;
  AdwPreferencesGroup *diff_group;
  GtkTextView *diff_view;
  AdwPreferencesGroup *plan_group;
  AdwComboRow *target_row;
  GtkTextView *plan_view;
  GtkButton *copy_button;
  AdwActionRow *isolate_row;
  GtkSwitch *isolate_switch;
  AdwPreferencesGroup *hook_group;
  GtkTextView *hook_view;
  GtkButton *hook_copy_button;

  PitWizardRowList *change_rows;
  PitHostPlan *host_plan;
  PitHostPlanTarget target;
  GtkFileChooserNative *chooser;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PitWizardReviewPage, pit_wizard_review_page, PIT_TYPE_WIZARD_PAGE)

static const PitHostPlanTarget targets[] = {
  PIT_HOST_PLAN_TARGET_AUTO, PIT_HOST_PLAN_TARGET_NIXOS, PIT_HOST_PLAN_TARGET_GRUB,
  PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT, PIT_HOST_PLAN_TARGET_MODPROBE, PIT_HOST_PLAN_TARGET_INITRAMFS,
  PIT_HOST_PLAN_TARGET_NETWORKMANAGER, PIT_HOST_PLAN_TARGET_NETWORKD, PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK,
};

/* Returns: whether the text changed */
static gboolean
set_text (GtkTextView *view,
          const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *old = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  old = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (old, text) == 0)
    return FALSE;
  gtk_text_buffer_set_text (buffer, text, -1);
  return TRUE;
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
target_selected_cb (PitWizardReviewPage *self)
{
  g_autofree char *text = NULL;
  guint selected = adw_combo_row_get_selected (self->target_row);

  if (self->updating || selected >= G_N_ELEMENTS (targets))
    return;
  self->target = targets[selected];
  text = render_plan (self);
  if (set_text (self->plan_view, text))
    gtk_button_set_label (self->copy_button, _("_Copy"));
}

static char *
plan_text (PitWizardReviewPage *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->plan_view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (self->plan_view), &start, &end, FALSE);
}

static void
copy_cb (PitWizardReviewPage *self)
{
  g_autofree char *text = plan_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  gtk_button_set_label (self->copy_button, _("Copied"));
}

static void
hook_copy_cb (PitWizardReviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hook_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  gtk_button_set_label (self->hook_copy_button, _("Copied"));
}

static void
isolate_cb (PitWizardReviewPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_isolate (state, gtk_switch_get_active (self->isolate_switch));
  /* the hook follows */
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

/* the isolation switch: what it does, or why it cannot */
static void
update_isolation (PitWizardReviewPage *self,
                  PitWizardState      *state,
                  PitTuneResult       *result)
{
  g_autofree char *refusal = pit_wizard_state_check_isolation (state, result != NULL ? result->after_xml
                                                                                    : pit_wizard_state_get_xml (state));
  gboolean active = refusal == NULL && pit_wizard_state_get_isolate (state);

  pit_wizard_page_update_row (self->isolate_row,
                              refusal != NULL ? refusal
                                              : _("A libvirt hook moves your desktop, services and interrupts to "
                                                  "the other CPUs when the VM starts, and gives every one back "
                                                  "when it stops; the host keeps all its CPUs while the VM is off"),
                              refusal != NULL ? "dialog-information-symbolic" : NULL);
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->isolate_switch)) != (refusal == NULL))
    gtk_widget_set_sensitive (GTK_WIDGET (self->isolate_switch), refusal == NULL);
  if (gtk_switch_get_active (self->isolate_switch) != active)
    gtk_switch_set_active (self->isolate_switch, active);
}

/* The VM's hook (a host plan of its own) when it has parts, else hidden */
static void
update_hook (PitWizardReviewPage *self,
             PitWizardState      *state,
             PitTuneResult       *result)
{
  PitHostInventory *host = pit_wizard_state_get_host (state);
  g_autoptr(PitHostPlanRequest) request = NULL;
  g_autoptr(PitHostPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *title, *description;

  request = pit_wizard_state_build_vm_hook_request (state, result != NULL ? result->after_xml
                                                                          : pit_wizard_state_get_xml (state));
  gtk_widget_set_visible (GTK_WIDGET (self->hook_group), request != NULL && host != NULL);
  if (request == NULL || host == NULL)
    return;
  if (request->single_gpu_vm != NULL && request->isolate_vm != NULL)
    {
      title = _("The Virtual Machine’s Hook");
      description = _("Install it as its first lines say: when this virtual machine starts it frees the host’s "
                      "only graphics card and keeps the host off the VM’s CPUs, and when it stops it gives both "
                      "back");
    }
  else if (request->single_gpu_vm != NULL)
    {
      title = _("The Single-GPU Hook");
      description = _("Install it as its first lines say: it frees the host’s only graphics card when this "
                      "virtual machine starts, and gives it back when it stops");
    }
  else
    {
      title = _("The CPU Isolation Hook");
      description = _("Install it as its first lines say: it keeps the host off the VM’s CPUs when this "
                      "virtual machine starts, and gives them back when it stops");
    }
  if (g_strcmp0 (adw_preferences_group_get_title (self->hook_group), title) != 0)
    adw_preferences_group_set_title (self->hook_group, title);
  if (g_strcmp0 (adw_preferences_group_get_description (self->hook_group), description) != 0)
    adw_preferences_group_set_description (self->hook_group, description);
  plan = pit_host_plan_new (pit_plan_facts_new_from_inventory (host), request,
                            pit_host_inventory_get_root (host), &error);
  if (plan != NULL)
    text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_AUTO, &error);
  set_text (self->hook_view, text != NULL ? text : error->message);
  if (g_strcmp0 (gtk_button_get_label (self->hook_copy_button), _("Copy the _Hook")) != 0)
    gtk_button_set_label (self->hook_copy_button, _("Copy the _Hook"));
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
save_cb (PitWizardReviewPage *self)
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
update_changes (PitWizardReviewPage *self,
                PitTuneResult       *result,
                GError              *error)
{
  g_autoptr(GString) key = g_string_new (NULL);

  if (result == NULL)
    g_string_append_printf (key, "error\n%s", error->message);
  else
    {
      g_string_append_printf (key, "%d", result->changed);
      for (guint i = 0; i < result->descriptions->len; i++)
        g_string_append_printf (key, "\nd %s", (const char *) g_ptr_array_index (result->descriptions, i));
      for (guint i = 0; i < result->warnings->len; i++)
        g_string_append_printf (key, "\nw %s", (const char *) g_ptr_array_index (result->warnings, i));
    }
  if (!pit_wizard_row_list_update (self->change_rows, key->str))
    return;

  if (result == NULL)
    {
      pit_wizard_row_list_add (self->change_rows, _("These choices cannot be applied"), error->message,
                               "dialog-error-symbolic");
      return;
    }
  for (guint i = 0; i < result->descriptions->len; i++)
    pit_wizard_row_list_add (self->change_rows, g_ptr_array_index (result->descriptions, i), NULL,
                             "emblem-ok-symbolic");
  for (guint i = 0; i < result->warnings->len; i++)
    pit_wizard_row_list_add (self->change_rows, _("Note"), g_ptr_array_index (result->warnings, i),
                             "dialog-warning-symbolic");
  if (!result->changed)
    pit_wizard_row_list_add (self->change_rows, _("Nothing to change"),
                             _("Every step was skipped or is already done"), NULL);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardReviewPage *self = PIT_WIZARD_REVIEW_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;

  self->updating = TRUE;
  pit_wizard_page_set_error (page, NULL);
  result = pit_wizard_state_preview (state, &error);
  update_changes (self, result, error);
  if (result == NULL)
    pit_wizard_page_set_error (page, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->diff_group), result != NULL && result->changed);
  if (result != NULL && result->changed)
    set_text (self->diff_view, result->diff);

  build_host_plan (self, state);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (targets[i] == self->target && adw_combo_row_get_selected (self->target_row) != i)
      adw_combo_row_set_selected (self->target_row, i);
  plan = render_plan (self);
  /* "Copied" holds while the plan is what was copied */
  update_isolation (self, state, result);
  update_hook (self, state, result);
  if (set_text (self->plan_view, plan))
    gtk_button_set_label (self->copy_button, _("_Copy"));
  self->updating = FALSE;
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
  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_REVIEW_PAGE);
  g_clear_pointer (&self->change_rows, pit_wizard_row_list_free);

  G_OBJECT_CLASS (pit_wizard_review_page_parent_class)->dispose (object);
}

static void
pit_wizard_review_page_class_init (PitWizardReviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_review_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
  PIT_WIZARD_PAGE_CLASS (klass)->validate = validate;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, changes_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, diff_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, diff_view);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, target_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, plan_view);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, isolate_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, isolate_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, hook_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, hook_view);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReviewPage, hook_copy_button);
  gtk_widget_class_bind_template_callback (widget_class, target_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_cb);
  gtk_widget_class_bind_template_callback (widget_class, hook_copy_cb);
  gtk_widget_class_bind_template_callback (widget_class, isolate_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
}

static void
pit_wizard_review_page_init (PitWizardReviewPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->target = PIT_HOST_PLAN_TARGET_AUTO;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->change_rows = pit_wizard_row_list_new (self->changes_group);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    gtk_string_list_append (names, targets[i] == PIT_HOST_PLAN_TARGET_AUTO
                                     ? _("Detected for this computer")
                                     : pit_host_plan_target_to_string (targets[i]));
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (names));
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->plan_group));
}

GtkWidget *
pit_wizard_review_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_REVIEW_PAGE, "id", "review", "title", _("Review"), NULL);
}

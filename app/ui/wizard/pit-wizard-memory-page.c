/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-format.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"

/* Page 5: memory.  The guest's memory, the hugepage size, the pages it needs
 * against those free on the host, and — when the pool is too small — the
 * host-plan item that reserves them (shown in full on the review page);
 * data/ui/pit-wizard-memory-page.ui. */
struct _PitWizardMemoryPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *memory_group;
  AdwActionRow *memory_row;
  AdwComboRow *size_row;
  AdwActionRow *pages_row;
  AdwPreferencesGroup *plan_group;
  AdwActionRow *pool_row;

  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PitWizardMemoryPage, pit_wizard_memory_page, PIT_TYPE_WIZARD_PAGE)

/* the size_row's choices, in the template's order */
static const guint64 sizes[] = { 0, 2048, 1024 * 1024 };

static void
size_selected_cb (PitWizardMemoryPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (self->size_row);

  if (self->updating || state == NULL || selected >= G_N_ELEMENTS (sizes)
      || sizes[selected] == pit_wizard_state_get_hugepage_kib (state))
    return;
  pit_wizard_state_set_hugepage_kib (state, sizes[selected]);
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

static void
refresh (PitWizardPage *page)
{
  PitWizardMemoryPage *self = PIT_WIZARD_MEMORY_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitDomainSummary *summary = pit_wizard_state_get_summary (state);
  guint64 size = pit_wizard_state_get_hugepage_kib (state);
  g_autofree char *memory = pit_format_memory_kib (summary->memory_kib);
  gint64 needed = pit_wizard_state_get_hugepages_needed (state);
  gint64 free_pages = size > 0 ? pit_wizard_state_get_hugepages_free (state, size) : -1;
  g_autofree char *pages = NULL;

  self->updating = TRUE;
  pit_wizard_page_update_row (self->memory_row, memory, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (sizes[i] == size && adw_combo_row_get_selected (self->size_row) != i)
      adw_combo_row_set_selected (self->size_row, i);

  gtk_widget_set_visible (GTK_WIDGET (self->pages_row), size > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_group), size > 0 && free_pages >= 0 && free_pages < needed);
  if (size > 0)
    {
      if (free_pages < 0)
        pages = g_strdup_printf (_("Needs %lld; the host’s free pages are unknown (libvirt checks "
                                   "when the VM starts)"), (long long) needed);
      else
        /* TRANSLATORS: e.g. "Needs 16, 24 free on the host" */
        pages = g_strdup_printf (_("Needs %lld, %lld free on the host"), (long long) needed, (long long) free_pages);
      pit_wizard_page_update_row (self->pages_row, pages,
                                  free_pages >= needed ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
    }
  if (size > 0 && free_pages >= 0 && free_pages < needed)
    {
      g_autofree char *item = g_strdup_printf (
        _("Reserve %lld pages of %s at boot (hugepagesz=%s hugepages=%lld), then "
          "reboot the host. The review page writes the exact lines for your system."),
        (long long) needed, size == 2048 ? _("2 MiB") : _("1 GiB"), size == 2048 ? "2M" : "1G", (long long) needed);

      pit_wizard_page_update_row (self->pool_row, item, "dialog-information-symbolic");
    }
  self->updating = FALSE;
}

static gboolean
validate (PitWizardPage  *page,
          GError        **error)
{
  PitWizardState *state = pit_wizard_page_get_state (page);
  gint64 needed = pit_wizard_state_get_hugepages_needed (state);
  gint64 free_pages = pit_wizard_state_get_hugepages_free (state, pit_wizard_state_get_hugepage_kib (state));

  /* a pool too small is the host plan's job, not a reason to stop here: the
   * engine refuses to define it until the pages are there, so say so */
  if (pit_wizard_state_get_enabled (state, PIT_WIZARD_SECTION_MEMORY) && free_pages >= 0 && free_pages < needed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The host has %lld free pages of this size, the guest needs %lld: "
                     "reserve them first (see the host plan on the review page), or skip this step for now"),
                   (long long) free_pages, (long long) needed);
      return FALSE;
    }
  return PIT_WIZARD_PAGE_CLASS (pit_wizard_memory_page_parent_class)->validate (page, error);
}

static void
pit_wizard_memory_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PIT_TYPE_WIZARD_MEMORY_PAGE);

  G_OBJECT_CLASS (pit_wizard_memory_page_parent_class)->dispose (object);
}

static void
pit_wizard_memory_page_class_init (PitWizardMemoryPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_memory_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
  PIT_WIZARD_PAGE_CLASS (klass)->validate = validate;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-memory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardMemoryPage, memory_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardMemoryPage, memory_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardMemoryPage, size_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardMemoryPage, pages_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardMemoryPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardMemoryPage, pool_row);
  gtk_widget_class_bind_template_callback (widget_class, size_selected_cb);
}

static void
pit_wizard_memory_page_init (PitWizardMemoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->memory_group));
}

GtkWidget *
pit_wizard_memory_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_MEMORY_PAGE, "section", PIT_WIZARD_SECTION_MEMORY, NULL);
}

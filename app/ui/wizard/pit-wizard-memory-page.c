/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-format.h"
#include "pit-wizard-pages.h"

/* Page 5: memory.  The guest's memory, the hugepage size, the pages it needs
 * against those free on the host, and — when the pool is too small — the
 * host-plan item that reserves them (shown in full on the review page). */
struct _PitWizardMemoryPage
{
  PitWizardPage parent_instance;
};

G_DEFINE_FINAL_TYPE (PitWizardMemoryPage, pit_wizard_memory_page, PIT_TYPE_WIZARD_PAGE)

static const guint64 sizes[] = { 0, 2048, 1024 * 1024 };

static void
size_selected_cb (AdwComboRow         *row,
                  GParamSpec          *pspec,
                  PitWizardMemoryPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (row);

  if (selected >= G_N_ELEMENTS (sizes) || sizes[selected] == pit_wizard_state_get_hugepage_kib (state))
    return;
  pit_wizard_state_set_hugepage_kib (state, sizes[selected]);
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

static void
refresh (PitWizardPage *page)
{
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitDomainSummary *summary = pit_wizard_state_get_summary (state);
  guint64 size = pit_wizard_state_get_hugepage_kib (state);
  g_autofree char *memory = pit_format_memory_kib (summary->memory_kib);
  const char *names[] = { _("None (normal 4 KiB pages)"), _("2 MiB"), _("1 GiB"), NULL };
  AdwPreferencesGroup *group;
  GtkWidget *combo;

  pit_wizard_page_clear (page);
  group = pit_wizard_page_add_group (page, _("Memory"),
                                     _("Hugepages keep the guest’s memory in large pages that are reserved for it: "
                                       "fewer TLB misses, and the host never swaps them out"));
  pit_wizard_page_add_row (group, _("Guest memory"), memory, NULL);

  combo = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Hugepage size"));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (gtk_string_list_new (names)));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (sizes[i] == size)
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (size_selected_cb), page);
  adw_preferences_group_add (group, combo);

  if (size > 0)
    {
      gint64 needed = pit_wizard_state_get_hugepages_needed (state);
      gint64 free_pages = pit_wizard_state_get_hugepages_free (state, size);
      g_autofree char *pages = NULL;

      if (free_pages < 0)
        pages = g_strdup_printf (_("Needs %lld; the host’s free pages are unknown (libvirt checks "
                                   "when the VM starts)"), (long long) needed);
      else
        /* TRANSLATORS: e.g. "Needs 16, 24 free on the host" */
        pages = g_strdup_printf (_("Needs %lld, %lld free on the host"), (long long) needed, (long long) free_pages);
      pit_wizard_page_add_row (group, _("Pages"), pages,
                               free_pages >= needed ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
      pit_wizard_page_place_error (page);

      if (free_pages >= 0 && free_pages < needed)
        {
          g_autofree char *item = g_strdup_printf (
            _("Reserve %lld pages of %s at boot (hugepagesz=%s hugepages=%lld), then "
              "reboot the host. The review page writes the exact lines for your system."),
            (long long) needed, names[size == 2048 ? 1 : 2], size == 2048 ? "2M" : "1G", (long long) needed);

          group = pit_wizard_page_add_group (page, _("Host Plan"), NULL);
          pit_wizard_page_add_row (group, _("The host’s pool is too small"), item, "dialog-information-symbolic");
        }
    }
  else
    pit_wizard_page_place_error (page);
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
pit_wizard_memory_page_class_init (PitWizardMemoryPageClass *klass)
{
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
  PIT_WIZARD_PAGE_CLASS (klass)->validate = validate;
}

static void
pit_wizard_memory_page_init (PitWizardMemoryPage *self)
{
}

GtkWidget *
pit_wizard_memory_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_MEMORY_PAGE, "id", "memory", "title", _("Memory"),
                       "section", PIT_WIZARD_SECTION_MEMORY, NULL);
}

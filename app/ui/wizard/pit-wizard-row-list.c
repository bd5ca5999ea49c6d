/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include "pit-wizard-page.h"
#include "pit-wizard-row-list.h"

/* The rows of a wizard page that come from data (the host's GPUs, the
 * devices of an IOMMU group, the history), at the end of one group of the
 * page's template.  update() says whether the data changed since the rows
 * were made — the caller describes its data as a key — and only then takes
 * the old rows away; the rest of the page, and the focus, stay. */
struct _PitWizardRowList
{
  AdwPreferencesGroup *group;   /* the template's: not owned */
  GPtrArray *rows;
  char *key;
};

/**
 * pit_wizard_row_list_new:
 * @group: the group the rows go to (they come after its template rows)
 */
PitWizardRowList *
pit_wizard_row_list_new (AdwPreferencesGroup *group)
{
  PitWizardRowList *self = g_new0 (PitWizardRowList, 1);

  self->group = group;
  self->rows = g_ptr_array_new ();
  return self;
}

void
pit_wizard_row_list_free (PitWizardRowList *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_free (self->key);
  g_free (self);
}

/**
 * pit_wizard_row_list_update:
 * @key: what the rows show, in one string
 * Returns: %TRUE when @key differs from the rows' (they are gone then: add
 *   the new ones), %FALSE when the rows already show it
 */
gboolean
pit_wizard_row_list_update (PitWizardRowList *self,
                            const char       *key)
{
  if (self->key != NULL && g_strcmp0 (self->key, key) == 0)
    return FALSE;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_free (self->key);
  self->key = g_strdup (key);
  return TRUE;
}

/**
 * pit_wizard_row_list_add:
 * Returns: (transfer none): a new #AdwActionRow at the end of the group
 */
GtkWidget *
pit_wizard_row_list_add (PitWizardRowList *self,
                         const char       *title,
                         const char       *subtitle,
                         const char       *icon_name)
{
  GtkWidget *row = pit_wizard_page_add_row (self->group, title, subtitle, icon_name);

  g_ptr_array_add (self->rows, row);
  return row;
}

GtkWidget *
pit_wizard_row_list_get_row (PitWizardRowList *self,
                             guint             index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);

  return g_ptr_array_index (self->rows, index);
}

guint
pit_wizard_row_list_get_n_rows (PitWizardRowList *self)
{
  return self->rows->len;
}

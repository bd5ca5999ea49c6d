/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <string.h>

#include "pit-host-boot.h"
#include "pit-kernel-cmdline.h"

/**
 * pit_kernel_cmdline_split:
 * Splits at blanks outside double quotes, as the kernel does (the host
 * inventory's splitter, so both read command lines alike).
 * Returns: (transfer full): the parameters
 */
char **
pit_kernel_cmdline_split (const char *cmdline)
{
  return pit_host_split_cmdline (cmdline);
}

/**
 * pit_kernel_cmdline_key:
 * Returns: the name of @param with "-" as "_", as the kernel compares them
 */
char *
pit_kernel_cmdline_key (const char *param)
{
  const char *eq = strchr (param, '=');
  char *key = eq != NULL ? g_strndup (param, eq - param) : g_strdup (param);

  return g_strdelimit (key, "-", '_');
}

/**
 * pit_kernel_cmdline_lookup:
 * Returns: (nullable): the last parameter named @key (the one that counts)
 */
const char *
pit_kernel_cmdline_lookup (const char * const *params,
                           const char         *key)
{
  g_autofree char *want = g_strdelimit (g_strdup (key), "-", '_');
  const char *found = NULL;

  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    {
      g_autofree char *have = pit_kernel_cmdline_key (params[i]);

      if (g_str_equal (have, want))
        found = params[i];
    }
  return found;
}

/**
 * pit_kernel_cmdline_same:
 * Returns: whether @a and @b set the same parameter to the same value
 *   ("vfio_pci.ids=…" is "vfio-pci.ids=…")
 */
gboolean
pit_kernel_cmdline_same (const char *a,
                         const char *b)
{
  g_autofree char *key_a = pit_kernel_cmdline_key (a);
  g_autofree char *key_b = pit_kernel_cmdline_key (b);
  const char *value_a = strchr (a, '=');
  const char *value_b = strchr (b, '=');

  return g_str_equal (key_a, key_b) && g_strcmp0 (value_a, value_b) == 0;
}

/* hugepagesz= and hugepages= pair up by position: they are merged as one
 * group, never one by one. */
gboolean
pit_kernel_cmdline_is_hugepage_key (const char *key)
{
  return g_str_equal (key, "hugepagesz") || g_str_equal (key, "hugepages")
         || g_str_equal (key, "default_hugepagesz");
}

static gboolean
is_hugepage_param (const char *param)
{
  g_autofree char *key = pit_kernel_cmdline_key (param);

  return pit_kernel_cmdline_is_hugepage_key (key);
}

static void
add_edit (GPtrArray        *edits,
          PitCmdlineChange  change,
          const char       *param,
          const char       *old)
{
  PitCmdlineEdit *edit = g_new0 (PitCmdlineEdit, 1);

  edit->change = change;
  edit->param = g_strdup (param);
  edit->old = g_strdup (old);
  g_ptr_array_add (edits, edit);
}

void
pit_cmdline_edit_free (PitCmdlineEdit *edit)
{
  g_free (edit->param);
  g_free (edit->old);
  g_free (edit);
}

static gboolean
same_hugepage_group (const char * const *existing,
                     const char * const *planned)
{
  guint i = 0, j = 0;

  for (;;)
    {
      while (existing[i] != NULL && !is_hugepage_param (existing[i]))
        i++;
      while (planned[j] != NULL && !is_hugepage_param (planned[j]))
        j++;
      if (existing[i] == NULL || planned[j] == NULL)
        return existing[i] == NULL && planned[j] == NULL;
      if (!g_str_equal (existing[i], planned[j]))
        return FALSE;
      i++, j++;
    }
}

/**
 * pit_kernel_cmdline_merge:
 * @edits: (out) (optional): PitCmdlineEdit, one per planned parameter and
 *   per old hugepage setting removed
 * Keeps every existing parameter, in order; a planned parameter whose name
 * is there with another value replaces it in place; the others are appended
 * in planned order.  Duplicates of planned names are dropped.  The hugepage
 * parameters are one group: kept when identical, else the old ones go and
 * the planned ones are appended.
 * Returns: (transfer full): the merged parameters
 */
char **
pit_kernel_cmdline_merge (const char * const  *existing,
                          const char * const  *planned,
                          GPtrArray          **edits)
{
  g_autoptr(GStrvBuilder) result = g_strv_builder_new ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_cmdline_edit_free);
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean planned_hugepages = FALSE;
  gboolean keep_hugepages;

  for (guint j = 0; planned[j] != NULL; j++)
    planned_hugepages |= is_hugepage_param (planned[j]);
  keep_hugepages = !planned_hugepages || same_hugepage_group (existing, planned);

  for (guint i = 0; existing[i] != NULL; i++)
    {
      g_autofree char *key = pit_kernel_cmdline_key (existing[i]);
      const char *want = NULL;

      if (pit_kernel_cmdline_is_hugepage_key (key))
        {
          if (keep_hugepages)
            g_strv_builder_add (result, existing[i]);
          else if (!g_strv_contains (planned, existing[i]))
            add_edit (changes, PIT_CMDLINE_REMOVED, NULL, existing[i]);
          continue;
        }
      if (g_hash_table_contains (done, key))
        continue;  /* a duplicate of a planned parameter */
      want = pit_kernel_cmdline_lookup (planned, key);
      if (want == NULL)
        {
          g_strv_builder_add (result, existing[i]);
          continue;
        }
      g_strv_builder_add (result, want);
      if (pit_kernel_cmdline_same (want, existing[i]))
        add_edit (changes, PIT_CMDLINE_KEPT, want, NULL);
      else
        add_edit (changes, PIT_CMDLINE_REPLACED, want, existing[i]);
      g_hash_table_add (done, g_steal_pointer (&key));
    }

  for (guint j = 0; planned[j] != NULL; j++)
    {
      g_autofree char *key = pit_kernel_cmdline_key (planned[j]);

      if (pit_kernel_cmdline_is_hugepage_key (key))
        {
          if (!keep_hugepages)
            g_strv_builder_add (result, planned[j]);
          /* moved to the end with its group, but there already */
          add_edit (changes, keep_hugepages || g_strv_contains (existing, planned[j])
                                 ? PIT_CMDLINE_KEPT : PIT_CMDLINE_ADDED, planned[j], NULL);
          continue;
        }
      if (g_hash_table_contains (done, key))
        continue;
      g_strv_builder_add (result, planned[j]);
      add_edit (changes, PIT_CMDLINE_ADDED, planned[j], NULL);
      g_hash_table_add (done, g_steal_pointer (&key));
    }

  if (edits != NULL)
    *edits = g_steal_pointer (&changes);
  return g_strv_builder_end (result);
}

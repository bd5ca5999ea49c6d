/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <string.h>

#include "pit-host-plan-private.h"
#include "pit-kernel-cmdline.h"

/* The boot loader targets: GRUB (/etc/default/grub) and systemd-boot
 * (/etc/kernel/cmdline, kernelstub, loader entries). */

/* The value of the last "NAME=…" assignment in a shell-style file, between
 * its quotes but otherwise as written (escapes kept, so it can be written
 * back between the same quotes); @quote gets the quote character or 0 */
static char *
shell_value_quoted (const char *contents,
                    const char *name,
                    char       *quote)
{
  g_auto(GStrv) lines = g_strsplit (contents != NULL ? contents : "", "\n", -1);
  char *value = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i] + strspn (lines[i], " \t");
      gsize len = strlen (name);
      const char *end;

      if (g_str_has_prefix (p, "export "))
        p += strlen ("export ");
      if (strncmp (p, name, len) != 0 || p[len] != '=')
        continue;
      p += len + 1;
      *quote = 0;
      if (*p == '"' || *p == '\'')
        {
          *quote = *p;
          end = strchr (p + 1, *p);
          while (end != NULL && *p == '"' && end[-1] == '\\')
            end = strchr (end + 1, '"');
          if (end == NULL)
            end = p + strlen (p);
          p++;
        }
      else
        end = p + strcspn (p, " \t#");
      g_free (value);
      value = g_strndup (p, end - p);
    }
  return value;
}

static char *
shell_value (const char *contents,
             const char *name)
{
  char quote;

  return shell_value_quoted (contents, name, &quote);
}

static char *
find_param_why (PitHostPlan *self,
                const char  *param)
{
  for (guint i = 0; i < self->params->len; i++)
    {
      PitPlanParam *p = g_ptr_array_index (self->params, i);

      if (g_str_equal (p->param, param))
        return p->why;
    }
  return "";
}

static void
explain_edit (PitHostPlan    *self,
              GString        *out,
              PitCmdlineEdit *edit,
              const char     *where)
{
  switch (edit->change)
    {
    case PIT_CMDLINE_KEPT:
      _pit_plan_comment (out, "", "%s (already %s): %s", edit->param, where,
                         find_param_why (self, edit->param));
      break;
    case PIT_CMDLINE_ADDED:
      _pit_plan_comment (out, "", "%s (added): %s", edit->param, find_param_why (self, edit->param));
      break;
    case PIT_CMDLINE_REPLACED:
      _pit_plan_comment (out, "", "%s (replaces %s): %s", edit->param, edit->old,
                         find_param_why (self, edit->param));
      break;
    case PIT_CMDLINE_REMOVED:
      _pit_plan_comment (out, "", "%s (removed): the hugepage settings of this plan replace it.",
                         edit->old);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* One comment per planned parameter, in the plan's order, then one per old
 * hugepage setting removed */
static void
explain_edits (PitHostPlan *self,
               GString     *out,
               GPtrArray   *edits,
               const char  *where)
{
  for (guint i = 0; i < self->params->len; i++)
    {
      PitPlanParam *param = g_ptr_array_index (self->params, i);

      for (guint j = 0; j < edits->len; j++)
        {
          PitCmdlineEdit *edit = g_ptr_array_index (edits, j);

          if (g_strcmp0 (edit->param, param->param) == 0)
            explain_edit (self, out, edit, where);
        }
    }
  for (guint j = 0; j < edits->len; j++)
    {
      PitCmdlineEdit *edit = g_ptr_array_index (edits, j);

      if (edit->change == PIT_CMDLINE_REMOVED)
        explain_edit (self, out, edit, where);
    }
}

static char *
join_kept (const char * const *existing,
           GPtrArray          *edits)
{
  g_autoptr(GString) kept = g_string_new (NULL);

  for (guint i = 0; existing[i] != NULL; i++)
    {
      gboolean planned = FALSE;

      for (guint j = 0; j < edits->len && !planned; j++)
        {
          PitCmdlineEdit *edit = g_ptr_array_index (edits, j);

          planned = g_strcmp0 (edit->param, existing[i]) == 0 || g_strcmp0 (edit->old, existing[i]) == 0;
        }
      if (!planned)
        g_string_append_printf (kept, "%s%s", kept->len > 0 ? " " : "", existing[i]);
    }
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

static const char *
grub_mkconfig (PitHostPlan *self)
{
  const PitPlanFacts *facts = self->facts;

  if (pit_plan_facts_is_like (facts, "debian") || pit_plan_facts_is_like (facts, "ubuntu"))
    return "update-grub";
  if (pit_plan_facts_is_like (facts, "fedora") || pit_plan_facts_is_like (facts, "rhel")
      || pit_plan_facts_is_like (facts, "suse"))
    return "grub2-mkconfig -o /boot/grub2/grub.cfg";
  return "grub-mkconfig -o /boot/grub/grub.cfg";
}

/* Planned parameters GRUB_CMDLINE_LINUX already has are left out */
static char **
planned_for_default (PitHostPlan         *self,
                     const char * const  *linux_params,
                     GString             *out)
{
  g_autoptr(GStrvBuilder) planned = g_strv_builder_new ();
  g_auto(GStrv) all = pit_host_plan_get_kernel_params (self);

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autofree char *key = pit_kernel_cmdline_key (all[i]);
      const char *there = pit_kernel_cmdline_lookup (linux_params, key);

      if (there != NULL && g_str_equal (there, all[i]) && !pit_kernel_cmdline_is_hugepage_key (key))
        {
          _pit_plan_comment (out, "", "%s is in GRUB_CMDLINE_LINUX already: %s", all[i],
                             find_param_why (self, all[i]));
          continue;
        }
      if (there != NULL && !g_str_equal (there, all[i]))
        _pit_plan_comment (out, "", "GRUB_CMDLINE_LINUX has %s: the %s below comes later on the "
                           "command line and wins, but better remove %s there.", there, all[i], there);
      g_strv_builder_add (planned, all[i]);
    }
  return g_strv_builder_end (planned);
}

gboolean
_pit_plan_render_grub (PitHostPlan  *self,
                       GString      *out,
                       GError      **error)
{
  g_autofree char *contents = _pit_plan_read_file (self, "etc/default/grub");
  char quote = '"';
  g_autofree char *current = shell_value_quoted (contents, "GRUB_CMDLINE_LINUX_DEFAULT", &quote);
  g_autofree char *linux_value = shell_value (contents, "GRUB_CMDLINE_LINUX");
  g_autofree char *bls = shell_value (contents, "GRUB_ENABLE_BLSCFG");
  g_auto(GStrv) existing = pit_kernel_cmdline_split (current);
  g_auto(GStrv) linux_params = pit_kernel_cmdline_split (linux_value);
  g_auto(GStrv) planned = NULL;
  g_auto(GStrv) merged = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *joined = NULL;

  if (self->params->len == 0)
    return TRUE;

  _pit_plan_section (out, "/etc/default/grub");
  if (contents == NULL)
    _pit_plan_comment (out, "", "Pitstop could not read /etc/default/grub: the line below has only "
                       "the plan's parameters; add your own to it.");
  else if (current == NULL)
    _pit_plan_comment (out, "", "/etc/default/grub has no GRUB_CMDLINE_LINUX_DEFAULT line yet: "
                       "add the one below.");
  else
    _pit_plan_comment (out, "", "Replace the GRUB_CMDLINE_LINUX_DEFAULT line of /etc/default/grub "
                       "with the one below.");

  planned = planned_for_default (self, (const char * const *) linux_params, out);
  merged = pit_kernel_cmdline_merge ((const char * const *) existing,
                                     (const char * const *) planned, &edits);
  kept = join_kept ((const char * const *) existing, edits);
  if (*kept != '\0')
    _pit_plan_comment (out, "", "Kept as they are: %s.", kept);
  explain_edits (self, out, edits, "there");

  /* the user's parameters go back as written, between the quotes they had */
  joined = g_strjoinv (" ", merged);
  if (quote == 0)
    quote = '"';
  _pit_plan_line (out, "GRUB_CMDLINE_LINUX_DEFAULT=%c%s%c", quote, joined, quote);

  _pit_plan_section (out, "then run as root");
  if (g_strcmp0 (bls, "true") == 0)
    {
      g_autoptr(GString) removed = g_string_new (NULL);
      g_autofree char *args = g_strjoinv (" ", planned);
      g_autofree char *quoted_args = g_shell_quote (args);

      for (guint i = 0; i < edits->len; i++)
        {
          PitCmdlineEdit *edit = g_ptr_array_index (edits, i);

          if (edit->old != NULL)
            g_string_append_printf (removed, "%s%s", removed->len > 0 ? " " : "", edit->old);
        }
      if (removed->len > 0)
        {
          g_autofree char *quoted = g_shell_quote (removed->str);

          _pit_plan_comment (out, "", "This system boots from BLS entries, which keep their own "
                             "options: take the old values out of them.");
          _pit_plan_line (out, "grubby --update-kernel=ALL --remove-args=%s", quoted);
        }
      _pit_plan_comment (out, "", "Put the parameters into the BLS entries of the installed kernels "
                         "(/etc/default/grub is for kernels installed later).");
      _pit_plan_line (out, "grubby --update-kernel=ALL --args=%s", quoted_args);
    }
  _pit_plan_comment (out, "", "Regenerate GRUB's configuration from /etc/default/grub.");
  _pit_plan_line (out, "%s", grub_mkconfig (self));
  return TRUE;
}

static gboolean
boot_only_param (const char *param)
{
  return g_str_has_prefix (param, "BOOT_IMAGE=") || g_str_has_prefix (param, "initrd=");
}

static gboolean
render_kernelstub (PitHostPlan  *self,
                   GString      *out,
                   GError      **error)
{
  g_auto(GStrv) existing = pit_kernel_cmdline_split (self->facts->cmdline);
  g_auto(GStrv) planned = pit_host_plan_get_kernel_params (self);
  g_auto(GStrv) merged = NULL;
  g_autoptr(GPtrArray) edits = NULL;

  _pit_plan_section (out, "kernelstub, run as root");
  _pit_plan_comment (out, "", "kernelstub keeps the kernel options of this system's boot entry "
                     "(/etc/kernelstub/configuration); these commands change them.");
  merged = pit_kernel_cmdline_merge ((const char * const *) existing,
                                     (const char * const *) planned, &edits);
  for (guint i = 0; i < edits->len; i++)
    {
      PitCmdlineEdit *edit = g_ptr_array_index (edits, i);
      g_autofree char *param = edit->param != NULL ? g_shell_quote (edit->param) : NULL;
      g_autofree char *old = edit->old != NULL ? g_shell_quote (edit->old) : NULL;

      switch (edit->change)
        {
        case PIT_CMDLINE_KEPT:
          _pit_plan_comment (out, "", "%s is on the command line already: %s", edit->param,
                             find_param_why (self, edit->param));
          break;
        case PIT_CMDLINE_ADDED:
          _pit_plan_comment (out, "", "%s", find_param_why (self, edit->param));
          _pit_plan_line (out, "kernelstub --add-options %s", param);
          break;
        case PIT_CMDLINE_REPLACED:
          _pit_plan_comment (out, "", "Take out %s, which %s replaces.", edit->old, edit->param);
          _pit_plan_line (out, "kernelstub --delete-options %s", old);
          _pit_plan_comment (out, "", "%s", find_param_why (self, edit->param));
          _pit_plan_line (out, "kernelstub --add-options %s", param);
          break;
        case PIT_CMDLINE_REMOVED:
          _pit_plan_comment (out, "", "Take out %s: the hugepage settings of this plan replace it.",
                             edit->old);
          _pit_plan_line (out, "kernelstub --delete-options %s", old);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

static const char * const loader_dirs[] = { "boot/loader", "efi/loader", "boot/efi/loader", NULL };

/* One systemd-boot entry: its "options" lines become one merged line */
static void
render_loader_entry (PitHostPlan *self,
                     GString     *out,
                     const char  *path,
                     const char  *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents != NULL ? contents : "", "\n", -1);
  g_autoptr(GString) options = g_string_new (NULL);
  g_auto(GStrv) existing = NULL;
  g_auto(GStrv) planned = pit_host_plan_get_kernel_params (self);
  g_auto(GStrv) merged = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autofree char *title = g_strconcat ("/", path, NULL);
  g_autofree char *kept = NULL;
  g_autofree char *joined = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i] + strspn (lines[i], " \t");

      if (g_str_has_prefix (line, "options") && g_ascii_isspace (line[strlen ("options")]))
        g_string_append_printf (options, " %s", line + strlen ("options"));
    }
  existing = pit_kernel_cmdline_split (options->str);
  merged = pit_kernel_cmdline_merge ((const char * const *) existing,
                                     (const char * const *) planned, &edits);

  _pit_plan_section (out, title);
  _pit_plan_comment (out, "", "systemd-boot reads the kernel command line from the options line of "
                     "this entry: replace its options line(s) with the one below.");
  kept = join_kept ((const char * const *) existing, edits);
  if (*kept != '\0')
    _pit_plan_comment (out, "", "Kept as they are: %s.", kept);
  explain_edits (self, out, edits, "there");
  joined = g_strjoinv (" ", merged);
  _pit_plan_line (out, "options %s", joined);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* systemd-boot without /etc/kernel/cmdline: the entries on the ESP */
static gboolean
render_loader_entries (PitHostPlan *self,
                       GString     *out)
{
  for (guint d = 0; loader_dirs[d] != NULL; d++)
    {
      g_autofree char *entries_dir = g_build_filename (loader_dirs[d], "entries", NULL);
      g_autofree char *full = g_build_filename (self->root != NULL ? self->root : "/", entries_dir, NULL);
      g_autoptr(GDir) dir = g_dir_open (full, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".conf"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (entries_dir, g_ptr_array_index (names, i), NULL);
          g_autofree char *contents = _pit_plan_read_file (self, path);

          render_loader_entry (self, out, path, contents);
        }
      if (names->len > 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
loader_dir (PitHostPlan *self)
{
  for (guint d = 0; loader_dirs[d] != NULL; d++)
    {
      g_autofree char *conf = g_build_filename (loader_dirs[d], "loader.conf", NULL);

      if (_pit_plan_file_exists (self, conf))
        return loader_dirs[d];
    }
  return "boot/loader";
}

gboolean
_pit_plan_render_systemd_boot (PitHostPlan  *self,
                               GString      *out,
                               GError      **error)
{
  g_autofree char *file = NULL;
  g_autoptr(GStrvBuilder) base = g_strv_builder_new ();
  g_auto(GStrv) live = NULL;
  g_auto(GStrv) existing = NULL;
  g_auto(GStrv) planned = NULL;
  g_auto(GStrv) merged = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *quoted = NULL;
  gboolean uki;

  if (self->params->len == 0)
    return TRUE;
  if (self->facts->kernelstub)
    return render_kernelstub (self, out, error);

  file = _pit_plan_read_file (self, "etc/kernel/cmdline");
  /* without /etc/kernel/cmdline, the entries on the ESP hold the options */
  if (file == NULL && render_loader_entries (self, out))
    return TRUE;

  live = pit_kernel_cmdline_split (file != NULL ? file : self->facts->cmdline);
  for (guint i = 0; live[i] != NULL; i++)
    if (!boot_only_param (live[i]))
      g_strv_builder_add (base, live[i]);
  existing = g_strv_builder_end (base);
  planned = pit_host_plan_get_kernel_params (self);
  merged = pit_kernel_cmdline_merge ((const char * const *) existing,
                                     (const char * const *) planned, &edits);
  kept = join_kept ((const char * const *) existing, edits);
  joined = g_strjoinv (" ", merged);
  /* Arch writes /etc/kernel/cmdline only for unified kernel images */
  uki = file != NULL || !pit_plan_facts_is_like (self->facts, "arch");

  if (!uki)
    {
      g_autofree char *title = g_strdup_printf ("/%s/entries/*.conf", loader_dir (self));

      _pit_plan_section (out, title);
      _pit_plan_comment (out, "", "systemd-boot reads the kernel command line from the options line "
                         "of each entry in /%s/entries/: replace it with the one below, which starts "
                         "from the running kernel's command line.", loader_dir (self));
      if (*kept != '\0')
        _pit_plan_comment (out, "", "Kept as they are: %s.", kept);
      explain_edits (self, out, edits, "there");
      _pit_plan_line (out, "options %s", joined);
      return TRUE;
    }

  _pit_plan_section (out, "/etc/kernel/cmdline");
  _pit_plan_comment (out, "", "systemd-boot: kernel-install copies the one line of "
                     "/etc/kernel/cmdline into every boot entry. The file takes no comments, so "
                     "the command below writes it.");
  if (file == NULL)
    _pit_plan_comment (out, "", "There is no /etc/kernel/cmdline yet: the line starts from the "
                       "running kernel's command line.");
  if (*kept != '\0')
    _pit_plan_comment (out, "", "Kept as they are: %s.", kept);
  explain_edits (self, out, edits, "there");

  quoted = g_shell_quote (joined);
  _pit_plan_section (out, "then run as root");
  _pit_plan_comment (out, "", "Write the new command line.");
  _pit_plan_line (out, "printf '%%s\\n' %s > /etc/kernel/cmdline", quoted);
  if (pit_plan_facts_is_like (self->facts, "arch"))
    {
      _pit_plan_comment (out, "", "Rebuild the unified kernel images, which carry the command line.");
      _pit_plan_line (out, "mkinitcpio -P");
    }
  else
    {
      _pit_plan_comment (out, "", "Rewrite the boot entry of the running kernel with the new line.");
      _pit_plan_line (out, "kernel-install add \"$(uname -r)\" \"/lib/modules/$(uname -r)/vmlinuz\"");
    }
  return TRUE;
}

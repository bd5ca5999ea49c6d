/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"

/* The module targets: /etc/modprobe.d/vfio.conf and the initramfs tool's
 * own file (initramfs-tools, dracut, mkinitcpio). */

static gboolean
need_devices (PitHostPlan  *self,
              GError      **error)
{
  if (self->devices->len > 0)
    return TRUE;
  g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("The module settings are for a GPU to pass through: choose one with --gpu"));
  return FALSE;
}

gboolean
_pit_plan_render_modprobe (PitHostPlan  *self,
                           GString      *out,
                           GError      **error)
{
  g_autofree char *conf = NULL;

  if (!need_devices (self, error))
    return FALSE;

  conf = _pit_plan_modprobe_conf (self, "", TRUE);
  _pit_plan_section (out, "/etc/modprobe.d/vfio.conf");
  g_string_append (out, conf);
  if (self->udev_rules != NULL)
    {
      _pit_plan_section (out, "/etc/udev/rules.d/99-vendor-reset.rules");
      _pit_plan_comment (out, "", "Let the kernel reset the card through vendor-reset (Linux 5.15 and "
                         "newer need reset_method set to device_specific for that).");
      g_string_append (out, self->udev_rules);
    }
  return TRUE;
}

static const char *
module_why (const char *module)
{
  if (g_str_equal (module, "vfio_pci"))
    return "vfio-pci, the driver that holds the devices for the VM.";
  if (g_str_equal (module, "vfio"))
    return "The VFIO core that QEMU talks to.";
  if (g_str_equal (module, "vfio_iommu_type1"))
    return "The VFIO backend for the x86 IOMMU.";
  if (g_str_equal (module, "vendor_reset"))
    return "vendor-reset, which resets the AMD card the kernel cannot; before vfio-pci.";
  if (g_str_equal (module, "vfio_virqfd"))
    return "VFIO interrupt forwarding, a module of its own before Linux 6.2.";
  return "A VFIO helper module.";
}

static gboolean
listed (char      **lines,
        const char *module)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *word = g_strstrip (g_strdup (lines[i]));

      word[strcspn (word, " \t")] = '\0';
      if (*word != '#' && g_str_equal (g_strdelimit (word, "-", '_'), module))
        return TRUE;
    }
  return FALSE;
}

static void
render_initramfs_tools (PitHostPlan *self,
                        GString     *out)
{
  g_autofree char *contents = _pit_plan_read_file (self, "etc/initramfs-tools/modules");
  g_auto(GStrv) lines = g_strsplit (contents != NULL ? contents : "", "\n", -1);
  _pit_plan_section (out, "add to /etc/initramfs-tools/modules");
  _pit_plan_comment (out, "", "initramfs-tools loads the modules listed in this file early, before "
                     "the graphics drivers.");
  for (guint i = 0; self->modules[i] != NULL; i++)
    {
      if (listed (lines, self->modules[i]))
        {
          _pit_plan_comment (out, "", "%s is listed already.", self->modules[i]);
          continue;
        }
      _pit_plan_comment (out, "", "%s", module_why (self->modules[i]));
      _pit_plan_line (out, "%s", self->modules[i]);
    }
  _pit_plan_section (out, "then run as root");
  _pit_plan_comment (out, "", "Rebuild the initramfs of every installed kernel with the modules "
                     "and /etc/modprobe.d/vfio.conf.");
  _pit_plan_line (out, "update-initramfs -u -k all");
}

static void
render_dracut (PitHostPlan *self,
               GString     *out)
{
  g_autofree char *modules = g_strjoinv (" ", self->modules);

  _pit_plan_section (out, "/etc/dracut.conf.d/vfio.conf");
  _pit_plan_comment (out, "", "Put the VFIO modules (%s) into the initramfs and load them early, "
                     "before the graphics drivers; dracut copies /etc/modprobe.d along.", modules);
  _pit_plan_line (out, "force_drivers+=\" %s \"", modules);
  _pit_plan_section (out, "then run as root");
  _pit_plan_comment (out, "", "Rebuild the initramfs of every installed kernel.");
  _pit_plan_line (out, "dracut --force --regenerate-all");
}

/* The words between the parentheses of NAME=(…) in mkinitcpio.conf */
static char **
bash_array (const char *contents,
            const char *name)
{
  g_auto(GStrv) lines = g_strsplit (contents != NULL ? contents : "", "\n", -1);
  g_autofree char *prefix = g_strconcat (name, "=(", NULL);
  char **words = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i] + strspn (lines[i], " \t");
      const char *close;
      g_autofree char *inner = NULL;

      if (!g_str_has_prefix (p, prefix) || (close = strchr (p, ')')) == NULL)
        continue;
      p += strlen (prefix);
      inner = g_strndup (p, close - p);
      g_strdelimit (inner, "\"'\t", ' ');
      g_strfreev (words);
      words = g_strsplit (g_strstrip (inner), " ", -1);
    }
  if (words == NULL)
    return NULL;
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_strv_builder_add (builder, words[i]);
    g_strfreev (words);
    return g_strv_builder_end (builder);
  }
}

static void
render_mkinitcpio (PitHostPlan *self,
                   GString     *out)
{
  g_autofree char *contents = _pit_plan_read_file (self, "etc/mkinitcpio.conf");
  g_auto(GStrv) existing = bash_array (contents, "MODULES");
  g_auto(GStrv) hooks = bash_array (contents, "HOOKS");
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) kept = g_string_new (NULL);

  for (guint i = 0; self->modules[i] != NULL; i++)
    g_string_append_printf (line, "%s%s", i > 0 ? " " : "", self->modules[i]);
  for (guint i = 0; existing != NULL && existing[i] != NULL; i++)
    {
      g_autofree char *module = g_strdelimit (g_strdup (existing[i]), "-", '_');

      if (g_strv_contains ((const char * const *) self->modules, module))
        continue;
      g_string_append_printf (line, " %s", existing[i]);
      g_string_append_printf (kept, "%s%s", kept->len > 0 ? " " : "", existing[i]);
    }

  _pit_plan_section (out, "/etc/mkinitcpio.conf");
  _pit_plan_comment (out, "", "Replace the MODULES line of /etc/mkinitcpio.conf with the one below: "
                     "the initramfs loads these modules first, in this order.");
  for (guint i = 0; self->modules[i] != NULL; i++)
    _pit_plan_comment (out, "", "%s: %s", self->modules[i], module_why (self->modules[i]));
  if (kept->len > 0)
    _pit_plan_comment (out, "", "Kept from your MODULES, after the VFIO ones: %s.", kept->str);
  _pit_plan_line (out, "MODULES=(%s)", line->str);
  if (hooks != NULL && !g_strv_contains ((const char * const *) hooks, "modconf"))
    {
      _pit_plan_comment (out, "", "Your HOOKS lack modconf, which copies /etc/modprobe.d into the "
                         "initramfs; the line below adds it after udev.");
      g_string_truncate (line, 0);
      for (guint i = 0; hooks[i] != NULL; i++)
        {
          g_string_append_printf (line, "%s%s", i > 0 ? " " : "", hooks[i]);
          if (g_str_equal (hooks[i], "udev") || g_str_equal (hooks[i], "systemd"))
            g_string_append (line, " modconf");
        }
      _pit_plan_line (out, "HOOKS=(%s)", line->str);
    }
  _pit_plan_section (out, "then run as root");
  _pit_plan_comment (out, "", "Rebuild the initramfs of every kernel preset.");
  _pit_plan_line (out, "mkinitcpio -P");
}

gboolean
_pit_plan_render_initramfs (PitHostPlan  *self,
                            GString      *out,
                            GError      **error)
{
  if (!need_devices (self, error))
    return FALSE;

  switch (self->facts->initramfs)
    {
    case PIT_PLAN_INITRAMFS_TOOLS:
      render_initramfs_tools (self, out);
      return TRUE;
    case PIT_PLAN_INITRAMFS_DRACUT:
      render_dracut (self, out);
      return TRUE;
    case PIT_PLAN_INITRAMFS_MKINITCPIO:
      render_mkinitcpio (self, out);
      return TRUE;
    case PIT_PLAN_INITRAMFS_UNKNOWN:
    default:
      if (pit_plan_facts_is_nixos (self->facts))
        g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                             _("NixOS builds its initrd from its configuration: use --target nixos"));
      else
        g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                             _("Could not tell this host’s initramfs tool (initramfs-tools, dracut "
                               "or mkinitcpio)"));
      return FALSE;
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <string.h>

#include "pit-host-plan-private.h"

/* Text helpers shared by the generators. */

static void
wrap (GString    *out,
      const char *prefix,
      const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  gsize prefix_len = strlen (prefix);
  gsize col = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize len = g_utf8_strlen (words[i], -1);

      if (*words[i] == '\0')
        continue;
      if (col > 0 && col + 1 + len > PIT_PLAN_WIDTH)
        {
          g_string_append_c (out, '\n');
          col = 0;
        }
      if (col == 0)
        {
          g_string_append (out, prefix);
          col = prefix_len;
        }
      else
        {
          g_string_append_c (out, ' ');
          col++;
        }
      g_string_append (out, words[i]);
      col += len;
    }
  if (col > 0)
    g_string_append_c (out, '\n');
}

/**
 * _pit_plan_comment:
 * Appends a "#" comment, wrapped at PIT_PLAN_WIDTH columns; "\n" in the
 * text starts a new comment line.
 */
void
_pit_plan_comment (GString    *out,
                   const char *indent,
                   const char *format,
                   ...)
{
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat (indent, "# ", NULL);
  g_auto(GStrv) lines = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* a line that starts with blanks keeps them: commands inside comments */
      gsize blanks = strspn (lines[i], " ");
      g_autofree char *line_prefix = g_strdup_printf ("%s%*s", prefix, (int) blanks, "");

      if (lines[i][blanks] == '\0')
        g_string_append_printf (out, "%s#\n", indent);
      else
        wrap (out, line_prefix, lines[i] + blanks);
    }
}

void
_pit_plan_line (GString    *out,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
  g_string_append_c (out, '\n');
}

void
_pit_plan_section (GString    *out,
                   const char *title)
{
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append_printf (out, "# ==== %s ====\n", title);
}

void
_pit_plan_notes (PitHostPlan *self,
                 GString     *out,
                 const char  *indent)
{
  for (guint i = 0; i < self->notes->len; i++)
    _pit_plan_comment (out, indent, "Note: %s", (const char *) g_ptr_array_index (self->notes, i));
}

static const char *
vendor_name (guint16 vendor_id)
{
  switch (vendor_id)
    {
    case 0x10de:
      return "NVIDIA ";
    case 0x1002:
    case 0x1022:
      return "AMD ";
    case 0x8086:
      return "Intel ";
    default:
      return "";
    }
}

static const char *
class_name (guint32 class_code)
{
  switch (class_code)
    {
    case 0x0300:
      return "VGA controller";
    case 0x0302:
      return "3D controller";
    case 0x0380:
      return "display controller";
    case 0x0403:
      return "audio device";
    case 0x0c03:
      return "USB controller";
    case 0x0c80:
      return "serial bus controller";
    default:
      return "device";
    }
}

/**
 * _pit_plan_describe_device:
 * Returns: "04:00.0 NVIDIA VGA controller [10de:1b80]" — from the ids, not
 *   pci.ids, so the text is the same on every machine.
 */
char *
_pit_plan_describe_device (const PitPlanPciDevice *dev)
{
  const char *address = dev->address;

  if (g_str_has_prefix (address, "0000:"))
    address += 5;
  return g_strdup_printf ("%s %s%s [%04x:%04x]", address, vendor_name (dev->vendor_id),
                          class_name (dev->class_code), dev->vendor_id, dev->device_id);
}

/**
 * _pit_plan_describe_devices:
 * Returns: every device going to vfio-pci, comma separated
 */
char *
_pit_plan_describe_devices (PitHostPlan *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->devices->len; i++)
    {
      g_autofree char *dev = _pit_plan_describe_device (g_ptr_array_index (self->devices, i));

      if (i > 0)
        g_string_append (text, i + 1 == self->devices->len ? " and " : ", ");
      g_string_append (text, dev);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
root_path (PitHostPlan *self,
           const char  *relative)
{
  return g_build_filename (self->root != NULL ? self->root : "/", relative, NULL);
}

/**
 * _pit_plan_read_file:
 * Returns: (nullable): the contents of @relative under the plan's root
 */
char *
_pit_plan_read_file (PitHostPlan *self,
                     const char  *relative)
{
  g_autofree char *path = root_path (self, relative);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

gboolean
_pit_plan_file_exists (PitHostPlan *self,
                       const char  *relative)
{
  g_autofree char *path = root_path (self, relative);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

char *
_pit_plan_params_joined (PitHostPlan *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->params->len; i++)
    {
      PitPlanParam *param = g_ptr_array_index (self->params, i);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, param->param);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
_pit_plan_page_size (PitHostPlan *self)
{
  return pit_host_plan_format_page_size (self->request->hugepage_size_kib);
}

/**
 * _pit_plan_modprobe_conf:
 * Returns: the modprobe.d lines (ids, softdeps, blacklist), each after its
 *   comment, every line prefixed with @indent
 */
char *
_pit_plan_modprobe_conf (PitHostPlan *self,
                         const char  *indent,
                         gboolean     with_blacklist)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *ids = g_strjoinv (",", self->vfio_ids);
  g_autofree char *devices = _pit_plan_describe_devices (self);

  _pit_plan_comment (out, indent, "Give %s to vfio-pci when it loads, whatever loads it.", devices);
  g_string_append_printf (out, "%soptions vfio-pci ids=%s\n", indent, ids);
  for (guint i = 0; self->softdeps[i] != NULL; i++)
    {
      _pit_plan_comment (out, indent,
                         "Load vfio-pci before %s, so vfio-pci claims the devices above first.",
                         self->softdeps[i]);
      g_string_append_printf (out, "%ssoftdep %s pre: vfio-pci\n", indent, self->softdeps[i]);
    }
  for (guint i = 0; with_blacklist && self->blacklist[i] != NULL; i++)
    {
      _pit_plan_comment (out, indent,
                         "Never load %s by itself: no other device of this host needs it.",
                         self->blacklist[i]);
      g_string_append_printf (out, "%sblacklist %s\n", indent, self->blacklist[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

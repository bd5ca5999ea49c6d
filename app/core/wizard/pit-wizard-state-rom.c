/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pit-error.h"
#include "pit-wizard-state-private.h"

/* The GPU section's ROM file: a clean copy of the chosen card's ROM that
 * the VM reads instead of the card's own (<rom file=…/> on the first GPU's
 * <hostdev>, PitChangeGpuOptions.rom_file).  Pitstop never dumps it; the
 * user gives the file. */

const char *
pit_wizard_state_get_gpu_rom (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);

  return self->gpu_rom;
}

/* A file picked through the desktop portal from inside a sandbox comes as
 * the portal's own path (/run/user/UID/doc/ID/NAME): the app can read it,
 * libvirt's QEMU cannot. */
static gboolean
is_portal_path (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", 6);

  return g_strv_length (parts) >= 5 && g_str_equal (parts[1], "run") && g_str_equal (parts[2], "user")
         && g_str_equal (parts[4], "doc");
}

static gboolean
check_rom_file (const char  *path,
                GError     **error)
{
  guchar signature[2] = { 0 };
  FILE *file;
  size_t got;

  if (is_portal_path (path))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is the desktop portal’s copy of the file, which libvirt cannot read. Give the ROM "
                     "file’s path on the host with “pitstop-cli tune --rom” instead."),
                   path);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The ROM file “%s” does not exist"), path);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("“%s” is not a file"), path);
      return FALSE;
    }
  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("The ROM file “%s” cannot be read: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  got = fread (signature, 1, sizeof signature, file);
  fclose (file);
  /* every PCI expansion ROM image starts with 55 AA */
  if (got != sizeof signature || signature[0] != 0x55 || signature[1] != 0xaa)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI ROM: a ROM file starts with the bytes 55 AA"), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * pit_wizard_state_set_gpu_rom:
 * @path: (nullable): an absolute path; %NULL or "" gives none
 *
 * On a host read here (or the demo) the file must exist, be readable and
 * start like a PCI ROM; on a remote host the path is the remote host's and
 * only has to be absolute.  On an error nothing changes.
 */
gboolean
pit_wizard_state_set_gpu_rom (PitWizardState  *self,
                              const char      *path,
                              GError         **error)
{
  gboolean remote;

  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), FALSE);

  if (path != NULL && *path == '\0')
    path = NULL;
  if (g_strcmp0 (self->gpu_rom, path) == 0)
    return TRUE;
  if (path != NULL)
    {
      remote = self->host != NULL && pit_host_inventory_get_source (self->host) == PIT_HOST_SOURCE_REMOTE;
      if (!g_path_is_absolute (path))
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an absolute path; give the ROM file’s full path on the host"), path);
          return FALSE;
        }
      if (!remote && !check_rom_file (path, error))
        return FALSE;
    }
  g_free (self->gpu_rom);
  self->gpu_rom = g_strdup (path);
  _pit_wizard_state_emit_changed (self);
  return TRUE;
}

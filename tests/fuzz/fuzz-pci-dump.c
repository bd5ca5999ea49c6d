/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-error.h"
#include "pit-fuzz.h"
#include "pit-host-pci.h"
#include "pit-host-pci-device.h"

/* The PCI inventory from an `lspci -x` dump (libpci's dump method, as for
 * a recorded host), on arbitrary file contents: a device list or a clear
 * error, never a crash, a leak (libpci's errors longjmp out) or an exit.
 * The same input also goes through the PCI address parser. */

static char *dump_dir;
static char *dump_file;

static void
remove_dump (void)
{
  g_unlink (dump_file);
  g_rmdir (dump_dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  dump_dir = pit_fuzz_scratch_dir ("pci");
  dump_file = g_build_filename (dump_dir, "dump.lspci", NULL);
  atexit (remove_dump);

  return 0;
}

static void
check_address (const char *text)
{
  g_autofree char *normalized = pit_host_pci_normalize_address (text);
  guint domain, bus, slot, function;
  gboolean parsed = pit_host_pci_parse_address (text, &domain, &bus, &slot, &function);

  g_assert_true (parsed == (normalized != NULL));
  if (normalized != NULL)
    {
      g_autofree char *again = pit_host_pci_normalize_address (normalized);

      g_assert_cmpstr (again, ==, normalized);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PitHostReader) reader = pit_host_reader_new ("/nonexistent-pitstop-root");
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = pit_fuzz_string (data, MIN (size, 64));

  check_address (g_strstrip (line));

  g_assert_true (g_file_set_contents (dump_file, (const char *) data, size, NULL));
  devices = pit_host_pci_probe (reader, dump_file, &error);
  if (devices == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PIT_ERROR);
      return 0;
    }
  g_assert_no_error (error);

  for (guint i = 0; i < devices->len; i++)
    {
      PitHostPciDevice *device = g_ptr_array_index (devices, i);
      gboolean duplicate = FALSE;

      g_assert_nonnull (device->address);
      g_assert_false (device->driver_known);
      if (i > 0)
        {
          const char *previous = ((PitHostPciDevice *) g_ptr_array_index (devices, i - 1))->address;

          g_assert_cmpstr (previous, <=, device->address);
          duplicate = g_str_equal (previous, device->address);
        }
      if (i + 1 < devices->len)
        duplicate |= g_str_equal (((PitHostPciDevice *) g_ptr_array_index (devices, i + 1))->address,
                                  device->address);
      /* a dump that lists one address twice (libpci accepts it) gives two
       * entries that name each other: not checked (reported in #9) */
      for (guint j = 0; !duplicate && device->functions != NULL && j < device->functions->len; j++)
        g_assert_cmpstr (g_ptr_array_index (device->functions, j), !=, device->address);
    }

  return 0;
}

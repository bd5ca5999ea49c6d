/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-iothreads.h"
#include "pit-change-pinning.h"
#include "pit-error.h"
#include "pit-xml.h"

static const char * const first[] = { NULL };

/* The I/O thread ids: <iothreadids> when the guest numbers them, else 1…count */
static GArray *
thread_ids (PitTuneContext *context,
            guint           count)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (context->root, "iothreadids/iothread");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < nodes->len; i++)
    {
      guint64 id;

      guint value;

      if (pit_xml_get_uint64 (g_ptr_array_index (nodes, i), "@id", &id) && id > 0 && id <= G_MAXUINT)
        {
          value = id;
          g_array_append_val (ids, value);
        }
    }
  for (guint id = 1; nodes->len == 0 && id <= count; id++)
    g_array_append_val (ids, id);
  return ids;
}

static gboolean
has_id (GArray *ids,
        guint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, guint, i) == id)
      return TRUE;
  return FALSE;
}

static xmlNode *
new_driver (xmlNode *disk)
{
  xmlNode *driver = pit_xml_insert_child (disk, "driver", first);

  pit_xml_set_prop (driver, "name", "qemu");
  return driver;
}

/* A raw block device or raw image: nothing gains from the host's cache */
static gboolean
is_raw (xmlNode *disk,
        xmlNode *driver)
{
  g_autofree char *type = pit_xml_get_prop (disk, "type");
  g_autofree char *format = driver ? pit_xml_get_prop (driver, "type") : NULL;

  return g_strcmp0 (type, "block") == 0 || (g_strcmp0 (type, "file") == 0 && g_strcmp0 (format, "raw") == 0);
}

/* @mode: "io_uring" where the host's QEMU has it, else "native" */
static void
bypass_page_cache (xmlNode    *driver,
                   const char *mode)
{
  g_autofree char *cache = pit_xml_get_prop (driver, "cache");
  g_autofree char *io = pit_xml_get_prop (driver, "io");

  if (g_strcmp0 (cache, "directsync") != 0)
    pit_xml_set_prop (driver, "cache", "none");
  if (g_strcmp0 (io, "io_uring") != 0)
    pit_xml_set_prop (driver, "io", mode);
}

static void
pin_with_emulator (PitTuneContext *context)
{
  g_autofree char *emulator = pit_xml_get_string (context->root, "cputune/emulatorpin/@cpuset");
  g_autoptr(PitCpuset) set = emulator ? pit_cpuset_parse (emulator, 0, NULL, NULL) : NULL;

  if (set == NULL)
    {
      pit_tune_context_warn (context, _("The I/O threads are not pinned because the emulator is not; pin the "
                                        "emulator to keep them off the vCPUs’ cores"));
      return;
    }
  pit_change_pinning_pin_iothreads (context, set);
}

static void
pit_change_iothreads_describe (const PitChangeIothreadsOptions *options,
                               GPtrArray                       *sentences)
{
  g_ptr_array_add (sentences,
                   g_strdup_printf (ngettext ("Run the virtio disks on %u I/O thread beside the emulator",
                                              "Run the virtio disks on %u I/O threads beside the emulator",
                                              options->count),
                                    options->count));
  g_ptr_array_add (sentences, g_strdup (_("Let block devices and raw images bypass the host’s page cache "
                                          "(cache='none', and io='io_uring' where the host’s QEMU has it, "
                                          "else io='native')")));
}

static gboolean
pit_change_iothreads_apply (PitTuneContext                   *context,
                            const PitChangeIothreadsOptions  *options,
                            GError                          **error)
{
  guint next = 0, virtio = 0;
  const char *io_mode;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) disks = NULL;

  if (options->count == 0 || options->count > PIT_CHANGE_IOTHREADS_MAX)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The number of I/O threads must be 1 to %u, not %u"),
                   PIT_CHANGE_IOTHREADS_MAX, options->count);
      return FALSE;
    }
  if (!pit_tune_context_is_qemu (context))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("I/O threads are a QEMU feature, and this guest does not run on QEMU"));
      return FALSE;
    }
  if (!pit_change_pinning_set_iothreads (context, options->count, error))
    return FALSE;
  ids = thread_ids (context, options->count);
  io_mode = pit_tune_context_has_io_uring (context) ? "io_uring" : "native";

  disks = pit_xml_find_nodes (context->root, "devices/disk[not(@device) or @device='disk']");
  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      g_autofree char *bus = pit_xml_get_string (disk, "target/@bus");
      g_autofree char *type = pit_xml_get_prop (disk, "type");
      xmlNode *driver = pit_xml_child (disk, "driver");
      guint64 current = 0;

      /* vhost-user disks run in another process: libvirt refuses an iothread */
      if (g_strcmp0 (bus, "virtio") == 0 && g_strcmp0 (type, "vhostuser") != 0 && ids->len > 0)
        {
          virtio++;
          if (driver == NULL)
            driver = new_driver (disk);
          if (!pit_xml_get_uint64 (driver, "@iothread", &current) || !has_id (ids, current))
            {
              g_autofree char *value = g_strdup_printf ("%u", g_array_index (ids, guint, next % ids->len));

              pit_xml_set_prop (driver, "iothread", value);
            }
          next++;
        }
      if (is_raw (disk, driver))
        bypass_page_cache (driver != NULL ? driver : (driver = new_driver (disk)), io_mode);
    }
  if (virtio == 0)
    pit_tune_context_warn (context, _("The guest has no virtio disk for the I/O threads yet; move its disk to "
                                      "virtio first"));

  pin_with_emulator (context);
  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeIothreads, pit_change_iothreads, "iothreads")

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-fuzz"

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <unistd.h>

#include "pit-fuzz.h"

static void
quiet_xml_error (void       *user_data,
                 const char *format,
                 ...)
{
}

/* Prints the message as GLib would, then aborts on an error, a critical or
 * a warning.  GLib's own fatal path ends in G_BREAKPOINT (SIGTRAP), which
 * libFuzzer does not catch: the process died without the crashing input
 * being written.  abort() raises SIGABRT, whose handler in libFuzzer writes
 * the input to -artifact_prefix (crash-…) first. */
static GLogWriterOutput
abort_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  GLogWriterOutput ret = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return ret;
}

/**
 * pit_fuzz_init:
 * A critical or a warning from Pitstop's code on any input is a bug the
 * fuzzer should report as a crash, so both abort, through the log writer so
 * that libFuzzer saves the input (see abort_writer()).  They stay fatal for
 * GLib as well, should any message bypass the writer.  libxml2's own
 * messages about bad input are silenced (they would only slow the fuzzer
 * down).
 */
void
pit_fuzz_init (void)
{
  g_log_set_writer_func (abort_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  xmlSetGenericErrorFunc (NULL, quiet_xml_error);
  xmlInitParser ();
}

/**
 * pit_fuzz_string:
 * Returns: (transfer full): @data as a NUL-terminated string (cut at the
 *   first NUL the input holds, as a C caller would see it)
 */
char *
pit_fuzz_string (const uint8_t *data,
                 size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/**
 * pit_fuzz_scratch_dir:
 * Returns: (transfer full): a new private folder for the target's files,
 *   in /dev/shm when there is one (on a disk, creating and deleting files
 *   for every input slows a target down a hundredfold)
 */
char *
pit_fuzz_scratch_dir (const char *name)
{
  g_autofree char *template = g_strconcat ("pitstop-fuzz-", name, "-XXXXXX", NULL);
  const char *parent = g_getenv ("PITSTOP_FUZZ_SCRATCH");
  g_autoptr(GError) error = NULL;
  char *dir;

  /* run-fuzz.sh names a parent it removes after each target (a crash
   * skips the target's own clean-up) */
  if (parent == NULL && g_access ("/dev/shm", W_OK) == 0)
    parent = "/dev/shm";
  if (parent != NULL)
    {
      g_autofree char *path = g_build_filename (parent, template, NULL);

      if (g_mkdtemp (path) != NULL)
        return g_steal_pointer (&path);
    }
  dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);

  return dir;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-fuzz"

#include "config.h"

#include <libxml/parser.h>

#include "pit-fuzz.h"

static void
quiet_xml_error (void       *user_data,
                 const char *format,
                 ...)
{
}

/**
 * pit_fuzz_init:
 * A critical or a warning from Pitstop's code on any input is a bug the
 * fuzzer should report as a crash, so both abort.  libxml2's own messages
 * about bad input are silenced (they would only slow the fuzzer down).
 */
void
pit_fuzz_init (void)
{
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

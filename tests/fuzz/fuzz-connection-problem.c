/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-connection-problem.h"
#include "pit-error.h"
#include "pit-fuzz.h"

/* The text classification of connection problems on arbitrary input:
 * line 1 is the URI, line 2 libvirt's error code, the rest libvirt's
 * message (any bytes: remote daemons and SSH put what they like there).
 * Always a PIT_ERROR with a message, and advice for it. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = pit_fuzz_string (data, size);
  g_auto(GStrv) parts = g_strsplit (text, "\n", 3);
  const char *uri = parts[0] ? parts[0] : "";
  const char *code = parts[0] && parts[1] ? parts[1] : "0";
  const char *message = parts[0] && parts[1] ? parts[2] : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *advice = NULL;

  error = pit_connection_problem_new (uri, (int) g_ascii_strtoll (code, NULL, 10), message);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PIT_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL) || !g_utf8_validate (text, -1, NULL));

  advice = pit_connection_problem_advice (error, uri);
  g_assert_nonnull (advice);
  g_assert_cmpstr (advice, !=, "");

  return 0;
}

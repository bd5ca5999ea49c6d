/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-libvirt"

#include "config.h"

#include <stdlib.h>

#include "pit-libvirt-guard.h"

/* The check behind PIT_LIBVIRT_CALL_GUARD(): "the main thread" is the one
 * that owns the default main context.  GApplication holds it for the whole
 * run, so everything the window does (signal handlers, idle and timeout
 * callbacks, property notifications, GtkBuilder callbacks) is caught; a
 * GTask thread never owns it; pitstop-cli, which may block (it has no
 * window), calls from its main thread outside any main loop, so its direct
 * calls do not own it either.  Tests run with fatal criticals: a UI or
 * integration test that makes the window do a round trip fails there.
 *
 * In release builds the check is off (one branch on a constant). */

/**
 * pit_libvirt_call_guard_is_main_thread:
 * Returns: whether the calling thread owns the default main context (the
 *   GUI's main thread while it runs)
 */
gboolean
pit_libvirt_call_guard_is_main_thread (void)
{
  return g_main_context_is_owner (g_main_context_default ());
}

/**
 * pit_libvirt_call_guard:
 * @connection: (nullable): what the call goes to
 * @uri: (nullable): its URI, when there is no connection yet
 * @test_driver_allowed: whether the in-process test driver may be called
 *   here on the main thread
 * @function: the function that makes the call (G_STRFUNC)
 *
 * Use the PIT_LIBVIRT_CALL_GUARD() macros.  Reports a g_critical when a
 * blocking libvirt call runs on the main thread (development builds).
 */
void
pit_libvirt_call_guard (virConnectPtr  connection,
                        const char    *uri,
                        gboolean       test_driver_allowed,
                        const char    *function)
{
  g_autofree char *own_uri = NULL;

  if (!DEVELOPMENT || !pit_libvirt_call_guard_is_main_thread ())
    return;

  /* virConnectGetURI() formats the URI the connection keeps: no round trip */
  if (uri == NULL && connection != NULL)
    {
      char *raw = virConnectGetURI (connection);

      own_uri = g_strdup (raw);
      free (raw);
      uri = own_uri;
    }
  if (test_driver_allowed && uri != NULL && g_str_has_prefix (uri, "test:"))
    return;

  g_critical ("%s: a blocking libvirt call on the main thread (%s); run it in a GTask thread",
              function, uri != NULL ? uri : "no connection");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "pit-connection-problem.h"
#include "pit-demo.h"
#include "pit-error.h"

/* Turns libvirt's terse connection errors into what a user can act on: what
 * went wrong, and (pit_connection_problem_advice) what to do about it. */

static char *
uri_host (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);

  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    return NULL;
  return g_strdup (g_uri_get_host (parsed));
}

static gboolean
contains_any (const char         *haystack,
              const char * const *needles)
{
  if (haystack == NULL)
    return FALSE;
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (haystack, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * pit_connection_problem_new:
 * @libvirt_code: a virErrorNumber, or 0 when unknown
 * @libvirt_message: (nullable): libvirt's own message
 *
 * Returns: (transfer full): a #PIT_ERROR whose code says what kind of problem
 *   it is and whose message says, in words, what happened.
 */
GError *
pit_connection_problem_new (const char *uri,
                            int         libvirt_code,
                            const char *libvirt_message)
{
  static const char * const not_running[] = {
    "No such file or directory", "Connection refused", "Failed to connect socket",
    "no connection driver available", NULL };
  /* polkit is the daemon's access check: when the daemon cannot reach it
   * (no system bus, no polkitd) it refuses with a message that names a
   * missing file, yet it is running */
  static const char * const denied[] = {
    "Permission denied", "authentication unavailable", "not authorized",
    "access denied", "Authorization", "polkit", "system bus connection", NULL };
  static const char * const unknown_host[] = {
    "Could not resolve hostname", "Name or service not known", "No route to host",
    "Temporary failure in name resolution", "unknown host", NULL };
  static const char * const ssh_auth[] = {
    "Permission denied (publickey", "Host key verification failed", NULL };
  g_autofree char *host = uri_host (uri);
  const char *detail = libvirt_message ? libvirt_message : _("no reason given");

  if (host != NULL && contains_any (libvirt_message, unknown_host))
    return g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_UNKNOWN_HOST,
                        _("The host “%s” could not be reached."), host);

  if (host != NULL && contains_any (libvirt_message, ssh_auth))
    return g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_AUTH_FAILED,
                        _("The host “%s” refused the login."), host);

  if (libvirt_code == VIR_ERR_AUTH_FAILED || libvirt_code == VIR_ERR_AUTH_UNAVAILABLE
      || libvirt_code == VIR_ERR_AUTH_CANCELLED || contains_any (libvirt_message, denied))
    return g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_PERMISSION_DENIED,
                        _("You are not allowed to manage the virtual machines of %s."), uri);

  if (contains_any (libvirt_message, not_running))
    {
      if (host != NULL)
        return g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_DAEMON_NOT_RUNNING,
                            _("The libvirt service is not running on “%s”."), host);
      return g_error_new_literal (PIT_ERROR, PIT_ERROR_CONNECTION_DAEMON_NOT_RUNNING,
                                  _("The libvirt service is not running on this computer."));
    }

  return g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_FAILED,
                      _("Could not connect to %s: %s."), uri, detail);
}

/**
 * pit_connection_problem_check_file:
 * @uri: a libvirt URI
 *
 * libvirt's test driver reports a node file that is not there as an "XML
 * error"; this says what is really wrong before it is opened.
 *
 * Returns: (transfer full) (nullable): a #PIT_ERROR_NOT_FOUND when @uri is
 *   the test driver with a file that does not exist, else %NULL.
 */
GError *
pit_connection_problem_check_file (const char *uri)
{
  const char *path;

  if (!g_str_has_prefix (uri, "test:///") || g_strcmp0 (uri, "test:///default") == 0)
    return NULL;
  path = uri + strlen ("test://");
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (pit_demo_is_uri (uri))
    return g_error_new (PIT_ERROR, PIT_ERROR_NOT_FOUND,
                        _("The demo host is not installed: “%s” does not exist."), path);
  return g_error_new (PIT_ERROR, PIT_ERROR_NOT_FOUND,
                      _("The test driver’s file “%s” does not exist."), path);
}

/**
 * pit_connection_problem_advice:
 * Returns: (transfer full): what the user can do about @error, one or two
 *   sentences with the exact command where there is one.
 */
char *
pit_connection_problem_advice (const GError *error,
                               const char   *uri)
{
  g_autofree char *host = uri_host (uri);

  if (error == NULL || error->domain != PIT_ERROR)
    return g_strdup (_("Check the connection address and try again."));

  switch (error->code)
    {
    case PIT_ERROR_CONNECTION_DAEMON_NOT_RUNNING:
      if (host != NULL)
        return g_strdup_printf (_("On “%s”, start it with “sudo systemctl enable --now libvirtd” "
                                  "(or “virtqemud.socket” where libvirt uses modular daemons), "
                                  "then try again."), host);
      return g_strdup (_("Start it with “sudo systemctl enable --now libvirtd” (or "
                         "“virtqemud.socket” where libvirt uses modular daemons), then try again."));
    case PIT_ERROR_CONNECTION_PERMISSION_DENIED:
      return g_strdup (_("Add your user to the “libvirt” group with “sudo usermod -aG libvirt "
                         "$USER”, then log out and back in."));
    case PIT_ERROR_CONNECTION_UNKNOWN_HOST:
      return g_strdup_printf (_("Check the host name in the address, and that “ssh %s” works "
                                "from a terminal."), host ? host : "");
    case PIT_ERROR_CONNECTION_AUTH_FAILED:
      return g_strdup_printf (_("Pitstop logs in with your SSH agent’s keys: add one with "
                                "“ssh-add”, and check that “ssh %s” works without a password."),
                              host ? host : "");
    case PIT_ERROR_CONNECTION_LOST:
      return g_strdup (_("Pitstop reconnects by itself as soon as the host answers again."));
    case PIT_ERROR_NOT_FOUND:
      if (pit_demo_is_uri (uri))
        return g_strdup (_("Run Pitstop from its source folder with “build-aux/run-demo.sh”, "
                           "or install it with “meson install -C build”."));
      return g_strdup (_("Check the file name in the address."));
    default:
      return g_strdup (_("Check the connection address and try again."));
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libvirt/virterror.h>

#include "pit-connection-problem.h"
#include "pit-error.h"

/* The messages are libvirt 9.0's own, as seen on real machines */

static void
test_daemon_not_running (void)
{
  g_autoptr(GError) error = pit_connection_problem_new (
    "qemu:///system", VIR_ERR_SYSTEM_ERROR,
    "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory");
  g_autofree char *advice = pit_connection_problem_advice (error, "qemu:///system");

  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_DAEMON_NOT_RUNNING);
  g_assert_nonnull (strstr (error->message, "not running on this computer"));
  g_assert_nonnull (strstr (advice, "systemctl enable --now libvirtd"));
}

static void
test_permission_denied (void)
{
  g_autoptr(GError) error = pit_connection_problem_new (
    "qemu:///system", VIR_ERR_SYSTEM_ERROR,
    "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied");
  g_autofree char *advice = pit_connection_problem_advice (error, "qemu:///system");

  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_PERMISSION_DENIED);
  g_assert_nonnull (strstr (advice, "usermod -aG libvirt"));
}

static void
test_polkit_denied (void)
{
  g_autoptr(GError) error = pit_connection_problem_new (
    "qemu:///system", VIR_ERR_AUTH_UNAVAILABLE,
    "authentication unavailable: no polkit agent available to authenticate action 'org.libvirt.unix.manage'");

  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_PERMISSION_DENIED);
}

/* The daemon runs, but its access check does not: seen from a user who is
 * not root on a machine with no system bus (build-aux/flatpak/check-local.sh,
 * inside the sandbox and outside) */
static void
test_polkit_unreachable (void)
{
  g_autoptr(GError) error = pit_connection_problem_new (
    "qemu:///system", VIR_ERR_INTERNAL_ERROR,
    "internal error: Unable to get system bus connection: Could not connect: No such file or directory");

  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_PERMISSION_DENIED);
  g_assert_null (strstr (error->message, "not running"));
}

static void
test_unknown_host (void)
{
  g_autoptr(GError) error = pit_connection_problem_new (
    "qemu+ssh://gamebox.lan/system", VIR_ERR_SYSTEM_ERROR,
    "Cannot recv data: ssh: Could not resolve hostname gamebox.lan: Name or service not known: Connection reset by peer");
  g_autofree char *advice = pit_connection_problem_advice (error, "qemu+ssh://gamebox.lan/system");

  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_UNKNOWN_HOST);
  g_assert_nonnull (strstr (error->message, "gamebox.lan"));
  g_assert_nonnull (strstr (advice, "ssh gamebox.lan"));
}

static void
test_ssh_login_refused (void)
{
  g_autoptr(GError) error = pit_connection_problem_new (
    "qemu+ssh://root@gamebox/system", VIR_ERR_SYSTEM_ERROR,
    "Cannot recv data: root@gamebox: Permission denied (publickey,password).: Connection reset by peer");

  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_AUTH_FAILED);
}

static void
test_remote_daemon_not_running (void)
{
  g_autoptr(GError) error = pit_connection_problem_new (
    "qemu+ssh://gamebox/system", VIR_ERR_SYSTEM_ERROR,
    "Cannot recv data: nc: unix connect failed: No such file or directory: Connection reset by peer");

  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_DAEMON_NOT_RUNNING);
  g_assert_nonnull (strstr (error->message, "gamebox"));
}

static void
test_unknown_problem_keeps_libvirt_message (void)
{
  g_autoptr(GError) error = pit_connection_problem_new ("foo:///bar", VIR_ERR_NO_CONNECT,
                                                        "no connection driver available for foo:///bar");

  /* "no connection driver" is how a missing daemon driver shows too */
  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_DAEMON_NOT_RUNNING);

  g_clear_error (&error);
  error = pit_connection_problem_new ("qemu:///system", VIR_ERR_INTERNAL_ERROR, "something odd happened");
  g_assert_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_FAILED);
  g_assert_nonnull (strstr (error->message, "something odd happened"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection-problem/daemon-not-running", test_daemon_not_running);
  g_test_add_func ("/connection-problem/permission-denied", test_permission_denied);
  g_test_add_func ("/connection-problem/polkit-denied", test_polkit_denied);
  g_test_add_func ("/connection-problem/polkit-unreachable", test_polkit_unreachable);
  g_test_add_func ("/connection-problem/unknown-host", test_unknown_host);
  g_test_add_func ("/connection-problem/ssh-login-refused", test_ssh_login_refused);
  g_test_add_func ("/connection-problem/remote-daemon-not-running", test_remote_daemon_not_running);
  g_test_add_func ("/connection-problem/unknown", test_unknown_problem_keeps_libvirt_message);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "pit-libvirt-guard.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-wizard-state.h"

/* The check that keeps blocking libvirt calls off the window's main thread
 * (PIT_LIBVIRT_CALL_GUARD(), development builds): a call made where the
 * window would wait for it is a critical naming the function; the same call
 * in a worker thread, or from a program that runs no main loop (the command
 * line), is not.  The tests run with fatal criticals, so any UI or
 * integration test that makes the window call libvirt fails. */

#define GUARD_DOMAIN "pitstop-libvirt"

static gboolean
skip_in_release_build (void)
{
  if (DEVELOPMENT)
    return FALSE;
  g_test_skip ("the check is on in development builds only (-Ddevelopment=true)");
  return TRUE;
}

typedef struct
{
  GMainLoop *loop;
  PitDomain *domain;
  char *xml;
} MainLoopCall;

/* as a window's signal handler or idle callback would */
static gboolean
read_xml_in_callback_cb (gpointer user_data)
{
  MainLoopCall *call = user_data;

  call->xml = pit_tune_fetch_inactive_xml (pit_domain_get_handle (call->domain), NULL);
  g_main_loop_quit (call->loop);
  return G_SOURCE_REMOVE;
}

static void
test_main_thread_call_is_reported (void)
{
  g_autoptr(PitConnection) connection = NULL;
  MainLoopCall call = { 0 };

  if (skip_in_release_build ())
    return;
  connection = pit_test_open_demo ();
  call.loop = g_main_loop_new (NULL, FALSE);
  call.domain = pit_connection_find_domain (connection, "win10-gaming");
  g_assert_nonnull (call.domain);

  g_test_expect_message (GUARD_DOMAIN, G_LOG_LEVEL_CRITICAL,
                         "pit_tune_fetch_inactive_xml: a blocking libvirt call on the main thread (test:///*");
  g_idle_add (read_xml_in_callback_cb, &call);
  g_main_loop_run (call.loop);
  g_test_assert_expected_messages ();

  /* reported, not refused: the call itself still works */
  g_assert_nonnull (call.xml);
  g_assert_nonnull (strstr (call.xml, "<name>win10-gaming</name>"));
  g_free (call.xml);
  g_main_loop_unref (call.loop);
}

static void
read_xml_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_task_return_pointer (task, pit_tune_fetch_inactive_xml (pit_domain_get_handle (task_data), NULL), g_free);
}

static void
test_worker_thread_call_is_quiet (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitDomain *domain = pit_connection_find_domain (connection, "win10-gaming");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  g_autofree char *xml = NULL;
  gboolean acquired;

  /* the default context owned here, as the window's main thread owns it */
  acquired = g_main_context_acquire (NULL);
  g_assert_true (acquired);
  g_task_set_task_data (task, g_object_ref (domain), g_object_unref);
  g_task_run_in_thread_sync (task, read_xml_thread);
  xml = g_task_propagate_pointer (task, NULL);
  g_main_context_release (NULL);

  g_assert_nonnull (xml);
  g_assert_nonnull (strstr (xml, "<name>win10-gaming</name>"));
}

/* pitstop-cli blocks on libvirt from its main thread, outside any main loop:
 * it has no window to freeze */
static void
test_call_outside_a_main_loop_is_quiet (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitDomain *domain = pit_connection_find_domain (connection, "win10-gaming");
  g_autofree char *xml = NULL;

  g_assert_false (pit_libvirt_call_guard_is_main_thread ());
  xml = pit_tune_fetch_inactive_xml (pit_domain_get_handle (domain), NULL);
  g_assert_nonnull (xml);
}

/* Where the code relies on the in-process test driver answering at once
 * (its callbacks are registered and its handle closed on the main
 * thread), only that driver may be called; a daemon's URI is reported. */
static void
test_test_driver_exemption_covers_only_the_test_driver (void)
{
  gboolean acquired;

  if (skip_in_release_build ())
    return;
  acquired = g_main_context_acquire (NULL);
  g_assert_true (acquired);

  pit_libvirt_call_guard (NULL, "test:///default", TRUE, "register_on_main_thread");
  g_test_expect_message (GUARD_DOMAIN, G_LOG_LEVEL_CRITICAL,
                         "register_on_main_thread: a blocking libvirt call on the main thread (qemu+ssh://gamebox/system)*");
  pit_libvirt_call_guard (NULL, "qemu+ssh://gamebox/system", TRUE, "register_on_main_thread");
  g_test_assert_expected_messages ();
  /* without the exemption the test driver is reported too */
  g_test_expect_message (GUARD_DOMAIN, G_LOG_LEVEL_CRITICAL,
                         "list_on_main_thread: a blocking libvirt call on the main thread (test:///default)*");
  pit_libvirt_call_guard (NULL, "test:///default", FALSE, "list_on_main_thread");
  g_test_assert_expected_messages ();

  g_main_context_release (NULL);
}

/* The wizard checks each choice on the main thread as the user makes it:
 * what the checks would ask libvirt (other VMs' GPUs, the boot disk's
 * pool) was read with the VM, in the load's thread, so no check and no
 * preview calls libvirt (the guard would abort this test). */
static void
test_wizard_checks_make_no_call (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitDomain *domain = pit_connection_find_domain (connection, "win10-gaming");
  g_autoptr(PitWizardState) state = pit_wizard_state_new (connection, domain);
  g_autoptr(PitTuneResult) preview = NULL;
  g_autoptr(GError) error = NULL;
  const char *gpus[] = { "0000:04:00.0", NULL };
  gboolean acquired;

  g_assert_true (pit_wizard_state_load_sync (state, &error));
  g_assert_no_error (error);

  acquired = g_main_context_acquire (NULL);
  g_assert_true (acquired);
  /* the choices that look at other VMs and at the storage pools */
  pit_wizard_state_set_gpus (state, gpus);
  pit_wizard_state_set_disk_stage (state, TRUE);
  for (PitWizardSection section = 0; section < PIT_WIZARD_N_SECTIONS; section++)
    {
      g_autoptr(GError) check_error = NULL;

      pit_wizard_state_check_section (state, section, &check_error);
    }
  preview = pit_wizard_state_preview (state, &error);
  g_main_context_release (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  g_assert_nonnull (strstr (preview->after_xml, "<hostdev"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pit_core_init ();

  g_test_add_func ("/libvirt-guard/main-thread-call-is-reported", test_main_thread_call_is_reported);
  g_test_add_func ("/libvirt-guard/worker-thread-call-is-quiet", test_worker_thread_call_is_quiet);
  g_test_add_func ("/libvirt-guard/call-outside-a-main-loop-is-quiet", test_call_outside_a_main_loop_is_quiet);
  g_test_add_func ("/libvirt-guard/test-driver-exemption", test_test_driver_exemption_covers_only_the_test_driver);
  g_test_add_func ("/libvirt-guard/wizard-checks-make-no-call", test_wizard_checks_make_no_call);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pit-error.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-change-rotation-rate.h"
#include "pit-change-sound.h"
#include "pit-wizard-state.h"

static PitWizardState *
load_win10 (PitConnection *connection)
{
  g_autoptr(GError) error = NULL;
  PitWizardState *state = pit_wizard_state_new (connection, pit_connection_find_domain (connection, "win10-gaming"));

  g_assert_true (pit_wizard_state_load_sync (state, &error));
  g_assert_no_error (error);
  return state;
}

static void
test_defaults_for_win10 (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  guint sockets, cores, threads;

  g_assert_true (pit_wizard_state_is_windows (state));
  g_assert_nonnull (pit_wizard_state_get_host (state));

  /* the GTX 1080, not the boot iGPU */
  g_assert_cmpuint (pit_wizard_state_get_gpus (state)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (pit_wizard_state_get_gpus (state), 0), ==, "0000:04:00.0");
  g_assert_false (pit_wizard_state_get_hide_hypervisor (state));

  /* the host's shape, and the whole allocation */
  pit_wizard_state_get_topology (state, &sockets, &cores, &threads);
  g_assert_cmpuint (sockets, ==, 1);
  g_assert_cmpuint (cores, ==, 4);
  g_assert_cmpuint (threads, ==, 2);
  g_assert_cmpuint (pit_wizard_state_get_current (state), ==, 8);
  g_assert_true (pit_wizard_state_get_host_passthrough (state));

  g_assert_true (pit_wizard_state_get_pin_auto (state));
  g_assert_true (pit_wizard_state_get_enabled (state, PIT_WIZARD_SECTION_PINNING));
  g_assert_cmpuint (pit_wizard_state_get_hugepage_kib (state), ==, 1024 * 1024);
  g_assert_cmpint (pit_wizard_state_get_hugepages_needed (state), ==, 16);

  g_assert_cmpstr (pit_wizard_state_get_virtio_iso (state), ==, "/usr/share/virtio-win/virtio-win.iso");
  g_assert_true (pit_wizard_state_get_virtio_nic (state));
  g_assert_true (pit_wizard_state_get_disk_stage (state));

  g_assert_cmpstr (pit_wizard_state_get_bridge (state), ==, "br-lan");
  g_assert_cmpstr (pit_wizard_state_get_bridge_uplink (state), ==, "eno2");
  g_assert_cmpstr (pit_wizard_state_get_bridge_mac (state), ==, "52:54:00:6b:3c:58");
}

static void
test_preview_has_every_change (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_true (result->changed);
  g_test_message ("%s", result->after_xml);
  g_assert_nonnull (strstr (result->after_xml, "cores=\"4\" threads=\"2\""));
  g_assert_nonnull (strstr (result->after_xml, "host-passthrough"));
  g_assert_nonnull (strstr (result->after_xml, "<vcpupin"));
  g_assert_nonnull (strstr (result->after_xml, "<hugepages>"));
  g_assert_nonnull (strstr (result->after_xml, "bus=\"0x04\""));
  g_assert_nonnull (strstr (result->after_xml, "virtio-win.iso"));
  g_assert_nonnull (strstr (result->after_xml, "<source bridge=\"br-lan\""));
  g_assert_null (strstr (result->after_xml, "e1000e"));
  g_assert_cmpuint (result->descriptions->len, >=, 6);
  g_assert_nonnull (strstr (result->diff, "+"));
}

static void
count_changed_cb (PitWizardState *state,
                  guint          *count)
{
  (*count)++;
}

/* For a Windows KVM guest the enlightenments and the timers are on (the
 * review's diff shows them), the disks' latency and the isolation off; the
 * CPU and Drivers steps carry what is chosen, and each choice says
 * "changed" once */
static void
test_latency_choices (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autoptr(PitTunePlan) before = pit_wizard_state_build_plan (state, -1);
  g_autoptr(PitTunePlan) after = NULL;
  g_autoptr(PitTuneResult) defaults = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *hyperv_refusal = pit_wizard_state_get_hyperv_refusal (state);
  g_autofree char *timers_refusal = pit_wizard_state_get_timers_refusal (state);
  guint changed = 0;

  g_assert_null (hyperv_refusal);
  g_assert_null (timers_refusal);
  g_assert_true (pit_wizard_state_get_hyperv (state));
  g_assert_true (pit_wizard_state_get_timers (state));
  g_assert_cmpuint (pit_wizard_state_get_iothreads (state), ==, 0);
  g_assert_cmpint (pit_wizard_state_get_rotation_rate (state), ==, -1);
  g_assert_false (pit_wizard_state_get_isolate (state));
  defaults = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (defaults->diff, "+      <synic state=\"on\"/>"));
  /* (its timers are set already) */

  g_signal_connect (state, "changed", G_CALLBACK (count_changed_cb), &changed);
  pit_wizard_state_set_hyperv (state, FALSE);
  pit_wizard_state_set_hyperv (state, FALSE);
  pit_wizard_state_set_timers (state, FALSE);
  pit_wizard_state_set_iothreads (state, 1);
  pit_wizard_state_set_iothreads (state, 1);
  pit_wizard_state_set_rotation_rate (state, PIT_ROTATION_RATE_AUTO);
  pit_wizard_state_set_isolate (state, TRUE);
  pit_wizard_state_set_isolate (state, TRUE);
  g_assert_cmpuint (changed, ==, 5);

  after = pit_wizard_state_build_plan (state, -1);
  g_assert_cmpuint (pit_tune_plan_get_n_steps (after), ==, pit_tune_plan_get_n_steps (before));
  for (guint i = 0; i < pit_tune_plan_get_n_steps (after); i++)
    g_ptr_array_add (ids, (gpointer) pit_tune_plan_get_step (after, i)->id);
  g_ptr_array_add (ids, NULL);
  g_assert_false (g_strv_contains ((const char * const *) ids->pdata, "hyperv"));
  g_assert_true (g_strv_contains ((const char * const *) ids->pdata, "iothreads"));
  g_assert_true (g_strv_contains ((const char * const *) ids->pdata, "rotation-rate"));

  result = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (result->after_xml, "<synic state=\"on\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<iothreads>1</iothreads>"));
  /* the boot disk's first stage adds a virtio disk; it runs on the I/O thread */
  g_assert_nonnull (strstr (result->after_xml, "iothread=\"1\""));
  /* the boot disk is a zvol on the hard-drive pool */
  g_assert_nonnull (strstr (result->after_xml, "rotation_rate=\"7200\""));

  /* the isolation hook: eight vCPUs on the eight-thread host leave it
   * nothing: refused with the reason, no hook */
  {
    g_autoptr(PitHostPlanRequest) hook = pit_wizard_state_build_vm_hook_request (state, result->after_xml);
    g_autofree char *refusal = pit_wizard_state_check_isolation (state, result->after_xml);

    g_assert_null (hook);
    g_assert_nonnull (strstr (refusal, "every CPU of the host (0-7)"));
  }
  /* four vCPUs (cores 1 and 2 with their siblings), the emulator and the
   * I/O thread on CPU 0's core: the host keeps 3 and 7 */
  pit_wizard_state_set_topology (state, 1, 2, 2);
  {
    g_autoptr(PitTuneResult) four = pit_wizard_state_preview (state, &error);
    g_autoptr(PitHostPlanRequest) hook = NULL;
    g_autofree char *refusal = NULL;

    g_assert_no_error (error);
    refusal = pit_wizard_state_check_isolation (state, four->after_xml);
    g_assert_null (refusal);
    hook = pit_wizard_state_build_vm_hook_request (state, four->after_xml);
    g_assert_nonnull (hook);
    g_assert_cmpstr (hook->isolate_vm, ==, "win10-gaming");
    g_assert_cmpstr (hook->isolate_vm_cpus, ==, "0-2,4-6");
    /* turned off: no hook (the demo host has two GPUs: no single-GPU part) */
    pit_wizard_state_set_isolate (state, FALSE);
    g_clear_pointer (&hook, pit_host_plan_request_free);
    hook = pit_wizard_state_build_vm_hook_request (state, four->after_xml);
    g_assert_null (hook);
  }
}

/* What does not fit a guest is refused with the reason: an emulated
 * Windows guest gets the timers (on) but not the enlightenments, an
 * aarch64 guest neither, a Linux guest no enlightenments (and the timers
 * off until chosen) */
static void
test_latency_refusals (void)
{
  g_autofree char *node = pit_test_fixture_path ("wizard", "tcg-windows.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", node, NULL);
  g_autoptr(PitConnection) connection = pit_connection_new (uri);
  g_autoptr(PitConnection) demo = pit_test_open_demo ();
  g_autoptr(GError) error = NULL;
  struct { PitConnection **connection; const char *vm; const char *hyperv; const char *timers; gboolean timers_on; } cases[] = {
    { &connection, "win10-tcg", "QEMU refuses to start an emulated guest with the Hyper-V enlightenments", NULL, TRUE },
    { &connection, "arm-server", "this guest is aarch64", "this guest is aarch64", FALSE },
    { &demo, "fedora-server", "Only Windows uses the Hyper-V enlightenments", NULL, FALSE },
  };

  g_assert_true (pit_connection_open_sync (connection, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PitDomain *domain = pit_connection_find_domain (*cases[i].connection, cases[i].vm);
      g_autoptr(PitWizardState) state = pit_wizard_state_new (*cases[i].connection, domain);
      g_autofree char *hyperv = NULL;
      g_autofree char *timers = NULL;

      g_assert_true (pit_wizard_state_load_sync (state, &error));
      g_assert_no_error (error);
      hyperv = pit_wizard_state_get_hyperv_refusal (state);
      timers = pit_wizard_state_get_timers_refusal (state);
      g_assert_nonnull (strstr (hyperv, cases[i].hyperv));
      if (cases[i].timers != NULL)
        g_assert_nonnull (strstr (timers, cases[i].timers));
      else
        g_assert_null (timers);
      /* what does not fit is not chosen for the user; the timers are, for Windows */
      g_assert_false (pit_wizard_state_get_hyperv (state));
      g_assert_cmpint (pit_wizard_state_get_timers (state), ==, cases[i].timers_on);
    }
}

/* Windows 11's TPM and Secure Boot: off for a Windows 10 guest and for a
 * Windows 11 guest that has both; chosen, the Drivers step carries them,
 * the host plan asks for swtpm, and Secure Boot on the BIOS-installed
 * win10-gaming is refused with MBR2GPT's advice */
static void
test_windows11_choices (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autoptr(PitTunePlan) plan = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) refused = NULL;
  g_autoptr(PitHostPlanRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint changed = 0;

  g_assert_false (pit_wizard_state_get_tpm (state));
  g_assert_false (pit_wizard_state_get_secure_boot (state));
  g_signal_connect (state, "changed", G_CALLBACK (count_changed_cb), &changed);
  pit_wizard_state_set_tpm (state, TRUE);
  pit_wizard_state_set_tpm (state, TRUE);
  g_assert_cmpuint (changed, ==, 1);
  plan = pit_wizard_state_build_plan (state, -1);
  for (guint i = 0; i < pit_tune_plan_get_n_steps (plan); i++)
    g_ptr_array_add (ids, (gpointer) pit_tune_plan_get_step (plan, i)->id);
  g_ptr_array_add (ids, NULL);
  g_assert_true (g_strv_contains ((const char * const *) ids->pdata, "tpm"));
  result = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->after_xml, "<backend type=\"emulator\" version=\"2.0\"/>"));
  request = pit_wizard_state_build_host_request (state);
  g_assert_true (request->tpm);

  pit_wizard_state_set_secure_boot (state, TRUE);
  refused = pit_wizard_state_preview (state, &error);
  g_assert_null (refused);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "mbr2gpt /convert /allowFullOS"));
}

static gboolean
has_warning (PitTuneResult *result,
             const char    *part)
{
  for (guint i = 0; i < result->warnings->len; i++)
    if (strstr (g_ptr_array_index (result->warnings, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/* Secure Boot for a guest that starts with BIOS firmware depends on its
 * boot disk's partition table.  The wizard reads it while it loads, in its
 * thread; its checks and the review's preview, on the main thread, read no
 * disk (an image on a slow or network disk stalled the window at every
 * choice).  Here the disk is GPT while the wizard loads and MBR after: the
 * preview goes by what was read, and a wizard loaded again sees the MBR. */
static void
test_boot_disk_read_while_loading (void)
{
  g_autofree char *old_demo = g_strdup (g_getenv ("PITSTOP_DEMO_DIR"));
  g_autofree char *scratch = g_dir_make_tmp ("pitstop-boot-disk-XXXXXX", NULL);
  g_autofree char *from = g_build_filename (old_demo, "host-root", NULL);
  g_autofree char *root = g_build_filename (scratch, "host-root", NULL);
  g_autofree char *host_xml = g_build_filename (old_demo, "host.xml", NULL);
  g_autofree char *host_copy = g_build_filename (scratch, "host.xml", NULL);
  g_autofree char *disk = g_build_filename (root, "dev", "zd0", NULL);   /* /dev/zvol/hddpool/win10 */
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  PitConnection *connection;
  PitWizardState *state;
  PitWizardState *again;
  PitTuneResult *result;

  g_assert_nonnull (scratch);
  pit_test_copy_tree (from, root);
  g_assert_true (g_file_get_contents (host_xml, &xml, NULL, NULL));
  g_assert_true (g_file_set_contents (host_copy, xml, -1, NULL));
  pit_test_write_disk (disk, PIT_PARTITION_TABLE_GPT);
  g_setenv ("PITSTOP_DEMO_DIR", scratch, TRUE);

  connection = pit_test_open_demo ();
  state = load_win10 (connection);
  pit_test_write_disk (disk, PIT_PARTITION_TABLE_MBR);
  pit_wizard_state_set_secure_boot (state, TRUE);
  g_assert_true (pit_wizard_state_check_section (state, PIT_WIZARD_SECTION_DRIVERS, &error));
  g_assert_no_error (error);
  result = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->after_xml, "<os firmware=\"efi\">"));
  g_assert_true (has_warning (result, "as after Windows’ MBR2GPT"));
  pit_tune_result_unref (result);

  again = load_win10 (connection);
  pit_wizard_state_set_secure_boot (again, TRUE);
  g_assert_null (pit_wizard_state_preview (again, &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "has an MBR partition table"));

  g_object_unref (again);
  g_object_unref (state);
  g_object_unref (connection);
  g_setenv ("PITSTOP_DEMO_DIR", old_demo, TRUE);
  pit_test_remove_tree (scratch);
}

static void
test_windows11_ready (void)
{
  g_autoptr(PitConnection) connection = pit_connection_new ("demo:single-gpu");
  g_autoptr(GError) error = NULL;
  g_autoptr(PitWizardState) state = NULL;

  g_assert_true (pit_connection_open_sync (connection, &error));
  g_assert_no_error (error);
  state = pit_wizard_state_new (connection, pit_connection_find_domain (connection, "win11"));
  g_assert_true (pit_wizard_state_load_sync (state, &error));
  g_assert_no_error (error);
  /* it has both */
  g_assert_false (pit_wizard_state_get_tpm (state));
  g_assert_false (pit_wizard_state_get_secure_boot (state));
}

static void
test_skipped_sections_change_nothing (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (int s = 0; s < PIT_WIZARD_N_SECTIONS; s++)
    pit_wizard_state_set_enabled (state, s, FALSE);
  result = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_false (result->changed);
  g_assert_cmpstr (result->diff, ==, "");
}

static void
test_bad_choices_are_refused (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autoptr(GError) error = NULL;
  const char *missing[] = { "0000:09:00.0", NULL };

  g_assert_false (pit_wizard_state_set_pin (state, 0, "0-99", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (pit_wizard_state_set_pin (state, 12, "1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  pit_wizard_state_set_gpus (state, missing);
  g_assert_false (pit_wizard_state_check_section (state, PIT_WIZARD_SECTION_GPU, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "09:00.0"));
  g_clear_error (&error);

  pit_wizard_state_set_current (state, 12);
  g_assert_false (pit_wizard_state_check_section (state, PIT_WIZARD_SECTION_CPU, &error));
  g_assert_nonnull (error);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_apply_and_undo (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  PitDomain *domain = pit_connection_find_domain (connection, "win10-gaming");
  g_autofree char *before = pit_tune_fetch_inactive_xml (pit_domain_get_handle (domain), NULL);
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pit_wizard_state_apply_async (state, NULL, apply_cb, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = pit_wizard_state_apply_finish (state, async, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result->history_id);

  after = pit_tune_fetch_inactive_xml (pit_domain_get_handle (domain), NULL);
  g_assert_nonnull (strstr (after, "cores='4' threads='2'"));
  g_assert_nonnull (strstr (after, "<source bridge='br-lan'/>"));

  g_free (pit_tune_restore (pit_domain_get_handle (domain), result->history_id, &error));
  g_assert_no_error (error);
  restored = pit_tune_fetch_inactive_xml (pit_domain_get_handle (domain), NULL);
  /* libvirt re-indents foreign <metadata> when it parses a definition, so
   * compare the documents, not the whitespace between their elements */
  {
    g_autoptr(GRegex) blanks = g_regex_new (">\\s+<", 0, 0, NULL);
    g_autofree char *a = g_regex_replace_literal (blanks, before, -1, 0, "><", 0, NULL);
    g_autofree char *b = g_regex_replace_literal (blanks, restored, -1, 0, "><", 0, NULL);

    g_assert_cmpstr (a, ==, b);
  }
}

static void
count_cb (PitWizardState *state,
          guint          *changes)
{
  (*changes)++;
}

/* EXPR emits ::changed N times */
#define ASSERT_CHANGES(n, expr) \
  G_STMT_START { changes = 0; expr; g_assert_cmpuint (changes, ==, (n)); } G_STMT_END

/* each setter: ::changed once when the choice changes, not when it already
 * was that (the wizard validates the page on each) */
static void
test_setters_emit_changed_once (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  const char *igpu[] = { "0000:00:02.0", NULL };
  guint changes = 0;

  g_signal_connect (state, "changed", G_CALLBACK (count_cb), &changes);

  ASSERT_CHANGES (1, pit_wizard_state_set_enabled (state, PIT_WIZARD_SECTION_GPU, FALSE));
  ASSERT_CHANGES (0, pit_wizard_state_set_enabled (state, PIT_WIZARD_SECTION_GPU, FALSE));
  ASSERT_CHANGES (1, pit_wizard_state_set_gpus (state, igpu));
  ASSERT_CHANGES (0, pit_wizard_state_set_gpus (state, igpu));
  ASSERT_CHANGES (1, pit_wizard_state_set_hide_hypervisor (state, TRUE, NULL));
  ASSERT_CHANGES (0, pit_wizard_state_set_hide_hypervisor (state, TRUE, ""));
  ASSERT_CHANGES (1, pit_wizard_state_set_hide_hypervisor (state, TRUE, "pitstop"));
  ASSERT_CHANGES (0, pit_wizard_state_set_hide_hypervisor (state, TRUE, "pitstop"));
  ASSERT_CHANGES (1, pit_wizard_state_set_topology (state, 1, 2, 2));
  ASSERT_CHANGES (0, pit_wizard_state_set_topology (state, 1, 2, 2));
  g_assert_cmpuint (pit_wizard_state_get_current (state), ==, 4);
  ASSERT_CHANGES (1, pit_wizard_state_set_current (state, 3));
  ASSERT_CHANGES (0, pit_wizard_state_set_current (state, 3));
  ASSERT_CHANGES (1, pit_wizard_state_set_host_passthrough (state, FALSE));
  ASSERT_CHANGES (0, pit_wizard_state_set_host_passthrough (state, FALSE));
  ASSERT_CHANGES (1, pit_wizard_state_set_pin_auto (state, FALSE));
  ASSERT_CHANGES (0, pit_wizard_state_set_pin_auto (state, FALSE));
  ASSERT_CHANGES (1, g_assert_true (pit_wizard_state_set_pin (state, 0, "5", NULL)));
  ASSERT_CHANGES (0, g_assert_true (pit_wizard_state_set_pin (state, 0, "5", NULL)));
  /* refused: nothing changed */
  ASSERT_CHANGES (0, g_assert_false (pit_wizard_state_set_pin (state, 99, "5", NULL)));
  ASSERT_CHANGES (1, pit_wizard_state_set_hugepage_kib (state, 2048));
  ASSERT_CHANGES (0, pit_wizard_state_set_hugepage_kib (state, 2048));
  ASSERT_CHANGES (1, pit_wizard_state_set_virtio_iso (state, "/tmp/virtio.iso"));
  ASSERT_CHANGES (0, pit_wizard_state_set_virtio_iso (state, "/tmp/virtio.iso"));
  ASSERT_CHANGES (1, pit_wizard_state_set_virtio_nic (state, FALSE));
  ASSERT_CHANGES (0, pit_wizard_state_set_virtio_nic (state, FALSE));
  ASSERT_CHANGES (1, pit_wizard_state_set_disk_stage (state, FALSE));
  ASSERT_CHANGES (0, pit_wizard_state_set_disk_stage (state, FALSE));
  ASSERT_CHANGES (1, pit_wizard_state_set_bridge (state, "br0", NULL));
  ASSERT_CHANGES (0, pit_wizard_state_set_bridge (state, "br0", NULL));
  ASSERT_CHANGES (0, pit_wizard_state_set_bridge (state, "br0", "52:54:00:6b:3c:58"));
  ASSERT_CHANGES (1, pit_wizard_state_set_bridge (state, "br0", "52:54:00:00:00:01"));
  g_assert_cmpstr (pit_wizard_state_get_bridge_mac (state), ==, "52:54:00:00:00:01");
}

/* the sections' table: ids are the enum's nicks, every section has a title
 * and a summary, and an id names one section */
static void
test_section_table (void)
{
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);

  for (PitWizardSection section = 0; section < PIT_WIZARD_N_SECTIONS; section++)
    {
      PitWizardSection back = PIT_WIZARD_N_SECTIONS;

      g_assert_true (pit_wizard_section_from_id (pit_wizard_section_to_id (section), &back));
      g_assert_cmpint (back, ==, section);
      g_assert_cmpstr (pit_wizard_section_get_title (section), !=, "");
      g_assert_cmpstr (pit_wizard_section_get_summary (section), !=, "");
      g_assert_true (g_hash_table_add (titles, (gpointer) pit_wizard_section_get_title (section)));
    }
  g_assert_cmpstr (pit_wizard_section_to_id (PIT_WIZARD_SECTION_GPU), ==, "gpu");
  g_assert_cmpstr (pit_wizard_section_get_title (PIT_WIZARD_SECTION_GPU), ==, "Graphics Card");
  g_assert_null (pit_wizard_section_to_id (PIT_WIZARD_N_SECTIONS));
  g_assert_false (pit_wizard_section_from_id ("readiness", NULL));
  g_assert_false (pit_wizard_section_from_id (NULL, NULL));
}

/* Display and input: a section of its own, right after the GPU; nothing is
 * chosen by default (nothing changes); chosen, the engine adds each, the
 * host plan asks for Looking Glass's memory and the sound permission, and
 * Skip leaves all of it out. */
static void
test_display_section (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autoptr(PitTuneResult) before = NULL;
  g_autoptr(PitTuneResult) after = NULL;
  g_autoptr(PitTuneResult) skipped = NULL;
  g_autoptr(PitHostPlanRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *client = NULL;
  PitLookingGlassMode mode = { 1920, 1080, FALSE };

  g_assert_cmpint (PIT_WIZARD_SECTION_DISPLAY, ==, PIT_WIZARD_SECTION_GPU + 1);
  g_assert_cmpstr (pit_wizard_section_to_id (PIT_WIZARD_SECTION_DISPLAY), ==, "display");
  g_assert_true (pit_wizard_state_get_enabled (state, PIT_WIZARD_SECTION_DISPLAY));
  g_assert_false (pit_wizard_state_get_looking_glass (state, NULL));
  g_assert_null (pit_wizard_state_get_evdev_keyboard (state));
  g_assert_null (pit_wizard_state_get_evdev_mouse (state));
  g_assert_cmpint (pit_wizard_state_get_grab_toggle (state), ==, PIT_GRAB_TOGGLE_CTRL_CTRL);
  g_assert_false (pit_wizard_state_get_virtio_inputs (state));
  g_assert_null (pit_wizard_state_get_usb_controller (state));
  g_assert_cmpuint (pit_wizard_state_get_usb_devices (state)->len, ==, 0);
  g_assert_cmpint (pit_wizard_state_get_sound (state), ==, -1);
  g_assert_null (pit_wizard_state_dup_looking_glass_client (state));
  /* the GTX 1080 goes with its HDMI audio */
  g_assert_true (pit_wizard_state_has_gpu_audio (state));
  before = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (before->after_xml, "looking-glass"));
  g_assert_null (strstr (before->after_xml, "evdev"));
  request = pit_wizard_state_build_host_request (state);
  g_assert_cmpuint (request->looking_glass_mib, ==, 0);
  g_clear_pointer (&request, pit_host_plan_request_free);

  pit_wizard_state_set_looking_glass (state, &mode);
  pit_wizard_state_set_evdev (state, "usb-Logitech_USB_Keyboard-event-kbd", NULL);
  /* the page keeps the keyboard it has when the mouse changes */
  pit_wizard_state_set_evdev (state, pit_wizard_state_get_evdev_keyboard (state),
                              "usb-Logitech_G502_HERO_Gaming_Mouse_0E6D395D3333-event-mouse");
  pit_wizard_state_set_evdev (state, pit_wizard_state_get_evdev_keyboard (state), NULL);
  g_assert_cmpstr (pit_wizard_state_get_evdev_keyboard (state), ==, "usb-Logitech_USB_Keyboard-event-kbd");
  g_assert_null (pit_wizard_state_get_evdev_mouse (state));
  pit_wizard_state_set_usb_controller (state, "0000:03:00.0");
  pit_wizard_state_set_usb_device (state, "045e:02ea", TRUE);
  pit_wizard_state_set_sound (state, PIT_SOUND_SPICE, pit_wizard_state_get_sound_server (state));
  after = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (after->after_xml, "<shmem name=\"looking-glass\">"));
  g_assert_nonnull (strstr (after->after_xml, "<memballoon model=\"none\""));
  g_assert_nonnull (strstr (after->after_xml, "usb-Logitech_USB_Keyboard-event-kbd"));
  g_assert_nonnull (strstr (after->after_xml, "grabToggle=\"ctrl-ctrl\""));
  g_assert_nonnull (strstr (after->after_xml, "bus=\"0x03\""));
  g_assert_nonnull (strstr (after->after_xml, "<vendor id=\"0x045e\"/>"));
  g_assert_nonnull (strstr (after->after_xml, "<audio id=\"1\" type=\"spice\""));
  client = pit_wizard_state_dup_looking_glass_client (state);
  g_assert_cmpstr (client, ==, "looking-glass-client");

  request = pit_wizard_state_build_host_request (state);
  g_assert_cmpuint (request->looking_glass_mib, ==, 32);
  g_assert_nonnull (request->user);
  g_assert_false (request->sound_pulseaudio);
  g_clear_pointer (&request, pit_host_plan_request_free);

  /* Skip: none of it */
  pit_wizard_state_set_enabled (state, PIT_WIZARD_SECTION_DISPLAY, FALSE);
  skipped = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (skipped->after_xml, "looking-glass"));
  g_assert_null (strstr (skipped->after_xml, "evdev"));
  request = pit_wizard_state_build_host_request (state);
  g_assert_cmpuint (request->looking_glass_mib, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-wizard-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wizard-state/defaults-for-win10", test_defaults_for_win10);
  g_test_add_func ("/wizard-state/preview-has-every-change", test_preview_has_every_change);
  g_test_add_func ("/wizard-state/skipped-sections", test_skipped_sections_change_nothing);
  g_test_add_func ("/wizard-state/latency-choices", test_latency_choices);
  g_test_add_func ("/wizard-state/windows11-choices", test_windows11_choices);
  g_test_add_func ("/wizard-state/windows11-ready", test_windows11_ready);
  g_test_add_func ("/wizard-state/boot-disk-read-while-loading", test_boot_disk_read_while_loading);
  g_test_add_func ("/wizard-state/latency-refusals", test_latency_refusals);
  g_test_add_func ("/wizard-state/bad-choices", test_bad_choices_are_refused);
  g_test_add_func ("/wizard-state/apply-and-undo", test_apply_and_undo);
  g_test_add_func ("/wizard-state/setters-emit-changed-once", test_setters_emit_changed_once);
  g_test_add_func ("/wizard-state/section-table", test_section_table);
  g_test_add_func ("/wizard-state/display", test_display_section);

  return g_test_run ();
}

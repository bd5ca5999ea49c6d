/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-change-secure-boot.h"
#include "pit-change-tpm.h"
#include "pit-error.h"
#include "pit-integration.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-xml.h"

/* Windows 11's TPM (issue #18) on a real daemon: the TPM change is defined
 * by libvirt, and the TCG guest starts with swtpm behind its tpm-crb; the
 * guest (SeaBIOS, a qcow2 disk Pitstop cannot look into) is refused Secure
 * Boot, and nothing changes.  Skips with a message when swtpm is not
 * installed (build-aux/install-deps.sh --tests installs it). */

#define GUEST PIT_INTEGRATION_PREFIX "tpm"

static char *
inactive_xml (void)
{
  return pit_integration_virsh ("dumpxml", "--inactive", GUEST, NULL);
}

static gboolean
have_swtpm (void)
{
  return g_file_test ("/usr/bin/swtpm", G_FILE_TEST_IS_EXECUTABLE)
         && g_file_test ("/usr/bin/swtpm_setup", G_FILE_TEST_IS_EXECUTABLE);
}

static void
test_tpm_starts (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTunePlan) secure = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *live = NULL;
  g_autofree char *after_refusal = NULL;
  PitChangeTpmOptions tpm = { FALSE };
  PitChangeSecureBootOptions secure_boot = { FALSE };
  PitDomain *domain;
  gint64 started_ms = 0;

  if (pit_integration_skip ())
    return;
  if (!have_swtpm ())
    {
      g_test_skip ("swtpm and swtpm_setup are not installed (build-aux/install-deps.sh --tests)");
      return;
    }

  pit_integration_define (GUEST, FALSE);
  connection = pit_integration_open ();
  domain = pit_connection_find_domain (connection, GUEST);
  g_assert_nonnull (domain);

  pit_tune_plan_add (plan, pit_change_tpm_step (&tpm));
  result = pit_tune_apply (pit_domain_get_handle (domain), plan, PIT_TUNE_APPLY_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (result->changed);
  defined = inactive_xml ();
  pit_integration_assert_xpath (defined, "string(devices/tpm/@model)", "tpm-crb");
  pit_integration_assert_xpath (defined, "string(devices/tpm/backend/@type)", "emulator");
  pit_integration_assert_xpath (defined, "string(devices/tpm/backend/@version)", "2.0");

  /* the guest starts, with swtpm */
  domain = pit_connection_find_domain (connection, GUEST);
  g_free (pit_integration_virsh ("start", GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, GUEST, PIT_DOMAIN_STATE_RUNNING,
                                             PIT_INTEGRATION_EVENT_MS, &started_ms));
  live = pit_integration_virsh ("dumpxml", GUEST, NULL);
  pit_integration_assert_xpath (live, "string(devices/tpm/backend/@type)", "emulator");
  pit_integration_assert_xpath (live, "string(devices/tpm/alias/@name)", "tpm0");
  g_test_message ("the guest with its TPM ran %" G_GINT64_FORMAT " ms after virsh start returned", started_ms);
  g_free (pit_integration_virsh ("destroy", GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, GUEST, PIT_DOMAIN_STATE_SHUTOFF,
                                             PIT_INTEGRATION_EVENT_MS, NULL));

  /* BIOS and a disk that cannot be read: Secure Boot refused, nothing defined */
  domain = pit_connection_find_domain (connection, GUEST);
  pit_tune_plan_add (secure, pit_change_secure_boot_step (&secure_boot));
  refused = pit_tune_apply (pit_domain_get_handle (domain), secure, PIT_TUNE_APPLY_NONE, &error);
  g_assert_null (refused);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "mbr2gpt /convert /allowFullOS"));
  after_refusal = inactive_xml ();
  g_assert_cmpstr (after_refusal, ==, defined);

  pit_integration_remove_domain (GUEST);
}

int
main (int    argc,
      char **argv)
{
  pit_integration_init (&argc, &argv);

  g_test_add_func ("/integration/windows11/tpm-starts", test_tpm_starts);

  return g_test_run ();
}

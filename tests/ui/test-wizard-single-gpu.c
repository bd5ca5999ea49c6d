/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-page.h"
#include "pit-wizard.h"
#include "pit-wizard-test-fixture.h"

/* The wizard on the single-GPU demo host (an RX 6800 XT desktop, VM win11):
 * what the GPU page says before and after the host's only card is chosen,
 * and the hook the review page then shows.  The two-GPU demo says nothing
 * of single-GPU mode. */

#define SINGLE_GPU "0000:0b:00.0"

typedef PitWizardFixture Fixture;

static void
test_single_gpu_mode (void)
{
  Fixture fixture = { 0 };
  PitWizardState *state;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *review = NULL;

  pit_wizard_fixture_open (&fixture, "demo:single-gpu", "win11");
  state = pit_wizard_get_state (fixture.wizard);

  /* before a choice: the card is not chosen for the user, and the page says
   * what lending it means */
  before = pit_wizard_fixture_page_text (&fixture, "gpu");
  g_assert_false (pit_wizard_state_is_single_gpu (state));
  pit_wizard_test_expect_text (before, "the host’s only card: the virtual machine can have it while it runs (single-GPU mode)", TRUE);
  pit_wizard_test_expect_text (before, "Single-GPU Mode", TRUE);
  pit_wizard_test_expect_text (before, "Every window of the desktop closes", TRUE);
  pit_wizard_test_expect_text (before, "Turn on SSH before the first try", TRUE);

  /* the user chooses it (the row's radio button activates gpu.choose) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pit_wizard_get_page (fixture.wizard)),
                                             "gpu.choose", "s", SINGLE_GPU));
  g_assert_true (pit_wizard_state_is_single_gpu (state));
  after = pit_wizard_fixture_page_text (&fixture, "gpu");
  pit_wizard_test_expect_text (after, "What changes", TRUE);

  /* the review shows the VM's hook, its warning first, and the host plan
   * does not hand the card to vfio-pci at boot */
  review = pit_wizard_fixture_page_text (&fixture, "review");
  pit_wizard_test_expect_text (review, "The Single-GPU Hook", TRUE);
  pit_wizard_test_expect_text (review, "READ THIS FIRST. Starting win11 stops the display manager", TRUE);
  pit_wizard_test_expect_text (review, "/etc/libvirt/hooks/qemu.d/pitstop-win11", TRUE);
  pit_wizard_test_expect_text (review, "vfio-pci.ids=1002:73bf", FALSE);

  pit_wizard_fixture_close (&fixture);
}

static void
test_two_gpus (void)
{
  Fixture fixture = { 0 };
  g_autofree char *gpu = NULL;
  g_autofree char *review = NULL;

  pit_wizard_fixture_open (&fixture, "demo", "win10-gaming");
  gpu = pit_wizard_fixture_page_text (&fixture, "gpu");
  pit_wizard_test_expect_text (gpu, "Single-GPU Mode", FALSE);
  pit_wizard_test_expect_text (gpu, "single-GPU mode", FALSE);
  review = pit_wizard_fixture_page_text (&fixture, "review");
  pit_wizard_test_expect_text (review, "The Single-GPU Hook", FALSE);
  pit_wizard_fixture_close (&fixture);
}

int
main (int    argc,
      char **argv)
{
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  g_test_add_func ("/wizard/gpu/single-gpu-mode", test_single_gpu_mode);
  g_test_add_func ("/wizard/gpu/two-gpus", test_two_gpus);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-page.h"
#include "pit-wizard.h"

/* The wizard on the single-GPU demo host (an RX 6800 XT desktop, VM win11):
 * what the GPU page says before and after the host's only card is chosen,
 * and the hook the review page then shows.  The two-GPU demo says nothing
 * of single-GPU mode. */

#define SINGLE_GPU "0000:0b:00.0"

typedef struct
{
  PitConnection *connection;
  PitWizard *wizard;
} Fixture;

static gboolean
loaded (gpointer user_data)
{
  return pit_wizard_is_loaded (user_data);
}

static void
open_wizard (Fixture    *fixture,
             const char *demo,
             const char *vm)
{
  g_autoptr(GError) error = NULL;

  fixture->connection = pit_connection_new (demo);
  g_assert_true (pit_connection_open_sync (fixture->connection, &error));
  g_assert_no_error (error);
  fixture->wizard = pit_wizard_new (NULL, fixture->connection, pit_connection_find_domain (fixture->connection, vm));
  g_object_ref_sink (fixture->wizard);
  gtk_window_present (GTK_WINDOW (fixture->wizard));
  g_assert_true (pit_test_wait_for (loaded, fixture->wizard, 5000));
}

static void
close_wizard (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->wizard));
  g_assert_finalize_object (fixture->wizard);
  g_clear_object (&fixture->connection);
}

static char *
page_text (Fixture    *fixture,
           const char *page)
{
  pit_wizard_show_page (fixture->wizard, page);
  pit_ui_test_wait_ms (50);
  return pit_ui_test_collect_text (GTK_WIDGET (pit_wizard_get_page (fixture->wizard)));
}

static void
expect (const char *text,
        const char *needle,
        gboolean    shown)
{
  if ((strstr (text, needle) != NULL) != shown)
    {
      g_test_message ("the page %s “%s”; it shows:\n%s", shown ? "does not show" : "shows", needle, text);
      g_assert_not_reached ();
    }
}

static void
test_single_gpu_mode (void)
{
  Fixture fixture = { 0 };
  PitWizardState *state;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *review = NULL;

  open_wizard (&fixture, "demo:single-gpu", "win11");
  state = pit_wizard_get_state (fixture.wizard);

  /* before a choice: the card is not chosen for the user, and the page says
   * what lending it means */
  before = page_text (&fixture, "gpu");
  g_assert_false (pit_wizard_state_is_single_gpu (state));
  expect (before, "the host’s only card: the virtual machine can have it while it runs (single-GPU mode)", TRUE);
  expect (before, "Single-GPU Mode", TRUE);
  expect (before, "Every window of the desktop closes", TRUE);
  expect (before, "Turn on SSH before the first try", TRUE);

  /* the user chooses it (the row's radio button activates gpu.choose) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pit_wizard_get_page (fixture.wizard)),
                                             "gpu.choose", "s", SINGLE_GPU));
  g_assert_true (pit_wizard_state_is_single_gpu (state));
  after = page_text (&fixture, "gpu");
  expect (after, "What changes", TRUE);

  /* the review shows the VM's hook, its warning first, and the host plan
   * does not hand the card to vfio-pci at boot */
  review = page_text (&fixture, "review");
  expect (review, "The Single-GPU Hook", TRUE);
  expect (review, "READ THIS FIRST. Starting win11 stops the display manager", TRUE);
  expect (review, "/etc/libvirt/hooks/qemu.d/pitstop-win11", TRUE);
  expect (review, "vfio-pci.ids=1002:73bf", FALSE);

  close_wizard (&fixture);
}

static void
test_two_gpus (void)
{
  Fixture fixture = { 0 };
  g_autofree char *gpu = NULL;
  g_autofree char *review = NULL;

  open_wizard (&fixture, "demo", "win10-gaming");
  gpu = page_text (&fixture, "gpu");
  expect (gpu, "Single-GPU Mode", FALSE);
  expect (gpu, "single-GPU mode", FALSE);
  review = page_text (&fixture, "review");
  expect (review, "The Single-GPU Hook", FALSE);
  close_wizard (&fixture);
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

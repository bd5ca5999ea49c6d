/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-change-sound.h"
#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-page.h"
#include "pit-wizard-section.h"
#include "pit-wizard-test-fixture.h"

/* The Display and Input page's choices as the rest of the wizard shows
 * them, on the demo's win10-gaming (whose host is NixOS): the review page
 * gives Looking Glass's client command and what the host plan does for its
 * memory and for sound; Skip takes all of it back out. */

typedef PitWizardFixture Fixture;

static void
choose_looking_glass_and_sound (Fixture *fixture)
{
  PitWizardState *state = pit_wizard_get_state (fixture->wizard);
  PitLookingGlassMode mode = { 3840, 2160, FALSE };

  pit_wizard_state_set_looking_glass (state, &mode);
  pit_wizard_state_set_sound (state, PIT_SOUND_PULSEAUDIO, pit_wizard_state_get_sound_server (state));
}

/* nothing chosen: the review says nothing of Looking Glass or sound */
static void
test_review_without_display (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *review = pit_wizard_fixture_page_text (fixture, "review");

  pit_wizard_test_expect_text (review, "looking-glass-client", FALSE);
  pit_wizard_test_expect_text (review, "Display and Sound on This Computer", FALSE);
}

/* chosen: the client command, the shared memory file with its size and
 * owner, why not kvmfr, the sound permission, and the host plan's lines */
static void
test_review_shows_the_host_side (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *review = NULL;
  g_autofree char *user_line = g_strdup_printf ("user = \"%s\"", g_get_user_name ());

  choose_looking_glass_and_sound (fixture);
  review = pit_wizard_fixture_page_text (fixture, "review");
  pit_wizard_test_expect_text (review, "Display and Sound on This Computer", TRUE);
  pit_wizard_test_expect_text (review, "run “looking-glass-client” on this computer", TRUE);
  /* 3840 × 2160: 128 MiB, as Looking Glass documents it */
  pit_wizard_test_expect_text (review, "/dev/shm/looking-glass, 128 MiB, made at boot by systemd-tmpfiles", TRUE);
  pit_wizard_test_expect_text (review, "cannot use kvmfr’s /dev/kvmfr0", TRUE);
  pit_wizard_test_expect_text (review, "QEMU runs as", TRUE);
  /* the host plan for the demo's NixOS has the lines themselves */
  pit_wizard_test_expect_text (review, "systemd.tmpfiles.rules = [ \"f /dev/shm/looking-glass 0660", TRUE);
  pit_wizard_test_expect_text (review, user_line, TRUE);
  /* and the changes to the VM */
  pit_wizard_test_expect_text (review, "looking-glass", TRUE);
}

/* Skip on the page leaves all of it out, on the review and in the plan */
static void
test_skip_leaves_it_out (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *review = NULL;

  choose_looking_glass_and_sound (fixture);
  pit_wizard_show_page (fixture->wizard, pit_wizard_section_to_id (PIT_WIZARD_SECTION_DISPLAY));
  pit_wizard_skip (fixture->wizard);
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==,
                   pit_wizard_section_to_id (PIT_WIZARD_SECTION_CPU));
  review = pit_wizard_fixture_page_text (fixture, "review");
  pit_wizard_test_expect_text (review, "looking-glass", FALSE);
  pit_wizard_test_expect_text (review, "Display and Sound on This Computer", FALSE);
}

/* the page comes right after the GPU's, as step 3 */
static void
test_step_after_gpu (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *subtitle = g_strdup_printf ("Step 3 of 10: %s",
                                               pit_wizard_section_get_title (PIT_WIZARD_SECTION_DISPLAY));

  pit_wizard_show_page (fixture->wizard, pit_wizard_section_to_id (PIT_WIZARD_SECTION_GPU));
  g_assert_true (pit_wizard_next (fixture->wizard));
  pit_ui_test_wait_ms (20);
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==, "display");
  g_assert_nonnull (pit_ui_test_find_label (GTK_WIDGET (fixture->wizard), subtitle));
  /* nothing chosen is valid: Next goes on */
  g_assert_true (pit_wizard_next (fixture->wizard));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-wizard-display-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display (run under xvfb-run)");
      return g_test_run ();
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/wizard/display/review-without-display", Fixture, NULL, pit_wizard_fixture_set_up,
              test_review_without_display, pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/display/review-shows-the-host-side", Fixture, NULL, pit_wizard_fixture_set_up,
              test_review_shows_the_host_side, pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/display/skip-leaves-it-out", Fixture, NULL, pit_wizard_fixture_set_up,
              test_skip_leaves_it_out, pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/display/step-after-gpu", Fixture, NULL, pit_wizard_fixture_set_up, test_step_after_gpu,
              pit_wizard_fixture_tear_down);

  return g_test_run ();
}

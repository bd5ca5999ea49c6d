/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "pit-change-rotation-rate.h"
#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-page.h"
#include "pit-wizard.h"
#include "pit-wizard-test-fixture.h"

/* The latency controls on the wizard's pages: the Hyper-V enlightenments
 * and the timers on the CPU page (on for a Windows KVM guest, with the
 * reason; for a guest they do not fit, no switch and why), the I/O threads
 * and the rotation rate on the Drivers page (the rotation rate only where a
 * disk's bus tells one, with what the host stores it on), and keeping the
 * host off the VM's CPUs while it runs on the review page (refused when the
 * VM is not pinned; else the VM's hook shows). */

typedef PitWizardFixture Fixture;

static GtkWidget *
show (Fixture    *fixture,
      const char *page)
{
  pit_wizard_show_page (fixture->wizard, page);
  pit_ui_test_wait_ms (50);
  return GTK_WIDGET (pit_wizard_get_page (fixture->wizard));
}

static void
expect (GtkWidget  *page,
        const char *needle,
        gboolean    shown)
{
  g_autofree char *text = pit_ui_test_collect_text (page);

  pit_wizard_test_expect_text (text, needle, shown);
}

/* the switch of the row titled TITLE */
static GtkSwitch *
switch_of (GtkWidget  *page,
           const char *title)
{
  GtkWidget *row = pit_wizard_test_find_row (page, title, PIT_WIZARD_ROW_TITLE_IS);
  GtkWidget *toggle;

  g_assert_nonnull (row);
  toggle = pit_ui_test_find_inside (row, GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  return GTK_SWITCH (toggle);
}

static const char *
subtitle_of (GtkWidget  *page,
             const char *title)
{
  GtkWidget *row = pit_wizard_test_find_row (page, title, PIT_WIZARD_ROW_TITLE_IS);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* Windows on KVM: both on, each with its reason; the user turns them off */
static void
test_cpu_windows (void)
{
  Fixture fixture = { 0 };
  PitWizardState *state;
  GtkWidget *page;
  GtkSwitch *hyperv, *timers;

  pit_wizard_fixture_open (&fixture, "demo", "win10-gaming");
  state = pit_wizard_get_state (fixture.wizard);
  page = show (&fixture, "cpu");
  hyperv = switch_of (page, "Hyper-V enlightenments");
  timers = switch_of (page, "Timers");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (hyperv)));
  g_assert_true (gtk_switch_get_active (hyperv));
  g_assert_true (gtk_switch_get_active (timers));
  g_assert_nonnull (strstr (subtitle_of (page, "Hyper-V enlightenments"), "about 30 % of a core without the synic"));
  g_assert_nonnull (strstr (subtitle_of (page, "Timers"), "No emulated HPET"));

  g_assert_true (gtk_widget_activate (GTK_WIDGET (hyperv)));
  pit_ui_test_wait_ms (20);
  g_assert_false (pit_wizard_state_get_hyperv (state));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (timers)));
  pit_ui_test_wait_ms (20);
  g_assert_false (pit_wizard_state_get_timers (state));
  /* and the review has them no more */
  page = show (&fixture, "review");
  expect (page, "synic", FALSE);
  pit_wizard_fixture_close (&fixture);
}

/* the review's diff shows what the defaults turn on (the demo's timers
 * are set already) */
static void
test_review_shows_them (void)
{
  Fixture fixture = { 0 };
  GtkWidget *page;

  pit_wizard_fixture_open (&fixture, "demo", "win10-gaming");
  page = show (&fixture, "review");
  expect (page, "Give Windows the Hyper-V enlightenments the host supports", TRUE);
  expect (page, "<synic state=\"on\"/>", TRUE);
  pit_wizard_fixture_close (&fixture);
}

/* A Linux guest: no enlightenments switch, and why; the timers can be had */
static void
test_cpu_not_windows (void)
{
  Fixture fixture = { 0 };
  GtkWidget *page;

  pit_wizard_fixture_open (&fixture, "demo", "fedora-server");
  page = show (&fixture, "cpu");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (switch_of (page, "Hyper-V enlightenments"))));
  g_assert_nonnull (strstr (subtitle_of (page, "Hyper-V enlightenments"), "Only Windows uses the Hyper-V"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (switch_of (page, "Timers"))));
  g_assert_false (gtk_switch_get_active (switch_of (page, "Timers")));
  pit_wizard_fixture_close (&fixture);
}

/* Windows without KVM: QEMU would not start it with them; said so */
static void
test_cpu_emulated (void)
{
  Fixture fixture = { 0 };
  g_autofree char *node = pit_test_fixture_path ("wizard", "tcg-windows.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", node, NULL);
  GtkWidget *page;

  pit_wizard_fixture_open (&fixture, uri, "win10-tcg");
  page = show (&fixture, "cpu");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (switch_of (page, "Hyper-V enlightenments"))));
  g_assert_nonnull (strstr (subtitle_of (page, "Hyper-V enlightenments"),
                            "QEMU refuses to start an emulated guest with the Hyper-V enlightenments"));
  g_assert_false (pit_wizard_state_get_hyperv (pit_wizard_get_state (fixture.wizard)));
  /* activating the row (Enter on it) turns nothing on */
  gtk_widget_activate (pit_wizard_test_find_row (page, "Hyper-V enlightenments", PIT_WIZARD_ROW_TITLE_IS));
  pit_ui_test_wait_ms (20);
  g_assert_false (pit_wizard_state_get_hyperv (pit_wizard_get_state (fixture.wizard)));
  pit_wizard_fixture_close (&fixture);
}

/* The SATA boot disk on the hard-drive pool: the rotation rate with why;
 * the I/O threads spin */
static void
test_drivers (void)
{
  Fixture fixture = { 0 };
  PitWizardState *state;
  GtkWidget *page;
  GtkWidget *rotation;
  GtkWidget *spin;

  pit_wizard_fixture_open (&fixture, "demo", "win10-gaming");
  state = pit_wizard_get_state (fixture.wizard);
  page = show (&fixture, "drivers");
  rotation = pit_wizard_test_find_row (page, "Rotation rate", PIT_WIZARD_ROW_TITLE_IS);
  g_assert_true (ADW_IS_COMBO_ROW (rotation));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (rotation)), ==, 0);
  g_assert_nonnull (strstr (subtitle_of (page, "Rotation rate"), "sda (sata): on hard drives (hddpool/win10)"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (rotation), 2);
  g_assert_cmpint (pit_wizard_state_get_rotation_rate (state), ==, PIT_ROTATION_RATE_SSD);

  spin = pit_ui_test_find_inside (pit_wizard_test_find_row (page, "I/O threads", PIT_WIZARD_ROW_TITLE_IS),
                                  GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
  g_assert_cmpuint (pit_wizard_state_get_iothreads (state), ==, 2);
  page = show (&fixture, "review");
  expect (page, "Run the virtio disks on 2 I/O threads beside the emulator", TRUE);
  expect (page, "rotation_rate=\"1\"", TRUE);
  pit_wizard_fixture_close (&fixture);

  /* virtio disks only: no rotation rate, and why */
  pit_wizard_fixture_open (&fixture, "demo", "fedora-server");
  page = show (&fixture, "drivers");
  g_assert_false (ADW_IS_COMBO_ROW (pit_wizard_test_find_row (page, "Rotation rate", PIT_WIZARD_ROW_TITLE_IS)));
  g_assert_nonnull (strstr (subtitle_of (page, "Rotation rate"), "Only SATA, SCSI and IDE disks"));
  pit_wizard_fixture_close (&fixture);
}

/* Pinned: the switch works and the VM's hook shows; not pinned: refused
 * with the reason, no hook */
static void
test_review_isolation (void)
{
  Fixture fixture = { 0 };
  PitWizardState *state;
  GtkWidget *page;
  GtkSwitch *isolate;
  const char *title = "Keep the host off these cores while the VM runs";

  pit_wizard_fixture_open (&fixture, "demo", "win10-gaming");
  state = pit_wizard_get_state (fixture.wizard);
  /* four vCPUs, so the host keeps a core */
  pit_wizard_state_set_topology (state, 1, 2, 2);
  page = show (&fixture, "review");
  isolate = switch_of (page, title);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (isolate)));
  g_assert_false (gtk_switch_get_active (isolate));
  g_assert_nonnull (strstr (subtitle_of (page, title), "the host keeps all its CPUs while the VM is off"));
  expect (page, "The CPU Isolation Hook", FALSE);

  g_assert_true (gtk_widget_activate (GTK_WIDGET (isolate)));
  pit_ui_test_wait_ms (50);
  g_assert_true (pit_wizard_state_get_isolate (state));
  expect (page, "The CPU Isolation Hook", TRUE);
  /* the demo host is NixOS: the hook as a module; the host keeps the core
   * the pins leave (vCPUs on 1,5 and 2,6, the emulator on 0,4) */
  expect (page, "virtualisation.libvirtd.hooks.qemu.\"pitstop-win10-gaming\"", TRUE);
  expect (page, "CPU isolation for win10-gaming", TRUE);
  expect (page, "host_cpus=3,7", TRUE);

  /* eight vCPUs would leave the host no CPU: refused, and why */
  pit_wizard_state_set_topology (state, 1, 4, 2);
  page = show (&fixture, "review");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (isolate)));
  g_assert_nonnull (strstr (subtitle_of (page, title), "every CPU of the host (0-7)"));
  expect (page, "The CPU Isolation Hook", FALSE);
  pit_wizard_state_set_topology (state, 1, 2, 2);

  /* without the pinning step the VM has no pins */
  pit_wizard_state_set_enabled (state, PIT_WIZARD_SECTION_PINNING, FALSE);
  page = show (&fixture, "review");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (isolate)));
  g_assert_false (gtk_switch_get_active (isolate));
  g_assert_nonnull (strstr (subtitle_of (page, title), "not pinned to host CPUs"));
  expect (page, "The CPU Isolation Hook", FALSE);
  pit_wizard_fixture_close (&fixture);
}

int
main (int    argc,
      char **argv)
{
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display (run under xvfb-run)");
      return g_test_run ();
    }
  /* a switch changes at once, not at the end of its animation */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_test_add_func ("/wizard/cpu/latency-windows", test_cpu_windows);
  g_test_add_func ("/wizard/cpu/latency-not-windows", test_cpu_not_windows);
  g_test_add_func ("/wizard/cpu/latency-emulated", test_cpu_emulated);
  g_test_add_func ("/wizard/drivers/latency", test_drivers);
  g_test_add_func ("/wizard/review/latency-diff", test_review_shows_them);
  g_test_add_func ("/wizard/review/isolation", test_review_isolation);
  return g_test_run ();
}

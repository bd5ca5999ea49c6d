/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-page.h"
#include "pit-wizard.h"
#include "pit-wizard-test-fixture.h"

/* The GPU page says what the host knows about the chosen card, with the
 * evidence: how it resets, its ROM, its BARs, what else is in its IOMMU
 * group; and takes a ROM file for the VM (the file chooser's answer is the
 * action gpu.rom-file, which the test activates).  Hosts: the two demo hosts
 * and, as the "single-gpu" demo of a folder of its own, the recorded
 * x3d-navi21-sata-group (a GTX 1080 whose group holds the root disk's SATA
 * controller). */

typedef PitWizardFixture Fixture;

/* the wizard on its GPU page */
static void
open_wizard (Fixture    *fixture,
             const char *demo,
             const char *vm)
{
  pit_wizard_fixture_open (fixture, demo, vm);
  pit_wizard_show_page (fixture->wizard, "gpu");
  pit_ui_test_wait_ms (50);
}

static GtkWidget *
page_of (Fixture *fixture)
{
  return GTK_WIDGET (pit_wizard_get_page (fixture->wizard));
}

static void
choose (Fixture    *fixture,
        const char *address)
{
  g_assert_true (gtk_widget_activate_action (page_of (fixture), "gpu.choose", "s", address));
  pit_ui_test_wait_ms (20);
}

static void
expect (Fixture    *fixture,
        const char *needle,
        gboolean    shown)
{
  g_autofree char *text = pit_ui_test_collect_text (page_of (fixture));

  pit_wizard_test_expect_text (text, needle, shown);
}

/* the shown row whose title starts with TITLE */
static AdwActionRow *
row_titled (GtkWidget  *widget,
            const char *title)
{
  return ADW_ACTION_ROW (pit_wizard_test_find_row (widget, title, PIT_WIZARD_ROW_TITLE_STARTS));
}

static GtkWidget *
button_labelled (GtkWidget  *widget,
                 const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = button_labelled (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_two_gpu_demo (void)
{
  Fixture fixture = { 0 };
  AdwActionRow *reset;

  open_wizard (&fixture, "demo", "win10-gaming");
  /* the GTX 1080, chosen by default */
  expect (&fixture, "What to Know About This Card", TRUE);
  reset = row_titled (page_of (&fixture), "Resets by bus reset");
  g_assert_nonnull (reset);
  g_assert_cmpstr (adw_action_row_get_icon_name (reset), ==, "dialog-information-symbolic");
  expect (&fixture, "From the host: reset_method: bus; Function Level Reset: no; alone on its bus", TRUE);
  expect (&fixture, "BAR 1: 256.0\u00a0MiB — fits the guest firmware’s default window", TRUE);
  expect (&fixture, "ROM: readable, 512.0\u00a0KiB", TRUE);
  expect (&fixture, "some NVIDIA cards (older ones whose ROM has no UEFI part)", TRUE);
  expect (&fixture, "cd /sys/bus/pci/devices/0000:04:00.0; echo 1 > rom", TRUE);
  expect (&fixture, "Pitstop never dumps it itself", TRUE);
  expect (&fixture, "whose ROM copy is often wrong", FALSE);

  /* the boot iGPU: its ROM is the firmware's copy, and it cannot be reset */
  choose (&fixture, "0000:00:02.0");
  expect (&fixture, "ROM: readable, 128.0\u00a0KiB; this is the card the host boots on, whose ROM copy is often wrong",
          TRUE);
  expect (&fixture, "the kernel uses the firmware’s shadow copy at 0xC0000", TRUE);
  expect (&fixture, "The kernel cannot reset this card", TRUE);
  expect (&fixture, "cd /sys/bus/pci/devices/0000:00:02.0; echo 1 > rom", TRUE);
  g_assert_cmpstr (adw_action_row_get_icon_name (row_titled (page_of (&fixture), "ROM: readable")), ==,
                   "dialog-warning-symbolic");
  pit_wizard_fixture_close (&fixture);
}

static void
test_single_gpu_demo (void)
{
  Fixture fixture = { 0 };

  open_wizard (&fixture, "demo:single-gpu", "win11");
  choose (&fixture, "0000:0b:00.0");
  /* Resizable BAR on: the window the guest needs, or ReBAR off */
  expect (&fixture, "BAR 0: 16.0\u00a0GiB, resizable (Resizable BAR is on) — the guest needs a 64-bit MMIO window "
          "for it", TRUE);
  expect (&fixture, "Give OVMF a window of 65536 MiB", TRUE);
  expect (&fixture, "QEMU does not pass the Resizable BAR capability to the guest", TRUE);
  /* Navi 21: reported, not in vendor-reset */
  expect (&fixture, "AMD Navi 21 may not reset after the virtual machine stops", TRUE);
  expect (&fixture, "this is the card the host boots on", TRUE);
  pit_wizard_fixture_close (&fixture);
}

/* a folder with the two-GPU demo and the x3d tree as "single-gpu" */
static char *
make_x3d_demo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pitstop-x3d-demo-XXXXXX", NULL);
  const char *demo = g_getenv ("PITSTOP_DEMO_DIR");
  const char *source = g_getenv ("PITSTOP_SOURCE_DIR");
  g_autofree char *single = g_build_filename (dir, "single-gpu", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *link = NULL;
  gsize length;

  g_assert_nonnull (demo);
  g_assert_nonnull (source);
  g_assert_cmpint (g_mkdir (single, 0700), ==, 0);
  path = g_build_filename (demo, "single-gpu", "host.xml", NULL);
  g_assert_true (g_file_get_contents (path, &xml, &length, NULL));
  g_clear_pointer (&path, g_free);
  path = g_build_filename (single, "host.xml", NULL);
  g_assert_true (g_file_set_contents (path, xml, length, NULL));
  tree = g_build_filename (source, "tests", "fixtures", "hosts", "x3d-navi21-sata-group", NULL);
  link = g_build_filename (single, "host-root", NULL);
  g_assert_cmpint (symlink (tree, link), ==, 0);
  return g_steal_pointer (&dir);
}

static void
remove_x3d_demo (const char *dir)
{
  g_autofree char *single = g_build_filename (dir, "single-gpu", NULL);
  g_autofree char *xml = g_build_filename (single, "host.xml", NULL);
  g_autofree char *link = g_build_filename (single, "host-root", NULL);

  g_assert_cmpint (g_remove (link), ==, 0);
  g_assert_cmpint (g_remove (xml), ==, 0);
  g_assert_cmpint (g_rmdir (single), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_root_disk_in_the_group (void)
{
  Fixture fixture = { 0 };
  g_autofree char *demo = g_strdup (g_getenv ("PITSTOP_DEMO_DIR"));
  g_autofree char *x3d = make_x3d_demo ();
  AdwActionRow *stop;

  g_setenv ("PITSTOP_DEMO_DIR", x3d, TRUE);
  open_wizard (&fixture, "demo:single-gpu", "win11");
  choose (&fixture, "0000:07:00.0");
  stop = row_titled (page_of (&fixture), "Its IOMMU group also holds the SATA controller 0000:08:00.0");
  g_assert_nonnull (stop);
  g_assert_cmpstr (adw_action_row_get_icon_name (stop), ==, "dialog-error-symbolic");
  expect (&fixture, "It holds the host’s root file system", TRUE);
  expect (&fixture, "Passing the card through takes the host’s disk away: do not pass this group.", TRUE);
  expect (&fixture, "pcie_acs_override", TRUE);
  expect (&fixture, "it removes the protection the IOMMU exists for", TRUE);
  /* the Navi 21 has its group to itself */
  choose (&fixture, "0000:03:00.0");
  expect (&fixture, "Its IOMMU group also holds", FALSE);
  pit_wizard_fixture_close (&fixture);

  g_setenv ("PITSTOP_DEMO_DIR", demo, TRUE);
  remove_x3d_demo (x3d);
}

static void
test_rom_file (void)
{
  Fixture fixture = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("pitstop-rom-page-XXXXXX", NULL);
  g_autofree char *rom = g_build_filename (dir, "gtx1080.rom", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.rom", NULL);
  static const char bytes[] = { 0x55, (char) 0xaa, 0x7e };
  PitWizardState *state;
  GtkWidget *use, *clear;
  AdwActionRow *row;

  g_assert_true (g_file_set_contents (rom, bytes, sizeof bytes, NULL));
  open_wizard (&fixture, "demo", "win10-gaming");
  state = pit_wizard_get_state (fixture.wizard);
  use = button_labelled (page_of (&fixture), "Use a ROM file…");
  clear = button_labelled (page_of (&fixture), "Clear");
  g_assert_nonnull (use);
  g_assert_nonnull (clear);
  /* the button opens the file chooser */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (use)), ==, "gpu.choose-rom");
  g_assert_true (gtk_widget_get_visible (use));
  g_assert_false (gtk_widget_get_visible (clear));
  row = row_titled (page_of (&fixture), "ROM file for the virtual machine");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "None: the virtual machine reads the card’s own ROM");

  /* the chooser's answer */
  g_assert_true (gtk_widget_activate_action (page_of (&fixture), "gpu.rom-file", "s", rom));
  g_assert_cmpstr (pit_wizard_state_get_gpu_rom (state), ==, rom);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, rom);
  g_assert_true (gtk_widget_get_visible (clear));
  expect (&fixture, "This file cannot be the ROM", FALSE);

  /* a file that is not there: said on the page, the choice stays */
  g_assert_true (gtk_widget_activate_action (page_of (&fixture), "gpu.rom-file", "s", missing));
  expect (&fixture, "This file cannot be the ROM", TRUE);
  expect (&fixture, "does not exist", TRUE);
  g_assert_cmpstr (pit_wizard_state_get_gpu_rom (state), ==, rom);

  /* Clear: none again, and the focus goes to the button next to it */
  g_assert_true (gtk_widget_grab_focus (clear));
  g_signal_emit_by_name (clear, "clicked");
  pit_ui_test_wait_ms (20);
  g_assert_null (pit_wizard_state_get_gpu_rom (state));
  g_assert_false (gtk_widget_get_visible (clear));
  expect (&fixture, "This file cannot be the ROM", FALSE);
  g_assert_true (gtk_widget_has_focus (use));
  pit_wizard_fixture_close (&fixture);

  g_remove (rom);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-gpu-facts-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  g_test_add_func ("/wizard/gpu/facts-two-gpu-demo", test_two_gpu_demo);
  g_test_add_func ("/wizard/gpu/facts-single-gpu-demo", test_single_gpu_demo);
  g_test_add_func ("/wizard/gpu/root-disk-in-the-group", test_root_disk_in_the_group);
  g_test_add_func ("/wizard/gpu/rom-file", test_rom_file);
  return g_test_run ();
}

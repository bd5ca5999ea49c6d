/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pit-test-support.h"
#include "pit-change-evdev.h"
#include "pit-change-sound.h"
#include "pit-history.h"
#include "pit-tune-apply.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-section.h"
#include "pit-wizard-test-fixture.h"

/* Each wizard page on its own: what it shows for the demo's win10-gaming
 * (the text, and the state in the core behind it), that the keyboard focus
 * stays on the control the user used — toggle, spin, click — while the page
 * updates, and that a refresh keeps the page's widgets. */

typedef PitWizardFixture Fixture;

static PitWizardState *
state_of (Fixture *fixture)
{
  return pit_wizard_get_state (fixture->wizard);
}

static void
show (Fixture    *fixture,
      const char *id)
{
  pit_wizard_show_page (fixture->wizard, id);
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==, id);
  pit_ui_test_wait_ms (20);
}

static GtkWidget *
control_in_row (Fixture    *fixture,
                const char *title,
                GType       type)
{
  GtkWidget *row = pit_wizard_test_find_row (pit_wizard_fixture_page (fixture), title,
                                             PIT_WIZARD_ROW_TITLE_OR_SUBTITLE_HAS);
  GtkWidget *control;

  g_assert_nonnull (row);
  control = G_TYPE_CHECK_INSTANCE_TYPE (row, type) ? row : pit_ui_test_find_inside (row, type);
  g_assert_nonnull (control);
  return control;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the user puts the keyboard focus on WIDGET (Tab, or a click) */
static GtkWidget *
focus (Fixture   *fixture,
       GtkWidget *widget)
{
  g_assert_true (gtk_widget_grab_focus (widget));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->wizard)) != NULL);
  return widget;
}

/* after the page did what the user asked, the focus is where the user was
 * (a spin button's or an entry row's text is inside it) */
static void
assert_focus_on (Fixture    *fixture,
                 GtkWidget  *widget,
                 const char *what)
{
  GtkWidget *now;

  pit_ui_test_wait_ms (20);
  now = gtk_root_get_focus (GTK_ROOT (fixture->wizard));
  if (now != widget && (now == NULL || !gtk_widget_is_ancestor (now, widget)))
    {
      g_test_message ("after %s the focus is on %s, not on %s", what, now ? G_OBJECT_TYPE_NAME (now) : "nothing",
                      G_OBJECT_TYPE_NAME (widget));
      g_assert_not_reached ();
    }
  g_assert_true (gtk_widget_get_root (widget) == GTK_ROOT (fixture->wizard));

  /* and the page updating itself from the state (as after an Undo) keeps it */
  pit_wizard_page_refresh (pit_wizard_get_page (fixture->wizard));
  pit_ui_test_wait_ms (20);
  now = gtk_root_get_focus (GTK_ROOT (fixture->wizard));
  if (now != widget && (now == NULL || !gtk_widget_is_ancestor (now, widget)))
    {
      g_test_message ("after %s and a refresh the focus is on %s, not on %s", what,
                      now ? G_OBJECT_TYPE_NAME (now) : "nothing", G_OBJECT_TYPE_NAME (widget));
      g_assert_not_reached ();
    }
  /* the control itself is still on the page, not a copy of it */
  g_assert_true (gtk_widget_get_root (widget) == GTK_ROOT (fixture->wizard));
  g_assert_true (gtk_widget_is_ancestor (widget, pit_wizard_fixture_page (fixture)));
}

/* Enter or Space on a switch, a check button */
static void
toggle (Fixture    *fixture,
        GtkWidget  *widget,
        const char *what)
{
  focus (fixture, widget);
  g_assert_true (gtk_widget_activate (widget));
  assert_focus_on (fixture, widget, what);
}

static void
spin (Fixture       *fixture,
      GtkSpinButton *spin_button,
      double         value,
      const char    *what)
{
  focus (fixture, GTK_WIDGET (spin_button));
  gtk_spin_button_set_value (spin_button, value);
  assert_focus_on (fixture, GTK_WIDGET (spin_button), what);
}

static void
click (Fixture    *fixture,
       GtkWidget  *button,
       const char *what)
{
  focus (fixture, button);
  g_signal_emit_by_name (button, "clicked");
  assert_focus_on (fixture, button, what);
}

static void
type_text (Fixture    *fixture,
           GtkWidget  *entry,
           const char *text,
           const char *what)
{
  focus (fixture, entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  assert_focus_on (fixture, entry, what);
}

static void
choose (Fixture    *fixture,
        GtkWidget  *combo_row,
        guint       position,
        const char *what)
{
  focus (fixture, combo_row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo_row), position);
  assert_focus_on (fixture, combo_row, what);
}

/* --- what each page shows, and the state behind it --- */

static void
defaults_readiness (Fixture *fixture)
{
  pit_wizard_fixture_assert_shows (fixture, "Available (vmx)");
  pit_wizard_fixture_assert_shows (fixture, "Windows guest");
  pit_wizard_fixture_assert_shows (fixture, "The demo host");
  g_assert_false (pit_ui_test_shows_text (pit_wizard_fixture_page (fixture), "Guest operating system"));
  g_assert_true (pit_wizard_state_is_windows (state_of (fixture)));
}

static void
defaults_gpu (Fixture *fixture)
{
  GtkWidget *gtx = control_in_row (fixture, "GeForce GTX 1080", GTK_TYPE_CHECK_BUTTON);
  GtkWidget *igpu = control_in_row (fixture, "the host boots on this card", GTK_TYPE_WIDGET);

  pit_wizard_fixture_assert_shows (fixture, "GP104 [GeForce GTX 1080]");
  pit_wizard_fixture_assert_shows (fixture, "the host boots on this card");
  pit_wizard_fixture_assert_shows (fixture, "GP104 High Definition Audio Controller");
  pit_wizard_fixture_assert_shows (fixture, "Hide the hypervisor (fixes NVIDIA Error 43)");
  pit_wizard_fixture_assert_shows (fixture, "since release 465");
  /* the radio shows the core's choice */
  g_assert_nonnull (igpu);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtx)));
  g_assert_cmpstr (g_ptr_array_index (pit_wizard_state_get_gpus (state_of (fixture)), 0), ==, "0000:04:00.0");
  g_assert_false (pit_wizard_state_get_hide_hypervisor (state_of (fixture)));
}

static void
defaults_display (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);
  GtkWidget *kvm_keyboard = control_in_row (fixture, "Logitech USB Keyboard", GTK_TYPE_CHECK_BUTTON);
  GtkWidget *no_keyboard = control_in_row (fixture, "No keyboard", GTK_TYPE_CHECK_BUTTON);
  GtkWidget *asmedia = control_in_row (fixture, "ASM1142", GTK_TYPE_CHECK_BUTTON);
  GtkWidget *chipset = pit_wizard_test_find_row (pit_wizard_fixture_page (fixture), "100 Series/C230",
                                                 PIT_WIZARD_ROW_TITLE_OR_SUBTITLE_HAS);

  /* Looking Glass: off, its details folded away */
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (control_in_row (fixture, "Show the guest with Looking Glass", ADW_TYPE_EXPANDER_ROW))));
  g_assert_false (pit_ui_test_shows_text (pit_wizard_fixture_page (fixture), "Memory ballooning is removed"));
  /* the host's keyboards from /dev/input/by-id, none chosen */
  pit_wizard_fixture_assert_shows (fixture, "/dev/input/by-id/usb-Logitech_USB_Keyboard-event-kbd · USB port 1-3");
  pit_wizard_fixture_assert_shows (fixture, "Logitech G502 HERO Gaming Mouse");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (no_keyboard)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (kvm_keyboard)));
  g_assert_null (pit_wizard_state_get_evdev_keyboard (state));
  /* the default toggle in words */
  pit_wizard_fixture_assert_shows (fixture, "libvirt’s default: both Ctrl keys");
  pit_wizard_fixture_assert_shows (fixture, "vioinput driver is on the virtio-win disc");
  /* the controllers with their groups and devices; the keyboard's cannot be chosen */
  pit_wizard_fixture_assert_shows (fixture, "IOMMU group 9 · plugged in: Microsoft Controller, CORSAIR VOID PRO USB Gaming Headset");
  pit_wizard_fixture_assert_shows (fixture, "the host would have no keyboard");
  g_assert_true (gtk_widget_is_sensitive (asmedia));
  g_assert_nonnull (chipset);
  g_assert_null (pit_ui_test_find_inside (chipset, GTK_TYPE_CHECK_BUTTON));
  g_assert_null (pit_wizard_state_get_usb_controller (state));
  pit_wizard_fixture_assert_shows (fixture, "045e:02ea · USB port 3-1");
  /* the GTX 1080's HDMI audio goes with it */
  pit_wizard_fixture_assert_shows (fixture, "The guest already has sound on the graphics card");
  g_assert_cmpint (pit_wizard_state_get_sound (state), ==, -1);
  pit_wizard_fixture_assert_shows (fixture, "No sound card is added");
}

static void
defaults_cpu (Fixture *fixture)
{
  guint sockets, cores, threads;

  pit_wizard_fixture_assert_shows (fixture, "8 sockets: Windows client editions use at most 2");
  pit_wizard_fixture_assert_shows (fixture, "Only 2 of 8 vCPUs are allocated now");
  pit_wizard_fixture_assert_shows (fixture, "An idle Windows guest costs the host about 30 % of a core");
  g_assert_true (pit_wizard_state_get_hyperv (state_of (fixture)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (control_in_row (fixture, "Hyper-V enlightenments",
                                                                    GTK_TYPE_SWITCH))));
  pit_wizard_state_get_topology (state_of (fixture), &sockets, &cores, &threads);
  g_assert_cmpuint (sockets, ==, 1);
  g_assert_cmpuint (cores, ==, 4);
  g_assert_cmpuint (threads, ==, 2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (control_in_row (fixture, "Cores per socket",
                                                                                         GTK_TYPE_SPIN_BUTTON))), ==, 4);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (control_in_row (fixture, "Current allocation",
                                                                                         GTK_TYPE_SPIN_BUTTON))), ==, 8);
}

static void
defaults_pinning (Fixture *fixture)
{
  pit_wizard_fixture_assert_shows (fixture, "vCPU 7");
  pit_wizard_fixture_assert_shows (fixture, "emulator");
  g_assert_true (pit_wizard_state_get_pin_auto (state_of (fixture)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (control_in_row (fixture, "Automatic plan", GTK_TYPE_SWITCH))));
}

static void
defaults_memory (Fixture *fixture)
{
  pit_wizard_fixture_assert_shows (fixture, "Needs 16, 24 free on the host");
  g_assert_cmpuint (pit_wizard_state_get_hugepage_kib (state_of (fixture)), ==, 1024 * 1024);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (control_in_row (fixture, "Hugepage size",
                                                                                ADW_TYPE_COMBO_ROW))), ==, 2);
}

static void
defaults_drivers (Fixture *fixture)
{
  pit_wizard_fixture_assert_shows (fixture, "1. Add a small virtio disk");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control_in_row (fixture, "virtio-win disc image",
                                                                         ADW_TYPE_ENTRY_ROW))),
                   ==, pit_wizard_state_get_virtio_iso (state_of (fixture)));
  g_assert_true (pit_wizard_state_get_virtio_nic (state_of (fixture)));
  g_assert_true (pit_wizard_state_get_disk_stage (state_of (fixture)));
  pit_wizard_fixture_assert_shows (fixture, "sda (sata): on hard drives (hddpool/win10)");
  g_assert_cmpuint (pit_wizard_state_get_iothreads (state_of (fixture)), ==, 0);
}

static void
defaults_network (Fixture *fixture)
{
  pit_wizard_fixture_assert_shows (fixture, "eno2");
  pit_wizard_fixture_assert_shows (fixture, "52:54:00:6b:3c:58 (e1000e on default)");
  pit_wizard_fixture_assert_shows (fixture, "Over eno2");
  g_assert_cmpstr (pit_wizard_state_get_bridge (state_of (fixture)), ==, "br-lan");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (control_in_row (fixture, "Bridge", ADW_TYPE_ENTRY_ROW))),
                   ==, "br-lan");
}

static void
defaults_review (Fixture *fixture)
{
  pit_wizard_fixture_assert_shows (fixture, "Configuration Diff");
  /* the host plan for the demo's NixOS, with the GPU and its audio for vfio-pci */
  pit_wizard_fixture_assert_shows (fixture, "10de:1b80,10de:10f0");
}

static void
defaults_apply (Fixture *fixture)
{
  pit_wizard_fixture_assert_shows (fixture, "Save the changes to the virtual machine");
  pit_wizard_fixture_assert_shows (fixture, "No earlier configurations yet");
  g_assert_nonnull (find_button (pit_wizard_fixture_page (fixture), "_Apply Changes"));
}

/* --- the focus stays on what the user used --- */

static void
focus_readiness (Fixture *fixture)
{
  /* nothing to operate here but the header's buttons: Next keeps its focus
   * until the next page is there */
  g_test_message ("the readiness page has no controls of its own");
}

static void
focus_gpu (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);
  GtkWidget *igpu = control_in_row (fixture, "the host boots on this card", GTK_TYPE_CHECK_BUTTON);
  GtkWidget *gtx = control_in_row (fixture, "GeForce GTX 1080", GTK_TYPE_CHECK_BUTTON);
  GtkWidget *hide = control_in_row (fixture, "Hide the hypervisor", GTK_TYPE_SWITCH);

  toggle (fixture, igpu, "choosing the boot GPU");
  g_assert_cmpstr (g_ptr_array_index (pit_wizard_state_get_gpus (state), 0), ==, "0000:00:02.0");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (igpu)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtx)));
  toggle (fixture, gtx, "choosing the GTX 1080 again");
  g_assert_cmpstr (g_ptr_array_index (pit_wizard_state_get_gpus (state), 0), ==, "0000:04:00.0");
  pit_wizard_fixture_assert_shows (fixture, "GP104 High Definition Audio Controller");

  toggle (fixture, hide, "hiding the hypervisor");
  g_assert_true (pit_wizard_state_get_hide_hypervisor (state));
  type_text (fixture, control_in_row (fixture, "Hyper-V vendor ID", ADW_TYPE_ENTRY_ROW), "pitstop", "typing a vendor ID");
  g_assert_cmpstr (pit_wizard_state_get_vendor_id (state), ==, "pitstop");
}

static void
focus_display (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);
  GtkWidget *lg = control_in_row (fixture, "Show the guest with Looking Glass", GTK_TYPE_SWITCH);
  PitLookingGlassMode mode;

  toggle (fixture, lg, "turning Looking Glass on");
  g_assert_true (pit_wizard_state_get_looking_glass (state, &mode));
  g_assert_cmpuint (mode.width, ==, 1920);
  /* the size in words, the balloon it removes and why, the client */
  pit_wizard_fixture_assert_shows (fixture, "32 MiB: two frames of 1920 × 1080 at 4 bytes per pixel");
  pit_wizard_fixture_assert_shows (fixture, "Memory ballooning is removed");
  pit_wizard_fixture_assert_shows (fixture, "all of the guest’s memory stays pinned");
  pit_wizard_fixture_assert_shows (fixture, "“looking-glass-client”");
  choose (fixture, control_in_row (fixture, "largest resolution", ADW_TYPE_COMBO_ROW), 3, "choosing 4K");
  toggle (fixture, control_in_row (fixture, "HDR", GTK_TYPE_SWITCH), "the HDR switch");
  g_assert_true (pit_wizard_state_get_looking_glass (state, &mode));
  g_assert_cmpuint (mode.height, ==, 2160);
  g_assert_true (mode.hdr);
  pit_wizard_fixture_assert_shows (fixture, "256 MiB: two frames of 3840 × 2160 at 8 bytes per pixel");

  toggle (fixture, control_in_row (fixture, "Logitech USB Keyboard", GTK_TYPE_CHECK_BUTTON), "choosing the keyboard");
  g_assert_cmpstr (pit_wizard_state_get_evdev_keyboard (state), ==, "usb-Logitech_USB_Keyboard-event-kbd");
  toggle (fixture, control_in_row (fixture, "-event-mouse", GTK_TYPE_CHECK_BUTTON), "choosing the mouse");
  g_assert_cmpstr (pit_wizard_state_get_evdev_mouse (state), ==,
                   "usb-Logitech_G502_HERO_Gaming_Mouse_0E6D395D3333-event-mouse");
  choose (fixture, control_in_row (fixture, "Switch between host and guest", ADW_TYPE_COMBO_ROW), PIT_GRAB_TOGGLE_SCROLLLOCK,
          "choosing Scroll Lock");
  g_assert_cmpint (pit_wizard_state_get_grab_toggle (state), ==, PIT_GRAB_TOGGLE_SCROLLLOCK);
  toggle (fixture, control_in_row (fixture, "virtio keyboard and mouse", GTK_TYPE_SWITCH), "the virtio inputs");
  g_assert_true (pit_wizard_state_get_virtio_inputs (state));

  toggle (fixture, control_in_row (fixture, "ASM1142", GTK_TYPE_CHECK_BUTTON), "choosing the ASMedia controller");
  g_assert_cmpstr (pit_wizard_state_get_usb_controller (state), ==, "0000:03:00.0");
  toggle (fixture, control_in_row (fixture, "045e:02ea", GTK_TYPE_CHECK_BUTTON), "choosing the game pad");
  g_assert_cmpuint (pit_wizard_state_get_usb_devices (state)->len, ==, 1);
  choose (fixture, control_in_row (fixture, "Sound card", ADW_TYPE_COMBO_ROW), 2, "choosing SPICE sound");
  g_assert_cmpint (pit_wizard_state_get_sound (state), ==, PIT_SOUND_SPICE);
  pit_wizard_fixture_assert_shows (fixture, "Heard where the SPICE viewer runs");

  /* and every choice can be taken back */
  toggle (fixture, control_in_row (fixture, "No keyboard", GTK_TYPE_CHECK_BUTTON), "no keyboard");
  g_assert_null (pit_wizard_state_get_evdev_keyboard (state));
  toggle (fixture, control_in_row (fixture, "The host keeps its USB controllers", GTK_TYPE_CHECK_BUTTON), "no controller");
  g_assert_null (pit_wizard_state_get_usb_controller (state));
  toggle (fixture, control_in_row (fixture, "045e:02ea", GTK_TYPE_CHECK_BUTTON), "the game pad again");
  g_assert_cmpuint (pit_wizard_state_get_usb_devices (state)->len, ==, 0);
  toggle (fixture, lg, "turning Looking Glass off");
  g_assert_false (pit_wizard_state_get_looking_glass (state, NULL));
}

static void
focus_cpu (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);
  guint sockets, cores, threads;

  spin (fixture, GTK_SPIN_BUTTON (control_in_row (fixture, "Cores per socket", GTK_TYPE_SPIN_BUTTON)), 2,
        "spinning the cores");
  pit_wizard_state_get_topology (state, &sockets, &cores, &threads);
  g_assert_cmpuint (cores, ==, 2);
  pit_wizard_fixture_assert_shows (fixture, "4");
  spin (fixture, GTK_SPIN_BUTTON (control_in_row (fixture, "Current allocation", GTK_TYPE_SPIN_BUTTON)), 3,
        "spinning the current allocation");
  g_assert_cmpuint (pit_wizard_state_get_current (state), ==, 3);
  toggle (fixture, control_in_row (fixture, "host-passthrough", GTK_TYPE_SWITCH), "the CPU model switch");
  g_assert_false (pit_wizard_state_get_host_passthrough (state));
  toggle (fixture, control_in_row (fixture, "Hyper-V enlightenments", GTK_TYPE_SWITCH), "the enlightenments switch");
  g_assert_false (pit_wizard_state_get_hyperv (state));
}

static void
focus_pinning (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);
  GtkWidget *grid = pit_ui_test_find_inside (pit_wizard_fixture_page (fixture), GTK_TYPE_GRID);
  GtkWidget *cpu3;

  toggle (fixture, control_in_row (fixture, "Automatic plan", GTK_TYPE_SWITCH), "turning the automatic plan off");
  g_assert_false (pit_wizard_state_get_pin_auto (state));
  spin (fixture, GTK_SPIN_BUTTON (control_in_row (fixture, "vCPU to place", GTK_TYPE_SPIN_BUTTON)), 1,
        "choosing the vCPU");

  g_assert_nonnull (grid);
  cpu3 = find_button (grid, "CPU 3");
  if (cpu3 == NULL)
    {
      /* the automatic plan put something on it: its label has more lines */
      /* (the grid's other children are the L3 caches' headings) */
      for (GtkWidget *b = gtk_widget_get_first_child (grid); b != NULL; b = gtk_widget_get_next_sibling (b))
        if (GTK_IS_BUTTON (b) && g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (b)), "CPU 3\n"))
          cpu3 = b;
    }
  g_assert_nonnull (cpu3);
  click (fixture, cpu3, "clicking host CPU 3");
  g_assert_cmpstr (g_ptr_array_index (pit_wizard_state_get_pins (state), 1), ==, "3");
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (cpu3)), "vCPU 1"));
  /* the next click places the next vCPU */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (control_in_row (fixture, "vCPU to place",
                                                                                         GTK_TYPE_SPIN_BUTTON))), ==, 2);
}

static void
focus_memory (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);

  choose (fixture, control_in_row (fixture, "Hugepage size", ADW_TYPE_COMBO_ROW), 1, "choosing 2 MiB pages");
  g_assert_cmpuint (pit_wizard_state_get_hugepage_kib (state), ==, 2048);
  pit_wizard_fixture_assert_shows (fixture, "Needs 8192");
  choose (fixture, control_in_row (fixture, "Hugepage size", ADW_TYPE_COMBO_ROW), 0, "choosing no hugepages");
  g_assert_cmpuint (pit_wizard_state_get_hugepage_kib (state), ==, 0);
}

static void
focus_drivers (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);

  type_text (fixture, control_in_row (fixture, "virtio-win disc image", ADW_TYPE_ENTRY_ROW), "/tmp/drivers.iso",
             "typing the disc's path");
  g_assert_cmpstr (pit_wizard_state_get_virtio_iso (state), ==, "/tmp/drivers.iso");
  toggle (fixture, control_in_row (fixture, "Use a virtio network card", GTK_TYPE_SWITCH), "the network card switch");
  g_assert_false (pit_wizard_state_get_virtio_nic (state));
  toggle (fixture, control_in_row (fixture, "Do the next step now", GTK_TYPE_SWITCH), "the boot disk switch");
  g_assert_false (pit_wizard_state_get_disk_stage (state));
  spin (fixture, GTK_SPIN_BUTTON (control_in_row (fixture, "I/O threads", GTK_TYPE_SPIN_BUTTON)), 1,
        "spinning the I/O threads");
  g_assert_cmpuint (pit_wizard_state_get_iothreads (state), ==, 1);
  choose (fixture, control_in_row (fixture, "Rotation rate", ADW_TYPE_COMBO_ROW), 3, "choosing a hard drive");
  g_assert_cmpint (pit_wizard_state_get_rotation_rate (state), ==, 2);
}

static void
focus_network (Fixture *fixture)
{
  PitWizardState *state = state_of (fixture);
  GtkWidget *nic = control_in_row (fixture, "network card", ADW_TYPE_COMBO_ROW);

  type_text (fixture, control_in_row (fixture, "Bridge", ADW_TYPE_ENTRY_ROW), "br0", "typing a bridge");
  g_assert_cmpstr (pit_wizard_state_get_bridge (state), ==, "br0");
  choose (fixture, nic, 0, "choosing the VM's network card");
  g_assert_cmpstr (pit_wizard_state_get_bridge_mac (state), ==, "52:54:00:6b:3c:58");
}

static void
focus_review (Fixture *fixture)
{
  GtkWidget *copy = find_button (pit_wizard_fixture_page (fixture), "_Copy");

  choose (fixture, control_in_row (fixture, "Written for", ADW_TYPE_COMBO_ROW), 2, "choosing GRUB");
  pit_wizard_fixture_assert_shows (fixture, "GRUB_CMDLINE_LINUX");
  g_assert_nonnull (copy);
  click (fixture, copy, "Copy");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (copy)), ==, "Copied");
  /* four vCPUs, so the host keeps a core and the isolation can be had */
  pit_wizard_state_set_topology (state_of (fixture), 1, 2, 2);
  pit_wizard_page_refresh (pit_wizard_get_page (fixture->wizard));
  toggle (fixture, control_in_row (fixture, "Keep the host off these cores", GTK_TYPE_SWITCH),
          "the isolation switch");
  g_assert_true (pit_wizard_state_get_isolate (state_of (fixture)));
}

typedef struct
{
  PitDomain *domain;
  const char *needle;
  gboolean present;
} XmlWait;

static gboolean
xml_has (gpointer user_data)
{
  XmlWait *wait = user_data;
  g_autofree char *xml = pit_test_read_inactive_xml (wait->domain);

  return (strstr (xml, wait->needle) != NULL) == wait->present;
}

static void
focus_apply (Fixture *fixture)
{
  PitDomain *domain = pit_connection_find_domain (fixture->connection, "win10-gaming");
  XmlWait applied = { domain, "cores='4' threads='2'", TRUE };
  XmlWait undone = { domain, "cores='4' threads='2'", FALSE };
  GtkWidget *apply = find_button (pit_wizard_fixture_page (fixture), "_Apply Changes");
  GtkWidget *done_row;
  GtkWidget *restore;

  g_assert_nonnull (apply);
  /* not click(): the apply may end before a focus check on the button, and
   * then the focus has rightly moved on */
  focus (fixture, apply);
  g_signal_emit_by_name (apply, "clicked");
  g_assert_true (pit_test_wait_for (xml_has, &applied, 5000));
  pit_ui_test_wait_ms (100);
  /* the Apply button has done its job and goes: the focus goes on to what it did */
  done_row = pit_wizard_test_find_row (pit_wizard_fixture_page (fixture), "The changes are saved",
                                       PIT_WIZARD_ROW_TITLE_OR_SUBTITLE_HAS);
  g_assert_nonnull (done_row);
  assert_focus_on (fixture, done_row, "Apply, once saved");

  restore = find_button (pit_wizard_fixture_page (fixture), "Restore");
  g_assert_nonnull (restore);
  click (fixture, restore, "Restore");
  g_assert_true (pit_test_wait_for (xml_has, &undone, 5000));
  pit_ui_test_wait_ms (100);
  /* the restore added an entry on top; the button pressed is still there */
  pit_wizard_fixture_assert_shows (fixture, "The earlier configuration is back");
  pit_wizard_fixture_assert_shows (fixture, "Before restoring");
  assert_focus_on (fixture, restore, "Restore, once restored");
}

typedef struct
{
  void (*defaults) (Fixture *fixture);
  void (*focus) (Fixture *fixture);
} PageTests;

/* the sections' pages by their enum; the three others by their id */
static const PageTests section_tests[] = {
  [PIT_WIZARD_SECTION_GPU] = { defaults_gpu, focus_gpu },
  [PIT_WIZARD_SECTION_DISPLAY] = { defaults_display, focus_display },
  [PIT_WIZARD_SECTION_CPU] = { defaults_cpu, focus_cpu },
  [PIT_WIZARD_SECTION_PINNING] = { defaults_pinning, focus_pinning },
  [PIT_WIZARD_SECTION_MEMORY] = { defaults_memory, focus_memory },
  [PIT_WIZARD_SECTION_DRIVERS] = { defaults_drivers, focus_drivers },
  [PIT_WIZARD_SECTION_NETWORK] = { defaults_network, focus_network },
};

G_STATIC_ASSERT (G_N_ELEMENTS (section_tests) == PIT_WIZARD_N_SECTIONS);

static const struct
{
  const char *page;
  PageTests tests;
} other_tests[] = {
  { "readiness", { defaults_readiness, focus_readiness } },
  { "review", { defaults_review, focus_review } },
  { "apply", { defaults_apply, focus_apply } },
};

static const PageTests *
tests_for (const char *id)
{
  PitWizardSection section;

  if (pit_wizard_section_from_id (id, &section))
    return &section_tests[section];
  for (guint i = 0; i < G_N_ELEMENTS (other_tests); i++)
    if (g_strcmp0 (other_tests[i].page, id) == 0)
      return &other_tests[i].tests;
  g_error ("no test for the wizard page “%s”", id);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  const PitWizardCase *test = data;

  show (fixture, test->page);
  tests_for (test->page)->defaults (fixture);
}

static void
test_focus_stays (Fixture       *fixture,
                  gconstpointer  data)
{
  const PitWizardCase *test = data;

  show (fixture, test->page);
  tests_for (test->page)->focus (fixture);
}

static void
collect_widgets (GtkWidget *widget,
                 GPtrArray *out)
{
  g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, out);
}

/* nothing changed: a refresh leaves every widget where it was */
static void
test_refresh_keeps_widgets (Fixture       *fixture,
                            gconstpointer  data)
{
  const PitWizardCase *test = data;
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  g_autoptr(GPtrArray) after = g_ptr_array_new ();

  show (fixture, test->page);
  collect_widgets (pit_wizard_fixture_page (fixture), before);
  pit_wizard_page_refresh (pit_wizard_get_page (fixture->wizard));
  pit_ui_test_wait_ms (20);
  collect_widgets (pit_wizard_fixture_page (fixture), after);
  g_test_message ("page %s: %u widgets", test->page, before->len);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (after->pdata[i] == before->pdata[i]);
}

/* An entry of the history without its .ini (its time and description):
 * lost, or, before the .ini was written first, half saved while the page
 * listed the history (a restore in its worker thread) — a fatal critical
 * then.  Its row shows its id. */
static void
test_apply_entry_without_time (Fixture       *fixture,
                               gconstpointer  data)
{
  PitDomain *domain = pit_connection_find_domain (fixture->connection, "win10-gaming");
  g_autoptr(PitHistory) history = pit_history_new (pit_domain_get_uuid (domain));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pit_history_save (history, "<domain type='kvm'/>", "lost", &error);
  g_autofree char *dir = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *xml = NULL;

  g_assert_no_error (error);
  dir = g_build_filename (g_get_user_data_dir (), "pitstop", "history", pit_domain_get_uuid (domain), NULL);
  ini = g_strconcat (dir, G_DIR_SEPARATOR_S, id, ".ini", NULL);
  xml = g_strconcat (dir, G_DIR_SEPARATOR_S, id, ".xml", NULL);
  g_assert_cmpint (g_unlink (ini), ==, 0);
  show (fixture, "apply");
  g_assert_nonnull (pit_wizard_test_find_row (pit_wizard_fixture_page (fixture), id, PIT_WIZARD_ROW_TITLE_IS));
  g_assert_cmpint (g_unlink (xml), ==, 0);
}

/* Next walks the ten pages in order; the subtitle names each from the
 * sections' table */
static void
test_pages_in_order (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = pit_wizard_test_page_ids ();

  for (guint i = 0; i < ids->len; i++)
    {
      PitWizardSection section;
      const char *id = g_ptr_array_index (ids, i);

      g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==, id);
      if (pit_wizard_section_from_id (id, &section))
        {
          g_autofree char *subtitle = g_strdup_printf ("Step %u of %u: %s", i + 1, ids->len,
                                                       pit_wizard_section_get_title (section));

          g_assert_cmpint (pit_wizard_page_get_section (pit_wizard_get_page (fixture->wizard)), ==, section);
          g_assert_cmpstr (pit_wizard_page_get_title (pit_wizard_get_page (fixture->wizard)), ==,
                           pit_wizard_section_get_title (section));
          g_assert_nonnull (pit_ui_test_find_label (GTK_WIDGET (fixture->wizard), subtitle));
        }
      if (i + 1 < ids->len && !pit_wizard_next (fixture->wizard))
        {
          g_test_message ("Next refused on %s: %s", id, pit_wizard_page_get_error (pit_wizard_get_page (fixture->wizard)));
          g_assert_not_reached ();
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-wizard-pages-XXXXXX", NULL);
  g_autoptr(GPtrArray) ids = pit_wizard_test_page_ids ();

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display (run under xvfb-run)");
      return g_test_run ();
    }

  /* a switch changes at once, not at the end of its animation */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_cmpuint (ids->len, ==, PIT_WIZARD_N_SECTIONS + G_N_ELEMENTS (other_tests));
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      pit_wizard_test_add_page_test (id, "defaults", 1.0, test_defaults);
      pit_wizard_test_add_page_test (id, "focus-stays", 1.0, test_focus_stays);
      pit_wizard_test_add_page_test (id, "refresh-keeps-widgets", 1.0, test_refresh_keeps_widgets);
    }
  g_test_add ("/wizard/pages-in-order", Fixture, NULL, pit_wizard_fixture_set_up, test_pages_in_order,
              pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/apply/entry-without-time", Fixture, NULL, pit_wizard_fixture_set_up,
              test_apply_entry_without_time, pit_wizard_fixture_tear_down);

  return pit_wizard_test_run ();
}

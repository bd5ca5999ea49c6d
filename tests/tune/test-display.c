/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-change-evdev.h"
#include "pit-change-gpu.h"
#include "pit-change-looking-glass.h"
#include "pit-change-sound.h"
#include "pit-change-usb-controller.h"
#include "pit-change-usb-device.h"
#include "pit-demo.h"
#include "pit-error.h"
#include "pit-history.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-xml.h"
#include "tune-test.h"

/* See, hear and play the VM (issue #17): Looking Glass, evdev, USB and sound
 * on the demo's win10-gaming with the demo host's desk (data/demo/host-root:
 * keyboard and mouse on 00:14.0, a game pad and a headset on the ASMedia
 * card 03:00.0) — goldens, twice is once, errors that change nothing, the
 * aarch64 guest refused, and apply then undo on the test driver. */

#define KEYBOARD "usb-Logitech_USB_Keyboard-event-kbd"
#define MOUSE "usb-Logitech_G502_HERO_Gaming_Mouse_0E6D395D3333-event-mouse"
#define MOUSE_KBD "usb-Logitech_G502_HERO_Gaming_Mouse_0E6D395D3333-if01-event-kbd"

static PitHostInventory *
desk_host (void)
{
  g_autofree char *root = pit_demo_get_host_root ();
  PitHostProbeOptions options = { root, NULL, NULL };
  g_autoptr(GError) error = NULL;
  PitHostInventory *host = pit_host_inventory_probe (&options, &error);

  g_assert_no_error (error);
  return host;
}

static PitTunePlan *
plan_with_host (PitTuneStep *step)
{
  g_autoptr(PitHostInventory) host = desk_host ();
  PitTunePlan *plan = tune_test_plan_of (step);

  pit_tune_plan_set_host (plan, host);
  return plan;
}

static void
expect_refused_on_arm (PitTuneStep *step)
{
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (step);

  tune_test_expect_error (plan, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED, "only works on x86 guests");
}

/* Looking Glass ---------------------------------------------------------------- */

static void
test_looking_glass (void)
{
  PitChangeLookingGlassOptions options = { { 3840, 2160, FALSE } };
  PitChangeLookingGlassOptions smaller = { { 1920, 1080, FALSE } };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_looking_glass_step (&options));
  g_autoptr(PitTunePlan) again = tune_test_plan_of (pit_change_looking_glass_step (&smaller));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-looking-glass.xml");
  g_autoptr(PitTuneResult) resized = NULL;

  g_assert_nonnull (strstr (result->after_xml, "<size unit=\"M\">128</size>"));
  g_assert_nonnull (strstr (result->after_xml, "<memballoon model=\"none\"/>"));
  g_assert_null (strstr (result->after_xml, "<memballoon model=\"virtio\""));
  g_assert_nonnull (strstr (result->after_xml, "mode=\"3840x2160\""));

  /* a smaller mode later: the same device, resized, and the mode recorded */
  resized = tune_test_run (again, result->after_xml);
  g_assert_nonnull (strstr (resized->after_xml, "<size unit=\"M\">32</size>"));
  g_assert_null (strstr (resized->after_xml, "128"));
  g_assert_null (strstr (strstr (resized->after_xml, "<shmem") + 1, "<shmem"));
  g_assert_nonnull (strstr (resized->after_xml, "mode=\"1920x1080\""));

  expect_refused_on_arm (pit_change_looking_glass_step (&options));
}

static void
test_looking_glass_balloon_details (void)
{
  PitChangeLookingGlassOptions options = { { 2560, 1440, TRUE } };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_looking_glass_step (&options));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autofree char *with_stats = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_auto(GStrv) parts = g_strsplit (xml, "<memballoon model='virtio'/>", 2);

  /* a balloon with statistics and an address, as virt-manager writes it */
  g_assert_nonnull (parts[1]);
  with_stats = g_strconcat (parts[0], "<memballoon model=\"virtio\" autodeflate=\"on\"><stats period=\"5\"/>"
                            "<address type=\"pci\" domain=\"0x0000\" bus=\"0x05\" slot=\"0x00\" function=\"0x0\"/>"
                            "</memballoon>", parts[1], NULL);
  result = tune_test_run (plan, with_stats);
  g_assert_nonnull (strstr (result->after_xml, "<memballoon model=\"none\"/>"));
  g_assert_null (strstr (result->after_xml, "period"));
  g_assert_null (strstr (result->after_xml, "autodeflate"));
  /* HDR doubles the bytes per pixel: 1440p HDR is 128 MiB */
  g_assert_nonnull (strstr (result->after_xml, "<size unit=\"M\">128</size>"));
  tune_test_assert_idempotent (plan, result);
}

/* evdev --------------------------------------------------------------------------- */

static void
test_evdev (void)
{
  PitChangeEvdevOptions options = { KEYBOARD, "/dev/input/by-id/" MOUSE, PIT_GRAB_TOGGLE_CTRL_CTRL, TRUE };
  g_autoptr(PitTunePlan) plan = plan_with_host (pit_change_evdev_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-evdev.xml");
  PitTuneStep *step = pit_tune_plan_get_step (plan, 0);

  g_assert_nonnull (strstr (result->after_xml, "<source dev=\"/dev/input/by-id/" KEYBOARD "\" grab=\"all\" "
                                               "grabToggle=\"ctrl-ctrl\" repeat=\"on\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<source dev=\"/dev/input/by-id/" MOUSE "\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<input type=\"keyboard\" bus=\"virtio\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<input type=\"mouse\" bus=\"virtio\"/>"));
  /* the default in words, as the review page says it */
  g_assert_nonnull (strstr (step->description, "both Ctrl keys"));
  g_assert_cmpuint (result->warnings->len, ==, 0);
}

static void
test_evdev_switch_keyboard (void)
{
  PitChangeEvdevOptions first = { KEYBOARD, NULL, PIT_GRAB_TOGGLE_CTRL_CTRL, FALSE };
  PitChangeEvdevOptions second = { MOUSE_KBD, NULL, PIT_GRAB_TOGGLE_SCROLLLOCK, FALSE };
  g_autoptr(PitTunePlan) a = plan_with_host (pit_change_evdev_step (&first));
  g_autoptr(PitTunePlan) b = plan_with_host (pit_change_evdev_step (&second));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) one = tune_test_run (a, xml);
  g_autoptr(PitTuneResult) two = tune_test_run (b, one->after_xml);
  const char *old = strstr (two->after_xml, KEYBOARD "\"");

  /* libvirt allows one grab: the new keyboard has it, the old one keeps
   * its place without */
  g_assert_nonnull (old);
  g_assert_true (g_str_has_prefix (old, KEYBOARD "\" repeat=\"on\"/>"));
  g_assert_nonnull (strstr (two->after_xml, MOUSE_KBD "\" grab=\"all\" grabToggle=\"scrolllock\" repeat=\"on\"/>"));
}

static void
test_evdev_errors (void)
{
  PitChangeEvdevOptions missing = { "usb-Nobody_Keyboard-event-kbd", NULL, PIT_GRAB_TOGGLE_CTRL_CTRL, FALSE };
  PitChangeEvdevOptions escape = { "../../etc/passwd", NULL, PIT_GRAB_TOGGLE_CTRL_CTRL, FALSE };
  PitChangeEvdevOptions same = { KEYBOARD, KEYBOARD, PIT_GRAB_TOGGLE_CTRL_CTRL, FALSE };
  PitChangeEvdevOptions nothing = { NULL, NULL, PIT_GRAB_TOGGLE_CTRL_CTRL, FALSE };
  PitChangeEvdevOptions swapped = { MOUSE, KEYBOARD, PIT_GRAB_TOGGLE_ALT_ALT, FALSE };
  g_autoptr(PitTunePlan) pa = plan_with_host (pit_change_evdev_step (&missing));
  g_autoptr(PitTunePlan) pb = plan_with_host (pit_change_evdev_step (&escape));
  g_autoptr(PitTunePlan) pc = plan_with_host (pit_change_evdev_step (&same));
  g_autoptr(PitTunePlan) pd = plan_with_host (pit_change_evdev_step (&nothing));
  g_autoptr(PitTunePlan) pe = plan_with_host (pit_change_evdev_step (&swapped));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PitGrabToggle toggle = PIT_GRAB_TOGGLE_ALT_ALT;

  tune_test_expect_error (pa, "win10-gaming.xml", PIT_ERROR_NOT_FOUND, "The host has no keyboard or mouse");
  tune_test_expect_error (pb, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "is not a device of /dev/input/by-id");
  tune_test_expect_error (pc, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "the same device");
  tune_test_expect_error (pd, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "Choose a keyboard or a mouse");
  /* a mouse given as the keyboard works (evdev does not care) but is said */
  result = tune_test_run (pe, xml);
  g_assert_cmpuint (result->warnings->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (result->warnings, 0), "is a mouse, given as the keyboard"));

  g_assert_false (pit_grab_toggle_from_string ("ctrl-alt-del", &toggle, &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (toggle, ==, PIT_GRAB_TOGGLE_ALT_ALT);
  g_assert_true (pit_grab_toggle_from_string ("Meta-Meta", &toggle, NULL));
  g_assert_cmpint (toggle, ==, PIT_GRAB_TOGGLE_META_META);
  g_assert_cmpstr (pit_grab_toggle_to_string (PIT_GRAB_TOGGLE_CTRL_CTRL), ==, "both Ctrl keys");

  expect_refused_on_arm (pit_change_evdev_step (&(PitChangeEvdevOptions) { KEYBOARD, NULL, 0, FALSE }));
}

/* USB ------------------------------------------------------------------------------ */

static void
test_usb_controller (void)
{
  PitChangeUsbControllerOptions card = { "03:00.0" };
  PitChangeUsbControllerOptions board = { "0000:00:14.0" };
  PitChangeUsbControllerOptions nic = { "00:1f.6" };
  g_autoptr(PitTunePlan) plan = plan_with_host (pit_change_usb_controller_step (&card));
  g_autoptr(PitTunePlan) shared = plan_with_host (pit_change_usb_controller_step (&board));
  g_autoptr(PitTunePlan) wrong = plan_with_host (pit_change_usb_controller_step (&nic));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-usb-controller.xml");
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) keyboard = tune_test_run (shared, xml);

  /* the card alone: its root port stays with the host */
  g_assert_nonnull (strstr (result->after_xml, "bus=\"0x03\" slot=\"0x00\" function=\"0x0\""));
  g_assert_null (strstr (result->after_xml, "slot=\"0x1c\""));
  g_assert_cmpuint (result->warnings->len, ==, 0);
  /* the board's controller: allowed, with the keyboard said */
  g_assert_cmpuint (keyboard->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (keyboard->warnings, 0), "Logitech USB Keyboard"));
  tune_test_expect_error (wrong, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "is not a USB controller");
  expect_refused_on_arm (pit_change_usb_controller_step (&card));
}

static void
test_usb_device (void)
{
  const char *ids[] = { "045e:02ea", "0x1b1c:0x0a51", NULL };
  const char *unplugged[] = { "dead:beef", NULL };
  const char *bad[] = { "045e:02ea", "xbox", NULL };
  PitChangeUsbDeviceOptions options = { ids };
  PitChangeUsbDeviceOptions away = { unplugged };
  PitChangeUsbDeviceOptions wrong = { bad };
  g_autoptr(PitTunePlan) plan = plan_with_host (pit_change_usb_device_step (&options));
  g_autoptr(PitTunePlan) pa = plan_with_host (pit_change_usb_device_step (&away));
  g_autoptr(PitTunePlan) pb = plan_with_host (pit_change_usb_device_step (&wrong));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-usb-device.xml");
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) warned = tune_test_run (pa, xml);

  g_assert_nonnull (strstr (result->after_xml, "<vendor id=\"0x1b1c\"/>"));
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_assert_cmpuint (warned->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warned->warnings, 0), "dead:beef"));
  /* one bad id: nothing added, not even the good one */
  tune_test_expect_error (pb, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "“xbox” is not a USB vendor:product id");
  /* a guest with USB turned off */
  {
    g_autofree char *no_usb = NULL;
    g_auto(GStrv) parts = g_strsplit (xml, "model='qemu-xhci' ports='15'", 2);
    g_autoptr(GError) error = NULL;
    g_autoptr(PitTuneResult) refused = NULL;

    g_assert_nonnull (parts[1]);
    no_usb = g_strjoin ("model='none'", parts[0], parts[1], NULL);
    refused = pit_tune_plan_run (plan, no_usb, NULL, &error);
    g_assert_null (refused);
    g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "USB turned off"));
  }
}

/* Sound ---------------------------------------------------------------------------- */

static void
test_sound (void)
{
  PitChangeSoundOptions pulse = { PIT_SOUND_PULSEAUDIO, "/run/user/1000/pulse/native" };
  PitChangeSoundOptions spice = { PIT_SOUND_SPICE, NULL };
  PitChangeSoundOptions no_socket = { PIT_SOUND_PULSEAUDIO, NULL };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_sound_step (&pulse));
  g_autoptr(PitTunePlan) then_spice = tune_test_plan_of (pit_change_sound_step (&spice));
  g_autoptr(PitTunePlan) missing = tune_test_plan_of (pit_change_sound_step (&no_socket));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-sound.xml");
  g_autoptr(PitTuneResult) switched = tune_test_run (then_spice, result->after_xml);

  g_assert_nonnull (strstr (result->after_xml, "<audio id=\"1\" type=\"pulseaudio\" "
                                               "serverName=\"/run/user/1000/pulse/native\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<sound model=\"ich9\">\n      <audio id=\"1\"/>"));
  /* SPICE next: a second backend, and the card follows it */
  g_assert_nonnull (strstr (switched->after_xml, "<audio id=\"2\" type=\"spice\"/>"));
  g_assert_nonnull (strstr (switched->after_xml, "<sound model=\"ich9\">\n      <audio id=\"2\"/>"));
  /* the demo guest has a SPICE display: no warning */
  g_assert_cmpuint (switched->warnings->len, ==, 0);
  tune_test_expect_error (missing, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "/run/user/1000/pulse/native");
  expect_refused_on_arm (pit_change_sound_step (&spice));
}

static void
test_sound_old_card_and_hdmi (void)
{
  PitChangeSoundOptions pulse = { PIT_SOUND_PULSEAUDIO, "/run/user/1000/pulse/native" };
  const char *gpus[] = { "04:00.0", NULL };
  PitChangeGpuOptions gpu = { gpus, FALSE, NULL };
  g_autoptr(PitTunePlan) plan = plan_with_host (pit_change_gpu_step (&gpu));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_auto(GStrv) parts = g_strsplit (xml, "<sound model='ich9'/>", 2);
  g_autofree char *ich6 = NULL;
  g_autoptr(PitTuneResult) result = NULL;

  g_assert_nonnull (parts[1]);
  ich6 = g_strconcat (parts[0], "<sound model=\"ich6\"><codec type=\"micro\"/></sound>", parts[1], NULL);
  pit_tune_plan_add (plan, pit_change_sound_step (&pulse));
  result = tune_test_run (plan, ich6);
  /* one card, now ich9, its ich6 codec gone */
  g_assert_null (strstr (result->after_xml, "ich6"));
  g_assert_null (strstr (result->after_xml, "codec"));
  g_assert_null (strstr (strstr (result->after_xml, "<sound ") + 1, "<sound "));
  /* the GPU's HDMI audio came along: the guest has sound there already */
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->warnings, 0), "HDMI"));
  g_assert_nonnull (strstr (g_ptr_array_index (result->warnings, 0), "0000:04:00.1"));
  tune_test_assert_idempotent (plan, result);
}

/* All of it, applied to the test driver's guest and undone ------------------------- */

static void
test_apply_and_undo (void)
{
  PitDomain *domain = pit_connection_find_domain (tune_test_demo, "win10-gaming");
  virDomainPtr handle = pit_domain_get_handle (domain);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *saved = NULL;
  const char *ids[] = { "045e:02ea", NULL };
  PitChangeLookingGlassOptions lg = { { 1920, 1080, FALSE } };
  PitChangeEvdevOptions evdev = { KEYBOARD, MOUSE, PIT_GRAB_TOGGLE_CTRL_CTRL, TRUE };
  PitChangeUsbDeviceOptions usb = { ids };
  PitChangeSoundOptions sound = { PIT_SOUND_SPICE, NULL };
  g_autoptr(PitTunePlan) plan = plan_with_host (pit_change_looking_glass_step (&lg));
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pit_tune_plan_add (plan, pit_change_evdev_step (&evdev));
  pit_tune_plan_add (plan, pit_change_usb_device_step (&usb));
  pit_tune_plan_add (plan, pit_change_sound_step (&sound));
  g_assert_nonnull (handle);
  /* once defined, the test driver lays out <metadata> itself (test-apply's
   * settle()): start from there */
  {
    g_autofree char *xml = pit_tune_fetch_inactive_xml (handle, &error);
    virDomainPtr defined = virDomainDefineXML (virDomainGetConnect (handle), xml);

    g_assert_nonnull (defined);
    virDomainFree (defined);
  }
  before = pit_tune_fetch_inactive_xml (handle, &error);
  g_assert_no_error (error);

  /* libvirt's own parser takes all of it */
  result = pit_tune_apply (handle, plan, PIT_TUNE_APPLY_LIVE, &error);
  g_assert_no_error (error);
  g_assert_true (result->changed);
  after = pit_tune_fetch_inactive_xml (handle, &error);
  g_assert_nonnull (strstr (after, "<shmem name='looking-glass'>"));
  g_assert_nonnull (strstr (after, "grabToggle"));

  saved = pit_tune_restore (handle, result->history_id, &error);
  g_assert_no_error (error);
  restored = pit_tune_fetch_inactive_xml (handle, &error);
  g_assert_cmpstr (restored, ==, before);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tune_test_isolate_data ();
  pit_core_init ();
  tune_test_demo = pit_test_open_demo ();

  g_test_add_func ("/tune/looking-glass/win10", test_looking_glass);
  g_test_add_func ("/tune/looking-glass/balloon-details", test_looking_glass_balloon_details);
  g_test_add_func ("/tune/evdev/win10", test_evdev);
  g_test_add_func ("/tune/evdev/switch-keyboard", test_evdev_switch_keyboard);
  g_test_add_func ("/tune/evdev/errors", test_evdev_errors);
  g_test_add_func ("/tune/usb/controller", test_usb_controller);
  g_test_add_func ("/tune/usb/device", test_usb_device);
  g_test_add_func ("/tune/sound/win10", test_sound);
  g_test_add_func ("/tune/sound/old-card-and-hdmi", test_sound_old_card_and_hdmi);
  g_test_add_func ("/tune/display/apply-and-undo", test_apply_and_undo);

  ret = g_test_run ();
  g_clear_object (&tune_test_demo);
  tune_test_remove_data ();
  return ret;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keyboards and mice from /dev/input/by-id and USB controllers from sysfs,
 * on recorded trees: the demo's desk (keyboard and mouse on the board's
 * controller, a game pad and a headset on a card of their own), the AMD
 * board whose chipset controller shares IOMMU group 13 with a GPU, and a
 * host without udev's by-id folder. */
#include "config.h"

#include <glib/gstdio.h>

#include "host-test.h"
#include "pit-demo.h"
#include "pit-host-reader.h"
#include "pit-host-usb-device.h"

static char *
demo_root (void)
{
  return pit_demo_get_host_root ();
}

static void
test_split (void)
{
  g_autofree char *controller = NULL;
  g_autofree char *port = NULL;

  g_assert_true (pit_host_usb_path_split ("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3.2/1-3.2:1.0/"
                                          "0003:046D:C31C.0001/input/input1/event3", &controller, &port));
  g_assert_cmpstr (controller, ==, "0000:00:14.0");
  g_assert_cmpstr (port, ==, "1-3.2");
  /* a PS/2 keyboard is not on USB */
  g_assert_false (pit_host_usb_path_split ("/sys/devices/platform/i8042/serio0/input/input0/event0", NULL, NULL));
  /* a controller behind bridges: the last PCI address before usbN */
  g_clear_pointer (&controller, g_free);
  g_clear_pointer (&port, g_free);
  g_assert_true (pit_host_usb_path_split ("/sys/devices/pci0000:00/0000:00:01.3/0000:02:00.0/usb1/1-5/1-5.1/"
                                          "1-5.1:1.0/x/input/input2/event5", &controller, &port));
  g_assert_cmpstr (controller, ==, "0000:02:00.0");
  g_assert_cmpstr (port, ==, "1-5.1");
  g_assert_true (pit_host_usb_is_port_name ("10-1.4.1"));
  g_assert_false (pit_host_usb_is_port_name ("1-3:1.0"));
  g_assert_false (pit_host_usb_is_port_name ("usb1"));
  g_assert_false (pit_host_usb_is_port_name ("-3"));
}

static void
test_demo_inputs (void)
{
  g_autofree char *root = demo_root ();
  g_autoptr(PitHostInventory) inventory = host_test_probe (root, NULL);
  GPtrArray *inputs = pit_host_inventory_get_input_devices (inventory);
  PitHostInputDevice *keyboard;
  PitHostInputDevice *mouse;

  /* the game pad's -event-joystick is neither: three devices */
  g_assert_cmpuint (inputs->len, ==, 3);
  keyboard = pit_host_inventory_find_input_device (inventory, "usb-Logitech_USB_Keyboard-event-kbd");
  g_assert_nonnull (keyboard);
  g_assert_cmpint (keyboard->kind, ==, PIT_HOST_INPUT_KEYBOARD);
  g_assert_cmpstr (keyboard->path, ==, "/dev/input/by-id/usb-Logitech_USB_Keyboard-event-kbd");
  g_assert_cmpstr (keyboard->event, ==, "event3");
  g_assert_cmpstr (keyboard->name, ==, "Logitech USB Keyboard");
  g_assert_cmpstr (keyboard->usb_controller, ==, "0000:00:14.0");
  g_assert_cmpstr (keyboard->usb_port, ==, "1-3");
  /* found by its full path too */
  g_assert_true (pit_host_inventory_find_input_device (inventory, keyboard->path) == keyboard);

  mouse = pit_host_inventory_find_input_device (inventory,
                                                "usb-Logitech_G502_HERO_Gaming_Mouse_0E6D395D3333-event-mouse");
  g_assert_nonnull (mouse);
  g_assert_cmpint (mouse->kind, ==, PIT_HOST_INPUT_MOUSE);
  g_assert_cmpstr (mouse->usb_port, ==, "1-4");
  g_assert_null (pit_host_inventory_find_input_device (inventory, "usb-Microsoft_Controller-event-joystick"));
}

static void
test_demo_controllers (void)
{
  g_autofree char *root = demo_root ();
  g_autoptr(PitHostInventory) inventory = host_test_probe (root, NULL);
  GPtrArray *usb = pit_host_inventory_get_usb_controllers (inventory);
  PitHostUsbController *board, *card;
  PitHostUsbDevice *headset;

  g_assert_cmpuint (usb->len, ==, 2);
  board = pit_host_inventory_find_usb_controller (inventory, "00:14.0");
  card = pit_host_inventory_find_usb_controller (inventory, "0000:03:00.0");
  g_assert_nonnull (board);
  g_assert_nonnull (card);

  /* alone in its group, but the keyboard is on it */
  g_assert_true (board->passthrough->viable);
  g_assert_true (board->host_keyboard);
  g_assert_false (board->clean);
  g_assert_nonnull (strstr (board->reason, "Logitech USB Keyboard"));
  g_assert_cmpuint (board->devices->len, ==, 2);
  g_assert_cmpuint (board->inputs->len, ==, 3);

  /* the card: its root port is a bridge and stays with the host */
  g_assert_true (card->clean);
  g_assert_null (card->reason);
  g_assert_cmpint (card->device->iommu_group, ==, 9);
  g_assert_cmpuint (card->passthrough->devices->len, ==, 1);
  g_assert_cmpuint (card->devices->len, ==, 2);
  headset = card->devices->pdata[1];
  g_assert_cmpstr (headset->port, ==, "3-2");
  g_assert_cmpuint (headset->vendor_id, ==, 0x1b1c);
  g_assert_cmpuint (headset->product_id, ==, 0x0a51);
  g_assert_cmpstr (headset->product, ==, "CORSAIR VOID PRO USB Gaming Headset");
  g_assert_false (headset->hub);
}

static void
test_shared_group (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("amd-fedora-usb-group", NULL);
  PitHostUsbController *chipset = pit_host_inventory_find_usb_controller (inventory, "0000:02:00.0");
  PitHostUsbController *cpu = pit_host_inventory_find_usb_controller (inventory, "0000:0c:00.3");
  PitHostInputDevice *mouse;

  g_assert_nonnull (chipset);
  g_assert_nonnull (cpu);
  /* not viable: the RX 580 and its audio share group 13; the group says so
   * first, before the keyboard */
  g_assert_false (chipset->passthrough->viable);
  g_assert_true (chipset->passthrough->viable_known);
  g_assert_false (chipset->clean);
  g_assert_true (chipset->host_keyboard);
  g_assert_nonnull (strstr (chipset->reason, "IOMMU group 13"));
  g_assert_nonnull (strstr (chipset->reason, "0000:05:00.0"));
  /* a hub and the mouse behind it, in port order */
  g_assert_cmpuint (chipset->devices->len, ==, 3);
  g_assert_cmpstr (((PitHostUsbDevice *) chipset->devices->pdata[1])->port, ==, "1-5");
  g_assert_true (((PitHostUsbDevice *) chipset->devices->pdata[1])->hub);
  g_assert_cmpstr (((PitHostUsbDevice *) chipset->devices->pdata[2])->port, ==, "1-5.1");
  mouse = pit_host_inventory_find_input_device (inventory,
                                                "usb-Logitech_G502_HERO_Gaming_Mouse_0E6D395D3333-event-mouse");
  g_assert_cmpstr (mouse->usb_port, ==, "1-5.1");

  g_assert_true (cpu->clean);
  g_assert_false (cpu->host_keyboard);
}

static void
test_no_by_id (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-nouveau", NULL);
  GPtrArray *usb = pit_host_inventory_get_usb_controllers (inventory);

  /* no udev by-id folder: no keyboards, and that is not a read problem */
  g_assert_cmpuint (pit_host_inventory_get_input_devices (inventory)->len, ==, 0);
  g_assert_false (host_test_has_problem (inventory, "by-id"));
  g_assert_cmpuint (usb->len, ==, 1);
  g_assert_true (((PitHostUsbController *) usb->pdata[0])->clean);
  g_assert_cmpuint (((PitHostUsbController *) usb->pdata[0])->devices->len, ==, 0);
}

static void
test_dangling_link (void)
{
  g_autofree char *source = demo_root ();
  g_autofree char *root = host_test_copy_tree (source);
  g_autofree char *event = g_build_filename (root, "sys", "class", "input", "event3", NULL);
  g_autoptr(PitHostInventory) inventory = NULL;
  PitHostInputDevice *keyboard;

  /* the keyboard was unplugged between udev's link and our read */
  g_assert_cmpint (g_unlink (event), ==, 0);
  inventory = host_test_probe (root, NULL);
  keyboard = pit_host_inventory_find_input_device (inventory, "usb-Logitech_USB_Keyboard-event-kbd");
  g_assert_nonnull (keyboard);
  g_assert_null (keyboard->usb_controller);
  g_assert_null (keyboard->name);
  /* the board's controller now has only the mouse's keyboard interface */
  g_assert_cmpuint (pit_host_inventory_find_usb_controller (inventory, "0000:00:14.0")->inputs->len, ==, 2);
  host_test_remove_tree (root);
}

/* What a user tells USB devices by: the manufacturer and the product, as
 * the devices give them in sysfs.  Three receivers all say "USB Receiver";
 * a product that starts with the manufacturer's name does not repeat it;
 * a device without a manufacturer has its vendor:product ids. */
static void
test_names (void)
{
  static const struct
  {
    const char *port, *vendor, *product, *manufacturer_text, *product_text, *name;
  } cases[] = {
    { "1-1", "046d", "c52b", "Logitech\n", "USB Receiver\n", "Logitech USB Receiver" },
    { "1-2", "1b1c", "1b65", "Corsair\n", "USB Receiver\n", "Corsair USB Receiver" },
    { "1-3", "3938", "1031", NULL, "USB Receiver   \n", "USB Receiver (3938:1031)" },
    { "1-4", "1b1c", "0a51", "Corsair\n", "CORSAIR VOID PRO USB Gaming Headset\n",
      "CORSAIR VOID PRO USB Gaming Headset" },
    { "1-5", "046d", "c08b", "Logitech, Inc.\n", "Logitech G502\n", "Logitech G502" },
    { "1-6", "1532", "0084", "Razer\n", NULL, "Razer (1532:0084)" },
    { "1-7", "0bda", "5411", "\n", NULL, "0bda:5411" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("pitstop-usb-XXXXXX", &error);
  g_autoptr(PitHostReader) reader = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = g_build_filename ("sys/bus/usb/devices", cases[i].port, NULL);
      g_autofree char *vendor = g_strconcat (cases[i].vendor, "\n", NULL);
      g_autofree char *product = g_strconcat (cases[i].product, "\n", NULL);
      g_autofree char *vendor_file = g_build_filename (dir, "idVendor", NULL);
      g_autofree char *product_file = g_build_filename (dir, "idProduct", NULL);

      host_test_write (root, vendor_file, vendor, -1);
      host_test_write (root, product_file, product, -1);
      if (cases[i].manufacturer_text != NULL)
        {
          g_autofree char *file = g_build_filename (dir, "manufacturer", NULL);

          host_test_write (root, file, cases[i].manufacturer_text, -1);
        }
      if (cases[i].product_text != NULL)
        {
          g_autofree char *file = g_build_filename (dir, "product", NULL);

          host_test_write (root, file, cases[i].product_text, -1);
        }
    }

  reader = pit_host_reader_new (root);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename ("/sys/bus/usb/devices", cases[i].port, NULL);
      g_autoptr(PitHostUsbDevice) device = pit_host_usb_device_probe (reader, path, cases[i].port);
      char *name;

      g_assert_nonnull (device);
      name = pit_host_usb_device_dup_name (device);
      g_assert_cmpstr (name, ==, cases[i].name);
      g_hash_table_add (names, name);
    }
  /* the three receivers, and every other device, by a name of its own */
  g_assert_cmpuint (g_hash_table_size (names), ==, G_N_ELEMENTS (cases));
  host_test_remove_dir (root);
}

static void
test_cli_json (void)
{
  const char *argv[] = { "host", "--demo", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"input_devices\":[{\"id\":\"usb-Logitech_G502_HERO_Gaming_Mouse_0E6D395D3333-event-mouse\","));
  g_assert_nonnull (strstr (out, "{\"id\":\"usb-Logitech_USB_Keyboard-event-kbd\",\"path\":\"/dev/input/by-id/"
                                 "usb-Logitech_USB_Keyboard-event-kbd\",\"kind\":\"keyboard\",\"event\":\"event3\","
                                 "\"name\":\"Logitech USB Keyboard\",\"usb_controller\":\"0000:00:14.0\","
                                 "\"usb_port\":\"1-3\"}"));
  g_assert_nonnull (strstr (out, "\"usb_controllers\":[{\"address\":\"0000:00:14.0\","));
  g_assert_nonnull (strstr (out, "\"iommu_group\":3,\"passthrough_set\":[\"0000:00:14.0\"],\"viable\":true,"
                                 "\"foreign\":[],\"host_keyboard\":true,\"clean\":false,"));
  g_assert_nonnull (strstr (out, "{\"address\":\"0000:03:00.0\",\"name\":\"ASM1142 USB 3.1 Host Controller\","
                                 "\"iommu_group\":9,\"passthrough_set\":[\"0000:03:00.0\"],\"viable\":true,"
                                 "\"foreign\":[],\"host_keyboard\":false,\"clean\":true,\"reason\":null,"
                                 "\"devices\":[{\"port\":\"3-1\",\"vendor_id\":\"045e\",\"product_id\":\"02ea\","
                                 "\"manufacturer\":\"Microsoft\",\"product\":\"Controller\",\"hub\":false},"));
}

static void
test_cli_text (void)
{
  const char *argv[] = { "host", "--demo", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\nKeyboards and mice\n"));
  g_assert_nonnull (strstr (out, "usb-Logitech_USB_Keyboard-event-kbd\n"));
  g_assert_nonnull (strstr (out, "\nUSB controllers\n"));
  g_assert_nonnull (strstr (out, "0000:03:00.0 ASM1142 USB 3.1 Host Controller, IOMMU group 9\n"
                                 "  can be passed through on its own\n"));
  /* the game pad says only "Controller": its manufacturer comes first */
  g_assert_nonnull (strstr (out, "  3-1      045e:02ea Microsoft Controller\n"));
  g_assert_nonnull (strstr (out, "  3-2      1b1c:0a51 CORSAIR VOID PRO USB Gaming Headset\n"));
  g_assert_nonnull (strstr (out, "  not clean: The host’s keyboard ("));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/usb/split", test_split);
  g_test_add_func ("/host/usb/demo-inputs", test_demo_inputs);
  g_test_add_func ("/host/usb/demo-controllers", test_demo_controllers);
  g_test_add_func ("/host/usb/shared-group", test_shared_group);
  g_test_add_func ("/host/usb/no-by-id", test_no_by_id);
  g_test_add_func ("/host/usb/dangling-link", test_dangling_link);
  g_test_add_func ("/host/usb/names", test_names);
  g_test_add_func ("/host/usb/cli-json", test_cli_json);
  g_test_add_func ("/host/usb/cli-text", test_cli_text);

  return g_test_run ();
}

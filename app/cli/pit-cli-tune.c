/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "pit-change-bridge.h"
#include "pit-change-cpu.h"
#include "pit-change-disk-stage.h"
#include "pit-change-evdev.h"
#include "pit-change-gpu.h"
#include "pit-change-hide-hypervisor.h"
#include "pit-change-hugepages.h"
#include "pit-change-hyperv.h"
#include "pit-change-iothreads.h"
#include "pit-change-looking-glass.h"
#include "pit-change-pinning.h"
#include "pit-change-rotation-rate.h"
#include "pit-change-secure-boot.h"
#include "pit-change-sound.h"
#include "pit-change-timers.h"
#include "pit-change-tpm.h"
#include "pit-change-usb-controller.h"
#include "pit-change-usb-device.h"
#include "pit-change-virtio-iso.h"
#include "pit-change-virtio-nic.h"
#include "pit-cli.h"
#include "pit-demo.h"
#include "pit-error.h"
#include "pit-host-inventory.h"
#include "pit-tune-apply.h"

typedef struct
{
  char *xml;
  char *domain;
  char *root;
  char *pci_dump;
  char **gpus;
  gboolean no_companions;
  char *rom;
  gboolean hide_hypervisor;
  char *vendor_id;
  gboolean hyperv;
  gboolean hyperv_passthrough;
  gboolean timers;
  char *rotation_rate;
  char *cpu_mode;
  char *topology;
  char *vcpus;
  char *pin;
  char *emulator_pin;
  int iothreads;
  char *hugepages;
  gboolean hugepages_planned;
  char *virtio_iso;
  gboolean virtio_nic;
  char *nic;
  char *bridge;
  char *disk_stage;
  char *dummy_disk;
  char *looking_glass;
  char *evdev_keyboard;
  char *evdev_mouse;
  char *grab_toggle;
  gboolean virtio_input;
  char **usb_controllers;
  char **usb_devices;
  char *sound;
  gboolean tpm;
  gboolean secure_boot;
  gboolean diff;
  gboolean apply;
} TuneOptions;

static void
tune_options_clear (TuneOptions *o)
{
  g_free (o->xml);
  g_free (o->domain);
  g_free (o->root);
  g_free (o->pci_dump);
  g_strfreev (o->gpus);
  g_free (o->rom);
  g_free (o->rotation_rate);
  g_free (o->vendor_id);
  g_free (o->cpu_mode);
  g_free (o->topology);
  g_free (o->vcpus);
  g_free (o->pin);
  g_free (o->emulator_pin);
  g_free (o->hugepages);
  g_free (o->virtio_iso);
  g_free (o->nic);
  g_free (o->bridge);
  g_free (o->disk_stage);
  g_free (o->dummy_disk);
  g_free (o->looking_glass);
  g_free (o->evdev_keyboard);
  g_free (o->evdev_mouse);
  g_free (o->grab_toggle);
  g_strfreev (o->usb_controllers);
  g_strfreev (o->usb_devices);
  g_free (o->sound);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TuneOptions, tune_options_clear)

static gboolean
hide_hypervisor_cb (const char  *name,
                    const char  *value,
                    gpointer     data,
                    GError     **error)
{
  TuneOptions *o = data;

  o->hide_hypervisor = TRUE;
  g_free (o->vendor_id);
  o->vendor_id = g_strdup (value);
  return TRUE;
}

static gboolean
hyperv_cb (const char  *name,
           const char  *value,
           gpointer     data,
           GError     **error)
{
  TuneOptions *o = data;

  if (value != NULL && !g_str_equal (value, "passthrough"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--hyperv: only “passthrough” may follow, not “%s”"), value);
      return FALSE;
    }
  o->hyperv = TRUE;
  o->hyperv_passthrough = value != NULL;
  return TRUE;
}

static gboolean
parse_uint (const char  *text,
            const char  *what,
            guint       *value,
            GError     **error)
{
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &parsed, NULL))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("%s: “%s” is not a positive number"), what, text);
      return FALSE;
    }
  *value = (guint) parsed;
  return TRUE;
}

static gboolean
add_cpu_change (PitTunePlan  *plan,
                TuneOptions  *o,
                GError      **error)
{
  PitChangeCpuOptions cpu = { 0 };

  if (o->cpu_mode == NULL && o->topology == NULL && o->vcpus == NULL)
    return TRUE;

  if (o->cpu_mode != NULL)
    {
      if (!g_str_equal (o->cpu_mode, "host-passthrough"))
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("--cpu-mode: only host-passthrough is offered, not “%s”"), o->cpu_mode);
          return FALSE;
        }
      cpu.host_passthrough = TRUE;
    }

  if (o->topology != NULL && g_str_equal (o->topology, "host"))
    cpu.topology_from_host = TRUE;
  else if (o->topology != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (o->topology, ":", -1);
      guint n = g_strv_length (parts);

      if (n != 3 && n != 4)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("--topology: expected SOCKETS:CORES:THREADS (or SOCKETS:DIES:CORES:THREADS) or “host”, not “%s”"),
                       o->topology);
          return FALSE;
        }
      if (!parse_uint (parts[0], "--topology", &cpu.sockets, error)
          || (n == 4 && !parse_uint (parts[1], "--topology", &cpu.dies, error))
          || !parse_uint (parts[n - 2], "--topology", &cpu.cores, error)
          || !parse_uint (parts[n - 1], "--topology", &cpu.threads, error))
        return FALSE;
    }

  if (o->vcpus != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (o->vcpus, ":", -1);
      guint n = g_strv_length (parts);

      if (n < 1 || n > 2)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("--vcpus: expected MAX or MAX:CURRENT, not “%s”"), o->vcpus);
          return FALSE;
        }
      if (!parse_uint (parts[0], "--vcpus", &cpu.vcpus, error)
          || (n == 2 && !parse_uint (parts[1], "--vcpus", &cpu.current, error)))
        return FALSE;
      if (n == 1)
        cpu.current = cpu.vcpus;   /* all of them allocated */
    }

  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  return TRUE;
}

static gboolean
add_pinning_change (PitTunePlan  *plan,
                    TuneOptions  *o,
                    GError      **error)
{
  PitChangePinningOptions pinning = { 0 };
  g_autoptr(GArray) pins = NULL;

  if (o->pin == NULL && o->emulator_pin == NULL)
    return TRUE;

  if (o->pin != NULL && g_str_equal (o->pin, "auto"))
    pinning.automatic = TRUE;
  else if (o->pin != NULL)
    {
      pins = pit_change_pinning_parse_pins (o->pin, error);
      if (pins == NULL)
        return FALSE;
      pinning.pins = (const PitVcpuPin *) pins->data;
      pinning.n_pins = pins->len;
    }
  pinning.emulator = o->emulator_pin;

  pit_tune_plan_add (plan, pit_change_pinning_step (&pinning));
  return TRUE;
}

/* Looking Glass, evdev, USB and sound (issue #17) */
static gboolean
add_display_changes (PitTunePlan  *plan,
                     TuneOptions  *o,
                     GError      **error)
{
  if (o->looking_glass != NULL)
    {
      PitChangeLookingGlassOptions lg = { { 0, 0, FALSE } };

      if (!pit_looking_glass_parse_mode (o->looking_glass, &lg.mode, error))
        return FALSE;
      pit_tune_plan_add (plan, pit_change_looking_glass_step (&lg));
    }
  if (o->grab_toggle != NULL && o->evdev_keyboard == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("--grab-toggle goes with --evdev-keyboard"));
      return FALSE;
    }
  if (o->evdev_keyboard != NULL || o->evdev_mouse != NULL || o->virtio_input)
    {
      PitChangeEvdevOptions evdev = { o->evdev_keyboard, o->evdev_mouse, PIT_GRAB_TOGGLE_CTRL_CTRL,
                                      o->virtio_input };

      if (o->grab_toggle != NULL && !pit_grab_toggle_from_string (o->grab_toggle, &evdev.grab_toggle, error))
        return FALSE;
      pit_tune_plan_add (plan, pit_change_evdev_step (&evdev));
    }
  for (guint i = 0; o->usb_controllers != NULL && o->usb_controllers[i] != NULL; i++)
    {
      PitChangeUsbControllerOptions usb = { o->usb_controllers[i] };

      pit_tune_plan_add (plan, pit_change_usb_controller_step (&usb));
    }
  if (o->usb_devices != NULL)
    {
      PitChangeUsbDeviceOptions usb = { (const char * const *) o->usb_devices };

      pit_tune_plan_add (plan, pit_change_usb_device_step (&usb));
    }
  if (o->sound != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (o->sound, ":", 2);
      g_autofree char *server = NULL;
      PitChangeSoundOptions sound = { PIT_SOUND_PULSEAUDIO, NULL };

      if (!pit_sound_backend_from_string (parts[0], &sound.backend, error))
        return FALSE;
      /* the sound server of whoever runs this: pulseaudio:PATH for another */
      if (sound.backend == PIT_SOUND_PULSEAUDIO)
        server = parts[1] != NULL ? g_strdup (parts[1]) : pit_sound_default_server (getuid ());
      sound.server = server;
      pit_tune_plan_add (plan, pit_change_sound_step (&sound));
    }
  return TRUE;
}

static PitTunePlan *
build_plan (TuneOptions  *o,
            GError      **error)
{
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();

  if (o->rom != NULL && o->gpus == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("--rom needs a --gpu to give the ROM to"));
      return NULL;
    }
  if (o->rom != NULL && !g_path_is_absolute (o->rom))
    {
      /* libvirt reads it on the host, where a relative path means nothing */
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("--rom: “%s” is not an absolute path; give the ROM file’s full path on the host"), o->rom);
      return NULL;
    }
  /* Order matters: the CPU change sets the vCPU count the pins refer to */
  if (o->gpus != NULL)
    {
      PitChangeGpuOptions gpu = { (const char * const *) o->gpus, o->no_companions, o->rom };

      pit_tune_plan_add (plan, pit_change_gpu_step (&gpu));
    }
  if (o->hide_hypervisor)
    {
      PitChangeHideHypervisorOptions hide = { o->vendor_id };

      pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
    }
  if (o->hyperv)
    {
      PitChangeHypervOptions hyperv = { o->hyperv_passthrough };

      pit_tune_plan_add (plan, pit_change_hyperv_step (&hyperv));
    }
  if (o->timers)
    {
      PitChangeTimersOptions timers = { FALSE };

      pit_tune_plan_add (plan, pit_change_timers_step (&timers));
    }
  if (!add_cpu_change (plan, o, error) || !add_pinning_change (plan, o, error))
    return NULL;
  if (o->hugepages != NULL)
    {
      PitChangeHugepagesOptions hugepages = { pit_change_hugepages_parse_size (o->hugepages, error),
                                              o->hugepages_planned };

      if (hugepages.page_size_kib == 0)
        return NULL;
      pit_tune_plan_add (plan, pit_change_hugepages_step (&hugepages));
    }
  if (o->virtio_iso != NULL)
    {
      PitChangeVirtioIsoOptions iso = { g_str_equal (o->virtio_iso, "auto") ? NULL : o->virtio_iso };

      pit_tune_plan_add (plan, pit_change_virtio_iso_step (&iso));
    }
  if (o->virtio_nic)
    {
      PitChangeVirtioNicOptions nic = { o->nic };

      pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));
    }
  if (o->bridge != NULL)
    {
      PitChangeBridgeOptions bridge = { o->bridge, o->nic };

      pit_tune_plan_add (plan, pit_change_bridge_step (&bridge));
    }
  if (o->disk_stage != NULL)
    {
      PitChangeDiskStageOptions stage = { 0 };

      if (!pit_disk_stage_from_string (o->disk_stage, &stage.stage, error))
        return NULL;
      stage.dummy_file = o->dummy_disk;
      pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
    }
  /* after the disk stages: the I/O threads and the rotation rate go by bus */
  if (o->iothreads != 0)
    {
      PitChangeIothreadsOptions iothreads = { MAX (o->iothreads, 0) };

      pit_tune_plan_add (plan, pit_change_iothreads_step (&iothreads));
    }
  if (o->rotation_rate != NULL)
    {
      PitChangeRotationRateOptions rotation = { 0 };

      if (!pit_rotation_rate_from_string (o->rotation_rate, &rotation.rate, error))
        return NULL;
      pit_tune_plan_add (plan, pit_change_rotation_rate_step (&rotation));
    }
  if (!add_display_changes (plan, o, error))
    return NULL;
  /* Windows 11 (issue #18) */
  if (o->tpm)
    {
      PitChangeTpmOptions tpm = { FALSE };

      pit_tune_plan_add (plan, pit_change_tpm_step (&tpm));
    }
  if (o->secure_boot)
    {
      PitChangeSecureBootOptions secure_boot = { FALSE };

      pit_tune_plan_add (plan, pit_change_secure_boot_step (&secure_boot));
    }

  if (pit_tune_plan_get_n_steps (plan) == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Give at least one change (see pitstop-cli tune --help)"));
      return NULL;
    }
  return g_steal_pointer (&plan);
}

static gboolean
is_local_uri (const char *uri)
{
  return g_strcmp0 (uri, "qemu:///system") == 0 || g_strcmp0 (uri, "qemu:///session") == 0;
}

static void
print_notes (PitTuneResult *result,
             gboolean       applied)
{
  for (guint i = 0; i < result->warnings->len; i++)
    g_printerr (_("pitstop-cli: warning: %s\n"), (const char *) g_ptr_array_index (result->warnings, i));
  if (!applied)
    return;
  if (!result->changed)
    {
      g_printerr ("%s\n", _("pitstop-cli: nothing to change; the virtual machine was not defined again"));
      return;
    }
  g_printerr (_("pitstop-cli: defined; the previous configuration is history entry %s\n"), result->history_id);
  for (guint i = 0; i < result->live->len; i++)
    g_printerr (_("pitstop-cli: applied now: %s\n"), (const char *) g_ptr_array_index (result->live, i));
  for (guint i = 0; i < result->next_boot->len; i++)
    g_printerr (_("pitstop-cli: at the next boot: %s\n"), (const char *) g_ptr_array_index (result->next_boot, i));
}

int
pit_cli_tune (int    argc,
              char **argv)
{
  g_auto(PitCliConnectionOptions) conn_options = { 0 };
  g_auto(TuneOptions) o = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitHostInventory) host = NULL;
  g_autoptr(PitTunePlan) plan = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  PitDomain *domain = NULL;
  gboolean check_files = FALSE;
  const GOptionEntry entries[] = {
    { "xml", 0, 0, G_OPTION_ARG_FILENAME, &o.xml, N_("Edit a domain XML file instead of a defined VM"), N_("FILE") },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &o.domain, N_("The virtual machine (name or UUID)"), N_("NAME") },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &o.root, N_("Read the host under this folder"), N_("DIR") },
    { "pci-dump", 0, 0, G_OPTION_ARG_FILENAME, &o.pci_dump, N_("Read the host’s PCI devices from an lspci -x dump"), N_("FILE") },
    { "gpu", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.gpus, N_("Pass through the PCI device (repeatable)"), N_("ADDR") },
    { "no-companions", 0, 0, G_OPTION_ARG_NONE, &o.no_companions, N_("Do not add the other functions and IOMMU group members"), NULL },
    { "rom", 0, 0, G_OPTION_ARG_FILENAME, &o.rom, N_("ROM file for the first --gpu"), N_("FILE") },
    { "hide-hypervisor", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, hide_hypervisor_cb,
      N_("Hide the hypervisor (fixes NVIDIA Error 43)"), N_("VENDOR_ID") },
    { "cpu-mode", 0, 0, G_OPTION_ARG_STRING, &o.cpu_mode, N_("CPU mode"), N_("host-passthrough") },
    { "topology", 0, 0, G_OPTION_ARG_STRING, &o.topology, N_("vCPU topology"), N_("SOCKETS:CORES:THREADS|host") },
    { "vcpus", 0, 0, G_OPTION_ARG_STRING, &o.vcpus, N_("vCPU maximum and current allocation"), N_("MAX[:CURRENT]") },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &o.pin, N_("Pin vCPUs"), N_("auto|VCPU=CPUSET[,…]") },
    { "emulator-pin", 0, 0, G_OPTION_ARG_STRING, &o.emulator_pin, N_("Pin the emulator threads"), N_("CPUSET") },
    { "hyperv", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, hyperv_cb,
      N_("Hyper-V enlightenments for Windows (“passthrough”: all the host has)"), N_("passthrough") },
    { "timers", 0, 0, G_OPTION_ARG_NONE, &o.timers, N_("Timers: HPET off, catch-up ticks, the Hyper-V clock for Windows"), NULL },
    { "iothreads", 0, 0, G_OPTION_ARG_INT, &o.iothreads,
      N_("I/O threads for the virtio disks, pinned with the emulator; cache='none' io='native' for raw disks"), N_("N") },
    { "rotation-rate", 0, 0, G_OPTION_ARG_STRING, &o.rotation_rate,
      N_("Tell the guest its SATA/SCSI/IDE disks are SSDs or hard drives"), N_("auto|ssd|hdd") },
    { "hugepages", 0, 0, G_OPTION_ARG_STRING, &o.hugepages, N_("Back memory with hugepages"), N_("2M|1G") },
    { "hugepages-planned", 0, 0, G_OPTION_ARG_NONE, &o.hugepages_planned,
      N_("The host plan reserves the pages: a small free pool is only a warning"), NULL },
    { "virtio-iso", 0, 0, G_OPTION_ARG_FILENAME, &o.virtio_iso, N_("Attach the virtio-win ISO (“auto” finds it)"), N_("PATH") },
    { "virtio-nic", 0, 0, G_OPTION_ARG_NONE, &o.virtio_nic, N_("Network card model virtio"), NULL },
    { "nic", 0, 0, G_OPTION_ARG_STRING, &o.nic, N_("The network card for --virtio-nic and --bridge"), N_("MAC") },
    { "bridge", 0, 0, G_OPTION_ARG_STRING, &o.bridge, N_("Connect the network card to a host bridge"), N_("NAME") },
    { "disk-stage", 0, 0, G_OPTION_ARG_STRING, &o.disk_stage,
      N_("Move the boot disk to virtio in stages: add-virtio-dummy, then switch-boot-to-virtio (undone by remove-virtio-dummy, switch-boot-to-sata)"),
      N_("STAGE") },
    { "dummy-disk", 0, 0, G_OPTION_ARG_FILENAME, &o.dummy_disk, N_("Image for the small virtio disk (default: a new volume)"), N_("FILE") },
    { "looking-glass", 0, 0, G_OPTION_ARG_STRING, &o.looking_glass,
      N_("Looking Glass’s shared memory for the guest’s largest mode, such as 1920x1080 or 3840x2160:hdr"), N_("WxH[:hdr]") },
    { "evdev-keyboard", 0, 0, G_OPTION_ARG_STRING, &o.evdev_keyboard,
      N_("Hand this keyboard of /dev/input/by-id to the guest (see pitstop-cli host)"), N_("ID") },
    { "evdev-mouse", 0, 0, G_OPTION_ARG_STRING, &o.evdev_mouse, N_("Hand this mouse of /dev/input/by-id to the guest"), N_("ID") },
    { "grab-toggle", 0, 0, G_OPTION_ARG_STRING, &o.grab_toggle,
      N_("Keys that switch keyboard and mouse between host and guest (default ctrl-ctrl: both Ctrl keys)"),
      N_("ctrl-ctrl|alt-alt|shift-shift|meta-meta|scrolllock|ctrl-scrolllock") },
    { "virtio-input", 0, 0, G_OPTION_ARG_NONE, &o.virtio_input,
      N_("Add a virtio keyboard and mouse (Windows: vioinput from the virtio-win disc)"), NULL },
    { "usb-controller", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.usb_controllers,
      N_("Pass through a USB controller and what is plugged into it (repeatable)"), N_("ADDR") },
    { "usb-device", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.usb_devices,
      N_("Pass through a single USB device (repeatable)"), N_("VENDOR:PRODUCT") },
    { "sound", 0, 0, G_OPTION_ARG_STRING, &o.sound,
      N_("An Intel HDA sound card playing into your PulseAudio/PipeWire, or through SPICE"),
      N_("pulseaudio[:SOCKET]|spice") },
    { "tpm", 0, 0, G_OPTION_ARG_NONE, &o.tpm, N_("Add a TPM 2.0, emulated by swtpm (Windows 11 needs it)"), NULL },
    { "secure-boot", 0, 0, G_OPTION_ARG_NONE, &o.secure_boot,
      N_("Turn on Secure Boot with Microsoft’s keys (UEFI; refused for a guest installed in BIOS mode)"), NULL },
    { "diff", 0, 0, G_OPTION_ARG_NONE, &o.diff, N_("Print a unified diff instead of the new XML"), NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &o.apply, N_("Define the new XML (the old one goes to the history)"), NULL },
    { NULL }
  };
  GOptionGroup *main_group = g_option_group_new (NULL, NULL, NULL, &o, NULL);

  g_option_group_add_entries (main_group, entries);
  g_option_group_set_translation_domain (main_group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, main_group);
  g_option_context_set_summary (context, _("Tune a virtual machine: print the new XML, or a diff, and define it with --apply.\n"
                                           "Changes: --gpu, --hide-hypervisor, --hyperv, --timers, --cpu-mode, --topology, --vcpus, --pin,\n"
                                           "--emulator-pin, --hugepages, --virtio-iso, --virtio-nic, --bridge, --disk-stage,\n"
                                           "--iothreads, --rotation-rate, --looking-glass, --evdev-keyboard, --evdev-mouse,\n"
                                           "--virtio-input, --usb-controller, --usb-device, --sound, --tpm, --secure-boot."));
  g_option_context_add_group (context, pit_cli_connection_option_group (&conn_options));
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;

  if (argc > 1)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Unexpected argument “%s”"), argv[1]);
      return pit_cli_fail (error);
    }
  if ((o.xml != NULL) == (o.domain != NULL))
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Give either --xml FILE or --domain NAME"));
      return pit_cli_fail (error);
    }
  if (o.xml != NULL && (conn_options.connect != NULL || conn_options.demo))
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("--xml edits a file: it takes no --connect or --demo"));
      return pit_cli_fail (error);
    }
  if (o.xml != NULL && o.apply)
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("--apply defines a virtual machine: use --domain instead of --xml"));
      return pit_cli_fail (error);
    }

  plan = build_plan (&o, &error);
  if (plan == NULL)
    return pit_cli_fail (error);

  if (o.xml != NULL)
    {
      if (!g_file_get_contents (o.xml, &xml, NULL, &error))
        return pit_cli_fail (error);
      check_files = TRUE;
    }
  else
    {
      connection = pit_cli_open_connection (&conn_options, &error);
      if (connection == NULL)
        return pit_cli_fail (error);
      domain = pit_connection_find_domain (connection, o.domain);
      if (domain == NULL)
        {
          g_set_error (&error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                       _("There is no virtual machine “%s”"), o.domain);
          return pit_cli_fail (error);
        }
      check_files = is_local_uri (pit_connection_get_uri (connection));
    }

  if (o.root != NULL || o.pci_dump != NULL)
    {
      PitHostProbeOptions probe = { o.root, o.pci_dump, NULL };

      host = pit_host_inventory_probe (&probe, &error);
    }
  else if (connection != NULL)
    {
      /* without the host, the changes that need it say so themselves */
      host = pit_host_inventory_for_connection_sync (connection, NULL, &error);
      if (host == NULL)
        {
          g_printerr (_("pitstop-cli: warning: the host could not be read: %s\n"), error->message);
          g_clear_error (&error);
        }
    }
  if (error != NULL)
    return pit_cli_fail (error);
  pit_tune_plan_set_host (plan, host);
  pit_tune_plan_set_check_files (plan, check_files);

  if (o.apply)
    result = pit_tune_apply (pit_domain_get_handle (domain), plan, PIT_TUNE_APPLY_LIVE, &error);
  else if (domain != NULL)
    {
      xml = pit_tune_fetch_inactive_xml (pit_domain_get_handle (domain), &error);
      if (xml != NULL)
        result = pit_tune_plan_run (plan, xml, pit_connection_get_handle (connection), &error);
    }
  else
    result = pit_tune_plan_run (plan, xml, NULL, &error);
  if (result == NULL)
    return pit_cli_fail (error);

  if (o.diff)
    g_print ("%s", result->diff);
  else
    g_print ("%s", result->after_xml);
  print_notes (result, o.apply);

  return 0;
}

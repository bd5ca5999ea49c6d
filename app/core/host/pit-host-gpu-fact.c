/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-gpu-fact.h"
#include "pit-host-reset-quirk.h"

/* The inventory's facts about a GPU (its reset, ROM, BARs and IOMMU group)
 * said in words, with the facts they come from. */

void
pit_host_gpu_fact_free (PitHostGpuFact *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->detail);
  g_free (self->evidence);
  g_free (self);
}

static PitHostGpuFact *
add_fact (GPtrArray           *facts,
          const char          *id,
          PitHostGpuFactLevel  level,
          char                *title,
          char                *detail,
          char                *evidence)
{
  PitHostGpuFact *fact = g_new0 (PitHostGpuFact, 1);

  fact->id = id;
  fact->level = level;
  fact->title = title;
  fact->detail = detail;
  fact->evidence = evidence;
  g_ptr_array_add (facts, fact);
  return fact;
}

/**
 * pit_host_gpu_fact_describe_reset:
 * Returns: the reset facts as the kernel shows them: "reset_method: flr
 *   bus; Function Level Reset: yes; alone on its bus (bus reset possible)"
 */
char *
pit_host_gpu_fact_describe_reset (const PitHostPciDevice *device)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (device->reset_methods == NULL)
    g_string_append (text, _("reset methods unknown (reset_method needs Linux 5.15)"));
  else if (device->reset_methods[0] == NULL)
    g_string_append (text, _("the kernel offers no reset method"));
  else
    {
      g_autofree char *methods = g_strjoinv (" ", device->reset_methods);

      g_string_append_printf (text, _("reset_method: %s"), methods);
    }
  if (device->flr >= 0)
    g_string_append_printf (text, "; %s", device->flr ? _("Function Level Reset: yes")
                                                      : _("Function Level Reset: no"));
  if (device->bus_reset >= 0)
    g_string_append_printf (text, "; %s", device->bus_reset ? _("alone on its bus (bus reset possible)")
                                                            : _("shares its bus (no bus reset)"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* a reset_method word in words; NULL for one the kernel may add later */
static const char *
method_name (const char *method)
{
  if (g_str_equal (method, "flr"))
    return _("FLR");
  if (g_str_equal (method, "bus"))
    return _("bus reset");
  if (g_str_equal (method, "pm"))
    return _("power-management reset");
  if (g_str_equal (method, "device_specific"))
    return _("a device-specific reset");
  if (g_str_equal (method, "acpi"))
    return _("the firmware’s ACPI reset");
  if (g_str_equal (method, "cxl_bus"))
    return _("CXL bus reset");
  return NULL;
}

/* "FLR", "FLR and bus reset", "FLR, pm reset and bus reset" */
static char *
join_names (GPtrArray *names)
{
  char *text = g_strdup (names->pdata[0]);

  for (guint i = 1; i < names->len; i++)
    {
      char *joined = i + 1 == names->len
                       /* TRANSLATORS: the last two of a list: "FLR and bus reset" */
                       ? g_strdup_printf (_("%s and %s"), text, (char *) names->pdata[i])
                       /* TRANSLATORS: items of a list before the last two: "FLR, pm reset" */
                       : g_strdup_printf (_("%s, %s"), text, (char *) names->pdata[i]);

      g_free (text);
      text = joined;
    }
  return text;
}

static gboolean
module_loaded (PitHostInventory *host,
               const char       *module)
{
  PitHostBoot *boot = host != NULL ? pit_host_inventory_get_boot (host) : NULL;

  return boot != NULL && boot->modules != NULL
         && g_ptr_array_find_with_equal_func (boot->modules, module, g_str_equal, NULL);
}

static void
add_reset (GPtrArray        *facts,
           PitHostInventory *host,
           PitHostPciDevice *device)
{
  const PitHostResetQuirk *quirk = pit_host_reset_quirk_lookup (device->vendor_id, device->device_id);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  char *evidence = pit_host_gpu_fact_describe_reset (device);

  if (quirk->kind == PIT_HOST_RESET_QUIRK_VENDOR_RESET)
    {
      gboolean loaded = module_loaded (host, "vendor_reset");
      gboolean used = device->reset_methods == NULL
                      || g_strv_contains ((const char * const *) device->reset_methods, "device_specific");

      if (loaded && used)
        add_fact (facts, "reset", PIT_HOST_GPU_FACT_INFO,
                  g_strdup (_("Resets with vendor-reset")),
                  g_strdup_printf (_("AMD %s cannot reset itself; the vendor-reset module that resets it is "
                                     "loaded and the kernel uses it."), quirk->family),
                  evidence);
      else if (loaded)
        add_fact (facts, "reset", PIT_HOST_GPU_FACT_WARNING,
                  g_strdup_printf (_("AMD %s cannot reset itself, and the kernel does not use vendor-reset for it"),
                                   quirk->family),
                  g_strdup (_("The vendor-reset module is loaded, but since Linux 5.15 the kernel only uses it "
                              "when the card’s reset_method is device_specific. Until then the virtual machine "
                              "starts once, then the card hangs until the host reboots. The host plan sets it.")),
                  evidence);
      else
        add_fact (facts, "reset", PIT_HOST_GPU_FACT_WARNING,
                  g_strdup_printf (_("AMD %s cannot reset itself"), quirk->family),
                  g_strdup (_("The virtual machine starts once, then the card hangs until the host reboots. "
                              "Install vendor-reset — the host plan has it: the module, loaded before vfio-pci, "
                              "and the card’s reset_method set to device_specific.")),
                  evidence);
      return;
    }
  if (quirk->kind == PIT_HOST_RESET_QUIRK_REPORTED)
    {
      add_fact (facts, "reset", PIT_HOST_GPU_FACT_WARNING,
                g_strdup_printf (_("AMD %s may not reset after the virtual machine stops"), quirk->family),
                g_strdup (_("Some cards of this family hang after the virtual machine’s first stop until the "
                            "host sleeps or reboots; others reset fine. vendor-reset does not cover them. Test a "
                            "second start of the virtual machine before you depend on it.")),
                evidence);
      return;
    }

  for (guint i = 0; device->reset_methods != NULL && device->reset_methods[i] != NULL; i++)
    if (method_name (device->reset_methods[i]) != NULL)
      g_ptr_array_add (names, (gpointer) method_name (device->reset_methods[i]));
  if (device->reset_methods == NULL)
    {
      /* an older kernel: what config space and the bus say */
      if (device->flr == 1)
        g_ptr_array_add (names, (gpointer) method_name ("flr"));
      if (device->bus_reset == 1)
        g_ptr_array_add (names, (gpointer) method_name ("bus"));
    }

  if (names->len > 0)
    {
      g_autofree char *joined = join_names (names);

      add_fact (facts, "reset", PIT_HOST_GPU_FACT_INFO,
                /* TRANSLATORS: "Resets by FLR and bus reset" */
                g_strdup_printf (_("Resets by %s"), joined),
                g_strdup (_("The kernel can reset the card between two runs of the virtual machine.")),
                evidence);
    }
  else if (device->reset_methods != NULL)
    add_fact (facts, "reset", PIT_HOST_GPU_FACT_WARNING,
              g_strdup (_("The kernel cannot reset this card")),
              g_strdup (_("It has no Function Level Reset and shares its bus, so a bus reset would hit other "
                          "devices. The virtual machine may start once and find the card in a bad state the "
                          "next time. In a slot of its own (alone on its bus) the kernel could reset it.")),
              evidence);
  else
    add_fact (facts, "reset", PIT_HOST_GPU_FACT_INFO,
              g_strdup (_("How the card resets is not known")), NULL, evidence);
}

/**
 * pit_host_gpu_fact_rom_dump_steps:
 * Returns: how to dump a card's ROM as root; Pitstop never does it itself
 *   (it writes to sysfs as root)
 */
char *
pit_host_gpu_fact_rom_dump_steps (const char *address)
{
  return g_strdup_printf (_("Dump the ROM as root while no driver uses the card (boot the host from another "
                            "GPU or over SSH): cd /sys/bus/pci/devices/%s; echo 1 > rom; cat rom > "
                            "/var/lib/libvirt/vbios/gpu.rom; echo 0 > rom. Or take the ROM of exactly this card "
                            "model from its maker. Pitstop never dumps it itself."),
                          address);
}

/**
 * pit_host_gpu_fact_rom_need:
 * Returns: when the VM needs the card's ROM as a file
 */
char *
pit_host_gpu_fact_rom_need (const PitHostPciDevice *device)
{
  if (device->boot_vga == 1)
    return g_strdup (_("The host boots on this card: what the virtual machine would read as its ROM is then "
                       "often the firmware’s modified copy, and the guest shows a black screen or its driver "
                       "fails. Give the virtual machine a clean copy of the ROM as a file."));
  if (device->vendor_id == 0x10de)
    return g_strdup (_("Not needed as a rule: some NVIDIA cards (older ones whose ROM has no UEFI part) need "
                       "their ROM as a file; give one if the guest shows no picture at start."));
  return g_strdup (_("Not needed as a rule; give one if the guest shows no picture at start."));
}

static void
add_rom (GPtrArray        *facts,
         PitHostPciDevice *device)
{
  g_autofree char *state = NULL;
  char *title;

  if (device->rom == 1 && device->rom_size > 0)
    {
      g_autofree char *size = g_format_size_full (device->rom_size, G_FORMAT_SIZE_IEC_UNITS);

      /* TRANSLATORS: the card's ROM and its size */
      state = g_strdup_printf (_("ROM: readable, %s"), size);
    }
  else if (device->rom == 1)
    state = g_strdup (_("ROM: readable"));
  else if (device->rom == 0)
    state = g_strdup (_("ROM: the card shows none"));
  else
    state = g_strdup (_("ROM: not known"));

  if (device->boot_vga == 1)
    /* TRANSLATORS: "ROM: readable, 256 KiB" and why a ROM file helps */
    title = g_strdup_printf (_("%s; this is the card the host boots on, whose ROM copy is often wrong"), state);
  else
    title = g_steal_pointer (&state);

  add_fact (facts, "rom", device->boot_vga == 1 ? PIT_HOST_GPU_FACT_WARNING : PIT_HOST_GPU_FACT_INFO, title,
            pit_host_gpu_fact_rom_need (device),
            device->rom_shadowed == 1 ? g_strdup (_("the kernel uses the firmware’s shadow copy at 0xC0000"))
            : device->rom == 1      ? g_strdup (_("the sysfs rom file exists"))
            : device->rom == 0      ? g_strdup (_("the card has no rom file in sysfs"))
                                    : NULL);
}

guint64
pit_host_gpu_fact_mmio_window_mb (guint64 total)
{
  guint64 window_mb = 32768;

  while ((window_mb << 20) < 2 * total)
    window_mb *= 2;
  return window_mb;
}

/**
 * pit_host_gpu_fact_describe_bar:
 * Returns: "BAR 0: 16 GiB, resizable (Resizable BAR is on)"
 */
char *
pit_host_gpu_fact_describe_bar (const PitHostPciBar *bar)
{
  g_autofree char *size = g_format_size_full (bar->size, G_FORMAT_SIZE_IEC_UNITS);

  return g_strdup_printf (_("BAR %u: %s%s"), bar->index, size,
                          bar->resizable && bar->size > PIT_HOST_PCI_LARGE_BAR
                            ? _(", resizable (Resizable BAR is on)") : "");
}

static void
add_bars (GPtrArray          *facts,
          PitHostPassthrough *gpu)
{
  PitHostPciDevice *device = gpu->device;
  guint index = 0;
  guint64 largest = pit_host_pci_device_largest_bar (device, &index);
  PitHostPciBar *bar;
  guint64 total = 0;

  if (largest == 0)
    return;
  bar = pit_host_pci_device_get_bar (device, index, FALSE);
  for (guint d = 0; d < gpu->devices->len; d++)
    {
      PitHostPciDevice *member = gpu->devices->pdata[d];

      for (guint b = 0; b < member->bars->len; b++)
        total += g_array_index (member->bars, PitHostPciBar, b).size;
    }

  if (largest > PIT_HOST_PCI_LARGE_BAR)
    {
      g_autofree char *described = pit_host_gpu_fact_describe_bar (bar);
      guint64 window_mb = pit_host_gpu_fact_mmio_window_mb (total);

      add_fact (facts, "bar", PIT_HOST_GPU_FACT_WARNING,
                /* TRANSLATORS: "BAR 0: 16 GiB, resizable (Resizable BAR is on)" and what it takes */
                g_strdup_printf (_("%s — the guest needs a 64-bit MMIO window for it"), described),
                g_strdup_printf (_("OVMF, the guest’s UEFI firmware, maps less by default: the card then shows "
                                   "“not enough resources” (code 12) in Windows or the virtual machine does not "
                                   "boot. Give OVMF a window of %llu MiB (X-PciMmio64Mb through "
                                   "<qemu:commandline>; “pitstop-cli check” prints the lines), or turn Resizable BAR off in "
                                   "the host’s firmware settings. QEMU does not pass the Resizable BAR capability "
                                   "to the guest."),
                                 (unsigned long long) window_mb),
                NULL);
    }
  else
    {
      g_autofree char *described = pit_host_gpu_fact_describe_bar (bar);

      add_fact (facts, "bar", PIT_HOST_GPU_FACT_INFO,
                /* TRANSLATORS: "BAR 0: 256 MiB" */
                g_strdup_printf (_("%s — fits the guest firmware’s default window"), described),
                device->resizable_bar == 1
                  ? g_strdup (_("The card can resize its BARs, but Resizable BAR is off in the host’s firmware: "
                                "leave it off for the virtual machine."))
                  : NULL,
                NULL);
    }
}

/**
 * pit_host_gpu_fact_group_advice:
 * @stop: a member of the group holds what the host runs on
 * Returns: (transfer none): what to do about a group that holds more than
 *   the card, and why pcie_acs_override is not the answer
 */
const char *
pit_host_gpu_fact_group_advice (gboolean stop)
{
  return stop ? _("Move the card to a slot wired to the CPU (usually the first long slot), where it has an "
                  "IOMMU group of its own. The kernel patch pcie_acs_override splits groups by declaring "
                  "devices isolated when the hardware does not isolate them: it removes the protection the "
                  "IOMMU exists for (the guest’s card could reach the disk controller’s memory), and Pitstop "
                  "never plans it.")
              : _("Move the card to a slot wired to the CPU (usually the first long slot), where it has an "
                  "IOMMU group of its own, or pass every device of the group. The kernel patch "
                  "pcie_acs_override splits groups by declaring devices isolated when the hardware does not "
                  "isolate them: it removes the protection the IOMMU exists for, and Pitstop never plans it.");
}

static char *
device_name (PitHostPciDevice *device)
{
  if (device->vendor_name != NULL && device->device_name != NULL)
    return g_strdup_printf ("%s %s", device->vendor_name, device->device_name);
  return pit_host_pci_device_dup_ids (device);
}

static void
add_group (GPtrArray          *facts,
           PitHostInventory   *host,
           PitHostPassthrough *gpu)
{
  for (guint i = 0; i < gpu->foreign->len; i++)
    {
      PitHostPciDevice *member = gpu->foreign->pdata[i];
      g_autoptr(GPtrArray) uses = host != NULL ? pit_host_inventory_get_device_uses (host, member)
                                               : g_ptr_array_new ();
      g_autoptr(GString) detail = g_string_new (NULL);
      g_autoptr(GString) evidence = g_string_new (NULL);
      g_autofree char *name = device_name (member);
      gboolean stop = FALSE;
      char *title;

      if (member->iommu_group >= 0)
        {
          g_string_append (evidence, "; ");
          g_string_append_printf (evidence, _("IOMMU group %d"), member->iommu_group);
        }
      for (guint u = 0; u < uses->len; u++)
        {
          g_autofree char *use = pit_host_device_use_describe (uses->pdata[u]);

          /* TRANSLATORS: %s is what a device does for the host: "holds the host’s disk sdb" */
          g_string_append_printf (detail, _("It %s. "), use);
          g_string_append_printf (evidence, "; %s", use);
          stop |= pit_host_device_use_is_stop (uses->pdata[u]);
        }
      if (stop)
        g_string_append (detail, _("Passing the card through takes the host’s disk away: do not pass this group. "));
      else if (uses->len == 0)
        g_string_append (detail, _("It leaves the host while the virtual machine runs. "));
      else
        g_string_append (detail, _("The host loses it while the virtual machine runs. "));
      g_string_append (detail, pit_host_gpu_fact_group_advice (stop));

      /* TRANSLATORS: the device's class, PCI address and name:
       * "the SATA controller 0000:0e:00.0 (AMD 600 Series Chipset SATA Controller)" */
      title = g_strdup_printf (_("Its IOMMU group also holds the %s %s (%s)"),
                               member->class_name != NULL ? member->class_name : _("device"), member->address,
                               name);
      add_fact (facts, "group", stop ? PIT_HOST_GPU_FACT_STOP : PIT_HOST_GPU_FACT_WARNING, title,
                g_string_free (g_steal_pointer (&detail), FALSE),
                evidence->len > 2 ? g_strdup (evidence->str + 2) : NULL);
    }
}

/**
 * pit_host_gpu_facts_collect:
 * Returns: (transfer container) (element-type PitHostGpuFact): what to know
 *   before passing @gpu, in the order the page shows it
 */
GPtrArray *
pit_host_gpu_facts_collect (PitHostInventory   *host,
                            PitHostPassthrough *gpu)
{
  GPtrArray *facts = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_gpu_fact_free);

  g_return_val_if_fail (gpu != NULL, facts);

  add_reset (facts, host, gpu->device);
  add_rom (facts, gpu->device);
  add_bars (facts, gpu);
  add_group (facts, host, gpu);
  return facts;
}

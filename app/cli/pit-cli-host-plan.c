/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cli.h"
#include "pit-connection.h"
#include "pit-domain.h"
#include "pit-domain-summary.h"
#include "pit-error.h"
#include "pit-host-inventory.h"
#include "pit-host-plan-check.h"
#include "pit-host-plan.h"
#include "pit-json-writer.h"
#include "pit-text-table.h"

static void
print_check (PitHostPlan *plan)
{
  g_autoptr(GPtrArray) items = pit_host_plan_check (plan);
  g_autoptr(PitTextTable) table = pit_text_table_new (3);
  guint counts[PIT_PLAN_STATUS_CONFLICTING + 1] = { 0 };

  pit_text_table_add_row (table, _("ITEM"), _("STATUS"), _("SEEN"));
  for (guint i = 0; i < items->len; i++)
    {
      PitPlanCheckItem *item = g_ptr_array_index (items, i);

      pit_text_table_add_row (table, item->title, pit_plan_status_to_string (item->status), item->seen);
      counts[item->status]++;
    }
  pit_text_table_print (table);
  g_print ("\n");
  /* TRANSLATORS: the summary of the check table */
  g_print (_("%u done, %u pending, %u conflicting\n"), counts[PIT_PLAN_STATUS_DONE],
           counts[PIT_PLAN_STATUS_PENDING], counts[PIT_PLAN_STATUS_CONFLICTING]);
}

static void
print_check_json (PitHostPlan *plan)
{
  g_autoptr(GPtrArray) items = pit_host_plan_check (plan);
  g_autoptr(PitJsonWriter) json = pit_json_writer_new ();
  g_autofree char *text = NULL;

  pit_json_writer_begin_array (json);
  for (guint i = 0; i < items->len; i++)
    {
      PitPlanCheckItem *item = g_ptr_array_index (items, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "id");
      pit_json_writer_string (json, item->id);
      pit_json_writer_key (json, "title");
      pit_json_writer_string (json, item->title);
      pit_json_writer_key (json, "status");
      pit_json_writer_string (json, pit_plan_status_to_id (item->status));
      pit_json_writer_key (json, "seen");
      pit_json_writer_string (json, item->seen);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  text = pit_json_writer_steal (g_steal_pointer (&json));
  g_print ("%s", text);
}

/* The facts the plan is written from: the host of --connect/--demo (as
 * `pitstop-cli host` reads it), else the files under --root (default /). */
static PitPlanFacts *
read_facts (PitCliConnectionOptions  *conn_options,
            const char               *root,
            const char               *pci_dump,
            char                    **host_root,
            GError                  **error)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitHostInventory) inventory = NULL;

  if (!conn_options->demo && conn_options->connect == NULL)
    {
      *host_root = g_strdup (root);
      return pit_plan_facts_probe (root, pci_dump, error);
    }
  if (root != NULL || pci_dump != NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Use either --root/--pci-dump or --connect/--demo, not both"));
      return NULL;
    }
  connection = pit_cli_open_connection (conn_options, error);
  if (connection == NULL)
    return NULL;
  inventory = pit_host_inventory_for_connection_sync (connection, NULL, error);
  if (inventory == NULL)
    return NULL;
  *host_root = g_strdup (pit_host_inventory_get_root (inventory));
  return pit_plan_facts_new_from_inventory (inventory);
}

/* Every host CPU @vm is pinned to (vCPUs, emulator, I/O threads), from
 * the VM of --connect/--demo; NULL when it has no pins */
static gboolean
read_pins (PitCliConnectionOptions  *conn_options,
           const char               *vm,
           char                    **pins,
           GError                  **error)
{
  g_autoptr(PitConnection) connection = pit_cli_open_connection (conn_options, error);
  g_autoptr(GError) local_error = NULL;
  PitDomain *domain;
  PitDomainSummary *summary;

  *pins = NULL;
  if (connection == NULL)
    return FALSE;
  domain = pit_connection_find_domain (connection, vm);
  if (domain == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("There is no virtual machine “%s”"), vm);
      return FALSE;
    }
  summary = pit_domain_get_summary (domain);
  if (summary == NULL)
    return TRUE;
  *pins = pit_host_plan_vm_pinned_cpus (summary, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

int
pit_cli_host_plan (int    argc,
                   char **argv)
{
  g_auto(PitCliConnectionOptions) conn_options = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitPlanFacts) facts = NULL;
  g_autoptr(PitHostPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target_id = NULL;
  g_autofree char *root = NULL;
  g_autofree char *host_root = NULL;
  g_autofree char *pci_dump = NULL;
  g_autofree char *hugepages = NULL;
  g_autofree char *bridge = NULL;
  g_autofree char *isolate = NULL;
  g_autofree char *looking_glass = NULL;
  g_autofree char *user = NULL;
  g_autofree char *sound = NULL;
  gboolean kvmfr = FALSE;
  gboolean tpm = FALSE;
  g_autofree char *vm = NULL;
  g_autofree char *isolate_vm = NULL;
  g_autofree char *isolate_vm_cpus = NULL;
  gboolean single_gpu = FALSE;
  g_auto(GStrv) gpus = NULL;
  g_autofree char *target_help = NULL;
  gboolean on_demand = FALSE;
  gboolean no_iommu_pt = FALSE;
  gboolean check = FALSE;
  gboolean json = FALSE;
  PitHostPlanTarget target = PIT_HOST_PLAN_TARGET_AUTO;
  GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING, &target_id, NULL, N_("TARGET") },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root,
      N_("Read the host under DIR instead of /"), N_("DIR") },
    { "pci-dump", 0, 0, G_OPTION_ARG_FILENAME, &pci_dump,
      N_("Read the PCI devices from an “lspci -x” file"), N_("FILE") },
    { "gpu", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &gpus,
      N_("Hand this GPU (and its passthrough set) to vfio-pci; repeat for more"), N_("ADDR") },
    { "hugepages", 0, 0, G_OPTION_ARG_STRING, &hugepages,
      N_("Reserve hugepages, such as 1G:24"), N_("SIZE:COUNT") },
    { "hugepages-on-demand", 0, 0, G_OPTION_ARG_NONE, &on_demand,
      N_("Reserve the hugepages when a VM starts (libvirt hook), not at boot"), NULL },
    { "bridge", 0, 0, G_OPTION_ARG_STRING, &bridge,
      N_("Bridge the network card UPLINK as NAME, such as br-lan:eno2"), N_("NAME:UPLINK") },
    { "isolate-cpus", 0, 0, G_OPTION_ARG_STRING, &isolate,
      N_("Keep the host off these CPUs (the VM’s pinned ones), such as 2-7"), N_("LIST") },
    { "looking-glass", 0, 0, G_OPTION_ARG_STRING, &looking_glass,
      N_("Shared memory for Looking Glass, sized for the guest’s largest mode, such as 2560x1440 or 3840x2160:hdr"),
      N_("WxH[:hdr]") },
    { "kvmfr", 0, 0, G_OPTION_ARG_NONE, &kvmfr,
      N_("With --looking-glass: through the kvmfr module instead of /dev/shm"), NULL },
    { "tpm", 0, 0, G_OPTION_ARG_NONE, &tpm,
      N_("A VM gets an emulated TPM 2.0 (Windows 11): install swtpm where it is missing"), NULL },
    { "sound", 0, 0, G_OPTION_ARG_STRING, &sound,
      N_("How the guest’s sound reaches you: pulseaudio (QEMU plays into your sound server) or spice"),
      N_("BACKEND") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("Who runs the Looking Glass client and the sound server, and the group shared with QEMU (default kvm)"),
      N_("USER[:GROUP]") },
    { "single-gpu", 0, 0, G_OPTION_ARG_NONE, &single_gpu,
      N_("Single-GPU passthrough: the libvirt hook that gives the host’s only GPU to the VM "
         "while it runs (with --vm)"), NULL },
    { "vm", 0, 0, G_OPTION_ARG_STRING, &vm,
      N_("With --single-gpu: the VM the hook is for"), N_("NAME") },
    { "isolate-vm", 0, 0, G_OPTION_ARG_STRING, &isolate_vm,
      N_("The libvirt hook that keeps the host off this VM’s pinned CPUs while it runs (dynamic "
         "isolation; --isolate-cpus is the static kind, at boot)"), N_("NAME") },
    { "isolate-vm-cpus", 0, 0, G_OPTION_ARG_STRING, &isolate_vm_cpus,
      N_("With --isolate-vm and --root: the VM’s pinned CPUs (with --connect/--demo they are read "
         "from the VM)"), N_("LIST") },
    { "no-iommu-pt", 0, 0, G_OPTION_ARG_NONE, &no_iommu_pt,
      N_("Leave out iommu=pt"), NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check,
      N_("Compare the host with the plan, item by item"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("With --check: print JSON"), NULL },
    { NULL }
  };

  target_help = g_strdup_printf (_("What to write the plan for: %s (default: auto)"),
                                 pit_host_plan_target_ids ());
  entries[0].description = target_help;
  g_option_context_set_summary (context,
                                _("Print the kernel, module, hugepage and bridge changes this host "
                                  "needs, as text for its own tools, with a comment on every line. "
                                  "Nothing on the host is changed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, pit_cli_connection_option_group (&conn_options));
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;
  if (argc > 1)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Unexpected argument “%s”"), argv[1]);
      return pit_cli_fail (error);
    }

  if (json && !check)
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("--json goes with --check; the plan itself is text"));
      return pit_cli_fail (error);
    }
  if (target_id != NULL && !pit_host_plan_target_from_string (target_id, &target))
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Unknown target “%s”; choose one of %s"), target_id, pit_host_plan_target_ids ());
      return pit_cli_fail (error);
    }
  if (single_gpu != (vm != NULL))
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("--single-gpu and --vm NAME go together"));
      return pit_cli_fail (error);
    }
  if (vm != NULL && !pit_host_plan_request_set_single_gpu (request, vm, &error))
    return pit_cli_fail (error);
  if (isolate_vm_cpus != NULL && isolate_vm == NULL)
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("--isolate-vm-cpus goes with --isolate-vm NAME"));
      return pit_cli_fail (error);
    }
  if (isolate_vm != NULL)
    {
      g_autofree char *pins = g_strdup (isolate_vm_cpus);

      if (pins == NULL && !conn_options.demo && conn_options.connect == NULL)
        {
          g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                               _("--isolate-vm reads the VM’s pins from --connect or --demo; with "
                                 "--root give them with --isolate-vm-cpus LIST"));
          return pit_cli_fail (error);
        }
      if (pins == NULL && !read_pins (&conn_options, isolate_vm, &pins, &error))
        return pit_cli_fail (error);
      if (!pit_host_plan_request_set_isolate_vm (request, isolate_vm, pins, &error))
        return pit_cli_fail (error);
    }
  for (guint i = 0; gpus != NULL && gpus[i] != NULL; i++)
    pit_host_plan_request_add_gpu (request, gpus[i]);
  if (hugepages != NULL && !pit_host_plan_request_set_hugepages (request, hugepages, &error))
    return pit_cli_fail (error);
  if (bridge != NULL && !pit_host_plan_request_set_bridge (request, bridge, &error))
    return pit_cli_fail (error);
  if (isolate != NULL && !pit_host_plan_request_set_isolate_cpus (request, isolate, &error))
    return pit_cli_fail (error);
  if (looking_glass != NULL && !pit_host_plan_request_set_looking_glass (request, looking_glass, &error))
    return pit_cli_fail (error);
  if (user != NULL && !pit_host_plan_request_set_user (request, user, &error))
    return pit_cli_fail (error);
  if (sound != NULL && !g_str_equal (sound, "pulseaudio") && !g_str_equal (sound, "spice"))
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Unknown sound backend “%s”; choose pulseaudio or spice"), sound);
      return pit_cli_fail (error);
    }
  if (kvmfr && looking_glass == NULL)
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("--kvmfr goes with --looking-glass"));
      return pit_cli_fail (error);
    }
  request->kvmfr = kvmfr;
  request->tpm = tpm;
  request->sound_pulseaudio = g_strcmp0 (sound, "pulseaudio") == 0;
  request->iommu_pt = !no_iommu_pt;
  request->hugepages_on_demand = on_demand || target == PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK;

  facts = read_facts (&conn_options, root, pci_dump, &host_root, &error);
  if (facts == NULL)
    return pit_cli_fail (error);
  plan = pit_host_plan_new (g_steal_pointer (&facts), request, host_root, &error);
  if (plan == NULL)
    return pit_cli_fail (error);

  if (check && json)
    print_check_json (plan);
  else if (check)
    print_check (plan);
  else
    {
      g_autofree char *text = pit_host_plan_render (plan, target, &error);

      if (text == NULL)
        return pit_cli_fail (error);
      g_print ("%s", text);
    }
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor.h"
#include "pit-advisor-context.h"
#include "rules/pit-advisor-rules.h"
#include "pit-error.h"
#include "pit-tune-apply.h"
#include "pit-xml.h"

static const PitAdvisorRule rules[] = {
  { "cpu-topology", N_("vCPU topology"), FALSE, pit_rule_cpu_topology },
  { "cpu-current", N_("vCPUs in use"), FALSE, pit_rule_cpu_current },
  { "cpu-mode", N_("CPU model"), FALSE, pit_rule_cpu_mode },
  { "pinning-missing", N_("vCPU pinning"), TRUE, pit_rule_pinning_missing },
  { "pinning-siblings", N_("Pinning and SMT siblings"), TRUE, pit_rule_pinning_siblings },
  { "pinning-numa", N_("Pinning and NUMA nodes"), TRUE, pit_rule_pinning_numa },
  { "pinning-emulator", N_("Pinning of the emulator"), FALSE, pit_rule_pinning_emulator },
  { "hugepages-missing", N_("Hugepages"), FALSE, pit_rule_hugepages_missing },
  { "hugepages-pool", N_("Host hugepage pool"), TRUE, pit_rule_hugepages_pool },
  { "memballoon", N_("Memory balloon"), FALSE, pit_rule_memballoon },
  { "disk-boot-bus", N_("Boot disk bus"), FALSE, pit_rule_disk_boot_bus },
  { "disk-cache-io", N_("Disk cache and I/O mode"), FALSE, pit_rule_disk_cache_io },
  { "disk-rotational", N_("Disk on a spinning drive"), TRUE, pit_rule_disk_rotational },
  { "disk-zfs-scan", N_("ZFS scrub or resilver"), TRUE, pit_rule_disk_zfs_scan },
  { "disk-iothread", N_("I/O threads of the disks"), FALSE, pit_rule_disk_iothread },
  { "disk-rotation-rate", N_("Rotation rate of the disks"), TRUE, pit_rule_disk_rotation_rate },
  { "nic-model", N_("Network card model"), FALSE, pit_rule_nic_model },
  { "nic-nat", N_("NAT network"), TRUE, pit_rule_nic_nat },
  { "gpu-hidden", N_("NVIDIA GPU and the hypervisor"), TRUE, pit_rule_gpu_hidden },
  { "gpu-audio", N_("GPU audio function"), TRUE, pit_rule_gpu_audio },
  { "hostdev-iommu-group", N_("IOMMU groups of passed devices"), TRUE, pit_rule_hostdev_iommu },
  { "display-no-way", N_("Seeing and controlling a guest with a GPU"), TRUE, pit_rule_display_no_way },
  { "looking-glass-balloon", N_("Memory balloon and Looking Glass"), FALSE, pit_rule_looking_glass_balloon },
  { "looking-glass-size", N_("Size of Looking Glass’s shared memory"), FALSE, pit_rule_looking_glass_size },
  { "gpu-single-hook", N_("Single-GPU hook"), TRUE, pit_rule_gpu_single_hook },
  { "gpu-reset", N_("GPU reset"), TRUE, pit_rule_gpu_reset },
  { "gpu-rom", N_("ROM of the boot GPU"), TRUE, pit_rule_gpu_rom },
  { "gpu-large-bar", N_("Large BARs and the guest firmware"), TRUE, pit_rule_gpu_large_bar },
  { "pinning-l3", N_("Pinning and the L3 cache"), TRUE, pit_rule_pinning_l3 },
  { "windows-hyperv", N_("Hyper-V enlightenments"), FALSE, pit_rule_windows_hyperv },
  { "windows-timers", N_("Windows timers"), FALSE, pit_rule_windows_timers },
  { "windows-virtio-iso", N_("virtio driver disc"), FALSE, pit_rule_windows_virtio_iso },
  { "windows11-tpm", N_("Windows 11 and the TPM"), FALSE, pit_rule_windows11_tpm },
  { "windows11-secure-boot", N_("Windows 11 and Secure Boot"), FALSE, pit_rule_windows11_secure_boot },
};

const PitAdvisorRule *
pit_advisor_get_rules (guint *n_rules)
{
  if (n_rules != NULL)
    *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/**
 * pit_advisor_check_xml:
 * Returns: (transfer full): the report, or %NULL with @error when @xml is
 *   not a domain definition
 */
PitAdvisorReport *
pit_advisor_check_xml (const char        *xml,
                       PitHostInventory  *host,
                       gboolean           running,
                       GError           **error)
{
  g_autoptr(PitDomainSummary) summary = NULL;
  g_autoptr(PitAdvisorContext) ctx = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  PitAdvisorReport *report;

  g_return_val_if_fail (xml != NULL, NULL);

  summary = pit_domain_summary_new_from_xml (xml, error);
  if (summary == NULL)
    return NULL;
  doc = pit_xml_parse (xml, error);
  if (doc == NULL)
    return NULL;

  ctx = pit_advisor_context_new (xmlDocGetRootElement (doc), summary, host, running);
  report = pit_advisor_report_new (summary->name, summary->uuid);
  pit_advisor_report_set_has_host (report, host != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      if (rules[i].needs_host && host == NULL)
        {
          pit_advisor_report_add_skipped (report, rules[i].id);
          continue;
        }
      rules[i].run (ctx);
    }
  pit_advisor_report_set_findings (report, ctx->findings);

  return report;
}

static PitHostInventory *
probe_host (PitConnection     *connection,
            PitDomainSummary  *summary,
            GError           **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; summary != NULL && i < summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (summary->disks, i);

      if (disk->source != NULL && disk->source[0] == '/' && g_strcmp0 (disk->device, "disk") == 0)
        g_ptr_array_add (paths, disk->source);
    }
  g_ptr_array_add (paths, NULL);
  return pit_host_inventory_for_connection_sync (connection, (const char * const *) paths->pdata, error);
}

/* @xml: (nullable): the persistent XML when the caller has it, else it is
 * read (a round trip on a remote connection) */
static PitAdvisorReport *
check_domain (PitConnection     *connection,
              PitDomain         *domain,
              PitHostInventory  *host,
              const char        *known_xml,
              PitDomainState     state,
              GError           **error)
{
  g_autoptr(PitHostInventory) probed = NULL;
  g_autoptr(PitDomainSummary) summary = NULL;
  g_autoptr(GError) host_error = NULL;
  g_autofree char *xml = NULL;

  xml = known_xml != NULL ? g_strdup (known_xml) : pit_tune_fetch_inactive_xml (pit_domain_get_handle (domain), error);
  if (xml == NULL)
    return NULL;
  if (host == NULL)
    {
      summary = pit_domain_summary_new_from_xml (xml, NULL);
      /* without host facts the XML rules still run */
      probed = probe_host (connection, summary, &host_error);
      if (probed == NULL)
        g_debug ("No host inventory: %s", host_error->message);
      host = probed;
    }

  return pit_advisor_check_xml (xml, host,
                                state == PIT_DOMAIN_STATE_RUNNING || state == PIT_DOMAIN_STATE_PAUSED
                                || state == PIT_DOMAIN_STATE_BLOCKED,
                                error);
}

/**
 * pit_advisor_check_domain_sync:
 * @host: (nullable): the host's inventory, or %NULL to read it
 * Returns: (transfer full): the report, or %NULL with @error when the
 *   domain's XML cannot be read
 */
PitAdvisorReport *
pit_advisor_check_domain_sync (PitConnection     *connection,
                               PitDomain         *domain,
                               PitHostInventory  *host,
                               GError           **error)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (PIT_IS_DOMAIN (domain), NULL);

  return check_domain (connection, domain, host, NULL, pit_domain_get_state (domain), error);
}

typedef struct
{
  PitConnection *connection;
  PitDomain *domain;
  PitHostInventory *host;
  PitDomainState state;
  char *xml;            /* the persistent XML when known, else NULL */
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->connection);
  g_clear_object (&data->domain);
  g_clear_pointer (&data->host, pit_host_inventory_unref);
  g_free (data->xml);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  GError *error = NULL;
  PitAdvisorReport *report;

  report = check_domain (data->connection, data->domain, data->host, data->xml, data->state, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

void
pit_advisor_check_domain_async (PitConnection       *connection,
                                PitDomain           *domain,
                                PitHostInventory    *host,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (PIT_IS_CONNECTION (connection));
  g_return_if_fail (PIT_IS_DOMAIN (domain));

  data = g_new0 (CheckData, 1);
  data->connection = g_object_ref (connection);
  data->domain = g_object_ref (domain);
  data->host = host != NULL ? pit_host_inventory_ref (host) : NULL;
  /* read here, in the main thread, where the domain changes */
  data->state = pit_domain_get_state (domain);
  /* a VM that is not running has one configuration, which the list keeps:
   * no round trip (200 of them over a slow link kept GTask's threads busy
   * for seconds, the monitor's sampling waiting behind) */
  if (!pit_domain_state_is_active (data->state) && pit_domain_has_details (domain))
    data->xml = g_strdup (pit_domain_get_xml (domain));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pit_advisor_check_domain_async);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, check_thread);
}

PitAdvisorReport *
pit_advisor_check_domain_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pit_advisor_check_domain_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  PitConnection *connection;
  GPtrArray *domains;   /* PitDomain, taken on the calling thread */
} CheckAllData;

static void
check_all_data_free (CheckAllData *data)
{
  g_clear_object (&data->connection);
  g_clear_pointer (&data->domains, g_ptr_array_unref);
  g_free (data);
}

static void
check_all_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CheckAllData *data = task_data;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PitHostInventory) host = NULL;
  g_autoptr(GError) host_error = NULL;

  /* each report reads its own disks' storage: no paths here */
  host = pit_host_inventory_for_connection_sync (data->connection, NULL, &host_error);
  if (host == NULL)
    g_debug ("No host inventory: %s", host_error->message);

  for (guint i = 0; i < data->domains->len; i++)
    {
      g_autoptr(GError) error = NULL;
      PitAdvisorReport *report;

      if (g_task_return_error_if_cancelled (task))
        return;
      report = pit_advisor_check_domain_sync (data->connection, g_ptr_array_index (data->domains, i),
                                              host, &error);
      if (report == NULL)
        {
          g_debug ("Not checked: %s", error->message);
          continue;
        }
      g_ptr_array_add (reports, report);
    }
  g_task_return_pointer (task, g_steal_pointer (&reports), (GDestroyNotify) g_ptr_array_unref);
}

void
pit_advisor_check_all_async (PitConnection       *connection,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GListModel *domains;
  CheckAllData *data;

  g_return_if_fail (PIT_IS_CONNECTION (connection));

  data = g_new0 (CheckAllData, 1);
  data->connection = g_object_ref (connection);
  data->domains = g_ptr_array_new_with_free_func (g_object_unref);
  domains = pit_connection_get_domains (connection);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    g_ptr_array_add (data->domains, g_list_model_get_item (domains, i));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pit_advisor_check_all_async);
  g_task_set_task_data (task, data, (GDestroyNotify) check_all_data_free);
  g_task_run_in_thread (task, check_all_thread);
}

GPtrArray *
pit_advisor_check_all_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pit_advisor_check_all_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

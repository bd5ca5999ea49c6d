/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-cpu-topology.h"

#define CPU_DIR "/sys/devices/system/cpu"
#define NODE_DIR "/sys/devices/system/node"

PitHostCpuTopology *
pit_host_cpu_topology_new (void)
{
  PitHostCpuTopology *self = g_atomic_rc_box_new0 (PitHostCpuTopology);

  self->cpus = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_cpu_unref);
  self->l3_domains = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_cache_domain_unref);
  return self;
}

PitHostCpuTopology *
pit_host_cpu_topology_ref (PitHostCpuTopology *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
topology_clear (PitHostCpuTopology *self)
{
  g_ptr_array_unref (self->cpus);
  g_ptr_array_unref (self->l3_domains);
  g_clear_pointer (&self->online, g_array_unref);
  g_clear_pointer (&self->present, g_array_unref);
  g_free (self->vendor_id);
  g_free (self->model_name);
  g_free (self->virtualization);
}

void
pit_host_cpu_topology_unref (PitHostCpuTopology *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) topology_clear);
}

/**
 * pit_host_cpu_topology_get_cpu:
 * Returns: (transfer none) (nullable): the CPU with that id
 */
PitHostCpu *
pit_host_cpu_topology_get_cpu (PitHostCpuTopology *self,
                               guint               id)
{
  for (guint i = 0; i < self->cpus->len; i++)
    {
      PitHostCpu *cpu = self->cpus->pdata[i];

      if (cpu->id == id)
        return cpu;
    }
  return NULL;
}

guint
pit_host_cpu_topology_get_n_online (PitHostCpuTopology *self)
{
  guint n = 0;

  for (guint i = 0; i < self->cpus->len; i++)
    n += ((PitHostCpu *) self->cpus->pdata[i])->online ? 1 : 0;
  return n;
}

/**
 * pit_host_cpu_topology_describe_l3:
 * Returns: L3 domain @index in words: on AMD a domain is a CCD (a CCX on
 *   Zen 2, which has two per CCD: the name is then loose); the largest of
 *   domains of different sizes is the 3D V-Cache
 */
char *
pit_host_cpu_topology_describe_l3 (PitHostCpuTopology *self,
                                   guint               index)
{
  PitHostCacheDomain *domain;
  g_autofree char *size = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (index < self->l3_domains->len, NULL);

  domain = self->l3_domains->pdata[index];
  name = self->vendor == PIT_HOST_CPU_VENDOR_AMD
           /* TRANSLATORS: a Ryzen's core complex die, with its L3 cache */
           ? g_strdup_printf (_("CCD %u"), index)
           : g_strdup_printf (_("L3 domain %u"), index);
  if (domain->size_kib == 0)
    return g_steal_pointer (&name);
  size = g_format_size_full (domain->size_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
  if ((int) index == pit_host_cache_domains_largest (self->l3_domains))
    /* TRANSLATORS: "CCD 0 · 96.0 MiB L3 (V-Cache)" */
    return g_strdup_printf (_("%s · %s L3 (V-Cache)"), name, size);
  /* TRANSLATORS: "CCD 1 · 32.0 MiB L3" */
  return g_strdup_printf (_("%s · %s L3"), name, size);
}

guint
pit_host_cpu_topology_l3_room (PitHostCpuTopology *self,
                               guint               index)
{
  PitHostCacheDomain *domain;
  guint kept;

  g_return_val_if_fail (index < self->l3_domains->len, 0);

  domain = self->l3_domains->pdata[index];
  kept = pit_host_cache_domain_contains (domain, 0) ? MAX (self->threads_per_core, 1) : 0;
  return domain->cpus->len > kept ? domain->cpus->len - kept : 0;
}

const char *
pit_host_cpu_vendor_to_id (PitHostCpuVendor vendor)
{
  switch (vendor)
    {
    case PIT_HOST_CPU_VENDOR_INTEL:
      return "intel";
    case PIT_HOST_CPU_VENDOR_AMD:
      return "amd";
    case PIT_HOST_CPU_VENDOR_OTHER:
      return "other";
    case PIT_HOST_CPU_VENDOR_UNKNOWN:
    default:
      return NULL;
    }
}

static int
compare_cpus (gconstpointer a,
              gconstpointer b)
{
  const PitHostCpu *x = *(PitHostCpu * const *) a;
  const PitHostCpu *y = *(PitHostCpu * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

static guint
count_distinct (GHashTable *set)
{
  return g_hash_table_size (set);
}

/**
 * pit_host_cpu_topology_update_sums:
 * Counts over online CPUs, like libvirt (virHostCPUGetInfoPopulateLinux):
 * a core is a set of thread siblings (core ids repeat across the dies of
 * a package on some CPUs, so they cannot tell cores apart); threads per
 * core is the largest number of online CPUs sharing one.  Without sibling
 * information every CPU counts as a core of one thread, as libvirt does.
 * A node without online CPUs is not counted.
 */
void
pit_host_cpu_topology_update_sums (PitHostCpuTopology *self)
{
  g_autoptr(GHashTable) nodes = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) sockets = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) cores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) dies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean siblings_known = TRUE;
  guint threads = 0;
  guint max_dies = 0;

  g_ptr_array_sort (self->cpus, compare_cpus);
  g_clear_pointer (&self->online, g_array_unref);
  g_clear_pointer (&self->present, g_array_unref);
  self->online = g_array_new (FALSE, FALSE, sizeof (guint));
  self->present = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < self->cpus->len; i++)
    {
      PitHostCpu *cpu = self->cpus->pdata[i];

      g_array_append_val (self->present, cpu->id);
      if (!cpu->online)
        continue;
      g_array_append_val (self->online, cpu->id);

      if (cpu->node >= 0)
        g_hash_table_add (nodes, GINT_TO_POINTER (cpu->node + 1));
      if (cpu->socket >= 0)
        g_hash_table_add (sockets, GINT_TO_POINTER (cpu->socket + 1));
      if (cpu->socket >= 0 && cpu->die >= 0)
        g_hash_table_add (dies, g_strdup_printf ("%d/%d", cpu->socket, cpu->die));
      if (cpu->siblings == NULL || cpu->siblings->len == 0)
        siblings_known = FALSE;
    }

  for (guint i = 0; siblings_known && i < self->cpus->len; i++)
    {
      PitHostCpu *cpu = self->cpus->pdata[i];
      guint online_siblings = 0;

      if (!cpu->online)
        continue;
      for (guint j = 0; j < cpu->siblings->len; j++)
        {
          PitHostCpu *sibling = pit_host_cpu_topology_get_cpu (self, g_array_index (cpu->siblings, guint, j));

          online_siblings += sibling != NULL && sibling->online ? 1 : 0;
        }
      threads = MAX (threads, online_siblings);
      g_hash_table_add (cores, pit_host_format_cpulist ((guint *) cpu->siblings->data, cpu->siblings->len));
    }

  self->numa_nodes = count_distinct (nodes);
  if (self->numa_nodes == 0 && self->online->len > 0)
    self->numa_nodes = 1;  /* a kernel without NUMA is one node */
  self->sockets = count_distinct (sockets);
  self->cores = siblings_known ? count_distinct (cores) : self->online->len;
  self->threads_per_core = siblings_known ? threads : (self->online->len > 0 ? 1 : 0);

  for (guint i = 0; i < self->cpus->len && self->sockets > 0; i++)
    {
      PitHostCpu *cpu = self->cpus->pdata[i];
      guint n = 0;
      GHashTableIter iter;
      gpointer key;
      g_autofree char *prefix = g_strdup_printf ("%d/", cpu->socket);

      g_hash_table_iter_init (&iter, dies);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        n += g_str_has_prefix (key, prefix) ? 1 : 0;
      max_dies = MAX (max_dies, n);
    }
  self->dies_per_socket = max_dies;

  self->hybrid = FALSE;
  for (guint i = 0; i < self->cpus->len; i++)
    {
      PitHostCpu *cpu = self->cpus->pdata[i];

      if (cpu->kind == PIT_HOST_CPU_KIND_PERFORMANCE || cpu->kind == PIT_HOST_CPU_KIND_EFFICIENCY)
        self->hybrid = TRUE;
    }
}

/* /proc/cpuinfo --------------------------------------------------------- */

static gboolean
parse_cpuinfo (PitHostCpuTopology *self,
               PitHostReader      *reader,
               gboolean           *hybrid_flag)
{
  g_autofree char *text = pit_host_reader_read (reader, "/proc/cpuinfo", FALSE);
  g_auto(GStrv) lines = NULL;
  g_autofree char *flags = NULL;

  *hybrid_flag = FALSE;
  if (text == NULL)
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (colon == NULL)
        continue;
      key = g_strstrip (g_strndup (lines[i], colon - lines[i]));
      value = g_strstrip (g_strdup (colon + 1));

      if (self->vendor_id == NULL && g_str_equal (key, "vendor_id") && *value != '\0')
        self->vendor_id = g_steal_pointer (&value);
      else if (self->model_name == NULL && g_str_equal (key, "model name") && *value != '\0')
        self->model_name = g_steal_pointer (&value);
      else if (flags == NULL && g_str_equal (key, "flags"))
        flags = g_steal_pointer (&value);
    }

  if (self->vendor_id == NULL)
    self->vendor = PIT_HOST_CPU_VENDOR_UNKNOWN;
  else if (g_str_equal (self->vendor_id, "GenuineIntel"))
    self->vendor = PIT_HOST_CPU_VENDOR_INTEL;
  else if (g_str_equal (self->vendor_id, "AuthenticAMD"))
    self->vendor = PIT_HOST_CPU_VENDOR_AMD;
  else
    self->vendor = PIT_HOST_CPU_VENDOR_OTHER;

  if (flags != NULL)
    {
      g_auto(GStrv) words = g_strsplit_set (flags, " \t", -1);

      if (g_strv_contains ((const char * const *) words, "vmx"))
        self->virtualization = g_strdup ("vmx");
      else if (g_strv_contains ((const char * const *) words, "svm"))
        self->virtualization = g_strdup ("svm");
      else
        self->virtualization = g_strdup ("none");
      *hybrid_flag = g_strv_contains ((const char * const *) words, "hybrid_cpu");
    }
  else if (self->vendor_id != NULL || self->model_name != NULL)
    {
      pit_host_reader_add_problem (reader, _("Could not read %s: no “flags” line"), "/proc/cpuinfo");
    }

  if (self->vendor_id == NULL && self->model_name == NULL && flags == NULL)
    {
      pit_host_reader_add_problem (reader, _("Could not read %s: no processor found in it"),
                                   "/proc/cpuinfo");
      return FALSE;
    }

  return flags != NULL;
}

/* sysfs ----------------------------------------------------------------- */

static gboolean
parse_index (const char *name,
             const char *prefix,
             guint      *index)
{
  guint64 value;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;
  if (!g_ascii_string_to_unsigned (name + strlen (prefix), 10, 0, G_MAXINT, &value, NULL))
    return FALSE;
  *index = (guint) value;
  return TRUE;
}

static int
read_topology_int (PitHostReader *reader,
                   guint          id,
                   const char    *file)
{
  g_autofree char *path = g_strdup_printf (CPU_DIR "/cpu%u/topology/%s", id, file);
  gint64 value;

  if (!pit_host_reader_read_int (reader, path, FALSE, &value) || value < 0 || value > G_MAXINT)
    return -1;
  return (int) value;
}

static void
read_cpu (PitHostReader *reader,
          PitHostCpu    *cpu,
          GArray        *online)
{
  g_autofree char *dir = g_strdup_printf (CPU_DIR "/cpu%u", cpu->id);
  g_autofree char *online_path = g_strdup_printf ("%s/online", dir);
  g_autofree char *siblings_path = g_strdup_printf ("%s/topology/thread_siblings_list", dir);
  g_autoptr(GPtrArray) entries = NULL;

  if (online != NULL)
    {
      cpu->online = FALSE;
      for (guint i = 0; i < online->len; i++)
        if (g_array_index (online, guint, i) == cpu->id)
          cpu->online = TRUE;
    }
  else
    {
      gint64 value;

      /* cpu0 often has no "online" file: it cannot go offline */
      if (pit_host_reader_read_int (reader, online_path, FALSE, &value))
        cpu->online = value != 0;
    }

  cpu->socket = read_topology_int (reader, cpu->id, "physical_package_id");
  cpu->die = read_topology_int (reader, cpu->id, "die_id");
  cpu->core = read_topology_int (reader, cpu->id, "core_id");
  cpu->siblings = pit_host_reader_read_cpulist (reader, siblings_path, FALSE);
  if (cpu->siblings == NULL)
    {
      g_autofree char *list_path = g_strdup_printf ("%s/topology/core_cpus_list", dir);

      cpu->siblings = pit_host_reader_read_cpulist (reader, list_path, FALSE);
    }
  if (cpu->siblings != NULL)
    {
      gboolean self_included = FALSE;

      for (guint i = 0; i < cpu->siblings->len; i++)
        self_included |= g_array_index (cpu->siblings, guint, i) == cpu->id;
      if (!self_included)
        {
          /* a CPU is always its own sibling: the list is wrong (some
           * libvirt test trees have this); count the CPU as a core */
          pit_host_reader_add_problem (reader, _("Could not read %s: CPU %u is not among its own thread siblings"),
                                       siblings_path, cpu->id);
          g_clear_pointer (&cpu->siblings, g_array_unref);
          cpu->siblings = g_array_new (FALSE, FALSE, sizeof (guint));
        }
    }

  /* cpuN/nodeM links name the node of the CPU */
  entries = pit_host_reader_list_dir (reader, dir, FALSE);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      guint node;

      if (parse_index (entries->pdata[i], "node", &node))
        cpu->node = (int) node;
    }
}

/* One line per missing fact, naming the CPUs (offline CPUs have no
 * topology on most kernels: not a problem). */
static void
report_missing (PitHostCpuTopology *self,
                PitHostReader      *reader)
{
  g_autoptr(GArray) no_socket = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) no_core = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) no_siblings = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < self->cpus->len; i++)
    {
      PitHostCpu *cpu = self->cpus->pdata[i];

      if (!cpu->online)
        continue;
      if (cpu->socket < 0)
        g_array_append_val (no_socket, cpu->id);
      if (cpu->core < 0)
        g_array_append_val (no_core, cpu->id);
      if (cpu->siblings == NULL)
        g_array_append_val (no_siblings, cpu->id);
      else if (cpu->siblings->len == 0)
        g_clear_pointer (&cpu->siblings, g_array_unref);  /* reported as wrong already */
    }

#define REPORT(ids, file)                                                                          \
  if (ids->len > 0)                                                                                \
    {                                                                                              \
      g_autofree char *list = pit_host_format_cpulist ((guint *) ids->data, ids->len);             \
      pit_host_reader_add_problem (reader, _("Could not read %s of CPUs %s"), "topology/" file, list); \
    }
  REPORT (no_socket, "physical_package_id")
  REPORT (no_core, "core_id")
  REPORT (no_siblings, "thread_siblings_list")
#undef REPORT
}

static void
read_nodes (PitHostCpuTopology *self,
            PitHostReader      *reader)
{
  g_autoptr(GPtrArray) entries = pit_host_reader_list_dir (reader, NODE_DIR, FALSE);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      g_autofree char *dir = NULL;
      g_autofree char *cpulist_path = NULL;
      g_autoptr(GArray) ids = NULL;
      guint node;

      if (!parse_index (entries->pdata[i], "node", &node))
        continue;
      dir = g_strdup_printf (NODE_DIR "/node%u", node);
      cpulist_path = g_strdup_printf ("%s/cpulist", dir);
      ids = pit_host_reader_read_cpulist (reader, cpulist_path, FALSE);
      if (ids == NULL)
        {
          /* older trees (and libvirt's test data): nodeN/cpuM entries */
          g_autoptr(GPtrArray) node_entries = pit_host_reader_list_dir (reader, dir, FALSE);

          ids = g_array_new (FALSE, FALSE, sizeof (guint));
          for (guint j = 0; node_entries != NULL && j < node_entries->len; j++)
            {
              guint id;

              if (parse_index (node_entries->pdata[j], "cpu", &id))
                g_array_append_val (ids, id);
            }
        }

      for (guint j = 0; j < ids->len; j++)
        {
          PitHostCpu *cpu = pit_host_cpu_topology_get_cpu (self, g_array_index (ids, guint, j));

          if (cpu != NULL && cpu->node < 0)
            cpu->node = (int) node;
        }
    }
}

static void
mark_kind (PitHostCpuTopology *self,
           GArray             *ids,
           PitHostCpuKind      kind)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      PitHostCpu *cpu = pit_host_cpu_topology_get_cpu (self, g_array_index (ids, guint, i));

      if (cpu != NULL)
        cpu->kind = kind;
    }
}

static void
read_kinds (PitHostCpuTopology *self,
            PitHostReader      *reader,
            gboolean            flags_read,
            gboolean            hybrid_flag)
{
  g_autoptr(GArray) pcores = pit_host_reader_read_cpulist (reader, "/sys/devices/cpu_core/cpus", FALSE);
  g_autoptr(GArray) ecores = pit_host_reader_read_cpulist (reader, "/sys/devices/cpu_atom/cpus", FALSE);

  if (pcores != NULL || ecores != NULL)
    {
      mark_kind (self, pcores, PIT_HOST_CPU_KIND_PERFORMANCE);
      mark_kind (self, ecores, PIT_HOST_CPU_KIND_EFFICIENCY);
      return;
    }

  if (hybrid_flag)
    {
      pit_host_reader_add_problem (reader, _("The CPU is hybrid but %s is missing: performance "
                                             "and efficiency cores cannot be told apart"),
                                   "/sys/devices/cpu_core/cpus");
      return;
    }

  /* One core PMU (/sys/devices/cpu) or cpuinfo without the hybrid flag:
   * every CPU is the same kind */
  if (flags_read || pit_host_reader_exists (reader, "/sys/devices/cpu"))
    for (guint i = 0; i < self->cpus->len; i++)
      ((PitHostCpu *) self->cpus->pdata[i])->kind = PIT_HOST_CPU_KIND_STANDARD;
}

/**
 * pit_host_cpu_topology_probe:
 * Returns: (transfer full): the topology; never %NULL (problems go to
 *   @reader; with nothing readable the CPU list is empty).
 */
PitHostCpuTopology *
pit_host_cpu_topology_probe (PitHostReader *reader)
{
  g_autoptr(PitHostCpuTopology) self = pit_host_cpu_topology_new ();
  g_autoptr(GArray) present = pit_host_reader_read_cpulist (reader, CPU_DIR "/present", FALSE);
  g_autoptr(GArray) online = pit_host_reader_read_cpulist (reader, CPU_DIR "/online", FALSE);
  g_autoptr(GPtrArray) entries = pit_host_reader_list_dir (reader, CPU_DIR, TRUE);
  g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);
  gboolean hybrid_flag;
  gboolean flags_read;

  /* present CPUs, plus any cpuN folder the list does not mention */
  for (guint i = 0; present != NULL && i < present->len; i++)
    g_hash_table_add (ids, GUINT_TO_POINTER (g_array_index (present, guint, i) + 1));
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      guint id;

      if (parse_index (entries->pdata[i], "cpu", &id))
        g_hash_table_add (ids, GUINT_TO_POINTER (id + 1));
    }
  if (entries != NULL && present == NULL)
    pit_host_reader_add_problem (reader, _("Could not read %s"), CPU_DIR "/present");
  if (entries != NULL && g_hash_table_size (ids) == 0)
    pit_host_reader_add_problem (reader, _("No CPU found under %s"), CPU_DIR);

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, ids);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (self->cpus, pit_host_cpu_new (GPOINTER_TO_UINT (key) - 1));
  }
  g_ptr_array_sort (self->cpus, compare_cpus);

  for (guint i = 0; i < self->cpus->len; i++)
    read_cpu (reader, self->cpus->pdata[i], online);
  read_nodes (self, reader);
  report_missing (self, reader);

  flags_read = parse_cpuinfo (self, reader, &hybrid_flag);
  read_kinds (self, reader, flags_read, hybrid_flag);
  g_ptr_array_unref (self->l3_domains);
  self->l3_domains = pit_host_cache_domains_probe (reader, self->cpus);

  pit_host_cpu_topology_update_sums (self);

  return g_steal_pointer (&self);
}

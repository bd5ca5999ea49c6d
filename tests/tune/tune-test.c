/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <glib/gstdio.h>

#include "pit-error.h"
#include "pit-host-remote.h"
#include "pit-test-support.h"
#include "tune-test.h"

char *
tune_test_read_fixture (const char *name)
{
  g_autofree char *path = pit_test_fixture_path ("tune", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/**
 * tune_test_assert_golden:
 * Compares @actual with tests/fixtures/tune/golden/@golden_name.  With
 * PITSTOP_UPDATE_GOLDEN=1 the file is written instead (review the diff!).
 */
void
tune_test_assert_golden (const char *actual,
                         const char *golden_name)
{
  g_autofree char *path = pit_test_fixture_path ("tune", "golden", golden_name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("PITSTOP_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_mkdir_with_parents (dir, 0755);
      g_file_set_contents (path, actual, -1, &error);
      g_assert_no_error (error);
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual, ==, expected);
}

/* A host of @sockets × @cores_per_socket × @threads with CPU ids numbered as
 * Linux does on Intel: the first thread of every core, then the second
 * threads (0 and 4 are siblings on 4 cores).  Cores are spread evenly over
 * @nodes NUMA nodes. */
PitHostCpuTopology *
tune_test_cpu_topology (guint sockets,
                        guint cores_per_socket,
                        guint threads,
                        guint nodes)
{
  PitHostCpuTopology *topology = pit_host_cpu_topology_new ();
  guint cores = sockets * cores_per_socket;
  guint n = cores * threads;

  for (guint id = 0; id < n; id++)
    {
      PitHostCpu *cpu = pit_host_cpu_new (id);
      guint core = id % cores;

      cpu->socket = core / cores_per_socket;
      cpu->die = 0;
      cpu->core = core % cores_per_socket;
      cpu->node = core * nodes / cores;
      cpu->kind = PIT_HOST_CPU_KIND_STANDARD;
      cpu->siblings = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint t = 0; t < threads; t++)
        {
          guint sibling = core + t * cores;

          g_array_append_val (cpu->siblings, sibling);
        }
      g_ptr_array_add (topology->cpus, cpu);
    }
  pit_host_cpu_topology_update_sums (topology);
  return topology;
}

/* The demo host as the engine sees it: its PCI devices and IOMMU groups from
 * libvirt (the demo's node devices, IOMMU on), 1 socket × 4 cores × 2
 * threads, and hugepage pools with the given free pages (-1: unknown). */
PitHostInventory *
tune_test_host (virConnectPtr demo_connection,
                gint64        free_2m,
                gint64        free_1g)
{
  g_autoptr(GError) error = NULL;
  PitHostInventory *host = pit_host_remote_probe (demo_connection, &error);
  g_autoptr(PitHostCpuTopology) cpu = tune_test_cpu_topology (1, 4, 2, 1);
  g_autoptr(PitHostMemory) memory = pit_host_memory_new ();
  PitHostHugepagePool *pool;

  g_assert_no_error (error);
  pit_host_inventory_get_iommu (host)->enabled = 1;
  pit_host_inventory_set_cpu (host, g_steal_pointer (&cpu));  /* (transfer full) */

  pool = pit_host_hugepage_pool_new (2048, -1);
  pool->total = pool->free = free_2m;
  g_ptr_array_add (memory->pools, pool);
  pool = pit_host_hugepage_pool_new (1048576, -1);
  pool->total = pool->free = free_1g;
  g_ptr_array_add (memory->pools, pool);
  pit_host_inventory_set_memory (host, g_steal_pointer (&memory));

  return host;
}

PitTuneResult *
tune_test_run (PitTunePlan *plan,
               const char  *xml)
{
  g_autoptr(GError) error = NULL;
  PitTuneResult *result = pit_tune_plan_run (plan, xml, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Running the plan again on its own output changes nothing. */
void
tune_test_assert_idempotent (PitTunePlan   *plan,
                             PitTuneResult *result)
{
  g_autoptr(PitTuneResult) again = tune_test_run (plan, result->after_xml);

  g_assert_cmpstr (again->after_xml, ==, result->after_xml);
  g_assert_false (again->changed);
  g_assert_cmpstr (again->diff, ==, "");
}

static char *data_dir;

/* History goes to a fresh folder: never the user's. */
void
tune_test_isolate_data (void)
{
  g_autoptr(GError) error = NULL;

  data_dir = g_dir_make_tmp ("pitstop-tune-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
}

/* Removes the folder of tune_test_isolate_data() */
void
tune_test_remove_data (void)
{
  if (data_dir != NULL)
    pit_test_remove_tree (data_dir);
  g_clear_pointer (&data_dir, g_free);
}

/* Shared test bodies ------------------------------------------------------ */

PitConnection *tune_test_demo;

PitHostInventory *
tune_test_demo_host (gint64 free_2m,
                     gint64 free_1g)
{
  return tune_test_host (pit_connection_get_handle (tune_test_demo), free_2m, free_1g);
}

/* Runs @plan on fixture @fixture, checks the golden file and that a second
 * run changes nothing. */
PitTuneResult *
tune_test_check_golden (PitTunePlan *plan,
                        const char  *fixture,
                        const char  *golden)
{
  g_autofree char *xml = tune_test_read_fixture (fixture);
  PitTuneResult *result = tune_test_run (plan, xml);

  g_assert_true (result->changed);
  tune_test_assert_golden (result->after_xml, golden);
  tune_test_assert_idempotent (plan, result);
  return result;
}

/* @plan refuses @xml with @code, and a message that says @message_part
 * (nullable: any message) */
void
tune_test_expect_error_xml (PitTunePlan *plan,
                            const char  *xml,
                            int          code,
                            const char  *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTuneResult) result = pit_tune_plan_run (plan, xml, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

/* The changed XML holds each of the strings after @result (NULL-terminated);
 * the first it lacks fails the test, with the XML */
void
tune_test_assert_xml_has (PitTuneResult *result,
                          ...)
{
  va_list args;
  const char *part;

  va_start (args, result);
  while ((part = va_arg (args, const char *)) != NULL)
    if (strstr (result->after_xml, part) == NULL)
      g_error ("The changed XML lacks “%s”:\n%s", part, result->after_xml);
  va_end (args);
}

void
tune_test_expect_error (PitTunePlan *plan,
                        const char  *fixture,
                        int          code,
                        const char  *message_part)
{
  g_autofree char *xml = tune_test_read_fixture (fixture);

  tune_test_expect_error_xml (plan, xml, code, message_part);
}

PitTunePlan *
tune_test_plan_of (PitTuneStep *step)
{
  PitTunePlan *plan = pit_tune_plan_new ();

  pit_tune_plan_add (plan, step);
  return plan;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-host-plan-check.h"
#include "pit-test-support.h"
#include "plan-test-hosts.h"

/* The check after the reboot, on the story's machine before and after
 * applying its plan, and on hosts where something went wrong. */

static const PlanTestHost *
story (void)
{
  guint n;

  return &plan_test_hosts (&n)[0];
}

static PitPlanStatus
status_of (GPtrArray  *items,
           const char *id,
           const char *seen)
{
  for (guint i = 0; i < items->len; i++)
    {
      PitPlanCheckItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->id, id))
        {
          if (seen != NULL && strstr (item->seen, seen) == NULL)
            g_error ("%s: seen “%s”, expected “%s”", id, item->seen, seen);
          return item->status;
        }
    }
  g_error ("no check item %s", id);
}

static GPtrArray *
check (PitPlanFacts *facts)
{
  g_autoptr(PitHostPlan) plan = plan_test_plan (story (), facts, FALSE);

  return pit_host_plan_check (plan);
}

static void
test_check_before (void)
{
  g_autoptr(GPtrArray) items = check (plan_test_story_before ());

  /* IOMMU, 6 parameters, 2 devices, nouveau, 2 hugepage items, bridge */
  g_assert_cmpuint (items->len, ==, 13);
  for (guint i = 0; i < items->len; i++)
    {
      PitPlanCheckItem *item = g_ptr_array_index (items, i);

      g_assert_cmpstr (pit_plan_status_to_id (item->status), ==, "pending");
    }
  g_assert_cmpint (status_of (items, "iommu", "no IOMMU groups yet"), ==, PIT_PLAN_STATUS_PENDING);
  g_assert_cmpint (status_of (items, "param:intel_iommu=on", "not on the command line"), ==,
                   PIT_PLAN_STATUS_PENDING);
  g_assert_cmpint (status_of (items, "vfio:0000:04:00.0", "bound to nouveau"), ==, PIT_PLAN_STATUS_PENDING);
  g_assert_cmpint (status_of (items, "vfio:0000:04:00.1", "bound to snd_hda_intel"), ==,
                   PIT_PLAN_STATUS_PENDING);
  g_assert_cmpint (status_of (items, "module:nouveau", "loaded"), ==, PIT_PLAN_STATUS_PENDING);
  g_assert_cmpint (status_of (items, "hugepages-reserved", "0 reserved"), ==, PIT_PLAN_STATUS_PENDING);
  g_assert_cmpint (status_of (items, "bridge", "no interface br-lan yet"), ==, PIT_PLAN_STATUS_PENDING);
}

static void
test_check_after (void)
{
  g_autoptr(GPtrArray) items = check (plan_test_story_after ());

  g_assert_cmpuint (items->len, ==, 13);
  for (guint i = 0; i < items->len; i++)
    {
      PitPlanCheckItem *item = g_ptr_array_index (items, i);

      if (item->status != PIT_PLAN_STATUS_DONE)
        g_error ("%s is %s: %s", item->id, pit_plan_status_to_id (item->status), item->seen);
    }
  g_assert_cmpint (status_of (items, "vfio:0000:04:00.0", "bound to vfio-pci"), ==, PIT_PLAN_STATUS_DONE);
  g_assert_cmpint (status_of (items, "hugepages-free", "24 free"), ==, PIT_PLAN_STATUS_DONE);
  g_assert_cmpint (status_of (items, "bridge", "br-lan is up; eno2 is its port"), ==, PIT_PLAN_STATUS_DONE);
}

/* Rebooted with the parameters, but the firmware has VT-d off, nouveau
 * still came up, a VM holds the pages, and eno2 went into another bridge */
static void
test_check_conflicts (void)
{
  PitPlanFacts *facts = plan_test_story_after ();
  g_autoptr(GPtrArray) items = NULL;

  facts->iommu_enabled = FALSE;
  for (guint i = 0; i < facts->pci->len; i++)
    {
      PitPlanPciDevice *dev = g_ptr_array_index (facts->pci, i);

      if (g_str_equal (dev->address, "0000:04:00.0"))
        {
          g_free (dev->driver);
          dev->driver = g_strdup ("nouveau");
        }
    }
  g_strfreev (facts->modules);
  facts->modules = g_strsplit ("nouveau snd_hda_intel vfio vfio_pci", " ", -1);
  g_array_index (facts->hugepages, PitPlanHugepagePool, 1).free = 0;
  for (guint i = 0; i < facts->net->len; i++)
    {
      PitPlanNetInterface *iface = g_ptr_array_index (facts->net, i);

      if (g_str_equal (iface->name, "eno2"))
        {
          g_free (iface->master);
          iface->master = g_strdup ("virbr0");
        }
    }

  items = check (facts);
  g_assert_cmpint (status_of (items, "iommu", "firmware"), ==, PIT_PLAN_STATUS_CONFLICTING);
  g_assert_cmpint (status_of (items, "param:intel_iommu=on", NULL), ==, PIT_PLAN_STATUS_DONE);
  g_assert_cmpint (status_of (items, "vfio:0000:04:00.0", "bound to nouveau"), ==,
                   PIT_PLAN_STATUS_CONFLICTING);
  g_assert_cmpint (status_of (items, "vfio:0000:04:00.1", NULL), ==, PIT_PLAN_STATUS_DONE);
  g_assert_cmpint (status_of (items, "module:nouveau", "loaded"), ==, PIT_PLAN_STATUS_CONFLICTING);
  g_assert_cmpint (status_of (items, "hugepages-reserved", NULL), ==, PIT_PLAN_STATUS_DONE);
  g_assert_cmpint (status_of (items, "hugepages-free", "0 free"), ==, PIT_PLAN_STATUS_CONFLICTING);
  g_assert_cmpint (status_of (items, "bridge", "eno2 is a port of virbr0"), ==,
                   PIT_PLAN_STATUS_CONFLICTING);
}

/* A command line with other values than the plan's */
static void
test_check_other_values (void)
{
  PitPlanFacts *facts = plan_test_story_before ();
  g_autoptr(GPtrArray) items = NULL;

  g_free (facts->cmdline);
  facts->cmdline = g_strdup ("intel_iommu=off hugepagesz=2M hugepages=512 quiet");
  items = check (facts);
  g_assert_cmpint (status_of (items, "iommu", "the command line has intel_iommu=off"), ==,
                   PIT_PLAN_STATUS_CONFLICTING);
  g_assert_cmpint (status_of (items, "param:intel_iommu=on", "intel_iommu=off"), ==,
                   PIT_PLAN_STATUS_CONFLICTING);
  g_assert_cmpint (status_of (items, "param:hugepages=24", "hugepages=512"), ==,
                   PIT_PLAN_STATUS_CONFLICTING);
  g_assert_cmpint (status_of (items, "param:iommu=pt", "not on the command line"), ==,
                   PIT_PLAN_STATUS_PENDING);
}

/* The kernel treats "-" and "_" in parameter names alike, so does the check */
static void
test_check_spelling (void)
{
  PitPlanFacts *facts = plan_test_story_after ();
  g_autoptr(GPtrArray) items = NULL;

  g_free (facts->cmdline);
  facts->cmdline = g_strdup ("intel_iommu=on iommu=pt vfio_pci.ids=10de:1b80,10de:10f0 "
                             "default_hugepagesz=1G hugepagesz=1G hugepages=24");
  items = check (facts);
  g_assert_cmpint (status_of (items, "param:vfio-pci.ids=10de:1b80,10de:10f0", "on the command line"), ==,
                   PIT_PLAN_STATUS_DONE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/check/before-reboot", test_check_before);
  g_test_add_func ("/plan/check/after-reboot", test_check_after);
  g_test_add_func ("/plan/check/conflicts", test_check_conflicts);
  g_test_add_func ("/plan/check/other-values", test_check_other_values);
  g_test_add_func ("/plan/check/spelling", test_check_spelling);

  return g_test_run ();
}

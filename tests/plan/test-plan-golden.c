/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-test-support.h"
#include "plan-test-hosts.h"

/* Every target for every test host against tests/fixtures/plan/golden/
 * <host>.<target>.txt.  PITSTOP_UPDATE_GOLDEN=1 rewrites the files (then
 * read the diff before committing). */

typedef struct
{
  const PlanTestHost *host;
  PitHostPlanTarget target;
} GoldenCase;

static char *
render_or_error (PitHostPlan       *plan,
                 PitHostPlanTarget  target)
{
  g_autoptr(GError) error = NULL;
  char *text = pit_host_plan_render (plan, target, &error);

  if (text != NULL)
    {
      g_assert_no_error (error);
      return text;
    }
  g_assert_nonnull (error);
  return g_strdup_printf ("error: %s\n", error->message);
}

static void
test_golden (gconstpointer data)
{
  const GoldenCase *golden = data;
  g_autoptr(PitHostPlan) plan = plan_test_plan (golden->host, golden->host->facts (),
                                                 golden->target == PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK);
  g_autofree char *text = render_or_error (plan, golden->target);
  g_autofree char *file = g_strdup_printf ("%s.%s.txt", golden->host->name,
                                           pit_host_plan_target_to_string (golden->target));
  g_autofree char *path = pit_test_fixture_path ("plan", "golden", file, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("PITSTOP_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *source = g_build_filename (g_getenv ("PITSTOP_SOURCE_DIR"), "tests", "fixtures",
                                                  "plan", "golden", file, NULL);

      g_assert_true (g_file_set_contents (source, text, -1, &error));
      g_assert_no_error (error);
      return;
    }

  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  const PlanTestHost *hosts;
  guint n_hosts;

  g_test_init (&argc, &argv, NULL);

  hosts = plan_test_hosts (&n_hosts);
  for (guint i = 0; i < n_hosts; i++)
    for (PitHostPlanTarget t = PIT_HOST_PLAN_TARGET_AUTO; t <= PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK; t++)
      {
        GoldenCase *golden = g_new0 (GoldenCase, 1);
        g_autofree char *name = g_strdup_printf ("/plan/golden/%s/%s", hosts[i].name,
                                                 pit_host_plan_target_to_string (t));

        golden->host = &hosts[i];
        golden->target = t;
        g_ptr_array_add (cases, golden);
        g_test_add_data_func (name, golden, test_golden);
      }

  return g_test_run ();
}

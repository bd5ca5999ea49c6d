/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-bench"

#include "config.h"

#include <stdlib.h>

#include "pit-advisor.h"
#include "pit-demo.h"
#include "pit-domain-summary.h"
#include "pit-xml.h"

/* The advisor (domain summary + 22 rules, all XPath reads through pit-xml.c)
 * over every domain of the corpus, with a new XPath context per read (the
 * old path) and with the thread's context reused, alternating in the same
 * run.  Prints the median of each and their ratio.  Not a test: timings
 * belong in BENCHMARKS.md, not in a pass/fail.
 *
 *   build/tests/bench/bench-xpath [CORPUS_DIR [ROUNDS]]
 */

static void
collect_xml (const char *dir,
             GPtrArray  *texts)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    {
      g_printerr ("bench-xpath: cannot read %s\n", dir);
      exit (1);
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *text = NULL;

      if (g_str_has_suffix (name, ".xml") && g_file_get_contents (path, &text, NULL, NULL))
        g_ptr_array_add (texts, text);
    }
}

static double
run_pass (GPtrArray        *texts,
          PitHostInventory *host,
          guint            *findings)
{
  gint64 start = g_get_monotonic_time ();

  *findings = 0;
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(PitAdvisorReport) report = pit_advisor_check_xml (g_ptr_array_index (texts, i), host, FALSE, NULL);

      if (report != NULL)
        *findings += pit_advisor_report_get_n_findings (report);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

int
main (int    argc,
      char **argv)
{
  const char *corpus = argc > 1 ? argv[1] : PITSTOP_SOURCE_DIR "/../shared/corpus";
  guint rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 9;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *valid = g_build_filename (corpus, "libvirt-domains", "valid", NULL);
  g_autofree char *invalid = g_build_filename (corpus, "libvirt-domains", "invalid", NULL);
  g_autofree char *root = NULL;
  g_autoptr(PitHostInventory) host = NULL;
  PitHostProbeOptions options = { 0 };
  guint findings_before = 0, findings_after = 0;
  double b, a;

  g_setenv ("PITSTOP_DEMO_DIR", PITSTOP_SOURCE_DIR "/data/demo", FALSE);
  collect_xml (valid, texts);
  collect_xml (invalid, texts);
  root = pit_demo_get_host_root ();
  options.root = root;
  host = pit_host_inventory_probe (&options, NULL);
  if (rounds == 0)
    rounds = 1;

  /* warm up both paths (page faults, libxml2's one-time set-up) */
  pit_xml_set_context_reuse (FALSE);
  run_pass (texts, host, &findings_before);
  pit_xml_set_context_reuse (TRUE);
  run_pass (texts, host, &findings_after);

  for (guint i = 0; i < rounds; i++)
    {
      double ms;

      pit_xml_set_context_reuse (FALSE);
      ms = run_pass (texts, host, &findings_before);
      g_array_append_val (before, ms);
      pit_xml_set_context_reuse (TRUE);
      ms = run_pass (texts, host, &findings_after);
      g_array_append_val (after, ms);
    }

  if (findings_before != findings_after)
    {
      g_printerr ("bench-xpath: the two paths disagree: %u vs %u findings\n", findings_before, findings_after);
      return 1;
    }
  b = median (before);
  a = median (after);
  g_print ("advisor over %u corpus domains (%u findings), median of %u passes each, alternating:\n",
           texts->len, findings_after, rounds);
  g_print ("  new XPath context per read (old): %8.1f ms  (min %.1f, max %.1f)\n",
           b, g_array_index (before, double, 0), g_array_index (before, double, before->len - 1));
  g_print ("  thread's context reused (new):    %8.1f ms  (min %.1f, max %.1f)\n",
           a, g_array_index (after, double, 0), g_array_index (after, double, after->len - 1));
  g_print ("  ratio new/old: %.2f  (%.2fx faster)\n", a / b, b / a);

  return 0;
}

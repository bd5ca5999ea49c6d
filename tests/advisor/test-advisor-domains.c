/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-advisor.h"
#include "pit-demo.h"
#include "pit-test-support.h"

#include <string.h>

/* The advisor on the demo host's VMs (the story), and on every domain of
 * libvirt's own test data without a crash. */


static PitAdvisorReport *
check_demo_domain (const char *name)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(GError) error = NULL;
  PitDomain *domain = pit_connection_find_domain (connection, name);
  PitAdvisorReport *report;

  g_assert_nonnull (domain);
  report = pit_advisor_check_domain_sync (connection, domain, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
assert_finding (PitAdvisorReport *report,
                const char       *id)
{
  g_test_message ("expecting %s", id);
  g_assert_nonnull (pit_advisor_report_find (report, id, NULL));
}

/* win10-gaming says what the story's authors found by hand. */
static void
test_story (void)
{
  g_autoptr(PitAdvisorReport) report = check_demo_domain ("win10-gaming");
  PitAdvisorFinding *nic;

  g_assert_cmpstr (pit_advisor_report_get_name (report), ==, "win10-gaming");
  g_assert_true (pit_advisor_report_has_host (report));
  assert_finding (report, "cpu-topology");      /* 8 sockets */
  assert_finding (report, "cpu-current");       /* 2 of 8 vCPUs */
  assert_finding (report, "pinning-missing");
  assert_finding (report, "hugepages-missing"); /* 16 GiB */
  assert_finding (report, "disk-boot-bus");     /* SATA … */
  assert_finding (report, "disk-rotational");   /* … on the HDD pool */
  assert_finding (report, "nic-model");         /* e1000e … */
  assert_finding (report, "nic-nat");           /* … on NAT */
  nic = pit_advisor_report_find (report, "nic-model", NULL);
  g_assert_nonnull (strstr (pit_advisor_finding_get_explanation (nic), "e1000e"));
  /* nothing about a GPU it does not have */
  g_assert_null (pit_advisor_report_find (report, "gpu-hidden", NULL));
  g_assert_null (pit_advisor_report_find (report, "gpu-audio", NULL));
}

/* With the GTX 1080 chosen (no audio function, not hidden): Error 43 and
 * the audio function, on the demo's host facts. */
static void
test_story_with_gpu (void)
{
  g_autofree char *path = pit_test_fixture_path ("advisor", "win10-gpu.xml", NULL);
  g_autofree char *root = pit_demo_get_host_root ();
  PitHostProbeOptions options = { .root = root };
  g_autoptr(PitHostInventory) host = NULL;
  g_autoptr(PitAdvisorReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  PitAdvisorFinding *hidden, *audio;

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  host = pit_host_inventory_probe (&options, &error);
  g_assert_no_error (error);
  report = pit_advisor_check_xml (xml, host, FALSE, &error);
  g_assert_no_error (error);

  hidden = pit_advisor_report_find (report, "gpu-hidden", "0000:04:00.0");
  g_assert_nonnull (hidden);
  g_assert_nonnull (strstr (pit_advisor_finding_get_title (hidden), "Error 43"));
  /* honest: drivers from 465 on do not need it */
  g_assert_nonnull (strstr (pit_advisor_finding_get_explanation (hidden), "465"));
  g_assert_cmpint (pit_advisor_finding_get_severity (hidden), ==, PIT_ADVISOR_SEVERITY_LOW);
  audio = pit_advisor_report_find (report, "gpu-audio", "0000:04:00.1");
  g_assert_nonnull (audio);
  /* nouveau's sibling snd_hda_intel holds the group: the VM cannot start */
  g_assert_cmpint (pit_advisor_finding_get_severity (audio), ==, PIT_ADVISOR_SEVERITY_HIGH);
  g_assert_cmpstr (pit_advisor_finding_get_fix_page (audio), ==, "gpu");
  /* the story's list is still there */
  assert_finding (report, "cpu-topology");
  assert_finding (report, "disk-rotational");
}

/* fedora-server is tuned: at most one finding, and not about tuning it
 * already has.  (The demo host reserves 1G pages but no 2M ones, which it
 * uses: that one finding is true.) */
static void
test_tuned_demo (void)
{
  g_autoptr(PitAdvisorReport) report = check_demo_domain ("fedora-server");
  static const char * const tuned[] = {
    "cpu-topology", "cpu-current", "cpu-mode", "pinning-missing", "pinning-siblings", "pinning-emulator",
    "hugepages-missing", "disk-boot-bus", "disk-cache-io", "disk-rotational", "nic-model", "nic-nat",
    "memballoon", NULL
  };

  g_assert_cmpuint (pit_advisor_report_get_n_findings (report), <=, 1);
  for (guint i = 0; tuned[i] != NULL; i++)
    g_assert_null (pit_advisor_report_find (report, tuned[i], NULL));
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PitAdvisorReport **report = user_data;
  g_autoptr(GError) error = NULL;

  *report = pit_advisor_check_domain_finish (result, &error);
  g_assert_no_error (error);
}

/* The GUI's path: in a thread, with a host inventory shared by all VMs. */
static void
test_async (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitHostInventory) host = NULL;
  g_autoptr(PitAdvisorReport) report = NULL;
  g_autoptr(GError) error = NULL;
  PitDomain *domain = pit_connection_find_domain (connection, "win10-gaming");

  host = pit_host_inventory_for_connection_sync (connection, NULL, &error);
  g_assert_no_error (error);
  pit_advisor_check_domain_async (connection, domain, host, NULL, check_done_cb, &report);
  g_assert_true (pit_test_wait_for (pit_test_pointer_is_set, &report, 10000));
  /* the disk's storage was read although the shared inventory did not list it */
  g_assert_nonnull (pit_advisor_report_find (report, "disk-rotational", "sda"));
  g_assert_cmpuint (pit_host_inventory_get_storage (host)->len, ==, 0);
}

static void
check_all_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GPtrArray **reports = user_data;
  g_autoptr(GError) error = NULL;

  *reports = pit_advisor_check_all_finish (result, &error);
  g_assert_no_error (error);
}

/* The VM list's badges: every VM of the demo in one call. */
static void
test_all (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(GPtrArray) reports = NULL;
  PitAdvisorReport *win10 = NULL, *fedora = NULL;

  pit_advisor_check_all_async (connection, NULL, check_all_done_cb, &reports);
  g_assert_true (pit_test_wait_for (pit_test_pointer_is_set, &reports, 10000));
  g_assert_cmpuint (reports->len, ==, 3);
  for (guint i = 0; i < reports->len; i++)
    {
      PitAdvisorReport *report = g_ptr_array_index (reports, i);

      if (g_strcmp0 (pit_advisor_report_get_name (report), "win10-gaming") == 0)
        win10 = report;
      else if (g_strcmp0 (pit_advisor_report_get_name (report), "fedora-server") == 0)
        fedora = report;
    }
  g_assert_nonnull (win10);
  g_assert_nonnull (fedora);
  /* the badge: many for the untuned VM, few for the tuned one */
  g_assert_cmpuint (pit_advisor_report_get_n_findings (win10), >=, 8);
  g_assert_cmpuint (pit_advisor_report_get_n_findings (fedora), <=, 1);
  g_assert_cmpint (pit_advisor_report_get_max_severity (win10), ==, PIT_ADVISOR_SEVERITY_HIGH);
}

static void
collect_xml (const char *dir,
             GPtrArray  *files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
}

/* Every domain of libvirt's test data, valid and invalid, on the demo's
 * host facts: no crash, no critical, and all of it in under a second. */
static void
test_corpus (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *valid = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *root = pit_demo_get_host_root ();
  PitHostProbeOptions options = { .root = root };
  g_autoptr(PitHostInventory) host = NULL;
  guint reports = 0, findings = 0;
  gint64 start;
  double seconds;

  if (pit_test_skip_without_corpus ())
    return;
  valid = pit_test_corpus_path ("libvirt-domains", "valid", NULL);
  invalid = pit_test_corpus_path ("libvirt-domains", "invalid", NULL);
  collect_xml (valid, files);
  collect_xml (invalid, files);
  g_assert_cmpuint (files->len, >, 500);
  for (guint i = 0; i < files->len; i++)
    {
      char *text = NULL;

      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &text, NULL, NULL));
      g_ptr_array_add (texts, text);
    }
  host = pit_host_inventory_probe (&options, NULL);
  g_assert_nonnull (host);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(PitAdvisorReport) report = pit_advisor_check_xml (g_ptr_array_index (texts, i), host, FALSE, NULL);

      if (report == NULL)
        continue;
      reports++;
      findings += pit_advisor_report_get_n_findings (report);
    }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_test_message ("corpus: %u files, %u checked, %u findings in %.3f s", files->len, reports, findings, seconds);
  g_printerr ("# corpus: %u files, %u checked, %u findings in %.3f s\n", files->len, reports, findings, seconds);
  /* the time is printed, not asserted: the figure that counts is the
   * benchmark's (tests/bench/bench-xpath, BENCHMARKS.md) */
  g_assert_cmpuint (reports, >, 500);
  g_assert_cmpuint (findings, >, reports);
}

typedef struct
{
  GPtrArray        *texts;
  PitHostInventory *host;
  guint             findings;
} CorpusRun;

static guint
count_findings (GPtrArray        *texts,
                PitHostInventory *host)
{
  guint findings = 0;

  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(PitAdvisorReport) report = pit_advisor_check_xml (g_ptr_array_index (texts, i), host, FALSE, NULL);

      if (report != NULL)
        findings += pit_advisor_report_get_n_findings (report);
    }
  return findings;
}

static gpointer
corpus_thread (gpointer data)
{
  CorpusRun *run = data;

  run->findings = count_findings (run->texts, run->host);
  return NULL;
}

/* pit-xml.c reuses one XPath context per thread: four threads over the
 * whole corpus at once (the GUI checks VMs in several GTask threads) find
 * exactly what one thread finds. */
static void
test_corpus_threads (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *valid = NULL;
  g_autofree char *root = pit_demo_get_host_root ();
  PitHostProbeOptions options = { .root = root };
  g_autoptr(PitHostInventory) host = NULL;
  CorpusRun runs[4];
  GThread *threads[4];
  guint expected;

  if (pit_test_skip_without_corpus ())
    return;
  valid = pit_test_corpus_path ("libvirt-domains", "valid", NULL);
  collect_xml (valid, files);
  for (guint i = 0; i < files->len; i++)
    {
      char *text = NULL;

      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &text, NULL, NULL));
      g_ptr_array_add (texts, text);
    }
  host = pit_host_inventory_probe (&options, NULL);
  g_assert_nonnull (host);

  expected = count_findings (texts, host);
  g_assert_cmpuint (expected, >, texts->len);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      runs[i] = (CorpusRun) { .texts = texts, .host = host };
      threads[i] = g_thread_new ("advisor", corpus_thread, &runs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (runs[i].findings, ==, expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/advisor/demo/story", test_story);
  g_test_add_func ("/advisor/demo/story-with-gpu", test_story_with_gpu);
  g_test_add_func ("/advisor/demo/tuned", test_tuned_demo);
  g_test_add_func ("/advisor/demo/async", test_async);
  g_test_add_func ("/advisor/demo/all", test_all);
  g_test_add_func ("/advisor/corpus", test_corpus);
  g_test_add_func ("/advisor/corpus/threads", test_corpus_threads);

  return g_test_run ();
}

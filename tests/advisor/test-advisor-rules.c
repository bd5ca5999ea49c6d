/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-advisor.h"
#include "pit-error.h"
#include "pit-test-support.h"

#include <string.h>

/* Every rule, on a fixture where it fires and one where it does not.  Hosts
 * are the recorded trees of tests/fixtures/hosts/, "numa" a two-node host
 * built here (no recorded tree has two nodes), NULL no host facts. */

typedef struct
{
  const char *rule;
  const char *xml;          /* tests/fixtures/advisor/ */
  const char *host;
  gboolean fires;
  int severity;             /* when it fires; -1: not checked */
  int fix;                  /* PitAdvisorFixKind when it fires */
  const char *page;         /* wizard page of a tune fix */
  const char *subject;      /* NULL: not checked */
} Case;

#define FIRES(rule, xml, host, severity, fix, page, subject) \
  { rule, xml, host, TRUE, PIT_ADVISOR_SEVERITY_##severity, PIT_ADVISOR_FIX_##fix, page, subject }
#define QUIET(rule, xml, host) { rule, xml, host, FALSE, -1, -1, NULL, NULL }

static const Case cases[] = {
  FIRES ("cpu-topology", "win10-untuned.xml", NULL, HIGH, TUNE, "cpu", NULL),
  FIRES ("cpu-topology", "linux-untuned.xml", "story-vfio", MEDIUM, TUNE, "cpu", NULL),
  QUIET ("cpu-topology", "win10-tuned.xml", "story-vfio"),
  QUIET ("cpu-topology", "linux-untuned.xml", NULL),
  FIRES ("cpu-current", "win10-untuned.xml", NULL, HIGH, TUNE, "cpu", NULL),
  QUIET ("cpu-current", "win10-tuned.xml", NULL),
  FIRES ("cpu-mode", "win10-untuned.xml", NULL, LOW, TUNE, "cpu", NULL),
  FIRES ("cpu-mode", "linux-untuned.xml", NULL, MEDIUM, TUNE, "cpu", NULL),
  QUIET ("cpu-mode", "win10-tuned.xml", NULL),
  FIRES ("pinning-missing", "win10-untuned.xml", "story-nouveau", MEDIUM, TUNE, "pinning", NULL),
  QUIET ("pinning-missing", "win10-tuned.xml", "story-vfio"),
  FIRES ("pinning-siblings", "pinning-split.xml", "story-vfio", MEDIUM, TUNE, "pinning", NULL),
  QUIET ("pinning-siblings", "win10-tuned.xml", "story-vfio"),
  FIRES ("pinning-numa", "pinning-numa.xml", "numa", MEDIUM, TUNE, "pinning", NULL),
  QUIET ("pinning-numa", "pinning-numa-inside.xml", "numa"),
  FIRES ("pinning-emulator", "pinning-emulator.xml", NULL, MEDIUM, TUNE, "pinning", NULL),
  QUIET ("pinning-emulator", "win10-tuned.xml", NULL),
  FIRES ("hugepages-missing", "win10-untuned.xml", NULL, MEDIUM, TUNE, "memory", NULL),
  QUIET ("hugepages-missing", "win10-tuned.xml", NULL),
  QUIET ("hugepages-missing", "linux-untuned.xml", NULL),
  FIRES ("hugepages-pool", "win10-tuned.xml", "story-nouveau", HIGH, HOST_PLAN, NULL, NULL),
  QUIET ("hugepages-pool", "win10-tuned.xml", "story-vfio"),
  FIRES ("memballoon", "hugepages-balloon.xml", NULL, LOW, ADVICE, NULL, NULL),
  FIRES ("memballoon", "win10-gpu.xml", NULL, LOW, ADVICE, NULL, NULL),
  /* next to Looking Glass its own rule says it */
  QUIET ("memballoon", "looking-glass-balloon.xml", NULL),
  /* with a SPICE window left: low */
  FIRES ("display-no-way", "win10-gpu.xml", "story-vfio", LOW, ADVICE, NULL, "0000:04:00.0"),
  QUIET ("display-no-way", "looking-glass-tuned.xml", "story-vfio"),
  QUIET ("display-no-way", "win10-untuned.xml", "story-vfio"),
  FIRES ("looking-glass-balloon", "looking-glass-balloon.xml", NULL, MEDIUM, ADVICE, NULL, NULL),
  QUIET ("looking-glass-balloon", "looking-glass-tuned.xml", NULL),
  QUIET ("looking-glass-balloon", "win10-gpu.xml", NULL),
  FIRES ("looking-glass-size", "looking-glass-small.xml", NULL, HIGH, ADVICE, NULL, NULL),
  QUIET ("looking-glass-size", "looking-glass-tuned.xml", NULL),
  /* no stated mode: nothing to measure against */
  QUIET ("looking-glass-size", "looking-glass-balloon.xml", NULL),
  QUIET ("memballoon", "win10-tuned.xml", NULL),
  QUIET ("memballoon", "win10-untuned.xml", NULL),
  FIRES ("disk-boot-bus", "win10-untuned.xml", NULL, MEDIUM, TUNE, "drivers", "sda"),
  FIRES ("disk-boot-bus", "linux-untuned.xml", NULL, MEDIUM, TUNE, "drivers", "hda"),
  QUIET ("disk-boot-bus", "win10-tuned.xml", NULL),
  FIRES ("disk-cache-io", "win10-untuned.xml", NULL, LOW, ADVICE, NULL, "sda"),
  FIRES ("disk-cache-io", "win10-untuned.xml", "story-nouveau", LOW, ADVICE, NULL, "sda"),
  QUIET ("disk-cache-io", "win10-tuned.xml", "story-vfio"),
  QUIET ("disk-cache-io", "linux-untuned.xml", NULL),
  FIRES ("disk-rotational", "win10-untuned.xml", "story-nouveau", MEDIUM, ADVICE, NULL, "sda"),
  QUIET ("disk-rotational", "win10-tuned.xml", "story-nouveau"),
  FIRES ("disk-zfs-scan", "win10-untuned.xml", "story-zfs-scrub", HIGH, ADVICE, NULL, "hddpool"),
  QUIET ("disk-zfs-scan", "win10-untuned.xml", "story-nouveau"),
  FIRES ("disk-iothread", "pinning-emulator.xml", NULL, LOW, TUNE, "drivers", "vda"),
  QUIET ("disk-iothread", "win10-tuned.xml", NULL),
  QUIET ("disk-iothread", "win10-untuned.xml", NULL),
  FIRES ("disk-rotation-rate", "win10-untuned.xml", "story-nouveau", LOW, TUNE, "drivers", "sda"),
  QUIET ("disk-rotation-rate", "rotation-rate-told.xml", "story-nouveau"),
  FIRES ("nic-model", "win10-untuned.xml", NULL, MEDIUM, TUNE, "drivers", "52:54:00:6b:3c:58"),
  FIRES ("nic-model", "linux-untuned.xml", NULL, MEDIUM, TUNE, "drivers", "52:54:00:12:34:56"),
  QUIET ("nic-model", "win10-tuned.xml", NULL),
  FIRES ("nic-nat", "win10-untuned.xml", "story-nouveau", LOW, HOST_PLAN, NULL, "52:54:00:6b:3c:58"),
  FIRES ("nic-nat", "win10-untuned.xml", "story-vfio", LOW, TUNE, "network", "52:54:00:6b:3c:58"),
  QUIET ("nic-nat", "win10-tuned.xml", "story-vfio"),
  FIRES ("gpu-hidden", "nvidia-not-hidden.xml", "story-vfio", LOW, TUNE, "gpu", "0000:04:00.0"),
  QUIET ("gpu-hidden", "win10-tuned.xml", "story-vfio"),
  FIRES ("gpu-audio", "win10-gpu.xml", "story-nouveau", HIGH, TUNE, "gpu", "0000:04:00.1"),
  QUIET ("gpu-audio", "win10-tuned.xml", "story-nouveau"),
  FIRES ("hostdev-iommu-group", "gpu-rx580.xml", "amd-fedora-usb-group", HIGH, ADVICE, NULL, "0000:05:00.0"),
  FIRES ("hostdev-iommu-group", "gpu-gtx1060.xml", "debian-iommu-off", HIGH, HOST_PLAN, NULL, "0000:01:00.0"),
  FIRES ("hostdev-iommu-group", "audio-only.xml", "story-nouveau", HIGH, ADVICE, NULL, "0000:04:00.1"),
  QUIET ("hostdev-iommu-group", "win10-tuned.xml", "story-vfio"),
  QUIET ("hostdev-iommu-group", "audio-only.xml", "story-vfio"),   /* the GPU is left to vfio-pci */
  FIRES ("gpu-single-hook", "gpu-rx6800-single.xml", "single-amdgpu-debian", HIGH, HOST_PLAN, NULL, "0000:0b:00.0"),
  QUIET ("gpu-single-hook", "gpu-rx6800-single.xml", "single-amdgpu-hooked"),
  QUIET ("gpu-single-hook", "win10-gpu.xml", "story-nouveau"),          /* the iGPU keeps the screen */
  FIRES ("windows-hyperv", "win10-untuned.xml", NULL, MEDIUM, TUNE, "cpu", NULL),
  FIRES ("hostdev-iommu-group", "gpu-x3d-gtx1080.xml", "x3d-navi21-sata-group", HIGH, ADVICE, NULL, "0000:07:00.0"),
  QUIET ("hostdev-iommu-group", "gpu-x3d-navi21.xml", "x3d-navi21-sata-group"),
  FIRES ("gpu-reset", "gpu-raptor-rx580.xml", "raptor-polaris-rtx3080", HIGH, HOST_PLAN, NULL, "0000:02:00.0"),
  FIRES ("gpu-reset", "gpu-rx580.xml", "amd-fedora-usb-group", HIGH, HOST_PLAN, NULL, "0000:05:00.0"),
  FIRES ("gpu-reset", "gpu-x3d-navi21.xml", "x3d-navi21-sata-group", MEDIUM, ADVICE, NULL, "0000:03:00.0"),
  QUIET ("gpu-reset", "gpu-raptor-rtx3080.xml", "raptor-polaris-rtx3080"),
  QUIET ("gpu-reset", "gpu-x3d-gtx1080.xml", "x3d-navi21-sata-group"),
  FIRES ("gpu-rom", "gpu-x3d-navi21.xml", "x3d-navi21-sata-group", MEDIUM, ADVICE, NULL, "0000:03:00.0"),
  QUIET ("gpu-rom", "gpu-x3d-navi21-rom.xml", "x3d-navi21-sata-group"),  /* a ROM file is given */
  QUIET ("gpu-rom", "gpu-x3d-gtx1080.xml", "x3d-navi21-sata-group"),     /* not the boot GPU */
  FIRES ("gpu-large-bar", "gpu-raptor-rtx3080.xml", "raptor-polaris-rtx3080", MEDIUM, ADVICE, NULL, "0000:01:00.0"),
  QUIET ("gpu-large-bar", "gpu-raptor-rtx3080-mmio.xml", "raptor-polaris-rtx3080"),
  QUIET ("gpu-large-bar", "gpu-x3d-gtx1080.xml", "x3d-navi21-sata-group"),  /* 256 MiB */
  FIRES ("pinning-l3", "gpu-x3d-navi21.xml", "x3d-navi21-sata-group", MEDIUM, TUNE, "pinning", NULL),
  FIRES ("pinning-l3", "gpu-x3d-wide.xml", "x3d-navi21-sata-group", LOW, TUNE, "pinning", NULL),
  QUIET ("pinning-l3", "gpu-x3d-navi21-rom.xml", "x3d-navi21-sata-group"),
  QUIET ("pinning-l3", "gpu-raptor-rtx3080.xml", "raptor-polaris-rtx3080"),  /* one L3 for all cores */
  QUIET ("windows-hyperv", "win10-tuned.xml", NULL),
  QUIET ("windows-hyperv", "linux-untuned.xml", NULL),
  FIRES ("windows-timers", "windows-timers.xml", NULL, LOW, TUNE, "cpu", NULL),
  QUIET ("windows-timers", "win10-tuned.xml", NULL),
  QUIET ("windows-timers", "win10-untuned.xml", NULL),
  FIRES ("windows-virtio-iso", "windows-no-iso.xml", NULL, MEDIUM, TUNE, "drivers", NULL),
  QUIET ("windows-virtio-iso", "win10-tuned.xml", NULL),
  QUIET ("windows-virtio-iso", "win10-untuned.xml", NULL),
  FIRES ("windows11-tpm", "win11-uefi-no-tpm.xml", NULL, HIGH, TUNE, "drivers", NULL),
  FIRES ("windows11-tpm", "win11-bios.xml", NULL, HIGH, TUNE, "drivers", NULL),
  QUIET ("windows11-tpm", "win11-ready.xml", NULL),
  QUIET ("windows11-tpm", "win10-untuned.xml", NULL),
  FIRES ("windows11-secure-boot", "win11-uefi-no-tpm.xml", NULL, MEDIUM, TUNE, "drivers", NULL),
  /* installed in BIOS mode: MBR2GPT first, no change Pitstop can make */
  FIRES ("windows11-secure-boot", "win11-bios.xml", "story-vfio", MEDIUM, ADVICE, NULL, NULL),
  QUIET ("windows11-secure-boot", "win11-ready.xml", NULL),
  QUIET ("windows11-secure-boot", "win10-untuned.xml", NULL),
};

/* Two NUMA nodes of four CPUs each (0-3, 4-7), no SMT. */
static PitHostInventory *
numa_host (void)
{
  PitHostInventory *host = pit_host_inventory_new (PIT_HOST_SOURCE_REMOTE, NULL);
  PitHostCpuTopology *cpu = pit_host_cpu_topology_new ();

  for (guint id = 0; id < 8; id++)
    {
      PitHostCpu *one = pit_host_cpu_new (id);

      one->online = TRUE;
      one->socket = 0;
      one->die = 0;
      one->core = (int) id;
      one->node = (int) id / 4;
      one->siblings = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (one->siblings, id);
      g_ptr_array_add (cpu->cpus, one);
    }
  pit_host_cpu_topology_update_sums (cpu);
  g_assert_cmpuint (cpu->numa_nodes, ==, 2);
  pit_host_inventory_set_cpu (host, cpu);
  return host;
}

static PitHostInventory *
load_host (const char *name)
{
  g_autofree char *root = NULL;
  g_autoptr(GError) error = NULL;
  PitHostProbeOptions options = { 0 };
  PitHostInventory *host;

  if (name == NULL)
    return NULL;
  if (g_str_equal (name, "numa"))
    return numa_host ();
  root = pit_test_fixture_path ("hosts", name, NULL);
  options.root = root;
  host = pit_host_inventory_probe (&options, &error);
  g_assert_no_error (error);
  return host;
}

static PitAdvisorReport *
check_fixture (const char *xml_name,
               const char *host_name)
{
  g_autofree char *path = pit_test_fixture_path ("advisor", xml_name, NULL);
  g_autoptr(PitHostInventory) host = load_host (host_name);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  PitAdvisorReport *report;

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  g_assert_no_error (error);
  report = pit_advisor_check_xml (xml, host, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(PitAdvisorReport) report = check_fixture (c->xml, c->host);
  PitAdvisorFinding *finding = pit_advisor_report_find (report, c->rule, NULL);

  if (!c->fires)
    {
      if (finding != NULL)
        g_test_message ("unexpected: %s", pit_advisor_finding_get_explanation (finding));
      g_assert_null (finding);
      return;
    }

  g_assert_nonnull (finding);
  g_assert_cmpint (pit_advisor_finding_get_severity (finding), ==, c->severity);
  g_assert_cmpint (pit_advisor_finding_get_fix_kind (finding), ==, c->fix);
  g_assert_cmpstr (pit_advisor_finding_get_fix_page (finding), ==, c->page);
  if (c->subject != NULL)
    g_assert_cmpstr (pit_advisor_finding_get_subject (finding), ==, c->subject);
  /* a user reads a title, an explanation, what to do, and the evidence */
  g_assert_cmpuint (strlen (pit_advisor_finding_get_title (finding)), >, 10);
  g_assert_cmpuint (strlen (pit_advisor_finding_get_explanation (finding)), >, 60);
  g_assert_nonnull (pit_advisor_finding_get_fix_text (finding));
  g_assert_cmpuint (pit_advisor_finding_get_evidence (finding)->len, >, 0);
  if (c->fix != PIT_ADVISOR_FIX_ADVICE)
    g_assert_nonnull (pit_advisor_finding_get_fix_label (finding));
  if (c->fix == PIT_ADVISOR_FIX_HOST_PLAN)
    g_assert_nonnull (pit_advisor_finding_get_fix_host_request (finding));
}

/* Each registered rule has a case that fires and one that does not. */
static void
test_every_rule_tested (void)
{
  guint n_rules;
  const PitAdvisorRule *rules = pit_advisor_get_rules (&n_rules);

  for (guint i = 0; i < n_rules; i++)
    {
      gboolean fires = FALSE, quiet = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
        if (g_str_equal (cases[j].rule, rules[i].id))
          {
            fires |= cases[j].fires;
            quiet |= !cases[j].fires;
          }
      g_test_message ("rule %s", rules[i].id);
      g_assert_true (fires);
      g_assert_true (quiet);
    }
}

/* The tuned VM on the host it was tuned for: nothing to say. */
static void
test_tuned_is_clean (void)
{
  g_autoptr(PitAdvisorReport) report = check_fixture ("win10-tuned.xml", "story-vfio");

  g_assert_cmpuint (pit_advisor_report_get_n_findings (report), ==, 0);
  g_assert_cmpint (pit_advisor_report_get_max_severity (report), ==, -1);
  g_assert_cmpuint (pit_advisor_report_get_skipped (report)->len, ==, 0);
}

/* Without host facts, the rules that need them are skipped and say so. */
static void
test_without_host (void)
{
  g_autoptr(PitAdvisorReport) report = check_fixture ("win10-untuned.xml", NULL);
  GPtrArray *skipped = pit_advisor_report_get_skipped (report);
  gboolean pinning = FALSE, rotational = FALSE;

  g_assert_false (pit_advisor_report_has_host (report));
  for (guint i = 0; i < skipped->len; i++)
    {
      pinning |= g_str_equal (g_ptr_array_index (skipped, i), "pinning-missing");
      rotational |= g_str_equal (g_ptr_array_index (skipped, i), "disk-rotational");
    }
  g_assert_true (pinning);
  g_assert_true (rotational);
  g_assert_null (pit_advisor_report_find (report, "pinning-missing", NULL));
  /* the XML-only rules still run */
  g_assert_nonnull (pit_advisor_report_find (report, "cpu-topology", NULL));
}

/* Findings come most severe first. */
static void
test_sorted (void)
{
  g_autoptr(PitAdvisorReport) report = check_fixture ("win10-gpu.xml", "story-nouveau");
  GListModel *findings = pit_advisor_report_get_findings (report);
  int previous = PIT_ADVISOR_SEVERITY_HIGH;

  g_assert_cmpuint (g_list_model_get_n_items (findings), >, 5);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PitAdvisorFinding) finding = g_list_model_get_item (findings, i);

      g_assert_cmpint (pit_advisor_finding_get_severity (finding), <=, previous);
      previous = pit_advisor_finding_get_severity (finding);
    }
  g_assert_cmpint (pit_advisor_report_get_max_severity (report), ==, PIT_ADVISOR_SEVERITY_HIGH);
}

/* The hugepage plan item asks for what the VM needs: 16 GiB in 1G pages. */
static void
test_hugepage_plan_item (void)
{
  g_autoptr(PitAdvisorReport) report = check_fixture ("win10-tuned.xml", "story-nouveau");
  PitAdvisorFinding *finding = pit_advisor_report_find (report, "hugepages-pool", NULL);
  const PitHostPlanRequest *request;

  g_assert_nonnull (finding);
  request = pit_advisor_finding_get_fix_host_request (finding);
  g_assert_cmpuint (request->hugepage_size_kib, ==, 1048576);
  g_assert_cmpuint (request->hugepage_count, ==, 16);
}

/* The bridge plan item names the uplink that carries the default route. */
static void
test_bridge_plan_item (void)
{
  g_autoptr(PitAdvisorReport) report = check_fixture ("win10-untuned.xml", "story-nouveau");
  PitAdvisorFinding *finding = pit_advisor_report_find (report, "nic-nat", NULL);
  const PitHostPlanRequest *request = pit_advisor_finding_get_fix_host_request (finding);

  g_assert_nonnull (request);
  g_assert_cmpstr (request->bridge, ==, "br-lan");
  g_assert_cmpstr (request->uplink, ==, "eno2");
}

/* Odd values on every recorded host: no crash, and nothing made up. */
static void
test_odd_values (void)
{
  static const char * const hosts[] = {
    "story-nouveau", "story-vfio", "story-zfs-scrub", "amd-fedora-usb-group", "debian-iommu-off",
    "intel-hybrid-arch", "numa", NULL
  };

  for (guint i = 0; hosts[i] != NULL; i++)
    {
      g_autoptr(PitAdvisorReport) report = check_fixture ("odd-values.xml", hosts[i]);
      PitAdvisorFinding *mode = pit_advisor_report_find (report, "cpu-mode", NULL);

      g_test_message ("host %s", hosts[i]);
      /* a <hostdev> without an address is not 0000:00:00.0 */
      g_assert_null (pit_advisor_report_find (report, "hostdev-iommu-group", NULL));
      g_assert_null (pit_advisor_report_find (report, "gpu-audio", NULL));
      /* mode='' is no mode: QEMU's default */
      g_assert_nonnull (mode);
      g_assert_nonnull (strstr (pit_advisor_finding_get_explanation (mode), "qemu64"));
      /* sizes that do not parse are no size */
      g_assert_null (pit_advisor_report_find (report, "hugepages-pool", NULL));
      g_assert_null (pit_advisor_report_find (report, "hugepages-missing", NULL));
    }
}

/* Not a domain: a clear error, no report. */
static void
test_bad_xml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitAdvisorReport) report = NULL;

  report = pit_advisor_check_xml ("<network/>", NULL, FALSE, &error);
  g_assert_null (report);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML);
  g_clear_error (&error);
  report = pit_advisor_check_xml ("", NULL, FALSE, &error);
  g_assert_null (report);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *base = g_strndup (cases[i].xml, strlen (cases[i].xml) - 4);
      g_autofree char *path = g_strdup_printf ("/advisor/rule/%s/%s/%s-on-%s", cases[i].rule,
                                               cases[i].fires ? "fires" : "quiet", base,
                                               cases[i].host != NULL ? cases[i].host : "no-host");

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/advisor/rules/every-rule-tested", test_every_rule_tested);
  g_test_add_func ("/advisor/rules/tuned-is-clean", test_tuned_is_clean);
  g_test_add_func ("/advisor/rules/without-host", test_without_host);
  g_test_add_func ("/advisor/rules/sorted", test_sorted);
  g_test_add_func ("/advisor/rules/hugepage-plan-item", test_hugepage_plan_item);
  g_test_add_func ("/advisor/rules/bridge-plan-item", test_bridge_plan_item);
  g_test_add_func ("/advisor/rules/odd-values", test_odd_values);
  g_test_add_func ("/advisor/rules/bad-xml", test_bad_xml);

  return g_test_run ();
}

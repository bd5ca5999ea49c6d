/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-advisor.h"
#include "pit-change-bridge.h"
#include "pit-change-cpu.h"
#include "pit-change-disk-stage.h"
#include "pit-change-hugepages.h"
#include "pit-change-hyperv.h"
#include "pit-change-iothreads.h"
#include "pit-change-pinning.h"
#include "pit-change-rotation-rate.h"
#include "pit-change-timers.h"
#include "pit-error.h"
#include "pit-history.h"
#include "pit-integration.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-xml.h"

/* The tuning engine on a real QEMU guest: each change is defined by libvirt
 * and the guest starts with it; what libvirt can change while the guest
 * runs changes live; undo gives back the exact XML; a definition libvirt
 * refuses changes nothing, history included.  Pitstop's model follows
 * every define.
 *
 * The guest starts as virt-manager makes them for Windows: a SATA boot
 * disk (a volume in a directory pool), user-mode networking on an e1000,
 * one socket per vCPU. */

#define GUEST PIT_INTEGRATION_PREFIX "tune"
#define POOL  PIT_INTEGRATION_PREFIX "pool"
#define GUEST_MIB 128

static const char guest_template[] =
  "<domain type='qemu'>\n"
  "  <name>" GUEST "</name>\n"
  "  <memory unit='MiB'>%u</memory>\n"
  "  <vcpu placement='static'>2</vcpu>\n"
  "  <os>\n"
  "    <type arch='x86_64' machine='pc'>hvm</type>\n"
  "    <boot dev='hd'/>\n"
  "  </os>\n"
  "  <features><acpi/><apic/></features>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='qemu' type='qcow2'/>\n"
  "      <source file='%s'/>\n"
  "      <target dev='sda' bus='sata'/>\n"
  "    </disk>\n"
  "    <controller type='sata' index='0'/>\n"
  "    <interface type='user'>\n"
  "      <mac address='52:54:00:0a:0b:0c'/>\n"
  "      <model type='e1000'/>\n"
  "    </interface>\n"
  "    <serial type='pty'/>\n"
  "  </devices>\n"
  "</domain>\n";

static char *
pool_dir (void)
{
  return g_build_filename (g_getenv ("PITSTOP_INTEGRATION_DIR"), "images", "pool", NULL);
}

/* A directory pool holding the boot disk, so the engine can create the
 * virtio dummy disk next to it. */
static char *
create_pool_and_guest (void)
{
  g_autofree char *dir = pool_dir ();
  g_autofree char *disk = g_build_filename (dir, GUEST "-boot.qcow2", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *file = NULL;
  g_autofree char *err = NULL;

  g_autoptr(GDir) old = NULL;
  const char *name;

  pit_integration_remove_domain (GUEST);
  pit_integration_virsh_try (&err, "pool-destroy", POOL, NULL);
  /* volumes of an earlier run */
  old = g_dir_open (dir, 0, NULL);
  while (old != NULL && (name = g_dir_read_name (old)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_free (pit_integration_virsh ("pool-create-as", POOL, "dir", "--target", dir, "--build", NULL));
  g_free (pit_integration_virsh ("vol-create-as", POOL, GUEST "-boot.qcow2", "64M", "--format", "qcow2", NULL));

  xml = g_strdup_printf (guest_template, GUEST_MIB, disk);
  file = pit_integration_write_xml (GUEST, xml);
  g_free (pit_integration_virsh ("define", file, NULL));

  return pit_integration_virsh ("dumpxml", "--inactive", GUEST, NULL);
}

static char *
replace_once (const char *text,
                     const char *old,
                     const char *new)
{
  const char *at = strstr (text, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, new, at + strlen (old));
}

static void
remove_pool (void)
{
  g_autofree char *err = NULL;

  pit_integration_virsh_try (&err, "pool-destroy", POOL, NULL);
}

static char *
inactive_xml (void)
{
  return pit_integration_virsh ("dumpxml", "--inactive", GUEST, NULL);
}

static guint
count_nodes (const char *xml,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, &error);
  g_autoptr(GPtrArray) nodes = NULL;

  g_assert_no_error (error);
  nodes = pit_xml_find_nodes (xmlDocGetRootElement (doc), path);
  return nodes->len;
}

static guint
history_length (const char *uuid)
{
  g_autoptr(PitHistory) history = pit_history_new (uuid);
  g_autoptr(GPtrArray) entries = pit_history_list (history, NULL);

  return entries != NULL ? entries->len : 0;
}

static guint
free_2m_pages (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", &text, NULL, NULL))
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

/* The running guest's CPU affinity as `virsh -q vcpupin|emulatorpin --live`
 * print it: for vCPU @row ("0"), or the emulator's (@row %NULL). */
static char *
virsh_affinity (const char *command,
                const char *row)
{
  g_autofree char *out = pit_integration_virsh (command, GUEST, "--live", NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = 0;

      for (guint j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          words[n++] = words[j];
        else
          g_free (words[j]);
      words[n] = NULL;
      if (row == NULL && n == 1)
        return g_strdup (words[0]);
      if (row != NULL && n == 2 && g_str_equal (words[0], row))
        return g_strdup (words[1]);
    }
  g_error ("virsh %s %s --live shows no %s:\n%s", command, GUEST, row ? row : "affinity", out);
}

typedef struct
{
  PitDomain *domain;
  guint vcpus;
  guint current;
} VcpuWait;

static gboolean
vcpus_are (gpointer user_data)
{
  VcpuWait *wait = user_data;

  return pit_domain_get_vcpus (wait->domain) == wait->vcpus
         && pit_domain_get_vcpus_current (wait->domain) == wait->current;
}

static gboolean
has_no_topology (gpointer user_data)
{
  return pit_domain_get_summary (user_data)->cores == 0;
}

/* The handle is borrowed from the model right before each use: Pitstop
 * replaces a domain's handle with the one of each lifecycle event, so one
 * kept across main-loop iterations may be gone. */
static PitTuneResult *
apply (PitDomain         *domain,
       PitTunePlan       *plan,
       PitTuneApplyFlags  flags)
{
  g_autoptr(GError) error = NULL;
  PitTuneResult *result = pit_tune_apply (pit_domain_get_handle (domain), plan, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  for (guint i = 0; i < result->warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (result->warnings, i));
  for (guint i = 0; i < result->live->len; i++)
    g_test_message ("live: %s", (const char *) g_ptr_array_index (result->live, i));

  return result;
}

static void
test_tune_real_guest (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *original = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *live = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dummy = NULL;
  g_autoptr(PitTuneResult) first = NULL;
  gboolean hugepages = free_2m_pages () >= GUEST_MIB / 2;
  PitDomain *domain;
  VcpuWait wait;
  guint entries;

  if (pit_integration_skip ())
    return;

  original = create_pool_and_guest ();
  connection = pit_integration_open ();
  domain = pit_connection_find_domain (connection, GUEST);
  g_assert_nonnull (domain);
  g_assert_cmpuint (history_length (pit_domain_get_uuid (domain)), ==, 0);

  /* 1. one plan, the guest shut off: topology + current allocation, the
   *    bridge, the virtio dummy disk (a new volume), 2 MiB hugepages */
  {
    g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
    PitChangeCpuOptions cpu = { .sockets = 1, .cores = 2, .threads = 1, .vcpus = 2, .current = 1 };
    PitChangeBridgeOptions bridge = { PIT_INTEGRATION_BRIDGE, NULL };
    PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, NULL, 0 };
    PitChangeHugepagesOptions pages = { 2048 };

    pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
    pit_tune_plan_add (plan, pit_change_bridge_step (&bridge));
    pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
    if (hugepages)
      pit_tune_plan_add (plan, pit_change_hugepages_step (&pages));
    else
      g_test_message ("fewer than %u free 2 MiB pages: hugepages not tried", GUEST_MIB / 2);

    first = apply (domain, plan, PIT_TUNE_APPLY_LIVE);
    g_assert_true (first->changed);
    g_assert_nonnull (first->history_id);
    g_assert_cmpuint (first->live->len, ==, 0);
    g_assert_cmpuint (first->volumes->len, ==, 1);
  }

  /* libvirt has it */
  defined = inactive_xml ();
  pit_integration_assert_xpath (defined, "string(cpu/topology/@sockets)", "1");
  pit_integration_assert_xpath (defined, "string(cpu/topology/@cores)", "2");
  pit_integration_assert_xpath (defined, "string(vcpu/@current)", "1");
  pit_integration_assert_xpath (defined, "string(devices/interface/@type)", "bridge");
  pit_integration_assert_xpath (defined, "string(devices/interface/source/@bridge)", PIT_INTEGRATION_BRIDGE);
  pit_integration_assert_xpath (defined, "string(devices/interface/model/@type)", "virtio");
  pit_integration_assert_xpath (defined, "string(devices/interface/mac/@address)", "52:54:00:0a:0b:0c");
  pit_integration_assert_xpath (defined, "string(devices/disk[target/@dev='sda']/target/@bus)", "sata");
  pit_integration_assert_xpath (defined, "string(devices/disk[target/@bus='virtio']/@device)", "disk");
  if (hugepages)
    pit_integration_assert_xpath (defined, "string(memoryBacking/hugepages/page/@size)", "2048");
  dummy = pit_integration_xpath (defined, "string(devices/disk[target/@bus='virtio']/source/@file)");
  g_assert_true (g_file_test (dummy, G_FILE_TEST_IS_REGULAR));
  out = pit_integration_virsh ("vol-list", POOL, NULL);
  g_assert_nonnull (strstr (out, dummy));

  /* ...and so does the model, within a second */
  wait = (VcpuWait) { domain, 2, 1 };
  g_assert_true (pit_test_wait_for (vcpus_are, &wait, PIT_INTEGRATION_EVENT_MS));
  g_assert_cmpuint (pit_domain_get_summary (domain)->cores, ==, 2);
  g_assert_cmpuint (history_length (pit_domain_get_uuid (domain)), ==, 1);

  /* 2. the guest starts with all of it */
  g_free (pit_integration_virsh ("start", GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, GUEST, PIT_DOMAIN_STATE_RUNNING,
                                             PIT_INTEGRATION_EVENT_MS, NULL));
  live = pit_integration_virsh ("dumpxml", GUEST, NULL);
  pit_integration_assert_xpath (live, "string(devices/interface/source/@bridge)", PIT_INTEGRATION_BRIDGE);
  pit_integration_assert_xpath (live, "string(cpu/topology/@cores)", "2");
  if (hugepages)
    pit_integration_assert_xpath (live, "string(memoryBacking/hugepages/page/@size)", "2048");
  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("vcpucount", "--live", "--active", GUEST, NULL);
  g_assert_cmpstr (g_strstrip (out), ==, "1");

  /* 3. on the running guest: the second vCPU comes online live, and the
   *    vCPUs and the emulator are pinned live */
  {
    g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
    g_autoptr(PitTuneResult) result = NULL;
    PitChangeCpuOptions cpu = { .current = 2 };
    PitVcpuPin pins[] = { { 0, "0" }, { 1, "1" } };
    PitChangePinningOptions pinning = { .pins = pins, .n_pins = G_N_ELEMENTS (pins), .emulator = "0" };

    pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
    if (g_get_num_processors () >= 2)
      pit_tune_plan_add (plan, pit_change_pinning_step (&pinning));
    result = apply (domain, plan, PIT_TUNE_APPLY_LIVE);
    g_assert_true (result->changed);
    g_assert_cmpuint (result->warnings->len, ==, 0);
    g_assert_cmpuint (result->live->len, ==, g_get_num_processors () >= 2 ? 2 : 1);
  }
  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("vcpucount", "--live", "--active", GUEST, NULL);
  g_assert_cmpstr (g_strstrip (out), ==, "2");
  if (g_get_num_processors () >= 2)
    {
      g_autofree char *vcpu0 = virsh_affinity ("vcpupin", "0");
      g_autofree char *vcpu1 = virsh_affinity ("vcpupin", "1");
      g_autofree char *emulator = virsh_affinity ("emulatorpin", NULL);

      g_assert_cmpstr (vcpu0, ==, "0");
      g_assert_cmpstr (vcpu1, ==, "1");
      g_assert_cmpstr (emulator, ==, "0");
    }
  wait = (VcpuWait) { domain, 2, 2 };
  g_assert_true (pit_test_wait_for (vcpus_are, &wait, PIT_INTEGRATION_EVENT_MS));

  g_free (pit_integration_virsh ("destroy", GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, GUEST, PIT_DOMAIN_STATE_SHUTOFF,
                                             PIT_INTEGRATION_EVENT_MS, NULL));

  /* 4. the boot disk moves to virtio, the dummy goes; the guest starts */
  {
    g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
    g_autoptr(PitTuneResult) result = NULL;
    PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO, NULL, 0 };

    pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
    result = apply (domain, plan, PIT_TUNE_APPLY_NONE);
    g_assert_true (result->changed);
  }
  g_clear_pointer (&defined, g_free);
  defined = inactive_xml ();
  g_assert_cmpuint (count_nodes (defined, "devices/disk"), ==, 1);
  pit_integration_assert_xpath (defined, "string(devices/disk/target/@bus)", "virtio");
  g_assert_nonnull (strstr (defined, GUEST "-boot.qcow2"));
  g_free (pit_integration_virsh ("start", GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, GUEST, PIT_DOMAIN_STATE_RUNNING,
                                             PIT_INTEGRATION_EVENT_MS, NULL));
  g_free (pit_integration_virsh ("destroy", GUEST, NULL));

  /* 5. undo the first apply: libvirt has the exact XML of the start, and
   *    the dummy's volume, which stage 1 created, is deleted from the pool */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PitTuneResult) saved = pit_tune_restore_full (pit_domain_get_handle (domain), first->history_id, &error);
    g_autofree char *restored = NULL;
    g_autofree char *volumes = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (saved);
    g_assert_nonnull (saved->history_id);
    restored = inactive_xml ();
    g_assert_cmpstr (restored, ==, original);
    g_assert_cmpuint (saved->storage->len, ==, 1);
    g_test_message ("storage: %s", (const char *) g_ptr_array_index (saved->storage, 0));
    g_assert_nonnull (strstr (g_ptr_array_index (saved->storage, 0), "is deleted"));
    g_assert_false (g_file_test (dummy, G_FILE_TEST_EXISTS));
    volumes = pit_integration_virsh ("vol-list", POOL, NULL);
    g_assert_null (strstr (volumes, dummy));
    g_assert_nonnull (strstr (volumes, GUEST "-boot.qcow2"));
  }
  /* the model too: no topology any more (vCPUs 2 of 2 as before the undo) */
  g_assert_true (pit_test_wait_for (has_no_topology, domain, PIT_INTEGRATION_EVENT_MS));
  g_assert_cmpuint (pit_domain_get_vcpus (domain), ==, 2);
  g_assert_cmpuint (pit_domain_get_vcpus_current (domain), ==, 2);

  /* 6. a change libvirt refuses (QEMU's pc machine has at most 255
   *    vCPUs): nothing defined, the history as it was */
  entries = history_length (pit_domain_get_uuid (domain));
  {
    g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
    g_autoptr(PitTuneResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *after = NULL;
    PitChangeCpuOptions cpu = { .sockets = 1, .cores = 300, .threads = 1, .vcpus = 300 };

    pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
    result = pit_tune_apply (pit_domain_get_handle (domain), plan, PIT_TUNE_APPLY_NONE, &error);
    g_assert_null (result);
    g_assert_error (error, PIT_ERROR, PIT_ERROR_LIBVIRT);
    g_test_message ("refused: %s", error->message);
    after = inactive_xml ();
    g_assert_cmpstr (after, ==, original);
    g_assert_cmpuint (history_length (pit_domain_get_uuid (domain)), ==, entries);
  }

  pit_integration_remove_domain (GUEST);
  remove_pool ();
}

/* The latency changes (issue #16) on the guest, told it is Windows as
 * virt-manager tells it (libosinfo): the timers (the Hyper-V clock too), I/O
 * threads and the rotation rate are defined and the guest starts with them
 * under TCG; the Hyper-V enlightenments are refused there (QEMU without KVM
 * does not start with them); undo gives back the exact XML. */
static void
test_latency_real_guest (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *windows = NULL;
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *live = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  PitChangeHypervOptions hyperv = { FALSE };
  PitChangeTimersOptions timers = { FALSE };
  PitChangeIothreadsOptions iothreads = { 1 };
  PitChangeRotationRateOptions rotation = { PIT_ROTATION_RATE_SSD };
  PitDomain *domain;

  if (pit_integration_skip ())
    return;

  plain = create_pool_and_guest ();
  windows = replace_once (plain, "</name>",
                                 "</name>\n  <metadata>\n    <libosinfo:libosinfo "
                                 "xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\">\n"
                                 "      <libosinfo:os id=\"http://microsoft.com/win/10\"/>\n"
                                 "    </libosinfo:libosinfo>\n  </metadata>");
  file = pit_integration_write_xml (GUEST, windows);
  g_free (pit_integration_virsh ("define", file, NULL));
  before = inactive_xml ();
  connection = pit_integration_open ();
  domain = pit_connection_find_domain (connection, GUEST);
  g_assert_nonnull (domain);

  /* QEMU without KVM does not start with Hyper-V enlightenments: refused */
  {
    g_autoptr(PitTunePlan) refused = pit_tune_plan_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(PitTuneResult) none = NULL;

    pit_tune_plan_add (refused, pit_change_hyperv_step (&hyperv));
    none = pit_tune_apply (pit_domain_get_handle (domain), refused, PIT_TUNE_APPLY_NONE, &error);
    g_assert_null (none);
    g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  }
  pit_tune_plan_add (plan, pit_change_timers_step (&timers));
  pit_tune_plan_add (plan, pit_change_iothreads_step (&iothreads));
  pit_tune_plan_add (plan, pit_change_rotation_rate_step (&rotation));
  result = apply (domain, plan, PIT_TUNE_APPLY_NONE);
  g_assert_true (result->changed);

  defined = inactive_xml ();
  pit_integration_assert_xpath (defined, "string(clock/timer[@name='hypervclock']/@present)", "yes");
  pit_integration_assert_xpath (defined, "string(clock/timer[@name='hpet']/@present)", "no");
  pit_integration_assert_xpath (defined, "string(clock/timer[@name='rtc']/@tickpolicy)", "catchup");
  pit_integration_assert_xpath (defined, "string(iothreads)", "1");
  pit_integration_assert_xpath (defined, "string(devices/disk/target/@rotation_rate)", "1");

  g_free (pit_integration_virsh ("start", GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, GUEST, PIT_DOMAIN_STATE_RUNNING,
                                             PIT_INTEGRATION_EVENT_MS, NULL));
  live = pit_integration_virsh ("dumpxml", GUEST, NULL);
  pit_integration_assert_xpath (live, "string(clock/timer[@name='hypervclock']/@present)", "yes");
  g_free (pit_integration_virsh ("destroy", GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, GUEST, PIT_DOMAIN_STATE_SHUTOFF,
                                             PIT_INTEGRATION_EVENT_MS, NULL));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PitTuneResult) saved = pit_tune_restore_full (pit_domain_get_handle (domain), result->history_id, &error);
    g_autofree char *restored = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (saved);
    restored = inactive_xml ();
    g_assert_cmpstr (restored, ==, before);
  }

  pit_integration_remove_domain (GUEST);
  remove_pool ();
}

static PitAdvisorReport *
advise (PitConnection *connection,
        PitDomain     *domain)
{
  g_autoptr(GError) error = NULL;
  PitAdvisorReport *report = pit_advisor_check_domain_sync (connection, domain, NULL, &error);
  GListModel *findings;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (pit_advisor_report_has_host (report));
  findings = pit_advisor_report_get_findings (report);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PitAdvisorFinding) finding = g_list_model_get_item (findings, i);

      g_test_message ("advisor: %s (%s): %s", pit_advisor_finding_get_id (finding),
                      pit_advisor_finding_get_subject (finding) ? pit_advisor_finding_get_subject (finding) : "-",
                      pit_advisor_finding_get_title (finding));
    }

  return report;
}

/* The advisor on a real guest and the real host: what it finds on a guest
 * as virt-manager makes it, and that the tuning engine's changes make those
 * findings go away. */
static void
test_advisor_real_guest (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitAdvisorReport) before = NULL;
  g_autoptr(PitAdvisorReport) after = NULL;
  g_autofree char *original = NULL;
  const char *fixed[] = { "nic-model", "nic-nat", "disk-boot-bus" };
  PitDomain *domain;

  if (pit_integration_skip ())
    return;

  original = create_pool_and_guest ();
  connection = pit_integration_open ();
  domain = pit_connection_find_domain (connection, GUEST);
  g_assert_nonnull (domain);

  before = advise (connection, domain);
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (pit_advisor_report_find (before, fixed[i], NULL) == NULL)
      g_error ("the advisor did not report %s on a guest with an e1000 on user networking "
               "and a SATA boot disk", fixed[i]);

  /* what the wizard would do for those findings: the bridge (virtio), then
   * the two stages of the boot-disk move */
  {
    g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
    g_autoptr(PitTuneResult) result = NULL;
    PitChangeBridgeOptions bridge = { PIT_INTEGRATION_BRIDGE, NULL };
    PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, NULL, 0 };

    pit_tune_plan_add (plan, pit_change_bridge_step (&bridge));
    pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
    result = apply (domain, plan, PIT_TUNE_APPLY_NONE);
    g_assert_true (result->changed);
  }
  {
    g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
    g_autoptr(PitTuneResult) result = NULL;
    PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO, NULL, 0 };

    pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
    result = apply (domain, plan, PIT_TUNE_APPLY_NONE);
    g_assert_true (result->changed);
  }

  after = advise (connection, domain);
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (pit_advisor_report_find (after, fixed[i], NULL) != NULL)
      g_error ("the advisor still reports %s after the change that fixes it", fixed[i]);
  g_assert_cmpuint (pit_advisor_report_get_n_findings (after), <, pit_advisor_report_get_n_findings (before));

  pit_integration_remove_domain (GUEST);
  remove_pool ();
}

/* Someone else changes or removes the guest between the moment Pitstop
 * read it (a wizard open) and the apply: their change is kept (the plan
 * runs on what libvirt has now), and a removed guest is not brought back
 * by the define; the user gets a clear error instead. */
static void
test_changed_elsewhere (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *original = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *defined = NULL;
  g_autofree char *file = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) theirs = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  PitChangeBridgeOptions bridge = { PIT_INTEGRATION_BRIDGE, NULL };
  virDomainPtr handle;
  PitDomain *domain;

  if (pit_integration_skip ())
    return;

  original = create_pool_and_guest ();
  connection = pit_integration_open ();
  domain = pit_connection_find_domain (connection, GUEST);
  g_assert_nonnull (domain);
  pit_tune_plan_add (plan, pit_change_bridge_step (&bridge));

  /* 1. changed: they give it more memory with virsh */
  theirs = g_string_new (original);
  g_assert_cmpuint (g_string_replace (theirs, "<memory unit='KiB'>131072</memory>",
                                      "<memory unit='KiB'>196608</memory>", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (theirs, "<currentMemory unit='KiB'>131072</currentMemory>",
                                      "<currentMemory unit='KiB'>196608</currentMemory>", 1), ==, 1);
  file = pit_integration_write_xml (GUEST "-theirs", theirs->str);
  g_free (pit_integration_virsh ("define", file, NULL));
  {
    g_autoptr(PitTuneResult) result = apply (domain, plan, PIT_TUNE_APPLY_NONE);

    g_assert_true (result->changed);
  }
  defined = inactive_xml ();
  pit_integration_assert_xpath (defined, "string(memory)", "196608");
  pit_integration_assert_xpath (defined, "string(devices/interface/source/@bridge)", PIT_INTEGRATION_BRIDGE);

  /* 2. removed: they undefine it while Pitstop still holds it */
  handle = pit_domain_get_handle (domain);
  virDomainRef (handle);
  g_free (pit_integration_virsh ("undefine", GUEST, NULL));
  {
    g_autoptr(PitTunePlan) more = pit_tune_plan_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(PitTuneResult) result = NULL;
    PitChangeCpuOptions cpu = { .sockets = 1, .cores = 2, .threads = 1 };

    pit_tune_plan_add (more, pit_change_cpu_step (&cpu));
    result = pit_tune_apply (handle, more, PIT_TUNE_APPLY_NONE, &error);
    g_assert_null (result);
    g_assert_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND);
    g_test_message ("apply on a removed guest: %s", error->message);
  }
  virDomainFree (handle);
  g_assert_false (pit_integration_virsh_try (&err, "dominfo", GUEST, NULL));
  g_assert_true (pit_integration_wait_gone (connection, GUEST, PIT_INTEGRATION_EVENT_MS, NULL));

  remove_pool ();
}

int
main (int    argc,
      char **argv)
{
  /* the history goes under the suite's state directory, not root's home */
  if (g_getenv ("PITSTOP_INTEGRATION_DIR") != NULL)
    {
      g_autofree char *data = g_build_filename (g_getenv ("PITSTOP_INTEGRATION_DIR"), "data", NULL);

      g_setenv ("XDG_DATA_HOME", data, TRUE);
    }
  pit_integration_init (&argc, &argv);

  g_test_add_func ("/integration/tune/real-guest", test_tune_real_guest);
  g_test_add_func ("/integration/tune/latency", test_latency_real_guest);
  g_test_add_func ("/integration/tune/advisor", test_advisor_real_guest);
  g_test_add_func ("/integration/tune/changed-elsewhere", test_changed_elsewhere);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <glib/gstdio.h>

#include "pit-change-cpu.h"
#include "pit-change-disk-stage.h"
#include "pit-change-gpu.h"
#include "pit-change-hide-hypervisor.h"
#include "pit-change-pinning.h"
#include "pit-change-virtio-nic.h"
#include "pit-error.h"
#include "pit-history.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-tune-preview.h"
#include "pit-xml.h"
#include "tune-test.h"

/* Define round trips on the demo host (libvirt's test driver, in this
 * process), the history and undo. */

static PitConnection *demo;

static virDomainPtr
lookup (const char *name)
{
  PitDomain *domain = pit_connection_find_domain (demo, name);

  g_assert_nonnull (domain);
  return pit_domain_get_handle (domain);
}

static char *
fetch (virDomainPtr domain)
{
  g_autoptr(GError) error = NULL;
  char *xml = pit_tune_fetch_inactive_xml (domain, &error);

  g_assert_no_error (error);
  return xml;
}

static GPtrArray *
history_of (virDomainPtr domain)
{
  char uuid[VIR_UUID_STRING_BUFLEN];
  g_autoptr(PitHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  g_assert_cmpint (virDomainGetUUIDString (domain, uuid), ==, 0);
  history = pit_history_new (uuid);
  entries = pit_history_list (history, &error);
  g_assert_no_error (error);
  return entries;
}

/* The test driver keeps the layout of its node file until a domain is
 * defined again; from then on libvirt lays out <metadata> itself.  Every
 * domain a user has edited once is in that state: so is this one. */
static void
settle (virDomainPtr domain)
{
  g_autofree char *xml = fetch (domain);
  virDomainPtr defined = virDomainDefineXML (virDomainGetConnect (domain), xml);

  g_assert_nonnull (defined);
  virDomainFree (defined);
}

static void
test_round_trip (void)
{
  virDomainPtr domain = lookup ("win10-gaming");
  g_autofree char *original = (settle (domain), fetch (domain));
  g_autofree char *defined = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *saved_id = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) again = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  PitChangeHideHypervisorOptions hide = { NULL };
  PitChangeCpuOptions cpu = { .sockets = 1, .cores = 4, .threads = 2, .current = 6 };
  PitChangeVirtioNicOptions nic = { NULL };

  pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));

  result = pit_tune_apply (domain, plan, PIT_TUNE_APPLY_LIVE, &error);
  g_assert_no_error (error);
  g_assert_true (result->changed);
  g_assert_nonnull (result->history_id);
  /* the guest is shut off: everything waits for its next boot */
  g_assert_cmpuint (result->next_boot->len, ==, 3);
  g_assert_cmpuint (result->live->len, ==, 0);

  /* libvirt stored what the diff showed */
  defined = fetch (domain);
  normalized = pit_tune_normalize_xml (defined, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, result->after_xml);

  /* the history holds the exact bytes libvirt gave before */
  entries = history_of (domain);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((PitHistoryEntry *) g_ptr_array_index (entries, 0))->id, ==, result->history_id);
  g_assert_nonnull (((PitHistoryEntry *) g_ptr_array_index (entries, 0))->time);
  g_assert_nonnull (strstr (((PitHistoryEntry *) g_ptr_array_index (entries, 0))->description, "Hide the hypervisor"));

  /* twice is once: nothing defined, no history */
  again = pit_tune_apply (domain, plan, PIT_TUNE_APPLY_LIVE, &error);
  g_assert_no_error (error);
  g_assert_false (again->changed);
  g_assert_null (again->history_id);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = history_of (domain);
  g_assert_cmpuint (entries->len, ==, 1);

  /* undo restores the bytes */
  saved_id = pit_tune_restore (domain, result->history_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved_id);
  restored = fetch (domain);
  g_assert_cmpstr (restored, ==, original);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = history_of (domain);
  g_assert_cmpuint (entries->len, ==, 2);
  /* newest first: the configuration the restore replaced */
  g_assert_cmpstr (((PitHistoryEntry *) g_ptr_array_index (entries, 0))->id, ==, saved_id);

  /* an unknown entry changes nothing */
  g_clear_pointer (&saved_id, g_free);
  saved_id = pit_tune_restore (domain, "20200101-000000-000000", &error);
  g_assert_null (saved_id);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND);
}

/* A schema-valid change libvirt refuses: a second disk on target sda */
static gboolean
duplicate_target (PitTuneContext  *context,
                  gconstpointer    options,
                  GError         **error)
{
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (context->root, "devices/disk[target/@dev='sda']");
  xmlNode *copy = xmlCopyNode (g_ptr_array_index (disks, 0), 1);
  xmlNode *source = pit_xml_child (copy, "source");
  xmlNode *address = pit_xml_child (copy, "address");

  pit_xml_set_prop (source, "dev", "/dev/zvol/hddpool/other");
  pit_xml_remove (address);
  xmlAddChild (pit_xml_child (context->root, "devices"), copy);
  return TRUE;
}

static void
describe_broken (gconstpointer  options,
                 GPtrArray     *sentences)
{
  g_ptr_array_add (sentences, g_strdup ("A broken change"));
}

static const PitTuneChange broken_change = {
  .id = "broken",
  .options_size = sizeof (gboolean),
  .apply = duplicate_target,
  .describe = describe_broken,
};

static gboolean
volume_exists (const char *pool_name,
               const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (pit_connection_get_handle (demo), pool_name);
  virStorageVolPtr vol;

  g_assert_nonnull (pool);
  vol = virStorageVolLookupByName (pool, name);
  virStoragePoolFree (pool);
  if (vol == NULL)
    return FALSE;
  virStorageVolFree (vol);
  return TRUE;
}

static void
test_rejected_define (void)
{
  virDomainPtr domain = lookup ("win10-gaming");
  g_autofree char *before = fetch (domain);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) entries_before = history_of (domain);
  g_autoptr(GPtrArray) entries_after = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, NULL, 0 };
  gboolean no_options = FALSE;

  pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
  pit_tune_plan_add (plan, pit_tune_step_new (&broken_change, &no_options));

  result = pit_tune_apply (domain, plan, PIT_TUNE_APPLY_NONE, &error);
  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_LIBVIRT);
  g_assert_true (g_str_has_prefix (error->message, "libvirt refused the new configuration: "));

  /* nothing changed: the domain, the history, the storage pool */
  after = fetch (domain);
  g_assert_cmpstr (after, ==, before);
  entries_after = history_of (domain);
  g_assert_cmpuint (entries_after->len, ==, entries_before->len);
  g_assert_false (volume_exists ("default", "win10-gaming-virtio-dummy.qcow2"));
}

static void
assert_storage (PitTuneResult *result,
                const char    *expected)
{
  g_assert_cmpuint (result->storage->len, ==, 1);
  g_test_message ("storage: %s", (const char *) g_ptr_array_index (result->storage, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (result->storage, 0), expected));
}

#define DUMMY_VOLUME "win10-gaming-virtio-dummy.qcow2"
#define DUMMY_PATH "/var/lib/libvirt/images/" DUMMY_VOLUME

static void
test_disk_stage_volume (void)
{
  virDomainPtr domain = lookup ("win10-gaming");
  g_autofree char *before = fetch (domain);
  g_autofree char *after = NULL;
  g_autofree char *later = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTunePlan) nic_plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) nic_result = NULL;
  g_autoptr(PitTuneResult) back_to_stage1 = NULL;
  g_autoptr(PitTuneResult) restored = NULL;
  g_autoptr(PitTuneResult) undone = NULL;
  g_autoptr(PitTuneResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, NULL, 0 };
  PitChangeVirtioNicOptions nic = { NULL };

  pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
  result = pit_tune_apply (domain, plan, PIT_TUNE_APPLY_NONE, &error);
  g_assert_no_error (error);

  /* a real volume in the default pool (the boot disk is in none) */
  g_assert_true (volume_exists ("default", DUMMY_VOLUME));
  after = fetch (domain);
  g_assert_nonnull (strstr (after, "<source file='" DUMMY_PATH "'/>"));
  g_assert_nonnull (strstr (after, "<target dev='vda' bus='virtio'/>"));
  g_assert_cmpuint (result->warnings->len, ==, 1);

  /* a later change, then back to it: the small disk is still in use */
  pit_tune_plan_add (nic_plan, pit_change_virtio_nic_step (&nic));
  nic_result = pit_tune_apply (lookup ("win10-gaming"), nic_plan, PIT_TUNE_APPLY_NONE, &error);
  g_assert_no_error (error);
  back_to_stage1 = pit_tune_restore_full (lookup ("win10-gaming"), nic_result->history_id, &error);
  g_assert_no_error (error);
  later = fetch (lookup ("win10-gaming"));
  g_assert_cmpstr (later, ==, after);
  g_assert_cmpuint (back_to_stage1->storage->len, ==, 0);
  g_assert_true (volume_exists ("default", DUMMY_VOLUME));

  /* restoring the entry from before stage 1 deletes the volume, and says so */
  restored = pit_tune_restore_full (lookup ("win10-gaming"), result->history_id, &error);
  g_assert_no_error (error);
  xml = fetch (lookup ("win10-gaming"));
  g_assert_cmpstr (xml, ==, before);
  g_assert_false (volume_exists ("default", DUMMY_VOLUME));
  assert_storage (restored, "“" DUMMY_VOLUME "” in the storage pool “default”, which Pitstop created for a later change, is deleted");

  /* undoing that restore brings the configuration and an empty volume back */
  undone = pit_tune_restore_full (lookup ("win10-gaming"), restored->history_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&xml, g_free);
  xml = fetch (lookup ("win10-gaming"));
  g_assert_cmpstr (xml, ==, after);
  g_assert_true (volume_exists ("default", DUMMY_VOLUME));
  assert_storage (undone, "is created again, empty");

  /* and the first entry once more: deleted again */
  again = pit_tune_restore_full (lookup ("win10-gaming"), result->history_id, &error);
  g_assert_no_error (error);
  g_assert_false (volume_exists ("default", DUMMY_VOLUME));
  assert_storage (again, "is deleted");
  g_clear_pointer (&xml, g_free);
  xml = fetch (lookup ("win10-gaming"));
  g_assert_cmpstr (xml, ==, before);
}

static virStorageVolPtr
create_volume (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (pit_connection_get_handle (demo), "default");
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name><capacity>1048576</capacity>"
                                          "<target><format type='qcow2'/></target></volume>", name);
  virStorageVolPtr vol = virStorageVolCreateXML (pool, xml, 0);

  g_assert_nonnull (vol);
  virStoragePoolFree (pool);
  return vol;
}

/* A volume of that name that was there before stage 1 is the user's: the
 * engine uses it, and a restore leaves it alone. */
static void
test_disk_stage_user_volume (void)
{
  virDomainPtr domain = lookup ("win10-gaming");
  g_autofree char *before = fetch (domain);
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) restored = NULL;
  g_autoptr(GError) error = NULL;
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, NULL, 0 };
  virStorageVolPtr vol = create_volume (DUMMY_VOLUME);

  pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
  result = pit_tune_apply (domain, plan, PIT_TUNE_APPLY_NONE, &error);
  g_assert_no_error (error);
  restored = pit_tune_restore_full (lookup ("win10-gaming"), result->history_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restored->storage->len, ==, 0);
  g_assert_true (volume_exists ("default", DUMMY_VOLUME));

  g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
  virStorageVolFree (vol);
}

/* A volume Pitstop created that another domain's definition now uses is
 * kept, and the restore says which domain holds it. */
static void
test_disk_stage_volume_in_use (void)
{
  virConnectPtr connection = pit_connection_get_handle (demo);
  virDomainPtr domain = lookup ("win10-gaming");
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) restored = NULL;
  g_autoptr(GError) error = NULL;
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, NULL, 0 };
  virDomainPtr other;
  virStoragePoolPtr pool;
  virStorageVolPtr vol;

  pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
  result = pit_tune_apply (domain, plan, PIT_TUNE_APPLY_NONE, &error);
  g_assert_no_error (error);
  other = virDomainDefineXML (connection,
                              "<domain type='test'><name>dummy-user</name><memory>65536</memory>"
                              "<os><type>hvm</type></os><devices><disk type='file' device='disk'>"
                              "<source file='" DUMMY_PATH "'/><target dev='vda' bus='virtio'/>"
                              "</disk></devices></domain>");
  g_assert_nonnull (other);

  restored = pit_tune_restore_full (lookup ("win10-gaming"), result->history_id, &error);
  g_assert_no_error (error);
  assert_storage (restored, "is kept: the virtual machine “dummy-user” uses it");
  g_assert_true (volume_exists ("default", DUMMY_VOLUME));

  g_assert_cmpint (virDomainUndefine (other), ==, 0);
  virDomainFree (other);
  pool = virStoragePoolLookupByName (connection, "default");
  vol = virStorageVolLookupByName (pool, DUMMY_VOLUME);
  g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
}

static void
test_live (void)
{
  /* fedora-server runs: its pinning and vCPU count change now */
  virDomainPtr domain = lookup ("fedora-server");
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *restored = NULL;
  PitVcpuPin pins[] = { { 0, "1" } };
  PitChangePinningOptions pinning = { .pins = pins, .n_pins = 1, .emulator = "0" };
  PitChangeCpuOptions cpu = { .current = 2 };
  virVcpuInfo info[8];
  guchar maps[8] = { 0 };

  g_assert_cmpint (virDomainIsActive (domain), ==, 1);
  pit_tune_plan_add (plan, pit_change_pinning_step (&pinning));
  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  result = pit_tune_apply (domain, plan, PIT_TUNE_APPLY_LIVE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < result->warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (result->warnings, i));
  g_assert_cmpuint (result->live->len, ==, 2);
  g_assert_cmpuint (result->next_boot->len, ==, 0);
  g_assert_cmpint (virDomainGetVcpus (domain, info, 8, maps, 1), ==, 2);
  g_assert_cmpuint (maps[0], ==, 1 << 1);

  restored = pit_tune_restore (domain, result->history_id, &error);
  g_assert_no_error (error);
}

static void
test_gpu_used_elsewhere (void)
{
  virDomainPtr fedora = lookup ("fedora-server");
  const char *gpus[] = { "0000:04:00.1", NULL };
  PitChangeGpuOptions gpu = { gpus, TRUE, NULL };
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) applied = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *win10 = fetch (lookup ("win10-gaming"));
  g_autofree char *restored = NULL;

  pit_tune_plan_add (plan, pit_change_gpu_step (&gpu));
  applied = pit_tune_apply (fedora, plan, PIT_TUNE_APPLY_NONE, &error);
  g_assert_no_error (error);

  result = pit_tune_plan_run (plan, win10, pit_connection_get_handle (demo), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->warnings, 0), ==,
                   "0000:04:00.1 is also passed to the virtual machine “fedora-server”");

  restored = pit_tune_restore (fedora, applied->history_id, &error);
  g_assert_no_error (error);
}

static void
apply_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  PitTuneResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pit_tune_apply_finish (res, &error);
  g_assert_no_error (error);
}

static void
restore_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pit_tune_restore_finish (res, &error);
  g_assert_no_error (error);
}

static void
preview_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  PitTuneResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pit_tune_preview_finish (res, &error);
  g_assert_no_error (error);
}

static void
test_preview (void)
{
  virDomainPtr domain = lookup ("win10-gaming");
  g_autofree char *before = fetch (domain);
  g_autofree char *after = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GPtrArray) entries_before = history_of (domain);
  g_autoptr(GPtrArray) entries_after = NULL;
  PitChangeVirtioNicOptions nic = { NULL };

  pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));
  pit_tune_preview_async (domain, plan, NULL, preview_cb, &result);
  g_assert_true (pit_test_wait_for (pit_test_pointer_is_set, &result, 5000));
  g_assert_true (result->changed);
  g_assert_nonnull (strstr (result->diff, "+      <model type=\"virtio\"/>"));
  /* nothing defined, nothing saved */
  after = fetch (lookup ("win10-gaming"));
  g_assert_cmpstr (after, ==, before);
  entries_after = history_of (domain);
  g_assert_cmpuint (entries_after->len, ==, entries_before->len);
}

static void
test_async (void)
{
  virDomainPtr domain = lookup ("ubuntu-dev");
  g_autofree char *before = fetch (domain);
  g_autofree char *after = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autofree char *restored = NULL;
  PitChangeHideHypervisorOptions hide = { "pitstop" };

  pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
  pit_tune_apply_async (domain, plan, PIT_TUNE_APPLY_LIVE, NULL, apply_cb, &result);
  g_assert_true (pit_test_wait_for (pit_test_pointer_is_set, &result, 5000));
  g_assert_true (result->changed);
  /* ubuntu-dev is paused: the change waits for its next boot */
  g_assert_cmpuint (result->next_boot->len, ==, 1);

  /* the connection saw the define and may have a new handle by now: the
   * async calls take their own reference, callers look the handle up again */
  domain = lookup ("ubuntu-dev");
  pit_tune_restore_async (domain, result->history_id, NULL, restore_cb, &restored);
  g_assert_true (pit_test_wait_for (pit_test_pointer_is_set, &restored, 5000));
  after = fetch (lookup ("ubuntu-dev"));
  g_assert_cmpstr (after, ==, before);
}

static void
test_history_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pitstop-history-XXXXXX", &error);
  g_autoptr(PitHistory) history = pit_history_new_for_dir (dir);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *loaded = NULL;

  for (guint i = 0; i < PIT_HISTORY_MAX_ENTRIES + 5; i++)
    {
      g_autofree char *xml = g_strdup_printf ("<domain>%u</domain>\n", i);
      g_autofree char *id = pit_history_save (history, xml, "test", &error);

      g_assert_no_error (error);
      if (i == 0)
        first = g_strdup (id);
      g_free (last);
      last = g_steal_pointer (&id);
    }
  g_assert_cmpuint (pit_history_prune (history, PIT_HISTORY_MAX_ENTRIES), ==, 5);
  entries = pit_history_list (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, PIT_HISTORY_MAX_ENTRIES);
  g_assert_cmpstr (((PitHistoryEntry *) g_ptr_array_index (entries, 0))->id, ==, last);
  loaded = pit_history_load (history, last, &error);
  g_assert_cmpstr (loaded, ==, "<domain>54</domain>\n");
  g_assert_null (pit_history_load (history, first, &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pit_history_load (history, "../../etc/passwd", &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND);

  pit_history_prune (history, 0);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tune_test_isolate_data ();
  pit_core_init ();
  demo = pit_test_open_demo ();

  g_test_add_func ("/tune/apply/round-trip", test_round_trip);
  g_test_add_func ("/tune/apply/rejected-define", test_rejected_define);
  g_test_add_func ("/tune/apply/disk-stage-volume", test_disk_stage_volume);
  g_test_add_func ("/tune/apply/disk-stage-user-volume", test_disk_stage_user_volume);
  g_test_add_func ("/tune/apply/disk-stage-volume-in-use", test_disk_stage_volume_in_use);
  g_test_add_func ("/tune/apply/live", test_live);
  g_test_add_func ("/tune/apply/gpu-used-elsewhere", test_gpu_used_elsewhere);
  g_test_add_func ("/tune/apply/async", test_async);
  g_test_add_func ("/tune/apply/preview", test_preview);
  g_test_add_func ("/tune/apply/history-limit", test_history_limit);

  ret = g_test_run ();
  g_clear_object (&demo);
  tune_test_remove_data ();
  return ret;
}

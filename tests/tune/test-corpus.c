/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <libvirt/virterror.h>
#include <libxml/c14n.h>

#include "pit-change-cpu.h"
#include "pit-change-disk-stage.h"
#include "pit-change-evdev.h"
#include "pit-change-gpu.h"
#include "pit-change-hide-hypervisor.h"
#include "pit-change-hugepages.h"
#include "pit-change-hyperv.h"
#include "pit-change-iothreads.h"
#include "pit-change-looking-glass.h"
#include "pit-change-pinning.h"
#include "pit-change-rotation-rate.h"
#include "pit-change-secure-boot.h"
#include "pit-change-sound.h"
#include "pit-change-timers.h"
#include "pit-change-tpm.h"
#include "pit-change-usb-controller.h"
#include "pit-change-usb-device.h"
#include "pit-change-virtio-iso.h"
#include "pit-change-virtio-nic.h"
#include "pit-domain-schema.h"
#include "pit-domain-summary.h"
#include "pit-error.h"
#include "pit-test-support.h"
#include "pit-xml.h"
#include "tune-test.h"

/* The corpus suite: libvirt's own test domains (../shared/corpus/
 * libvirt-domains).  For every valid x86 domain a standard set of changes
 * is applied; the output must pass libvirt's domain schema (libxml2's
 * RelaxNG validator with the installed /usr/share/libvirt/schemas/
 * domain.rng, loaded once: the check of `virt-xml-validate FILE domain`
 * without 500 processes), be idempotent, equal the input outside the
 * edited elements, and be defined by libvirt's test driver (its parser and
 * checks) whenever the input is.  Every schema-invalid domain gives an error and no
 * output; every non-x86 domain refuses the x86-only changes. */

#define ISO "/usr/share/virtio-win/virtio-win.iso"
#define DUMMY "/var/lib/libvirt/images/pitstop-corpus-dummy.qcow2"
#define GPU "0000:0a:00.0"

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GPtrArray *
list_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* The standard set, fitted to what the domain has (a NIC to change, memory
 * that divides into 2 MiB pages, a disk to put a virtio disk beside). */
static PitTunePlan *
standard_plan (xmlNode *root)
{
  PitTunePlan *plan = pit_tune_plan_new ();
  guint64 vcpus = 1, memory = 0;
  g_autofree char *type = pit_xml_get_prop (root, "type");
  g_autoptr(GPtrArray) nics = pit_xml_find_nodes (root, "devices/interface[@type!='hostdev']");
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (root, "devices/disk[not(@device) or @device='disk']");
  g_autoptr(GPtrArray) pin_array = g_ptr_array_new_with_free_func (g_free);
  g_autofree PitVcpuPin *pins = NULL;
  const char *gpus[] = { GPU, NULL };
  PitChangeGpuOptions gpu = { gpus, FALSE, NULL };
  PitChangeHideHypervisorOptions hide = { NULL };
  PitChangeCpuOptions cpu = { 0 };
  PitChangePinningOptions pinning = { 0 };
  PitChangeHugepagesOptions hugepages = { PIT_HUGEPAGES_2M_KIB };
  PitChangeVirtioIsoOptions iso = { ISO };
  PitChangeVirtioNicOptions nic = { NULL };
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, DUMMY, 0 };

  pit_xml_get_uint64 (root, "vcpu", &vcpus);
  memory = pit_xml_get_uint64 (root, "memory", &memory) ? memory : 0;
  {
    g_autofree char *unit = pit_xml_get_string (root, "memory/@unit");

    if (unit != NULL && g_strcmp0 (unit, "KiB") != 0)
      memory = 0;
  }

  pit_tune_plan_add (plan, pit_change_gpu_step (&gpu));
  pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));

  cpu.host_passthrough = g_strcmp0 (type, "kvm") == 0;
  cpu.sockets = 1;
  cpu.cores = vcpus;
  cpu.threads = 1;
  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));

  pins = g_new0 (PitVcpuPin, MIN (vcpus, 64));
  for (guint i = 0; i < MIN (vcpus, 64); i++)
    {
      char *set = g_strdup_printf ("%u", i % 4 + 1);

      g_ptr_array_add (pin_array, set);
      pins[i].vcpu = i;
      pins[i].cpuset = set;
    }
  pinning.pins = pins;
  pinning.n_pins = MIN (vcpus, 64);
  pinning.emulator = "0";
  pit_tune_plan_add (plan, pit_change_pinning_step (&pinning));

  if (memory > 0 && memory % PIT_HUGEPAGES_2M_KIB == 0)
    pit_tune_plan_add (plan, pit_change_hugepages_step (&hugepages));
  pit_tune_plan_add (plan, pit_change_virtio_iso_step (&iso));
  if (nics->len > 0)
    pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));
  if (disks->len > 0 && pit_change_disk_stage_get_state (root) == PIT_DISK_STATE_BOOT_NOT_VIRTIO)
    pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));

  return plan;
}

/* The latency set (issue #16): Hyper-V for what looks like Windows on KVM, the
 * timers, I/O threads on QEMU guests (as many as the guest already numbers,
 * at least 2), SSD rotation rates. */
static PitTunePlan *
latency_plan (xmlNode *root)
{
  PitTunePlan *plan = pit_tune_plan_new ();
  g_autofree char *type = pit_xml_get_prop (root, "type");
  PitChangeHypervOptions hyperv = { FALSE };
  PitChangeTimersOptions timers = { FALSE };
  PitChangeIothreadsOptions iothreads = { 2 };
  PitChangeRotationRateOptions rotation = { PIT_ROTATION_RATE_SSD };
  guint64 existing = 0;

  if (pit_domain_xml_is_windows (root) && g_strcmp0 (type, "kvm") == 0)
    pit_tune_plan_add (plan, pit_change_hyperv_step (&hyperv));
  pit_tune_plan_add (plan, pit_change_timers_step (&timers));
  if (g_strcmp0 (type, "kvm") == 0 || g_strcmp0 (type, "qemu") == 0)
    {
      if (pit_xml_get_uint64 (root, "iothreads", &existing) && existing > iothreads.count)
        iothreads.count = existing;
      pit_tune_plan_add (plan, pit_change_iothreads_step (&iothreads));
    }
  pit_tune_plan_add (plan, pit_change_rotation_rate_step (&rotation));
  return plan;
}

static PitTuneStep *
hide_hypervisor_step (void)
{
  PitChangeHideHypervisorOptions hide = { NULL };

  return pit_change_hide_hypervisor_step (&hide);
}

static PitTuneStep *
timers_step (void)
{
  PitChangeTimersOptions timers = { FALSE };

  return pit_change_timers_step (&timers);
}

/* A set of changes run over the corpus, and what of a domain it owns */
typedef struct
{
  PitTunePlan *(*plan) (xmlNode *root);
  PitTuneStep *(*x86_only) (void);       /* must be refused on other guests */
  const char * const *owned;             /* XPaths, removed in order before comparing */
} CorpusSet;

static const char * const standard_owned[] = {
  "features/hyperv/vendor_id", "features/kvm/hidden",
  "cpu/@mode", "cpu/@match", "cpu/model", "cpu/vendor", "cpu/topology",
  "vcpu", "cputune/vcpupin", "cputune/emulatorpin",
  "memoryBacking/hugepages",
  "devices/disk[source/@file='" ISO "']", "devices/disk[source/@file='" DUMMY "']",
  "devices/interface/model",
  "devices/hostdev[source/address/@bus='0x0a']",
  "metadata/*[namespace-uri()='" PIT_TUNE_NAMESPACE "']",
  NULL
};

static const char * const latency_owned[] = {
  "features/hyperv/*", "features/hyperv/@mode",
  "clock/timer[@name='rtc' or @name='pit' or @name='hpet' or @name='hypervclock']",
  "clock[not(*)][@offset='utc'][count(@*)=1]",
  "iothreads", "cputune/iothreadpin",
  "devices/disk/driver/@iothread", "devices/disk/driver/@cache", "devices/disk/driver/@io",
  "devices/disk/driver[not(*)][@name='qemu'][count(@*)=1]",
  "devices/disk/target/@rotation_rate",
  NULL
};

static const CorpusSet standard_set = { standard_plan, hide_hypervisor_step, standard_owned };
static const CorpusSet latency_set = { latency_plan, timers_step, latency_owned };

static void
remove_blank_text (xmlNode *node)
{
  xmlNode *child = node->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (child->type == XML_TEXT_NODE && xmlIsBlankNode (child))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        remove_blank_text (child);
      child = next;
    }
}

static void
remove_all (xmlNode    *root,
            const char *xpath)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, xpath);

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);

      if (node->type == XML_ATTRIBUTE_NODE)
        xmlRemoveProp ((xmlAttr *) node);
      else
        {
          xmlUnlinkNode (node);
          xmlFreeNode (node);
        }
    }
}

/* What is left of a domain once everything the standard set owns is gone,
 * canonicalised (attribute order and layout do not count). */
static char *
outside_edits (const char         *xml,
               const char * const *owned)
{
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, NULL);
  xmlNode *root = xmlDocGetRootElement (doc);
  /* containers the changes may have added, removed when left empty */
  const char *containers[] = { "features/kvm", "features/hyperv", "features", "cpu", "cputune",
                               "memoryBacking", "metadata", "devices" };
  xmlChar *text = NULL;
  char *ret;

  g_assert_nonnull (doc);
  remove_blank_text (root);
  for (guint i = 0; owned[i] != NULL; i++)
    remove_all (root, owned[i]);
  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    {
      g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, containers[i]);

      for (guint n = 0; n < nodes->len; n++)
        {
          xmlNode *node = g_ptr_array_index (nodes, n);

          if (node->children == NULL && node->properties == NULL)
            {
              xmlUnlinkNode (node);
              xmlFreeNode (node);
            }
        }
    }
  g_assert_cmpint (xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 0, &text), >=, 0);
  ret = g_strdup ((const char *) text);
  xmlFree (text);
  return ret;
}

/* libvirt's own parser (the test driver): what it accepts
 * as input it must accept as output.  Returns FALSE when it refuses @xml. */
static gboolean
libvirt_accepts (virConnectPtr  connection,
                 const char    *xml,
                 char         **message)
{
  /* no VIR_DOMAIN_DEFINE_VALIDATE: the schema was checked above, and libvirt
   * would load it again for every define (20 s instead of 2) */
  virDomainPtr domain = virDomainDefineXMLFlags (connection, xml, 0);

  if (domain == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (message != NULL)
        *message = g_strdup (err && err->message ? err->message : "?");
      return FALSE;
    }
  virDomainUndefine (domain);
  virDomainFree (domain);
  return TRUE;
}

static gboolean
is_x86 (xmlNode *root)
{
  g_autofree char *arch = pit_xml_get_string (root, "os/type/@arch");

  return arch == NULL || g_str_equal (arch, "x86_64") || g_str_equal (arch, "i686");
}

/* What every change set must do to a domain it applies to: run, give a
 * schema-valid domain, do nothing more when run again, touch nothing
 * outside @owned, and be defined by libvirt's test driver when the input
 * is.  Failures go into @failures, one line each. */
static void
check_applied (const char         *name,
               const char         *xml,
               PitTunePlan        *plan,
               const char * const *owned,
               virConnectPtr       connection,
               GString            *failures,
               guint              *n_defined)
{
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) out = NULL;
  g_autofree char *kept_before = NULL;
  g_autofree char *kept_after = NULL;

  result = pit_tune_plan_run (plan, xml, NULL, &error);
  if (result == NULL)
    {
      g_string_append_printf (failures, "%s: %s\n", name, error->message);
      return;
    }
  out = pit_xml_parse (result->after_xml, &error);
  if (out == NULL || !pit_domain_schema_validate (out, &error))
    {
      g_string_append_printf (failures, "%s: output: %s\n", name, error->message);
      return;
    }
  again = pit_tune_plan_run (plan, result->after_xml, NULL, &error);
  if (again == NULL || g_strcmp0 (again->after_xml, result->after_xml) != 0)
    {
      g_string_append_printf (failures, "%s: not idempotent%s%s\n", name,
                              error ? ": " : "", error ? error->message : "");
      return;
    }
  kept_before = outside_edits (xml, owned);
  kept_after = outside_edits (result->after_xml, owned);
  if (g_strcmp0 (kept_before, kept_after) != 0)
    g_string_append_printf (failures, "%s: changed outside the edited elements\n", name);
  if (libvirt_accepts (connection, xml, NULL))
    {
      g_autofree char *message = NULL;

      (*n_defined)++;
      if (!libvirt_accepts (connection, result->after_xml, &message))
        g_string_append_printf (failures, "%s: libvirt refuses the output: %s\n", name, message);
    }
}

static void
run_corpus (const CorpusSet *set)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_x86 = 0, n_other = 0, n_changes = 0, n_defined = 0;
  virConnectPtr connection = NULL;
  gdouble elapsed;

  if (pit_test_skip_without_corpus ())
    return;
  connection = virConnectOpen ("test:///default");
  g_assert_true (pit_domain_schema_available ());

  dir = pit_test_corpus_path ("libvirt-domains", "valid", NULL);
  names = list_dir (dir);
  g_assert_cmpuint (names->len, >, 400);

  g_test_timer_start ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *xml = read_file (path);
      g_autoptr(xmlDoc) doc = pit_xml_parse (xml, NULL);
      g_autoptr(PitTunePlan) plan = NULL;
      g_autoptr(PitTuneResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (doc);
      if (!is_x86 (xmlDocGetRootElement (doc)))
        {
          n_other++;
          plan = pit_tune_plan_new ();
          pit_tune_plan_add (plan, set->x86_only ());
          result = pit_tune_plan_run (plan, xml, NULL, &error);
          if (result != NULL || !g_error_matches (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED))
            g_string_append_printf (failures, "%s: an x86-only change was not refused\n", name);
          continue;
        }

      n_x86++;
      plan = set->plan (xmlDocGetRootElement (doc));
      n_changes += pit_tune_plan_get_n_steps (plan);
      check_applied (name, xml, plan, set->owned, connection, failures, &n_defined);
    }
  elapsed = g_test_timer_elapsed ();
  virConnectClose (connection);

  g_test_message ("corpus: %u x86 domains x %.1f changes on average (%u also defined on libvirt's test driver, "
                  "before and after), %u other domains refused x86-only changes, in %.2f s",
                  n_x86, (double) n_changes / MAX (n_x86, 1), n_defined, n_other, elapsed);
  if (failures->len > 0)
    g_error ("corpus failures:\n%s", failures->str);
  g_assert_cmpuint (n_x86, >, 400);
  g_assert_cmpuint (n_other, >, 10);
  g_assert_cmpuint (n_defined, >, 300);
}

static void
test_valid (void)
{
  run_corpus (&standard_set);
}

static void
test_latency (void)
{
  run_corpus (&latency_set);
}

static void
test_invalid (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = NULL;

  if (pit_test_skip_without_corpus ())
    return;
  dir = pit_test_corpus_path ("libvirt-domains", "invalid", NULL);
  names = list_dir (dir);
  g_assert_cmpuint (names->len, >=, 14);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *xml = read_file (path);
      g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
      g_autoptr(PitTuneResult) result = NULL;
      g_autoptr(GError) error = NULL;
      PitChangeVirtioNicOptions nic = { NULL };
      const char *argv[] = { "tune", "--xml", path, "--virtio-nic", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));
      result = pit_tune_plan_run (plan, xml, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML);
      g_assert_true (g_str_has_prefix (error->message, "The domain XML does not follow libvirt’s schema (line "));

      /* the command line: exit 1, one line on stderr, nothing on stdout */
      g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "pitstop-cli: The domain XML does not follow libvirt’s schema"));
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
    }
}

/* Issue #17's changes, on every valid domain: Looking Glass, evdev with
 * virtio inputs, a USB controller, a USB device, sound.  The same checks as
 * the standard set; every non-x86 domain refuses each of them. */
static PitTunePlan *
display_plan (xmlNode *root)
{
  g_autoptr(GPtrArray) usb_off = pit_xml_find_nodes (root, "devices/controller[@type='usb'][@model='none']");
  PitTunePlan *plan = pit_tune_plan_new ();
  PitChangeLookingGlassOptions lg = { { 1920, 1080, FALSE } };
  PitChangeEvdevOptions evdev = { "usb-Logitech_USB_Keyboard-event-kbd", "usb-Logitech_G502-event-mouse",
                                  PIT_GRAB_TOGGLE_CTRL_CTRL, TRUE };
  PitChangeUsbControllerOptions controller = { "0000:0b:00.0" };
  const char *ids[] = { "045e:02ea", NULL };
  PitChangeUsbDeviceOptions device = { ids };
  PitChangeSoundOptions sound = { PIT_SOUND_PULSEAUDIO, "/run/user/1000/pulse/native" };

  pit_tune_plan_add (plan, pit_change_looking_glass_step (&lg));
  pit_tune_plan_add (plan, pit_change_evdev_step (&evdev));
  pit_tune_plan_add (plan, pit_change_usb_controller_step (&controller));
  /* a guest with USB off refuses USB devices: checked in test-display */
  if (usb_off->len == 0)
    pit_tune_plan_add (plan, pit_change_usb_device_step (&device));
  pit_tune_plan_add (plan, pit_change_sound_step (&sound));
  return plan;
}

static void
test_display (void)
{
  static const char * const owned[] = {
    "devices/shmem[@name='looking-glass']", "devices/memballoon",
    "devices/input[@type='evdev']", "devices/input[@bus='virtio']",
    "devices/hostdev[source/address/@bus='0x0b']", "devices/hostdev[@type='usb']",
    "devices/sound", "devices/audio",
    "metadata/*[namespace-uri()='" PIT_DISPLAY_NAMESPACE "']",
    NULL
  };
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_x86 = 0, n_other = 0, n_defined = 0;
  virConnectPtr connection = NULL;

  if (pit_test_skip_without_corpus ())
    return;
  connection = virConnectOpen ("test:///default");
  dir = pit_test_corpus_path ("libvirt-domains", "valid", NULL);
  names = list_dir (dir);
  g_test_timer_start ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *xml = read_file (path);
      g_autoptr(xmlDoc) doc = pit_xml_parse (xml, NULL);
      g_autoptr(PitTunePlan) plan = display_plan (xmlDocGetRootElement (doc));

      if (!is_x86 (xmlDocGetRootElement (doc)))
        {
          n_other++;
          for (guint s = 0; s < pit_tune_plan_get_n_steps (plan); s++)
            {
              g_autoptr(PitTunePlan) one = pit_tune_plan_new ();
              PitTuneStep *step = pit_tune_plan_get_step (plan, s);
              g_autoptr(PitTuneResult) refused = NULL;
              g_autoptr(GError) local = NULL;

              /* each change alone: a plan of one step with the same options */
              pit_tune_plan_add (one, pit_tune_step_new (step->change, step->options));
              refused = pit_tune_plan_run (one, xml, NULL, &local);
              if (refused != NULL || !g_error_matches (local, PIT_ERROR, PIT_ERROR_UNSUPPORTED))
                g_string_append_printf (failures, "%s: %s was not refused\n", name, step->id);
            }
          continue;
        }
      n_x86++;
      check_applied (name, xml, plan, owned, connection, failures, &n_defined);
    }
  virConnectClose (connection);
  g_test_message ("corpus (display, input, USB, sound): %u x86 domains x 5 changes, %u also defined on "
                  "libvirt's test driver, %u other domains refused each change, in %.2f s",
                  n_x86, n_defined, n_other, g_test_timer_elapsed ());
  if (failures->len > 0)
    g_error ("corpus failures:\n%s", failures->str);
  g_assert_cmpuint (n_x86, >, 400);
  g_assert_cmpuint (n_other, >, 10);
}

/* Windows 11's changes (issue #18) on every valid domain: the TPM on each
 * QEMU/KVM guest, Secure Boot where it is allowed.  A guest the XML says
 * starts with BIOS and that has a disk is refused Secure Boot (its disk
 * cannot be read here); every refusal is PIT_ERROR_UNSUPPORTED.  What is
 * applied: valid, idempotent, nothing else touched, defined by the test
 * driver when the input is; every non-x86 domain refuses both. */
static void
test_windows11 (void)
{
  static const char * const owned[] = {
    "devices/tpm", "os/@firmware", "os/firmware", "os/loader", "os/nvram/@template", "features/smm",
    NULL
  };
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_x86 = 0, n_other = 0, n_defined = 0, n_tpm = 0, n_secure = 0, n_bios_refused = 0, n_refused = 0;
  virConnectPtr connection = NULL;
  PitChangeTpmOptions tpm = { FALSE };
  PitChangeSecureBootOptions secure_boot = { FALSE };

  if (pit_test_skip_without_corpus ())
    return;
  connection = virConnectOpen ("test:///default");
  dir = pit_test_corpus_path ("libvirt-domains", "valid", NULL);
  names = list_dir (dir);
  g_test_timer_start ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *xml = read_file (path);
      g_autoptr(xmlDoc) doc = pit_xml_parse (xml, NULL);
      xmlNode *root = xmlDocGetRootElement (doc);
      g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
      g_autoptr(PitTunePlan) tpm_alone = tune_test_plan_of (pit_change_tpm_step (&tpm));
      g_autoptr(PitTunePlan) secure_alone = tune_test_plan_of (pit_change_secure_boot_step (&secure_boot));
      g_autoptr(PitTuneResult) tpm_result = NULL;
      g_autoptr(PitTuneResult) secure_result = NULL;
      g_autoptr(GError) tpm_error = NULL;
      g_autoptr(GError) secure_error = NULL;
      g_autofree char *boot_disk = pit_guest_boot_disk_path (root, NULL);
      g_autoptr(GPtrArray) disks = pit_xml_find_nodes (root, "devices/disk[not(@device) or @device='disk']");
      gboolean bios = pit_guest_firmware_from_xml (root) == PIT_GUEST_FIRMWARE_BIOS;

      tpm_result = pit_tune_plan_run (tpm_alone, xml, NULL, &tpm_error);
      secure_result = pit_tune_plan_run (secure_alone, xml, NULL, &secure_error);
      if (!is_x86 (root))
        {
          n_other++;
          if (tpm_result != NULL || !g_error_matches (tpm_error, PIT_ERROR, PIT_ERROR_UNSUPPORTED))
            g_string_append_printf (failures, "%s: tpm was not refused\n", name);
          if (secure_result != NULL || !g_error_matches (secure_error, PIT_ERROR, PIT_ERROR_UNSUPPORTED))
            g_string_append_printf (failures, "%s: secure-boot was not refused\n", name);
          continue;
        }
      n_x86++;
      if (tpm_error != NULL && !g_error_matches (tpm_error, PIT_ERROR, PIT_ERROR_UNSUPPORTED))
        g_string_append_printf (failures, "%s: tpm: %s\n", name, tpm_error->message);
      if (secure_error != NULL && !g_error_matches (secure_error, PIT_ERROR, PIT_ERROR_UNSUPPORTED))
        g_string_append_printf (failures, "%s: secure-boot: %s\n", name, secure_error->message);
      /* installed in BIOS mode, as far as anyone here can tell: never switched */
      if (bios && disks->len > 0 && secure_result != NULL && secure_result->changed)
        g_string_append_printf (failures, "%s: a BIOS guest with a disk (%s) was switched to UEFI\n",
                                name, boot_disk != NULL ? boot_disk : "?");
      if (bios && disks->len > 0 && secure_error != NULL)
        n_bios_refused++;
      else if (secure_error != NULL)
        n_refused++;
      if (tpm_result != NULL)
        {
          n_tpm++;
          pit_tune_plan_add (plan, pit_change_tpm_step (&tpm));
        }
      if (secure_result != NULL)
        {
          n_secure++;
          pit_tune_plan_add (plan, pit_change_secure_boot_step (&secure_boot));
        }
      if (pit_tune_plan_get_n_steps (plan) == 0)
        continue;

      check_applied (name, xml, plan, owned, connection, failures, &n_defined);
    }
  virConnectClose (connection);
  g_test_message ("corpus (TPM, Secure Boot): %u x86 domains, %u got the TPM, %u Secure Boot; %u BIOS guests "
                  "with a disk refused Secure Boot, %u others refused it (not Q35, not QEMU, own BIOS); "
                  "%u also defined on libvirt's test driver; %u other domains refused both, in %.2f s",
                  n_x86, n_tpm, n_secure, n_bios_refused, n_refused, n_defined, n_other, g_test_timer_elapsed ());
  if (failures->len > 0)
    g_error ("corpus failures:\n%s", failures->str);
  g_assert_cmpuint (n_x86, >, 400);
  g_assert_cmpuint (n_other, >, 10);
  g_assert_cmpuint (n_tpm, >, 300);
  g_assert_cmpuint (n_secure, >, 5);
  g_assert_cmpuint (n_bios_refused, >, 150);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pit_core_init ();   /* also keeps libvirt's refusals off stderr */

  g_test_add_func ("/tune/corpus/valid", test_valid);
  g_test_add_func ("/tune/corpus/latency", test_latency);
  g_test_add_func ("/tune/corpus/invalid", test_invalid);
  g_test_add_func ("/tune/corpus/display", test_display);
  g_test_add_func ("/tune/corpus/windows11", test_windows11);

  return g_test_run ();
}

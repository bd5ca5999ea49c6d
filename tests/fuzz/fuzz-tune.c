/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-change-bridge.h"
#include "pit-change-cpu.h"
#include "pit-change-disk-stage.h"
#include "pit-change-hide-hypervisor.h"
#include "pit-change-hugepages.h"
#include "pit-change-pinning.h"
#include "pit-change-virtio-nic.h"
#include "pit-domain-schema.h"
#include "pit-error.h"
#include "pit-fuzz.h"
#include "pit-tune-plan.h"
#include "pit-xml.h"

/* The whole tuning pipeline on arbitrary domain XML: byte 0 chooses which
 * changes the plan holds (one bit each), the rest is the domain.  On every
 * input: a result or a PIT_ERROR, never a crash or a leak; a result's XML
 * parses, and running the plan again on it changes nothing (applying twice
 * is applying once); and from a schema-valid domain no change may produce
 * XML that libvirt's schema refuses.  Seeds: ../shared/corpus's valid
 * domains with every change chosen, written into the target's own corpus
 * folder at start-up (PITSTOP_FUZZ_SEED_DIR). */

/* ../shared/corpus/libvirt-domains/valid/NAME.xml → SEED_DIR/tune-NAME.xml
 * with every change chosen */
static void
write_seeds (void)
{
  const char *corpus = g_getenv ("PITSTOP_CORPUS_DIR");
  const char *seed_dir = g_getenv ("PITSTOP_FUZZ_SEED_DIR");
  g_autofree char *valid = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (corpus == NULL || seed_dir == NULL)
    return;
  valid = g_build_filename (corpus, "libvirt-domains", "valid", NULL);
  dir = g_dir_open (valid, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (valid, name, NULL);
      g_autofree char *file = g_strconcat ("tune-", name, NULL);
      g_autofree char *out = g_build_filename (seed_dir, file, NULL);
      g_autofree char *xml = NULL;
      g_autofree char *seed = NULL;

      if (g_str_has_suffix (name, ".xml") && g_file_get_contents (path, &xml, NULL, NULL))
        {
          seed = g_strconcat ("\x7f", xml, NULL);
          g_file_set_contents (out, seed, -1, NULL);
        }
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  write_seeds ();
  return 0;
}

static PitTunePlan *
make_plan (guint8 mask)
{
  PitTunePlan *plan = pit_tune_plan_new ();
  PitChangeCpuOptions cpu = { .sockets = 1, .cores = 2, .threads = 2, .vcpus = 4, .current = 2 };
  PitChangeHideHypervisorOptions hide = { NULL };
  PitChangeVirtioNicOptions nic = { NULL };
  PitChangeBridgeOptions bridge = { "br0", NULL };
  PitChangeHugepagesOptions pages = { 2048 };
  PitVcpuPin pins[] = { { 0, "2" }, { 1, "3" } };
  PitChangePinningOptions pinning = { .pins = pins, .n_pins = G_N_ELEMENTS (pins), .emulator = "0-1" };
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, "/var/lib/libvirt/images/dummy.qcow2", 0 };

  if (mask & 1 << 0)
    pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  if (mask & 1 << 1)
    pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
  if (mask & 1 << 2)
    pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));
  if (mask & 1 << 3)
    pit_tune_plan_add (plan, pit_change_bridge_step (&bridge));
  if (mask & 1 << 4)
    pit_tune_plan_add (plan, pit_change_hugepages_step (&pages));
  if (mask & 1 << 5)
    pit_tune_plan_add (plan, pit_change_pinning_step (&pinning));
  if (mask & 1 << 6)
    pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
  pit_tune_plan_set_check_files (plan, FALSE);

  return plan;
}

static gboolean
schema_valid (const char *xml)
{
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, NULL);

  return doc != NULL && pit_domain_schema_validate (doc, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PitTunePlan) plan = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitTuneResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  if (size < 1)
    return 0;
  plan = make_plan (data[0]);
  xml = pit_fuzz_string (data + 1, size - 1);

  result = pit_tune_plan_run (plan, xml, NULL, &error);
  if (result == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PIT_ERROR);
      if (g_str_has_prefix (error->message, "These changes would make XML libvirt refuses")
          && schema_valid (xml))
        g_error ("a change made schema-valid XML invalid: %s", error->message);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (result->after_xml);
  g_assert_true (result->changed == (result->diff != NULL && *result->diff != '\0'));

  /* twice is once */
  again = pit_tune_plan_run (plan, result->after_xml, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  if (again->changed)
    g_error ("applying the plan again changed the XML:\n%s", again->diff);

  return 0;
}

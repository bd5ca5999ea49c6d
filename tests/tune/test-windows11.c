/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pit-change-gpu.h"
#include "pit-change-secure-boot.h"
#include "pit-change-tpm.h"
#include "pit-error.h"
#include "pit-host-inventory.h"
#include "pit-host-partition-table.h"
#include "pit-host-reader.h"
#include "pit-test-support.h"
#include "pit-xml.h"
#include "tune-test.h"

/* Windows 11's TPM 2.0 and Secure Boot (issue #18): golden XML, idempotent
 * and schema-valid (tune_test_check_golden()), what is kept, and the guest
 * installed in BIOS mode that must not be switched to UEFI, decided by its
 * XML and, where the disk is readable, by its partition table (MBR and GPT
 * disk images made here, under a host root of their own). */

#define WIN10_DISK "/dev/zvol/hddpool/win10"

static PitTunePlan *
tpm_plan (void)
{
  PitChangeTpmOptions tpm = { FALSE };

  return tune_test_plan_of (pit_change_tpm_step (&tpm));
}

static PitTunePlan *
secure_boot_plan (void)
{
  PitChangeSecureBootOptions secure_boot = { FALSE };

  return tune_test_plan_of (pit_change_secure_boot_step (&secure_boot));
}

/* The fixture with @from replaced by @to (once) */
static char *
fixture_with (const char *name,
              const char *from,
              const char *to)
{
  g_autofree char *xml = tune_test_read_fixture (name);
  const char *at = strstr (xml, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - xml), xml, to, at + strlen (from));
}

static void
assert_warning (PitTuneResult *result,
                const char    *part)
{
  for (guint i = 0; i < result->warnings->len; i++)
    if (strstr (g_ptr_array_index (result->warnings, i), part) != NULL)
      return;
  g_error ("no warning says “%s” (%u warnings)", part, result->warnings->len);
}

static void
test_tpm (void)
{
  g_autoptr(PitTunePlan) plan = tpm_plan ();
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-tpm.xml");

  g_assert_nonnull (strstr (result->diff, "+    <tpm model=\"tpm-crb\">\n"
                                          "+      <backend type=\"emulator\" version=\"2.0\"/>\n"
                                          "+    </tpm>\n"));
  /* nothing else changed: three lines added */
  g_assert_cmpuint (result->warnings->len, ==, 0);
}

/* A TPM the guest has stays, with a note when it is not what Windows 11 needs */
static void
test_tpm_kept (void)
{
  static const struct
  {
    const char *tpm;
    const char *note;
  } cases[] = {
    { "<tpm model='tpm-crb'>\n      <backend type='emulator' version='2.0'/>\n    </tpm>", NULL },
    { "<tpm model='tpm-tis'>\n      <backend type='emulator' version='2.0'/>\n    </tpm>", "of model tpm-tis; it is kept" },
    { "<tpm model='tpm-tis'>\n      <backend type='emulator' version='1.2'/>\n    </tpm>", "Windows 11 needs 2.0" },
    { "<tpm model='tpm-crb'>\n      <backend type='passthrough'>\n        <device path='/dev/tpm0'/>\n"
      "      </backend>\n    </tpm>", "the host’s own TPM (passthrough); it is kept" },
  };
  g_autoptr(PitTunePlan) plan = tpm_plan ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = fixture_with ("win11.xml",
                                           "<tpm model='tpm-crb'>\n      <backend type='emulator' version='2.0'/>\n    </tpm>",
                                           cases[i].tpm);
      g_autoptr(PitTuneResult) result = tune_test_run (plan, xml);

      g_assert_false (result->changed);
      if (cases[i].note == NULL)
        g_assert_cmpuint (result->warnings->len, ==, 0);
      else
        {
          g_assert_cmpuint (result->warnings->len, ==, 1);
          assert_warning (result, cases[i].note);
        }
    }
}

static void
test_tpm_refused (void)
{
  g_autoptr(PitTunePlan) plan = tpm_plan ();
  g_autofree char *lxc = fixture_with ("fedora-server.xml", "type='kvm'", "type='lxc'");
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTuneResult) result = NULL;

  tune_test_expect_error (plan, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED,
                          "only works on x86 guests; this guest is aarch64");
  result = pit_tune_plan_run (plan, lxc, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
}

/* Plain OVMF as an explicit loader: auto-selection with Secure Boot and
 * Microsoft's keys, SMM on, the variables file kept, its template gone */
static void
test_secure_boot_uefi (void)
{
  g_autoptr(PitTunePlan) plan = secure_boot_plan ();
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win11-ovmf.xml", "win11-ovmf-secure-boot.xml");

  g_assert_nonnull (strstr (result->after_xml, "<os firmware=\"efi\">"));
  g_assert_nonnull (strstr (result->after_xml, "<feature enabled=\"yes\" name=\"secure-boot\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<feature enabled=\"yes\" name=\"enrolled-keys\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<smm state=\"on\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<nvram>/var/lib/libvirt/qemu/nvram/win11-ovmf_VARS.fd</nvram>"));
  g_assert_null (strstr (result->after_xml, "OVMF_CODE_4M.fd"));
  assert_warning (result, "virsh start --reset-nvram win11-ovmf");
  assert_warning (result, "/usr/share/OVMF/OVMF_CODE_4M.fd gives way");
}

/* firmware='efi' with Secure Boot off: both features turned on */
static void
test_secure_boot_features_off (void)
{
  g_autoptr(PitTunePlan) plan = secure_boot_plan ();
  g_autofree char *xml = fixture_with ("win11.xml",
                                       "<feature enabled='yes' name='secure-boot'/>\n"
                                       "      <feature enabled='yes' name='enrolled-keys'/>",
                                       "<feature enabled='no' name='secure-boot'/>");
  g_autoptr(PitTuneResult) result = tune_test_run (plan, xml);

  g_assert_true (result->changed);
  g_assert_nonnull (strstr (result->after_xml, "<firmware>\n      <feature enabled=\"yes\" name=\"secure-boot\"/>\n"
                                               "      <feature enabled=\"yes\" name=\"enrolled-keys\"/>\n    </firmware>"));
  tune_test_assert_idempotent (plan, result);
}

/* Already on: nothing changes; an explicit Secure Boot loader is kept, and said so */
static void
test_secure_boot_already (void)
{
  g_autoptr(PitTunePlan) plan = secure_boot_plan ();
  g_autofree char *xml = tune_test_read_fixture ("win11.xml");
  g_autofree char *explicit = fixture_with ("win11-ovmf.xml", "OVMF_CODE_4M.fd", "OVMF_CODE_4M.secboot.fd");
  g_autoptr(PitTuneResult) result = tune_test_run (plan, xml);
  g_autoptr(PitTuneResult) kept = tune_test_run (plan, explicit);

  g_assert_false (result->changed);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_assert_false (kept->changed);
  assert_warning (kept, "already starts with a Secure Boot firmware (/usr/share/OVMF/OVMF_CODE_4M.secboot.fd)");
}

/* A disk image under a host root of its own: the guest's boot disk */
typedef struct
{
  char *root;
  PitHostInventory *host;
} DiskRoot;

static void
make_disk (DiskRoot          *disk,
           PitPartitionTable  table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  disk->root = g_dir_make_tmp ("pitstop-disk-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (disk->root, WIN10_DISK, NULL);
  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  pit_test_write_disk (path, table);
  disk->host = pit_host_inventory_new (PIT_HOST_SOURCE_LOCAL, disk->root);
}

static void
remove_disk (DiskRoot *disk)
{
  g_autofree char *path = g_build_filename (disk->root, WIN10_DISK, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  /* /dev/zvol/hddpool, /dev/zvol, /dev */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *parent = g_path_get_dirname (dir);

      g_rmdir (dir);
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
  g_rmdir (disk->root);
  g_free (disk->root);
  pit_host_inventory_unref (disk->host);
}

/* BIOS per the XML: refused with MBR2GPT's advice when the disk is MBR or
 * unreadable, switched when it is GPT already or blank */
static void
test_secure_boot_bios (void)
{
  g_autoptr(PitTunePlan) plan = secure_boot_plan ();
  g_autofree char *win10 = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTuneResult) refused = NULL;
  g_autoptr(xmlDoc) doc = pit_xml_parse (win10, NULL);
  DiskRoot disk;

  g_assert_cmpint (pit_guest_firmware_from_xml (xmlDocGetRootElement (doc)), ==, PIT_GUEST_FIRMWARE_BIOS);
  /* no host: the disk cannot be read */
  tune_test_expect_error (plan, "win10-gaming.xml", PIT_ERROR_UNSUPPORTED, "mbr2gpt /convert /allowFullOS");
  tune_test_expect_error (plan, "win10-gaming.xml", PIT_ERROR_UNSUPPORTED, "cannot be read here");

  make_disk (&disk, PIT_PARTITION_TABLE_MBR);
  pit_tune_plan_set_host (plan, disk.host);
  refused = pit_tune_plan_run (plan, win10, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "installed in BIOS mode: its boot disk (" WIN10_DISK ") has an MBR"));
  g_assert_nonnull (strstr (error->message, "mbr2gpt /convert /allowFullOS"));
  pit_tune_plan_set_host (plan, NULL);
  remove_disk (&disk);

  make_disk (&disk, PIT_PARTITION_TABLE_GPT);
  pit_tune_plan_set_host (plan, disk.host);
  {
    g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-secure-boot-gpt.xml");

    assert_warning (result, "as after Windows’ MBR2GPT");
    g_assert_nonnull (strstr (result->after_xml, "<os firmware=\"efi\">"));
  }
  pit_tune_plan_set_host (plan, NULL);
  remove_disk (&disk);

  make_disk (&disk, PIT_PARTITION_TABLE_NONE);
  pit_tune_plan_set_host (plan, disk.host);
  {
    g_autoptr(PitTuneResult) result = tune_test_run (plan, win10);

    g_assert_true (result->changed);
    assert_warning (result, "is blank");
  }
  pit_tune_plan_set_host (plan, NULL);
  remove_disk (&disk);
}

static void
test_secure_boot_refused (void)
{
  g_autoptr(PitTunePlan) plan = secure_boot_plan ();
  g_autofree char *i440fx = fixture_with ("win11-ovmf.xml", "pc-q35-7.2", "pc-i440fx-7.2");
  g_autofree char *seabios = fixture_with ("win10-gaming.xml", "<boot dev='hd'/>",
                                           "<loader readonly='yes' type='rom'>/usr/share/seabios/bios-256k.bin</loader>\n"
                                           "    <boot dev='hd'/>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bios_error = NULL;
  g_autoptr(PitTuneResult) result = NULL;

  tune_test_expect_error (plan, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED,
                          "only works on x86 guests; this guest is aarch64");
  result = pit_tune_plan_run (plan, i440fx, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "needs the Q35 machine type; this guest is pc-i440fx-7.2"));
  result = pit_tune_plan_run (plan, seabios, NULL, &bios_error);
  g_assert_null (result);
  g_assert_error (bios_error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (bios_error->message, "BIOS firmware of its own (/usr/share/seabios/bios-256k.bin)"));
}

/* The first sector of a disk, as the check reads it */
static void
test_partition_table (void)
{
  guint8 sector[512] = { 0 };

  g_assert_cmpint (pit_host_partition_table_parse (sector, 100), ==, PIT_PARTITION_TABLE_UNKNOWN);
  g_assert_cmpint (pit_host_partition_table_parse (sector, sizeof sector), ==, PIT_PARTITION_TABLE_NONE);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  sector[446 + 4] = 0x07;
  g_assert_cmpint (pit_host_partition_table_parse (sector, sizeof sector), ==, PIT_PARTITION_TABLE_MBR);
  sector[446 + 16 + 4] = 0xee;
  g_assert_cmpint (pit_host_partition_table_parse (sector, sizeof sector), ==, PIT_PARTITION_TABLE_GPT);
  /* a qcow2 image is not the disk it holds */
  memcpy (sector, "QFI\xfb", 4);
  g_assert_cmpint (pit_host_partition_table_parse (sector, sizeof sector), ==, PIT_PARTITION_TABLE_UNKNOWN);
  g_assert_cmpstr (pit_partition_table_to_string (PIT_PARTITION_TABLE_GPT), ==, "gpt");
}

/* qcow2 images (virt-manager's default) are read through their first
 * cluster: made with qemu-img from raw MBR and GPT images, and blank */
static void
test_partition_table_qcow2 (void)
{
  static const struct
  {
    PitPartitionTable table;
    const char *name;
  } cases[] = {
    { PIT_PARTITION_TABLE_MBR, "mbr" },
    { PIT_PARTITION_TABLE_GPT, "gpt" },
    { PIT_PARTITION_TABLE_NONE, "blank" },
  };
  g_autofree char *qemu_img = g_find_program_in_path ("qemu-img");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(PitHostReader) reader = NULL;

  if (qemu_img == NULL)
    {
      g_test_skip ("qemu-img is not installed (qemu-utils)");
      return;
    }
  dir = g_dir_make_tmp ("pitstop-qcow2-XXXXXX", &error);
  g_assert_no_error (error);
  reader = pit_host_reader_new (dir);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw_name = g_strdup_printf ("%s.raw", cases[i].name);
      g_autofree char *qcow2_name = g_strdup_printf ("%s.qcow2", cases[i].name);
      g_autofree char *raw = g_build_filename (dir, raw_name, NULL);
      g_autofree char *qcow2 = g_build_filename (dir, qcow2_name, NULL);
      g_autofree char *host_path = g_strconcat ("/", qcow2_name, NULL);
      g_autofree guint8 *data = g_malloc0 (1024 * 1024);
      const char *argv[] = { qemu_img, "convert", "-q", "-f", "raw", "-O", "qcow2", raw, qcow2, NULL };
      int status = -1;

      if (cases[i].table != PIT_PARTITION_TABLE_NONE)
        {
          data[446 + 4] = cases[i].table == PIT_PARTITION_TABLE_GPT ? 0xee : 0x07;
          data[510] = 0x55;
          data[511] = 0xaa;
        }
      g_file_set_contents (raw, (const char *) data, 1024 * 1024, &error);
      g_assert_no_error (error);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpint (pit_host_partition_table_probe (reader, host_path), ==, cases[i].table);
      /* and the raw image, for comparison */
      {
        g_autofree char *raw_path = g_strconcat ("/", raw_name, NULL);

        g_assert_cmpint (pit_host_partition_table_probe (reader, raw_path), ==, cases[i].table);
      }
      g_unlink (raw);
      g_unlink (qcow2);
    }
  g_rmdir (dir);
}

/* The GPU change itself refuses a ROM path libvirt could not read */
static void
test_rom_file (void)
{
  const char *addresses[] = { "0000:04:00.0", NULL };
  PitChangeGpuOptions relative = { addresses, TRUE, "vbios/gtx1080.rom" };
  PitChangeGpuOptions missing = { addresses, TRUE, "/nonexistent/pitstop/gtx1080.rom" };
  g_autoptr(PitTunePlan) relative_plan = tune_test_plan_of (pit_change_gpu_step (&relative));
  g_autoptr(PitTunePlan) missing_plan = tune_test_plan_of (pit_change_gpu_step (&missing));
  g_autoptr(PitTunePlan) remote_plan = tune_test_plan_of (pit_change_gpu_step (&missing));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) remote = NULL;

  tune_test_expect_error (relative_plan, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT,
                          "“vbios/gtx1080.rom” must be an absolute path");
  pit_tune_plan_set_check_files (missing_plan, TRUE);
  tune_test_expect_error (missing_plan, "win10-gaming.xml", PIT_ERROR_NOT_FOUND,
                          "“/nonexistent/pitstop/gtx1080.rom” does not exist (dump the card’s ROM first");
  /* another machine's files are not checked here */
  remote = tune_test_run (remote_plan, xml);
  g_assert_nonnull (strstr (remote->after_xml, "<rom file=\"/nonexistent/pitstop/gtx1080.rom\"/>"));
}

/* pitstop-cli tune --tpm --secure-boot, as a user runs it */
static void
test_cli (void)
{
  g_autofree char *win10 = pit_test_fixture_path ("tune", "win10-gaming.xml", NULL);
  g_autofree char *ovmf = pit_test_fixture_path ("tune", "win11-ovmf.xml", NULL);
  const char *both[] = { "tune", "--xml", ovmf, "--tpm", "--secure-boot", "--diff", NULL };
  const char *bios[] = { "tune", "--xml", win10, "--tpm", "--secure-boot", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (both, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "+    <tpm model=\"tpm-crb\">\n"));
  g_assert_nonnull (strstr (out, "+  <os firmware=\"efi\">\n"));
  g_assert_nonnull (strstr (err, "virsh start --reset-nvram win11-ovmf"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* a guest installed in BIOS mode: nothing printed, the reason and MBR2GPT */
  g_assert_cmpint (pit_test_run_cli (bios, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "mbr2gpt /convert /allowFullOS"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pit_core_init ();

  g_test_add_func ("/tune/windows11/tpm", test_tpm);
  g_test_add_func ("/tune/windows11/tpm-kept", test_tpm_kept);
  g_test_add_func ("/tune/windows11/tpm-refused", test_tpm_refused);
  g_test_add_func ("/tune/windows11/secure-boot-uefi", test_secure_boot_uefi);
  g_test_add_func ("/tune/windows11/secure-boot-features-off", test_secure_boot_features_off);
  g_test_add_func ("/tune/windows11/secure-boot-already", test_secure_boot_already);
  g_test_add_func ("/tune/windows11/secure-boot-bios", test_secure_boot_bios);
  g_test_add_func ("/tune/windows11/secure-boot-refused", test_secure_boot_refused);
  g_test_add_func ("/tune/windows11/partition-table", test_partition_table);
  g_test_add_func ("/tune/windows11/partition-table-qcow2", test_partition_table_qcow2);
  g_test_add_func ("/tune/windows11/rom-file", test_rom_file);
  g_test_add_func ("/tune/windows11/cli", test_cli);

  return g_test_run ();
}

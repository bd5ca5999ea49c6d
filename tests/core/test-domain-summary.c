/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-domain-summary.h"
#include "pit-error.h"
#include "pit-test-support.h"

static void
test_win10_gaming (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitDomain *domain = pit_connection_find_domain (connection, "win10-gaming");
  PitDomainSummary *summary = pit_domain_get_summary (domain);
  PitDiskInfo *disk;
  PitNicInfo *nic;
  g_autofree char *topology = NULL;

  g_assert_cmpstr (summary->hypervisor, ==, "kvm");
  g_assert_cmpstr (summary->os_type, ==, "hvm");
  g_assert_cmpstr (summary->arch, ==, "x86_64");
  g_assert_cmpstr (summary->machine, ==, "pc-q35-5.1");
  g_assert_cmpstr (summary->cpu_mode, ==, "host-model");
  g_assert_cmpuint (summary->sockets, ==, 8);
  g_assert_cmpuint (summary->cores, ==, 1);
  g_assert_cmpuint (summary->threads, ==, 1);
  topology = pit_domain_summary_format_topology (summary);
  g_assert_cmpstr (topology, ==, "8 sockets × 1 core × 1 thread");

  g_assert_cmpuint (summary->disks->len, ==, 2);
  disk = g_ptr_array_index (summary->disks, 0);
  g_assert_cmpstr (disk->device, ==, "disk");
  g_assert_cmpstr (disk->source, ==, "/dev/zvol/hddpool/win10");
  g_assert_cmpstr (disk->bus, ==, "sata");
  g_assert_cmpstr (disk->target, ==, "sda");
  g_assert_null (disk->cache);
  disk = g_ptr_array_index (summary->disks, 1);
  g_assert_cmpstr (disk->device, ==, "cdrom");

  g_assert_cmpuint (summary->nics->len, ==, 1);
  nic = g_ptr_array_index (summary->nics, 0);
  g_assert_cmpstr (nic->type, ==, "network");
  g_assert_cmpstr (nic->source, ==, "default");
  g_assert_cmpstr (nic->model, ==, "e1000e");
  g_assert_cmpstr (nic->mac, ==, "52:54:00:6b:3c:58");

  g_assert_cmpuint (summary->hostdevs->len, ==, 0);
}

static void
test_units_and_hostdevs (void)
{
  const char *xml =
    "<domain type='kvm'><name>t</name><memory unit='GiB'>8</memory>"
    "<currentMemory unit='MiB'>4096</currentMemory><vcpu>4</vcpu>"
    "<os><type>hvm</type></os><devices>"
    "<hostdev mode='subsystem' type='pci' managed='yes'><source>"
    "<address domain='0x0000' bus='0x04' slot='0x00' function='0x1'/></source></hostdev>"
    "<disk type='volume' device='disk'><source pool='tank' volume='win'/>"
    "<target dev='vda' bus='virtio'/><driver name='qemu' cache='none' io='native'/></disk>"
    "</devices></domain>";
  g_autoptr(GError) error = NULL;
  g_autoptr(PitDomainSummary) summary = pit_domain_summary_new_from_xml (xml, &error);
  PitHostdevInfo *dev;
  PitDiskInfo *disk;

  g_assert_no_error (error);
  g_assert_cmpuint (summary->memory_kib, ==, 8 * 1024 * 1024);
  g_assert_cmpuint (summary->current_memory_kib, ==, 4 * 1024 * 1024);
  g_assert_cmpuint (summary->vcpus, ==, 4);
  g_assert_cmpuint (summary->vcpus_current, ==, 4);
  g_assert_null (pit_domain_summary_format_topology (summary));

  dev = g_ptr_array_index (summary->hostdevs, 0);
  g_assert_cmpstr (dev->type, ==, "pci");
  g_assert_cmpstr (dev->address, ==, "0000:04:00.1");
  g_assert_true (dev->managed);

  disk = g_ptr_array_index (summary->disks, 0);
  g_assert_cmpstr (disk->source, ==, "tank/win");
  g_assert_cmpstr (disk->cache, ==, "none");
  g_assert_cmpstr (disk->io, ==, "native");
}

static void
test_unknown_memory_unit (void)
{
  /* libvirt-gconfig's getter hits g_return_val_if_reached() on this (found
   * by fuzz-tune); the summary says "unknown" (0) instead */
  g_autoptr(GError) error = NULL;
  g_autoptr(PitDomainSummary) summary = pit_domain_summary_new_from_xml (
    "<domain type='kvm'><name>t</name><memory unit='Ki'>1048576</memory><vcpu>1</vcpu>"
    "<os><type>hvm</type></os></domain>", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (summary->memory_kib, ==, 0);
}

static void
test_invalid_xml (void)
{
  const char *bad[] = {
    "",
    "<domain",
    "not xml at all",
    "<domain><name>x</name>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitDomainSummary) summary = pit_domain_summary_new_from_xml (bad[i], &error);

      g_assert_null (summary);
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML);
    }
}

static void
test_not_a_domain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitDomainSummary) summary = pit_domain_summary_new_from_xml ("<network><name>x</name></network>", &error);

  g_assert_null (summary);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML);
}

static void
test_corpus_never_crashes (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint parsed = 0;

  if (pit_test_skip_without_corpus ())
    return;

  dir = pit_test_corpus_path ("libvirt-domains", "valid", NULL);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *xml = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PitDomainSummary) summary = NULL;

      g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
      summary = pit_domain_summary_new_from_xml (xml, &error);
      g_assert_no_error (error);
      g_assert_nonnull (summary->name);
      g_assert_cmpuint (summary->vcpus_current, <=, summary->vcpus);
      parsed++;
    }
  g_assert_cmpuint (parsed, >, 400);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain-summary/win10-gaming", test_win10_gaming);
  g_test_add_func ("/domain-summary/units-and-hostdevs", test_units_and_hostdevs);
  g_test_add_func ("/domain-summary/invalid-xml", test_invalid_xml);
  g_test_add_func ("/domain-summary/unknown-memory-unit", test_unknown_memory_unit);
  g_test_add_func ("/domain-summary/not-a-domain", test_not_a_domain);
  g_test_add_func ("/domain-summary/corpus", test_corpus_never_crashes);

  return g_test_run ();
}

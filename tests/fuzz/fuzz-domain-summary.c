/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-domain-summary.h"
#include "pit-error.h"
#include "pit-fuzz.h"

/* pit_domain_summary_new_from_xml() on arbitrary domain XML (what any
 * libvirt, any version, any hand-edited guest may hand us): a summary or a
 * PIT_ERROR, never a crash, a leak or undefined behaviour. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *xml = pit_fuzz_string (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PitDomainSummary) summary = pit_domain_summary_new_from_xml (xml, &error);
  g_autofree char *topology = NULL;

  if (summary == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PIT_ERROR);
      return 0;
    }
  g_assert_no_error (error);

  topology = pit_domain_summary_format_topology (summary);
  g_assert_nonnull (summary->disks);
  g_assert_nonnull (summary->nics);
  g_assert_nonnull (summary->hostdevs);
  /* a shared summary outlives its first owner */
  pit_domain_summary_unref (pit_domain_summary_ref (summary));

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-change-evdev.h"
#include "pit-change-looking-glass.h"
#include "pit-change-sound.h"
#include "pit-integration.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-xml.h"

/* Looking Glass's shared memory and the sound card on a real QEMU guest
 * (TCG, SeaBIOS, no OS): libvirt defines what the engine wrote, QEMU starts
 * with the ivshmem-plain device of the computed size (the file libvirt
 * makes for it in /dev/shm has that size), the HDA card plays through
 * SPICE, the balloon is gone; undo gives back the exact XML. */

#define GUEST PIT_INTEGRATION_PREFIX "display"
#define SHM "/dev/shm/looking-glass"

static void
test_looking_glass_and_sound (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *base = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *running = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PitChangeLookingGlassOptions lg = { { 1024, 768, FALSE } };   /* 16 MiB */
  PitChangeEvdevOptions inputs = { NULL, NULL, PIT_GRAB_TOGGLE_CTRL_CTRL, TRUE };
  PitChangeSoundOptions sound = { PIT_SOUND_SPICE, NULL };
  GStatBuf st;
  PitDomain *domain;

  if (pit_integration_skip ())
    return;

  pit_integration_remove_domain (GUEST);
  g_remove (SHM);
  /* the test guest, with a SPICE display for the sound to play through (on a
   * UNIX socket: the namespace has no network for a TCP one) */
  base = pit_integration_domain_xml (GUEST, 128);
  {
    g_auto(GStrv) parts = g_strsplit (base, "    <serial type='pty'/>\n", 2);

    g_assert_nonnull (parts[1]);
    xml = g_strconcat (parts[0], "    <serial type='pty'/>\n    <graphics type='spice'>\n"
                       "      <listen type='socket'/>\n    </graphics>\n", parts[1], NULL);
  }
  file = pit_integration_write_xml (GUEST, xml);
  g_free (pit_integration_virsh ("define", file, NULL));
  before = pit_integration_virsh ("dumpxml", "--inactive", GUEST, NULL);

  connection = pit_integration_open ();
  domain = pit_connection_find_domain (connection, GUEST);
  g_assert_nonnull (domain);

  pit_tune_plan_add (plan, pit_change_looking_glass_step (&lg));
  pit_tune_plan_add (plan, pit_change_evdev_step (&inputs));
  pit_tune_plan_add (plan, pit_change_sound_step (&sound));
  result = pit_tune_apply (pit_domain_get_handle (domain), plan, PIT_TUNE_APPLY_LIVE, &error);
  g_assert_no_error (error);
  g_assert_true (result->changed);

  g_free (pit_integration_virsh ("start", GUEST, NULL));
  running = pit_integration_virsh ("dumpxml", GUEST, NULL);
  pit_integration_assert_xpath (running, "string(devices/shmem[@name='looking-glass']/model/@type)", "ivshmem-plain");
  pit_integration_assert_xpath (running, "string(devices/shmem[@name='looking-glass']/size)", "16");
  pit_integration_assert_xpath (running, "string(devices/memballoon/@model)", "none");
  pit_integration_assert_xpath (running, "string(devices/sound/@model)", "ich9");
  pit_integration_assert_xpath (running, "string(devices/audio[@id=../sound/audio/@id]/@type)", "spice");
  pit_integration_assert_xpath (running, "string(devices/input[@type='keyboard'][@bus='virtio']/@type)", "keyboard");
  /* QEMU maps the shared memory Looking Glass reads */
  g_assert_cmpint (g_stat (SHM, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 16 * 1024 * 1024);
  g_test_message ("%s: %lld bytes", SHM, (long long) st.st_size);

  g_free (pit_integration_virsh ("destroy", GUEST, NULL));
  saved = pit_tune_restore (pit_domain_get_handle (pit_connection_find_domain (connection, GUEST)),
                            result->history_id, &error);
  g_assert_no_error (error);
  restored = pit_integration_virsh ("dumpxml", "--inactive", GUEST, NULL);
  g_assert_cmpstr (restored, ==, before);

  pit_integration_remove_domain (GUEST);
  g_remove (SHM);
}

int
main (int    argc,
      char **argv)
{
  pit_integration_init (&argc, &argv);

  g_test_add_func ("/integration/display/looking-glass-and-sound", test_looking_glass_and_sound);

  return g_test_run ();
}

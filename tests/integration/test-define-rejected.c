/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libvirt/virterror.h>

#include "pit-integration.h"
#include "pit-test-support.h"

/* A definition libvirt rejects leaves the guest as it was: in libvirt, and
 * in what Pitstop shows.  (The tuning engine's apply is tested the same way
 * once it lands: bad change → clear error, domain and history unchanged.) */

typedef struct
{
  const char *what;
  const char *find;    /* NULL: the guest's UUID */
  const char *replace;
  int code;           /* the virErrorNumber libvirt answers with */
} Rejection;

/* Edits of the guest's own inactive XML that libvirt 9.0 refuses, one per
 * kind of check: the schema (VALIDATE), a semantic check, the identity
 * check, and a device check. */
static const Rejection rejections[] = {
  { "unknown element", "</devices>", "<pitstop-bogus/></devices>", VIR_ERR_XML_INVALID_SCHEMA },
  { "more current than maximum vCPUs", "<vcpu placement='static'>1</vcpu>",
    "<vcpu placement='static' current='4'>2</vcpu>", VIR_ERR_CONFIG_UNSUPPORTED },
  { "same name, another UUID", NULL, "00000000-0000-4000-8000-000000000001", VIR_ERR_OPERATION_FAILED },
  { "two disks on one target", "</devices>",
    "<disk type='file' device='disk'><source file='/nonexistent/pitstop.img'/>"
    "<target dev='vda' bus='virtio'/></disk></devices>", VIR_ERR_XML_ERROR },
};

static char *
inactive_xml (const char *name)
{
  return pit_integration_virsh ("dumpxml", "--inactive", name, NULL);
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

/* Lets any event libvirt might send reach the model. */
static void
settle (void)
{
  pit_test_wait_for (never, NULL, 300);
}

/* Tries every rejected edit on @name and checks nothing changed. */
static void
assert_rejections_change_nothing (PitConnection *connection,
                                  const char    *name,
                                  const char    *domstate)
{
  virConnectPtr conn = pit_integration_connect ();
  g_autofree char *before = inactive_xml (name);
  PitDomain *domain = pit_connection_find_domain (connection, name);
  g_autofree char *model_xml = g_strdup (pit_domain_get_xml (domain));
  PitDomainState model_state = pit_domain_get_state (domain);

  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      const Rejection *r = &rejections[i];
      g_autoptr(GString) bad = g_string_new (before);
      g_autofree char *after = NULL;
      g_autofree char *state = NULL;
      virDomainPtr defined;
      virErrorPtr err;

      g_test_message ("%s: %s", name, r->what);
      if (r->find == NULL)
        {
          g_autofree char *uuid = g_strdup (pit_domain_get_uuid (domain));

          g_assert_cmpuint (g_string_replace (bad, uuid, r->replace, 1), ==, 1);
        }
      else
        g_assert_cmpuint (g_string_replace (bad, r->find, r->replace, 1), ==, 1);

      defined = virDomainDefineXMLFlags (conn, bad->str, VIR_DOMAIN_DEFINE_VALIDATE);
      err = virGetLastError ();
      if (defined != NULL)
        {
          virDomainFree (defined);
          g_error ("libvirt accepted %s", r->what);
        }
      g_assert_nonnull (err);
      g_test_message ("  libvirt: %s", err->message);
      g_assert_cmpint (err->code, ==, r->code);
      g_assert_nonnull (err->message);

      /* libvirt kept the old definition and the guest's state */
      after = inactive_xml (name);
      g_assert_cmpstr (after, ==, before);
      state = pit_integration_virsh ("domstate", name, NULL);
      g_assert_cmpstr (g_strstrip (state), ==, domstate);

      /* and Pitstop shows the same guest as before */
      settle ();
      g_assert_true (pit_connection_find_domain (connection, name) == domain);
      g_assert_cmpstr (pit_domain_get_xml (domain), ==, model_xml);
      g_assert_cmpint (pit_domain_get_state (domain), ==, model_state);
    }

  virConnectClose (conn);
}

static gboolean
has_two_vcpus (gpointer user_data)
{
  return pit_domain_get_vcpus (user_data) == 2;
}

static void
test_rejected_define_shut_off (void)
{
  const char *name = PIT_INTEGRATION_PREFIX "rejected-off";
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GString) good = NULL;
  virConnectPtr conn;
  virDomainPtr defined;
  PitDomain *domain;

  if (pit_integration_skip ())
    return;

  pit_integration_define (name, FALSE);
  connection = pit_integration_open ();
  domain = pit_connection_find_domain (connection, name);
  g_assert_nonnull (domain);
  g_assert_cmpuint (pit_domain_get_vcpus (domain), ==, 1);

  assert_rejections_change_nothing (connection, name, "shut off");

  /* the same path with a definition libvirt accepts does change the guest,
   * and Pitstop follows: the checks above could have seen a change */
  xml = inactive_xml (name);
  good = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (good, "<vcpu placement='static'>1</vcpu>",
                                      "<vcpu placement='static' current='1'>2</vcpu>", 1), ==, 1);
  conn = pit_integration_connect ();
  defined = virDomainDefineXMLFlags (conn, good->str, VIR_DOMAIN_DEFINE_VALIDATE);
  g_assert_nonnull (defined);
  virDomainFree (defined);
  virConnectClose (conn);
  g_assert_true (pit_test_wait_for (has_two_vcpus, domain, PIT_INTEGRATION_EVENT_MS));
  g_assert_cmpuint (pit_domain_get_vcpus_current (domain), ==, 1);

  pit_integration_remove_domain (name);
}

static void
test_rejected_define_running (void)
{
  const char *name = PIT_INTEGRATION_PREFIX "rejected-on";
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *live_before = NULL;
  g_autofree char *live_after = NULL;

  if (pit_integration_skip ())
    return;

  pit_integration_define (name, TRUE);
  connection = pit_integration_open ();
  g_assert_cmpint (pit_domain_get_state (pit_connection_find_domain (connection, name)), ==,
                   PIT_DOMAIN_STATE_RUNNING);
  live_before = pit_integration_virsh ("dumpxml", name, NULL);

  assert_rejections_change_nothing (connection, name, "running");

  live_after = pit_integration_virsh ("dumpxml", name, NULL);
  g_assert_cmpstr (live_after, ==, live_before);

  pit_integration_remove_domain (name);
}

int
main (int    argc,
      char **argv)
{
  pit_integration_init (&argc, &argv);

  g_test_add_func ("/integration/define-rejected/shut-off", test_rejected_define_shut_off);
  g_test_add_func ("/integration/define-rejected/running", test_rejected_define_running);

  return g_test_run ();
}

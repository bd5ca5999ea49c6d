/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-integration.h"

/* What someone does with virsh in a terminal while Pitstop is open shows up
 * in Pitstop's list within a second, from libvirt's events alone. */

static void
assert_domstate (const char *name,
                 const char *expected)
{
  g_autofree char *out = pit_integration_virsh ("domstate", name, NULL);

  g_assert_cmpstr (g_strstrip (out), ==, expected);
}

static void
assert_state_within (PitConnection  *connection,
                     const char     *name,
                     PitDomainState  state,
                     const char     *what)
{
  gint64 elapsed = 0;

  if (!pit_integration_wait_state (connection, name, state, PIT_INTEGRATION_EVENT_MS, &elapsed))
    {
      PitDomain *domain = pit_connection_find_domain (connection, name);

      g_error ("after “virsh %s”, %s is %s in the model, not %s, after %d ms", what, name,
               domain ? pit_domain_state_to_string (pit_domain_get_state (domain)) : "missing",
               pit_domain_state_to_string (state), PIT_INTEGRATION_EVENT_MS);
    }
  g_test_message ("virsh %s: the model followed in %" G_GINT64_FORMAT " ms", what, elapsed);
}

static void
test_virsh_lifecycle (void)
{
  const char *name = PIT_INTEGRATION_PREFIX "lifecycle";
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  gint64 elapsed = 0;
  PitDomain *domain;

  if (pit_integration_skip ())
    return;

  pit_integration_remove_domain (name);
  connection = pit_integration_open ();
  g_assert_null (pit_connection_find_domain (connection, name));

  xml = pit_integration_domain_xml (name, 128);
  file = pit_integration_write_xml (name, xml);

  out = pit_integration_virsh ("define", file, NULL);
  assert_state_within (connection, name, PIT_DOMAIN_STATE_SHUTOFF, "define");
  domain = pit_connection_find_domain (connection, name);
  g_assert_cmpuint (pit_domain_get_memory_kib (domain), ==, 128 * 1024);
  g_assert_cmpuint (pit_domain_get_vcpus (domain), ==, 1);
  g_assert_cmpstr (pit_domain_get_summary (domain)->hypervisor, ==, "qemu");

  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("start", name, NULL);
  assert_state_within (connection, name, PIT_DOMAIN_STATE_RUNNING, "start");
  assert_domstate (name, "running");
  /* the same object, updated in place (a list row keeps its widget) */
  g_assert_true (pit_connection_find_domain (connection, name) == domain);

  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("suspend", name, NULL);
  assert_state_within (connection, name, PIT_DOMAIN_STATE_PAUSED, "suspend");
  assert_domstate (name, "paused");

  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("resume", name, NULL);
  assert_state_within (connection, name, PIT_DOMAIN_STATE_RUNNING, "resume");
  assert_domstate (name, "running");

  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("destroy", name, NULL);
  assert_state_within (connection, name, PIT_DOMAIN_STATE_SHUTOFF, "destroy");
  assert_domstate (name, "shut off");

  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("undefine", name, NULL);
  g_assert_true (pit_integration_wait_gone (connection, name, PIT_INTEGRATION_EVENT_MS, &elapsed));
  g_test_message ("virsh undefine: the model followed in %" G_GINT64_FORMAT " ms", elapsed);
  g_assert_cmpuint (pit_integration_count_ours (connection), ==, 0);
  g_assert_cmpint (pit_connection_get_status (connection), ==, PIT_CONNECTION_STATUS_CONNECTED);
}

/* A transient guest (virsh create) exists only while it runs: listed when
 * it starts, gone from the list when it stops. */
static void
test_virsh_transient (void)
{
  const char *name = PIT_INTEGRATION_PREFIX "transient";
  g_autoptr(PitConnection) connection = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  gint64 elapsed = 0;

  if (pit_integration_skip ())
    return;

  pit_integration_remove_domain (name);
  connection = pit_integration_open ();
  xml = pit_integration_domain_xml (name, 128);
  file = pit_integration_write_xml (name, xml);

  out = pit_integration_virsh ("create", file, NULL);
  assert_state_within (connection, name, PIT_DOMAIN_STATE_RUNNING, "create");

  g_clear_pointer (&out, g_free);
  out = pit_integration_virsh ("destroy", name, NULL);
  g_assert_true (pit_integration_wait_gone (connection, name, PIT_INTEGRATION_EVENT_MS, &elapsed));
  g_test_message ("virsh destroy (transient): the model followed in %" G_GINT64_FORMAT " ms", elapsed);
}

/* Guests that exist before Pitstop connects are listed, sorted by name,
 * each in its real state. */
static void
test_listed_on_open (void)
{
  const char *names[] = { PIT_INTEGRATION_PREFIX "open-b", PIT_INTEGRATION_PREFIX "open-a" };
  g_autoptr(PitConnection) connection = NULL;
  GListModel *domains;
  gint first = -1;

  if (pit_integration_skip ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *xml = pit_integration_domain_xml (names[i], 128);
      g_autofree char *file = pit_integration_write_xml (names[i], xml);
      g_autofree char *out = NULL;

      pit_integration_remove_domain (names[i]);
      out = pit_integration_virsh ("define", file, NULL);
    }
  g_free (pit_integration_virsh ("start", names[0], NULL));

  connection = pit_integration_open ();
  domains = pit_connection_get_domains (connection);
  g_assert_cmpuint (pit_integration_count_ours (connection), ==, 2);
  g_assert_cmpint (pit_domain_get_state (pit_connection_find_domain (connection, names[0])), ==,
                   PIT_DOMAIN_STATE_RUNNING);
  g_assert_cmpint (pit_domain_get_state (pit_connection_find_domain (connection, names[1])), ==,
                   PIT_DOMAIN_STATE_SHUTOFF);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);

      if (g_strcmp0 (pit_domain_get_name (domain), names[1]) == 0)
        first = i;
      else if (g_strcmp0 (pit_domain_get_name (domain), names[0]) == 0)
        g_assert_cmpint (first, ==, (gint) i - 1);  /* "open-a" right before "open-b" */
    }
  g_assert_cmpint (first, >=, 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    pit_integration_remove_domain (names[i]);
  g_assert_true (pit_integration_wait_gone (connection, names[0], PIT_INTEGRATION_EVENT_MS, NULL));
  g_assert_true (pit_integration_wait_gone (connection, names[1], PIT_INTEGRATION_EVENT_MS, NULL));
}

int
main (int    argc,
      char **argv)
{
  pit_integration_init (&argc, &argv);

  g_test_add_func ("/integration/lifecycle/virsh", test_virsh_lifecycle);
  g_test_add_func ("/integration/lifecycle/transient", test_virsh_transient);
  g_test_add_func ("/integration/lifecycle/listed-on-open", test_listed_on_open);

  return g_test_run ();
}

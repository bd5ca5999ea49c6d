/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-domain-schema.h"
#include "pit-error.h"
#include "pit-gconfig.h"
#include "pit-tune-context.h"
#include "pit-tune-plan.h"
#include "pit-xml-diff.h"
#include "pit-xml.h"

struct _PitTunePlan
{
  GObject parent_instance;

  GPtrArray *steps;      /* PitTuneStep */
  PitHostInventory *host;
  gboolean check_files;
};

G_DEFINE_FINAL_TYPE (PitTunePlan, pit_tune_plan, G_TYPE_OBJECT)

static void
pit_tune_plan_finalize (GObject *object)
{
  PitTunePlan *self = PIT_TUNE_PLAN (object);

  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->host, pit_host_inventory_unref);

  G_OBJECT_CLASS (pit_tune_plan_parent_class)->finalize (object);
}

static void
pit_tune_plan_class_init (PitTunePlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pit_tune_plan_finalize;
}

static void
pit_tune_plan_init (PitTunePlan *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_tune_step_free);
}

PitTunePlan *
pit_tune_plan_new (void)
{
  return g_object_new (PIT_TYPE_TUNE_PLAN, NULL);
}

/**
 * pit_tune_plan_add:
 * @step: (transfer full)
 */
void
pit_tune_plan_add (PitTunePlan *self,
                   PitTuneStep *step)
{
  g_return_if_fail (PIT_IS_TUNE_PLAN (self));
  g_return_if_fail (step != NULL);

  g_ptr_array_add (self->steps, step);
}

guint
pit_tune_plan_get_n_steps (PitTunePlan *self)
{
  g_return_val_if_fail (PIT_IS_TUNE_PLAN (self), 0);

  return self->steps->len;
}

PitTuneStep *
pit_tune_plan_get_step (PitTunePlan *self,
                        guint        index)
{
  g_return_val_if_fail (PIT_IS_TUNE_PLAN (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, index);
}

/**
 * pit_tune_plan_set_host:
 * @host: (nullable): what is known about the host the domain runs on
 */
void
pit_tune_plan_set_host (PitTunePlan      *self,
                        PitHostInventory *host)
{
  g_return_if_fail (PIT_IS_TUNE_PLAN (self));

  g_clear_pointer (&self->host, pit_host_inventory_unref);
  self->host = host ? pit_host_inventory_ref (host) : NULL;
}

PitHostInventory *
pit_tune_plan_get_host (PitTunePlan *self)
{
  g_return_val_if_fail (PIT_IS_TUNE_PLAN (self), NULL);

  return self->host;
}

/**
 * pit_tune_plan_set_check_files:
 * Whether paths in the changes (ISO, disk files) are on this machine and
 * must exist.  Off by default: the domain may live on another host.
 */
void
pit_tune_plan_set_check_files (PitTunePlan *self,
                               gboolean     check_files)
{
  g_return_if_fail (PIT_IS_TUNE_PLAN (self));

  self->check_files = !!check_files;
}

static char *
serialize (GVirConfigDomain *domain)
{
  g_autofree char *xml = NULL;

  pit_xml_reindent (pit_xml_object_node (domain));
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (domain));
  return g_strconcat (xml, "\n", NULL);
}

static GVirConfigDomain *
parse_domain (const char  *xml,
              GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  g_autoptr(GError) local_error = NULL;
  GVirConfigDomain *domain;

  /* libvirt-gconfig crashes on an empty string: libxml2 checks first */
  doc = pit_xml_parse (xml, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (g_strcmp0 ((const char *) root->name, "domain") != 0)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML,
                   _("This is not a libvirt domain: the XML starts with <%s>"), root->name);
      return NULL;
    }
  if (!pit_domain_schema_validate (doc, error))
    return NULL;

  domain = gvir_config_domain_new_from_xml (xml, &local_error);
  if (domain == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML,
                   _("The domain XML cannot be read: %s"), local_error->message);
      return NULL;
    }
  return domain;
}

/**
 * pit_tune_normalize_xml:
 * Returns: @xml laid out as the engine writes it (what the "before" side of
 *   a diff shows), or %NULL with @error when it is not a valid domain.
 */
char *
pit_tune_normalize_xml (const char  *xml,
                        GError     **error)
{
  g_autoptr(GVirConfigDomain) domain = parse_domain (xml, error);

  if (domain == NULL)
    return NULL;
  return serialize (domain);
}

/**
 * pit_tune_plan_run:
 * @xml: a domain's XML
 * @connection: (nullable): the connection the domain lives on, for the
 *   changes that look at other domains or storage pools
 * Applies every change to a copy of @xml.  Nothing is defined and no
 * volume is created here (see pit_tune_apply()).
 * Returns: (transfer full): the result, or %NULL with @error naming the
 *   change that refused.
 */
PitTuneResult *
pit_tune_plan_run (PitTunePlan    *self,
                   const char     *xml,
                   virConnectPtr   connection,
                   GError        **error)
{
  g_autoptr(GVirConfigDomain) domain = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_auto(PitTuneContext) context = { 0 };
  g_autoptr(xmlDoc) check = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label_a = NULL;
  g_autofree char *label_b = NULL;

  g_return_val_if_fail (PIT_IS_TUNE_PLAN (self), NULL);
  g_return_val_if_fail (xml != NULL, NULL);

  domain = parse_domain (xml, error);
  if (domain == NULL)
    return NULL;

  result = pit_tune_result_new ();
  result->original_xml = g_strdup (xml);
  result->before_xml = serialize (domain);

  pit_tune_context_init (&context, domain, self->host, connection);
  context.check_files = self->check_files;
  for (guint i = 0; i < self->steps->len; i++)
    {
      PitTuneStep *step = g_ptr_array_index (self->steps, i);

      if (!pit_tune_step_apply (step, &context, error))
        return NULL;
      g_ptr_array_add (result->descriptions, g_strdup (step->description));
    }

  result->after_xml = serialize (domain);
  result->changed = !g_str_equal (result->before_xml, result->after_xml);

  /* A change must never produce what libvirt would refuse */
  check = pit_xml_parse (result->after_xml, error);
  if (check == NULL)
    return NULL;
  if (!pit_domain_schema_validate (check, &local_error))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED,
                   _("These changes would make XML libvirt refuses: %s"), local_error->message);
      return NULL;
    }

  label_a = g_strdup_printf ("a/%s.xml", gvir_config_domain_get_name (domain));
  label_b = g_strdup_printf ("b/%s.xml", gvir_config_domain_get_name (domain));
  result->diff = pit_xml_diff (result->before_xml, result->after_xml, label_a, label_b);
  g_ptr_array_extend_and_steal (result->warnings, g_steal_pointer (&context.warnings));
  context.warnings = g_ptr_array_new ();
  g_ptr_array_extend_and_steal (result->volumes, g_steal_pointer (&context.volumes));
  context.volumes = g_ptr_array_new ();

  return g_steal_pointer (&result);
}

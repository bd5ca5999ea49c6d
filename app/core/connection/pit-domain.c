/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-domain"

#include "config.h"

#include "pit-domain.h"
#include "pit-libvirt-release.h"

/* One libvirt domain as the app sees it.  Its fields only change in the main
 * thread, through pit_domain_apply_snapshot(), so bindings and list models can
 * follow it with notify signals. */
struct _PitDomain
{
  GObject parent_instance;

  virDomainPtr handle;
  char *uuid;
  char *name;
  PitDomainState state;
  gint64 running_since; /* real time µs; 0 when not seen starting */
  char *xml;
  PitDomainSummary *summary;
  char *collate_key;    /* of the name, made when first asked for */
  guint n_findings;     /* the advisor's, set by whoever ran it */
  gboolean applied;     /* a snapshot was applied (the first read is done) */
};

G_DEFINE_FINAL_TYPE (PitDomain, pit_domain, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_NAME,
  PROP_STATE,
  PROP_VCPUS,
  PROP_VCPUS_CURRENT,
  PROP_MEMORY_KIB,
  PROP_XML,
  PROP_SUMMARY,
  PROP_N_FINDINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pit_domain_finalize (GObject *object)
{
  PitDomain *self = (PitDomain *) object;

  g_clear_pointer (&self->handle, pit_libvirt_release_domain);
  g_free (self->uuid);
  g_free (self->name);
  g_free (self->xml);
  g_clear_pointer (&self->summary, pit_domain_summary_unref);
  g_free (self->collate_key);

  G_OBJECT_CLASS (pit_domain_parent_class)->finalize (object);
}

static void
pit_domain_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PitDomain *self = PIT_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_NAME:
      g_value_set_string (value, pit_domain_get_name (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_VCPUS:
      g_value_set_uint (value, pit_domain_get_vcpus (self));
      break;
    case PROP_VCPUS_CURRENT:
      g_value_set_uint (value, pit_domain_get_vcpus_current (self));
      break;
    case PROP_MEMORY_KIB:
      g_value_set_uint64 (value, pit_domain_get_memory_kib (self));
      break;
    case PROP_XML:
      g_value_set_string (value, self->xml);
      break;
    case PROP_SUMMARY:
      g_value_set_boxed (value, self->summary);
      break;
    case PROP_N_FINDINGS:
      g_value_set_uint (value, self->n_findings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_domain_class_init (PitDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pit_domain_finalize;
  object_class->get_property = pit_domain_get_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PIT_TYPE_DOMAIN_STATE, PIT_DOMAIN_STATE_NOSTATE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VCPUS] =
    g_param_spec_uint ("vcpus", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VCPUS_CURRENT] =
    g_param_spec_uint ("vcpus-current", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMORY_KIB] =
    g_param_spec_uint64 ("memory-kib", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_XML] =
    g_param_spec_string ("xml", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_boxed ("summary", NULL, NULL, PIT_TYPE_DOMAIN_SUMMARY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_FINDINGS] =
    g_param_spec_uint ("n-findings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pit_domain_init (PitDomain *self)
{
}

/**
 * pit_domain_new:
 * @handle: (transfer none): the libvirt domain; a reference is taken
 */
PitDomain *
pit_domain_new (virDomainPtr             handle,
                const PitDomainSnapshot *snapshot)
{
  PitDomain *self;

  g_return_val_if_fail (snapshot != NULL, NULL);

  self = g_object_new (PIT_TYPE_DOMAIN, NULL);
  self->uuid = g_strdup (snapshot->uuid);
  pit_domain_set_handle (self, handle);
  pit_domain_apply_snapshot (self, snapshot);

  return self;
}

virDomainPtr
pit_domain_get_handle (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), NULL);

  return self->handle;
}

/**
 * pit_domain_set_handle:
 * Replaces the libvirt handle, e.g. after the connection was opened again.
 */
void
pit_domain_set_handle (PitDomain    *self,
                       virDomainPtr  handle)
{
  g_return_if_fail (PIT_IS_DOMAIN (self));

  if (handle != NULL)
    virDomainRef (handle);
  g_clear_pointer (&self->handle, pit_libvirt_release_domain);
  self->handle = handle;
}

const char *
pit_domain_get_uuid (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), NULL);

  return self->uuid;
}

const char *
pit_domain_get_name (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), NULL);

  return self->summary ? self->summary->name : self->name;
}

/**
 * pit_domain_get_collate_key:
 * Returns: g_utf8_collate_key() of the name ("" without one): sorting by
 *   name compares these with strcmp() instead of collating the names in
 *   every comparison
 */
const char *
pit_domain_get_collate_key (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), NULL);

  if (self->collate_key == NULL)
    self->collate_key = g_utf8_collate_key (pit_domain_get_name (self) ?: "", -1);

  return self->collate_key;
}

PitDomainState
pit_domain_get_state (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), PIT_DOMAIN_STATE_NOSTATE);

  return self->state;
}

guint
pit_domain_get_vcpus (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), 0);

  return self->summary ? self->summary->vcpus : 0;
}

guint
pit_domain_get_vcpus_current (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), 0);

  return self->summary ? self->summary->vcpus_current : 0;
}

guint64
pit_domain_get_memory_kib (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), 0);

  return self->summary ? self->summary->memory_kib : 0;
}

/**
 * pit_domain_get_running_since:
 * Returns: when this process saw the domain start (g_get_real_time()), or 0
 *   when it was already running at the first read or is not running
 */
gint64
pit_domain_get_running_since (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), 0);

  return self->running_since;
}

/**
 * pit_domain_has_details:
 * Returns: whether the domain's XML was read; a domain only listed so far
 *   (a remote connection lists every domain first) has a name and a state
 *   but no XML, no summary, 0 vCPUs and 0 memory, and notifies "xml" when
 *   they arrive
 */
gboolean
pit_domain_has_details (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), FALSE);

  return self->summary != NULL;
}

const char *
pit_domain_get_xml (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), NULL);

  return self->xml;
}

/**
 * pit_domain_get_summary:
 * Returns: (transfer none) (nullable): what the domain's XML says
 */
PitDomainSummary *
pit_domain_get_summary (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), NULL);

  return self->summary;
}

/**
 * pit_domain_apply_snapshot:
 * Takes over what a worker thread read; notifies only what changed.  A
 * snapshot without details (only listed) changes the name and the state
 * and keeps the XML read before.
 */
void
pit_domain_apply_snapshot (PitDomain               *self,
                           const PitDomainSnapshot *snapshot)
{
  g_autofree char *old_name = NULL;
  guint old_vcpus, old_current;
  guint64 old_memory;

  g_return_if_fail (PIT_IS_DOMAIN (self));
  g_return_if_fail (snapshot != NULL);

  old_name = g_strdup (pit_domain_get_name (self));
  old_vcpus = pit_domain_get_vcpus (self);
  old_current = pit_domain_get_vcpus_current (self);
  old_memory = pit_domain_get_memory_kib (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != snapshot->state)
    {
      /* a start seen by this process (not the first read of a running VM) */
      if (!pit_domain_state_is_active (self->state) && self->applied
          && snapshot->state == PIT_DOMAIN_STATE_RUNNING)
        self->running_since = g_get_real_time ();
      else if (!pit_domain_state_is_active (snapshot->state))
        self->running_since = 0;
      self->state = snapshot->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  self->applied = TRUE;

  if (snapshot->name != NULL && g_strcmp0 (self->name, snapshot->name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (snapshot->name);
    }

  if (pit_domain_snapshot_has_details (snapshot) && g_strcmp0 (self->xml, snapshot->xml) != 0)
    {
      g_free (self->xml);
      self->xml = g_strdup (snapshot->xml);
      g_clear_pointer (&self->summary, pit_domain_summary_unref);
      self->summary = pit_domain_summary_ref (snapshot->summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_XML]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }

  if (g_strcmp0 (old_name, pit_domain_get_name (self)) != 0)
    {
      g_clear_pointer (&self->collate_key, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  if (old_vcpus != pit_domain_get_vcpus (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VCPUS]);
  if (old_current != pit_domain_get_vcpus_current (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VCPUS_CURRENT]);
  if (old_memory != pit_domain_get_memory_kib (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_KIB]);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pit_domain_get_n_findings:
 * Returns: how many things the advisor found holding the VM back
 */
guint
pit_domain_get_n_findings (PitDomain *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN (self), 0);

  return self->n_findings;
}

void
pit_domain_set_n_findings (PitDomain *self,
                           guint      n_findings)
{
  g_return_if_fail (PIT_IS_DOMAIN (self));

  if (self->n_findings == n_findings)
    return;
  self->n_findings = n_findings;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINDINGS]);
}

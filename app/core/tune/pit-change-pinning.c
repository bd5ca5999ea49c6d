/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-change-pinning.h"
#include "pit-error.h"
#include "pit-xml.h"

static const char * const iothreads_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", NULL
};
static const char * const cputune_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
  "iothreadids", "defaultiothread", NULL
};
static const char * const emulatorpin_after[] = { "shares", "period", "quota", "global_period",
  "global_quota", "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
  "vcpupin", NULL };
static const char * const iothreadpin_after[] = { "shares", "period", "quota", "global_period",
  "global_quota", "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
  "vcpupin", "emulatorpin", "iothreadpin", NULL };

static void
pin_clear (gpointer data)
{
  PitVcpuPin *pin = data;

  g_free ((char *) pin->cpuset);
}

GArray *
pit_change_pinning_parse_pins (const char  *text,
                               GError     **error)
{
  g_autoptr(GArray) pins = g_array_new (FALSE, TRUE, sizeof (PitVcpuPin));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GString *cpuset = NULL;
  guint64 vcpu = 0;

  g_array_set_clear_func (pins, pin_clear);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *equals = strchr (parts[i], '=');

      if (equals != NULL)
        {
          g_autofree char *number = g_strndup (parts[i], equals - parts[i]);

          if (cpuset != NULL)
            g_array_append_vals (pins, &(PitVcpuPin) { vcpu, g_string_free (cpuset, FALSE) }, 1);
          if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT, &vcpu, NULL))
            {
              g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Pinning “%s”: “%s” is not a vCPU number"), text, number);
              return NULL;
            }
          cpuset = g_string_new (equals + 1);
        }
      else if (cpuset != NULL)
        g_string_append_printf (cpuset, ",%s", parts[i]);
      else
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("Pinning “%s”: expected VCPU=CPUSET, for example 0=2,1=6"), text);
          return NULL;
        }
    }
  if (cpuset != NULL)
    g_array_append_vals (pins, &(PitVcpuPin) { vcpu, g_string_free (cpuset, FALSE) }, 1);
  if (pins->len == 0)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Pinning “%s”: expected VCPU=CPUSET, for example 0=2,1=6"), text);
      return NULL;
    }
  return g_steal_pointer (&pins);
}

static PitCpuset *
parse_set (PitTuneContext  *context,
           const char      *text,
           GError         **error)
{
  PitHostCpuTopology *cpu = context->host ? pit_host_inventory_get_cpu (context->host) : NULL;

  if (cpu != NULL && cpu->cpus->len > 0)
    {
      PitHostCpu *last = g_ptr_array_index (cpu->cpus, cpu->cpus->len - 1);

      return pit_cpuset_parse (text, last->id + 1, cpu->online, error);
    }
  return pit_cpuset_parse (text, 0, NULL, error);
}

static guint
guest_threads (PitTuneContext *context)
{
  guint64 threads = 1;

  pit_xml_get_uint64 (context->root, "cpu/topology/@threads", &threads);
  return MAX (threads, 1);
}

static xmlNode *
find_pin (xmlNode    *cputune,
          const char *element,
          const char *attribute,
          guint       id)
{
  g_autoptr(GPtrArray) pins = pit_xml_children (cputune, element);

  for (guint i = 0; i < pins->len; i++)
    {
      xmlNode *pin = g_ptr_array_index (pins, i);
      guint64 value;
      g_autofree char *xpath = g_strdup_printf ("@%s", attribute);

      if (pit_xml_get_uint64 (pin, xpath, &value) && value == id)
        return pin;
    }
  return NULL;
}

/* Sets <ELEMENT ATTRIBUTE=ID cpuset=…>, keeping the elements in id order. */
static void
set_pin (xmlNode         *cputune,
         const char      *element,
         const char      *attribute,
         guint            id,
         const PitCpuset *set,
         const char *const *after)
{
  xmlNode *pin = find_pin (cputune, element, attribute, id);
  g_autofree char *cpuset = pit_cpuset_format (set);
  g_autofree char *value = g_strdup_printf ("%u", id);

  if (pin == NULL)
    {
      g_autoptr(GPtrArray) pins = pit_xml_children (cputune, element);
      xmlNode *before = NULL;

      g_autofree char *xpath = g_strdup_printf ("@%s", attribute);

      for (guint i = 0; i < pins->len && before == NULL; i++)
        {
          guint64 other;

          if (pit_xml_get_uint64 (g_ptr_array_index (pins, i), xpath, &other) && other > id)
            before = g_ptr_array_index (pins, i);
        }
      if (before != NULL)
        pin = xmlAddPrevSibling (before, xmlNewDocNode (cputune->doc, NULL, (const xmlChar *) element, NULL));
      else
        pin = pit_xml_insert_child (cputune, element, after);
      pit_xml_set_prop (pin, attribute, value);
    }
  pit_xml_set_prop (pin, "cpuset", cpuset);
}

static const char * const vcpupin_after[] = { "shares", "period", "quota", "global_period",
  "global_quota", "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
  "vcpupin", NULL };

static gboolean
set_iothreads (PitTuneContext  *context,
               guint            count,
               GError         **error)
{
  xmlNode *node = pit_xml_child (context->root, "iothreads");
  guint64 existing = 0;
  g_autofree char *text = g_strdup_printf ("%u", count);

  if (node != NULL)
    pit_xml_get_uint64 (node, ".", &existing);
  if (pit_xml_child (context->root, "iothreadids") != NULL && existing != count)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("This guest numbers its I/O threads in <iothreadids>; change them with virsh"));
      return FALSE;
    }
  if (count < existing)
    {
      g_autoptr(GPtrArray) users = pit_xml_find_nodes (context->root,
                                                       "devices/disk/driver/@iothread | devices/controller/driver/@iothread");

      for (guint i = 0; i < users->len; i++)
        {
          xmlNode *attr = g_ptr_array_index (users, i);
          xmlChar *value = xmlNodeGetContent (attr);
          guint64 id = g_ascii_strtoull ((const char *) value, NULL, 10);

          xmlFree (value);
          if (id > count)
            {
              g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("A device uses I/O thread %u; the guest needs at least that many"),
                           (guint) id);
              return FALSE;
            }
        }
    }
  node = pit_xml_ensure_child (context->root, "iothreads", iothreads_after);
  pit_xml_set_text (node, text);
  return TRUE;
}

static void
pit_change_pinning_describe (const PitChangePinningOptions *options,
                             GPtrArray                     *sentences)
{
  if (options->automatic)
    g_ptr_array_add (sentences, g_strdup (_("Pin every vCPU to its own host core (automatic plan)")));
  else if (options->n_pins > 0)
    g_ptr_array_add (sentences, g_strdup_printf (ngettext ("Pin %u vCPU", "Pin %u vCPUs", options->n_pins),
                                                 options->n_pins));
  if (options->emulator != NULL)
    g_ptr_array_add (sentences, g_strdup (_("Pin the emulator")));
  if (options->iothreads > 0)
    g_ptr_array_add (sentences, g_strdup_printf (ngettext ("Add %u I/O thread", "Add %u I/O threads",
                                                           options->iothreads),
                                                 options->iothreads));
  if (sentences->len == 0)
    g_ptr_array_add (sentences, g_strdup (_("Keep the pinning as it is")));
}

/* libvirt pins vCPUs and the emulator of a running guest; new I/O threads
 * wait for the next boot */
static gboolean
pit_change_pinning_is_live (const PitChangePinningOptions *options)
{
  return options->iothreads == 0;
}

static gboolean
pit_change_pinning_apply (PitTuneContext                 *context,
                          const PitChangePinningOptions  *options,
                          GError                        **error)
{
  g_autoptr(GPtrArray) vcpu_sets = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_cpuset_free);
  g_autoptr(GArray) vcpu_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(PitCpuset) emulator = NULL;
  g_autoptr(PitCpuset) iothread_set = NULL;
  guint max = pit_tune_context_get_max_vcpus (context);
  guint64 iothreads = 0;
  xmlNode *cputune;

  if (options->automatic)
    {
      PitHostCpuTopology *cpu = context->host ? pit_host_inventory_get_cpu (context->host) : NULL;
      g_autoptr(PitPinPlan) plan = NULL;
      PitPinPlanOptions plan_options = { .use_host_core = options->use_host_core };

      if (cpu == NULL || cpu->cpus->len == 0)
        {
          g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                               _("Automatic pinning needs to know the host’s CPUs"));
          return FALSE;
        }
      plan = pit_pin_plan_compute (cpu, max, guest_threads (context), &plan_options, error);
      if (plan == NULL)
        return FALSE;
      for (guint i = 0; i < plan->vcpus->len; i++)
        {
          g_array_append_val (vcpu_ids, i);
          g_ptr_array_add (vcpu_sets, pit_cpuset_copy (g_ptr_array_index (plan->vcpus, i)));
        }
      emulator = pit_cpuset_copy (plan->emulator);
      for (guint i = 0; i < plan->warnings->len; i++)
        pit_tune_context_warn (context, "%s", (const char *) g_ptr_array_index (plan->warnings, i));
    }

  for (guint i = 0; i < options->n_pins; i++)
    {
      const PitVcpuPin *pin = &options->pins[i];
      PitCpuset *set;

      if (pin->vcpu >= max)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       ngettext ("vCPU %u does not exist: the guest has %u vCPU (0)",
                                 "vCPU %u does not exist: the guest has %u vCPUs (0–%u)", max),
                       pin->vcpu, max, max - 1);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (options->pins[j].vcpu == pin->vcpu)
          {
            g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                         _("vCPU %u is pinned twice"), pin->vcpu);
            return FALSE;
          }
      set = parse_set (context, pin->cpuset, error);
      if (set == NULL)
        return FALSE;
      g_array_append_val (vcpu_ids, pin->vcpu);
      g_ptr_array_add (vcpu_sets, set);
    }

  if (options->emulator != NULL)
    {
      g_clear_pointer (&emulator, pit_cpuset_free);
      emulator = parse_set (context, options->emulator, error);
      if (emulator == NULL)
        return FALSE;
    }
  if (options->iothread_cpuset != NULL)
    {
      iothread_set = parse_set (context, options->iothread_cpuset, error);
      if (iothread_set == NULL)
        return FALSE;
    }
  else if (emulator != NULL && (options->automatic || options->iothreads > 0))
    iothread_set = pit_cpuset_copy (emulator);   /* I/O threads run beside the emulator */

  if (options->iothreads > 0 && !set_iothreads (context, options->iothreads, error))
    return FALSE;
  pit_xml_get_uint64 (context->root, "iothreads", &iothreads);

  if (vcpu_ids->len == 0 && emulator == NULL && (iothreads == 0 || iothread_set == NULL))
    return TRUE;

  cputune = pit_xml_ensure_child (context->root, "cputune", cputune_after);
  if (options->automatic)
    {
      /* the plan covers every vCPU: pins of a former plan go */
      g_autoptr(GPtrArray) old = pit_xml_children (cputune, "vcpupin");

      for (guint i = 0; i < old->len; i++)
        {
          guint64 id;

          if (pit_xml_get_uint64 (g_ptr_array_index (old, i), "@vcpu", &id) && id >= max)
            pit_xml_remove (g_ptr_array_index (old, i));
        }
    }
  for (guint i = 0; i < vcpu_ids->len; i++)
    set_pin (cputune, "vcpupin", "vcpu", g_array_index (vcpu_ids, guint, i),
             g_ptr_array_index (vcpu_sets, i), vcpupin_after);
  if (emulator != NULL)
    {
      xmlNode *pin = pit_xml_ensure_child (cputune, "emulatorpin", emulatorpin_after);
      g_autofree char *text = pit_cpuset_format (emulator);

      pit_xml_set_prop (pin, "cpuset", text);
    }
  if (iothread_set != NULL)
    {
      /* the I/O threads' ids: <iothreadids> when the guest numbers them */
      g_autoptr(GPtrArray) ids = pit_xml_find_nodes (context->root, "iothreadids/iothread/@id");

      if (ids->len == 0)
        for (guint id = 1; id <= iothreads; id++)
          set_pin (cputune, "iothreadpin", "iothread", id, iothread_set, iothreadpin_after);
      for (guint i = 0; i < ids->len; i++)
        {
          xmlChar *value = xmlNodeGetContent (g_ptr_array_index (ids, i));
          guint64 id = 0;

          if (g_ascii_string_to_unsigned ((const char *) value, 10, 1, G_MAXUINT, &id, NULL))
            set_pin (cputune, "iothreadpin", "iothread", (guint) id, iothread_set, iothreadpin_after);
          xmlFree (value);
        }
    }

  return TRUE;
}

static void
copy_pins (gpointer      data,
           gconstpointer original)
{
  PitChangePinningOptions *copy = data;
  PitVcpuPin *pins = g_new0 (PitVcpuPin, MAX (copy->n_pins, 1));

  for (guint i = 0; i < copy->n_pins; i++)
    {
      pins[i].vcpu = copy->pins[i].vcpu;
      pins[i].cpuset = g_strdup (copy->pins[i].cpuset);
    }
  copy->pins = pins;
}

static void
free_pins (gpointer data)
{
  PitChangePinningOptions *options = data;

  for (guint i = 0; i < options->n_pins; i++)
    g_free ((char *) options->pins[i].cpuset);
  g_free ((PitVcpuPin *) options->pins);
}

PIT_DEFINE_TUNE_CHANGE (PitChangePinning, pit_change_pinning, "pinning",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangePinningOptions, emulator), PIT_TUNE_STRING (PitChangePinningOptions, iothread_cpuset)),
                        .is_live = (PitTuneIsLiveFunc) pit_change_pinning_is_live,
                        .copy = copy_pins, .free = free_pins)

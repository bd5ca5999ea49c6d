/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cpuset.h"
#include "pit-host-cpu.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"

/* Page 4: pinning.  A grid of the host's CPUs, one row per core, showing
 * which vCPU or the emulator runs where; the automatic plan, manual edits by
 * clicking a CPU (it takes the vCPU chosen above the grid), and warnings when
 * a guest core's threads land on different host cores or the vCPUs cross
 * NUMA nodes (data/ui/pit-wizard-pinning-page.ui).  Each CPU's button
 * activates pinning.place with the CPU's number. */
struct _PitWizardPinningPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *unknown_group;
  AdwPreferencesGroup *plan_group;
  AdwPreferencesGroup *cpus_group;
  AdwPreferencesGroup *warnings_group;
  AdwActionRow *warnings_row;
  GtkSwitch *auto_switch;
  GtkSpinButton *vcpu_spin;
  GtkGrid *cpu_grid;

  GPtrArray *cpu_buttons;       /* GtkButton, target: the host CPU */
  char *grid_key;               /* the CPUs the buttons are for */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PitWizardPinningPage, pit_wizard_pinning_page, PIT_TYPE_WIZARD_PAGE)

/* host CPU → what runs there, "vCPU 0, vCPU 1" / "emulator" */
static GPtrArray *
current_pins (PitWizardState  *state,
              char           **emulator)
{
  GPtrArray *pins;

  if (pit_wizard_state_get_pin_auto (state))
    return pit_wizard_state_compute_auto_pins (state, emulator, NULL);

  pins = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < pit_wizard_state_get_pins (state)->len; i++)
    g_ptr_array_add (pins, g_strdup (g_ptr_array_index (pit_wizard_state_get_pins (state), i)));
  *emulator = g_strdup (pit_wizard_state_get_emulator_pin (state));
  return pins;
}

static gboolean
cpuset_has (const char *text,
            guint       cpu)
{
  g_autoptr(PitCpuset) set = text ? pit_cpuset_parse (text, 0, NULL, NULL) : NULL;

  return set != NULL && pit_cpuset_contains (set, cpu);
}

static char *
warnings_for (PitHostCpuTopology *cpu,
              GPtrArray          *pins,
              guint               guest_threads)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int first_node = -2;
  gboolean crosses = FALSE;

  for (guint v = 0; v < pins->len; v++)
    for (guint c = 0; c < cpu->cpus->len; c++)
      {
        PitHostCpu *host_cpu = g_ptr_array_index (cpu->cpus, c);

        if (!cpuset_has (g_ptr_array_index (pins, v), host_cpu->id))
          continue;
        if (first_node == -2)
          first_node = host_cpu->node;
        else if (host_cpu->node != first_node)
          crosses = TRUE;
      }

  /* vCPUs k·t … k·t+t−1 are one guest core: they belong on one host core */
  for (guint v = 0; guest_threads > 1 && v + 1 < pins->len; v += guest_threads)
    {
      int core = -1, socket = -1;

      for (guint t = 0; t < guest_threads && v + t < pins->len; t++)
        for (guint c = 0; c < cpu->cpus->len; c++)
          {
            PitHostCpu *host_cpu = g_ptr_array_index (cpu->cpus, c);

            if (!cpuset_has (g_ptr_array_index (pins, v + t), host_cpu->id))
              continue;
            if (core == -1)
              {
                core = host_cpu->core;
                socket = host_cpu->socket;
              }
            else if (core != host_cpu->core || socket != host_cpu->socket)
              {
                g_string_append_printf (out, _("vCPUs %u–%u are one guest core but run on different host cores: "
                                               "the guest’s scheduler will be wrong about their shared cache. "),
                                        v, v + guest_threads - 1);
                core = -2;
              }
          }
    }
  if (crosses)
    g_string_append (out, _("The vCPUs cross NUMA nodes: memory access gets slower for some of them."));
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
place_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PitWizardPinningPage *self = PIT_WIZARD_PINNING_PAGE (widget);
  PitWizardPage *page = PIT_WIZARD_PAGE (self);
  PitWizardState *state = pit_wizard_page_get_state (page);
  guint cpu = g_variant_get_uint32 (parameter);
  guint vcpu = gtk_spin_button_get_value_as_int (self->vcpu_spin);
  g_autofree char *cpuset = g_strdup_printf ("%u", cpu);
  g_autoptr(GError) error = NULL;

  if (state == NULL)
    return;
  if (pit_wizard_state_get_pin_auto (state))
    pit_wizard_state_set_pin_auto (state, FALSE);
  if (!pit_wizard_state_set_pin (state, vcpu, cpuset, &error))
    {
      pit_wizard_page_set_error (page, error->message);
      return;
    }
  pit_wizard_page_refresh (page);
  /* the next click places the next vCPU */
  gtk_spin_button_set_value (self->vcpu_spin, (vcpu + 1) % MAX (pit_wizard_state_get_vcpus (state), 1));
}

static void
auto_cb (PitWizardPinningPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL || gtk_switch_get_active (self->auto_switch) == pit_wizard_state_get_pin_auto (state))
    return;
  pit_wizard_state_set_pin_auto (state, gtk_switch_get_active (self->auto_switch));
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

/* a button per online host CPU, a row per core: made again only when the
 * host's CPUs differ */
static void
update_grid (PitWizardPinningPage *self,
             PitHostCpuTopology   *cpu)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (guint) * 3);
  guint next_row = 0;
  GtkWidget *child;

  for (guint c = 0; c < cpu->cpus->len; c++)
    {
      PitHostCpu *host_cpu = g_ptr_array_index (cpu->cpus, c);
      guint first = host_cpu->siblings && host_cpu->siblings->len ? g_array_index (host_cpu->siblings, guint, 0) : host_cpu->id;
      guint place[3] = { host_cpu->id, 0, 0 };
      gpointer row;

      if (!host_cpu->online)
        continue;
      if (!g_hash_table_lookup_extended (rows, GUINT_TO_POINTER (first), NULL, &row))
        {
          row = GUINT_TO_POINTER (next_row++);
          g_hash_table_insert (rows, GUINT_TO_POINTER (first), row);
        }
      for (guint s = 0; host_cpu->siblings && s < host_cpu->siblings->len; s++)
        if (g_array_index (host_cpu->siblings, guint, s) == host_cpu->id)
          place[1] = s;
      place[2] = GPOINTER_TO_UINT (row);
      g_array_append_val (places, place);
      g_string_append_printf (key, "%u:%u:%u ", place[0], place[1], place[2]);
    }
  if (g_strcmp0 (key->str, self->grid_key) == 0)
    return;
  g_free (self->grid_key);
  self->grid_key = g_strdup (key->str);

  g_ptr_array_set_size (self->cpu_buttons, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cpu_grid))) != NULL)
    gtk_grid_remove (self->cpu_grid, child);
  for (guint i = 0; i < places->len; i++)
    {
      guint *place = &g_array_index (places, guint, i * 3);
      GtkWidget *button = gtk_button_new ();

      gtk_widget_set_hexpand (button, TRUE);
      gtk_widget_set_tooltip_text (button, _("Put the chosen vCPU here"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pinning.place");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", place[0]);
      gtk_grid_attach (self->cpu_grid, button, place[1], place[2], 1, 1);
      g_ptr_array_add (self->cpu_buttons, button);
    }
}

/* what runs on each CPU: the buttons' labels, changed in place */
static void
update_labels (PitWizardPinningPage *self,
               GPtrArray            *pins,
               const char           *emulator)
{
  for (guint i = 0; i < self->cpu_buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (self->cpu_buttons, i);
      guint cpu = g_variant_get_uint32 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)));
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append_printf (text, _("CPU %u"), cpu);
      for (guint v = 0; v < pins->len; v++)
        if (cpuset_has (g_ptr_array_index (pins, v), cpu))
          {
            g_string_append_c (text, '\n');
            g_string_append_printf (text, _("vCPU %u"), v);
          }
      if (cpuset_has (emulator, cpu))
        g_string_append_printf (text, "\n%s", _("emulator"));
      if (g_strcmp0 (gtk_button_get_label (button), text->str) == 0)
        continue;
      gtk_button_set_label (button, text->str);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
    }
}

static void
refresh (PitWizardPage *page)
{
  PitWizardPinningPage *self = PIT_WIZARD_PINNING_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  PitHostCpuTopology *cpu = host ? pit_host_inventory_get_cpu (host) : NULL;
  g_autofree char *emulator = NULL;
  g_autoptr(GPtrArray) pins = NULL;
  g_autofree char *warnings = NULL;
  guint sockets, cores, threads;

  gtk_widget_set_visible (GTK_WIDGET (self->unknown_group), cpu == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_group), cpu != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->cpus_group), cpu != NULL);
  if (cpu == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), FALSE);
      return;
    }

  self->updating = TRUE;
  pins = current_pins (state, &emulator);
  if (pins == NULL)
    pins = g_ptr_array_new_with_free_func (g_free);
  pit_wizard_state_get_topology (state, &sockets, &cores, &threads);

  if (gtk_switch_get_active (self->auto_switch) != pit_wizard_state_get_pin_auto (state))
    gtk_switch_set_active (self->auto_switch, pit_wizard_state_get_pin_auto (state));
  gtk_spin_button_set_range (self->vcpu_spin, 0, MAX (pit_wizard_state_get_vcpus (state), 1) - 1);
  update_grid (self, cpu);
  update_labels (self, pins, emulator);

  warnings = warnings_for (cpu, pins, threads);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), warnings != NULL);
  if (warnings != NULL)
    pit_wizard_page_update_row (self->warnings_row, warnings, "dialog-warning-symbolic");
  self->updating = FALSE;
}

static void
pit_wizard_pinning_page_dispose (GObject *object)
{
  PitWizardPinningPage *self = PIT_WIZARD_PINNING_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_PINNING_PAGE);
  g_clear_pointer (&self->cpu_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->grid_key, g_free);

  G_OBJECT_CLASS (pit_wizard_pinning_page_parent_class)->dispose (object);
}

static void
pit_wizard_pinning_page_class_init (PitWizardPinningPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_pinning_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-pinning-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, unknown_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, cpus_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, warnings_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, vcpu_spin);
  gtk_widget_class_bind_template_child (widget_class, PitWizardPinningPage, cpu_grid);
  gtk_widget_class_bind_template_callback (widget_class, auto_cb);

  gtk_widget_class_install_action (widget_class, "pinning.place", "u", place_action);
}

static void
pit_wizard_pinning_page_init (PitWizardPinningPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cpu_buttons = g_ptr_array_new ();
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->cpus_group));
}

GtkWidget *
pit_wizard_pinning_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_PINNING_PAGE, "section", PIT_WIZARD_SECTION_PINNING, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cpuset.h"
#include "pit-host-cpu.h"
#include "pit-wizard-pages.h"

/* Page 4: pinning.  A grid of the host's CPUs, one row per core, showing
 * which vCPU or the emulator runs where; the automatic plan, manual edits by
 * clicking a CPU (it takes the vCPU chosen above the grid), and warnings when
 * a guest core's threads land on different host cores or the vCPUs cross
 * NUMA nodes. */
struct _PitWizardPinningPage
{
  PitWizardPage parent_instance;

  GtkSpinButton *vcpu_spin;
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
cpu_clicked_cb (GtkButton            *button,
                PitWizardPinningPage *self)
{
  PitWizardPage *page = PIT_WIZARD_PAGE (self);
  PitWizardState *state = pit_wizard_page_get_state (page);
  guint cpu = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "cpu"));
  guint vcpu = gtk_spin_button_get_value_as_int (self->vcpu_spin);
  g_autofree char *cpuset = g_strdup_printf ("%u", cpu);
  g_autoptr(GError) error = NULL;

  if (pit_wizard_state_get_pin_auto (state))
    pit_wizard_state_set_pin_auto (state, FALSE);
  if (!pit_wizard_state_set_pin (state, vcpu, cpuset, &error))
    {
      pit_wizard_page_set_error (page, error->message);
      return;
    }
  /* next click places the next vCPU */
  gtk_spin_button_set_value (self->vcpu_spin, (vcpu + 1) % pit_wizard_state_get_vcpus (state));
  pit_wizard_page_refresh (page);
  gtk_spin_button_set_value (self->vcpu_spin, (vcpu + 1) % pit_wizard_state_get_vcpus (state));
}

static void
auto_cb (GtkSwitch            *toggle,
         GParamSpec           *pspec,
         PitWizardPinningPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (gtk_switch_get_active (toggle) == pit_wizard_state_get_pin_auto (state))
    return;
  pit_wizard_state_set_pin_auto (state, gtk_switch_get_active (toggle));
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

static GtkWidget *
cpu_grid (PitWizardPinningPage *self,
          PitHostCpuTopology   *cpu,
          GPtrArray            *pins,
          const char           *emulator)
{
  GtkWidget *grid = gtk_grid_new ();
  GHashTable *rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint next_row = 0;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Host CPUs and what runs on them"), -1);

  for (guint c = 0; c < cpu->cpus->len; c++)
    {
      PitHostCpu *host_cpu = g_ptr_array_index (cpu->cpus, c);
      guint first = host_cpu->siblings && host_cpu->siblings->len ? g_array_index (host_cpu->siblings, guint, 0) : host_cpu->id;
      guint column = 0;
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *button;
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
          column = s;

      g_string_append_printf (text, _("CPU %u"), host_cpu->id);
      for (guint v = 0; v < pins->len; v++)
        if (cpuset_has (g_ptr_array_index (pins, v), host_cpu->id))
          {
            g_string_append_c (text, '\n');
            g_string_append_printf (text, _("vCPU %u"), v);
          }
      if (cpuset_has (emulator, host_cpu->id))
        g_string_append_printf (text, "\n%s", _("emulator"));

      button = gtk_button_new_with_label (text->str);
      gtk_widget_set_hexpand (button, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
      gtk_widget_set_tooltip_text (button, _("Put the chosen vCPU here"));
      g_object_set_data (G_OBJECT (button), "cpu", GUINT_TO_POINTER (host_cpu->id));
      g_signal_connect (button, "clicked", G_CALLBACK (cpu_clicked_cb), self);
      gtk_grid_attach (GTK_GRID (grid), button, column, GPOINTER_TO_UINT (row), 1, 1);
    }
  g_hash_table_unref (rows);
  return grid;
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
  AdwPreferencesGroup *group;
  GtkWidget *row, *toggle;
  guint sockets, cores, threads;

  pit_wizard_page_clear (page);
  if (cpu == NULL)
    {
      group = pit_wizard_page_add_group (page, _("Pinning"), NULL);
      pit_wizard_page_add_row (group, _("The host’s CPU topology is unknown"),
                               _("Pinning needs it; skip this step"), "dialog-warning-symbolic");
      return;
    }

  pins = current_pins (state, &emulator);
  if (pins == NULL)
    pins = g_ptr_array_new_with_free_func (g_free);
  pit_wizard_state_get_topology (state, &sockets, &cores, &threads);

  group = pit_wizard_page_add_group (page, _("Plan"),
                                     _("Each guest core gets a whole host core with its threads; CPU 0’s core stays "
                                       "with the host and the emulator when the guest leaves room"));
  row = pit_wizard_page_add_row (group, _("Automatic plan"), NULL, NULL);
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), pit_wizard_state_get_pin_auto (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Automatic plan"), -1);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (auto_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

  row = pit_wizard_page_add_row (group, _("vCPU to place"), _("Then click the host CPU it should run on"), NULL);
  self->vcpu_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, MAX (pit_wizard_state_get_vcpus (state), 1) - 1, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->vcpu_spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->vcpu_spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("vCPU to place"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->vcpu_spin));

  group = pit_wizard_page_add_group (page, _("Host CPUs"), _("One row per core; its threads side by side"));
  adw_preferences_group_add (group, cpu_grid (self, cpu, pins, emulator));
  pit_wizard_page_place_error (page);

  warnings = warnings_for (cpu, pins, threads);
  if (warnings != NULL)
    {
      group = pit_wizard_page_add_group (page, NULL, NULL);
      pit_wizard_page_add_row (group, _("Check the plan"), warnings, "dialog-warning-symbolic");
    }
}

static void
pit_wizard_pinning_page_class_init (PitWizardPinningPageClass *klass)
{
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
}

static void
pit_wizard_pinning_page_init (PitWizardPinningPage *self)
{
}

GtkWidget *
pit_wizard_pinning_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_PINNING_PAGE, "id", "pinning", "title", _("Pinning"),
                       "section", PIT_WIZARD_SECTION_PINNING, NULL);
}

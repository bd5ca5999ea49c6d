/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-cpu.h"
#include "pit-wizard-pages.h"

/* Page 3: the processor.  A picture of the host (sockets, cores with their
 * threads, NUMA nodes, P/E cores), the guest's current topology with what is
 * wrong about it, and the proposed topology with the vCPU maximum and the
 * current allocation. */
struct _PitWizardCpuPage
{
  PitWizardPage parent_instance;

  GtkSpinButton *sockets;
  GtkSpinButton *cores;
  GtkSpinButton *threads;
  GtkSpinButton *current;
  AdwActionRow *total_row;
};

G_DEFINE_FINAL_TYPE (PitWizardCpuPage, pit_wizard_cpu_page, PIT_TYPE_WIZARD_PAGE)

static GtkWidget *
host_picture (PitHostCpuTopology *cpu)
{
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The host’s cores and their threads"), -1);

  /* one box per core, listing its threads (siblings) */
  for (guint i = 0; i < cpu->cpus->len; i++)
    {
      PitHostCpu *c = g_ptr_array_index (cpu->cpus, i);
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *label;

      if (!c->online || (c->siblings != NULL && c->siblings->len > 0
                         && g_array_index (c->siblings, guint, 0) != c->id))
        continue;
      if (c->kind == PIT_HOST_CPU_KIND_PERFORMANCE)
        g_string_append (text, _("P-core"));
      else if (c->kind == PIT_HOST_CPU_KIND_EFFICIENCY)
        g_string_append (text, _("E-core"));
      else
        g_string_append (text, _("Core"));
      g_string_append_printf (text, " %d\n", c->core);
      for (guint s = 0; c->siblings != NULL && s < c->siblings->len; s++)
        g_string_append_printf (text, "%s%u", s ? " " : "", g_array_index (c->siblings, guint, s));
      if (c->siblings == NULL)
        g_string_append_printf (text, "%u", c->id);
      if (cpu->numa_nodes > 1)
        g_string_append_printf (text, "\n%s %d", _("node"), c->node);
      label = gtk_label_new (text->str);
      gtk_widget_add_css_class (label, "card");
      gtk_widget_set_size_request (label, 72, 56);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), label);
    }
  return flow;
}

static GPtrArray *
whats_wrong (PitDomainSummary *summary)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  if (summary->sockets > 2)
    /* TRANSLATORS: %u is the number of sockets */
    g_ptr_array_add (problems, g_strdup_printf (_("%u sockets: Windows client editions use at most 2, so most of "
                                                  "these vCPUs sit idle"), summary->sockets));
  else if (summary->sockets == 0 && summary->vcpus > 2)
    g_ptr_array_add (problems, g_strdup (_("No topology: the hypervisor makes one socket per vCPU")));
  if (summary->vcpus_current < summary->vcpus)
    g_ptr_array_add (problems, g_strdup_printf (_("Only %u of %u vCPUs are allocated now (the current allocation "
                                                  "never grows by itself)"),
                                                summary->vcpus_current, summary->vcpus));
  return problems;
}

static void
topology_changed_cb (PitWizardCpuPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint sockets = gtk_spin_button_get_value_as_int (self->sockets);
  guint cores = gtk_spin_button_get_value_as_int (self->cores);
  guint threads = gtk_spin_button_get_value_as_int (self->threads);
  g_autofree char *total = g_strdup_printf ("%u", sockets * cores * threads);

  pit_wizard_state_set_topology (state, sockets, cores, threads);
  adw_action_row_set_subtitle (self->total_row, total);
  gtk_spin_button_set_range (self->current, 1, sockets * cores * threads);
  pit_wizard_state_set_current (state, gtk_spin_button_get_value_as_int (self->current));
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
}

static void
current_changed_cb (PitWizardCpuPage *self)
{
  pit_wizard_state_set_current (pit_wizard_page_get_state (PIT_WIZARD_PAGE (self)),
                                gtk_spin_button_get_value_as_int (self->current));
}

static void
passthrough_cb (GtkSwitch        *toggle,
                GParamSpec       *pspec,
                PitWizardCpuPage *self)
{
  pit_wizard_state_set_host_passthrough (pit_wizard_page_get_state (PIT_WIZARD_PAGE (self)),
                                         gtk_switch_get_active (toggle));
}

static GtkSpinButton *
add_spin_row (PitWizardCpuPage    *self,
              AdwPreferencesGroup *group,
              const char          *title,
              guint                value,
              guint                max,
              GCallback            callback)
{
  GtkWidget *row = pit_wizard_page_add_row (group, title, NULL, NULL);
  GtkWidget *spin = gtk_spin_button_new_with_range (1, max, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_signal_connect_swapped (spin, "value-changed", callback, self);
  return GTK_SPIN_BUTTON (spin);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardCpuPage *self = PIT_WIZARD_CPU_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  PitHostCpuTopology *cpu = host ? pit_host_inventory_get_cpu (host) : NULL;
  PitDomainSummary *summary = pit_wizard_state_get_summary (state);
  AdwPreferencesGroup *group;
  g_autofree char *host_text = NULL;
  g_autofree char *guest_text = NULL;
  g_autoptr(GPtrArray) wrong = whats_wrong (summary);
  guint sockets, cores, threads;
  GtkWidget *row, *toggle;

  pit_wizard_page_clear (page);

  if (cpu != NULL)
    {
      g_autofree char *sockets_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u socket", "%u sockets", cpu->sockets), cpu->sockets);
      g_autofree char *cores_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u core", "%u cores", cpu->cores), cpu->cores);
      g_autofree char *threads_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread per core", "%u threads per core", cpu->threads_per_core), cpu->threads_per_core);
      g_autofree char *nodes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u NUMA node", "%u NUMA nodes", MAX (cpu->numa_nodes, 1)), MAX (cpu->numa_nodes, 1));

      host_text = g_strdup_printf ("%s · %s · %s · %s%s", sockets_text, cores_text, threads_text, nodes_text,
                                   cpu->hybrid ? _(" · performance and efficiency cores") : "");
      group = pit_wizard_page_add_group (page, _("This Computer’s Processor"), host_text);
      adw_preferences_group_add (group, host_picture (cpu));
    }

  group = pit_wizard_page_add_group (page, _("The Virtual Machine Now"), NULL);
  guest_text = pit_domain_summary_format_topology (summary);
  pit_wizard_page_add_row (group, _("Topology"), guest_text ? guest_text : _("Not set"), NULL);
  for (guint i = 0; i < wrong->len; i++)
    pit_wizard_page_add_row (group, _("What holds it back"), g_ptr_array_index (wrong, i), "dialog-warning-symbolic");

  pit_wizard_state_get_topology (state, &sockets, &cores, &threads);
  group = pit_wizard_page_add_group (page, _("Proposed"),
                                     _("One socket with the host’s threads per core, so the guest’s scheduler "
                                       "sees real cores and their siblings"));
  self->sockets = add_spin_row (self, group, _("Sockets"), sockets, 16, G_CALLBACK (topology_changed_cb));
  self->cores = add_spin_row (self, group, _("Cores per socket"), cores, 256, G_CALLBACK (topology_changed_cb));
  self->threads = add_spin_row (self, group, _("Threads per core"), threads, 4, G_CALLBACK (topology_changed_cb));
  self->total_row = ADW_ACTION_ROW (pit_wizard_page_add_row (group, _("vCPUs (maximum)"), NULL, NULL));
  {
    g_autofree char *total = g_strdup_printf ("%u", pit_wizard_state_get_vcpus (state));

    adw_action_row_set_subtitle (self->total_row, total);
  }
  self->current = add_spin_row (self, group, _("Current allocation"), pit_wizard_state_get_current (state),
                                256, G_CALLBACK (current_changed_cb));
  gtk_spin_button_set_range (self->current, 1, 256);

  row = pit_wizard_page_add_row (group, _("Use the host’s CPU model (host-passthrough)"),
                                 _("The guest sees the real CPU and all its features; best for KVM guests"), NULL);
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), pit_wizard_state_get_host_passthrough (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Use the host’s CPU model"), -1);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (passthrough_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  pit_wizard_page_place_error (page);
}

static void
pit_wizard_cpu_page_class_init (PitWizardCpuPageClass *klass)
{
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;
}

static void
pit_wizard_cpu_page_init (PitWizardCpuPage *self)
{
}

GtkWidget *
pit_wizard_cpu_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_CPU_PAGE, "id", "cpu", "title", _("Processor"),
                       "section", PIT_WIZARD_SECTION_CPU, NULL);
}

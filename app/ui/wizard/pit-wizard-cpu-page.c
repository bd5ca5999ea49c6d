/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-cpu.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 3: the processor.  A picture of the host (sockets, cores with their
 * threads, NUMA nodes, P/E cores), the guest's current topology with what is
 * wrong about it, and the proposed topology with the vCPU maximum and the
 * current allocation, and how the guest keeps time: the Hyper-V
 * enlightenments and the timers, each with why — or why not, for a guest
 * they do not fit (data/ui/pit-wizard-cpu-page.ui). */
struct _PitWizardCpuPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *host_group;
  GtkFlowBox *host_flow;
  AdwPreferencesGroup *now_group;
  AdwActionRow *topology_row;
  AdwPreferencesGroup *proposed_group;
  GtkSpinButton *sockets_spin;
  GtkSpinButton *cores_spin;
  GtkSpinButton *threads_spin;
  GtkSpinButton *current_spin;
  AdwActionRow *total_row;
  GtkSwitch *passthrough_switch;
  AdwActionRow *hyperv_row;
  GtkSwitch *hyperv_switch;
  AdwActionRow *timers_row;
  GtkSwitch *timers_switch;

  PitWizardRowList *wrong_rows;
  PitHostCpuTopology *pictured;   /* what host_flow shows */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PitWizardCpuPage, pit_wizard_cpu_page, PIT_TYPE_WIZARD_PAGE)

static void
fill_host_picture (GtkFlowBox         *flow,
                   PitHostCpuTopology *cpu)
{
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
      gtk_flow_box_append (flow, label);
    }
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
  guint sockets = gtk_spin_button_get_value_as_int (self->sockets_spin);
  guint cores = gtk_spin_button_get_value_as_int (self->cores_spin);
  guint threads = gtk_spin_button_get_value_as_int (self->threads_spin);
  g_autofree char *total = g_strdup_printf ("%u", sockets * cores * threads);

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_topology (state, sockets, cores, threads);
  adw_action_row_set_subtitle (self->total_row, total);
  gtk_spin_button_set_range (self->current_spin, 1, sockets * cores * threads);
  pit_wizard_state_set_current (state, gtk_spin_button_get_value_as_int (self->current_spin));
  pit_wizard_page_set_error (PIT_WIZARD_PAGE (self), NULL);
}

static void
current_changed_cb (PitWizardCpuPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_current (state, gtk_spin_button_get_value_as_int (self->current_spin));
}

static void
passthrough_cb (PitWizardCpuPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_host_passthrough (state, gtk_switch_get_active (self->passthrough_switch));
}

static void
hyperv_cb (PitWizardCpuPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_hyperv (state, gtk_switch_get_active (self->hyperv_switch));
}

static void
timers_cb (PitWizardCpuPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_timers (state, gtk_switch_get_active (self->timers_switch));
}

/* A latency switch: its reason as the subtitle; where the change does not
 * fit the guest, no switch and the refusal's reason instead */
static void
update_latency_row (AdwActionRow *row,
                    GtkSwitch    *toggle,
                    const char   *refusal,
                    const char   *reason,
                    gboolean      active)
{
  pit_wizard_page_update_row (row, refusal != NULL ? refusal : reason,
                              refusal != NULL ? "dialog-information-symbolic" : NULL);
  /* hidden, and insensitive so that activating the row does nothing */
  if (gtk_widget_get_visible (GTK_WIDGET (toggle)) != (refusal == NULL))
    gtk_widget_set_visible (GTK_WIDGET (toggle), refusal == NULL);
  if (gtk_widget_get_sensitive (GTK_WIDGET (toggle)) != (refusal == NULL))
    gtk_widget_set_sensitive (GTK_WIDGET (toggle), refusal == NULL);
  if (gtk_switch_get_active (toggle) != (refusal == NULL && active))
    gtk_switch_set_active (toggle, refusal == NULL && active);
}

static void
set_spin (GtkSpinButton *spin,
          guint          value)
{
  if ((guint) gtk_spin_button_get_value_as_int (spin) != value)
    gtk_spin_button_set_value (spin, value);
}

static void
update_host (PitWizardCpuPage   *self,
             PitHostCpuTopology *cpu)
{
  g_autofree char *sockets_text = NULL;
  g_autofree char *cores_text = NULL;
  g_autofree char *threads_text = NULL;
  g_autofree char *nodes_text = NULL;
  g_autofree char *host_text = NULL;
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self->host_group), cpu != NULL);
  if (cpu == NULL || cpu == self->pictured)
    return;
  self->pictured = cpu;
  sockets_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u socket", "%u sockets", cpu->sockets), cpu->sockets);
  cores_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u core", "%u cores", cpu->cores), cpu->cores);
  threads_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread per core", "%u threads per core", cpu->threads_per_core), cpu->threads_per_core);
  nodes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u NUMA node", "%u NUMA nodes", MAX (cpu->numa_nodes, 1)), MAX (cpu->numa_nodes, 1));
  host_text = g_strdup_printf ("%s · %s · %s · %s%s", sockets_text, cores_text, threads_text, nodes_text,
                               cpu->hybrid ? _(" · performance and efficiency cores") : "");
  adw_preferences_group_set_description (self->host_group, host_text);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->host_flow))) != NULL)
    gtk_flow_box_remove (self->host_flow, child);
  fill_host_picture (self->host_flow, cpu);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardCpuPage *self = PIT_WIZARD_CPU_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  PitDomainSummary *summary = pit_wizard_state_get_summary (state);
  g_autofree char *guest_text = pit_domain_summary_format_topology (summary);
  g_autofree char *total = g_strdup_printf ("%u", pit_wizard_state_get_vcpus (state));
  g_autoptr(GPtrArray) wrong = whats_wrong (summary);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree char *hyperv_refusal = pit_wizard_state_get_hyperv_refusal (state);
  g_autofree char *timers_refusal = pit_wizard_state_get_timers_refusal (state);
  guint sockets, cores, threads;

  self->updating = TRUE;
  update_host (self, host ? pit_host_inventory_get_cpu (host) : NULL);

  pit_wizard_page_update_row (self->topology_row, guest_text ? guest_text : _("Not set"), NULL);
  for (guint i = 0; i < wrong->len; i++)
    g_string_append_printf (key, "%s\n", (const char *) g_ptr_array_index (wrong, i));
  if (pit_wizard_row_list_update (self->wrong_rows, key->str))
    for (guint i = 0; i < wrong->len; i++)
      pit_wizard_row_list_add (self->wrong_rows, _("What holds it back"), g_ptr_array_index (wrong, i),
                               "dialog-warning-symbolic");

  pit_wizard_state_get_topology (state, &sockets, &cores, &threads);
  set_spin (self->sockets_spin, sockets);
  set_spin (self->cores_spin, cores);
  set_spin (self->threads_spin, threads);
  pit_wizard_page_update_row (self->total_row, total, NULL);
  set_spin (self->current_spin, pit_wizard_state_get_current (state));
  if (gtk_switch_get_active (self->passthrough_switch) != pit_wizard_state_get_host_passthrough (state))
    gtk_switch_set_active (self->passthrough_switch, pit_wizard_state_get_host_passthrough (state));

  update_latency_row (self->hyperv_row, self->hyperv_switch, hyperv_refusal,
                      _("An idle Windows guest costs the host about 30 % of a core without the synic and stimer "
                        "enlightenments, about 1 % with them"),
                      pit_wizard_state_get_hyperv (state));
  update_latency_row (self->timers_row, self->timers_switch, timers_refusal,
                      _("No emulated HPET, the Hyper-V clock for Windows, and clock ticks the guest missed "
                        "caught up instead of lost"),
                      pit_wizard_state_get_timers (state));
  self->updating = FALSE;
}

static void
pit_wizard_cpu_page_dispose (GObject *object)
{
  PitWizardCpuPage *self = PIT_WIZARD_CPU_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_CPU_PAGE);
  g_clear_pointer (&self->wrong_rows, pit_wizard_row_list_free);

  G_OBJECT_CLASS (pit_wizard_cpu_page_parent_class)->dispose (object);
}

static void
pit_wizard_cpu_page_class_init (PitWizardCpuPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_cpu_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-cpu-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, host_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, host_flow);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, now_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, topology_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, proposed_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, sockets_spin);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, cores_spin);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, threads_spin);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, current_spin);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, total_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, passthrough_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, hyperv_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, hyperv_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, timers_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardCpuPage, timers_switch);
  gtk_widget_class_bind_template_callback (widget_class, topology_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, current_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, passthrough_cb);
  gtk_widget_class_bind_template_callback (widget_class, hyperv_cb);
  gtk_widget_class_bind_template_callback (widget_class, timers_cb);
}

static void
pit_wizard_cpu_page_init (PitWizardCpuPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->wrong_rows = pit_wizard_row_list_new (self->now_group);
  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->proposed_group));
}

GtkWidget *
pit_wizard_cpu_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_CPU_PAGE, "section", PIT_WIZARD_SECTION_CPU, NULL);
}

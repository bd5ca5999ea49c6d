/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pit-cpuset.h"
#include "pit-host-cpu-topology.h"
#include "pit-host-cpu.h"
#include "pit-host-reader.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"

/* Page 4: pinning.  A grid of the host's CPUs, one row per core, showing
 * which vCPU or the emulator runs where; the automatic plan, manual edits by
 * clicking a CPU (it takes the vCPU chosen above the grid), and warnings when
 * a guest core's threads land on different host cores or the vCPUs cross
 * NUMA nodes or L3 caches (data/ui/pit-wizard-pinning-page.ui).  When the
 * CPU has several L3 domains (a Ryzen's CCDs), the grid shows the cores of
 * each under a heading with its cache ("CCD 0 · 96 MiB L3 (V-Cache)"), and
 * the page says when the guest does not fit one.  Each CPU's button
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

/* the L3 domain that has the most room for a guest: the V-Cache one when
 * the sizes differ */
static guint
roomiest_l3 (PitHostCpuTopology *cpu)
{
  int largest = pit_host_cache_domains_largest (cpu->l3_domains);
  guint best = 0;

  if (largest >= 0)
    return (guint) largest;
  for (guint d = 1; d < cpu->l3_domains->len; d++)
    if (pit_host_cpu_topology_l3_room (cpu, d) > pit_host_cpu_topology_l3_room (cpu, best))
      best = d;
  return best;
}

/* a guest larger than one L3 domain, or spread over several */
static void
l3_warnings (GString            *out,
             PitHostCpuTopology *cpu,
             GPtrArray          *pins)
{
  g_autoptr(GArray) used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  guint n_used = 0, pinned = 0;
  guint best, room;
  g_autofree char *name = NULL;

  if (cpu->l3_domains->len < 2)
    return;
  g_array_set_size (used, cpu->l3_domains->len);
  for (guint v = 0; v < pins->len; v++)
    {
      if (g_ptr_array_index (pins, v) != NULL)
        pinned++;
      for (guint c = 0; c < cpu->cpus->len; c++)
        {
          PitHostCpu *host_cpu = g_ptr_array_index (cpu->cpus, c);

          if (host_cpu->l3 >= 0 && cpuset_has (g_ptr_array_index (pins, v), host_cpu->id)
              && !g_array_index (used, gboolean, host_cpu->l3))
            {
              g_array_index (used, gboolean, host_cpu->l3) = TRUE;
              n_used++;
            }
        }
    }

  best = roomiest_l3 (cpu);
  room = pit_host_cpu_topology_l3_room (cpu, best);
  name = pit_host_cpu_topology_describe_l3 (cpu, best);
  if (pins->len > room)
    {
      g_string_append_printf (out,
                              ngettext ("The guest’s %u vCPU does not fit on one L3 cache: %s has room for %u while "
                                        "the host keeps a core, so the guest spans L3 caches and its threads see "
                                        "different caches. ",
                                        "The guest’s %u vCPUs do not fit on one L3 cache: %s has room for %u while "
                                        "the host keeps a core, so the guest spans L3 caches and its threads see "
                                        "different caches. ",
                                        pins->len),
                              pins->len, name, room);
      g_string_append_printf (out, ngettext ("A guest of at most %u vCPU would fit. ",
                                             "A guest of at most %u vCPUs would fit. ", room),
                              room);
    }
  else if (n_used > 1 && pinned > 0)
    g_string_append_printf (out, _("The vCPUs are spread over several L3 caches although the guest fits on %s: "
                                   "its threads see different caches. "),
                            name);
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
  if (out->len > 0 && out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
  l3_warnings (out, cpu, pins);
  g_strchomp (out->str);
  g_string_set_size (out, strlen (out->str));
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

static int
l3_of (PitHostCpuTopology *cpu,
       guint               id)
{
  PitHostCpu *host_cpu = pit_host_cpu_topology_get_cpu (cpu, id);

  return host_cpu != NULL ? host_cpu->l3 : -1;
}

/* "CCD 0 · 96 MiB L3 (V-Cache) · CPUs 0-7,16-23" */
static char *
l3_heading (PitHostCpuTopology *cpu,
            int                 domain)
{
  PitHostCacheDomain *each;
  g_autofree char *name = NULL;
  g_autofree char *cpus = NULL;

  if (domain < 0)
    return g_strdup (_("CPUs of no known L3 cache"));
  each = cpu->l3_domains->pdata[domain];
  name = pit_host_cpu_topology_describe_l3 (cpu, (guint) domain);
  cpus = pit_host_format_cpulist ((guint *) each->cpus->data, each->cpus->len);
  /* TRANSLATORS: an L3 cache domain's name and size, then its CPUs */
  return g_strdup_printf (_("%s · CPUs %s"), name, cpus);
}

/* by L3 domain (unknown last), then in the order the rows came */
static int
compare_places (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const guint *x = a, *y = b;
  guint dx = (guint) l3_of (user_data, x[0]), dy = (guint) l3_of (user_data, y[0]);

  if (dx != dy)
    return dx < dy ? -1 : 1;
  if (x[2] != y[2])
    return x[2] < y[2] ? -1 : 1;
  return x[1] < y[1] ? -1 : x[1] > y[1];
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
  guint next_row = 0, columns = 1, extra_rows = 0, old_row = 0, row_index = 0;
  int last_domain = -2;
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
      columns = MAX (columns, place[1] + 1);
      g_array_append_val (places, place);
      g_string_append_printf (key, "%u:%u:%u:%d ", place[0], place[1], place[2], host_cpu->l3);
    }
  if (g_strcmp0 (key->str, self->grid_key) == 0)
    return;
  /* a core's threads on one row; the cores of each L3 domain together,
   * under its heading */
  g_array_sort_with_data (places, compare_places, cpu);
  g_free (self->grid_key);
  self->grid_key = g_strdup (key->str);

  g_ptr_array_set_size (self->cpu_buttons, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cpu_grid))) != NULL)
    gtk_grid_remove (self->cpu_grid, child);
  for (guint i = 0; i < places->len; i++)
    {
      guint *place = &g_array_index (places, guint, i * 3);
      int domain = l3_of (cpu, place[0]);
      GtkWidget *button = gtk_button_new ();

      /* rows in their sorted order */
      if (i == 0 || place[2] != old_row)
        {
          old_row = place[2];
          row_index = i == 0 ? 0 : row_index + 1;
        }

      if (cpu->l3_domains->len > 1 && domain != last_domain)
        {
          g_autofree char *heading = l3_heading (cpu, domain);
          GtkWidget *label = gtk_label_new (heading);

          /* a row of its own above the domain's cores */
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_widget_add_css_class (label, "heading");
          if (last_domain != -2)
            gtk_widget_set_margin_top (label, 6);
          gtk_grid_attach (self->cpu_grid, label, 0, (int) (row_index + extra_rows), (int) columns, 1);
          extra_rows++;
          last_domain = domain;
        }

      gtk_widget_set_hexpand (button, TRUE);
      gtk_widget_set_tooltip_text (button, _("Put the chosen vCPU here"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pinning.place");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", place[0]);
      gtk_grid_attach (self->cpu_grid, button, place[1], row_index + extra_rows, 1, 1);
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

/* one L3 for all: said once, above the grid */
static void
update_description (PitWizardPinningPage *self,
                    PitHostCpuTopology   *cpu)
{
  g_autofree char *text = NULL;
  PitHostCacheDomain *domain = cpu->l3_domains->len == 1 ? cpu->l3_domains->pdata[0] : NULL;

  if (domain != NULL && domain->size_kib > 0)
    {
      g_autofree char *size = g_format_size_full (domain->size_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);

      text = g_strdup_printf (_("One row per core; its threads side by side. All cores share one L3 cache of %s."),
                              size);
    }
  else if (cpu->l3_domains->len > 1)
    text = g_strdup (_("One row per core; its threads side by side; the cores under the L3 cache they share"));
  else
    text = g_strdup (_("One row per core; its threads side by side"));
  if (g_strcmp0 (adw_preferences_group_get_description (self->cpus_group), text) != 0)
    adw_preferences_group_set_description (self->cpus_group, text);
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
  update_description (self, cpu);

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

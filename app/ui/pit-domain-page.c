/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-domain-page.h"
#include "pit-ui-resources.h"
#include "pit-format.h"
#include "pit-wizard-section.h"

/* The overview of one virtual machine: what its XML says about the system,
 * processor, memory, disks, network and host devices, and the XML itself.
 * Rebuilt whenever the domain changes (an event, or a define elsewhere). */
struct _PitDomainPage
{
  AdwBin parent_instance;

  PitDomain *domain;
  gulong notify_id;
  GPtrArray *dynamic_rows; /* rows added to the groups below, to remove */

  AdwActionRow *state_row;
  AdwActionRow *os_row;
  AdwActionRow *machine_row;
  AdwActionRow *vcpus_row;
  AdwActionRow *topology_row;
  AdwActionRow *cpu_mode_row;
  AdwActionRow *memory_row;
  AdwPreferencesGroup *disks_group;
  AdwPreferencesGroup *nics_group;
  AdwPreferencesGroup *hostdevs_group;
  GtkTextView *xml_view;
  AdwPreferencesGroup *tune_group;
  AdwPreferencesGroup *findings_group;
  GPtrArray *finding_rows;
};

G_DEFINE_FINAL_TYPE (PitDomainPage, pit_domain_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TUNE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tune_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PitDomainPage *self = PIT_DOMAIN_PAGE (widget);

  if (self->domain != NULL)
    g_signal_emit (self, signals[SIGNAL_TUNE], 0, g_variant_get_string (parameter, NULL));
}

static const char *
or_unknown (const char *value)
{
  return value != NULL && *value != '\0' ? value : _("Not set");
}

static void
add_row (PitDomainPage       *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* paths and names are text, not Pango markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, g_object_ref (row));
}

static void
clear_dynamic_rows (PitDomainPage *self)
{
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->dynamic_rows, 0);
}

static void
fill_disks (PitDomainPage    *self,
            PitDomainSummary *summary)
{
  for (guint i = 0; i < summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (summary->disks, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (g_strcmp0 (disk->device, "cdrom") == 0)
        /* TRANSLATORS: a CD-ROM drive and its target name, e.g. "CD-ROM sdb" */
        title = g_strdup_printf (_("CD-ROM %s"), or_unknown (disk->target));
      else
        /* TRANSLATORS: a disk and its target name, e.g. "Disk sda" */
        title = g_strdup_printf (_("Disk %s"), or_unknown (disk->target));
      /* TRANSLATORS: disk source, bus and cache mode, e.g. "/dev/zvol/tank/win10 · bus sata · cache default" */
      subtitle = g_strdup_printf (_("%s · bus %s · cache %s"),
                                  disk->source ? disk->source : _("no medium"),
                                  or_unknown (disk->bus),
                                  disk->cache ? disk->cache : _("default"));
      add_row (self, self->disks_group, title, subtitle);
    }
  if (summary->disks->len == 0)
    add_row (self, self->disks_group, _("No disks"), "");
}

static void
fill_nics (PitDomainPage    *self,
           PitDomainSummary *summary)
{
  for (guint i = 0; i < summary->nics->len; i++)
    {
      PitNicInfo *nic = g_ptr_array_index (summary->nics, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (g_strcmp0 (nic->type, "bridge") == 0)
        title = g_strdup_printf (_("Bridge %s"), or_unknown (nic->source));
      else if (g_strcmp0 (nic->type, "network") == 0)
        title = g_strdup_printf (_("Virtual network “%s”"), or_unknown (nic->source));
      else
        title = g_strdup_printf (_("Interface (%s)"), or_unknown (nic->type));
      /* TRANSLATORS: NIC model and MAC address, e.g. "model e1000e · 52:54:00:6b:3c:58" */
      subtitle = g_strdup_printf (_("model %s · %s"), or_unknown (nic->model), or_unknown (nic->mac));
      add_row (self, self->nics_group, title, subtitle);
    }
  if (summary->nics->len == 0)
    add_row (self, self->nics_group, _("No network interfaces"), "");
}

static void
fill_hostdevs (PitDomainPage    *self,
               PitDomainSummary *summary)
{
  for (guint i = 0; i < summary->hostdevs->len; i++)
    {
      PitHostdevInfo *dev = g_ptr_array_index (summary->hostdevs, i);
      g_autofree char *title = g_strdup_printf (_("%s device %s"),
                                                dev->type ? dev->type : "?", or_unknown (dev->address));

      add_row (self, self->hostdevs_group, title,
               dev->managed ? _("Managed: libvirt binds it to vfio-pci at start") : _("Not managed"));
    }
  if (summary->hostdevs->len == 0)
    add_row (self, self->hostdevs_group, _("No devices passed through"), "");
}

static void
update (PitDomainPage *self)
{
  PitDomainSummary *summary;
  g_autofree char *vcpus = NULL;
  g_autofree char *topology = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *os = NULL;

  clear_dynamic_rows (self);
  if (self->domain == NULL || pit_domain_get_summary (self->domain) == NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->xml_view), "", -1);
      return;
    }
  summary = pit_domain_get_summary (self->domain);

  adw_action_row_set_subtitle (self->state_row, pit_domain_state_to_string (pit_domain_get_state (self->domain)));
  /* TRANSLATORS: OS type, architecture and hypervisor, e.g. "hvm (x86_64, kvm)" */
  os = g_strdup_printf (_("%s (%s, %s)"), or_unknown (summary->os_type), or_unknown (summary->arch),
                        or_unknown (summary->hypervisor));
  adw_action_row_set_subtitle (self->os_row, os);
  adw_action_row_set_subtitle (self->machine_row, or_unknown (summary->machine));

  vcpus = pit_format_vcpus (summary->vcpus, summary->vcpus_current);
  adw_action_row_set_subtitle (self->vcpus_row, vcpus);
  topology = pit_domain_summary_format_topology (summary);
  adw_action_row_set_subtitle (self->topology_row, topology ? topology : _("Not set (one socket per vCPU)"));
  adw_action_row_set_subtitle (self->cpu_mode_row, summary->cpu_mode ? summary->cpu_mode : _("Hypervisor default"));
  memory = pit_format_memory_kib (summary->memory_kib);
  adw_action_row_set_subtitle (self->memory_row, memory);

  fill_disks (self, summary);
  fill_nics (self, summary);
  fill_hostdevs (self, summary);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->xml_view),
                            pit_domain_get_xml (self->domain), -1);
}

static void
pit_domain_page_dispose (GObject *object)
{
  PitDomainPage *self = (PitDomainPage *) object;

  g_clear_signal_handler (&self->notify_id, self->domain);
  g_clear_object (&self->domain);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->finding_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_DOMAIN_PAGE);

  G_OBJECT_CLASS (pit_domain_page_parent_class)->dispose (object);
}

static void
pit_domain_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PitDomainPage *self = PIT_DOMAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_domain_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PitDomainPage *self = PIT_DOMAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      pit_domain_page_set_domain (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_domain_page_class_init (PitDomainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pit_domain_page_dispose;
  object_class->get_property = pit_domain_page_get_property;
  object_class->set_property = pit_domain_page_set_property;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, PIT_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-domain-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, os_row);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, machine_row);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, vcpus_row);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, topology_row);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, cpu_mode_row);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, memory_row);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, disks_group);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, nics_group);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, hostdevs_group);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, xml_view);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, tune_group);
  gtk_widget_class_bind_template_child (widget_class, PitDomainPage, findings_group);
  gtk_widget_class_install_action (widget_class, "page.tune", "s", tune_action);

  /**
   * PitDomainPage::tune:
   * @page: the wizard page to open ("" for the first)
   */
  signals[SIGNAL_TUNE] = g_signal_new ("tune", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pit_domain_page_init (PitDomainPage *self)
{
  self->dynamic_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->finding_rows = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  pit_domain_page_set_report (self, NULL);

  /* the wizard's steps that can be opened from here, with what they fix */
  for (PitWizardSection section = 0; section < PIT_WIZARD_N_SECTIONS; section++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pit_wizard_section_get_title (section));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pit_wizard_section_get_summary (section));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "page.tune");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", pit_wizard_section_to_id (section));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      adw_preferences_group_add (self->tune_group, row);
    }
}

static void
domain_notify_cb (PitDomainPage *self)
{
  update (self);
}

void
pit_domain_page_set_domain (PitDomainPage *self,
                            PitDomain     *domain)
{
  g_return_if_fail (PIT_IS_DOMAIN_PAGE (self));
  g_return_if_fail (domain == NULL || PIT_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;

  g_clear_signal_handler (&self->notify_id, self->domain);
  g_set_object (&self->domain, domain);
  if (domain != NULL)
    self->notify_id = g_signal_connect_object (domain, "notify", G_CALLBACK (domain_notify_cb), self,
                                               G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

/**
 * pit_domain_page_get_domain:
 * Returns: (transfer none) (nullable): the domain shown
 */
PitDomain *
pit_domain_page_get_domain (PitDomainPage *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_PAGE (self), NULL);

  return self->domain;
}

static GtkWidget *
finding_row (PitAdvisorFinding *finding)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *explanation = adw_action_row_new ();
  GPtrArray *evidence = pit_advisor_finding_get_evidence (finding);
  const char *page = pit_advisor_finding_get_fix_page (finding);
  PitAdvisorFixKind kind = pit_advisor_finding_get_fix_kind (finding);
  const char *icon = pit_advisor_finding_get_severity (finding) == PIT_ADVISOR_SEVERITY_HIGH ? "dialog-warning-symbolic"
                                                                                             : "dialog-information-symbolic";

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (explanation), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pit_advisor_finding_get_title (finding));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row),
                                 pit_advisor_severity_to_string (pit_advisor_finding_get_severity (finding)));
  adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (row), icon);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (explanation), pit_advisor_finding_get_explanation (finding));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (explanation), 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), explanation);
  for (guint i = 0; evidence != NULL && i < evidence->len; i++)
    {
      PitAdvisorEvidence *item = g_ptr_array_index (evidence, i);
      GtkWidget *evidence_row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (evidence_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (evidence_row), item->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (evidence_row), item->text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (evidence_row), 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), evidence_row);
    }
  if (kind == PIT_ADVISOR_FIX_ADVICE && pit_advisor_finding_get_fix_text (finding) != NULL)
    {
      GtkWidget *advice = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (advice), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (advice), _("What to do"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (advice), pit_advisor_finding_get_fix_text (finding));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (advice), 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), advice);
    }
  else if (kind == PIT_ADVISOR_FIX_TUNE || kind == PIT_ADVISOR_FIX_HOST_PLAN)
    {
      const char *label = pit_advisor_finding_get_fix_label (finding);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *text = gtk_label_new (label ? label : _("Fix"));
      g_autofree char *accessible = g_strdup_printf (_("Fix: %s"), pit_advisor_finding_get_title (finding));

      /* on a phone-sized window with large text, "Change the topology"
       * goes onto two lines rather than widen the page */
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
      gtk_button_set_child (GTK_BUTTON (button), text);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "page.tune");
      /* a host-plan item shows on the wizard's review page */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        kind == PIT_ADVISOR_FIX_HOST_PLAN ? "review" : (page ? page : ""));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
    }
  return row;
}

/**
 * pit_domain_page_set_report:
 * @report: (nullable): the advisor's findings for the shown VM
 */
void
pit_domain_page_set_report (PitDomainPage    *self,
                            PitAdvisorReport *report)
{
  guint n = report ? pit_advisor_report_get_n_findings (report) : 0;

  g_return_if_fail (PIT_IS_DOMAIN_PAGE (self));

  for (guint i = 0; i < self->finding_rows->len; i++)
    adw_preferences_group_remove (self->findings_group, g_ptr_array_index (self->finding_rows, i));
  g_ptr_array_set_size (self->finding_rows, 0);

  if (report == NULL)
    {
      adw_preferences_group_set_description (self->findings_group, _("Checking…"));
      return;
    }
  if (n == 0)
    adw_preferences_group_set_description (self->findings_group,
                                           _("Nothing found: this virtual machine is set up for speed"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thing slows it down or could go faster",
                                                            "%u things slow it down or could go faster", n), n);

      adw_preferences_group_set_description (self->findings_group, text);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitAdvisorFinding) finding = g_list_model_get_item (pit_advisor_report_get_findings (report), i);
      GtkWidget *row = finding_row (finding);

      adw_preferences_group_add (self->findings_group, row);
      g_ptr_array_add (self->finding_rows, g_object_ref (row));
    }
}

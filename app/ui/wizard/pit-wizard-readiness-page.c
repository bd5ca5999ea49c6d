/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-iommu.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 1: can this host make this VM fast?  CPU virtualization, the IOMMU
 * (with the kernel parameters that turn it on), the libvirt connection, and
 * the guest OS (Windows advice only for Windows guests); the rows are in
 * data/ui/pit-wizard-readiness-page.ui, what the host could not tell is a
 * row each. */
struct _PitWizardReadinessPage
{
  PitWizardPage parent_instance;

  AdwPreferencesGroup *host_group;
  AdwActionRow *virt_row;
  AdwActionRow *iommu_row;
  AdwActionRow *connection_row;
  GtkWidget *partial_row;
  GtkWidget *windows_row;
  GtkWidget *other_os_row;

  PitWizardRowList *problem_rows;
};

G_DEFINE_FINAL_TYPE (PitWizardReadinessPage, pit_wizard_readiness_page, PIT_TYPE_WIZARD_PAGE)

static const char *
status_icon (gboolean ok)
{
  return ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic";
}

static char *
iommu_text (PitHostCpuTopology *cpu,
            PitHostIommu       *iommu)
{
  const char * const *params;
  g_autofree char *joined = NULL;

  if (iommu == NULL || iommu->enabled < 0)
    return g_strdup (_("Unknown on this host"));
  if (iommu->enabled)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "On, %u group", "On, %u groups", iommu->groups->len),
                            iommu->groups->len);
  params = pit_host_iommu_enable_params (cpu ? cpu->vendor : PIT_HOST_CPU_VENDOR_UNKNOWN);
  joined = params ? g_strjoinv (" ", (char **) params) : g_strdup ("intel_iommu=on");
  /* TRANSLATORS: %s are kernel parameters, e.g. "intel_iommu=on iommu=pt" */
  return g_strdup_printf (_("Off: GPU passthrough needs it. Add “%s” to the kernel command line "
                            "(the review page writes it for your system)"), joined);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardReadinessPage *self = PIT_WIZARD_READINESS_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  PitHostCpuTopology *cpu = host ? pit_host_inventory_get_cpu (host) : NULL;
  PitHostIommu *iommu = host ? pit_host_inventory_get_iommu (host) : NULL;
  PitConnection *connection = pit_wizard_state_get_connection (state);
  GPtrArray *problems = host ? pit_host_inventory_get_problems (host) : NULL;
  g_autofree char *virt = NULL;
  g_autofree char *iommu_subtitle = iommu_text (cpu, iommu);
  g_autoptr(GString) key = g_string_new (NULL);

  if (cpu == NULL || cpu->virtualization == NULL)
    virt = g_strdup (_("Unknown: the host’s CPU flags could not be read"));
  else if (g_strcmp0 (cpu->virtualization, "none") == 0)
    virt = g_strdup (_("Not available: turn on Intel VT-x or AMD-V (SVM) in the firmware settings"));
  else
    /* TRANSLATORS: %s is "vmx" (Intel VT-x) or "svm" (AMD-V) */
    virt = g_strdup_printf (_("Available (%s)"), cpu->virtualization);
  pit_wizard_page_update_row (self->virt_row, virt,
                              status_icon (cpu != NULL && (g_strcmp0 (cpu->virtualization, "vmx") == 0
                                                           || g_strcmp0 (cpu->virtualization, "svm") == 0)));
  pit_wizard_page_update_row (self->iommu_row, iommu_subtitle, status_icon (iommu != NULL && iommu->enabled == 1));
  pit_wizard_page_update_row (self->connection_row,
                              pit_connection_is_demo (connection) ? _("The demo host (nothing real is changed)")
                                                                  : pit_connection_get_uri (connection),
                              status_icon (pit_connection_get_status (connection) == PIT_CONNECTION_STATUS_CONNECTED));
  gtk_widget_set_visible (self->partial_row, host != NULL && pit_host_inventory_is_partial (host));

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_string_append_printf (key, "%s\n", (const char *) g_ptr_array_index (problems, i));
  if (pit_wizard_row_list_update (self->problem_rows, key->str))
    for (guint i = 0; problems != NULL && i < problems->len; i++)
      pit_wizard_row_list_add (self->problem_rows, _("Could not read"), g_ptr_array_index (problems, i),
                               "dialog-warning-symbolic");

  gtk_widget_set_visible (self->windows_row, pit_wizard_state_is_windows (state));
  gtk_widget_set_visible (self->other_os_row, !pit_wizard_state_is_windows (state));
}

static gboolean
validate (PitWizardPage  *page,
          GError        **error)
{
  return TRUE;
}

static void
pit_wizard_readiness_page_dispose (GObject *object)
{
  PitWizardReadinessPage *self = PIT_WIZARD_READINESS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_READINESS_PAGE);
  g_clear_pointer (&self->problem_rows, pit_wizard_row_list_free);

  G_OBJECT_CLASS (pit_wizard_readiness_page_parent_class)->dispose (object);
}

static void
pit_wizard_readiness_page_class_init (PitWizardReadinessPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PitWizardPageClass *page_class = PIT_WIZARD_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_readiness_page_dispose;
  page_class->refresh = refresh;
  page_class->validate = validate;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-readiness-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardReadinessPage, host_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReadinessPage, virt_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReadinessPage, iommu_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReadinessPage, connection_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReadinessPage, partial_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReadinessPage, windows_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardReadinessPage, other_os_row);
}

static void
pit_wizard_readiness_page_init (PitWizardReadinessPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->problem_rows = pit_wizard_row_list_new (self->host_group);
}

GtkWidget *
pit_wizard_readiness_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_READINESS_PAGE, "id", "readiness", "title", _("Readiness"), NULL);
}

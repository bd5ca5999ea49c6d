/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-host-iommu.h"
#include "pit-wizard-pages.h"

/* Page 1: can this host make this VM fast?  CPU virtualization, the IOMMU
 * (with the kernel parameters that turn it on), the libvirt connection, and
 * the guest OS (Windows advice only for Windows guests). */
struct _PitWizardReadinessPage
{
  PitWizardPage parent_instance;
};

G_DEFINE_FINAL_TYPE (PitWizardReadinessPage, pit_wizard_readiness_page, PIT_TYPE_WIZARD_PAGE)

static const char *
status_icon (gboolean ok)
{
  return ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic";
}

static void
refresh (PitWizardPage *page)
{
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  PitHostCpuTopology *cpu = host ? pit_host_inventory_get_cpu (host) : NULL;
  PitHostIommu *iommu = host ? pit_host_inventory_get_iommu (host) : NULL;
  PitConnection *connection = pit_wizard_state_get_connection (state);
  AdwPreferencesGroup *group;
  g_autofree char *virt = NULL;
  g_autofree char *iommu_text = NULL;

  pit_wizard_page_clear (page);
  group = pit_wizard_page_add_group (page, _("This Computer"), NULL);

  if (cpu == NULL || cpu->virtualization == NULL)
    virt = g_strdup (_("Unknown: the host’s CPU flags could not be read"));
  else if (g_strcmp0 (cpu->virtualization, "none") == 0)
    virt = g_strdup (_("Not available: turn on Intel VT-x or AMD-V (SVM) in the firmware settings"));
  else
    /* TRANSLATORS: %s is "vmx" (Intel VT-x) or "svm" (AMD-V) */
    virt = g_strdup_printf (_("Available (%s)"), cpu->virtualization);
  pit_wizard_page_add_row (group, _("CPU virtualization"), virt,
                           status_icon (cpu != NULL && (g_strcmp0 (cpu->virtualization, "vmx") == 0
                                                        || g_strcmp0 (cpu->virtualization, "svm") == 0)));

  if (iommu == NULL || iommu->enabled < 0)
    iommu_text = g_strdup (_("Unknown on this host"));
  else if (iommu->enabled)
    iommu_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "On, %u group", "On, %u groups", iommu->groups->len),
                                  iommu->groups->len);
  else
    {
      const char * const *params = pit_host_iommu_enable_params (cpu ? cpu->vendor : PIT_HOST_CPU_VENDOR_UNKNOWN);
      g_autofree char *joined = params ? g_strjoinv (" ", (char **) params) : g_strdup ("intel_iommu=on");

      /* TRANSLATORS: %s are kernel parameters, e.g. "intel_iommu=on iommu=pt" */
      iommu_text = g_strdup_printf (_("Off: GPU passthrough needs it. Add “%s” to the kernel command line "
                                      "(the review page writes it for your system)"), joined);
    }
  pit_wizard_page_add_row (group, _("IOMMU"), iommu_text, status_icon (iommu != NULL && iommu->enabled == 1));

  pit_wizard_page_add_row (group, _("libvirt connection"),
                           pit_connection_is_demo (connection) ? _("The demo host (nothing real is changed)")
                                                               : pit_connection_get_uri (connection),
                           status_icon (pit_connection_get_status (connection) == PIT_CONNECTION_STATUS_CONNECTED));

  if (host != NULL && pit_host_inventory_is_partial (host))
    pit_wizard_page_add_row (group, _("Host facts"),
                             _("Partial: a remote host only tells what libvirt knows; CPU pinning and the "
                               "host plan use what is known"),
                             "dialog-information-symbolic");
  for (guint i = 0; host != NULL && i < pit_host_inventory_get_problems (host)->len; i++)
    pit_wizard_page_add_row (group, _("Could not read"), g_ptr_array_index (pit_host_inventory_get_problems (host), i),
                             "dialog-warning-symbolic");

  group = pit_wizard_page_add_group (page, _("The Virtual Machine"), NULL);
  if (pit_wizard_state_is_windows (state))
    pit_wizard_page_add_row (group, _("Windows guest"),
                             _("Windows needs the virtio drivers before its disk and network can use virtio; "
                               "the drivers page attaches the driver disc and moves the boot disk safely"),
                             "dialog-information-symbolic");
  else
    pit_wizard_page_add_row (group, _("Guest operating system"),
                             _("Not Windows: Linux and BSD guests have the virtio drivers built in"),
                             "emblem-ok-symbolic");
}

static gboolean
validate (PitWizardPage  *page,
          GError        **error)
{
  return TRUE;
}

static void
pit_wizard_readiness_page_class_init (PitWizardReadinessPageClass *klass)
{
  PitWizardPageClass *page_class = PIT_WIZARD_PAGE_CLASS (klass);

  page_class->refresh = refresh;
  page_class->validate = validate;
}

static void
pit_wizard_readiness_page_init (PitWizardReadinessPage *self)
{
}

GtkWidget *
pit_wizard_readiness_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_READINESS_PAGE, "id", "readiness", "title", _("Readiness"), NULL);
}

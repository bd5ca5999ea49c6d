/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The wizard's pages, one type per .c file; declared together because each
 * exposes nothing but its constructor (everything goes through
 * PitWizardPage and the PitWizardState). */

#include "pit-wizard-page.h"

G_BEGIN_DECLS

#define PIT_TYPE_WIZARD_READINESS_PAGE (pit_wizard_readiness_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardReadinessPage, pit_wizard_readiness_page, PIT, WIZARD_READINESS_PAGE, PitWizardPage)
GtkWidget *pit_wizard_readiness_page_new (void);

#define PIT_TYPE_WIZARD_GPU_PAGE (pit_wizard_gpu_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardGpuPage, pit_wizard_gpu_page, PIT, WIZARD_GPU_PAGE, PitWizardPage)
GtkWidget *pit_wizard_gpu_page_new (void);

#define PIT_TYPE_WIZARD_DISPLAY_PAGE (pit_wizard_display_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardDisplayPage, pit_wizard_display_page, PIT, WIZARD_DISPLAY_PAGE, PitWizardPage)
GtkWidget *pit_wizard_display_page_new (void);

#define PIT_TYPE_WIZARD_CPU_PAGE (pit_wizard_cpu_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardCpuPage, pit_wizard_cpu_page, PIT, WIZARD_CPU_PAGE, PitWizardPage)
GtkWidget *pit_wizard_cpu_page_new (void);

#define PIT_TYPE_WIZARD_PINNING_PAGE (pit_wizard_pinning_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardPinningPage, pit_wizard_pinning_page, PIT, WIZARD_PINNING_PAGE, PitWizardPage)
GtkWidget *pit_wizard_pinning_page_new (void);

#define PIT_TYPE_WIZARD_MEMORY_PAGE (pit_wizard_memory_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardMemoryPage, pit_wizard_memory_page, PIT, WIZARD_MEMORY_PAGE, PitWizardPage)
GtkWidget *pit_wizard_memory_page_new (void);

#define PIT_TYPE_WIZARD_DRIVERS_PAGE (pit_wizard_drivers_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardDriversPage, pit_wizard_drivers_page, PIT, WIZARD_DRIVERS_PAGE, PitWizardPage)
GtkWidget *pit_wizard_drivers_page_new (void);

#define PIT_TYPE_WIZARD_NETWORK_PAGE (pit_wizard_network_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardNetworkPage, pit_wizard_network_page, PIT, WIZARD_NETWORK_PAGE, PitWizardPage)
GtkWidget *pit_wizard_network_page_new (void);

#define PIT_TYPE_WIZARD_REVIEW_PAGE (pit_wizard_review_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardReviewPage, pit_wizard_review_page, PIT, WIZARD_REVIEW_PAGE, PitWizardPage)
GtkWidget *pit_wizard_review_page_new (void);

#define PIT_TYPE_WIZARD_APPLY_PAGE (pit_wizard_apply_page_get_type ())
G_DECLARE_FINAL_TYPE (PitWizardApplyPage, pit_wizard_apply_page, PIT, WIZARD_APPLY_PAGE, PitWizardPage)
GtkWidget *pit_wizard_apply_page_new (void);
void       pit_wizard_apply_page_apply (PitWizardApplyPage *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-advisor-report.h"
#include "pit-domain.h"

G_BEGIN_DECLS

#define PIT_TYPE_DOMAIN_PAGE (pit_domain_page_get_type ())

G_DECLARE_FINAL_TYPE (PitDomainPage, pit_domain_page, PIT, DOMAIN_PAGE, AdwBin)

void       pit_domain_page_set_domain (PitDomainPage *self,
                                       PitDomain     *domain);
PitDomain *pit_domain_page_get_domain (PitDomainPage *self);
void       pit_domain_page_set_report (PitDomainPage    *self,
                                       PitAdvisorReport *report);

G_END_DECLS

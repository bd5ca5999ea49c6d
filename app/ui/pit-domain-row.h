/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-domain.h"

G_BEGIN_DECLS

#define PIT_TYPE_DOMAIN_ROW (pit_domain_row_get_type ())

G_DECLARE_FINAL_TYPE (PitDomainRow, pit_domain_row, PIT, DOMAIN_ROW, AdwBin)

GtkWidget *pit_domain_row_new        (void);
void       pit_domain_row_set_domain (PitDomainRow *self,
                                      PitDomain    *domain);
PitDomain *pit_domain_row_get_domain (PitDomainRow *self);

G_END_DECLS

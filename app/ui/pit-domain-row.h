/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pit-domain.h"

G_BEGIN_DECLS

#define PIT_TYPE_DOMAIN_ROW (pit_domain_row_get_type ())

G_DECLARE_FINAL_TYPE (PitDomainRow, pit_domain_row, PIT, DOMAIN_ROW, GtkListBoxRow)

GtkWidget *pit_domain_row_new        (PitDomain    *domain);
PitDomain *pit_domain_row_get_domain (PitDomainRow *self);

G_END_DECLS

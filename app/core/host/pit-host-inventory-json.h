/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-host-inventory.h"
#include "pit-json-writer.h"

G_BEGIN_DECLS

/* The inventory as the JSON object of `pitstop-cli host --json` (keys in
 * issue #3; unknown values are null). */
void  pit_host_inventory_write_json (PitHostInventory *self,
                                     PitJsonWriter    *json);
char *pit_host_inventory_to_json    (PitHostInventory *self);

G_END_DECLS

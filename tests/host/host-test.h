/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-host-inventory.h"
#include "pit-test-support.h"

G_BEGIN_DECLS

/* A recorded tree under tests/fixtures/hosts/ */
char             *host_test_tree        (const char *name);
/* Probes a recorded tree (or any root), failing the test on error. */
PitHostInventory *host_test_probe       (const char *root,
                                         const char *const *storage);
PitHostInventory *host_test_probe_tree  (const char *name,
                                         const char *const *storage);
/* Whether one of the inventory's problems contains @text */
gboolean          host_test_has_problem (PitHostInventory *inventory,
                                         const char       *text);
/* A writable copy of a tree in a fresh temporary folder (removed by
 * host_test_remove_tree). */
char             *host_test_copy_tree   (const char *root);
void              host_test_remove_tree (const char *root);
void              host_test_remove_dir  (const char *dir);
void              host_test_write       (const char *root,
                                         const char *path,
                                         const char *contents,
                                         gssize      length);

G_END_DECLS

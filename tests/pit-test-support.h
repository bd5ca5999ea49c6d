/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-connection.h"
#include "pit-host-partition-table.h"

G_BEGIN_DECLS

/* Shared by the test programs. */

const char    *pit_test_corpus_dir          (void);
char          *pit_test_corpus_path         (const char  *first_element,
                                             ...) G_GNUC_NULL_TERMINATED;
gboolean       pit_test_skip_without_corpus (void);
char          *pit_test_fixture_path        (const char  *first_element,
                                             ...) G_GNUC_NULL_TERMINATED;
PitConnection *pit_test_open_demo           (void);
gboolean       pit_test_wait_for            (gboolean   (*condition) (gpointer user_data),
                                             gpointer     user_data,
                                             guint        timeout_ms);
gboolean       pit_test_pointer_is_set      (gpointer     location);
void           pit_test_copy_tree           (const char  *from,
                                             const char  *to);
void           pit_test_write_disk          (const char  *path,
                                             PitPartitionTable table);
void           pit_test_remove_tree         (const char  *path);
int            pit_test_run_cli             (const char  *const *argv,
                                             char       **out,
                                             char       **err);
char          *pit_test_read_inactive_xml   (PitDomain   *domain);

G_END_DECLS

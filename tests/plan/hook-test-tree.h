/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fake root, file by file: relative path -> "dir", "link TARGET",
 * "file CONTENTS" or "trigger".
 *
 * HOOK_TEST_TREE_AS_SHOWN compares a tree as the kernel shows it: its
 * write-only trigger files (a driver's bind/unbind/new_id/remove_id,
 * drivers_probe) are "trigger" whatever was written there, as the kernel
 * acts on it and never shows it again (the steps written there are checked
 * through the journal lines instead), and a driver_override written empty
 * reads "(null)".  HOOK_TEST_TREE_BYTES compares byte for byte. */

typedef enum
{
  HOOK_TEST_TREE_AS_SHOWN,
  HOOK_TEST_TREE_BYTES,
} HookTestTreeView;

GHashTable *hook_test_tree_snapshot    (const char       *root,
                                        HookTestTreeView  view);
char       *hook_test_tree_differences (GHashTable       *before,
                                        GHashTable       *after);
void        hook_test_tree_assert_same (GHashTable       *before,
                                        const char       *root,
                                        HookTestTreeView  view,
                                        const char       *what);

G_END_DECLS

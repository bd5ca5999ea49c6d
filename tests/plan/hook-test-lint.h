/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A generated hook's text, checked without running it */

void  hook_test_lint_shell (const char *hook);
char *hook_test_nix_parse  (const char *nix,
                            const char *text,
                            const char *path);

G_END_DECLS

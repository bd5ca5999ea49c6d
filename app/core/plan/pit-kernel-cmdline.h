/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Kernel command lines as lists of parameters: split, look up, merge. */

typedef enum
{
  PIT_CMDLINE_KEPT,      /* already there with the planned value */
  PIT_CMDLINE_ADDED,     /* not there: appended */
  PIT_CMDLINE_REPLACED,  /* there with another value: replaced in place */
  PIT_CMDLINE_REMOVED,   /* an old hugepage setting the planned one replaces */
} PitCmdlineChange;

typedef struct
{
  PitCmdlineChange  change;
  char             *param;  /* the planned parameter (NULL for REMOVED) */
  char             *old;    /* what was there (REPLACED, REMOVED) */
} PitCmdlineEdit;

char      **pit_kernel_cmdline_split      (const char          *cmdline);
char       *pit_kernel_cmdline_key        (const char          *param);
const char *pit_kernel_cmdline_lookup     (const char * const  *params,
                                           const char          *key);
gboolean    pit_kernel_cmdline_is_hugepage_key (const char     *key);
gboolean    pit_kernel_cmdline_same       (const char          *a,
                                           const char          *b);
char      **pit_kernel_cmdline_merge      (const char * const  *existing,
                                           const char * const  *planned,
                                           GPtrArray          **edits);
void        pit_cmdline_edit_free         (PitCmdlineEdit      *edit);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Working hand in hand with Virtual Machine Manager (virt-manager): the
 * connections it has saved, and starting it on a URI and a VM. */

#define PIT_VIRT_MANAGER_CONNECTIONS_SCHEMA "org.virt-manager.virt-manager.connections"

typedef enum
{
  PIT_VIRT_MANAGER_VIEW_MANAGER,  /* only the connection, no VM window */
  PIT_VIRT_MANAGER_VIEW_CONSOLE,  /* --show-domain-console */
  PIT_VIRT_MANAGER_VIEW_DETAILS,  /* --show-domain-editor */
} PitVirtManagerView;

char      **pit_virt_manager_dup_saved_uris             (void);
char      **pit_virt_manager_dup_saved_uris_from_source (GSettingsSchemaSource  *source);
char       *pit_virt_manager_find_program               (void);
gboolean    pit_virt_manager_is_available               (void);
char      **pit_virt_manager_build_argv                 (const char             *program,
                                                         const char             *uri,
                                                         const char             *domain,
                                                         PitVirtManagerView      view,
                                                         GError                **error);
GSubprocess *pit_virt_manager_launch                    (const char             *uri,
                                                         const char             *domain,
                                                         PitVirtManagerView      view,
                                                         GError                **error);

G_END_DECLS

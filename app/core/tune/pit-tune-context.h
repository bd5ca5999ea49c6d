/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libvirt/libvirt.h>
#include <libxml/tree.h>

#include "pit-gconfig.h"
#include "pit-host-inventory.h"
#include "pit-tune-lookups.h"

G_BEGIN_DECLS

/* What one run of the changes works on: the domain being edited (a
 * libvirt-gconfig object; its live node is @root), what is known about the
 * host (nullable), and the connection when the domain lives on one
 * (nullable: an XML file).  Changes add warnings (shown next to the diff)
 * and may ask for storage volumes that pit_tune_apply() creates before it
 * defines the domain. */
typedef struct
{
  char *pool;          /* storage pool name */
  char *name;          /* volume name */
  char *path;          /* the path the domain will use */
  guint64 capacity;    /* bytes */
  char *format;        /* "qcow2" or "raw" */
} PitTuneVolume;

typedef struct
{
  GVirConfigDomain *domain;
  xmlNode *root;
  PitHostInventory *host;       /* nullable */
  virConnectPtr connection;     /* nullable */
  PitTuneLookups *lookups;      /* nullable: answers asked beforehand, before the connection */
  gboolean check_files;         /* paths are on this machine: check they exist */
  GPtrArray *warnings;          /* char * */
  GPtrArray *volumes;           /* PitTuneVolume */
} PitTuneContext;

void        pit_tune_context_init         (PitTuneContext    *self,
                                           GVirConfigDomain  *domain,
                                           PitHostInventory  *host,
                                           virConnectPtr      connection);
void        pit_tune_context_clear        (PitTuneContext    *self);
void        pit_tune_context_warn         (PitTuneContext    *self,
                                           const char        *format,
                                           ...) G_GNUC_PRINTF (2, 3);
char       *pit_tune_context_dup_arch     (PitTuneContext    *self);
gboolean    pit_tune_context_require_x86  (PitTuneContext    *self,
                                           const char        *what,
                                           GError           **error);
gboolean    pit_tune_context_check_file   (PitTuneContext    *self,
                                           const char        *path,
                                           GFileTest          test,
                                           const char        *hint,
                                           GError           **error);
PitHostStorage *pit_tune_context_get_storage (PitTuneContext *self,
                                             const char     *path);
gboolean    pit_tune_context_is_kvm       (PitTuneContext    *self);
gboolean    pit_tune_context_is_qemu      (PitTuneContext    *self);
gboolean    pit_tune_context_has_io_uring (PitTuneContext    *self);
guint       pit_tune_context_get_max_vcpus (PitTuneContext   *self);
xmlNode    *pit_tune_context_get_devices  (PitTuneContext    *self);
void        pit_tune_volume_free          (PitTuneVolume     *volume);
gpointer    pit_tune_wrap_device          (xmlNode           *node,
                                           GType              type,
                                           GError           **error);
xmlNode    *pit_tune_put_back_device      (xmlNode           *node,
                                           gpointer           object);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PitTuneContext, pit_tune_context_clear)

G_END_DECLS

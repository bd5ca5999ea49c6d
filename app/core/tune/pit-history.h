/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The saved versions of one domain's XML:
 * $XDG_DATA_HOME/pitstop/history/<uuid>/<id>.xml (the exact bytes libvirt
 * gave) and <id>.ini (time, description).  Ids sort by time; the newest
 * PIT_HISTORY_MAX_ENTRIES are kept. */
#define PIT_HISTORY_MAX_ENTRIES 50

typedef struct
{
  char *id;
  GDateTime *time;
  char *description;
} PitHistoryEntry;

void pit_history_entry_free (PitHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHistoryEntry, pit_history_entry_free)

/* A storage volume that the change following an entry created or deleted
 * (an entry holds the XML from before its change).  Recorded in the entry's
 * .ini so that restoring it, or an older entry, can undo that: delete what
 * Pitstop created, create again what a restore deleted. */
typedef enum
{
  PIT_HISTORY_VOLUME_CREATED,
  PIT_HISTORY_VOLUME_DELETED,
} PitHistoryVolumeAction;

typedef struct
{
  PitHistoryVolumeAction action;
  char *pool;             /* storage pool name */
  char *name;             /* volume name */
  char *key;              /* libvirt's key: tells this volume from a namesake */
  char *path;
  guint64 capacity;       /* bytes */
  char *format;           /* "qcow2", "raw" */
} PitHistoryVolume;

void pit_history_volume_free (PitHistoryVolume *volume);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHistoryVolume, pit_history_volume_free)

#define PIT_TYPE_HISTORY (pit_history_get_type ())

G_DECLARE_FINAL_TYPE (PitHistory, pit_history, PIT, HISTORY, GObject)

PitHistory *pit_history_new          (const char   *uuid);
PitHistory *pit_history_new_for_dir  (const char   *dir);
const char *pit_history_get_dir      (PitHistory   *self);
GPtrArray  *pit_history_list         (PitHistory   *self,
                                      GError      **error);
char       *pit_history_save         (PitHistory   *self,
                                      const char   *xml,
                                      const char   *description,
                                      GError      **error);
char       *pit_history_load         (PitHistory   *self,
                                      const char   *id,
                                      GError      **error);
gboolean    pit_history_delete       (PitHistory   *self,
                                      const char   *id,
                                      GError      **error);
guint       pit_history_prune        (PitHistory   *self,
                                      guint         keep);
gboolean    pit_history_add_volumes  (PitHistory   *self,
                                      const char   *id,
                                      GPtrArray    *volumes,
                                      GError      **error);
GPtrArray  *pit_history_get_volumes  (PitHistory   *self,
                                      const char   *id);

G_END_DECLS

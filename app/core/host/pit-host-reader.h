/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every read of host state goes through a reader: paths are absolute host
 * paths ("/sys/…", "/proc/…", "/etc/…") resolved under the reader's root
 * prefix ("/" for the live host, a fixture tree otherwise).  What could not
 * be read is collected as problems (translated, one line each) instead of
 * failing: an inventory is partial rather than absent. */
typedef struct _PitHostReader PitHostReader;

PitHostReader *pit_host_reader_new          (const char     *root);
PitHostReader *pit_host_reader_ref          (PitHostReader  *self);
void           pit_host_reader_unref        (PitHostReader  *self);

const char    *pit_host_reader_get_root     (PitHostReader  *self);
gboolean       pit_host_reader_is_live      (PitHostReader  *self);
char          *pit_host_reader_map_sandbox   (const char     *path,
                                              const char     *sandbox_host);
char          *pit_host_reader_path         (PitHostReader  *self,
                                             const char     *path);
gboolean       pit_host_reader_exists       (PitHostReader  *self,
                                             const char     *path);

/* Returns %NULL when the file cannot be read; with @report, records why. */
char          *pit_host_reader_read         (PitHostReader  *self,
                                             const char     *path,
                                             gboolean        report);
/* First line, stripped; %NULL when missing or empty. */
char          *pit_host_reader_read_line    (PitHostReader  *self,
                                             const char     *path,
                                             gboolean        report);
/* A decimal (or 0x hex) integer; a malformed value is always reported. */
gboolean       pit_host_reader_read_int     (PitHostReader  *self,
                                             const char     *path,
                                             gboolean        report,
                                             gint64         *value);
/* A CPU list such as "0-4,6" as sorted unique ids; %NULL when unreadable. */
GArray        *pit_host_reader_read_cpulist (PitHostReader  *self,
                                             const char     *path,
                                             gboolean        report);
/* The last component of a symbolic link's target ("nouveau" for a
 * …/driver link); %NULL when it is not a link. */
char          *pit_host_reader_read_link_name (PitHostReader *self,
                                               const char    *path);
/* Where a link (or a path through links) really leads, as a host path
 * ("/sys/devices/pci0000:00/…"): the root prefix taken off again.  %NULL
 * when it does not resolve or leads outside the root. */
char          *pit_host_reader_resolve      (PitHostReader  *self,
                                             const char     *path);
/* Sorted entry names of a folder; %NULL when it cannot be listed. */
GPtrArray     *pit_host_reader_list_dir     (PitHostReader  *self,
                                             const char     *path,
                                             gboolean        report);

/* The output of a command about the host (e.g. `zpool status -P POOL`):
 * run with an argument vector on the live host, read from
 * ROOT/.pitstop-commands/ARGV0_ARGV1_… in a recorded tree.  %NULL when
 * unavailable (never reported as a problem: it is optional). */
char          *pit_host_reader_run          (PitHostReader       *self,
                                             const char * const  *argv);

void           pit_host_reader_add_problem  (PitHostReader  *self,
                                             const char     *format,
                                             ...) G_GNUC_PRINTF (2, 3);
/* (transfer none) (element-type utf8) */
GPtrArray     *pit_host_reader_get_problems (PitHostReader  *self);

/* "0-3,8,10-11" → 0 1 2 3 8 10 11; %FALSE on malformed text. */
gboolean       pit_host_parse_cpulist       (const char     *text,
                                             GArray         *ids);
char          *pit_host_format_cpulist      (const guint    *ids,
                                             guint           n_ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostReader, pit_host_reader_unref)

G_END_DECLS

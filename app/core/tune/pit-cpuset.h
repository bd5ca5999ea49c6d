/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A set of host CPU numbers as libvirt writes them: "0-3,^2,8".  Parsing is
 * strict: every number, range and exclusion is checked, and against a host
 * (number of CPUs, online CPUs) when one is given. */
typedef struct _PitCpuset PitCpuset;

PitCpuset *pit_cpuset_new        (void);
PitCpuset *pit_cpuset_copy       (const PitCpuset  *self);
void       pit_cpuset_free       (PitCpuset        *self);
PitCpuset *pit_cpuset_parse      (const char       *text,
                                  guint             n_host_cpus,
                                  const GArray     *online,
                                  GError          **error);
void       pit_cpuset_add        (PitCpuset        *self,
                                  guint             cpu);
gboolean   pit_cpuset_contains   (const PitCpuset  *self,
                                  guint             cpu);
guint      pit_cpuset_count      (const PitCpuset  *self);
gboolean   pit_cpuset_equal      (const PitCpuset  *a,
                                  const PitCpuset  *b);
GArray    *pit_cpuset_to_array   (const PitCpuset  *self);
char      *pit_cpuset_format     (const PitCpuset  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitCpuset, pit_cpuset_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-monitor-sample.h"

G_BEGIN_DECLS

/* A recorded sequence of ticks, in the text `virsh domstats` prints, with
 * comment lines for what it does not print:
 *
 *   # host-cpus=8
 *   # time=0.0
 *   Domain: 'fedora-server'
 *     state.state=1
 *     cpu.time=123456789
 *     block.0.name=vda
 *     …
 *   # time=1.0
 *   Domain: 'fedora-server'
 *     …
 *
 * "# time=" starts a tick (seconds); a domain's UUID is its name. */
typedef struct _PitMonitorRecording PitMonitorRecording;

PitMonitorRecording    *pit_monitor_recording_parse         (const char                *text,
                                                             GError                   **error);
PitMonitorRecording    *pit_monitor_recording_load          (const char                *path,
                                                             GError                   **error);
void                    pit_monitor_recording_free          (PitMonitorRecording       *self);
guint                   pit_monitor_recording_get_host_cpus (const PitMonitorRecording *self);
guint                   pit_monitor_recording_get_n_ticks   (const PitMonitorRecording *self);
const PitMonitorSample *pit_monitor_recording_get_sample    (const PitMonitorRecording *self,
                                                             guint                      tick,
                                                             const char                *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitMonitorRecording, pit_monitor_recording_free)

G_END_DECLS

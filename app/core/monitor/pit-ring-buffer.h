/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A fixed-size history of doubles: the newest value replaces the oldest once
 * the buffer is full.  NaN marks a value that was not known (a gap in a
 * graph).  Index 0 is the oldest value still held.  Reference counted
 * (atomically) so a widget can keep the buffer it draws from. */
typedef struct _PitRingBuffer PitRingBuffer;

#define PIT_TYPE_RING_BUFFER (pit_ring_buffer_get_type ())

GType          pit_ring_buffer_get_type     (void) G_GNUC_CONST;
PitRingBuffer *pit_ring_buffer_new          (guint          capacity);
PitRingBuffer *pit_ring_buffer_ref          (PitRingBuffer *self);
void           pit_ring_buffer_unref        (PitRingBuffer *self);
void           pit_ring_buffer_push         (PitRingBuffer *self,
                                             double         value);
void           pit_ring_buffer_clear        (PitRingBuffer *self);
guint          pit_ring_buffer_get_capacity (const PitRingBuffer *self);
guint          pit_ring_buffer_get_length   (const PitRingBuffer *self);
double         pit_ring_buffer_get          (const PitRingBuffer *self,
                                             guint          index);
double         pit_ring_buffer_get_latest   (const PitRingBuffer *self);
guint          pit_ring_buffer_copy_latest  (const PitRingBuffer *self,
                                             double        *out,
                                             guint          n);
gboolean       pit_ring_buffer_get_range    (const PitRingBuffer *self,
                                             double        *min,
                                             double        *max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitRingBuffer, pit_ring_buffer_unref)

G_END_DECLS

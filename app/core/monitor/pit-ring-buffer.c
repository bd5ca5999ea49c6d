/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include <math.h>

#include "pit-ring-buffer.h"

struct _PitRingBuffer
{
  guint capacity;
  guint length;
  guint head;    /* where the next value goes */
  double *values; /* allocated at the first push: a VM's series stay empty
                   * until it is sampled (and some never are) */
};

G_DEFINE_BOXED_TYPE (PitRingBuffer, pit_ring_buffer, pit_ring_buffer_ref, pit_ring_buffer_unref)

static void
ring_buffer_clear (PitRingBuffer *self)
{
  g_free (self->values);
}

/**
 * pit_ring_buffer_new:
 * @capacity: how many values it keeps, at least 1
 */
PitRingBuffer *
pit_ring_buffer_new (guint capacity)
{
  PitRingBuffer *self;

  g_return_val_if_fail (capacity > 0, NULL);

  self = g_atomic_rc_box_new0 (PitRingBuffer);
  self->capacity = capacity;
  return self;
}

PitRingBuffer *
pit_ring_buffer_ref (PitRingBuffer *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_ring_buffer_unref (PitRingBuffer *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) ring_buffer_clear);
}

void
pit_ring_buffer_push (PitRingBuffer *self,
                      double         value)
{
  g_return_if_fail (self != NULL);

  if (self->values == NULL)
    self->values = g_new (double, self->capacity);
  self->values[self->head] = value;
  self->head = (self->head + 1) % self->capacity;
  if (self->length < self->capacity)
    self->length++;
}

void
pit_ring_buffer_clear (PitRingBuffer *self)
{
  g_return_if_fail (self != NULL);

  self->length = 0;
  self->head = 0;
}

guint
pit_ring_buffer_get_capacity (const PitRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->capacity;
}

guint
pit_ring_buffer_get_length (const PitRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

/**
 * pit_ring_buffer_get:
 * @index: 0 for the oldest value held, length - 1 for the newest
 * Returns: the value, or NaN when @index is out of range
 */
double
pit_ring_buffer_get (const PitRingBuffer *self,
                     guint                index)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (index >= self->length)
    return NAN;
  return self->values[(self->head + self->capacity - self->length + index) % self->capacity];
}

/**
 * pit_ring_buffer_get_latest:
 * Returns: the newest value, or NaN when empty
 */
double
pit_ring_buffer_get_latest (const PitRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (self->length == 0)
    return NAN;
  return pit_ring_buffer_get (self, self->length - 1);
}

/**
 * pit_ring_buffer_copy_latest:
 * @out: room for @n values
 * Copies the newest @n values (fewer when the buffer holds fewer), oldest
 * first, e.g. to draw a sparkline of a fixed width.
 * Returns: how many values were copied
 */
guint
pit_ring_buffer_copy_latest (const PitRingBuffer *self,
                             double              *out,
                             guint                n)
{
  guint first;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (out != NULL || n == 0, 0);

  n = MIN (n, self->length);
  first = self->length - n;
  for (guint i = 0; i < n; i++)
    out[i] = pit_ring_buffer_get (self, first + i);

  return n;
}

/**
 * pit_ring_buffer_get_range:
 * The smallest and largest known (not NaN) values, to scale a graph.
 * Returns: %FALSE when no value is known
 */
gboolean
pit_ring_buffer_get_range (const PitRingBuffer *self,
                           double              *min,
                           double              *max)
{
  gboolean found = FALSE;
  double lo = NAN, hi = NAN;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->length; i++)
    {
      double v = pit_ring_buffer_get (self, i);

      if (isnan (v))
        continue;
      if (!found || v < lo)
        lo = v;
      if (!found || v > hi)
        hi = v;
      found = TRUE;
    }

  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;
  return found;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small streaming JSON writer for the command line's --json output.
 * Commas and escaping are handled; the caller nests begin/end correctly. */
typedef struct _PitJsonWriter PitJsonWriter;

PitJsonWriter *pit_json_writer_new          (void);
void           pit_json_writer_free         (PitJsonWriter *self);
char          *pit_json_writer_steal        (PitJsonWriter *self);
void           pit_json_writer_begin_object (PitJsonWriter *self);
void           pit_json_writer_end_object   (PitJsonWriter *self);
void           pit_json_writer_begin_array  (PitJsonWriter *self);
void           pit_json_writer_end_array    (PitJsonWriter *self);
void           pit_json_writer_key          (PitJsonWriter *self,
                                             const char    *key);
void           pit_json_writer_string       (PitJsonWriter *self,
                                             const char    *value);
void           pit_json_writer_int          (PitJsonWriter *self,
                                             gint64         value);
void           pit_json_writer_uint         (PitJsonWriter *self,
                                             guint64        value);
void           pit_json_writer_double       (PitJsonWriter *self,
                                             double         value);
void           pit_json_writer_bool         (PitJsonWriter *self,
                                             gboolean       value);
void           pit_json_writer_null         (PitJsonWriter *self);
/* "key": "value", or "key": null when @value is NULL */
void           pit_json_writer_member_string (PitJsonWriter *self,
                                              const char    *key,
                                              const char    *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitJsonWriter, pit_json_writer_free)

G_END_DECLS

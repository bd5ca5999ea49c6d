/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Shared by the libFuzzer targets (tests/fuzz/fuzz-*.c): every target
 * defines LLVMFuzzerTestOneInput and calls pit_fuzz_init() from
 * LLVMFuzzerInitialize. */

int   LLVMFuzzerInitialize   (int            *argc,
                              char         ***argv);
int   LLVMFuzzerTestOneInput (const uint8_t  *data,
                              size_t          size);

void  pit_fuzz_init          (void);
char *pit_fuzz_string        (const uint8_t  *data,
                              size_t          size);
char *pit_fuzz_scratch_dir   (const char     *name);

G_END_DECLS

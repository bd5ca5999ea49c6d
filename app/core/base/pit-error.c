/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-error"

#include "config.h"

#include "pit-error.h"

G_DEFINE_QUARK (pit-error-quark, pit_error)

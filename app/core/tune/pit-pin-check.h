/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/tree.h>

#include "pit-pin-plan.h"

G_BEGIN_DECLS

/* What is wrong with a pinning (the automatic plan or one edited by hand):
 * vCPUs sharing host CPUs with each other or with the emulator, a guest
 * core whose threads run on different host cores, a host core split
 * between guest cores, vCPUs spread over NUMA nodes.  For the pinning grid
 * of the wizard and the advisor's rules. */
typedef enum
{
  PIT_PIN_PROBLEM_SHARED_CPU,      /* two vCPUs on one host CPU */
  PIT_PIN_PROBLEM_EMULATOR,        /* a vCPU on the emulator's CPUs */
  PIT_PIN_PROBLEM_SPLIT_GUEST_CORE,/* a guest core's threads on different host cores */
  PIT_PIN_PROBLEM_SPLIT_HOST_CORE, /* one host core for two guest cores */
  PIT_PIN_PROBLEM_NUMA,            /* vCPUs on more than one NUMA node */
} PitPinProblemKind;

typedef struct
{
  PitPinProblemKind kind;
  char *message;                   /* translated */
} PitPinProblem;

void        pit_pin_problem_free (PitPinProblem      *problem);
GPtrArray  *pit_pin_plan_check   (PitHostCpuTopology *host,
                                  const PitPinPlan   *pinning,
                                  guint               guest_threads);
PitPinPlan *pit_pin_plan_from_domain (xmlNode        *domain_root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitPinProblem, pit_pin_problem_free)

G_END_DECLS

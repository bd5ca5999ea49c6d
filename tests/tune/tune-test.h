/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-host-inventory.h"
#include "pit-tune-plan.h"

G_BEGIN_DECLS

/* Shared by the tuning engine's tests. */

char             *tune_test_read_fixture   (const char        *name);
void              tune_test_assert_golden  (const char        *actual,
                                            const char        *golden_name);
PitHostCpuTopology *tune_test_cpu_topology (guint              sockets,
                                            guint              cores_per_socket,
                                            guint              threads,
                                            guint              nodes);
PitHostInventory *tune_test_host           (virConnectPtr      demo_connection,
                                            gint64             free_2m,
                                            gint64             free_1g);
PitTuneResult    *tune_test_run            (PitTunePlan       *plan,
                                            const char        *xml);
void              tune_test_assert_idempotent (PitTunePlan    *plan,
                                            PitTuneResult     *result);
void              tune_test_isolate_data   (void);
void              tune_test_remove_data    (void);


extern PitConnection *tune_test_demo;

PitHostInventory *tune_test_demo_host     (gint64             free_2m,
                                           gint64             free_1g);
PitTuneResult    *tune_test_check_golden  (PitTunePlan       *plan,
                                           const char        *fixture,
                                           const char        *golden);
void              tune_test_expect_error  (PitTunePlan       *plan,
                                           const char        *fixture,
                                           int                code,
                                           const char        *message_part);
void              tune_test_expect_error_xml (PitTunePlan     *plan,
                                              const char      *xml,
                                              int              code,
                                              const char      *message_part);
void              tune_test_assert_xml_has (PitTuneResult   *result,
                                            ...) G_GNUC_NULL_TERMINATED;
PitTunePlan      *tune_test_plan_of       (PitTuneStep       *step);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-host-plan.h"

G_BEGIN_DECLS

/* One run's world for a generated libvirt hook: a COPY of a recorded host
 * tree (the fake root, $PITSTOP_HOOK_ROOT), a folder of stub commands
 * (systemctl, modprobe, fuser, logger, sleep) that record their calls, and
 * links to the few read-only tools the test allows.  hook_test_world_run ()
 * puts nothing else on PATH, so the host's own systemctl or modprobe cannot
 * be reached even by mistake, and refuses a root outside the scratch folder.
 *
 * The stubs (links to hook-test-stub.c's program): every call is one line
 * of the call log; STUB_FAIL=NAME:N makes the Nth call of NAME fail; fuser
 * says "in use" for its first @busy calls, then "free"; "systemctl show"
 * prints $STUB_ALLOWED (see hook_test_world_set_stub_env). */

typedef struct
{
  char *scratch;   /* the test program's folder every world lives under */
  char *dir;
  char *root;      /* the fake root */
  char *bin;       /* the stubs */
  char *log;       /* their calls */
  char *hook;      /* the hook to run: set by the test */
  char **stub_env; /* STUB_* variables the test adds */
} HookTestWorld;

/* The stubs' names, NULL-terminated */
extern const char * const hook_test_stubs[];

void           hook_test_write_hook         (const char          *root,
                                             PitHostPlanRequest  *request,
                                             const char          *path);

char          *hook_test_scratch_new        (const char          *template);
void           hook_test_scratch_free       (char                *scratch);
int            hook_test_run_tests          (char                *scratch);

HookTestWorld *hook_test_world_new          (const char          *scratch,
                                             const char          *fixture,
                                             const char * const  *tools);
void           hook_test_world_free         (HookTestWorld       *w);
void           hook_test_world_set_stub_env (HookTestWorld       *w,
                                             const char          *name,
                                             const char          *value);
int            hook_test_world_run          (HookTestWorld       *w,
                                             const char          *vm,
                                             const char          *operation,
                                             const char          *sub_operation,
                                             const char          *fail,
                                             int                  busy,
                                             char               **err);
char          *hook_test_world_calls        (HookTestWorld       *w);
char          *hook_test_world_read         (HookTestWorld       *w,
                                             const char          *relative);

guint          hook_test_count_calls        (const char          *log,
                                             const char          *name);
char          *hook_test_last_command       (const char          *log);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HookTestWorld, hook_test_world_free)

G_END_DECLS

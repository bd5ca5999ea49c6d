/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-wizard.h"

G_BEGIN_DECLS

/* a wizard, loaded and shown (set_up: on the demo's win10-gaming) */
typedef struct
{
  PitConnection *connection;
  PitWizard *wizard;
} PitWizardFixture;

/* what a test of one page runs on */
typedef struct
{
  char *page;
  double text_scale;
} PitWizardCase;

typedef void (*PitWizardTestFunc) (PitWizardFixture *fixture,
                                   gconstpointer     data);

void       pit_wizard_fixture_open          (PitWizardFixture *fixture,
                                             const char       *uri,
                                             const char       *vm);
void       pit_wizard_fixture_close         (PitWizardFixture *fixture);
char      *pit_wizard_fixture_page_text     (PitWizardFixture *fixture,
                                             const char       *page_id);
void       pit_wizard_test_expect_text      (const char       *text,
                                             const char       *needle,
                                             gboolean          shown);
void       pit_wizard_fixture_set_up        (PitWizardFixture *fixture,
                                             gconstpointer     data);
void       pit_wizard_fixture_tear_down     (PitWizardFixture *fixture,
                                             gconstpointer     data);
GtkWidget *pit_wizard_fixture_page          (PitWizardFixture *fixture);
void       pit_wizard_fixture_assert_shows  (PitWizardFixture *fixture,
                                             const char       *text);
/* how pit_wizard_test_find_row() matches a row to its text */
typedef enum
{
  PIT_WIZARD_ROW_TITLE_IS,            /* the title is the text */
  PIT_WIZARD_ROW_TITLE_STARTS,        /* the title starts with it */
  PIT_WIZARD_ROW_TITLE_OR_SUBTITLE_HAS, /* the title or the subtitle holds it */
} PitWizardRowMatch;

GtkWidget *pit_wizard_test_find_row         (GtkWidget        *widget,
                                             const char       *text,
                                             PitWizardRowMatch match);
GPtrArray *pit_wizard_test_page_ids         (void);
void       pit_wizard_test_add_page_test    (const char       *page,
                                             const char       *behaviour,
                                             double            text_scale,
                                             PitWizardTestFunc test);
int        pit_wizard_test_run              (void);

G_END_DECLS

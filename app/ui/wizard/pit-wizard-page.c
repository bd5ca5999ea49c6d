/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-wizard-page.h"

/* A page of the tuning wizard: a clamped, scrolled column of preference
 * groups that a subclass fills from the wizard state in refresh(), and an
 * error label that validate() fills with the engine's own message, placed
 * right after the group of the controls that caused it.  Pages build their
 * rows in code: most rows come from the host's and the VM's data. */
typedef struct
{
  PitWizardState *state;
  char *id;
  char *title;
  int section;

  GtkBox *box;
  GtkLabel *error_label;
} PitWizardPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PitWizardPage, pit_wizard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
real_validate (PitWizardPage  *self,
               GError        **error)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  if (priv->section < 0 || priv->state == NULL || !pit_wizard_state_get_enabled (priv->state, priv->section))
    return TRUE;
  return pit_wizard_state_check_section (priv->state, priv->section, error);
}

static void
pit_wizard_page_dispose (GObject *object)
{
  PitWizardPage *self = PIT_WIZARD_PAGE (object);
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  g_clear_object (&priv->state);

  G_OBJECT_CLASS (pit_wizard_page_parent_class)->dispose (object);
}

static void
pit_wizard_page_finalize (GObject *object)
{
  PitWizardPage *self = PIT_WIZARD_PAGE (object);
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  g_free (priv->id);
  g_free (priv->title);
  g_clear_object (&priv->error_label);

  G_OBJECT_CLASS (pit_wizard_page_parent_class)->finalize (object);
}

static void
pit_wizard_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (PIT_WIZARD_PAGE (object));

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_SECTION:
      g_value_set_int (value, priv->section);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_wizard_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (PIT_WIZARD_PAGE (object));

  switch (prop_id)
    {
    case PROP_ID:
      priv->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      priv->title = g_value_dup_string (value);
      break;
    case PROP_SECTION:
      priv->section = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_wizard_page_class_init (PitWizardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pit_wizard_page_dispose;
  object_class->finalize = pit_wizard_page_finalize;
  object_class->get_property = pit_wizard_page_get_property;
  object_class->set_property = pit_wizard_page_set_property;
  klass->validate = real_validate;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_int ("section", NULL, NULL, -1, PIT_WIZARD_N_SECTIONS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pit_wizard_page_init (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  priv->section = -1;
  priv->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  gtk_widget_set_margin_top (GTK_WIDGET (priv->box), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (priv->box), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (priv->box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (priv->box), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (priv->box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);

  priv->error_label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT, NULL);
  gtk_label_set_wrap (priv->error_label, TRUE);
  gtk_label_set_xalign (priv->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (priv->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), FALSE);
  /* moved between groups by place_error(): the page keeps it alive */
  g_object_ref_sink (priv->error_label);
}

const char *
pit_wizard_page_get_id (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  return priv->id;
}

const char *
pit_wizard_page_get_title (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  return priv->title;
}

/**
 * pit_wizard_page_get_section:
 * Returns: the #PitWizardSection the page edits, or -1
 */
int
pit_wizard_page_get_section (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  return priv->section;
}

PitWizardState *
pit_wizard_page_get_state (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  return priv->state;
}

void
pit_wizard_page_set_state (PitWizardPage  *self,
                           PitWizardState *state)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  g_set_object (&priv->state, state);
}

void
pit_wizard_page_refresh (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  if (priv->state == NULL || pit_wizard_state_get_summary (priv->state) == NULL)
    return;
  PIT_WIZARD_PAGE_GET_CLASS (self)->refresh (self);
}

/**
 * pit_wizard_page_validate:
 * Shows the error next to the controls when the page's choices are refused.
 * Returns: whether Next may go on
 */
gboolean
pit_wizard_page_validate (PitWizardPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = PIT_WIZARD_PAGE_GET_CLASS (self)->validate (self, &error);

  pit_wizard_page_set_error (self, ok ? NULL : error->message);
  return ok;
}

void
pit_wizard_page_set_error (PitWizardPage *self,
                           const char    *message)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  gtk_label_set_label (priv->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), message != NULL);
}

const char *
pit_wizard_page_get_error (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  return gtk_widget_get_visible (GTK_WIDGET (priv->error_label)) ? gtk_label_get_label (priv->error_label) : NULL;
}

GtkBox *
pit_wizard_page_get_box (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  return priv->box;
}

/**
 * pit_wizard_page_clear:
 * Removes every group (a refresh builds them again); keeps the error.
 */
void
pit_wizard_page_clear (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (priv->box))) != NULL)
    gtk_box_remove (priv->box, child);
}

/**
 * pit_wizard_page_place_error:
 * Puts the error label after the groups added so far: right below the
 * controls whose choices the engine checks.
 */
void
pit_wizard_page_place_error (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  if (gtk_widget_get_parent (GTK_WIDGET (priv->error_label)) != NULL)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (priv->error_label))),
                    GTK_WIDGET (priv->error_label));
  gtk_box_append (priv->box, GTK_WIDGET (priv->error_label));
}

AdwPreferencesGroup *
pit_wizard_page_add_group (PitWizardPage *self,
                           const char    *title,
                           const char    *description)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (priv->box, group);
  return ADW_PREFERENCES_GROUP (group);
}

/**
 * pit_wizard_page_add_row:
 * Returns: (transfer none): a new #AdwActionRow in @group
 */
GtkWidget *
pit_wizard_page_add_row (AdwPreferencesGroup *group,
                         const char          *title,
                         const char          *subtitle,
                         const char          *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  /* names, paths and engine messages are text, not Pango markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_preferences_group_add (group, row);
  return row;
}

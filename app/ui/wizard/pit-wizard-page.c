/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-ui-resources.h"
#include "pit-wizard-page.h"

/* A page of the tuning wizard: a clamped, scrolled column of preference
 * groups (data/ui/pit-wizard-page.ui) and an error label that validate()
 * fills with the engine's own message, right after the group of the controls
 * the engine checks.  Each subclass has its own template whose <child>ren
 * land in that column (the GtkBuildable below); refresh() then updates the
 * page from the state in place — the widgets stay, and with them the
 * keyboard focus.  Only rows that come from data (the host's GPUs, its
 * CPUs, the history) are made in code, each list in a PitWizardRowList. */
typedef struct
{
  PitWizardState *state;
  char *id;
  char *title;
  int section;

  GtkBox *box;
  GtkLabel *error_label;
} PitWizardPagePrivate;

static void pit_wizard_page_buildable_init (GtkBuildableIface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (PitWizardPage, pit_wizard_page, ADW_TYPE_BIN,
                                  G_ADD_PRIVATE (PitWizardPage)
                                  G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, pit_wizard_page_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* a subclass template's <child> goes into the column of groups */
static void
pit_wizard_page_add_child (GtkBuildable *buildable,
                           GtkBuilder   *builder,
                           GObject      *child,
                           const char   *type)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (PIT_WIZARD_PAGE (buildable));

  if (priv->box != NULL && GTK_IS_WIDGET (child) && type == NULL)
    gtk_box_append (priv->box, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
pit_wizard_page_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = pit_wizard_page_add_child;
}

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
pit_wizard_page_constructed (GObject *object)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (PIT_WIZARD_PAGE (object));

  G_OBJECT_CLASS (pit_wizard_page_parent_class)->constructed (object);

  /* a section's page takes its id and title from the sections' table */
  if (priv->section >= 0 && priv->id == NULL)
    priv->id = g_strdup (pit_wizard_section_to_id (priv->section));
  if (priv->section >= 0 && priv->title == NULL)
    priv->title = g_strdup (pit_wizard_section_get_title (priv->section));
}

static void
pit_wizard_page_dispose (GObject *object)
{
  PitWizardPage *self = PIT_WIZARD_PAGE (object);
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  g_clear_object (&priv->state);
  /* no gtk_widget_dispose_template() here: GTK 4.8 aborts on it after the
   * subclass disposed its own template ("child != NULL"); the template's
   * children go with the widget tree, and their table with the widget */

  G_OBJECT_CLASS (pit_wizard_page_parent_class)->dispose (object);
}

static void
pit_wizard_page_finalize (GObject *object)
{
  PitWizardPage *self = PIT_WIZARD_PAGE (object);
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  g_free (priv->id);
  g_free (priv->title);

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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pit_wizard_page_constructed;
  object_class->dispose = pit_wizard_page_dispose;
  object_class->finalize = pit_wizard_page_finalize;
  object_class->get_property = pit_wizard_page_get_property;
  object_class->set_property = pit_wizard_page_set_property;
  klass->validate = real_validate;

  /* without a section: the page's own; with one: from the sections' table */
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

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-page.ui");
  gtk_widget_class_bind_template_child_private (widget_class, PitWizardPage, box);
  gtk_widget_class_bind_template_child_private (widget_class, PitWizardPage, error_label);
}

static void
pit_wizard_page_init (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  priv->section = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
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

/**
 * pit_wizard_page_refresh:
 * Updates the page from the state, in place: entering it, after a change.
 */
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

  if (g_strcmp0 (gtk_label_get_label (priv->error_label), message ? message : "") != 0)
    gtk_label_set_label (priv->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), message != NULL);
}

const char *
pit_wizard_page_get_error (PitWizardPage *self)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  return gtk_widget_get_visible (GTK_WIDGET (priv->error_label)) ? gtk_label_get_label (priv->error_label) : NULL;
}

/**
 * pit_wizard_page_set_error_after:
 * @group: a group of the page's template
 * Puts the error label right below @group: the controls whose choices the
 * engine checks.  Called once, from the subclass's init.
 */
void
pit_wizard_page_set_error_after (PitWizardPage *self,
                                 GtkWidget     *group)
{
  PitWizardPagePrivate *priv = pit_wizard_page_get_instance_private (self);

  g_return_if_fail (gtk_widget_get_parent (group) == GTK_WIDGET (priv->box));

  gtk_box_reorder_child_after (priv->box, GTK_WIDGET (priv->error_label), group);
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

/**
 * pit_wizard_page_update_row:
 * @subtitle: (nullable): the new subtitle, or %NULL to keep it
 * Sets a template row's subtitle and icon, touching only what differs.
 */
void
pit_wizard_page_update_row (AdwActionRow *row,
                            const char   *subtitle,
                            const char   *icon_name)
{
  if (subtitle != NULL && g_strcmp0 (adw_action_row_get_subtitle (row), subtitle) != 0)
    adw_action_row_set_subtitle (row, subtitle);
  if (g_strcmp0 (adw_action_row_get_icon_name (row), icon_name) != 0)
    adw_action_row_set_icon_name (row, icon_name);
}

/**
 * pit_wizard_page_update_text:
 * Sets an entry's text unless it already is that: a refresh while the user
 * types must not move the cursor.
 */
void
pit_wizard_page_update_text (GtkEditable *editable,
                             const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), text ? text : "") != 0)
    gtk_editable_set_text (editable, text ? text : "");
}

/**
 * pit_wizard_page_label_switches:
 * Gives the switches inside @widget the accessible name @label: an
 * AdwExpanderRow's own enable switch has none.
 */
void
pit_wizard_page_label_switches (GtkWidget  *widget,
                                const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SWITCH (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      pit_wizard_page_label_switches (child, label);
    }
}

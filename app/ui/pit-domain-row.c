/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-domain-row.h"
#include "pit-format.h"

/* A virtual machine in the sidebar: state icon, name, and "Running · 8 vCPUs
 * (2 active) · 16 GiB".  Follows the domain's notify signals, so lifecycle
 * events show at once.  Recycled by the list view: set_domain rebinds it.
 *
 * Built in code, like PitOverviewRow: GTK 4.8's list view made up to 200
 * of them at start (PitRowView's grid makes about 33), and a template gave
 * each a GtkBuilder of its own (half of what making a row cost, 0.5 M
 * instructions each). */
struct _PitDomainRow
{
  AdwBin parent_instance;

  PitDomain *domain;
  gulong notify_id;

  GtkImage *state_icon;
  GtkLabel *name_label;
  GtkLabel *details_label;
  GtkLabel *badge;
};

G_DEFINE_FINAL_TYPE (PitDomainRow, pit_domain_row, ADW_TYPE_BIN)

static const char *
state_icon_name (PitDomainState state)
{
  switch (state)
    {
    case PIT_DOMAIN_STATE_RUNNING:
    case PIT_DOMAIN_STATE_BLOCKED:
      return "media-playback-start-symbolic";
    case PIT_DOMAIN_STATE_PAUSED:
    case PIT_DOMAIN_STATE_PMSUSPENDED:
      return "media-playback-pause-symbolic";
    case PIT_DOMAIN_STATE_CRASHED:
      return "dialog-error-symbolic";
    case PIT_DOMAIN_STATE_SHUTDOWN:
    case PIT_DOMAIN_STATE_SHUTOFF:
    case PIT_DOMAIN_STATE_NOSTATE:
    default:
      return "system-shutdown-symbolic";
    }
}

static char *
badge_tooltip (PitDomainRow *self)
{
  guint n = pit_domain_get_n_findings (self->domain);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u suggestion to make it faster",
                                       "%u suggestions to make it faster", n), n);
}

/* The tooltips are asked for when they show, not set in update():
 * gtk_widget_set_tooltip_text() on a visible widget asks the X server
 * where the pointer is (a round trip), twice per row, and a list of 200
 * VMs binds 200 rows at start. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  PitDomainRow *self = user_data;

  if (self->domain == NULL)
    return FALSE;
  if (widget == GTK_WIDGET (self->badge))
    {
      g_autofree char *text = badge_tooltip (self);

      gtk_tooltip_set_text (tooltip, text);
    }
  else
    gtk_tooltip_set_text (tooltip, gtk_label_get_label (self->details_label));

  return TRUE;
}

static void
update (PitDomainRow *self)
{
  PitDomainState state = pit_domain_get_state (self->domain);
  g_autofree char *details = NULL;

  if (pit_domain_has_details (self->domain))
    {
      g_autofree char *vcpus = pit_format_vcpus (pit_domain_get_vcpus (self->domain),
                                                 pit_domain_get_vcpus_current (self->domain));
      g_autofree char *memory = pit_format_memory_kib (pit_domain_get_memory_kib (self->domain));

      /* TRANSLATORS: state · vCPUs · memory, e.g. "Running · 8 vCPUs (2 active) · 16 GiB" */
      details = g_strdup_printf (_("%s · %s · %s"), pit_domain_state_to_string (state), vcpus, memory);
    }
  else
    {
      /* listed, its XML still on the way (a remote host): the state only */
      details = g_strdup (pit_domain_state_to_string (state));
    }

  {
    guint n = pit_domain_get_n_findings (self->domain);
    g_autofree char *count = g_strdup_printf ("%u", n);
    g_autofree char *tooltip = badge_tooltip (self);

    gtk_label_set_label (self->badge, count);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->badge), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    gtk_widget_set_visible (GTK_WIDGET (self->badge), n > 0);
  }
  gtk_image_set_from_icon_name (self->state_icon, state_icon_name (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  pit_domain_state_to_string (state), -1);
  gtk_label_set_label (self->name_label, pit_domain_get_name (self->domain));
  gtk_label_set_label (self->details_label, details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pit_domain_get_name (self->domain),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details,
                                  -1);
}

static void
domain_notify_cb (PitDomainRow *self)
{
  update (self);
}

static void
pit_domain_row_dispose (GObject *object)
{
  PitDomainRow *self = (PitDomainRow *) object;

  g_clear_signal_handler (&self->notify_id, self->domain);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (pit_domain_row_parent_class)->dispose (object);
}

static void
pit_domain_row_class_init (PitDomainRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pit_domain_row_dispose;
}

static GtkLabel *
text_label (const char **css_classes)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_css_classes (label, css_classes);
  return GTK_LABEL (label);
}

static void
pit_domain_row_init (PitDomainRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  self->state_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->state_icon), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "domain-row-state");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->state_icon));

  gtk_widget_set_hexpand (text, TRUE);
  self->name_label = text_label ((const char *[]) { "heading", NULL });
  self->details_label = text_label ((const char *[]) { "caption", "dim-label", NULL });
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->name_label));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->details_label));
  gtk_box_append (GTK_BOX (box), text);

  self->badge = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->badge), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), FALSE);
  gtk_widget_set_css_classes (GTK_WIDGET (self->badge), (const char *[]) { "findings-badge", "numeric", NULL });
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->badge));
  adw_bin_set_child (ADW_BIN (self), box);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->badge), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect (self->badge, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
}

GtkWidget *
pit_domain_row_new (void)
{
  return g_object_new (PIT_TYPE_DOMAIN_ROW, NULL);
}

void
pit_domain_row_set_domain (PitDomainRow *self,
                           PitDomain    *domain)
{
  g_return_if_fail (PIT_IS_DOMAIN_ROW (self));
  g_return_if_fail (domain == NULL || PIT_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;

  g_clear_signal_handler (&self->notify_id, self->domain);
  g_set_object (&self->domain, domain);
  if (domain == NULL)
    return;

  self->notify_id = g_signal_connect_object (domain, "notify", G_CALLBACK (domain_notify_cb), self,
                                             G_CONNECT_SWAPPED);
  update (self);
}

/**
 * pit_domain_row_get_domain:
 * Returns: (transfer none) (nullable): the row's domain
 */
PitDomain *
pit_domain_row_get_domain (PitDomainRow *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_ROW (self), NULL);

  return self->domain;
}

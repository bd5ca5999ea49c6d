/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include "pit-row-view.h"

/* A scrolled list of rows (the sidebar's VMs, the overview's), shown by the
 * view that makes the fewest rows on this GTK.
 *
 * GTK 4.8's GtkListView keeps GTK_LIST_VIEW_MAX_LIST_ITEMS (200) rows made
 * and bound around its anchor whatever its height (gtk_list_view_init sets
 * the list base's anchor to 200 widgets and 2 above and below): with 200 VMs
 * each list made, bound, measured and mapped 200 rows at start.  A
 * GtkGridView keeps max-columns × GTK_GRID_VIEW_MAX_VISIBLE_ROWS (30) items
 * and max-columns above and below, so a one-column grid keeps about 32.
 * Its price: GTK gives it the grid role (set back to list here, at
 * construction, so screen readers meet the list they did) and styles its
 * children as `gridview > child`, not `listview > row` (data/style.css
 * gives the navigation sidebar's children its rows' look).
 *
 * Checked in GTK's sources (2026-12): the list views of GTK 4.12 and later
 * (the ones with header factories and gtk_list_view_scroll_to) still call
 * gtk_list_base_set_anchor_max_widgets (self, GTK_LIST_VIEW_MAX_LIST_ITEMS,
 * GTK_LIST_VIEW_EXTRA_ITEMS): a newer list view does not keep only the
 * visible rows, it keeps 200 too.  The grid is still used only below 4.12,
 * the GTK it was checked on (its look is copied from libadwaita 1.2's
 * sidebar rows, which newer libadwaita styles differently); see
 * use_grid().
 *
 * A grid keeps too few rows for a tall list.  What GTK 4.8 does with a
 * viewport taller than them (tried: a 2400 px window, 200 VMs): no empty
 * rows, it stretches the ~32 rows it keeps to fill it (72 px rows instead
 * of 47, 31 VMs shown where 48 fit).  So before its rows are placed, when
 * the viewport could show more rows than the grid keeps (and the model has
 * more), the grid gives way to a list view for good, with the same model
 * (and so the same selection), factory and scroll position. */

/* GTK_GRID_VIEW_MAX_VISIBLE_ROWS: the rows a one-column grid keeps around
 * its anchor, besides one above and one below */
#define GRID_KEPT_ROWS 30
/* rows of margin: the anchor's row is partly shown, and so may the first
 * and the last */
#define GRID_SPARE_ROWS 3

struct _PitRowView
{
  GtkWidget parent_instance;

  GtkWidget *scrolled;
  GtkWidget *view;  /* a GtkGridView or a GtkListView */
  GtkSelectionModel *model;
  GtkListItemFactory *factory;
  char *label;
  gboolean single_click_activate;
  gboolean grid;
  double restore_fraction;   /* after the swap: scroll back there */
  guint restore_tick;
  guint scroll_to;           /* a row to bring into view once laid out */
  guint scroll_tick;
};

G_DEFINE_FINAL_TYPE (PitRowView, pit_row_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_SINGLE_CLICK_ACTIVATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the one-column grid where the list view would keep 200 rows */
static gboolean
use_grid (void)
{
  return gtk_get_major_version () == 4 && gtk_get_minor_version () < 12;
}

static void
view_activate_cb (PitRowView *self,
                  guint       position)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0, position);
}

/* a one-column grid moves across its row with Left and Right, which is to
 * the next or previous VM (and chooses it); a list view does nothing */
static gboolean
grid_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state)
{
  if ((state & (GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK | GDK_HYPER_MASK)) != 0)
    return FALSE;
  return keyval == GDK_KEY_Left || keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Left || keyval == GDK_KEY_KP_Right;
}

static GtkWidget *
make_view (PitRowView *self,
           gboolean    grid)
{
  GtkWidget *view;

  /* the role is construct-only */
  if (grid)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      view = g_object_new (GTK_TYPE_GRID_VIEW,
                           "accessible-role", GTK_ACCESSIBLE_ROLE_LIST,
                           "max-columns", 1,
                           NULL);
      /* before the focused row and the grid's own bindings see them */
      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (grid_key_pressed_cb), NULL);
      gtk_widget_add_controller (view, keys);
    }
  else
    view = g_object_new (GTK_TYPE_LIST_VIEW, NULL);
  /* the factory first: rows are made when the model is set */
  g_object_set (view,
                "factory", self->factory,
                "single-click-activate", self->single_click_activate,
                "model", self->model,
                NULL);
  gtk_widget_add_css_class (view, "navigation-sidebar");
  if (self->label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, self->label, -1);
  g_signal_connect_object (view, "activate", G_CALLBACK (view_activate_cb), self, G_CONNECT_SWAPPED);
  return view;
}

/* the height of a row of @view at @width, or 0 before it has one */
static int
row_height (GtkWidget *view,
            int        width)
{
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int height = 0;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
      if (height > 0)
        return height;
    }
  return 0;
}

/* a viewport of @height would show more rows than the grid keeps */
static gboolean
grid_too_short (PitRowView *self,
                int         width,
                int         height)
{
  int row;

  if (self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) <= GRID_KEPT_ROWS)
    return FALSE;
  row = row_height (self->view, width);
  return row > 0 && height > (GRID_KEPT_ROWS - GRID_SPARE_ROWS) * row;
}

/* the new list view starts at its first row: back to where the grid was,
 * before the next frame's layout (set in the allocation that swapped the
 * views, GTK 4.8 left the list view's rows unallocated and unmapped, or
 * warned of a snapshot without an allocation) */
static gboolean
restore_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  PitRowView *self = PIT_ROW_VIEW (widget);
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  self->restore_tick = 0;
  gtk_adjustment_set_value (vadjustment, self->restore_fraction * gtk_adjustment_get_upper (vadjustment));
  return G_SOURCE_REMOVE;
}

static void
swap_to_list (PitRowView *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  g_debug ("%s: the viewport shows more rows than a grid keeps: a list view instead", self->label);
  /* as a fraction of the list: the grid's height is an estimate from the
   * rows it has (GTK 4.8: 52 px a row where the list view's are 48) */
  self->restore_fraction = gtk_adjustment_get_upper (vadjustment) > 0
                             ? gtk_adjustment_get_value (vadjustment) / gtk_adjustment_get_upper (vadjustment)
                             : 0;
  if (self->restore_fraction > 0 && self->restore_tick == 0)
    self->restore_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), restore_tick_cb, NULL, NULL);
  self->grid = FALSE;
  self->view = make_view (self, FALSE);
  /* the grid goes, with its rows (and the keyboard focus if a row had it:
   * a new GTK 4.8 list view has no row to give it to until one is clicked
   * or reached with Tab) */
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->view);
}

static void
scroll_now (PitRowView *self)
{
  if (self->model != NULL && self->scroll_to < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    gtk_widget_activate_action (self->view, "list.scroll-to-item", "u", self->scroll_to);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  PitRowView *self = PIT_ROW_VIEW (widget);

  if (gtk_widget_get_height (self->view) == 0)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;
  scroll_now (self);
  return G_SOURCE_REMOVE;
}

static void
pit_row_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  gtk_widget_measure (PIT_ROW_VIEW (widget)->scrolled, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
pit_row_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  PitRowView *self = PIT_ROW_VIEW (widget);

  /* before the grid places its rows, so no frame shows them stretched */
  if (self->grid && grid_too_short (self, width, height))
    {
      swap_to_list (self);
      gtk_widget_measure (self->scrolled, GTK_ORIENTATION_HORIZONTAL, height, NULL, NULL, NULL, NULL);
      gtk_widget_measure (self->scrolled, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
    }
  gtk_widget_allocate (self->scrolled, width, height, baseline, NULL);
}

static gboolean
pit_row_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (PIT_ROW_VIEW (widget)->view);
}

static void
pit_row_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PitRowView *self = PIT_ROW_VIEW (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_SINGLE_CLICK_ACTIVATE:
      g_value_set_boolean (value, self->single_click_activate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_row_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PitRowView *self = PIT_ROW_VIEW (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      if (g_strcmp0 (self->label, g_value_get_string (value)) == 0)
        return;
      g_free (self->label);
      self->label = g_value_dup_string (value);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, self->label, -1);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SINGLE_CLICK_ACTIVATE:
      if (self->single_click_activate == g_value_get_boolean (value))
        return;
      self->single_click_activate = g_value_get_boolean (value);
      g_object_set (self->view, "single-click-activate", self->single_click_activate, NULL);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_row_view_dispose (GObject *object)
{
  PitRowView *self = PIT_ROW_VIEW (object);

  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  if (self->restore_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->restore_tick);
  self->restore_tick = 0;
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->view = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->factory);

  G_OBJECT_CLASS (pit_row_view_parent_class)->dispose (object);
}

static void
pit_row_view_finalize (GObject *object)
{
  g_free (PIT_ROW_VIEW (object)->label);

  G_OBJECT_CLASS (pit_row_view_parent_class)->finalize (object);
}

static void
pit_row_view_class_init (PitRowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pit_row_view_get_property;
  object_class->set_property = pit_row_view_set_property;
  object_class->dispose = pit_row_view_dispose;
  object_class->finalize = pit_row_view_finalize;
  widget_class->measure = pit_row_view_measure;
  widget_class->size_allocate = pit_row_view_size_allocate;
  widget_class->grab_focus = pit_row_view_grab_focus;

  /**
   * PitRowView:label:
   * The list's accessible name.
   */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PitRowView:single-click-activate:
   * A click activates a row (as GtkListView's).
   */
  properties[PROP_SINGLE_CLICK_ACTIVATE] =
    g_param_spec_boolean ("single-click-activate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PitRowView::activate:
   * @position: the row activated (as GtkListView::activate)
   */
  signals[SIGNAL_ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
pit_row_view_init (PitRowView *self)
{
  self->grid = use_grid ();
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  self->view = make_view (self, self->grid);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->view);
}

GtkWidget *
pit_row_view_new (void)
{
  return g_object_new (PIT_TYPE_ROW_VIEW, NULL);
}

void
pit_row_view_set_model (PitRowView        *self,
                        GtkSelectionModel *model)
{
  g_return_if_fail (PIT_IS_ROW_VIEW (self));
  g_return_if_fail (model == NULL || GTK_IS_SELECTION_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;
  g_object_set (self->view, "model", model, NULL);
}

/**
 * pit_row_view_get_model:
 * Returns: (transfer none) (nullable): the rows' model
 */
GtkSelectionModel *
pit_row_view_get_model (PitRowView *self)
{
  g_return_val_if_fail (PIT_IS_ROW_VIEW (self), NULL);

  return self->model;
}

void
pit_row_view_set_factory (PitRowView         *self,
                          GtkListItemFactory *factory)
{
  g_return_if_fail (PIT_IS_ROW_VIEW (self));

  if (!g_set_object (&self->factory, factory))
    return;
  g_object_set (self->view, "factory", factory, NULL);
}

/**
 * pit_row_view_get_view:
 * Returns: (transfer none): the GtkGridView or GtkListView showing the
 *   rows now (it has the list.activate-item action)
 */
GtkWidget *
pit_row_view_get_view (PitRowView *self)
{
  g_return_val_if_fail (PIT_IS_ROW_VIEW (self), NULL);

  return self->view;
}

/**
 * pit_row_view_scroll_to:
 * Brings the row at @position into view: at once when the list is laid
 * out, else after its first layout (a GTK 4.8 view asked before it has a
 * height places its rows from guesses: the grid then kept rows around the
 * wrong ones).
 */
void
pit_row_view_scroll_to (PitRowView *self,
                        guint       position)
{
  g_return_if_fail (PIT_IS_ROW_VIEW (self));

  self->scroll_to = position;
  if (gtk_widget_get_height (self->view) > 0)
    scroll_now (self);
  else if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

/**
 * pit_row_view_is_grid:
 * Returns: whether the rows are in a one-column GtkGridView
 */
gboolean
pit_row_view_is_grid (PitRowView *self)
{
  g_return_val_if_fail (PIT_IS_ROW_VIEW (self), FALSE);

  return self->grid;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-table.c: the live orders table. Its model (the page's filtered orders) is sorted by
 * the column view's sorter (newest first by default), then passes an FbHoldModel: at the top
 * with nobody reading, the table shows every change and stays at the top, so the newest order
 * is in sight; scrolled away, hovering or with a row selected, the rows hold still (their cells
 * still update) and a "N new orders" button takes the person back to the top. */
#define G_LOG_DOMAIN "fb-orders-table"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-orders-table-private.h"
#include "fb-status-badge.h"

G_DEFINE_FINAL_TYPE (FbOrdersTable, fb_orders_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ORDER_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Rows that come into the list's first rows at most per frame (fb-hold-model.c): GTK 4.8 makes
 * and binds a row for each, up to about 200 at once. */
#define GROW_STEP 12
/* A frame whose update phase has taken this long before the list's step (the session applied
 * events in it) leaves the step to the next frame. */
#define STEP_WAITS_AFTER_US (6 * 1000)
/* Steps that follow one that left more to come (a burst's, a flood's) come at most this often
 * (ten a second). A flood's next batch replaces the first rows before a step a frame would have
 * reached them: each step costs a frame's layout and drawing, for rows that go again. A step that
 * catches up, or the first after it (a lone event), comes in its frame. */
#define STEP_INTERVAL_US (100 * 1000)

/* -- the newest in sight -- */

static gboolean
at_top (FbOrdersTable *self)
{
  return self->going_to_top || gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scrolled)) < 0.5;
}

static void
scroll_to_top (FbOrdersTable *self)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->hold)) == 0)
    return;

  /* The column view's list keeps its scroll position anchored to a row: rows added above that
   * row would push the newest out of sight. Anchoring to row 0 again keeps it in sight. (Not
   * the adjustment: rows just added have no height yet, so value 0 would find the old first
   * row.) The adjustment follows at the next allocation; until then the table counts as at
   * the top. */
  fb_orders_table_scroll_list_to (self, 0);
  self->going_to_top = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scrolled)) >= 0.5;
}

static void
fb_orders_table_update_new_orders_button_cb (FbOrdersTable *self)
{
  guint n = fb_hold_model_get_n_new (self->hold);
  g_autofree char *text = NULL;

  g_assert (FB_IS_ORDERS_TABLE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->new_orders_button), fb_hold_model_get_held (self->hold) && n > 0);
  if (n == 0)
    return;

  /* Translators: on a button that scrolls the orders table back to its newest orders. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new order", "%u new orders", n), n);
  gtk_label_set_label (self->new_orders_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_orders_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_hold (FbOrdersTable *self)
{
  gboolean reading;

  g_assert (FB_IS_ORDERS_TABLE (self));

  reading = self->hovering || !at_top (self)
            || gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION;
  fb_hold_model_set_held (self->hold, reading);
  fb_orders_table_update_new_orders_button_cb (self);
}

static void
fb_orders_table_scrolled_cb (FbOrdersTable *self,
                             GtkAdjustment *adjustment)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  if (gtk_adjustment_get_value (adjustment) < 0.5)
    self->going_to_top = FALSE;
  update_hold (self);
}

static void
fb_orders_table_hold_changed_cb (FbOrdersTable *self,
                                 guint          position,
                                 guint          removed,
                                 guint          added,
                                 GListModel    *hold)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  /* Only reached when not held: nobody is reading, stay with the newest. */
  if (added > 0 && !fb_hold_model_get_held (self->hold))
    scroll_to_top (self);
}

static void
fb_orders_table_show_newest (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  FbOrdersTable *self = FB_ORDERS_TABLE (widget);

  fb_hold_model_catch_up (self->hold);
  scroll_to_top (self);
  update_hold (self);
}

static gboolean
fb_orders_table_step_timeout_cb (gpointer user_data)
{
  FbOrdersTable *self = user_data;

  self->step_timeout_id = 0;
  if (fb_hold_model_get_growing (self->hold) && self->update_clock != NULL)
    gdk_frame_clock_request_phase (self->update_clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
  return G_SOURCE_REMOVE;
}

/* After the frame's tick callbacks (the session applies events in one): the list takes a step
 * towards its model in the frame that lays it out, a lone event in the frame it arrived for. */
static void
fb_orders_table_frame_update_cb (GdkFrameClock *clock,
                                 FbOrdersTable *self)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  if (!fb_hold_model_get_growing (self->hold))
    return;
  /* A frame that applied a batch of events already has its share of work: the step waits for
     the next one (one frame, not more). */
  if (!self->step_waited && g_get_monotonic_time () - self->frame_start > STEP_WAITS_AFTER_US)
    {
      self->step_waited = TRUE;
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
      return;
    }
  if (self->step_timeout_id != 0)
    return;
  if (self->frame_start - self->unfinished_step < STEP_INTERVAL_US)
    {
      guint wait_ms = (STEP_INTERVAL_US - (self->frame_start - self->unfinished_step)) / 1000 + 1;

      self->step_timeout_id = g_timeout_add (wait_ms, fb_orders_table_step_timeout_cb, self);
      return;
    }
  self->step_waited = FALSE;
  fb_hold_model_grow (self->hold);
  self->unfinished_step = 0;
  if (fb_hold_model_get_growing (self->hold))
    {
      self->unfinished_step = self->frame_start;
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
    }
}

static void
fb_orders_table_frame_start_cb (GdkFrameClock *clock,
                                FbOrdersTable *self)
{
  self->frame_start = g_get_monotonic_time ();
}

static void
fb_orders_table_growing_cb (FbOrdersTable *self)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  if (fb_hold_model_get_growing (self->hold) && self->update_clock != NULL)
    gdk_frame_clock_request_phase (self->update_clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
}

/* A pointer that did not move (the window mapped under it, rows moved under it) is not a person
 * reading: only real motion holds the rows. */
static void
fb_orders_table_motion_cb (FbOrdersTable            *self,
                           double                    x,
                           double                    y,
                           GtkEventControllerMotion *controller)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  if (x == self->pointer_x && y == self->pointer_y)
    return;
  self->pointer_x = x;
  self->pointer_y = y;
  if (!self->hovering)
    {
      self->hovering = TRUE;
      update_hold (self);
    }
}

static void
fb_orders_table_enter_cb (FbOrdersTable            *self,
                          double                    x,
                          double                    y,
                          GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
fb_orders_table_leave_cb (FbOrdersTable            *self,
                          GtkEventControllerMotion *controller)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  self->pointer_x = self->pointer_y = -1;
  if (self->hovering)
    {
      self->hovering = FALSE;
      update_hold (self);
    }
}

static void
fb_orders_table_selected_cb (FbOrdersTable      *self,
                             GParamSpec         *pspec,
                             GtkSingleSelection *selection)
{
  update_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ORDER]);
}

/* -- public -- */

void
fb_orders_table_set_model (FbOrdersTable *self,
                           GListModel    *model)
{
  g_return_if_fail (FB_IS_ORDERS_TABLE (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  gtk_sort_list_model_set_model (self->sort_model, model);
  fb_orders_table_catch_up (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
fb_orders_table_get_model (FbOrdersTable *self)
{
  g_return_val_if_fail (FB_IS_ORDERS_TABLE (self), NULL);

  return self->model;
}

FbOrder *
fb_orders_table_get_selected_order (FbOrdersTable *self)
{
  g_return_val_if_fail (FB_IS_ORDERS_TABLE (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

void
fb_orders_table_unselect (FbOrdersTable *self)
{
  g_return_if_fail (FB_IS_ORDERS_TABLE (self));

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* A click (not only Enter or a double click) opens an order, as where it takes the whole window. */
void
fb_orders_table_set_activate_on_click (FbOrdersTable *self,
                                       gboolean       activate)
{
  g_return_if_fail (FB_IS_ORDERS_TABLE (self));

  gtk_column_view_set_single_click_activate (self->column_view, activate);
}

/* The list changed as a whole (another search, filter or store): show it now, held or not. */
void
fb_orders_table_catch_up (FbOrdersTable *self)
{
  g_return_if_fail (FB_IS_ORDERS_TABLE (self));

  fb_hold_model_catch_up (self->hold);
  fb_orders_table_update_new_orders_button_cb (self);
}

GtkWidget *
fb_orders_table_new (void)
{
  return g_object_new (FB_TYPE_ORDERS_TABLE, NULL);
}

/* -- sorters -- */

static int
status_rank (const char *status)
{
  const char * const *statuses = fb_order_statuses ();

  for (int i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (statuses[i], status) == 0)
      return i;
  return G_MAXINT;   /* unknown statuses last */
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  int ra = status_rank (fb_order_get_status ((FbOrder *) a));
  int rb = status_rank (fb_order_get_status ((FbOrder *) b));

  if (ra != rb)
    return ra < rb ? -1 : 1;
  return g_strcmp0 (fb_order_get_status ((FbOrder *) a), fb_order_get_status ((FbOrder *) b));
}

static void
setup_sorters (FbOrdersTable *self)
{
  g_autoptr(GtkSorter) id_sorter = NULL;
  g_autoptr(GtkSorter) updated_sorter = NULL;
  g_autoptr(GtkSorter) status_sorter = NULL;

  id_sorter = GTK_SORTER (gtk_string_sorter_new (
    gtk_property_expression_new (FB_TYPE_ORDER, NULL, "order-id")));
  updated_sorter = GTK_SORTER (gtk_numeric_sorter_new (
    gtk_property_expression_new (FB_TYPE_ORDER, NULL, "updated-at")));
  status_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_status, NULL, NULL));

  gtk_column_view_column_set_sorter (self->id_column, id_sorter);
  gtk_column_view_column_set_sorter (self->status_column, status_sorter);
  gtk_column_view_column_set_sorter (self->updated_column, updated_sorter);

  /* Newest first, like the reference client. */
  fb_orders_table_sort_by (self, self->updated_column, GTK_SORT_DESCENDING);
}

/* -- columns that give way -- */

/* A column shown or hidden during the allocation is not laid out again in that frame: it changes
   in the next frame's update phase, before that frame's layout. GTK 4.8 counts a hidden column's
   width in the table's (its space stayed empty, the ids no wider): hidden, it is 0 wide. */
static gboolean
fb_orders_table_columns_cb (GtkWidget     *widget,
                            GdkFrameClock *clock,
                            gpointer       user_data)
{
  FbOrdersTable *self = FB_ORDERS_TABLE (widget);

  self->columns_id = 0;
  gtk_column_view_column_set_fixed_width (self->updated_column, self->show_updated ? self->updated_width : 0);
  gtk_column_view_column_set_visible (self->updated_column, self->show_updated);
  return G_SOURCE_REMOVE;
}

/* Updated gives way below the width that shows the ids whole beside their status: an id cut in
   the middle is harder to read than a time is to miss (it is in the order's history and in the
   row's accessible name). */
static void
update_columns (FbOrdersTable *self,
                int            width)
{
  GtkColumnViewColumn *updated = self->updated_column;
  gboolean shown = gtk_column_view_column_get_visible (updated);
  int updated_width = self->updated_width;
  int min, nat;

  gtk_widget_measure (GTK_WIDGET (self->column_view), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  if (shown)
    nat -= updated_width;
  self->show_updated = width >= nat + updated_width;
  if (self->show_updated != shown && self->columns_id == 0)
    self->columns_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), fb_orders_table_columns_cb, NULL, NULL);
}

static void
fb_orders_table_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  FbOrdersTable *self = FB_ORDERS_TABLE (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  /* Without the columns that give way: the ids whole and their status is what the table asks for
     (an order's history beside it folds away below that), a few characters of the ids its least. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && gtk_column_view_column_get_visible (self->updated_column))
    {
      int updated_width = self->updated_width;

      *minimum = MAX (0, *minimum - updated_width);
      *natural = MAX (*minimum, *natural - updated_width);
    }
}

static void
fb_orders_table_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  update_columns (FB_ORDERS_TABLE (widget), width);
  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
}

/* -- GObject -- */

static void
fb_orders_table_realize (GtkWidget *widget)
{
  FbOrdersTable *self = FB_ORDERS_TABLE (widget);

  GTK_WIDGET_CLASS (fb_orders_table_parent_class)->realize (widget);

  self->update_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->update_id = g_signal_connect_after (self->update_clock, "update",
                                            G_CALLBACK (fb_orders_table_frame_update_cb), self);
  self->frame_start_id = g_signal_connect (self->update_clock, "before-paint",
                                           G_CALLBACK (fb_orders_table_frame_start_cb), self);
  fb_orders_table_growing_cb (self);
}

/* The frame clock that flashes and steps listen to belongs to the window's surface, which goes
 * here. */
static void
fb_orders_table_unrealize (GtkWidget *widget)
{
  FbOrdersTable *self = FB_ORDERS_TABLE (widget);

  fb_orders_table_cells_stop (self);
  g_clear_handle_id (&self->step_timeout_id, g_source_remove);
  if (self->update_clock != NULL)
    {
      g_clear_signal_handler (&self->update_id, self->update_clock);
      g_clear_signal_handler (&self->frame_start_id, self->update_clock);
    }
  g_clear_object (&self->update_clock);

  GTK_WIDGET_CLASS (fb_orders_table_parent_class)->unrealize (widget);
}

static void
fb_orders_table_unmap (GtkWidget *widget)
{
  fb_orders_table_cells_stop (FB_ORDERS_TABLE (widget));

  GTK_WIDGET_CLASS (fb_orders_table_parent_class)->unmap (widget);
}

static void
fb_orders_table_dispose (GObject *object)
{
  FbOrdersTable *self = FB_ORDERS_TABLE (object);
  GtkWidget *child;

  fb_orders_table_cells_stop (self);
  g_clear_handle_id (&self->step_timeout_id, g_source_remove);
  if (self->columns_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->columns_id);
  self->columns_id = 0;
  /* The models may outlive the widgets (the column view's references): no more callbacks. */
  if (self->hold != NULL)
    g_signal_handlers_disconnect_by_data (self->hold, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  /* Removing the columns changes the sorter. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ORDERS_TABLE);
  /* dispose_template () only unparents children with an id; the overlay has none. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->hold);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (fb_orders_table_parent_class)->dispose (object);
}

static void
fb_orders_table_finalize (GObject *object)
{
  fb_orders_table_cells_finalize (FB_ORDERS_TABLE (object));

  G_OBJECT_CLASS (fb_orders_table_parent_class)->finalize (object);
}

static void
fb_orders_table_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbOrdersTable *self = FB_ORDERS_TABLE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SELECTED_ORDER:
      g_value_set_object (value, fb_orders_table_get_selected_order (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_orders_table_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MODEL:
      fb_orders_table_set_model (FB_ORDERS_TABLE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_orders_table_class_init (FbOrdersTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_orders_table_dispose;
  object_class->finalize = fb_orders_table_finalize;
  object_class->get_property = fb_orders_table_get_property;
  object_class->set_property = fb_orders_table_set_property;
  widget_class->realize = fb_orders_table_realize;
  widget_class->unrealize = fb_orders_table_unrealize;
  widget_class->unmap = fb_orders_table_unmap;
  widget_class->measure = fb_orders_table_measure;
  widget_class->size_allocate = fb_orders_table_size_allocate;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ORDER] =
    g_param_spec_object ("selected-order", NULL, NULL, FB_TYPE_ORDER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Enter or a double click on a row: the person wants to see this order (it is selected). */
  signals[ORDER_ACTIVATED] = g_signal_new ("order-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, FB_TYPE_ORDER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-orders-table.ui");
  gtk_widget_class_bind_template_child (widget_class, FbOrdersTable, scrolled);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersTable, id_column);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersTable, status_column);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersTable, updated_column);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersTable, new_orders_button);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersTable, new_orders_label);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_leave_cb);
  fb_orders_table_cells_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "orders.show-newest", NULL, fb_orders_table_show_newest);

  gtk_widget_class_set_css_name (widget_class, "fb-orders-table");
}

/* The status column's width is fixed (a measured column is measured again as rows are bound):
 * wide enough for the longest status in the language shown ("Vom Laden angenommen" is wider
 * than "Accepted by store"). The words are laid out as a badge draws them: bold, smaller. */
static int
status_column_width (FbOrdersTable *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  int widest = 0;

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  for (const char * const *status = fb_order_statuses (); *status != NULL; status++)
    {
      int width;

      pango_layout_set_text (layout, fb_order_status_label (*status), -1);
      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }

  /* The icon (16), the badge's spacing (4) and padding (2 × 8), the cell's margins and air. */
  return MAX (gtk_column_view_column_get_fixed_width (self->status_column), widest + 16 + 4 + 16 + 36);
}

static void
fb_orders_table_init (FbOrdersTable *self)
{
  fb_orders_table_cells_init (self);
  self->pointer_x = self->pointer_y = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sort_model = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* Not incremental: an incremental sort starts over at every change, and the list changes a few
   * times a second while events flow. The store reports only changed rows, so a batch re-sorts
   * only those. */
  gtk_sort_list_model_set_incremental (self->sort_model, FALSE);
  self->hold = fb_hold_model_new (G_LIST_MODEL (self->sort_model));
  fb_hold_model_set_step (self->hold, GROW_STEP);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->hold)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* After the selection has followed the change. */
  g_signal_connect_object (self->hold, "items-changed", G_CALLBACK (fb_orders_table_hold_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->hold, "notify::n-new", G_CALLBACK (fb_orders_table_update_new_orders_button_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hold, "notify::growing", G_CALLBACK (fb_orders_table_growing_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (fb_orders_table_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled), "value-changed",
                           G_CALLBACK (fb_orders_table_scrolled_cb), self, G_CONNECT_SWAPPED);
  /* A click on a column header sorts anew: shown at once, held or not. */
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (fb_orders_table_catch_up), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  fb_orders_table_keys_init (self);
  setup_sorters (self);
  gtk_column_view_column_set_fixed_width (self->status_column, status_column_width (self));
  self->updated_width = gtk_column_view_column_get_fixed_width (self->updated_column);
  self->show_updated = TRUE;
}

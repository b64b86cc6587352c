/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-table-keys.c: the orders table by keyboard and screen reader. The list is one Tab stop
 * (arrow keys move inside it; GTK 4.8 makes every row a Tab stop, so a person could not get past
 * 300 rows), Enter opens the order under the focus, and the column headers are Tab stops that
 * sort with Enter or Space, named by their titles. GTK 4.8 has no API for either (the list's
 * tab-behavior and the sorter's primary column came in 4.12 and 4.10): the list and the titles
 * are found among the column view's children by type, and a header click is handled here too,
 * so that the table always knows how it is sorted. */
#define G_LOG_DOMAIN "fb-orders-table"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-orders-table-private.h"

/* The column view's list of rows (a GtkColumnListView, a GtkListView). */
static GtkWidget *
list_of (FbOrdersTable *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

void
fb_orders_table_scroll_list_to (FbOrdersTable *self,
                                guint          position)
{
  GtkWidget *list = list_of (self);

  if (list != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", position);
}

/* -- one Tab stop -- */

static gboolean
is_title (FbOrdersTable *self,
          GtkWidget     *widget)
{
  return widget != NULL && self->titles != NULL && gtk_widget_get_parent (widget) == gtk_widget_get_parent (self->titles);
}

/* The next (or previous) visible title after @from; from NULL, the first (or last). */
static GtkWidget *
title_after (FbOrdersTable    *self,
             GtkWidget        *from,
             GtkDirectionType  direction)
{
  GtkWidget *title;

  if (self->titles == NULL)
    return NULL;
  if (direction == GTK_DIR_TAB_FORWARD)
    title = from != NULL ? gtk_widget_get_next_sibling (from) : self->titles;
  else
    title = from != NULL ? gtk_widget_get_prev_sibling (from) : gtk_widget_get_last_child (gtk_widget_get_parent (self->titles));
  while (title != NULL && !gtk_widget_get_visible (title))
    title = direction == GTK_DIR_TAB_FORWARD ? gtk_widget_get_next_sibling (title) : gtk_widget_get_prev_sibling (title);
  return title;
}

/* Tab into the table from what comes before it: the first column title. GTK 4.12 and later go
   back to the title that had the focus last (to walk cells by column), and past the titles
   altogether when that one is hidden (Updated, in a narrow window). */
gboolean
fb_orders_table_focus_headers (FbOrdersTable *self)
{
  GtkWidget *title;

  g_return_val_if_fail (FB_IS_ORDERS_TABLE (self), FALSE);

  title = title_after (self, NULL, GTK_DIR_TAB_FORWARD);
  return title != NULL && gtk_widget_get_mapped (title) && gtk_widget_grab_focus (title);
}

/* Tab and Shift+Tab: the titles one by one, the list as one stop. GTK 4.8 would visit every row,
   and its header row takes Tab and Shift+Tab alike to the next title. */
static gboolean
fb_orders_table_key_pressed_cb (FbOrdersTable         *self,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                GtkEventControllerKey *controller)
{
  GtkWidget *list = list_of (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *title = NULL;
  GtkDirectionType direction;

  g_assert (FB_IS_ORDERS_TABLE (self));

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = state & GDK_SHIFT_MASK ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return FALSE;
  if (list == NULL || focus == NULL)
    return FALSE;

  if (is_title (self, focus))
    title = title_after (self, focus, direction);
  else if (gtk_widget_is_ancestor (focus, list) && direction == GTK_DIR_TAB_BACKWARD)
    title = title_after (self, NULL, direction);
  else if (!gtk_widget_is_ancestor (focus, list))
    return FALSE;

  if (title != NULL)
    gtk_widget_grab_focus (title);
  else if (is_title (self, focus) && direction == GTK_DIR_TAB_FORWARD)
    {
      if (!gtk_widget_child_focus (list, direction))
        fb_orders_table_focus_list (self);
    }
  else
    {
      /* Out of the table, to what comes before or after it: while the table cannot take the
         focus, the window's focus chain passes over it. */
      gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), FALSE);
      gtk_widget_child_focus (GTK_WIDGET (root), direction);
      gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), TRUE);
    }
  return TRUE;
}

static gboolean
fb_orders_table_focus_first_cb (gpointer user_data)
{
  FbOrdersTable *self = user_data;
  GtkWidget *list = list_of (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *first = list != NULL ? gtk_widget_get_first_child (list) : NULL;

  if (first != NULL && focus != NULL && focus != first && gtk_widget_is_ancestor (focus, list))
    gtk_widget_grab_focus (first);
  return G_SOURCE_REMOVE;
}

/* Tab into the list: GTK 4.8 focuses the row that had the focus last, or the one that was first
   when the list was made, wherever it is now. With nobody reading, the newest is what the person
   is looking at: the first row. */
static void
fb_orders_table_focus_enter_cb (FbOrdersTable           *self,
                                GtkEventControllerFocus *controller)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *first = gtk_widget_get_first_child (list);

  g_assert (FB_IS_ORDERS_TABLE (self));

  /* After GTK has focused its row, before the next frame draws it. */
  if (!fb_hold_model_get_held (self->hold) && first != NULL && !gtk_widget_has_focus (first))
    g_idle_add_full (G_PRIORITY_HIGH, fb_orders_table_focus_first_cb, g_object_ref (self), g_object_unref);
}

/* The focus to the list: the selected order's row, or the row that had it last. */
void
fb_orders_table_focus_list (FbOrdersTable *self)
{
  GtkWidget *list = list_of (self);
  FbOrder *selected;
  GtkWidget *row;

  g_return_if_fail (FB_IS_ORDERS_TABLE (self));

  if (list == NULL)
    return;
  selected = gtk_single_selection_get_selected_item (self->selection);
  for (row = gtk_widget_get_first_child (list); row != NULL && selected != NULL; row = gtk_widget_get_next_sibling (row))
    if (fb_orders_table_row_order (row) == selected)
      break;
  if (row != NULL && selected != NULL && gtk_widget_grab_focus (row))
    return;
  /* GTK 4.18's list takes no focus moving in from outside, from a title or the search: the
     first row's, as GTK 4.8 gives it. */
  if (!gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD) && gtk_widget_get_first_child (list) != NULL)
    gtk_widget_grab_focus (gtk_widget_get_first_child (list));
}

/* Enter (or a double click) on a row. */
static void
fb_orders_table_activate_cb (FbOrdersTable *self,
                             guint          position,
                             GtkColumnView *column_view)
{
  g_autoptr(FbOrder) order = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  g_assert (FB_IS_ORDERS_TABLE (self));

  if (order == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit_by_name (self, "order-activated", order);
}

/* -- the headers -- */

static GtkColumnViewColumn *
column_at (FbOrdersTable *self,
           guint          position)
{
  GtkColumnViewColumn *column = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), position);

  if (column != NULL)
    g_object_unref (column);   /* the column view holds it */
  return column;
}

static void
update_header_states (FbOrdersTable *self)
{
  guint i = 0;

  for (GtkWidget *title = self->titles; title != NULL; title = gtk_widget_get_next_sibling (title), i++)
    {
      GtkAccessibleSort sort = GTK_ACCESSIBLE_SORT_NONE;

      if (column_at (self, i) == self->sort_column)
        sort = self->sort_order == GTK_SORT_ASCENDING ? GTK_ACCESSIBLE_SORT_ASCENDING
                                                      : GTK_ACCESSIBLE_SORT_DESCENDING;
      gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_SORT, sort, -1);
    }
}

void
fb_orders_table_sort_by (FbOrdersTable       *self,
                         GtkColumnViewColumn *column,
                         GtkSortType          order)
{
  g_return_if_fail (FB_IS_ORDERS_TABLE (self));

  self->sort_column = column;
  self->sort_order = order;
  gtk_column_view_sort_by_column (self->column_view, column, order);
  update_header_states (self);
}

/* As a click on a header does: the other way round, or a new column in its first order (the
   newest first for a time). */
static void
toggle_sort (FbOrdersTable       *self,
             GtkColumnViewColumn *column)
{
  GtkSortType order;

  if (column == self->sort_column)
    order = self->sort_order == GTK_SORT_ASCENDING ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;
  else
    order = column == self->updated_column ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;
  fb_orders_table_sort_by (self, column, order);
}

static GtkColumnViewColumn *
column_of_title (FbOrdersTable *self,
                 GtkWidget     *title)
{
  guint i = 0;

  for (GtkWidget *child = self->titles; child != NULL; child = gtk_widget_get_next_sibling (child), i++)
    if (child == title)
      return column_at (self, i);
  return NULL;
}

static gboolean
fb_orders_table_title_key_cb (GtkEventControllerKey *controller,
                              guint                  keyval,
                              guint                  keycode,
                              GdkModifierType        state,
                              FbOrdersTable         *self)
{
  GtkWidget *title = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkColumnViewColumn *column = column_of_title (self, title);

  if (column == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter
      && keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space)
    return FALSE;
  toggle_sort (self, column);
  return TRUE;
}

static void
fb_orders_table_title_pressed_cb (GtkGestureClick *gesture,
                                  int              n_press,
                                  double           x,
                                  double           y,
                                  FbOrdersTable   *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
fb_orders_table_title_released_cb (GtkGestureClick *gesture,
                                   int              n_press,
                                   double           x,
                                   double           y,
                                   FbOrdersTable   *self)
{
  GtkWidget *title = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkColumnViewColumn *column = column_of_title (self, title);

  if (column != NULL && gtk_widget_contains (title, x, y))
    toggle_sort (self, column);
}

/* Makes the column titles Tab stops named by their titles, sorting with Enter, Space or a click. */
static void
setup_headers (FbOrdersTable *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *first = gtk_widget_get_first_child (child);

      if (first != NULL && g_str_equal (G_OBJECT_TYPE_NAME (first), "GtkColumnViewTitle"))
        {
          self->titles = first;
          break;
        }
    }
  for (GtkWidget *title = self->titles; title != NULL; title = gtk_widget_get_next_sibling (title))
    n++;
  if (n != g_list_model_get_n_items (columns))
    {
      g_debug ("%u column titles for %u columns: the headers stay as GTK made them",
               n, g_list_model_get_n_items (columns));
      self->titles = NULL;
      return;
    }

  /* GTK keeps the focus out of the header row; the titles take it, the row itself does not. Read
     as what it is (GTK 4.8 leaves it "GtkListItemWidget"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (self->titles)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column headers"), -1);
  gtk_widget_set_can_focus (gtk_widget_get_parent (self->titles), TRUE);
  gtk_widget_set_focusable (gtk_widget_get_parent (self->titles), FALSE);
  n = 0;
  for (GtkWidget *title = self->titles; title != NULL; title = gtk_widget_get_next_sibling (title), n++)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();
      GtkGesture *click = gtk_gesture_click_new ();

      gtk_widget_set_focusable (title, TRUE);
      gtk_widget_set_focus_on_click (title, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_column_view_column_get_title (column_at (self, n)), -1);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (fb_orders_table_title_key_cb), self);
      gtk_widget_add_controller (title, keys);
      /* Before GTK's own gesture, which would sort too, without telling. */
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
      g_signal_connect (click, "pressed", G_CALLBACK (fb_orders_table_title_pressed_cb), self);
      g_signal_connect (click, "released", G_CALLBACK (fb_orders_table_title_released_cb), self);
      gtk_widget_add_controller (title, GTK_EVENT_CONTROLLER (click));
    }
}

void
fb_orders_table_keys_init (FbOrdersTable *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  /* Before the rows see the key. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (fb_orders_table_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (fb_orders_table_activate_cb), self);
#if GTK_CHECK_VERSION (4, 12, 0)
  /* The list as one Tab stop, coming back to the row it left (GTK 4.12's default, every row,
     takes Shift+Tab into it through its last row, scrolling the whole list on the way). */
  gtk_column_view_set_tab_behavior (self->column_view, GTK_LIST_TAB_ITEM);
#endif
  if (list_of (self) != NULL)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_swapped (focus, "enter", G_CALLBACK (fb_orders_table_focus_enter_cb), self);
      gtk_widget_add_controller (list_of (self), focus);
      /* The rows' list, read when the focus enters it (GTK 4.8: "GtkColumnListView"). */
      gtk_accessible_update_property (GTK_ACCESSIBLE (list_of (self)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Orders"), -1);
    }
  setup_headers (self);
}

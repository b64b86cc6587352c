/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-table-cells.c: the orders table's cells. Each bound cell follows its order's notify
 * signals (at most once per batch: the store holds them back); a timer ends row flashes, so the
 * cost does not grow with the number of rows.
 *
 * Cheap to bind: the first update of a burst makes and binds the ~200 rows GTK 4.8's list keeps
 * around the visible ones at once. Text cells are GtkInscriptions: they ask for a size in
 * characters, so neither a new row nor a changed text lays out text to be measured (a GtkLabel
 * does, and a changed label makes the column view measure its column again); the text is laid
 * out when drawn, for the rows on screen. The row's accessible name ("Order …, In kitchen,
 * updated 13:58:21") is set on the row's widget, which is what a screen reader reads (GTK 4.8
 * has no accessible label on a GtkListItem).
 *
 * A flash is a style class set and later removed (two frames), not an animation (a frame every
 * 16 ms), and only a few rows flash at once: when a whole batch lands, nobody can follow that
 * many flashes anyway. */
#define G_LOG_DOMAIN "fb-orders-table"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-describe.h"
#include "fb-format.h"
#include "fb-orders-table-private.h"
#include "fb-status-badge.h"

#define FLASH_DURATION_US  (1000 * 1000)
#define FLASH_WINDOW_US    (250 * 1000)
#define FLASH_MAX_CELLS    (6 * 3)   /* per window: six rows of three cells */

typedef enum {
  CELL_ID,
  CELL_STATUS,
  CELL_UPDATED,
} CellKind;

/* One bound cell: what the column view shows in it, the order it shows. The cell's own widget
 * (the content's parent) is what flashes, so that a flashing row reads as one band; no box of
 * our own around the content, as every widget of a row is made, measured and laid out ~200
 * times over when the list fills. */
typedef struct {
  FbOrdersTable *table;
  CellKind       kind;
  GtkWidget     *content;   /* GtkInscription or FbStatusBadge */
  FbOrder       *order;
  gulong         notify_id;
} Cell;

/* The cell's own widget, the content's parent: it flashes, and it is mapped when the row is on
 * screen (the content may be hidden: a badge without a status). */
static GtkWidget *
band (Cell *cell)
{
  GtkWidget *parent = gtk_widget_get_parent (cell->content);

  return parent != NULL ? parent : cell->content;
}

/* Its row is gone: the teardown let go of the order already, while the table was there. */
static void
cell_free (Cell *cell)
{
  if (cell->order != NULL)
    {
      g_clear_signal_handler (&cell->notify_id, cell->order);
      g_clear_object (&cell->order);
    }
  g_free (cell);
}

/* What a screen reader reads for the row, on the row's widget (the cell's parent). */
static void
update_row_name (Cell       *cell,
                 const char *updated)
{
  GtkWidget *row = gtk_widget_get_parent (band (cell));
  FbOrder *order = cell->order;
  g_autofree char *when = NULL;
  g_autofree char *name = NULL;

  if (row == NULL)
    return;
  if (updated == NULL)
    updated = when = fb_format_local_time (fb_order_get_updated_at (order), g_get_real_time (), FALSE);
  /* Translators: how a screen reader reads a row of the orders table: the order's id, its
     status ("In kitchen") and the time of its last update ("13:58:21"). */
  name = g_strdup_printf (_("Order %s, %s, updated %s"), fb_order_get_order_id (order),
                          fb_order_status_label (fb_order_get_status (order)), updated);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
cell_update (Cell   *cell,
             gint64  now)
{
  FbOrder *order = cell->order;
  g_autofree char *text = NULL;

  if (order == NULL)
    return;

  switch (cell->kind)
    {
    case CELL_ID:
      gtk_inscription_set_text (GTK_INSCRIPTION (cell->content), fb_order_get_order_id (order));
      text = fb_format_local_time (fb_order_get_updated_at (order), now, FALSE);
      update_row_name (cell, text);
      break;

    case CELL_STATUS:
      fb_status_badge_set_status (FB_STATUS_BADGE (cell->content), fb_order_get_status (order));
      break;

    case CELL_UPDATED:
      text = fb_format_local_time (fb_order_get_updated_at (order), now, FALSE);
      gtk_inscription_set_text (GTK_INSCRIPTION (cell->content), text);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* -- flashing rows -- */

static gboolean
animations_enabled (FbOrdersTable *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

/* Ends the flashes due by @until; FALSE when none is left. */
static gboolean
end_flashes (FbOrdersTable *self,
             gint64         until)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->flashing);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(gint64 *) value <= until)
      {
        gtk_widget_remove_css_class (band (key), "row-flash");
        g_hash_table_iter_remove (&iter);
      }
  return g_hash_table_size (self->flashing) > 0;
}

static void
stop_flashing (FbOrdersTable *self)
{
  g_clear_handle_id (&self->flash_id, g_source_remove);
  if (self->flash_clock != NULL)
    g_clear_signal_handler (&self->flash_paint_id, self->flash_clock);
  g_clear_object (&self->flash_clock);
}

/* While orders stream in, frames come a few times a second anyway: a flash ends in the first
 * frame after it is due, and costs no frame of its own. */
static void
fb_orders_table_flash_frame_cb (GdkFrameClock *clock,
                                FbOrdersTable *self)
{
  g_assert (FB_IS_ORDERS_TABLE (self));

  if (!end_flashes (self, g_get_monotonic_time ()))
    stop_flashing (self);
}

/* When no frame comes, flashes end here, all those due within the next tick in one frame. */
static gboolean
fb_orders_table_flash_tick_cb (gpointer user_data)
{
  FbOrdersTable *self = user_data;

  g_assert (FB_IS_ORDERS_TABLE (self));

  if (end_flashes (self, g_get_monotonic_time () - FLASH_WINDOW_US / 2))
    return G_SOURCE_CONTINUE;

  self->flash_id = 0;
  stop_flashing (self);
  return G_SOURCE_REMOVE;
}

static void
flash_cell (FbOrdersTable *self,
            Cell          *cell)
{
  gint64 now = g_get_monotonic_time ();
  gint64 *until;

  g_assert (FB_IS_ORDERS_TABLE (self));

  /* A row can still be bound and report itself mapped while the Orders page is hidden: no flash
     nobody sees, and none holding the frame clock past the window (its handlers go with it). */
  if (!animations_enabled (self) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (now - self->flash_window_start > FLASH_WINDOW_US)
    {
      self->flash_window_start = now;
      self->flash_window_count = 0;
    }
  if (!g_hash_table_contains (self->flashing, cell) && ++self->flash_window_count > FLASH_MAX_CELLS)
    return;

  until = g_new (gint64, 1);
  *until = now + FLASH_DURATION_US;
  g_hash_table_replace (self->flashing, cell, until);
  gtk_widget_add_css_class (band (cell), "row-flash");

  if (self->flash_id == 0)
    self->flash_id = g_timeout_add (FLASH_WINDOW_US / 1000, fb_orders_table_flash_tick_cb, self);
  if (self->flash_clock == NULL && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    {
      self->flash_clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
      self->flash_paint_id = g_signal_connect (self->flash_clock, "before-paint",
                                               G_CALLBACK (fb_orders_table_flash_frame_cb), self);
    }
}

/* -- cells -- */

static void
fb_orders_table_order_notify_cb (Cell       *cell,
                                 GParamSpec *pspec,
                                 FbOrder    *order)
{
  /* updated-at moves with every change of state; a stale event does not touch it. */
  if (!g_str_equal (pspec->name, "status") && !g_str_equal (pspec->name, "updated-at"))
    return;

  cell_update (cell, g_get_real_time ());
  if (g_str_equal (pspec->name, "updated-at") && gtk_widget_get_mapped (band (cell)))
    flash_cell (cell->table, cell);
}

/* The whole id, wherever the cell cuts it. Asked for when the pointer rests on the cell: nothing
 * to keep up to date while rows are bound. */
static gboolean
fb_orders_table_id_tooltip_cb (GtkWidget  *content,
                               int         x,
                               int         y,
                               gboolean    keyboard,
                               GtkTooltip *tooltip,
                               Cell       *cell)
{
  if (cell->order == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, fb_order_get_order_id (cell->order));
  return TRUE;
}

static GtkWidget *
inscription_new (guint       nat_chars,
                 const char *css_class)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  gtk_widget_add_css_class (inscription, css_class);
  return inscription;
}

static void
cell_setup (FbOrdersTable *self,
            GtkListItem   *list_item,
            CellKind       kind)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->table = self;
  cell->kind = kind;

  switch (kind)
    {
    case CELL_ID:
      /* Ids differ at both ends (KSUIDs start with time): keep both visible. Wide enough for a
         KSUID (27 characters) where there is room, a few characters where there is not. */
      cell->content = inscription_new (FB_ORDERS_TABLE_ID_CHARS, "monospace");
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell->content), 8);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell->content),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
      gtk_widget_set_has_tooltip (cell->content, TRUE);
      g_signal_connect (cell->content, "query-tooltip", G_CALLBACK (fb_orders_table_id_tooltip_cb), cell);
      break;

    case CELL_STATUS:
      cell->content = fb_status_badge_new ();
      break;

    case CELL_UPDATED:
      cell->content = inscription_new (0, "numeric");
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell->content), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      break;

    default:
      g_assert_not_reached ();
    }
  gtk_widget_set_hexpand (cell->content, TRUE);

  /* The list item owns the cell: its content may go before the teardown, or outlive it (an
     accessibility client's reference). */
  g_object_set_data (G_OBJECT (cell->content), "fb-cell", cell);
  g_object_set_data_full (G_OBJECT (list_item), "fb-cell", cell, (GDestroyNotify) cell_free);
  gtk_list_item_set_child (list_item, cell->content);
}

static void
fb_orders_table_cells_id_setup_cb (FbOrdersTable *self, GtkListItem *list_item)
{
  cell_setup (self, list_item, CELL_ID);
}

static void
fb_orders_table_cells_status_setup_cb (FbOrdersTable *self, GtkListItem *list_item)
{
  cell_setup (self, list_item, CELL_STATUS);
}

static void
fb_orders_table_cells_updated_setup_cb (FbOrdersTable *self, GtkListItem *list_item)
{
  cell_setup (self, list_item, CELL_UPDATED);
}

/* Lets go of the order a cell showed; @content_alive: its content is still there to unflash. */
static void
cell_release (Cell     *cell,
              gboolean  content_alive)
{
  if (cell->order == NULL)
    return;

  if (g_hash_table_remove (cell->table->flashing, cell) && content_alive)
    gtk_widget_remove_css_class (band (cell), "row-flash");
  g_clear_signal_handler (&cell->notify_id, cell->order);
  g_clear_object (&cell->order);
}

/* GTK 4.8 unbinds and binds again every row below a change, with the item it had: the rows that
 * only moved keep their cells as they are (a cell follows its order until it shows another, or
 * its row is gone: teardown). */
static void
fb_orders_table_cells_cell_bind_cb (FbOrdersTable *self,
                                    GtkListItem   *list_item)
{
  Cell *cell = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "fb-cell");
  FbOrder *order = gtk_list_item_get_item (list_item);
  gint64 now;

  g_assert (cell != NULL);

  if (cell->order == order)
    return;
  cell_release (cell, TRUE);
  now = g_get_real_time ();
  cell->order = g_object_ref (order);
  cell->notify_id = g_signal_connect_swapped (order, "notify", G_CALLBACK (fb_orders_table_order_notify_cb), cell);
  cell_update (cell, now);

  /* An order seen for the first time just now flashes too. (Whether the row will be on screen
   * is not known before the list lays it out; changing a row during that is not allowed.) */
  if (now - fb_order_get_first_seen (order) < FLASH_DURATION_US / 2)
    flash_cell (self, cell);
}

static void
fb_orders_table_cells_cell_teardown_cb (FbOrdersTable *self,
                                        GtkListItem   *list_item)
{
  Cell *cell = g_object_steal_data (G_OBJECT (list_item), "fb-cell");

  /* GTK 4.8 lets go of the content first (it may be gone). */
  if (cell == NULL)
    return;
  cell_release (cell, FALSE);
  cell_free (cell);
}

/* The order a row of the list shows (NULL: none, or not a row): its first cell's. */
FbOrder *
fb_orders_table_row_order (GtkWidget *row)
{
  GtkWidget *cell_widget = gtk_widget_get_first_child (row);
  GtkWidget *content = cell_widget != NULL ? gtk_widget_get_first_child (cell_widget) : NULL;
  Cell *cell = content != NULL ? g_object_get_data (G_OBJECT (content), "fb-cell") : NULL;

  return cell != NULL ? cell->order : NULL;
}

void
fb_orders_table_cells_stop (FbOrdersTable *self)
{
  end_flashes (self, G_MAXINT64);
  stop_flashing (self);
}

void
fb_orders_table_cells_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_cells_id_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_cells_status_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_cells_updated_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_cells_cell_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_table_cells_cell_teardown_cb);
}

void
fb_orders_table_cells_init (FbOrdersTable *self)
{
  self->flashing = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

void
fb_orders_table_cells_finalize (FbOrdersTable *self)
{
  g_clear_pointer (&self->flashing, g_hash_table_unref);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-table-private.h: the orders table's instance, shared by its files by role:
 * fb-orders-table.c (models, holding still, the new-orders button, columns that give way),
 * fb-orders-table-cells.c (the cells: binding, row names, row flashes) and fb-orders-table-keys.c
 * (one Tab stop, Enter, the headers). */
#pragma once

#include "fb-hold-model.h"
#include "fb-orders-table.h"

G_BEGIN_DECLS

/* An order id the table makes room for where it can: a KSUID. */
#define FB_ORDERS_TABLE_ID_CHARS 27

struct _FbOrdersTable
{
  GtkWidget            parent_instance;

  GtkScrolledWindow   *scrolled;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *updated_column;
  GtkButton           *new_orders_button;
  GtkLabel            *new_orders_label;

  GListModel          *model;
  GtkSortListModel    *sort_model;
  FbHoldModel         *hold;
  GtkSingleSelection  *selection;

  /* keys */
  GtkWidget           *titles;         /* the first column title; the others are its siblings */
  GtkColumnViewColumn *sort_column;
  GtkSortType          sort_order;

  GdkFrameClock       *update_clock;   /* while realized: its update phase steps the list */
  gulong               update_id;
  gulong               frame_start_id;
  gint64               frame_start;    /* when this frame began (µs, monotonic) */
  gboolean             step_waited;    /* the last frame's step waited for this one */
  gint64               unfinished_step; /* when the last step that left more to come was (µs) */
  guint                step_timeout_id; /* the next such step's frame is asked for then */
  guint                columns_id;     /* tick callback: a column gives way (or comes back) */
  gboolean             show_updated;   /* what columns_id will make the Updated column */
  int                  updated_width;  /* the Updated column's width where shown */
  gboolean             going_to_top;   /* scrolled to row 0, the adjustment not there yet */
  gboolean             hovering;   /* the pointer moved over the rows and has not left */
  double               pointer_x;
  double               pointer_y;

  /* cells */
  GHashTable          *flashing;      /* Cell* -> end time (µs) */
  guint                flash_id;
  GdkFrameClock       *flash_clock;
  gulong               flash_paint_id;
  gint64               flash_window_start;
  guint                flash_window_count;
};

void fb_orders_table_cells_class_init (GtkWidgetClass *widget_class);
void fb_orders_table_cells_init       (FbOrdersTable  *self);
void fb_orders_table_cells_finalize   (FbOrdersTable  *self);
void fb_orders_table_cells_stop       (FbOrdersTable  *self);
FbOrder *fb_orders_table_row_order    (GtkWidget      *row);

void fb_orders_table_keys_init        (FbOrdersTable       *self);
void fb_orders_table_sort_by          (FbOrdersTable       *self,
                                       GtkColumnViewColumn *column,
                                       GtkSortType          order);
void fb_orders_table_scroll_list_to   (FbOrdersTable       *self,
                                       guint                position);

G_END_DECLS

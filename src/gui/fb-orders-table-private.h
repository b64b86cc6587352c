/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-table-private.h: the orders table's instance, shared by its files by role:
 * fb-orders-table.c (models, holding still, the new-orders button) and fb-orders-table-cells.c
 * (the cells: binding, the Age clock, row flashes). */
#pragma once

#include "fb-hold-model.h"
#include "fb-orders-table.h"
#include "fb-second-clock.h"

G_BEGIN_DECLS

struct _FbOrdersTable
{
  GtkWidget            parent_instance;

  GtkScrolledWindow   *scrolled;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *updated_column;
  GtkColumnViewColumn *age_column;
  GtkButton           *new_orders_button;
  GtkLabel            *new_orders_label;

  GListModel          *model;
  GtkSortListModel    *sort_model;
  FbHoldModel         *hold;
  GtkSingleSelection  *selection;

  gboolean             going_to_top;   /* scrolled to row 0, the adjustment not there yet */
  gboolean             hovering;   /* the pointer moved over the rows and has not left */
  double               pointer_x;
  double               pointer_y;

  /* cells */
  GHashTable          *age_cells;     /* Cell* set: bound Age cells, ticked once per second */
  GHashTable          *flashing;      /* Cell* -> end time (µs) */
  FbSecondClock       *age_clock;     /* held while mapped */
  guint                flash_id;
  GdkFrameClock       *flash_clock;
  gulong               flash_paint_id;
  gint64               flash_window_start;
  guint                flash_window_count;
};

void fb_orders_table_cells_class_init (GtkWidgetClass *widget_class);
void fb_orders_table_cells_init       (FbOrdersTable  *self);
void fb_orders_table_cells_finalize   (FbOrdersTable  *self);
void fb_orders_table_cells_start      (FbOrdersTable  *self);
void fb_orders_table_cells_stop       (FbOrdersTable  *self);

G_END_DECLS

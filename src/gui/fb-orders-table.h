/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-table.h: the live orders table: sorted columns, newest first, the newest in sight. */
#pragma once

#include <gtk/gtk.h>

#include "fb-order.h"

G_BEGIN_DECLS

#define FB_TYPE_ORDERS_TABLE (fb_orders_table_get_type ())

G_DECLARE_FINAL_TYPE (FbOrdersTable, fb_orders_table, FB, ORDERS_TABLE, GtkWidget)

GtkWidget  *fb_orders_table_new                (void);
void        fb_orders_table_set_model          (FbOrdersTable *self,
                                                GListModel    *model);
GListModel *fb_orders_table_get_model          (FbOrdersTable *self);
FbOrder    *fb_orders_table_get_selected_order (FbOrdersTable *self);
void        fb_orders_table_unselect           (FbOrdersTable *self);
void        fb_orders_table_catch_up           (FbOrdersTable *self);
void        fb_orders_table_focus_list         (FbOrdersTable *self);
gboolean    fb_orders_table_focus_headers      (FbOrdersTable *self);
void        fb_orders_table_set_activate_on_click (FbOrdersTable *self,
                                                   gboolean       activate);

G_END_DECLS

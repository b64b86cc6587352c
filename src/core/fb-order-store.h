/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-store.h: every order known, as a GListModel of FbOrder. */
#pragma once

#include <gio/gio.h>

#include "fb-order.h"

G_BEGIN_DECLS

#define FB_TYPE_ORDER_STORE (fb_order_store_get_type ())

G_DECLARE_FINAL_TYPE (FbOrderStore, fb_order_store, FB, ORDER_STORE, GObject)

#define FB_ORDER_STORE_DEFAULT_MAX_ORDERS 10000

FbOrderStore *fb_order_store_new            (void);
gboolean      fb_order_store_apply          (FbOrderStore       *self,
                                             const FbOrderEvent *ev);
void          fb_order_store_apply_batch    (FbOrderStore       *self,
                                             GPtrArray          *events,
                                             GArray             *out_changed);
FbOrder      *fb_order_store_lookup         (FbOrderStore       *self,
                                             const char         *order_id);
void          fb_order_store_set_max_orders (FbOrderStore       *self,
                                             guint               max_orders);
guint         fb_order_store_get_max_orders (FbOrderStore       *self);
void          fb_order_store_clear          (FbOrderStore       *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-orders.h: the order-fulfilment backend's behaviour, on a local broker. */
#pragma once

#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_TYPE_SIM_ORDERS (fb_sim_orders_get_type ())

/* Fractions of orders cancelled before the kitchen, and stuck at some step for good. */
#define FB_SIM_ORDERS_DEFAULT_CANCEL_RATE 0.05
#define FB_SIM_ORDERS_DEFAULT_STUCK_RATE  0.0

G_DECLARE_FINAL_TYPE (FbSimOrders, fb_sim_orders, FB, SIM_ORDERS, GObject)

FbSimOrders *fb_sim_orders_new            (FbMqttClient *publisher,
                                           double        speed);
void         fb_sim_orders_set_rates      (FbSimOrders  *self,
                                           double        duplicate_rate,
                                           double        reorder_rate);
void         fb_sim_orders_set_trouble    (FbSimOrders  *self,
                                           double        cancel_rate,
                                           double        stuck_rate);
void         fb_sim_orders_backfill       (FbSimOrders  *self,
                                           guint         minutes);
void         fb_sim_orders_set_continuous (FbSimOrders  *self,
                                           guint         max_active);
char        *fb_sim_orders_start_chain    (FbSimOrders  *self,
                                           guint         n_orders);
gboolean     fb_sim_orders_chain_pending  (FbSimOrders  *self);
char        *fb_sim_orders_to_json        (FbSimOrders  *self,
                                           const char   *order_id);

G_END_DECLS

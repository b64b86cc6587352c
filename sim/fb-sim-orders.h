/* fb-sim-orders.h: the order-fulfilment backend's behaviour, on a local broker. */
#pragma once

#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_TYPE_SIM_ORDERS (fb_sim_orders_get_type ())

G_DECLARE_FINAL_TYPE (FbSimOrders, fb_sim_orders, FB, SIM_ORDERS, GObject)

FbSimOrders *fb_sim_orders_new            (FbMqttClient *publisher,
                                           double        speed);
void         fb_sim_orders_set_rates      (FbSimOrders  *self,
                                           double        duplicate_rate,
                                           double        reorder_rate);
void         fb_sim_orders_set_continuous (FbSimOrders  *self,
                                           guint         max_active);
char        *fb_sim_orders_start_chain    (FbSimOrders  *self,
                                           guint         n_orders);
gboolean     fb_sim_orders_chain_pending  (FbSimOrders  *self);
char        *fb_sim_orders_to_json        (FbSimOrders  *self,
                                           const char   *order_id);

G_END_DECLS

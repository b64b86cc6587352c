/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-history.h: the side pane with one order's full event history, and the selected event's
   message as it arrived. */
#pragma once

#include <gtk/gtk.h>

#include "fb-order.h"
#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_ORDER_HISTORY (fb_order_history_get_type ())
G_DECLARE_FINAL_TYPE (FbOrderHistory, fb_order_history, FB, ORDER_HISTORY, GtkWidget)

GtkWidget *fb_order_history_new (void);
void       fb_order_history_set_order (FbOrderHistory *self, FbOrder *order);
FbOrder   *fb_order_history_get_order (FbOrderHistory *self);
/* Where the selected event's message as it arrived is looked up; without one, it is not shown. */
void       fb_order_history_set_session (FbOrderHistory *self, FbSession *session);
/* Shown as a page of its own (a narrow window): Back at the start instead of Close at the end. */
void       fb_order_history_set_page    (FbOrderHistory *self, gboolean page);

G_END_DECLS

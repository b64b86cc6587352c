/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order.h: one order as the app knows it: current status and every event seen. */
#pragma once

#include <glib-object.h>

#include "fb-order-event.h"

G_BEGIN_DECLS

#define FB_TYPE_ORDER (fb_order_get_type ())

G_DECLARE_FINAL_TYPE (FbOrder, fb_order, FB, ORDER, GObject)

#define FB_ORDER_MAX_HISTORY 256

const char *fb_order_get_order_id      (FbOrder *self);
const char *fb_order_get_status        (FbOrder *self);
gint64      fb_order_get_updated_at    (FbOrder *self);
gint64      fb_order_get_first_seen    (FbOrder *self);
gint64      fb_order_get_last_event_at (FbOrder *self);
GPtrArray  *fb_order_get_history       (FbOrder *self);

/* For FbOrderStore: */
FbOrder    *fb_order_new               (const FbOrderEvent *ev);
gboolean    fb_order_apply             (FbOrder            *self,
                                        const FbOrderEvent *ev);

G_END_DECLS

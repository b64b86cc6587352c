/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-poller.h: the initial list of orders from the order backend's polling API
   (PROTOCOLS.md §3: SigV4 GET {pollingEndpoint}/orders), as order events for FbOrderStore. */
#pragma once

#include <gio/gio.h>

#include "fb-credentials-provider.h"
#include "fb-order-event.h"

G_BEGIN_DECLS

/* A day of orders fits many times over; an answer past this is refused, not held. */
#define FB_ORDERS_POLLER_MAX_RESPONSE (8 * 1024 * 1024)
#define FB_ORDERS_POLLER_TIMEOUT      20
/* What a polled row says it is in an FbOrderEvent's "event" (the API sends no event). */
#define FB_ORDERS_POLLER_EVENT        "POLLED"

#define FB_TYPE_ORDERS_POLLER (fb_orders_poller_get_type ())
G_DECLARE_FINAL_TYPE (FbOrdersPoller, fb_orders_poller, FB, ORDERS_POLLER, GObject)

FbOrdersPoller *fb_orders_poller_new         (const char             *polling_endpoint,
                                              const char             *region,
                                              FbCredentialsProvider  *provider);
const char     *fb_orders_poller_get_url     (FbOrdersPoller         *self);
void            fb_orders_poller_set_timeout (FbOrdersPoller         *self,
                                              guint                   seconds);
/* One GET /orders. The rows come back as FbOrderEvent (event FB_ORDERS_POLLER_EVENT, received
   now), to be applied like live events: fb_order_store_apply_batch keeps the newest updatedAt,
   so a stale row never overwrites a newer live event and a later live event wins over it. */
void            fb_orders_poller_load_async  (FbOrdersPoller         *self,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
/* FbOrderEvent*, as listed; NULL with an error in words (FB_AWS_ERROR, FB_DECODE_ERROR).
   @n_skipped: rows that were not orders; @first_problem (nullable): why the first was skipped. */
GPtrArray      *fb_orders_poller_load_finish (FbOrdersPoller         *self,
                                              GAsyncResult           *result,
                                              guint                  *n_skipped,
                                              char                  **first_problem,
                                              GError                **error);
/* The parsing alone: a JSON array of orders; every row needs orderId, status and updatedAt
   (strings, checked like live events); other rows are skipped and counted, never fatal. */
GPtrArray      *fb_orders_poller_parse       (const guint8           *data,
                                              gsize                   len,
                                              gint64                  received_at,
                                              guint                  *n_skipped,
                                              char                  **first_problem,
                                              GError                **error);

G_END_DECLS

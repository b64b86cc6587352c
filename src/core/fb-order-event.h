/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-event.h: an order event of the order-fulfilment backend, decoded (PROTOCOLS.md §3). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "fb-json.h"   /* FB_DECODE_ERROR */

G_BEGIN_DECLS

#define FB_TYPE_ORDER_EVENT (fb_order_event_get_type ())

/* Bounds on what a message may be; anything larger is refused, never buffered. */
#define FB_ORDER_EVENT_MAX_PAYLOAD  (16 * 1024)
#define FB_ORDER_EVENT_MAX_ID_LEN   64
#define FB_ORDER_EVENT_MAX_STATUS_LEN 64
/* An updatedAt further ahead of the time received is refused: it would pin its order. */
#define FB_ORDER_EVENT_MAX_AHEAD    G_TIME_SPAN_DAY

typedef struct
{
  char   *order_id;
  char   *status;
  char   *event;            /* "CREATED", "UPDATED", or what the backend sent */
  char   *updated_at_text;  /* as received */
  gint64  updated_at;       /* µs since the epoch, UTC */
  char   *topic;
  gint64  received_at;      /* µs since the epoch (g_get_real_time) */
} FbOrderEvent;

GType         fb_order_event_get_type (void) G_GNUC_CONST;
/* For fb-inbound only: every other reader goes through fb_inbound_decode, which knows the topics. */
FbOrderEvent *fb_order_event_decode  (const char         *topic,
                                      const guint8       *data,
                                      gsize               len,
                                      gint64              received_at,
                                      GError            **error);
/* The order in a JSON object, with the checks every source shares (orderId, status and updatedAt
   bounded strings, updatedAt an ISO 8601 time): @event names where it came from when the object
   has no "event" of its own (a row of the polling API); NULL = the object's "event" is required. */
FbOrderEvent *fb_order_event_new_from_object (JsonObject         *object,
                                              const char         *event,
                                              const char         *topic,
                                              gint64              received_at,
                                              GError            **error);
/* The checks every order event passes, wherever it comes from (a message, a row of the polling API,
   a ledger's columns): orderId, status, updatedAt and event non-empty, bounded, without control
   characters; updatedAt at most FB_ORDER_EVENT_MAX_AHEAD ahead of received_at. */
gboolean      fb_order_event_check   (const FbOrderEvent *ev,
                                      GError            **error);
FbOrderEvent *fb_order_event_copy    (const FbOrderEvent *ev);
void          fb_order_event_free    (FbOrderEvent       *ev);
gboolean      fb_order_status_is_final (const char       *status);
/* Last writer wins: @ev replaces a state last updated at @current_updated_at only when it is
   strictly newer. Duplicates (equal times) and late arrivals change nothing. */
gboolean      fb_order_event_supersedes (const FbOrderEvent *ev,
                                         gint64              current_updated_at);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbOrderEvent, fb_order_event_free)

G_END_DECLS

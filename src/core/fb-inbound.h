/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-inbound.h: the one path for every message Feedboard receives. Which topics are whose is
   written here once, and every payload is read through the checked JSON parser: the app's session,
   `feedboard-cli watch` and the ledger's fold, state and export all turn bytes into events here. */
#pragma once

#include "fb-feeder-state.h"
#include "fb-mqtt-message.h"
#include "fb-order-event.h"

G_BEGIN_DECLS

/* PROTOCOLS.md §3: order events on orders/events, or orders/events/<orderId>. */
#define FB_ORDERS_TOPIC           "orders/events"
/* PROTOCOLS.md §4: feeder states on cat-feeder/states (or a topic below it, one per device), and
   the feeds the backend passes on to the feeders on cat-feeder/action. */
#define FB_FEEDER_STATES_TOPIC    "cat-feeder/states"
#define FB_FEEDER_ACTION_TOPIC    "cat-feeder/action"

/* Longer topics are refused on Feedboard's routes: none of ours comes near. */
#define FB_INBOUND_MAX_TOPIC_LEN  512
/* A feed action is read by the firmware, which takes less than 200 bytes. */
#define FB_FEED_ACTION_MAX_PAYLOAD 1024
#define FB_FEED_ACTION_MAX_EVENT_LEN 32

typedef enum
{
  FB_INBOUND_ROUTE_OTHER,          /* a topic Feedboard does not read */
  FB_INBOUND_ROUTE_ORDER,          /* orders/events, orders/events/<orderId> */
  FB_INBOUND_ROUTE_FEEDER_STATE,   /* cat-feeder/states, cat-feeder/states/… */
  FB_INBOUND_ROUTE_FEED_ACTION,    /* cat-feeder/action */
} FbInboundRoute;

typedef enum
{
  FB_INBOUND_NOT_OURS,        /* another topic: kept in the ledger, shown as it came, not decoded */
  FB_INBOUND_REFUSED,         /* one of ours, but the payload is not what it must be: error */
  FB_INBOUND_ORDER,           /* order */
  FB_INBOUND_FEEDER_STATE,    /* feeder_state */
  FB_INBOUND_FEED_ACTION,     /* feed_event */
} FbInboundKind;

typedef struct
{
  FbInboundKind   kind;
  FbInboundRoute  route;
  char           *topic;          /* as received, bytes that are not UTF-8 replaced */
  gint64          received_at;    /* µs since the epoch */
  gboolean        retained;
  int             qos;
  FbOrderEvent   *order;          /* FB_INBOUND_ORDER */
  FbFeederState  *feeder_state;   /* FB_INBOUND_FEEDER_STATE */
  char           *feed_event;     /* FB_INBOUND_FEED_ACTION: "SINGLE", "DOUBLE", "LONG", … */
  GError         *error;          /* FB_INBOUND_REFUSED: the reason, in an FB_DECODE_ERROR */
} FbInboundEvent;

#define FB_TYPE_INBOUND_EVENT (fb_inbound_event_get_type ())

GType           fb_inbound_event_get_type (void) G_GNUC_CONST;
/* Which of Feedboard's routes @topic is on. */
FbInboundRoute  fb_inbound_route          (const char           *topic);
const char     *fb_inbound_route_to_string (FbInboundRoute       route);
/* Bytes received on @topic (which need not be UTF-8) → an event; never NULL. @data may be NULL
   when @len is 0. */
FbInboundEvent *fb_inbound_decode         (const char           *topic,
                                           const guint8         *data,
                                           gsize                 len,
                                           gint64                received_at,
                                           gboolean              retained,
                                           int                   qos);
FbInboundEvent *fb_inbound_decode_message (const FbMqttMessage  *message);
/* The order taken out of an FB_INBOUND_ORDER event (NULL for any other). */
FbOrderEvent   *fb_inbound_event_steal_order (FbInboundEvent    *event);
/* One line for a log or a person: "cat-feeder/states: The message is not JSON: …", the topic
   shortened to @max_topic_chars characters (with "…"), control characters replaced (U+FFFD).
   Plain text: show it with plain-text APIs, never as markup. */
char           *fb_inbound_event_describe_refusal (const FbInboundEvent *event,
                                                   guint                 max_topic_chars);
/* A payload as it came, for showing it (watch, the export): compact JSON text
   (fb_json_to_compact_text: the values exactly as sent, on one line) when it passes the checked
   parse, else NULL and the reason (then show it as a string). */
char           *fb_inbound_payload_to_json (const guint8        *data,
                                            gsize                len,
                                            GError             **error);
FbInboundEvent *fb_inbound_event_copy     (const FbInboundEvent *event);
void            fb_inbound_event_free     (FbInboundEvent       *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbInboundEvent, fb_inbound_event_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-messages.h: the received messages the ledger keeps, read back a page at a time (by
   sequence number, newest first, with a LIMIT: never the whole ledger in memory), one message
   found again for an order's event or a feeder's state, and a feeder's food levels over a range.
   Each runs on a connection of its own; the _async forms in a thread (GTask). */
#pragma once

#include "fb-food-estimate.h"
#include "fb-ledger.h"
#include "fb-raw-message.h"

G_BEGIN_DECLS

#define FB_LEDGER_MESSAGES_MAX_PAGE 2000

typedef struct
{
  gint64  since;        /* received at or after (µs); 0 = from the first */
  gint64  until;        /* received at or before; 0 = up to the last */
  gint64  before_seq;   /* only messages before this one (the next page); 0 = from the newest */
  guint   limit;        /* at most this many (at most FB_LEDGER_MESSAGES_MAX_PAGE) */
  char   *topic_part;   /* the topic holds this (ASCII case ignored); NULL = any */
  char   *text;         /* the topic or the payload holds this; NULL = any */
} FbLedgerMessageQuery;

/* Received messages (FbRawMessage: orders, feeder states, feed actions, other topics; not
   Feedboard's own records), newest first; the ones of Feedboard's topics that did not decode carry
   the reason. An empty array when there are none. */
GPtrArray    *fb_ledger_read_messages        (FbLedger                   *self,
                                              const FbLedgerMessageQuery *query,
                                              GCancellable               *cancellable,
                                              GError                    **error);
void          fb_ledger_read_messages_async  (FbLedger                   *self,
                                              const FbLedgerMessageQuery *query,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data);
GPtrArray    *fb_ledger_read_messages_finish (FbLedger                   *self,
                                              GAsyncResult               *result,
                                              GError                    **error);

/* A message to find again: the one of @kind on @topic received at @received_at — or up to ten
   minutes later, the ledger's clock never going back — whose key (an order's or a feeder's id)
   is @key and, for an order, whose updatedAt is @updated_at_text (both nullable). */
typedef struct
{
  FbLedgerKind  kind;
  const char   *topic;
  gint64        received_at;
  const char   *key;
  const char   *updated_at_text;
} FbLedgerMessageRef;

/* The message @ref names; NULL without an error when the ledger no longer holds it. */
FbRawMessage *fb_ledger_find_message         (FbLedger                 *self,
                                              const FbLedgerMessageRef *ref,
                                              GError                  **error);
void          fb_ledger_find_message_async   (FbLedger                 *self,
                                              const FbLedgerMessageRef *ref,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data);
/* NULL with no error: not found. */
FbRawMessage *fb_ledger_find_message_finish  (FbLedger       *self,
                                              GAsyncResult   *result,
                                              GError        **error);

/* Feeder @feeder_id's food levels and the feeds seen (cat-feeder/action) from @since to @until. */
FbFoodSeries *fb_ledger_read_food_series     (FbLedger      *self,
                                              const char    *feeder_id,
                                              gint64         since,
                                              gint64         until,
                                              GCancellable  *cancellable,
                                              GError       **error);
void          fb_ledger_read_food_series_async  (FbLedger            *self,
                                                 const char          *feeder_id,
                                                 gint64               since,
                                                 gint64               until,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
FbFoodSeries *fb_ledger_read_food_series_finish (FbLedger      *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

G_END_DECLS

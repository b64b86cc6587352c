/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history-past.h: orders and feeders exactly as they stood at a past instant, read from a
   connection's ledger: the folded state, and the feeds around it (what the backend passed on to
   the feeders, the feed commands sent from here and their outcomes), which the fold leaves out. */
#pragma once

#include "fb-feeder-store.h"
#include "fb-ledger.h"
#include "fb-order-store.h"

G_BEGIN_DECLS

/* At most this many feed records before the instant, and at most this many events looked
   through for them (the ledger has no index by kind; a busy ledger must not stall a step). */
#define FB_HISTORY_PAST_MAX_FEEDS   (4 * FB_FEEDER_MAX_COMMANDS)
#define FB_HISTORY_PAST_MAX_SCANNED 200000
/* The timeline's marks: whether any event happened in each of this many equal parts of it. */
#define FB_HISTORY_PAST_N_MARKS     60

typedef struct _FbHistoryPast FbHistoryPast;

void           fb_history_past_free           (FbHistoryPast *past);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbHistoryPast, fb_history_past_free)

/* Reads the state at @at and the feed records up to it, off the main thread. */
void           fb_history_past_read_async     (FbLedger             *ledger,
                                               gint64                at,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
FbHistoryPast *fb_history_past_read_finish    (FbLedger             *ledger,
                                               GAsyncResult         *result,
                                               GError              **error);
FbHistoryPast *fb_history_past_read           (FbLedger             *ledger,
                                               gint64                at,
                                               GError              **error);
gint64         fb_history_past_get_at         (FbHistoryPast        *past);
/* The first and last event's times (0 when none), and the time of the first event in each part
   of that range that has any (gint64 µs, at most FB_HISTORY_PAST_N_MARKS). */
gint64         fb_history_past_get_first      (FbHistoryPast        *past);
gint64         fb_history_past_get_last       (FbHistoryPast        *past);
GArray        *fb_history_past_get_marks      (FbHistoryPast        *past);
const FbLedgerState *fb_history_past_get_state (FbHistoryPast       *past);
/* New stores for the main thread: every order as it stood; every feeder with its state, its last
   feed and its feed log as they were, stale or not as seen from @at (frozen there). */
FbOrderStore  *fb_history_past_build_orders   (FbHistoryPast        *past);
FbFeederStore *fb_history_past_build_feeders  (FbHistoryPast        *past,
                                               guint                 stale_after);

/* A feedboard/feed record's JSON into a command with its recorded outcome (NULL when it is not
   one); @received_at is the time of the record. */
FbFeedCommand *fb_history_past_decode_command (GBytes               *payload,
                                               gint64                received_at);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history.h: one connection's ledger as the app uses it: opened (or recovered) off the main
   thread, fed with everything the connection receives and sends, and the last known state read
   back once at the start. Messages that arrive while it opens are kept and recorded after. */
#pragma once

#include "fb-feed-command.h"
#include "fb-ledger.h"
#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_HISTORY_MAX_BACKLOG 100000

#define FB_TYPE_HISTORY (fb_history_get_type ())
G_DECLARE_FINAL_TYPE (FbHistory, fb_history, FB, HISTORY, GObject)

/* The ledger directory for @key (a profile id, "demo", …) under @data_dir (NULL = the user's). */
char      *fb_history_dir_for            (const char    *data_dir,
                                          const char    *key);
/* Starts opening the ledger in @dir. Signals: "restored" (the latest FbLedgerState, once),
   "problem" (a sentence for the user: a damaged ledger moved aside, a failure, a gap).
   :recording-problem says why nothing is being recorded, while that lasts. */
FbHistory *fb_history_new                (const char    *dir,
                                          guint          max_age_days,
                                          guint          max_size_mb);
const char *fb_history_get_dir           (FbHistory     *self);
/* Retention limits (the settings history-max-age-days / -size-mb); applied at once. */
void       fb_history_set_limits         (FbHistory     *self,
                                          guint          max_age_days,
                                          guint          max_size_mb);
/* NULL until it is open (notify::ledger), or when it could not be opened. */
FbLedger  *fb_history_get_ledger         (FbHistory     *self);
/* One message; @order is its decoded order event when the caller has one (not parsed twice). */
void       fb_history_record_message     (FbHistory           *self,
                                          const FbMqttMessage *message,
                                          const FbOrderEvent  *order);
void       fb_history_record_connection  (FbHistory     *self,
                                          FbMqttClient  *client);
void       fb_history_record_feed_command (FbHistory    *self,
                                           FbFeedCommand *command);
/* Why history is not being recorded now (it cannot be opened, or writing fails), in words;
   NULL while it records. Both are retried by themselves with a back-off. */
const char *fb_history_get_recording_problem (FbHistory *self);
/* Removes everything recorded (off the main thread); @callback when done. */
void       fb_history_clear_async        (FbHistory          *self,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean   fb_history_clear_finish       (FbHistory     *self,
                                          GAsyncResult  *result,
                                          GError       **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session.h: the app's live connection: the MQTT client, the order store fed from it once
   per frame, and the demo backend when --demo is given. */
#pragma once

#include <gtk/gtk.h>

#include "fb-feed-sender.h"
#include "fb-history.h"
#include "fb-feeder-store.h"
#include "fb-ledger-messages.h"
#include "fb-message-ring.h"
#include "fb-connection-profile.h"
#include "fb-mqtt-client.h"
#include "fb-profile-store.h"
#include "fb-order-simulation.h"
#include "fb-order-overview.h"
#include "fb-order-store.h"

G_BEGIN_DECLS

#define FB_SESSION_ERROR (fb_session_error_quark ())
GQuark fb_session_error_quark (void);

typedef enum {
  FB_SESSION_ERROR_OPTIONS,
} FbSessionError;

#define FB_TYPE_SESSION (fb_session_get_type ())
G_DECLARE_FINAL_TYPE (FbSession, fb_session, FB, SESSION, GObject)

FbSession    *fb_session_new (void);
/* The connection options shared with feedboard-cli, for GApplication's option parser. */
void          fb_session_add_option_entries (GApplication *app);
/* Reads --broker, --endpoint, --region, --profile, --topic, --client-id, --shared-endpoint,
   --polling-endpoint and --demo.
   FALSE with a message a user reads when they do not fit together. */
gboolean      fb_session_set_options (FbSession     *self,
                                      GVariantDict  *options,
                                      GError       **error);
gboolean      fb_session_has_connection (FbSession *self);
gboolean      fb_session_is_demo (FbSession *self);
void          fb_session_start (FbSession *self);
void          fb_session_stop (FbSession *self);
FbMqttClient *fb_session_get_client (FbSession *self);
/* Reconnect Now (win.reconnect): the client attempts at once when it is waiting to retry or has
   given up; FALSE when there is nothing to do. */
gboolean      fb_session_reconnect_now (FbSession *self);
/* Messages received on this connection and ignored (refused by fb-inbound: malformed, too large,
   nested too deep…), and the last one's topic and reason as plain text (NULL before any). */
guint64       fb_session_get_n_refused (FbSession *self);
const char   *fb_session_get_last_refusal (FbSession *self);
FbOrderStore *fb_session_get_orders (FbSession *self);
/* The overview of the orders (counts, rates, stuck ones), folded from the store's batches. */
FbOrderOverview *fb_session_get_overview (FbSession *self);
FbFeederStore *fb_session_get_feeders (FbSession *self);
/* Every message received on the connection, as it arrived: the newest ones, newest first. */
FbMessageRing *fb_session_get_messages (FbSession *self);
/* The message an order event or a feeder state came in (@ref->key: the order's or the feeder's
   id; @ref->updated_at_text: the order event's updatedAt), from the ring, else from the history;
   NULL (without an error) when neither holds it any more. */
void          fb_session_find_message_async  (FbSession                *self,
                                              const FbLedgerMessageRef *ref,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data);
FbRawMessage *fb_session_find_message_finish (FbSession           *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Sends feeds by the connection's routes; its commands are logged in the feeder store. */
FbFeedSender *fb_session_get_feed_sender (FbSession *self);
/* The connection's history (its ledger); NULL before a connection. */
FbHistory    *fb_session_get_history (FbSession *self);
/* The time of the last known state shown while not live (restored from the history); 0 = live. */
gint64        fb_session_get_as_of (FbSession *self);
/* The saved connections (GSettings when the schema is installed, else memory). */
FbProfileStore      *fb_session_get_profiles (FbSession *self);
/* The saved connection in use, NULL for command-line options, the demo or none. */
FbConnectionProfile *fb_session_get_profile (FbSession *self);
/* Start Simulation on the connection's shared endpoint (notify::simulation); NULL when it has
   none. Its list of orders is loaded from its polling API, if any, at each connect. */
FbOrderSimulation   *fb_session_get_simulation (FbSession *self);
/* Switches to this saved connection (secrets from the keyring) and remembers it for next start. */
void          fb_session_connect_profile (FbSession           *self,
                                          FbConnectionProfile *profile);
/* Switches to the local demo backend, like --demo (saves nothing). */
void          fb_session_start_demo (FbSession *self);
/* TRUE while there is nothing to connect to: no options, no saved connection (first run). */
gboolean      fb_session_get_needs_setup (FbSession *self);
/* What the connection is, for the connection popover and the error page (fb-session-status.c):
   the topic filters it subscribes; messages received by the current client (property
   "messages-received", notified at most once per frame); why there is no client at all
   (property "connection-problem": a bad option, a demo that did not start, a profile whose
   secret could not be read; NULL otherwise). Property "demo": on the demo backend. */
char        **fb_session_dup_topics (FbSession *self);
guint64       fb_session_get_messages_received (FbSession *self);
const char   *fb_session_get_connection_problem (FbSession *self);
/* Reconnect Now for the window: fb_session_reconnect_now () for the client there is, or a new
   start of the saved connection or the demo that did not make one. */
void          fb_session_reconnect (FbSession *self);
/* Events reach the store once per frame of this widget (its frame clock's tick). */
void          fb_session_set_frame_widget (FbSession *self, GtkWidget *widget);

G_END_DECLS

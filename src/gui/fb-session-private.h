/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session-private.h: what the session's files share — the instance struct, its property and
   signal tables, and the functions one part calls in another. Not for use outside fb-session*.c. */
#pragma once

#include "fb-bench-hook.h"
#include "fb-demo.h"
#include "fb-message-ring.h"
#include "fb-orders-poller.h"
#include "fb-session.h"

G_BEGIN_DECLS

/* If the frame clock does not tick (window hidden), flush anyway after this long. */
#define FB_SESSION_MAX_FLUSH_DELAY_MS 100
/* While events stream in, the stores (and so every view) are updated at most this often (twice
   a second); a lone event waits for no one and is applied at the next frame. Each update costs
   the same few frames however many events it holds, plus a row made for each order new to the
   list's first rows (bench/live-view.py --stream paced, CPU-s: 1.69/1.75/1.85 against
   1.79/1.93/2.01 at 400 ms; with the hold model's at-once share raised to match, see
   fb-hold-model.c). */
#define FB_SESSION_PULSE_US (G_USEC_PER_SEC / 2)
/* A flood (this many events waiting, or applied by the last flush) is applied at most this often
   instead: a burst's last events do not wait half a second, and a long flood is still applied in
   batches of up to FB_SESSION_FRAME_EVENTS, not one for each batch of messages (bench/live-view.py
   --stream burst, on screen s: 0.39/0.47/0.54 against 0.62/0.64/0.70 at 400 ms; applied at every
   frame, the burst was sooner still but --stream load cost 4.76/4.88/4.99 CPU-s against
   3.65/4.09/4.53). */
#define FB_SESSION_PULSE_EVENTS 256
#define FB_SESSION_FLOOD_PULSE_US (G_USEC_PER_SEC / 10)
/* Events applied at most in one frame; the rest in the frames after (no pulse between them).
   Applying 2 048 takes a few ms here: a burst of 10 000 is applied over five or six frames and
   none of them is long (bench/live-view.py --stream burst: frame-gap p99 28/35/44 ms, against
   31/48/60 ms with 8 192 a frame). */
#define FB_SESSION_FRAME_EVENTS 2048

struct _FbSession
{
  GObject       parent_instance;

  /* options */
  char         *broker;
  char         *endpoint;
  char         *region;
  char         *profile;
  char        **topics;
  char         *client_id;
  char         *shared_endpoint;
  char         *polling_endpoint;
  gboolean      demo;

  FbMqttClient *client;
  gulong        messages_id;
  FbOrderStore *orders;
  FbOrderOverview *overview;   /* folded from the same batches as the store */
  FbFeederStore *feeders;
  FbFeedSender *feed_sender;
  GPtrArray    *pending_feeder_events;   /* FbInboundEvent: feeder states and feed actions */
  gint64        last_feeder_problem;
  guint64       n_refused;               /* messages fb-inbound refused, on this connection */
  char         *last_refusal;
  gboolean      refusals_changed;        /* notified at the next flush */
  FbDemo       *demo_backend;
  FbHistory    *history;
  GSettings    *settings;       /* NULL without the schema */
  gint64        as_of;
  FbOrdersPoller    *poller;       /* the connection's polling API, if it has one */
  GCancellable      *polling;
  FbOrderSimulation *simulation;   /* the connection's shared endpoint, if it has one */
  GCancellable *cancellable;
  GCancellable *connecting;   /* the profile being connected (keyring lookups) */
  FbProfileStore      *profiles;
  FbConnectionProfile *saved_profile;
  gboolean      needs_setup;

  GPtrArray    *pending;
  GWeakRef      frame_widget;
  guint         tick_id;
  GtkWidget    *tick_widget;   /* the widget tick_id belongs to; only valid while tick_id */
  guint         flush_timeout_id;
  guint         pulse_id;        /* waits out the pulse before asking for a frame */
  gint64        pulse_due;       /* when pulse_id fires, monotonic µs */
  guint         last_flush_events;   /* events the last flush applied */
  gint64        last_flush;      /* monotonic µs */
  guint64       since_trim;      /* events applied since the heap was last trimmed */
  guint         trim_id;

  FbMessageRing *messages;    /* every message as it arrived, the newest (fb-session-messages.c) */
  GPtrArray    *pending_raw;  /* FbRawMessage, for the ring at the next flush */

  FbBenchHook  *bench;        /* NULL unless benchmarking */
  gboolean      started;

  guint64       messages_received;   /* by the current client; notified once per flush */
  gboolean      messages_changed;
  char         *connection_problem;  /* why there is no client (a bad option, the demo failed…) */
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PROFILE,
  PROP_NEEDS_SETUP,
  PROP_HISTORY,
  PROP_AS_OF,
  PROP_SIMULATION,
  PROP_N_REFUSED,
  PROP_LAST_REFUSAL,
  PROP_DEMO,
  PROP_MESSAGES_RECEIVED,
  PROP_CONNECTION_PROBLEM,
  N_PROPS
};

enum {
  PROBLEM,
  N_SIGNALS
};

extern GParamSpec *_fb_session_properties[N_PROPS];
extern guint _fb_session_signals[N_SIGNALS];

/* fb-session.c */
void _fb_session_problem (FbSession  *self,
                          const char *message);
extern const char * const _fb_session_default_topics[];

/* fb-session-inbound.c */
void _fb_session_cancel_flush (FbSession *self);
void _fb_session_flush (FbSession *self);
void _fb_session_messages_cb (FbSession    *self,
                              GPtrArray    *messages,
                              FbMqttClient *client);
/* Forgets the pending events and the refusals (another connection's are not this one's). */
void _fb_session_clear_inbound (FbSession *self);

/* fb-session-messages.c */
void _fb_session_init_messages (FbSession *self);
void _fb_session_finalize_messages (FbSession *self);
/* @message as it arrived, what fb-inbound made of it: for the ring, at the next flush. */
void _fb_session_note_message (FbSession            *self,
                               const FbMqttMessage  *message,
                               const FbInboundEvent *event);
void _fb_session_flush_messages (FbSession *self);
void _fb_session_clear_messages (FbSession *self);

/* fb-session-backends.c */
void _fb_session_poll_orders (FbSession *self);
void _fb_session_set_up_order_apis (FbSession             *self,
                                    const char            *shared_endpoint,
                                    const char            *polling_endpoint,
                                    const char            *region,
                                    FbCredentialsProvider *provider);
void _fb_session_clear_order_apis (FbSession *self);
void _fb_session_set_up_profile_aws_apis (FbSession           *self,
                                          FbConnectionProfile *profile,
                                          FbMqttClient        *client);
void _fb_session_set_up_eventbridge (FbSession             *self,
                                     const char            *region,
                                     const char            *bus,
                                     FbCredentialsProvider *provider);
void _fb_session_command_started_cb (FbSession     *self,
                                     FbFeedCommand *command);
void _fb_session_command_finished_cb (FbSession     *self,
                                      FbFeedCommand *command);

/* fb-session-status.c */
void _fb_session_set_connection_problem (FbSession  *self,
                                         const char *problem);
void _fb_session_set_demo (FbSession *self,
                           gboolean   demo);
void _fb_session_reset_messages (FbSession *self);
void _fb_session_notify_messages (FbSession *self);

/* fb-session-history.c */
void _fb_session_open_history (FbSession *self);
void _fb_session_history_limits_changed_cb (FbSession *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger.h: every event Feedboard receives or sends, kept on disk in SQLite, and the state
   (orders and feeders) as it stood at any instant. */
#pragma once

#include <gio/gio.h>

#include "fb-feeder-state.h"
#include "fb-inbound.h"
#include "fb-mqtt-message.h"
#include "fb-order-event.h"

G_BEGIN_DECLS

#define FB_LEDGER_ERROR (fb_ledger_error_quark ())

typedef enum
{
  FB_LEDGER_ERROR_IO,        /* the directory or the file cannot be used */
  FB_LEDGER_ERROR_CORRUPT,   /* the file is damaged (not a database, or fails its check) */
  FB_LEDGER_ERROR_TOO_NEW,   /* written by a newer Feedboard; left untouched */
  FB_LEDGER_ERROR_SQL,       /* SQLite refused something */
  FB_LEDGER_ERROR_CLOSED,
} FbLedgerError;

typedef enum
{
  FB_LEDGER_KIND_OTHER,          /* a message on another topic, or one that did not decode */
  FB_LEDGER_KIND_ORDER,          /* orders/events… */
  FB_LEDGER_KIND_FEEDER_STATE,   /* cat-feeder/states… */
  FB_LEDGER_KIND_FEED_ACTION,    /* cat-feeder/action: a feed passed on to the feeders */
  FB_LEDGER_KIND_FEED_COMMAND,   /* a feed sent from here, and its outcome */
  FB_LEDGER_KIND_CONNECTION,     /* the connection's state changed */
  FB_LEDGER_KIND_GAP,            /* events that were not recorded: from, until, how many, why */
} FbLedgerKind;

#define FB_LEDGER_SCHEMA_VERSION     1
#define FB_LEDGER_FILE_NAME          "ledger.sqlite3"
/* At least this many events between checkpoints; more when the state is large. */
#define FB_LEDGER_CHECKPOINT_EVERY   10000
#define FB_LEDGER_COMMIT_INTERVAL_MS 200
/* While writing fails, this much is held in memory for the retry; what comes after is counted
   and recorded as a gap once writing works again. */
#define FB_LEDGER_MAX_HELD_EVENTS    50000
#define FB_LEDGER_MAX_HELD_BYTES     (8 * 1024 * 1024)
/* The retries' back-off: the first after a second, doubling up to this. */
#define FB_LEDGER_MAX_RETRY_SECONDS  30
/* A gap's record: {"from": RFC 3339, "until": RFC 3339, "events": N, "reason": "…"}. */
#define FB_LEDGER_GAP_TOPIC          "feedboard/gap"

/* The folded state at an instant. */
typedef struct
{
  gint64     at;        /* the instant asked for (µs) */
  gint64     as_of;     /* received time of the last event at or before it; 0 = none */
  gint64     seq;       /* its sequence number; 0 = none */
  GPtrArray *orders;    /* FbOrderEvent: the winning event of each order, by order id */
  GPtrArray *feeders;   /* FbFeederState: each feeder's merged state, by feeder id */
} FbLedgerState;

/* Signals, emitted on the main context of the thread that opened the ledger (as are the
   notifications of :recording-problem and the completions of the _async calls):
   "committed" (gint64 seq) after each commit; "gap" (gint64 from, gint64 until, gint64 n_events)
   when recording resumed and that many events received from @from to @until were not kept. */
#define FB_TYPE_LEDGER (fb_ledger_get_type ())
G_DECLARE_FINAL_TYPE (FbLedger, fb_ledger, FB, LEDGER, GObject)

GQuark         fb_ledger_error_quark        (void);
const char    *fb_ledger_kind_to_string     (FbLedgerKind kind);
/* The kind a received message is kept as, from its route. */
FbLedgerKind   fb_ledger_kind_for_route     (FbInboundRoute route);
void           fb_ledger_state_free         (FbLedgerState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbLedgerState, fb_ledger_state_free)

/* Opens (creating it and @dir when needed) the ledger in @dir. Only a file SQLite itself finds
   damaged (corrupt, or not a database) is FB_LEDGER_ERROR_CORRUPT; one that cannot be read or
   written (permissions, a read-only place, an I/O error) is FB_LEDGER_ERROR_IO; a newer one is
   FB_LEDGER_ERROR_TOO_NEW. None of them is modified. The writer reports back to the calling
   thread's default main context: signals, property notifications and the _async calls. */
FbLedger      *fb_ledger_open               (const char  *dir,
                                             GError     **error);
/* For reading only (export, state): no check of the whole file, no writer; appends are dropped. */
FbLedger      *fb_ledger_open_read_only     (const char  *dir,
                                             GError     **error);
/* Like fb_ledger_open, but a damaged file (FB_LEDGER_ERROR_CORRUPT only) is moved aside (its new
   path in *@moved_aside, for telling the user) and a fresh ledger started. Others are refused. */
FbLedger      *fb_ledger_open_or_recover    (const char  *dir,
                                             char       **moved_aside,
                                             GError     **error);
const char    *fb_ledger_get_path           (FbLedger    *self);
/* Commits what is queued (one last try when writing fails) and stops the writer; later appends
   are dropped. Waits for that commit: for the end of a ledger's life. Also on dispose. */
void           fb_ledger_close              (FbLedger    *self);

/* Appending never blocks on disk: records are queued, a writer thread commits them in batches
   at least every FB_LEDGER_COMMIT_INTERVAL_MS. Times are µs since the epoch; the ledger's clock
   never goes backwards (a record older than the last one takes the last one's time).
   When a commit fails (disk full, I/O error, read-only place) recording pauses: the writer holds
   what is queued (up to FB_LEDGER_MAX_HELD_*), sets FbLedger:recording-problem, and retries after
   1 s, 2 s, … up to FB_LEDGER_MAX_RETRY_SECONDS. When a retry succeeds the held events are
   committed, what could not be held is recorded as one FB_LEDGER_KIND_GAP record ("gap" is
   emitted), and recording-problem goes back to NULL. Nothing committed is touched. */
void           fb_ledger_append             (FbLedger            *self,
                                             FbLedgerKind         kind,
                                             const char          *topic,
                                             GBytes              *payload,
                                             gint64               received_at);
/* A received message, classified by its topic and decoded in the writer thread. */
void           fb_ledger_append_message     (FbLedger            *self,
                                             const FbMqttMessage *message);
void           fb_ledger_append_messages    (FbLedger            *self,
                                             GPtrArray           *messages);
/* An order event the caller has decoded already from @message: it is not parsed twice. */
void           fb_ledger_append_order       (FbLedger            *self,
                                             const FbMqttMessage *message,
                                             const FbOrderEvent  *event);
/* Records that @n_events received from @from to @until (µs) were not recorded, and why. */
void           fb_ledger_append_gap         (FbLedger            *self,
                                             gint64               from,
                                             gint64               until,
                                             gint64               n_events,
                                             const char          *reason);
/* Completes once everything appended so far is committed; an error (the reason, and how many
   events wait) when recording is paused and the immediate retry fails too. */
void           fb_ledger_flush_async        (FbLedger            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       fb_ledger_flush_finish       (FbLedger            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* The highest sequence number known to be committed (on disk, durable against a crash). */
gint64         fb_ledger_get_committed_seq  (FbLedger            *self);
/* Why recording is paused, in words; NULL while it records (notify::recording-problem). */
const char    *fb_ledger_get_recording_problem (FbLedger         *self);

/* The state at @at (G_MAXINT64 = the latest), from the nearest checkpoint and the events after it. */
FbLedgerState *fb_ledger_read_state         (FbLedger            *self,
                                             gint64               at,
                                             GError             **error);
void           fb_ledger_read_state_async   (FbLedger            *self,
                                             gint64               at,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
FbLedgerState *fb_ledger_read_state_finish  (FbLedger            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* For the modules that read the ledger on a connection of their own (its messages, the overview,
   the past of the history): a read-only connection to its file, which never waits for the writer
   (WAL), a busy timeout, and, given @cancellable, statements that stop once it is cancelled.
   Close it with sqlite3_close (). */
struct sqlite3;
struct sqlite3 *fb_ledger_open_reader       (FbLedger            *self,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* What a reader of the ledger does in a thread: what it read, or NULL with @error set (or
   NULL without an error: nothing found). */
typedef gpointer (*FbLedgerReadFunc)        (FbLedger            *self,
                                             gpointer             data,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* The same for a reader of the instant @at (fb_ledger_read_state, the past of the history). */
typedef gpointer (*FbLedgerReadAtFunc)      (FbLedger            *self,
                                             gint64               at,
                                             GError             **error);
/* How a reader runs in a thread: one static description per _async. */
typedef struct
{
  gpointer           source_tag;    /* the _async it serves */
  FbLedgerReadFunc   read;          /* for fb_ledger_run_read_async */
  FbLedgerReadAtFunc read_at;       /* for fb_ledger_run_read_at_async */
  GDestroyNotify     data_free;     /* for @data, once the task is done */
  GDestroyNotify     result_free;   /* for what it read, when nobody takes it */
  gboolean           return_on_cancel;   /* completes at once when cancelled */
} FbLedgerReader;
/* Runs @reader's read (@self, @data, …) in a thread: the task returns what it read or its
   error, for g_task_propagate_pointer () in the _finish of @reader's _async. */
void           fb_ledger_run_read_async     (FbLedger             *self,
                                             const FbLedgerReader *reader,
                                             gpointer              data,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* The same with @reader's read_at (@self, @at, …). */
void           fb_ledger_run_read_at_async  (FbLedger             *self,
                                             const FbLedgerReader *reader,
                                             gint64                at,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);

/* First and last received times; FALSE when the ledger is empty. */
gboolean       fb_ledger_get_time_range     (FbLedger            *self,
                                             gint64              *first,
                                             gint64              *last);
/* The received time of the event just before (@direction < 0) or after @at; FALSE when none. */
gboolean       fb_ledger_neighbor_time      (FbLedger            *self,
                                             gint64               at,
                                             int                  direction,
                                             gint64              *out_time);
/* JSON Lines, one event per line: seq, receivedAt, topic, kind and the decoded fields. */
gboolean       fb_ledger_export             (FbLedger            *self,
                                             gint64               since,
                                             gint64               until,
                                             GOutputStream       *out,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* Removes the oldest events, in whole batches, until none is older than @max_age_seconds and
   the file is at most @max_bytes (0 = no limit). The state after the cut stays exact. Runs in
   the writer thread, between commits. */
void           fb_ledger_apply_retention_async  (FbLedger            *self,
                                                 gint64               max_age_seconds,
                                                 gint64               max_bytes,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       fb_ledger_apply_retention_finish (FbLedger            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Removes everything recorded, and what is held while recording is paused. */
void           fb_ledger_clear_async        (FbLedger            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       fb_ledger_clear_finish       (FbLedger            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gint64         fb_ledger_get_n_events       (FbLedger            *self);
gint64         fb_ledger_get_size           (FbLedger            *self);

/* -- reading rows back (fb-ledger-rows.c): the fold, the state and the export read every row
   through fb-inbound and the checked JSON parser only, so that a hostile message kept raw cannot
   hurt a later reader. -- */

/* One row of the ledger's events, as stored: the decoded columns (NULL when the message did not
   decode) and the raw bytes. Strings may be anything a damaged or hostile file holds. */
typedef struct
{
  gint64        seq;
  gint64        received_at;
  FbLedgerKind  kind;
  const char   *topic;
  const char   *key;               /* the order's or the feeder's id */
  const char   *status;
  gint64        updated_at;
  const char   *updated_at_text;
  const char   *event;
  const guint8 *payload;
  gsize         payload_len;
} FbLedgerRow;

/* The row's event for the fold: an order from its columns, checked as every order event is
   (fb_order_event_check: a year-9999 updatedAt kept by an older Feedboard does not pin its order);
   a feeder state decoded again from the raw bytes by fb_inbound_decode. NULL for a row that is
   part of no state (another topic, a refused message, Feedboard's own records). */
FbInboundEvent *fb_ledger_row_read    (const FbLedgerRow *row);
/* The row as one line of JSON Lines, without the newline: seq, receivedAt, topic, kind, the
   decoded fields, and the payload: as JSON ("payload") when it passes fb_json_parse, else as a
   string ("raw", or "rawBase64" when it is not UTF-8) with the reason in "payloadRefused".
   Valid JSON for any row. */
char           *fb_ledger_row_to_json (const FbLedgerRow *row,
                                       gsize             *len);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-private.h: what the ledger's files share — the instance struct, the records the
   writer thread takes, the fold, and the SQL helpers. Not for use outside fb-ledger*.c. */
#pragma once

#include <sqlite3.h>

#include "fb-ledger.h"

G_BEGIN_DECLS

#define CHECKPOINT_TYPE "(a(ssssxsx)a(ssmsimsmsmsx))"
#define MAX_BATCH       20000

typedef enum
{
  RECORD_EVENT,
  RECORD_FLUSH,
  RECORD_RETENTION,
  RECORD_CLEAR,
  RECORD_STOP,
} RecordType;

typedef struct
{
  RecordType    type;
  FbLedgerKind  kind;
  gboolean      classify;   /* kind from the topic, decoded in the writer */
  char         *topic;
  GBytes       *payload;
  gint64        received_at;
  FbOrderEvent *order;      /* already decoded by the caller: not parsed again */
  GTask        *task;       /* a control record's: returned from the writer */
  gint64        max_age;    /* RECORD_RETENTION's limits */
  gint64        max_bytes;
} Record;

/* The fold: what the state is after some prefix of the events. */
typedef struct
{
  GHashTable *orders;    /* order id → FbOrderEvent */
  GHashTable *feeders;   /* feeder id → FbFeederState */
} Fold;

struct _FbLedger
{
  GObject       parent_instance;

  char         *dir;
  char         *path;
  sqlite3      *db;          /* the writer's; only the writer thread uses it once started */
  GThread      *writer;
  GAsyncQueue  *queue;
  GAsyncQueue  *wakeup;      /* a token per control record: wakes the writer while a batch is open */
  GMainContext *context;     /* the owner's: signals, notifications and tasks complete there */
  GWeakRef     *link;        /* a refcounted weak reference to self, for the writer's notices */
  GMutex        append_lock;
  gint64        committed_seq;   /* under append_lock */

  /* The writer thread's only, once started. */
  gint64        last_seq;
  gint64        last_time;
  gint64        checkpoint_seq;  /* the last checkpoint's */
  Fold          fold;
  gboolean      stale;           /* a transaction failed: reopen and reload before the next */
  GError       *pause_error;     /* why the last commit failed; NULL while recording */
  gint64        retry_at;        /* monotonic µs */
  gint64        backoff;         /* µs */
  gsize         held_bytes;      /* what the batch holds */
  gint64        n_dropped;       /* not held while paused: the next gap */
  gint64        dropped_from;
  gint64        dropped_until;

  /* The owner's context only. */
  char         *recording_problem;
};

/* fb-ledger.c */
gboolean       _fb_ledger_sql_error       (GError      **error,
                                           sqlite3      *db,
                                           const char   *what);
gboolean       _fb_ledger_exec            (sqlite3      *db,
                                           const char   *sql,
                                           GError      **error);
gboolean       _fb_ledger_query_int64     (sqlite3      *db,
                                           const char   *sql,
                                           gint64       *out,
                                           GError      **error);
sqlite3       *_fb_ledger_open_connection (const char   *path,
                                           gboolean      writable,
                                           GError      **error);
gboolean       _fb_ledger_load_position   (FbLedger     *self,
                                           GError      **error);
void           _fb_ledger_emit_notice     (FbLedger     *self,
                                           gint64        committed_seq,
                                           gboolean      problem_changed,
                                           const char   *problem,
                                           gint64        gap_from,
                                           gint64        gap_until,
                                           gint64        n_gap);

/* fb-ledger-fold.c */
void           _fb_ledger_fold_init       (Fold         *fold);
void           _fb_ledger_fold_clear      (Fold         *fold);
void           _fb_ledger_fold_order      (Fold         *fold,
                                           FbOrderEvent *ev);
void           _fb_ledger_fold_feeder     (Fold         *fold,
                                           FbFeederState *state);
GVariant      *_fb_ledger_fold_to_variant (Fold         *fold);
FbLedgerState *_fb_ledger_fold_to_state   (Fold         *fold);
gboolean       _fb_ledger_fold_up_to      (sqlite3      *db,
                                           Fold         *fold,
                                           gint64        at,
                                           gint64        max_seq,
                                           gint64       *out_seq,
                                           gint64       *out_time,
                                           GError      **error);

/* fb-ledger-retention.c: in the writer thread */
gboolean       _fb_ledger_retention       (FbLedger     *self,
                                           gint64        max_age,
                                           gint64        max_bytes,
                                           GError      **error);
gboolean       _fb_ledger_clear_all       (FbLedger     *self,
                                           GError      **error);

/* fb-ledger-rows.c */
/* The row at @stmt, whose columns are: seq, received_at, kind, topic, key, status, updated_at,
   updated_at_text, event, payload. The strings stay the statement's. */
void           _fb_ledger_row_from_stmt   (FbLedgerRow  *row,
                                           sqlite3_stmt *stmt);

/* fb-ledger-writer.c */
void           _fb_ledger_record_free     (Record       *record);
gboolean       _fb_ledger_insert_checkpoint (FbLedger *self,
                                             gint64    seq,
                                             gint64    received_at,
                                             Fold     *fold,
                                             GError  **error);
gpointer       _fb_ledger_writer_main     (gpointer      data);
void           _fb_ledger_push_control    (FbLedger     *self,
                                           Record       *record);

G_END_DECLS

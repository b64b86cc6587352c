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
  GMutex   mutex;
  GCond    cond;
  gboolean done;
  gboolean ok;
  GError  *error;
  gint64   max_age;
  gint64   max_bytes;
} Waiter;

typedef struct
{
  RecordType    type;
  FbLedgerKind  kind;
  gboolean      classify;   /* kind from the topic, decoded in the writer */
  char         *topic;
  GBytes       *payload;
  gint64        received_at;
  FbOrderEvent *order;      /* already decoded by the caller: not parsed again */
  Waiter       *waiter;
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
  GMainContext *context;
  gint64        committed_seq;   /* under append_lock */
  gint64        last_seq;        /* writer thread only */
  gint64        last_time;       /* writer thread only */
  gint64        checkpoint_seq;  /* writer thread only: the last checkpoint's */
  gint          control_pending; /* control records queued, not yet handled (atomic) */
  GMutex        append_lock;
  Fold          fold;            /* writer thread only */
  GError       *writer_error;    /* the first failure; under append_lock */
  void        (*commit_callback) (gint64 seq, gpointer data);
  gpointer      commit_data;
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

/* fb-ledger-writer.c */
void           _fb_ledger_record_free     (Record       *record);
gpointer       _fb_ledger_writer_main     (gpointer      data);

G_END_DECLS

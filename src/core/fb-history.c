/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history.c: a connection's ledger for the app. Opening checks the whole file (SQLite's
 * quick_check), so it runs in a thread; retention and clearing run in the ledger's writer thread.
 * Records are only queued on the main thread (fb_ledger_append never touches the disk).
 * When the ledger cannot be opened (a read-only place, files that cannot be read) or stops
 * writing (a full disk), :recording-problem says why, and it is retried with a back-off; what
 * arrives meanwhile is kept (up to FB_HISTORY_MAX_BACKLOG) and the rest recorded as a gap. */
#define G_LOG_DOMAIN "fb-history"

#include "fb-history.h"
#include "fb-ledger-records.h"

#define RETENTION_INTERVAL_SECONDS (60 * 60)
#define MAX_REOPEN_SECONDS         FB_LEDGER_MAX_RETRY_SECONDS

struct _FbHistory
{
  GObject       parent_instance;

  char         *dir;
  guint         max_age_days;
  guint         max_size_mb;
  FbLedger     *ledger;
  GCancellable *cancellable;
  GPtrArray    *backlog;      /* FbMqttMessage, while opening */
  gint64        n_dropped;    /* beyond the backlog: recorded as a gap once open */
  gint64        dropped_from;
  gint64        dropped_until;
  guint         retention_id;
  guint         reopen_id;
  guint         reopen_seconds;
  char         *recording_problem;
  char         *open_problem; /* why the last open failed */
};

G_DEFINE_FINAL_TYPE (FbHistory, fb_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_RECORDING_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RESTORED,
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
fb_history_dir_for (const char *data_dir,
                    const char *key)
{
  g_autofree char *safe = g_strdup (key);

  /* A key is an id or a hash, but never let it climb out of the directory. */
  g_strcanon (safe, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", '_');
  if (safe[0] == '.')
    safe[0] = '_';
  return g_build_filename (data_dir != NULL ? data_dir : g_get_user_data_dir (), "feedboard", "ledgers", safe, NULL);
}

const char *
fb_history_get_dir (FbHistory *self)
{
  g_return_val_if_fail (FB_IS_HISTORY (self), NULL);
  return self->dir;
}

FbLedger *
fb_history_get_ledger (FbHistory *self)
{
  g_return_val_if_fail (FB_IS_HISTORY (self), NULL);
  return self->ledger;
}

/* -- retention -- */

static void
fb_history_retention_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fb_ledger_apply_retention_finish (FB_LEDGER (source), result, &error))
    g_message ("Could not trim the history: %s", error->message);
}

static gboolean
retention_cb (gpointer user_data)
{
  FbHistory *self = user_data;

  if (self->ledger != NULL)
    fb_ledger_apply_retention_async (self->ledger, (gint64) self->max_age_days * 24 * 60 * 60,
                                     (gint64) self->max_size_mb * 1024 * 1024, NULL, fb_history_retention_cb, NULL);
  return G_SOURCE_CONTINUE;
}

void
fb_history_set_limits (FbHistory *self,
                       guint      max_age_days,
                       guint      max_size_mb)
{
  g_return_if_fail (FB_IS_HISTORY (self));

  if (self->max_age_days == max_age_days && self->max_size_mb == max_size_mb)
    return;
  self->max_age_days = max_age_days;
  self->max_size_mb = max_size_mb;
  /* Smaller limits apply now, not at the next hourly trim. */
  retention_cb (self);
}

/* -- opening and the last known state -- */

static void
fb_history_restored_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  FbHistory *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedgerState) state = fb_ledger_read_state_finish (FB_LEDGER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (state == NULL)
    {
      g_autofree char *text = g_strdup_printf ("Could not read the history: %s", error->message);
      g_signal_emit (self, signals[PROBLEM], 0, text);
      return;
    }
  g_signal_emit (self, signals[RESTORED], 0, state);
}

typedef struct
{
  FbLedger *ledger;
  char     *moved_aside;
} Opened;

static void
opened_free (Opened *opened)
{
  g_clear_object (&opened->ledger);
  g_free (opened->moved_aside);
  g_free (opened);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FbHistory *self = source;
  Opened *opened = g_new0 (Opened, 1);
  GError *error = NULL;

  opened->ledger = fb_ledger_open_or_recover (self->dir, &opened->moved_aside, &error);
  if (opened->ledger == NULL)
    {
      opened_free (opened);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, opened, (GDestroyNotify) opened_free);
}

static void fb_history_open (FbHistory *self);

static void
fb_history_set_recording_problem (FbHistory  *self,
                                  const char *problem)
{
  if (g_strcmp0 (self->recording_problem, problem) == 0)
    return;
  g_free (self->recording_problem);
  self->recording_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_PROBLEM]);
}

static void
fb_history_ledger_problem_cb (FbHistory  *self,
                              GParamSpec *pspec,
                              FbLedger   *ledger)
{
  const char *problem = fb_ledger_get_recording_problem (ledger);
  g_autofree char *text = NULL;

  if (problem != NULL)
    text = g_strdup_printf ("%s. Recording resumes by itself when writing works again.", problem);
  fb_history_set_recording_problem (self, text);
}

static char *
format_local_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

static void
fb_history_ledger_gap_cb (FbHistory *self,
                          gint64     from,
                          gint64     until,
                          gint64     n_events,
                          FbLedger  *ledger)
{
  g_autofree char *from_text = format_local_time (from);
  g_autofree char *until_text = format_local_time (until);
  g_autofree char *text = g_strdup_printf ("History is recorded again. %" G_GINT64_FORMAT " events from %s to %s "
                                           "could not be kept; the history marks them as a gap.",
                                           n_events, from_text, until_text);

  g_signal_emit (self, signals[PROBLEM], 0, text);
}

static gboolean
fb_history_reopen_cb (gpointer user_data)
{
  FbHistory *self = user_data;

  self->reopen_id = 0;
  fb_history_open (self);
  return G_SOURCE_REMOVE;
}

static void
fb_history_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FbHistory *self = FB_HISTORY (source);
  g_autoptr(GError) error = NULL;
  Opened *opened = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&opened, opened_free);
      return;
    }

  if (opened == NULL)
    {
      g_autofree char *text = g_strdup_printf ("History is not recorded: %s", error->message);
      g_autofree char *retrying = g_strdup_printf ("%s. Feedboard tries again by itself.", error->message);

      if (g_error_matches (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_TOO_NEW))
        {
          /* Nothing to retry: a newer Feedboard owns the file. */
          fb_history_set_recording_problem (self, error->message);
          g_clear_pointer (&self->backlog, g_ptr_array_unref);
          g_signal_emit (self, signals[PROBLEM], 0, text);
          return;
        }
      fb_history_set_recording_problem (self, retrying);
      /* Said once per reason, then retried quietly: the banner stays while it lasts. */
      if (g_strcmp0 (self->open_problem, error->message) != 0)
        g_signal_emit (self, signals[PROBLEM], 0, text);
      g_free (self->open_problem);
      self->open_problem = g_strdup (error->message);
      self->reopen_seconds = self->reopen_seconds == 0 ? 1 : MIN (self->reopen_seconds * 2, MAX_REOPEN_SECONDS);
      self->reopen_id = g_timeout_add_seconds (self->reopen_seconds, fb_history_reopen_cb, self);
      return;
    }

  self->ledger = g_steal_pointer (&opened->ledger);
  if (opened->moved_aside != NULL)
    {
      g_autofree char *text = g_strdup_printf ("The history was damaged. It was moved to %s and a new one was started.",
                                               opened->moved_aside);
      g_signal_emit (self, signals[PROBLEM], 0, text);
    }
  opened_free (opened);
  g_signal_connect_object (self->ledger, "notify::recording-problem", G_CALLBACK (fb_history_ledger_problem_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ledger, "gap", G_CALLBACK (fb_history_ledger_gap_cb), self, G_CONNECT_SWAPPED);
  fb_history_set_recording_problem (self, NULL);

  /* The last known state first (read before the backlog lands, so it is the state at start). */
  fb_ledger_read_state_async (self->ledger, G_MAXINT64, self->cancellable, fb_history_restored_cb, self);
  if (self->backlog != NULL)
    fb_ledger_append_messages (self->ledger, self->backlog);
  g_clear_pointer (&self->backlog, g_ptr_array_unref);
  if (self->n_dropped > 0)
    {
      fb_ledger_append_gap (self->ledger, self->dropped_from, self->dropped_until, self->n_dropped, self->open_problem);
      fb_history_ledger_gap_cb (self, self->dropped_from, self->dropped_until, self->n_dropped, self->ledger);
    }
  g_clear_pointer (&self->open_problem, g_free);

  retention_cb (self);
  self->retention_id = g_timeout_add_seconds (RETENTION_INTERVAL_SECONDS, retention_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER]);
}

static void
fb_history_open (FbHistory *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, fb_history_opened_cb, NULL);

  g_task_set_source_tag (task, fb_history_open);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, open_thread);
}

/* -- recording -- */

void
fb_history_record_message (FbHistory           *self,
                           const FbMqttMessage *message,
                           const FbOrderEvent  *order)
{
  g_return_if_fail (FB_IS_HISTORY (self));

  if (self->ledger != NULL && order != NULL)
    fb_ledger_append_order (self->ledger, message, order);
  else if (self->ledger != NULL)
    fb_ledger_append_message (self->ledger, message);
  else if (self->backlog != NULL && self->backlog->len < FB_HISTORY_MAX_BACKLOG)
    g_ptr_array_add (self->backlog, fb_mqtt_message_copy (message));
  else if (self->backlog != NULL)
    {
      if (self->n_dropped++ == 0)
        self->dropped_from = message->received_at;
      self->dropped_until = MAX (self->dropped_until, message->received_at);
    }
}

void
fb_history_record_connection (FbHistory    *self,
                              FbMqttClient *client)
{
  g_return_if_fail (FB_IS_HISTORY (self));

  if (self->ledger != NULL)
    fb_ledger_record_connection (self->ledger, client);
}

void
fb_history_record_feed_command (FbHistory     *self,
                                FbFeedCommand *command)
{
  g_return_if_fail (FB_IS_HISTORY (self));

  if (self->ledger != NULL)
    fb_ledger_record_feed_command (self->ledger, command);
}

const char *
fb_history_get_recording_problem (FbHistory *self)
{
  g_return_val_if_fail (FB_IS_HISTORY (self), NULL);
  return self->recording_problem;
}

/* -- clearing -- */

static void
fb_history_cleared_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (fb_ledger_clear_finish (FB_LEDGER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fb_history_clear_async (FbHistory           *self,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_HISTORY (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, fb_history_clear_async);
  if (self->ledger == NULL)
    {
      g_task_return_new_error (task, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CLOSED, "The history is not open");
      return;
    }
  fb_ledger_clear_async (self->ledger, NULL, fb_history_cleared_cb, g_steal_pointer (&task));
}

gboolean
fb_history_clear_finish (FbHistory     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- life -- */

static void
fb_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FbHistory *self = FB_HISTORY (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, self->ledger);
      break;
    case PROP_RECORDING_PROBLEM:
      g_value_set_string (value, self->recording_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_history_dispose (GObject *object)
{
  FbHistory *self = FB_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retention_id, g_source_remove);
  g_clear_handle_id (&self->reopen_id, g_source_remove);
  /* Closing commits what is queued. */
  if (self->ledger != NULL)
    fb_ledger_close (self->ledger);
  g_clear_object (&self->ledger);
  g_clear_pointer (&self->backlog, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_history_parent_class)->dispose (object);
}

static void
fb_history_finalize (GObject *object)
{
  FbHistory *self = FB_HISTORY (object);

  g_clear_object (&self->cancellable);
  g_free (self->recording_problem);
  g_free (self->open_problem);
  g_free (self->dir);

  G_OBJECT_CLASS (fb_history_parent_class)->finalize (object);
}

static void
fb_history_class_init (FbHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fb_history_get_property;
  object_class->dispose = fb_history_dispose;
  object_class->finalize = fb_history_finalize;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL, FB_TYPE_LEDGER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING_PROBLEM] =
    g_param_spec_string ("recording-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fb_history_init (FbHistory *self)
{
  self->cancellable = g_cancellable_new ();
  self->backlog = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_mqtt_message_free);
}

FbHistory *
fb_history_new (const char *dir,
                guint       max_age_days,
                guint       max_size_mb)
{
  FbHistory *self = g_object_new (FB_TYPE_HISTORY, NULL);

  self->dir = g_strdup (dir);
  self->max_age_days = max_age_days;
  self->max_size_mb = max_size_mb;
  fb_history_open (self);
  return self;
}

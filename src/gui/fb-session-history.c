/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session-history.c: the session's history — one ledger per connection, the last known state
   shown at start, the limits from the settings. */
#define G_LOG_DOMAIN "fb-session"

#include "fb-ledger-overview.h"
#include "fb-session-private.h"

/* -- history: every event on disk, the last known state at start -- */

FbHistory *
fb_session_get_history (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->history;
}

gint64
fb_session_get_as_of (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), 0);

  return self->as_of;
}

/* One ledger per connection: a saved profile, the demo, or the command line's broker or endpoint. */
static char *
fb_session_history_key (FbSession *self)
{
  g_autofree char *hash = NULL;

  if (self->saved_profile != NULL)
    return g_strconcat ("profile-", fb_connection_profile_get_id (self->saved_profile), NULL);
  if (self->demo)
    return g_strdup ("demo");
  if (self->broker != NULL)
    {
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->broker, -1);
      return g_strdup_printf ("broker-%.16s", hash);
    }
  if (self->endpoint != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", self->endpoint, self->region != NULL ? self->region : "");
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
      return g_strdup_printf ("aws-%.16s", hash);
    }
  return NULL;
}

static void
fb_session_history_history_overview_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
  g_autoptr(FbSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOrderOverview) past = fb_ledger_read_overview_finish (FB_LEDGER (source), result, &error);

  if (past != NULL)
    fb_order_overview_merge (self->overview, past);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The overview of the history: %s", error->message);
}

static void
fb_session_history_history_restored_cb (FbSession     *self,
                                        FbLedgerState *state)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new ();

  /* Live events that came first win where they are newer: the stores are last-writer-wins. */
  for (guint i = 0; i < state->orders->len; i++)
    g_ptr_array_add (orders, g_ptr_array_index (state->orders, i));
  fb_order_store_apply_batch (self->orders, orders, NULL);
  fb_order_overview_apply_batch (self->overview, orders);
  /* The overview also wants the last hour's events (when orders were created, completed). */
  if (fb_history_get_ledger (self->history) != NULL)
    fb_ledger_read_overview_async (fb_history_get_ledger (self->history), G_MAXINT64, FB_ORDER_OVERVIEW_DEFAULT_WINDOW,
                                   self->cancellable, fb_session_history_history_overview_cb, g_object_ref (self));
  for (guint i = 0; i < state->feeders->len; i++)
    fb_feeder_store_apply_state (self->feeders, g_ptr_array_index (state->feeders, i));

  if (state->as_of > 0 && (self->client == NULL || fb_mqtt_client_get_state (self->client) != FB_MQTT_STATE_CONNECTED))
    {
      self->as_of = state->as_of;
      g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_AS_OF]);
    }
}

static void
fb_session_history_history_problem_cb (FbSession  *self,
                                       const char *message)
{
  _fb_session_problem (self, message);
}

void
_fb_session_open_history (FbSession *self)
{
  g_autofree char *key = fb_session_history_key (self);
  g_autofree char *dir = NULL;

  if (key == NULL || fb_bench_hook_skips_history ())
    return;
  dir = fb_history_dir_for (NULL, key);
  if (self->history != NULL && g_strcmp0 (fb_history_get_dir (self->history), dir) == 0)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  self->history = fb_history_new (dir, self->settings != NULL ? g_settings_get_uint (self->settings, "history-max-age-days") : 30,
                                  self->settings != NULL ? g_settings_get_uint (self->settings, "history-max-size-mb") : 1024);
  g_signal_connect_object (self->history, "restored", G_CALLBACK (fb_session_history_history_restored_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "problem", G_CALLBACK (fb_session_history_history_problem_cb), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_HISTORY]);
}

void
_fb_session_history_limits_changed_cb (FbSession *self)
{
  if (self->history != NULL && self->settings != NULL)
    fb_history_set_limits (self->history, g_settings_get_uint (self->settings, "history-max-age-days"),
                           g_settings_get_uint (self->settings, "history-max-size-mb"));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-trend.c: the feeder's levels are read from the history once (a thread), then followed
 * live: each state the feeder applies adds a sample, each feed seen a mark, coalesced to one
 * update per main-loop turn. Live samples closer than THIN_US to the previous one replace it, so
 * a chatty device costs at most one sample per THIN_US over the day. */
#define G_LOG_DOMAIN "fb-feeder-trend"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fb-feeder-trend.h"
#include "fb-food-chart.h"
#include "fb-format.h"
#include "fb-ledger-messages.h"
#include "fb-message-view.h"

#define THIN_US (G_GINT64_CONSTANT (20) * G_USEC_PER_SEC)

struct _FbFeederTrend
{
  GtkWidget      parent_instance;

  GtkLabel      *span_label;
  GtkLabel      *estimate_label;
  FbFoodChart   *chart;
  FbMessageView *message_view;

  FbFeeder      *feeder;
  FbSession     *session;
  gint64         at;            /* 0 = live */
  FbFoodSeries  *series;
  char          *estimate;
  GCancellable  *cancellable;   /* the history's read, the message's lookup */
  guint          update_id;
};

G_DEFINE_FINAL_TYPE (FbFeederTrend, fb_feeder_trend, GTK_TYPE_WIDGET)

static char *
estimate_words (double hours)
{
  if (hours < 1)
    return g_strdup (hours <= 0 ? _("Should be empty by now") : _("Empty in less than an hour"));
  if (hours < 48)
    {
      int n = (int) lround (hours);

      /* Translators: when a feeder will be empty at the rate it has been eating */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Empty in about %d hour", "Empty in about %d hours", n), n);
    }
  {
    int n = (int) lround (hours / 24);

    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Empty in about %d day", "Empty in about %d days", n), n);
  }
}

static void
fb_feeder_trend_update (FbFeederTrend *self)
{
  gint64 now = self->at > 0 ? self->at : g_get_real_time ();
  FbFoodEstimate estimate;

  g_assert (FB_IS_FEEDER_TREND (self));

  if (self->at == 0)
    fb_food_series_trim (self->series, now - FB_FOOD_CHART_SPAN);
  fb_food_chart_set_series (self->chart, self->series, now);

  g_clear_pointer (&self->estimate, g_free);
  if (fb_food_estimate ((const FbFoodSample *) self->series->samples->data, self->series->samples->len, now, &estimate))
    self->estimate = estimate_words (estimate.hours_to_empty);
  else
    g_debug ("no estimate for %s: %d (%u samples)", self->feeder != NULL ? fb_feeder_get_id (self->feeder) : "",
             estimate.result, estimate.n_samples);
  gtk_label_set_text (self->estimate_label, self->estimate != NULL ? self->estimate : "");
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), self->estimate != NULL);
}

static gboolean
fb_feeder_trend_update_cb (gpointer user_data)
{
  FbFeederTrend *self = user_data;

  self->update_id = 0;
  fb_feeder_trend_update (self);
  return G_SOURCE_REMOVE;
}

static void
fb_feeder_trend_queue_update (FbFeederTrend *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (fb_feeder_trend_update_cb, self);
}

/* The feeder's newest state and feed, into the series. */
static void
fb_feeder_trend_follow_cb (FbFeederTrend *self)
{
  const FbFeederState *state = fb_feeder_get_state (self->feeder);
  GArray *samples = self->series->samples;
  gint64 feed_at = fb_feeder_get_last_feed_at (self->feeder);
  GArray *feeds = self->series->feeds;

  g_assert (FB_IS_FEEDER_TREND (self));

  if (state != NULL && state->food_capacity >= 0)
    {
      FbFoodSample *last = samples->len > 0 ? &g_array_index (samples, FbFoodSample, samples->len - 1) : NULL;

      if (last == NULL || state->received_at > last->at)
        {
          if (last != NULL && samples->len > 1 && state->received_at - g_array_index (samples, FbFoodSample, samples->len - 2).at < THIN_US)
            g_array_set_size (samples, samples->len - 1);
          fb_food_series_add_sample (self->series, state->received_at, state->food_capacity);
        }
    }
  if (feed_at > 0 && (feeds->len == 0 || feed_at > g_array_index (feeds, gint64, feeds->len - 1)))
    fb_food_series_add_feed (self->series, feed_at);
  fb_feeder_trend_queue_update (self);
}

static void
fb_feeder_trend_read_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  FbFeederTrend *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbFoodSeries) series = fb_ledger_read_food_series_finish (FB_LEDGER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (series == NULL)
    {
      g_debug ("Could not read the food levels: %s", error->message);
      return;
    }
  /* What arrived live while it was read is newer: it stays, after the history. */
  for (guint i = 0; i < self->series->samples->len; i++)
    {
      const FbFoodSample *s = &g_array_index (self->series->samples, FbFoodSample, i);

      if (series->samples->len == 0 || s->at > g_array_index (series->samples, FbFoodSample, series->samples->len - 1).at)
        fb_food_series_add_sample (series, s->at, s->level);
    }
  for (guint i = 0; i < self->series->feeds->len; i++)
    {
      gint64 at = g_array_index (self->series->feeds, gint64, i);

      if (series->feeds->len == 0 || at > g_array_index (series->feeds, gint64, series->feeds->len - 1))
        fb_food_series_add_feed (series, at);
    }
  fb_food_series_free (self->series);
  self->series = g_steal_pointer (&series);
  fb_feeder_trend_update (self);
}

static FbLedger *
fb_feeder_trend_get_ledger (FbFeederTrend *self)
{
  FbHistory *history = self->session != NULL ? fb_session_get_history (self->session) : NULL;

  return history != NULL ? fb_history_get_ledger (history) : NULL;
}

void
fb_feeder_trend_set_feeder (FbFeederTrend *self,
                            FbFeeder      *feeder,
                            FbSession     *session,
                            gint64         at)
{
  FbLedger *ledger;
  gint64 until = at > 0 ? at : g_get_real_time ();

  g_return_if_fail (FB_IS_FEEDER_TREND (self));
  g_return_if_fail (feeder == NULL || FB_IS_FEEDER (feeder));
  g_return_if_fail (session == NULL || FB_IS_SESSION (session));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->feeder != NULL)
    g_signal_handlers_disconnect_by_data (self->feeder, self);
  g_set_object (&self->feeder, feeder);
  g_set_object (&self->session, session);
  self->at = at;
  fb_food_series_free (self->series);
  self->series = fb_food_series_new ();

  if (at > 0)
    {
      g_autofree char *when = fb_format_local_time (at, g_get_real_time (), FALSE);
      g_autofree char *span = g_strdup_printf (_("24 Hours to %s"), when);

      gtk_label_set_text (self->span_label, span);
    }
  else
    gtk_label_set_text (self->span_label, _("Last 24 Hours"));

  if (feeder != NULL && at == 0)
    {
      g_signal_connect_object (feeder, "notify::food-capacity", G_CALLBACK (fb_feeder_trend_follow_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (feeder, "notify::last-seen", G_CALLBACK (fb_feeder_trend_follow_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (feeder, "notify::last-feed-at", G_CALLBACK (fb_feeder_trend_follow_cb), self,
                               G_CONNECT_SWAPPED);
      fb_feeder_trend_follow_cb (self);
    }
  else if (feeder != NULL)
    {
      const FbFeederState *state = fb_feeder_get_state (feeder);

      if (state != NULL && state->food_capacity >= 0)
        fb_food_series_add_sample (self->series, state->received_at, state->food_capacity);
    }

  ledger = fb_feeder_trend_get_ledger (self);
  if (feeder != NULL && ledger != NULL)
    {
      self->cancellable = g_cancellable_new ();
      fb_ledger_read_food_series_async (ledger, fb_feeder_get_id (feeder), until - FB_FOOD_CHART_SPAN, until,
                                        self->cancellable, fb_feeder_trend_read_cb, self);
    }
  fb_feeder_trend_update (self);
}

const char *
fb_feeder_trend_get_estimate (FbFeederTrend *self)
{
  g_return_val_if_fail (FB_IS_FEEDER_TREND (self), NULL);

  return self->estimate;
}

/* -- the last state message, looked up when the popover opens -- */

static void
fb_feeder_trend_found_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  FbFeederTrend *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRawMessage) message = fb_session_find_message_finish (FB_SESSION (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    text = g_strdup_printf (_("Could not read the history: %s"), error->message);
  fb_message_view_set_message (self->message_view, message,
                               text != NULL ? text : _("This message is no longer kept: it is older than the newest "
                                                       "messages and the history does not hold it"));
}

static void
fb_feeder_trend_popover_shown_cb (FbFeederTrend *self)
{
  const FbFeederState *state = self->feeder != NULL ? fb_feeder_get_state (self->feeder) : NULL;

  g_assert (FB_IS_FEEDER_TREND (self));

  if (state == NULL || state->received_at == 0 || self->session == NULL)
    {
      fb_message_view_set_message (self->message_view, NULL, _("This feeder has sent no state yet"));
      return;
    }
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  fb_message_view_set_message (self->message_view, NULL, _("Looking for the message…"));
  fb_session_find_message_async (self->session,
                                 &(FbLedgerMessageRef) { FB_LEDGER_KIND_FEEDER_STATE, state->topic,
                                                         state->received_at, state->feeder_id, NULL },
                                 self->cancellable, fb_feeder_trend_found_cb, self);
}

/* -- life -- */

static void
fb_feeder_trend_dispose (GObject *object)
{
  FbFeederTrend *self = FB_FEEDER_TREND (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->feeder != NULL)
    g_signal_handlers_disconnect_by_data (self->feeder, self);
  g_clear_object (&self->feeder);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_FEEDER_TREND);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_feeder_trend_parent_class)->dispose (object);
}

static void
fb_feeder_trend_finalize (GObject *object)
{
  FbFeederTrend *self = FB_FEEDER_TREND (object);

  g_clear_pointer (&self->series, fb_food_series_free);
  g_free (self->estimate);

  G_OBJECT_CLASS (fb_feeder_trend_parent_class)->finalize (object);
}

static void
fb_feeder_trend_class_init (FbFeederTrendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_feeder_trend_dispose;
  object_class->finalize = fb_feeder_trend_finalize;

  g_type_ensure (FB_TYPE_FOOD_CHART);
  g_type_ensure (FB_TYPE_MESSAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-feeder-trend.ui");
  gtk_widget_class_bind_template_child (widget_class, FbFeederTrend, span_label);
  gtk_widget_class_bind_template_child (widget_class, FbFeederTrend, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, FbFeederTrend, chart);
  gtk_widget_class_bind_template_child (widget_class, FbFeederTrend, message_view);
  gtk_widget_class_bind_template_callback (widget_class, fb_feeder_trend_popover_shown_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-feeder-trend");
}

static void
fb_feeder_trend_init (FbFeederTrend *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->series = fb_food_series_new ();
}

GtkWidget *
fb_feeder_trend_new (void)
{
  return g_object_new (FB_TYPE_FEEDER_TREND, NULL);
}

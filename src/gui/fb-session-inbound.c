/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session-inbound.c: the session's inbound path. Messages come from FbMqttClient at most once
   per main-loop dispatch; they are decoded at once by fb-inbound (and recorded), refusals counted
   (n-refused, last-refusal), and applied to the stores in
   a frame: a lone event at the next one, a stream at most once every FB_SESSION_PULSE_US, so
   the views' work follows the frames drawn, not the events received. */
#define G_LOG_DOMAIN "fb-session"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "fb-session-private.h"

/* -- per-frame flush -- */

static void flush_some (FbSession *self,
                        guint      limit);

static gboolean
flush_tick (GtkWidget     *widget,
            GdkFrameClock *frame_clock,
            gpointer       user_data)
{
  FbSession *self = user_data;

  self->tick_id = 0;
  self->tick_widget = NULL;
  flush_some (self, FB_SESSION_FRAME_EVENTS);
  return G_SOURCE_REMOVE;
}

static gboolean
fb_session_inbound_flush_timeout_cb (gpointer user_data)
{
  FbSession *self = user_data;

  self->flush_timeout_id = 0;
  flush_some (self, FB_SESSION_FRAME_EVENTS);
  return G_SOURCE_REMOVE;
}

void
_fb_session_cancel_flush (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (self->tick_widget, self->tick_id);
      self->tick_id = 0;
      self->tick_widget = NULL;
    }
  g_clear_handle_id (&self->flush_timeout_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
fb_session_flush_at_next_frame (FbSession *self)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&self->frame_widget);

  g_assert (FB_IS_SESSION (self));

  if (self->tick_id == 0 && widget != NULL && gtk_widget_get_mapped (widget))
    {
      self->tick_widget = widget;
      self->tick_id = gtk_widget_add_tick_callback (widget, flush_tick, self, NULL);
    }

  if (self->flush_timeout_id == 0)
    self->flush_timeout_id = g_timeout_add (self->tick_id != 0 ? FB_SESSION_MAX_FLUSH_DELAY_MS : 16,
                                            fb_session_inbound_flush_timeout_cb, self);
}

static gboolean
fb_session_pulse_cb (gpointer user_data)
{
  FbSession *self = user_data;

  self->pulse_id = 0;
  fb_session_flush_at_next_frame (self);
  return G_SOURCE_REMOVE;
}

/* A frame that applies events lays out and draws the whole table: while events stream in, one
   every FB_SESSION_PULSE_US, however many events came meanwhile; in a flood, one every
   FB_SESSION_FLOOD_PULSE_US, and so also for the few that end it. */
static void
fb_session_schedule_flush (FbSession *self)
{
  gboolean flood = self->pending->len >= FB_SESSION_PULSE_EVENTS
                   || self->last_flush_events >= FB_SESSION_PULSE_EVENTS;
  gint64 due = self->last_flush + (flood ? FB_SESSION_FLOOD_PULSE_US : FB_SESSION_PULSE_US);
  gint64 now = g_get_monotonic_time ();

  g_assert (FB_IS_SESSION (self));

  /* A flood that began while the pulse was waited out brings the pulse forward. */
  if (self->pulse_id != 0 && due < self->pulse_due)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->tick_id != 0 || self->flush_timeout_id != 0 || self->pulse_id != 0)
    return;
  if (now >= due)
    fb_session_flush_at_next_frame (self);
  else
    {
      self->pulse_due = due;
      self->pulse_id = g_timeout_add ((due - now + 999) / 1000, fb_session_pulse_cb, self);
    }
}

/* A refused message: a line in the debug log (never a warning: it is the sender's fault, and a
   flood must not flood the log), counted for the connection popover, notified at the next flush. */
static void
fb_session_refused (FbSession            *self,
                    const FbInboundEvent *event)
{
  g_autofree char *words = fb_inbound_event_describe_refusal (event, 80);

  g_assert (FB_IS_SESSION (self));

  g_debug ("Ignored a message on %s", words);
  self->n_refused++;
  g_free (self->last_refusal);
  self->last_refusal = g_steal_pointer (&words);
  self->refusals_changed = TRUE;
}

static void
fb_session_notify_refusals (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  self->refusals_changed = FALSE;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_N_REFUSED]);
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_LAST_REFUSAL]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Feeder messages are few, but a broker can send anything: they are applied per frame too,
   and a refused one is shown in a toast at most once a minute. */
static void
fb_session_flush_feeders (FbSession *self)
{
  g_autoptr(GPtrArray) batch = NULL;

  if (self->pending_feeder_events->len == 0)
    return;

  batch = g_steal_pointer (&self->pending_feeder_events);
  self->pending_feeder_events = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_inbound_event_free);

  for (guint i = 0; i < batch->len; i++)
    {
      FbInboundEvent *event = g_ptr_array_index (batch, i);
      g_autoptr(GError) error = NULL;

      if (event->kind != FB_INBOUND_REFUSED && fb_feeder_store_apply_event (self->feeders, event, &error))
        continue;
      if (error != NULL)
        {
          /* The store's own refusal (too many feeders) counts like fb-inbound's. */
          g_clear_error (&event->error);
          event->error = g_steal_pointer (&error);
          event->kind = FB_INBOUND_REFUSED;
          fb_session_refused (self, event);
        }
      if (g_get_monotonic_time () - self->last_feeder_problem > 60 * G_USEC_PER_SEC)
        {
          /* Plain text, shown as such (fb_toast_new_plain): the topic may hold markup. */
          g_autofree char *words = fb_inbound_event_describe_refusal (event, 80);
          g_autofree char *text = g_strdup_printf (_("Ignored a feeder message on %s"), words);

          self->last_feeder_problem = g_get_monotonic_time ();
          g_signal_emit (self, _fb_session_signals[PROBLEM], 0, text);
        }
    }
}

/* After a flood, glibc keeps the memory its messages and events took (in the arenas of Paho's
   thread and of this one) for the next flood: once the flood has been over for a while, it goes
   back to the system. */
#define FB_SESSION_TRIM_AFTER_EVENTS 20000
#define FB_SESSION_TRIM_QUIET_S      2

static gboolean
fb_session_trim_cb (gpointer user_data)
{
  FbSession *self = user_data;

  self->trim_id = 0;
  self->since_trim = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

/* Applies at most @limit of the events waiting (in the order they came); the rest at the next
   frame: a burst is applied over a few frames, none of them long. */
static void
flush_some (FbSession *self,
            guint      limit)
{
  g_autoptr(GPtrArray) batch = NULL;

  g_assert (FB_IS_SESSION (self));

  _fb_session_cancel_flush (self);
  _fb_session_flush_messages (self);
  fb_session_flush_feeders (self);
  if (self->refusals_changed)
    fb_session_notify_refusals (self);
  _fb_session_notify_messages (self);

  if (self->pending->len == 0)
    return;

  batch = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  if (batch->len > limit)
    {
      /* The rest moves back to pending (the pointers, not copies). */
      for (guint i = limit; i < batch->len; i++)
        g_ptr_array_add (self->pending, g_ptr_array_index (batch, i));
      g_ptr_array_set_free_func (batch, NULL);
      g_ptr_array_set_size (batch, limit);
      g_ptr_array_set_free_func (batch, (GDestroyNotify) fb_order_event_free);
    }

  self->last_flush = g_get_monotonic_time ();
  self->last_flush_events = batch->len;
  fb_order_store_apply_batch (self->orders, batch, NULL);
  fb_order_overview_apply_batch (self->overview, batch);
  {
    g_autoptr(GtkWidget) widget = g_weak_ref_get (&self->frame_widget);

    fb_bench_hook_applied (self->bench, batch->len, widget);
  }

  self->since_trim += batch->len;
  if (self->since_trim >= FB_SESSION_TRIM_AFTER_EVENTS)
    {
      g_clear_handle_id (&self->trim_id, g_source_remove);
      self->trim_id = g_timeout_add_seconds (FB_SESSION_TRIM_QUIET_S, fb_session_trim_cb, self);
    }
  if (self->pending->len > 0)
    fb_session_flush_at_next_frame (self);
}

void
_fb_session_flush (FbSession *self)
{
  flush_some (self, G_MAXUINT);
}

/* Messages in, typed events out (fb-inbound: the same routing and checks as feedboard-cli watch
   and the ledger); every message recorded as it came. */
void
_fb_session_messages_cb (FbSession    *self,
                         GPtrArray    *messages,
                         FbMqttClient *client)
{
  g_assert (FB_IS_SESSION (self));

  fb_bench_hook_messages_arrived (self->bench);
  self->messages_received += messages->len;
  self->messages_changed = TRUE;

  for (guint i = 0; i < messages->len; i++)
    {
      const FbMqttMessage *message = g_ptr_array_index (messages, i);
      g_autoptr(FbInboundEvent) event = fb_inbound_decode_message (message);

      _fb_session_note_message (self, message, event);
      /* Recorded either way: the raw bytes stay, for a later, better decoder. */
      if (self->history != NULL)
        fb_history_record_message (self->history, message, event->kind == FB_INBOUND_ORDER ? event->order : NULL);

      if (event->kind == FB_INBOUND_ORDER)
        g_ptr_array_add (self->pending, fb_inbound_event_steal_order (event));
      else if (event->route == FB_INBOUND_ROUTE_FEEDER_STATE || event->route == FB_INBOUND_ROUTE_FEED_ACTION)
        {
          if (event->kind == FB_INBOUND_REFUSED)
            fb_session_refused (self, event);
          g_ptr_array_add (self->pending_feeder_events, g_steal_pointer (&event));
        }
      else if (event->kind == FB_INBOUND_REFUSED)
        {
          fb_bench_hook_undecodable (self->bench);
          fb_session_refused (self, event);
        }
    }

  /* The count of messages received is shown too: notified with the next flush, whatever came. */
  if (self->pending->len > 0 || self->pending_feeder_events->len > 0 || self->refusals_changed
      || self->messages_changed || self->pending_raw->len > 0)
    fb_session_schedule_flush (self);
}

void
_fb_session_clear_inbound (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  g_ptr_array_set_size (self->pending, 0);
  g_ptr_array_set_size (self->pending_feeder_events, 0);
  if (self->n_refused > 0 || self->last_refusal != NULL)
    {
      self->n_refused = 0;
      g_clear_pointer (&self->last_refusal, g_free);
      fb_session_notify_refusals (self);
    }
}

guint64
fb_session_get_n_refused (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), 0);

  return self->n_refused;
}

const char *
fb_session_get_last_refusal (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->last_refusal;
}

void
fb_session_set_frame_widget (FbSession *self,
                             GtkWidget *widget)
{
  g_return_if_fail (FB_IS_SESSION (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  _fb_session_flush (self);
  g_weak_ref_set (&self->frame_widget, widget);
}

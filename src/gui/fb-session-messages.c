/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session-messages.c: every message received, as it arrived, kept in a bounded ring for the
   Messages view and the order and feeder details. Messages are wrapped as they come (no copy of
   their bytes) and reach the ring in the session's per-frame flush, one batch a frame: what a
   flood brings beyond the ring's size is dropped before it costs the views anything. */
#define G_LOG_DOMAIN "fb-session"

#include "config.h"

#include "fb-inbound.h"
#include "fb-ledger-messages.h"
#include "fb-session-private.h"

void
_fb_session_init_messages (FbSession *self)
{
  self->messages = fb_message_ring_new (FB_MESSAGE_RING_DEFAULT_MESSAGES, FB_MESSAGE_RING_DEFAULT_BYTES);
  self->pending_raw = g_ptr_array_new_with_free_func (g_object_unref);
}

void
_fb_session_finalize_messages (FbSession *self)
{
  g_clear_pointer (&self->pending_raw, g_ptr_array_unref);
  g_clear_object (&self->messages);
}

void
_fb_session_note_message (FbSession            *self,
                          const FbMqttMessage  *message,
                          const FbInboundEvent *event)
{
  guint cap = FB_MESSAGE_RING_DEFAULT_MESSAGES;
  FbLedgerKind kind = fb_ledger_kind_for_route (event->route);
  const char *reason = event->kind == FB_INBOUND_REFUSED && event->error != NULL ? event->error->message : NULL;

  g_assert (FB_IS_SESSION (self));

  /* Only the newest fit the ring: past twice its size, the oldest half goes (amortised). */
  if (self->pending_raw->len >= 2 * cap)
    g_ptr_array_remove_range (self->pending_raw, 0, self->pending_raw->len - cap);
  g_ptr_array_add (self->pending_raw, fb_raw_message_new (message, kind, reason));
}

void
_fb_session_flush_messages (FbSession *self)
{
  g_autoptr(GPtrArray) batch = NULL;

  g_assert (FB_IS_SESSION (self));

  if (self->pending_raw->len == 0)
    return;
  batch = g_steal_pointer (&self->pending_raw);
  self->pending_raw = g_ptr_array_new_with_free_func (g_object_unref);
  fb_message_ring_push_batch (self->messages, batch);
}

void
_fb_session_clear_messages (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  g_ptr_array_set_size (self->pending_raw, 0);
  fb_message_ring_clear (self->messages);
}

FbMessageRing *
fb_session_get_messages (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->messages;
}

/* -- one message found again: in the ring, else in the history -- */

/* Whether @message is the order event or feeder state wanted (decoded again: it is one). */
static gboolean
is_wanted (FbRawMessage *message,
           gpointer      user_data)
{
  const FbLedgerMessageRef *wanted = user_data;
  g_autoptr(FbInboundEvent) event = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (fb_raw_message_get_payload (message), &len);

  if (fb_raw_message_get_kind (message) != wanted->kind)
    return FALSE;
  if (wanted->key == NULL)
    return TRUE;
  event = fb_inbound_decode (fb_raw_message_get_topic (message), data, len, fb_raw_message_get_received_at (message),
                             FALSE, 0);
  if (wanted->kind == FB_LEDGER_KIND_ORDER)
    return event->kind == FB_INBOUND_ORDER && g_strcmp0 (event->order->order_id, wanted->key) == 0
           && (wanted->updated_at_text == NULL
               || g_strcmp0 (event->order->updated_at_text, wanted->updated_at_text) == 0);
  if (wanted->kind == FB_LEDGER_KIND_FEEDER_STATE)
    return event->kind == FB_INBOUND_FEEDER_STATE && g_strcmp0 (event->feeder_state->feeder_id, wanted->key) == 0;
  return TRUE;
}

static void
fb_session_found_in_ledger_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  FbRawMessage *message = fb_ledger_find_message_finish (FB_LEDGER (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, message, g_object_unref);
}

void
fb_session_find_message_async (FbSession                *self,
                               const FbLedgerMessageRef *ref,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  FbRawMessage *message;
  FbLedger *ledger;

  g_return_if_fail (FB_IS_SESSION (self));
  g_return_if_fail (ref != NULL && ref->topic != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_session_find_message_async);

  message = fb_message_ring_find (self->messages, ref->topic, ref->received_at, is_wanted, (gpointer) ref);
  if (message != NULL)
    {
      g_task_return_pointer (task, g_object_ref (message), g_object_unref);
      return;
    }
  ledger = self->history != NULL ? fb_history_get_ledger (self->history) : NULL;
  if (ledger == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  fb_ledger_find_message_async (ledger, ref, cancellable, fb_session_found_in_ledger_cb, g_steal_pointer (&task));
}

FbRawMessage *
fb_session_find_message_finish (FbSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

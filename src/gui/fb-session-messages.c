/* fb-session-messages.c: every message received, as it arrived, kept in a bounded ring for the
   Messages view and the order and feeder details. Messages are wrapped as they come (no copy of
   their bytes) and reach the ring in the session's per-frame flush, one batch a frame: what a
   flood brings beyond the ring's size is dropped before it costs the views anything. */
#define G_LOG_DOMAIN "fb-session"

#include "config.h"

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

static FbLedgerKind
kind_for_route (FbInboundRoute route)
{
  switch (route)
    {
    case FB_INBOUND_ROUTE_ORDER: return FB_LEDGER_KIND_ORDER;
    case FB_INBOUND_ROUTE_FEEDER_STATE: return FB_LEDGER_KIND_FEEDER_STATE;
    case FB_INBOUND_ROUTE_FEED_ACTION: return FB_LEDGER_KIND_FEED_ACTION;
    case FB_INBOUND_ROUTE_OTHER:
    default: return FB_LEDGER_KIND_OTHER;
    }
}

void
_fb_session_note_message (FbSession            *self,
                          const FbMqttMessage  *message,
                          const FbInboundEvent *event)
{
  guint cap = FB_MESSAGE_RING_DEFAULT_MESSAGES;
  FbLedgerKind kind = kind_for_route (event->route);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session-status.c: what the session tells about its connection beyond the client's state —
   the topics it subscribes, how many messages came, why there is no client at all, whether it
   is the demo — and Reconnect Now also where there is no client to retry (a saved connection
   whose secret could not be read, a demo that did not start). */
#define G_LOG_DOMAIN "fb-session"

#include "config.h"

#include "fb-session-private.h"

void
_fb_session_set_connection_problem (FbSession  *self,
                                    const char *problem)
{
  g_assert (FB_IS_SESSION (self));

  if (g_strcmp0 (self->connection_problem, problem) == 0)
    return;
  g_free (self->connection_problem);
  self->connection_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_CONNECTION_PROBLEM]);
}

const char *
fb_session_get_connection_problem (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->connection_problem;
}

void
_fb_session_set_demo (FbSession *self,
                      gboolean   demo)
{
  g_assert (FB_IS_SESSION (self));

  if (self->demo == !!demo)
    return;
  self->demo = !!demo;
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_DEMO]);
}

/* A new client counts from zero. */
void
_fb_session_reset_messages (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  self->messages_changed = FALSE;
  if (self->messages_received == 0)
    return;
  self->messages_received = 0;
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_MESSAGES_RECEIVED]);
}

/* Once per flush (a frame), not per message. */
void
_fb_session_notify_messages (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  if (!self->messages_changed)
    return;
  self->messages_changed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_MESSAGES_RECEIVED]);
}

guint64
fb_session_get_messages_received (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), 0);

  return self->messages_received;
}

char **
fb_session_dup_topics (FbSession *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  if (self->saved_profile != NULL)
    {
      g_strv_builder_addv (builder, (const char **) fb_connection_profile_get_order_topics (self->saved_profile));
      g_strv_builder_addv (builder, (const char **) fb_connection_profile_get_feeder_topics (self->saved_profile));
    }
  else if (self->topics != NULL)
    g_strv_builder_addv (builder, (const char **) self->topics);
  else
    g_strv_builder_addv (builder, (const char **) _fb_session_default_topics);
  return g_strv_builder_end (builder);
}

void
fb_session_reconnect (FbSession *self)
{
  g_return_if_fail (FB_IS_SESSION (self));

  if (self->client != NULL)
    fb_session_reconnect_now (self);
  else if (self->saved_profile != NULL)
    fb_session_connect_profile (self, self->saved_profile);
  else if (self->demo)
    fb_session_start_demo (self);
}

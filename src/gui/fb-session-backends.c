/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session-backends.c: the session's other AWS APIs — the order backend's polling API (the list
   of orders at each connect) and shared endpoint (Start Simulation), and EventBridge for feeding,
   with the feed commands recorded as they start and finish. */
#define G_LOG_DOMAIN "fb-session"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-eventbridge.h"
#include "fb-session-private.h"

/* -- the order backend's HTTP APIs: the list of orders at each connect, Start Simulation -- */

FbOrderSimulation *
fb_session_get_simulation (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->simulation;
}

static void
fb_session_backends_polled_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(FbSession) self = user_data;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_problem = NULL;
  guint n_skipped = 0;

  orders = fb_orders_poller_load_finish (FB_ORDERS_POLLER (source), result, &n_skipped, &first_problem, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->polling);
  if (orders == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the list of orders: %s"), error->message);
      _fb_session_problem (self, message);
      return;
    }

  /* The store's last-writer-wins, as for live events: a polled row older than what arrived
     live while the request ran changes nothing, and newer live events win over it later. */
  _fb_session_flush (self);
  fb_order_store_apply_batch (self->orders, orders, NULL);
  fb_order_overview_apply_batch (self->overview, orders);
  g_debug ("%u orders from %s", orders->len, fb_orders_poller_get_url (FB_ORDERS_POLLER (source)));

  if (n_skipped > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The list of orders had %u row that is not an order (%s)",
                                      "The list of orders had %u rows that are not orders (%s)", n_skipped),
                         n_skipped, first_problem);
      _fb_session_problem (self, message);
    }
}

void
_fb_session_poll_orders (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  if (self->poller == NULL)
    return;
  if (self->polling != NULL)
    g_cancellable_cancel (self->polling);
  g_clear_object (&self->polling);
  self->polling = g_cancellable_new ();
  fb_orders_poller_load_async (self->poller, self->polling, fb_session_backends_polled_cb, g_object_ref (self));
}

/* Either endpoint may be NULL or empty (not deployed). Signed like the connection, in its region. */
void
_fb_session_set_up_order_apis (FbSession             *self,
                               const char            *shared_endpoint,
                               const char            *polling_endpoint,
                               const char            *region,
                               FbCredentialsProvider *provider)
{
  g_assert (FB_IS_SESSION (self));

  if (provider == NULL || region == NULL)
    return;
  if (polling_endpoint != NULL && *polling_endpoint != '\0')
    self->poller = fb_orders_poller_new (polling_endpoint, region, provider);
  if (shared_endpoint != NULL && *shared_endpoint != '\0')
    {
      self->simulation = fb_order_simulation_new (shared_endpoint, region, provider);
      g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_SIMULATION]);
    }
}

void
_fb_session_clear_order_apis (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  if (self->polling != NULL)
    g_cancellable_cancel (self->polling);
  g_clear_object (&self->polling);
  g_clear_object (&self->poller);
  if (self->simulation != NULL)
    {
      g_clear_object (&self->simulation);
      g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_SIMULATION]);
    }
}

/* An AWS IoT profile's other AWS APIs (EventBridge for feeding, the order backend's polling and
   shared endpoints) are signed with the connection's own credentials. */
void
_fb_session_set_up_profile_aws_apis (FbSession           *self,
                                     FbConnectionProfile *profile,
                                     FbMqttClient        *client)
{
  FbCredentialsProvider *provider = fb_mqtt_client_get_credentials_provider (client);
  const char *region = fb_connection_profile_get_eventbridge_region (profile);

  if (provider == NULL)
    return;
  _fb_session_set_up_order_apis (self, fb_connection_profile_get_shared_endpoint (profile),
                                fb_connection_profile_get_polling_endpoint (profile),
                                fb_connection_profile_get_region (profile), provider);
  if (region == NULL || *region == '\0')
    region = fb_connection_profile_get_region (profile);
  _fb_session_set_up_eventbridge (self, region, fb_connection_profile_get_eventbridge_bus (profile), provider);
}

/* Feeding goes through EventBridge in the connection's region when its endpoint resolves. */
void
_fb_session_set_up_eventbridge (FbSession             *self,
                                const char            *region,
                                const char            *bus,
                                FbCredentialsProvider *provider)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = fb_eventbridge_resolve_endpoint (region, self->profile, &error);
  g_autoptr(FbAwsJsonClient) events = NULL;

  if (endpoint == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Feeding through EventBridge is off: %s"), error->message);
      _fb_session_problem (self, message);
      return;
    }
  events = fb_aws_json_client_new (endpoint, region, "events", provider);
  fb_feed_sender_set_eventbridge (self->feed_sender, events, bus != NULL && *bus != '\0' ? bus : NULL);
}

void
_fb_session_command_started_cb (FbSession     *self,
                                FbFeedCommand *command)
{
  fb_feeder_store_add_command (self->feeders, command);
  if (self->history != NULL)
    fb_history_record_feed_command (self->history, command);
}

void
_fb_session_command_finished_cb (FbSession     *self,
                                 FbFeedCommand *command)
{
  if (self->history != NULL)
    fb_history_record_feed_command (self->history, command);
}

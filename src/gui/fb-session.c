/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-session.c: the app's live connection. Messages come from FbMqttClient at most once per
   main-loop dispatch; they are decoded at once and applied to the store at most once per frame,
   so a burst of thousands of events costs the views one items-changed per frame.

   This file has the options, connecting (a saved profile, the demo, the command line), start,
   stop and the object's life; the inbound path is in fb-session-inbound.c, the order backend's
   APIs and feeding in fb-session-backends.c, the history in fb-session-history.c. */
#define G_LOG_DOMAIN "fb-session"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "fb-aws-config.h"
#include "fb-chain-credentials-provider.h"
#include "fb-credentials.h"
#include "fb-order-event.h"
#include "fb-session-private.h"
#include "fb-settings.h"
#include "fb-static-credentials-provider.h"

G_DEFINE_FINAL_TYPE (FbSession, fb_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (fb-session-error-quark, fb_session_error)

GParamSpec *_fb_session_properties[N_PROPS];

guint _fb_session_signals[N_SIGNALS];

const char * const _fb_session_default_topics[] = { "orders/events/#", "cat-feeder/#", NULL };

FbSession *
fb_session_new (void)
{
  return g_object_new (FB_TYPE_SESSION, NULL);
}

void
fb_session_add_option_entries (GApplication *app)
{
  static const GOptionEntry entries[] = {
    { "broker", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Connect to this MQTT broker for this run (mqtt://, mqtts://, ws://, wss://)"), N_("URL") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Connect to this AWS IoT data endpoint for this run"), N_("HOST") },
    { "region", 0, 0, G_OPTION_ARG_STRING, NULL, N_("AWS region of the endpoint"), N_("REGION") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("AWS profile for credentials and region"), N_("NAME") },
    { "topic", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Subscribe to this topic filter (repeatable)"), N_("FILTER") },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, NULL, N_("MQTT client id for this run"), N_("ID") },
    { "shared-endpoint", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The order backend's shared endpoint, for Start Simulation (https://…/Prod)"), N_("URL") },
    { "polling-endpoint", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The order backend's polling API, for the list of orders at each connect"), N_("URL") },
    { NULL }
  };

  g_application_add_main_option_entries (app, entries);
}

gboolean
fb_session_set_options (FbSession     *self,
                        GVariantDict  *options,
                        GError       **error)
{
  g_return_val_if_fail (FB_IS_SESSION (self), FALSE);

  g_variant_dict_lookup (options, "broker", "s", &self->broker);
  g_variant_dict_lookup (options, "endpoint", "s", &self->endpoint);
  g_variant_dict_lookup (options, "region", "s", &self->region);
  g_variant_dict_lookup (options, "profile", "s", &self->profile);
  g_variant_dict_lookup (options, "topic", "^as", &self->topics);
  g_variant_dict_lookup (options, "client-id", "s", &self->client_id);
  g_variant_dict_lookup (options, "shared-endpoint", "s", &self->shared_endpoint);
  g_variant_dict_lookup (options, "polling-endpoint", "s", &self->polling_endpoint);
  _fb_session_set_demo (self, g_variant_dict_contains (options, "demo"));

  if ((self->broker != NULL) + (self->endpoint != NULL) + self->demo > 1)
    {
      g_set_error_literal (error, FB_SESSION_ERROR, FB_SESSION_ERROR_OPTIONS,
                           _("Give only one of --broker, --endpoint and --demo"));
      return FALSE;
    }

  if (self->endpoint == NULL && (self->region != NULL || self->profile != NULL))
    {
      g_set_error_literal (error, FB_SESSION_ERROR, FB_SESSION_ERROR_OPTIONS,
                           _("--region and --profile go with --endpoint"));
      return FALSE;
    }
  /* The demo has its own; a broker has no AWS credentials to sign with. */
  if (self->endpoint == NULL && (self->shared_endpoint != NULL || self->polling_endpoint != NULL))
    {
      g_set_error_literal (error, FB_SESSION_ERROR, FB_SESSION_ERROR_OPTIONS,
                           _("--shared-endpoint and --polling-endpoint go with --endpoint"));
      return FALSE;
    }

  for (guint i = 0; i < 2; i++)
    {
      const char *url = i == 0 ? self->shared_endpoint : self->polling_endpoint;
      const char *problem = fb_connection_profile_check_http_endpoint (url);

      if (problem != NULL)
        {
          g_set_error (error, FB_SESSION_ERROR, FB_SESSION_ERROR_OPTIONS, "%s: %s",
                       i == 0 ? "--shared-endpoint" : "--polling-endpoint", _(problem));
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
fb_session_has_connection (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), FALSE);

  return self->broker != NULL || self->endpoint != NULL || self->demo;
}

gboolean
fb_session_is_demo (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), FALSE);

  return self->demo;
}

FbMqttClient *
fb_session_get_client (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->client;
}

gboolean
fb_session_reconnect_now (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), FALSE);

  return self->client != NULL && fb_mqtt_client_reconnect_now (self->client);
}

FbOrderStore *
fb_session_get_orders (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->orders;
}

FbOrderOverview *
fb_session_get_overview (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->overview;
}

FbFeederStore *
fb_session_get_feeders (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->feeders;
}

FbFeedSender *
fb_session_get_feed_sender (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->feed_sender;
}

void
_fb_session_problem (FbSession  *self,
                     const char *message)
{
  g_assert (FB_IS_SESSION (self));

  g_message ("%s", message);
  g_signal_emit (self, _fb_session_signals[PROBLEM], 0, message);
}

/* -- connecting -- */

/* -- connection state -- */

static void
fb_session_client_state_cb (FbSession    *self,
                            GParamSpec   *pspec,
                            FbMqttClient *client)
{
  if (self->history != NULL)
    fb_history_record_connection (self->history, client);
  /* Each connect, first or after a gap: what happened meanwhile, from the polling API. */
  if (fb_mqtt_client_get_state (client) == FB_MQTT_STATE_CONNECTED)
    _fb_session_poll_orders (self);
  /* Live again: what is shown is no longer only the last known state. */
  if (fb_mqtt_client_get_state (client) == FB_MQTT_STATE_CONNECTED && self->as_of != 0)
    {
      self->as_of = 0;
      g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_AS_OF]);
    }

  if (fb_mqtt_client_get_state (client) == FB_MQTT_STATE_CONNECTED)
    fb_bench_hook_connected (self->bench);
}

static void
fb_session_set_client (FbSession    *self,
                       FbMqttClient *client)
{
  g_assert (FB_IS_SESSION (self));

  if (self->client == client)
    return;

  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->messages_id, self->client);
      fb_mqtt_client_stop (self->client);
    }
  g_set_object (&self->client, client);
  fb_feed_sender_set_mqtt (self->feed_sender, client);
  _fb_session_reset_messages (self);
  if (client != NULL)
    _fb_session_set_connection_problem (self, NULL);
  if (client != NULL)
    {
      self->messages_id = g_signal_connect_object (client, "messages", G_CALLBACK (_fb_session_messages_cb),
                                                   self, G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "notify::state", G_CALLBACK (fb_session_client_state_cb), self,
                               G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_CLIENT]);
}

static void
fb_session_set_needs_setup (FbSession *self,
                            gboolean   needs_setup)
{
  g_assert (FB_IS_SESSION (self));

  if (self->needs_setup == needs_setup)
    return;
  self->needs_setup = needs_setup;
  g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_NEEDS_SETUP]);
}

static void
fb_session_start_client (FbSession    *self,
                         FbMqttClient *client)
{
  g_assert (FB_IS_SESSION (self));

  _fb_session_open_history (self);

  fb_session_set_needs_setup (self, FALSE);
  fb_session_set_client (self, client);
  fb_mqtt_client_start (client);
}

static void
fb_session_connect_client (FbSession    *self,
                           FbMqttClient *client)
{
  const char * const *topics;

  g_assert (FB_IS_SESSION (self));

  topics = self->topics != NULL ? (const char * const *) self->topics : _fb_session_default_topics;
  for (guint i = 0; topics[i] != NULL; i++)
    fb_mqtt_client_add_subscription (client, topics[i], 1);

  fb_session_start_client (self, client);
}

/* -- saved connections -- */

FbProfileStore *
fb_session_get_profiles (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->profiles;
}

FbConnectionProfile *
fb_session_get_profile (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), NULL);

  return self->saved_profile;
}

gboolean
fb_session_get_needs_setup (FbSession *self)
{
  g_return_val_if_fail (FB_IS_SESSION (self), FALSE);

  return self->needs_setup;
}

static void
fb_session_stop_backends (FbSession *self)
{
  g_assert (FB_IS_SESSION (self));

  if (self->connecting != NULL)
    g_cancellable_cancel (self->connecting);
  g_clear_object (&self->connecting);
  fb_session_set_client (self, NULL);
  _fb_session_set_connection_problem (self, NULL);
  if (self->demo_backend != NULL)
    fb_demo_stop (self->demo_backend);
  g_clear_object (&self->demo_backend);
  /* Another backend's orders are not this one's. */
  _fb_session_clear_inbound (self);
  fb_order_store_clear (self->orders);
  fb_order_overview_clear (self->overview);
  fb_feeder_store_clear (self->feeders);
  _fb_session_clear_messages (self);
  fb_feed_sender_set_eventbridge (self->feed_sender, NULL, NULL);
  _fb_session_clear_order_apis (self);
}

static void
fb_session_profile_client_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(FbSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMqttClient) client = NULL;

  client = fb_connection_profile_create_client_finish (FB_CONNECTION_PROFILE (source), result,
                                                       &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->connecting);
  if (client == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not connect to “%s”: %s"),
                                                  fb_connection_profile_get_name (FB_CONNECTION_PROFILE (source)),
                                                  error->message);
      _fb_session_set_connection_problem (self, error->message);
      _fb_session_problem (self, message);
      return;
    }

  _fb_session_set_up_profile_aws_apis (self, FB_CONNECTION_PROFILE (source), client);
  fb_session_start_client (self, client);
}

void
fb_session_connect_profile (FbSession           *self,
                            FbConnectionProfile *profile)
{
  g_return_if_fail (FB_IS_SESSION (self));
  g_return_if_fail (FB_IS_CONNECTION_PROFILE (profile));

  self->started = TRUE;
  fb_session_stop_backends (self);
  if (g_set_object (&self->saved_profile, profile))
    g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_PROFILE]);
  _fb_session_set_demo (self, FALSE);
  fb_profile_store_set_last_used (self->profiles, fb_connection_profile_get_id (profile));
  fb_session_set_needs_setup (self, FALSE);
  _fb_session_open_history (self);

  self->connecting = g_cancellable_new ();
  fb_connection_profile_create_client_async (profile, self->client_id, self->connecting,
                                             fb_session_profile_client_cb, g_object_ref (self));
}

static void
fb_session_demo_started_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(FbSession) self = user_data;
  FbDemo *demo = FB_DEMO (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(FbCredentials) credentials = NULL;
  g_autoptr(FbCredentialsProvider) provider = NULL;
  const char *endpoint, *region, *key_id, *secret;

  if (!fb_demo_start_finish (demo, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not start the demo: %s"),
                                                      error->message);
          _fb_session_set_connection_problem (self, message);
          _fb_session_problem (self, message);
        }
      return;
    }

  /* The same path a real AWS user takes: a SigV4-presigned WebSocket through the gateway. */
  endpoint = fb_demo_get (demo, "IOT_ENDPOINT");
  region = fb_demo_get (demo, "AWS_REGION");
  key_id = fb_demo_get (demo, "AWS_ACCESS_KEY_ID");
  secret = fb_demo_get (demo, "AWS_SECRET_ACCESS_KEY");
  if (endpoint != NULL && region != NULL && key_id != NULL && secret != NULL)
    {
      credentials = fb_credentials_new (key_id, secret, fb_demo_get (demo, "AWS_SESSION_TOKEN"),
                                        NULL);
      provider = fb_static_credentials_provider_new (credentials);
      client = fb_mqtt_client_new_for_aws_iot (endpoint, region, provider, self->client_id, &error);
      if (fb_demo_get (demo, "AWS_ENDPOINT_URL_EVENTBRIDGE") != NULL)
        {
          g_autoptr(FbAwsJsonClient) events = NULL;

          events = fb_aws_json_client_new (fb_demo_get (demo, "AWS_ENDPOINT_URL_EVENTBRIDGE"), region, "events",
                                           provider);
          fb_feed_sender_set_eventbridge (self->feed_sender, events, fb_demo_get (demo, "EVENT_BUS"));
        }
      _fb_session_set_up_order_apis (self, fb_demo_get (demo, "SHARED_ENDPOINT"),
                                     fb_demo_get (demo, "POLLING_ENDPOINT"),
                                     region, provider);
    }
  else if (fb_demo_get (demo, "MQTT_URL") != NULL)
    client = fb_mqtt_client_new_for_broker (fb_demo_get (demo, "MQTT_URL"), self->client_id,
                                            &error);

  if (client == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not connect to the demo: %s"),
                                                  error != NULL ? error->message : "");
      _fb_session_set_connection_problem (self, message);
      _fb_session_problem (self, message);
      return;
    }

  fb_session_connect_client (self, client);
}

void
fb_session_start_demo (FbSession *self)
{
  g_return_if_fail (FB_IS_SESSION (self));

  self->started = TRUE;
  fb_session_stop_backends (self);
  if (self->saved_profile != NULL)
    {
      g_clear_object (&self->saved_profile);
      g_object_notify_by_pspec (G_OBJECT (self), _fb_session_properties[PROP_PROFILE]);
    }
  _fb_session_set_demo (self, TRUE);
  fb_session_set_needs_setup (self, FALSE);
  /* The last known state shows while the demo backend starts. */
  _fb_session_open_history (self);
  self->demo_backend = fb_demo_new ();
  fb_demo_start_async (self->demo_backend, NULL, self->cancellable, fb_session_demo_started_cb,
                       g_object_ref (self));
}

void
fb_session_start (FbSession *self)
{
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FB_IS_SESSION (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (self->demo)
    {
      self->demo_backend = fb_demo_new ();
      fb_demo_start_async (self->demo_backend, NULL, self->cancellable, fb_session_demo_started_cb,
                           g_object_ref (self));
      return;
    }

  if (self->broker != NULL)
    client = fb_mqtt_client_new_for_broker (self->broker, self->client_id, &error);
  else if (self->endpoint != NULL)
    {
      g_autoptr(FbCredentialsProvider) provider = NULL;
      g_autofree char *region = g_strdup (self->region);

      if (region == NULL)
        region = fb_aws_config_resolve_region (self->profile, NULL, &error);
      if (region != NULL)
        {
          provider = fb_chain_credentials_provider_new (self->profile);
          client = fb_mqtt_client_new_for_aws_iot (self->endpoint, region, provider,
                                                   self->client_id, &error);
          _fb_session_set_up_eventbridge (self, region, NULL, provider);
          _fb_session_set_up_order_apis (self, self->shared_endpoint, self->polling_endpoint, region, provider);
        }
    }
  else
    {
      /* Nothing on the command line: the last used saved connection, else the welcome page. */
      FbConnectionProfile *last = fb_profile_store_get_last_used (self->profiles);

      if (last != NULL)
        fb_session_connect_profile (self, last);
      else
        fb_session_set_needs_setup (self, TRUE);
      return;
    }

  if (client == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not connect: %s"), error->message);
      _fb_session_set_connection_problem (self, error->message);
      _fb_session_problem (self, message);
      return;
    }

  fb_session_connect_client (self, client);
}

void
fb_session_stop (FbSession *self)
{
  g_return_if_fail (FB_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  if (self->connecting != NULL)
    g_cancellable_cancel (self->connecting);
  _fb_session_cancel_flush (self);
  g_clear_handle_id (&self->trim_id, g_source_remove);
  if (self->client != NULL)
    fb_mqtt_client_stop (self->client);
  if (self->demo_backend != NULL)
    fb_demo_stop (self->demo_backend);
}

static void
fb_session_dispose (GObject *object)
{
  FbSession *self = FB_SESSION (object);

  fb_session_stop (self);
  _fb_session_clear_order_apis (self);
  fb_session_set_client (self, NULL);
  g_clear_object (&self->demo_backend);
  g_clear_object (&self->feed_sender);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_object (&self->settings);
  g_weak_ref_set (&self->frame_widget, NULL);

  G_OBJECT_CLASS (fb_session_parent_class)->dispose (object);
}

static void
fb_session_finalize (GObject *object)
{
  FbSession *self = FB_SESSION (object);

  g_clear_pointer (&self->broker, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->topics, g_strfreev);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->shared_endpoint, g_free);
  g_clear_pointer (&self->polling_endpoint, g_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->orders);
  g_clear_object (&self->overview);
  g_clear_object (&self->feeders);
  g_clear_pointer (&self->pending_feeder_events, g_ptr_array_unref);
  g_clear_pointer (&self->last_refusal, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connecting);
  g_clear_object (&self->profiles);
  g_clear_object (&self->saved_profile);
  g_weak_ref_clear (&self->frame_widget);
  g_clear_pointer (&self->bench, fb_bench_hook_free);
  g_clear_pointer (&self->connection_problem, g_free);
  _fb_session_finalize_messages (self);

  G_OBJECT_CLASS (fb_session_parent_class)->finalize (object);
}

static void
fb_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FbSession *self = FB_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->saved_profile);
      break;

    case PROP_NEEDS_SETUP:
      g_value_set_boolean (value, self->needs_setup);
      break;

    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    case PROP_AS_OF:
      g_value_set_int64 (value, self->as_of);
      break;

    case PROP_SIMULATION:
      g_value_set_object (value, self->simulation);
      break;

    case PROP_N_REFUSED:
      g_value_set_uint64 (value, self->n_refused);
      break;

    case PROP_LAST_REFUSAL:
      g_value_set_string (value, self->last_refusal);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    case PROP_MESSAGES_RECEIVED:
      g_value_set_uint64 (value, self->messages_received);
      break;

    case PROP_CONNECTION_PROBLEM:
      g_value_set_string (value, self->connection_problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_session_class_init (FbSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_session_dispose;
  object_class->finalize = fb_session_finalize;
  object_class->get_property = fb_session_get_property;

  _fb_session_properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, FB_TYPE_MQTT_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_session_properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, FB_TYPE_CONNECTION_PROFILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_session_properties[PROP_NEEDS_SETUP] =
    g_param_spec_boolean ("needs-setup", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The current connection's history; replaced when the connection changes. */
  _fb_session_properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, FB_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* While not live: the time of the last known state shown (from the history); 0 when live. */
  _fb_session_properties[PROP_AS_OF] =
    g_param_spec_int64 ("as-of", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Start Simulation for the connection's shared endpoint; NULL when it has none. */
  _fb_session_properties[PROP_SIMULATION] =
    g_param_spec_object ("simulation", NULL, NULL, FB_TYPE_ORDER_SIMULATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Messages received but ignored (fb-inbound refused them), and why the last one was: plain text. */
  _fb_session_properties[PROP_N_REFUSED] =
    g_param_spec_uint64 ("n-refused", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_session_properties[PROP_LAST_REFUSAL] =
    g_param_spec_string ("last-refusal", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_session_properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_session_properties[PROP_MESSAGES_RECEIVED] =
    g_param_spec_uint64 ("messages-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_session_properties[PROP_CONNECTION_PROBLEM] =
    g_param_spec_string ("connection-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, _fb_session_properties);

  /* A message a person reads (shown as a toast): the demo did not start, a bad URL... */
  _fb_session_signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fb_session_init (FbSession *self)
{
  /* From a build tree without GSETTINGS_SCHEMA_DIR: profiles live in memory for this run. */
  g_autoptr(GSettings) settings = fb_settings_new_if_installed ();

  self->orders = fb_order_store_new ();
  self->overview = fb_order_overview_new ();
  self->feeders = fb_feeder_store_new ();
  self->pending_feeder_events = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_inbound_event_free);
  self->feed_sender = fb_feed_sender_new ();
  g_signal_connect_object (self->feed_sender, "command-started", G_CALLBACK (_fb_session_command_started_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feed_sender, "command-finished", G_CALLBACK (_fb_session_command_finished_cb),
                           self, G_CONNECT_SWAPPED);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  _fb_session_init_messages (self);
  self->cancellable = g_cancellable_new ();
  self->profiles = fb_profile_store_new (settings);
  g_weak_ref_init (&self->frame_widget, NULL);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (settings, "changed::history-max-age-days",
                               G_CALLBACK (_fb_session_history_limits_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::history-max-size-mb",
                               G_CALLBACK (_fb_session_history_limits_changed_cb), self, G_CONNECT_SWAPPED);
      /* Some backends only report changes to keys that were read. */
      g_settings_get_uint (settings, "history-max-age-days");
      g_settings_get_uint (settings, "history-max-size-mb");
    }

  self->bench = fb_bench_hook_new_from_env ();
}

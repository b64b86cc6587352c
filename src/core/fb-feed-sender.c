/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feed-sender.c: the route, the deadline and the at-most-once rule for feed commands.
 *
 * At most once: nothing here retries. A command that failed, timed out or was cancelled is over;
 * feeding again takes a new press. The EventBridge request is a single POST on a fresh connection
 * (never resent by libsoup), cancelled at the deadline; the MQTT publish is never buffered while
 * offline (FbMqttClient) and uses a clean session, so Paho drops it rather than resending it after
 * a reconnect. Within one feeder and bowl only one command is in flight. */
#define G_LOG_DOMAIN "fb-feed-sender"

#include <string.h>

#include "fb-eventbridge.h"
#include "fb-feed-sender.h"

struct _FbFeedSender
{
  GObject          parent_instance;

  FbAwsJsonClient *eventbridge;
  char            *bus;
  FbMqttClient    *mqtt;
  FbFeedRoute      route;
  gboolean         route_chosen;
  guint            deadline;
  GHashTable      *in_flight;   /* "feeder\nbowl" → Pending */
};

G_DEFINE_FINAL_TYPE (FbFeedSender, fb_feed_sender, G_TYPE_OBJECT)

enum {
  COMMAND_STARTED,
  COMMAND_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the in-flight table: what the deadline needs. */
typedef struct
{
  FbFeedSender  *sender;
  FbFeedCommand *command;
  GCancellable  *cancellable;
  char          *key;
  guint          deadline_id;
} Pending;

/* Held by the async call: it may outlive both the entry (deadline) and the sender. */
typedef struct
{
  FbFeedSender  *sender;   /* weak */
  FbFeedCommand *command;
  char          *key;
} Flight;

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->deadline_id, g_source_remove);
  g_clear_object (&pending->command);
  g_clear_object (&pending->cancellable);
  g_free (pending->key);
  g_free (pending);
}

static void
flight_free (Flight *flight)
{
  if (flight->sender != NULL)
    g_object_remove_weak_pointer (G_OBJECT (flight->sender), (gpointer *) &flight->sender);
  g_clear_object (&flight->command);
  g_free (flight->key);
  g_free (flight);
}

static char *
in_flight_key (const char *feeder_id,
               FbBowl      bowl)
{
  return g_strdup_printf ("%s\n%d", feeder_id, bowl);
}

/* Ends @command's flight once its outcome is set; a second landing (an answer after the
   deadline) finds nothing to do. */
static void
land (FbFeedSender  *self,
      FbFeedCommand *command,
      const char    *key)
{
  g_autoptr(FbFeedCommand) landed = NULL;
  Pending *pending;

  if (self == NULL)
    return;
  pending = g_hash_table_lookup (self->in_flight, key);
  if (pending == NULL || pending->command != command)
    return;

  landed = g_object_ref (command);
  g_hash_table_remove (self->in_flight, key);
  g_signal_emit (self, signals[COMMAND_FINISHED], 0, landed);
}

static char *
describe_error (FbFeedRoute   route,
                const GError *error)
{
  const char *service = route == FB_FEED_ROUTE_EVENTBRIDGE ? "EventBridge" : "The broker";

  if (error->domain == FB_AWS_ERROR)
    switch ((FbAwsError) error->code)
      {
      case FB_AWS_ERROR_NETWORK:
      case FB_AWS_ERROR_CREDENTIALS:
        return g_strdup_printf ("Nothing was sent. %s", error->message);
      case FB_AWS_ERROR_TIMEOUT:
        return g_strdup_printf ("%s did not answer in time. %s", service, error->message);
      case FB_AWS_ERROR_SIGNATURE:
        return g_strdup_printf ("EventBridge rejected the request’s signature; check the secret access key "
                                "and the region. %s", error->message);
      case FB_AWS_ERROR_EXPIRED:
        return g_strdup_printf ("The AWS credentials have expired; renew them and press again. %s",
                                error->message);
      case FB_AWS_ERROR_UNRECOGNIZED_CLIENT:
        return g_strdup_printf ("EventBridge does not know this access key. %s", error->message);
      case FB_AWS_ERROR_ACCESS_DENIED:
        return g_strdup_printf ("These credentials may not put events on this bus. %s", error->message);
      default:
        return g_strdup (error->message);
      }

  if (g_error_matches (error, FB_MQTT_ERROR, FB_MQTT_ERROR_NOT_CONNECTED))
    return g_strdup_printf ("Nothing was sent. %s", error->message);

  return g_strdup_printf ("%s: %s", service, error->message);
}

static void
put_event_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *event_id = NULL;

  event_id = fb_eventbridge_put_event_finish (FB_AWS_JSON_CLIENT (source), result, &error);
  if (event_id != NULL)
    fb_feed_command_accept (flight->command, event_id);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *reason = describe_error (FB_FEED_ROUTE_EVENTBRIDGE, error);
      fb_feed_command_fail (flight->command, reason);
    }
  else
    fb_feed_command_fail (flight->command, "Cancelled before EventBridge answered; it will not be sent again.");

  land (flight->sender, flight->command, flight->key);
  flight_free (flight);
}

static void
publish_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(GError) error = NULL;

  if (fb_mqtt_client_publish_finish (FB_MQTT_CLIENT (source), result, &error))
    {
      if (!fb_feed_command_accept (flight->command, "PUBACK"))
        g_message ("A feed’s PUBACK came after its deadline; it had already been reported as failed");
    }
  else
    {
      g_autofree char *reason = describe_error (FB_FEED_ROUTE_MQTT, error);
      fb_feed_command_fail (flight->command, reason);
    }

  land (flight->sender, flight->command, flight->key);
  flight_free (flight);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Pending *pending = user_data;
  g_autofree char *reason = NULL;

  pending->deadline_id = 0;
  if (fb_feed_command_get_route (pending->command) == FB_FEED_ROUTE_EVENTBRIDGE)
    reason = g_strdup_printf ("EventBridge did not confirm the feed within %u seconds. The request was "
                              "withdrawn and will not be sent again; if it arrived before that, the feeder "
                              "may still feed.", pending->sender->deadline);
  else
    reason = g_strdup_printf ("The broker did not acknowledge the feed within %u seconds. It will not be "
                              "sent again; if it arrived before that, the feeder may still feed.",
                              pending->sender->deadline);
  fb_feed_command_fail (pending->command, reason);
  g_cancellable_cancel (pending->cancellable);
  land (pending->sender, pending->command, pending->key);
  return G_SOURCE_REMOVE;
}

gboolean
fb_feed_sender_can_use (FbFeedSender  *self,
                        FbFeedRoute    route,
                        char         **why_not)
{
  g_return_val_if_fail (FB_IS_FEED_SENDER (self), FALSE);

  if (route == FB_FEED_ROUTE_EVENTBRIDGE && self->eventbridge == NULL)
    {
      if (why_not != NULL)
        *why_not = g_strdup ("Nothing was sent: no EventBridge bus is set up for this connection.");
      return FALSE;
    }
  if (route == FB_FEED_ROUTE_MQTT && self->mqtt == NULL)
    {
      if (why_not != NULL)
        *why_not = g_strdup ("Nothing was sent: there is no MQTT connection.");
      return FALSE;
    }
  return TRUE;
}

FbFeedCommand *
fb_feed_sender_get_in_flight (FbFeedSender *self,
                              const char   *feeder_id,
                              FbBowl        bowl)
{
  g_autofree char *key = NULL;
  Pending *pending;

  g_return_val_if_fail (FB_IS_FEED_SENDER (self), NULL);

  key = in_flight_key (feeder_id, bowl);
  pending = g_hash_table_lookup (self->in_flight, key);
  return pending != NULL ? pending->command : NULL;
}

FbFeedCommand *
fb_feed_sender_feed (FbFeedSender *self,
                     const char   *feeder_id,
                     FbBowl        bowl)
{
  g_autofree char *why_not = NULL;
  g_autofree char *payload = NULL;
  FbFeedCommand *in_flight;
  FbFeedRoute route;
  Pending *pending;
  Flight *flight;

  g_return_val_if_fail (FB_IS_FEED_SENDER (self), NULL);
  g_return_val_if_fail (feeder_id != NULL, NULL);

  in_flight = fb_feed_sender_get_in_flight (self, feeder_id, bowl);
  if (in_flight != NULL)
    return g_object_ref (in_flight);

  route = fb_feed_sender_get_route (self);
  pending = g_new0 (Pending, 1);
  pending->sender = self;
  pending->command = fb_feed_command_new (feeder_id, bowl, route);
  pending->cancellable = g_cancellable_new ();
  pending->key = in_flight_key (feeder_id, bowl);
  g_signal_emit (self, signals[COMMAND_STARTED], 0, pending->command);

  if (!fb_feed_sender_can_use (self, route, &why_not))
    {
      FbFeedCommand *command = g_object_ref (pending->command);

      fb_feed_command_fail (command, why_not);
      g_signal_emit (self, signals[COMMAND_FINISHED], 0, command);
      pending_free (pending);
      return command;
    }

  g_hash_table_insert (self->in_flight, g_strdup (pending->key), pending);
  pending->deadline_id = g_timeout_add (self->deadline * 1000, deadline_cb, pending);

  flight = g_new0 (Flight, 1);
  flight->sender = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &flight->sender);
  flight->command = g_object_ref (pending->command);
  flight->key = g_strdup (pending->key);

  payload = fb_feed_command_build_payload (pending->command);
  if (route == FB_FEED_ROUTE_EVENTBRIDGE)
    fb_eventbridge_put_event_async (self->eventbridge, self->bus, FB_FEED_EVENT_SOURCE,
                                    FB_FEED_EVENT_DETAIL_TYPE, payload, pending->cancellable,
                                    put_event_cb, flight);
  else
    {
      gsize len = strlen (payload);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&payload), len);

      fb_mqtt_client_publish_async (self->mqtt, FB_FEED_ACTION_TOPIC, bytes, 1, pending->cancellable,
                                    publish_cb, flight);
    }

  return g_object_ref (pending->command);
}

void
fb_feed_sender_set_eventbridge (FbFeedSender    *self,
                                FbAwsJsonClient *client,
                                const char      *bus)
{
  g_return_if_fail (FB_IS_FEED_SENDER (self));

  g_set_object (&self->eventbridge, client);
  g_free (self->bus);
  self->bus = g_strdup (bus != NULL ? bus : FB_EVENTBRIDGE_DEFAULT_BUS);
}

void
fb_feed_sender_set_mqtt (FbFeedSender *self,
                         FbMqttClient *client)
{
  g_return_if_fail (FB_IS_FEED_SENDER (self));

  g_set_object (&self->mqtt, client);
}

void
fb_feed_sender_set_route (FbFeedSender *self,
                          FbFeedRoute   route)
{
  g_return_if_fail (FB_IS_FEED_SENDER (self));

  self->route = route;
  self->route_chosen = TRUE;
}

FbFeedRoute
fb_feed_sender_get_route (FbFeedSender *self)
{
  g_return_val_if_fail (FB_IS_FEED_SENDER (self), FB_FEED_ROUTE_MQTT);

  if (self->route_chosen)
    return self->route;
  return self->eventbridge != NULL ? FB_FEED_ROUTE_EVENTBRIDGE : FB_FEED_ROUTE_MQTT;
}

void
fb_feed_sender_set_deadline (FbFeedSender *self,
                             guint         seconds)
{
  g_return_if_fail (FB_IS_FEED_SENDER (self));

  self->deadline = MAX (seconds, 1);
}

static void
fb_feed_sender_dispose (GObject *object)
{
  FbFeedSender *self = FB_FEED_SENDER (object);
  GHashTableIter iter;
  Pending *pending;

  /* Whatever is still in flight is withdrawn, and says so. */
  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pending))
    {
      fb_feed_command_fail (pending->command, "Withdrawn: the connection was closed before an answer came.");
      g_cancellable_cancel (pending->cancellable);
    }
  g_hash_table_remove_all (self->in_flight);

  g_clear_object (&self->eventbridge);
  g_clear_object (&self->mqtt);

  G_OBJECT_CLASS (fb_feed_sender_parent_class)->dispose (object);
}

static void
fb_feed_sender_finalize (GObject *object)
{
  FbFeedSender *self = FB_FEED_SENDER (object);

  g_hash_table_unref (self->in_flight);
  g_free (self->bus);

  G_OBJECT_CLASS (fb_feed_sender_parent_class)->finalize (object);
}

static void
fb_feed_sender_class_init (FbFeedSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_feed_sender_dispose;
  object_class->finalize = fb_feed_sender_finalize;

  signals[COMMAND_STARTED] =
    g_signal_new ("command-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FB_TYPE_FEED_COMMAND);
  signals[COMMAND_FINISHED] =
    g_signal_new ("command-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FB_TYPE_FEED_COMMAND);
}

static void
fb_feed_sender_init (FbFeedSender *self)
{
  self->deadline = FB_FEED_DEFAULT_DEADLINE;
  self->bus = g_strdup (FB_EVENTBRIDGE_DEFAULT_BUS);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pending_free);
}

FbFeedSender *
fb_feed_sender_new (void)
{
  return g_object_new (FB_TYPE_FEED_SENDER, NULL);
}

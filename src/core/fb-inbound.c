/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-inbound.c: topic + bytes → an order event, a feeder state, a feed action, or a reason.
 * The decoders of each kind (fb-order-event.c, fb-feeder-state.c) are called from here only. */
#define G_LOG_DOMAIN "fb-inbound"

#include <string.h>

#include "fb-inbound.h"
#include "fb-json.h"

G_DEFINE_BOXED_TYPE (FbInboundEvent, fb_inbound_event, fb_inbound_event_copy, fb_inbound_event_free)

static const char *const route_names[] = { "other", "order", "feeder-state", "feed-action" };

const char *
fb_inbound_route_to_string (FbInboundRoute route)
{
  return route < G_N_ELEMENTS (route_names) ? route_names[route] : "other";
}

/* @topic is @prefix, or @prefix, a slash and at least one more character. */
static gboolean
is_at_or_below (const char *topic,
                const char *prefix,
                gboolean    one_level)
{
  gsize n = strlen (prefix);
  const char *rest;

  if (strncmp (topic, prefix, n) != 0)
    return FALSE;
  rest = topic + n;
  if (*rest == '\0')
    return TRUE;
  if (rest[0] != '/' || rest[1] == '\0')
    return FALSE;
  return !one_level || strchr (rest + 1, '/') == NULL;
}

FbInboundRoute
fb_inbound_route (const char *topic)
{
  if (topic == NULL)
    return FB_INBOUND_ROUTE_OTHER;
  /* orders/events/<orderId>: one level, as the backend may publish per order. */
  if (is_at_or_below (topic, FB_ORDERS_TOPIC, TRUE))
    return FB_INBOUND_ROUTE_ORDER;
  if (strcmp (topic, FB_FEEDER_ACTION_TOPIC) == 0)
    return FB_INBOUND_ROUTE_FEED_ACTION;
  /* cat-feeder/states/<anything>: devices of other firmware publish below it. */
  if (is_at_or_below (topic, FB_FEEDER_STATES_TOPIC, FALSE))
    return FB_INBOUND_ROUTE_FEEDER_STATE;
  return FB_INBOUND_ROUTE_OTHER;
}

FbInboundEvent *
fb_inbound_event_copy (const FbInboundEvent *event)
{
  FbInboundEvent *copy = g_new0 (FbInboundEvent, 1);

  copy->kind = event->kind;
  copy->route = event->route;
  copy->topic = g_strdup (event->topic);
  copy->received_at = event->received_at;
  copy->retained = event->retained;
  copy->qos = event->qos;
  copy->order = event->order != NULL ? fb_order_event_copy (event->order) : NULL;
  copy->feeder_state = event->feeder_state != NULL ? fb_feeder_state_copy (event->feeder_state) : NULL;
  copy->feed_event = g_strdup (event->feed_event);
  copy->error = event->error != NULL ? g_error_copy (event->error) : NULL;
  return copy;
}

void
fb_inbound_event_free (FbInboundEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->topic);
  g_clear_pointer (&event->order, fb_order_event_free);
  g_clear_pointer (&event->feeder_state, fb_feeder_state_free);
  g_free (event->feed_event);
  g_clear_error (&event->error);
  g_free (event);
}

FbOrderEvent *
fb_inbound_event_steal_order (FbInboundEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  return g_steal_pointer (&event->order);
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/* The backend's feed on cat-feeder/action: only "event" counts, as for the firmware. */
static char *
decode_feed_action (const guint8  *data,
                    gsize          len,
                    GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  const char *event;

  parser = fb_json_parse_object (data, len, FB_FEED_ACTION_MAX_PAYLOAD, "feed actions", &object, error);
  if (parser == NULL)
    return NULL;

  event = fb_json_get_string (object, "event");
  if (event == NULL || *event == '\0' || strlen (event) > FB_FEED_ACTION_MAX_EVENT_LEN)
    {
      g_set_error_literal (error, FB_DECODE_ERROR, FB_DECODE_ERROR_MISSING_FIELD,
                           "The feed action has no “event” string");
      return NULL;
    }
  if (has_control_characters (event))
    {
      g_set_error_literal (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                           "The field “event” contains control characters");
      return NULL;
    }
  return g_strdup (event);
}

static gboolean
check_topic (const char  *topic,
             GError     **error)
{
  gsize len = strlen (topic);

  if (len > FB_INBOUND_MAX_TOPIC_LEN)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_LARGE,
                   "The topic is %zu bytes long; at most %d are accepted", len, FB_INBOUND_MAX_TOPIC_LEN);
      return FALSE;
    }
  if (!g_utf8_validate (topic, len, NULL))
    {
      g_set_error_literal (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_UTF8, "The topic is not UTF-8 text");
      return FALSE;
    }
  if (has_control_characters (topic))
    {
      g_set_error_literal (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                           "The topic contains control characters");
      return FALSE;
    }
  return TRUE;
}

FbInboundEvent *
fb_inbound_decode (const char   *topic,
                   const guint8 *data,
                   gsize         len,
                   gint64        received_at,
                   gboolean      retained,
                   int           qos)
{
  g_autoptr(FbInboundEvent) event = g_new0 (FbInboundEvent, 1);
  static const guint8 nothing[1] = { 0 };
  GError *error = NULL;

  if (topic == NULL)
    topic = "";
  if (data == NULL)
    {
      data = nothing;
      len = 0;
    }

  event->route = fb_inbound_route (topic);
  event->topic = g_utf8_make_valid (topic, -1);
  event->received_at = received_at;
  event->retained = retained;
  event->qos = qos;

  switch (event->route)
    {
    case FB_INBOUND_ROUTE_ORDER:
      if (check_topic (topic, &error))
        event->order = fb_order_event_decode (event->topic, data, len, received_at, &error);
      event->kind = event->order != NULL ? FB_INBOUND_ORDER : FB_INBOUND_REFUSED;
      break;
    case FB_INBOUND_ROUTE_FEEDER_STATE:
      if (check_topic (topic, &error))
        event->feeder_state = fb_feeder_state_decode (event->topic, data, len, received_at, &error);
      event->kind = event->feeder_state != NULL ? FB_INBOUND_FEEDER_STATE : FB_INBOUND_REFUSED;
      break;
    case FB_INBOUND_ROUTE_FEED_ACTION:
      event->feed_event = decode_feed_action (data, len, &error);
      event->kind = event->feed_event != NULL ? FB_INBOUND_FEED_ACTION : FB_INBOUND_REFUSED;
      break;
    case FB_INBOUND_ROUTE_OTHER:
    default:
      event->kind = FB_INBOUND_NOT_OURS;
      break;
    }
  event->error = error;
  g_assert ((event->kind == FB_INBOUND_REFUSED) == (event->error != NULL));
  return g_steal_pointer (&event);
}

FbInboundEvent *
fb_inbound_decode_message (const FbMqttMessage *message)
{
  gsize len = 0;
  const guint8 *data = message->payload != NULL ? g_bytes_get_data (message->payload, &len) : NULL;

  return fb_inbound_decode (message->topic, data, len, message->received_at, message->retained, message->qos);
}

char *
fb_inbound_event_describe_refusal (const FbInboundEvent *event,
                                   guint                 max_topic_chars)
{
  g_autofree char *topic = NULL;
  g_autofree char *words = NULL;
  GString *line;
  glong n;

  g_return_val_if_fail (event != NULL, NULL);

  /* event->topic is valid UTF-8: cut by characters, never past its end. */
  n = g_utf8_strlen (event->topic, -1);
  if (n > (glong) max_topic_chars)
    {
      g_autofree char *head = g_utf8_substring (event->topic, 0, MAX (max_topic_chars, 1) - 1);
      topic = g_strconcat (head, "…", NULL);
    }
  else
    topic = g_strdup (event->topic);

  words = g_strdup_printf ("%s: %s", topic, event->error != NULL ? event->error->message
                                                                  : "not a topic Feedboard reads");
  /* For a terminal or a log: no control characters (C0, DEL, C1) from the network. */
  line = g_string_sized_new (strlen (words));
  for (const char *p = words; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_unichar (line, 0xfffd);
      else
        g_string_append_len (line, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (line, FALSE);
}

char *
fb_inbound_payload_to_json (const guint8  *data,
                            gsize          len,
                            GError       **error)
{
  if (len > FB_MQTT_MAX_MESSAGE_SIZE)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_LARGE,
                   "The message is %zu bytes; at most %d are read", len, FB_MQTT_MAX_MESSAGE_SIZE);
      return NULL;
    }
  return fb_json_to_compact_text (data, len, "The message", error);
}

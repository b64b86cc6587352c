/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-event.c: bytes + topic → an order event or a reason it is not one.
 * Tolerant of what the backend may send (key order, extra keys, Python's spacing,
 * unknown statuses), strict about what it must send. */
#define G_LOG_DOMAIN "fb-order-event"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-json.h"
#include "fb-order-event.h"

G_DEFINE_BOXED_TYPE (FbOrderEvent, fb_order_event, fb_order_event_copy, fb_order_event_free)

FbOrderEvent *
fb_order_event_copy (const FbOrderEvent *ev)
{
  FbOrderEvent *copy = g_new0 (FbOrderEvent, 1);

  copy->order_id = g_strdup (ev->order_id);
  copy->status = g_strdup (ev->status);
  copy->event = g_strdup (ev->event);
  copy->updated_at_text = g_strdup (ev->updated_at_text);
  copy->updated_at = ev->updated_at;
  copy->topic = g_strdup (ev->topic);
  copy->received_at = ev->received_at;
  return copy;
}

void
fb_order_event_free (FbOrderEvent *ev)
{
  if (ev == NULL)
    return;

  g_free (ev->order_id);
  g_free (ev->status);
  g_free (ev->event);
  g_free (ev->updated_at_text);
  g_free (ev->topic);
  g_free (ev);
}

gboolean
fb_order_event_supersedes (const FbOrderEvent *ev,
                           gint64              current_updated_at)
{
  return ev->updated_at > current_updated_at;
}

gboolean
fb_order_status_is_final (const char *status)
{
  return g_strcmp0 (status, "COMPLETED") == 0
         || g_strcmp0 (status, "CANCELLED") == 0
         || g_strcmp0 (status, "DELIVERED") == 0;
}

static gboolean
check_text (const char  *name,
            const char  *value,
            gsize        max_len,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The field “%s” is empty", name);
      return FALSE;
    }
  if (strlen (value) > max_len)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The field “%s” is %zu bytes long; at most %zu are accepted",
                   name, strlen (value), max_len);
      return FALSE;
    }
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                     "The field “%s” contains control characters", name);
        return FALSE;
      }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_UTF8,
                   "The field “%s” is not UTF-8 text", name);
      return FALSE;
    }
  return TRUE;
}

static const char *
get_string_field (JsonObject  *object,
                  const char  *name,
                  gsize        max_len,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_MISSING_FIELD,
                   "The field “%s” is missing", name);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE,
                   "The field “%s” should be a string but is %s", name, fb_json_type_name (node));
      return NULL;
    }

  value = json_node_get_string (node);
  return check_text (name, value, max_len, error) ? value : NULL;
}

gboolean
fb_order_event_check (const FbOrderEvent  *ev,
                      GError             **error)
{
  g_return_val_if_fail (ev != NULL, FALSE);

  if (!check_text ("orderId", ev->order_id, FB_ORDER_EVENT_MAX_ID_LEN, error)
      || !check_text ("status", ev->status, FB_ORDER_EVENT_MAX_STATUS_LEN, error)
      || !check_text ("updatedAt", ev->updated_at_text, 64, error)
      || !check_text ("event", ev->event, 32, error))
    return FALSE;

  /* Last writer wins: a time far ahead would win every comparison to come, and the order would
     never change again. A day is more than any clock is off by. */
  if (ev->updated_at > ev->received_at + FB_ORDER_EVENT_MAX_AHEAD)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The field “updatedAt” (“%s”) is more than %d hours ahead of when the event "
                   "was received", ev->updated_at_text, (int) (FB_ORDER_EVENT_MAX_AHEAD / G_TIME_SPAN_HOUR));
      return FALSE;
    }
  return TRUE;
}

FbOrderEvent *
fb_order_event_new_from_object (JsonObject  *object,
                                const char  *event,
                                const char  *topic,
                                gint64       received_at,
                                GError     **error)
{
  g_autoptr(GDateTime) updated = NULL;
  g_autoptr(FbOrderEvent) ev = NULL;
  const char *order_id, *status, *updated_at;

  g_return_val_if_fail (object != NULL, NULL);

  if ((order_id = get_string_field (object, "orderId", FB_ORDER_EVENT_MAX_ID_LEN, error)) == NULL
      || (status = get_string_field (object, "status", FB_ORDER_EVENT_MAX_STATUS_LEN, error)) == NULL
      || (updated_at = get_string_field (object, "updatedAt", 64, error)) == NULL)
    return NULL;

  if (event == NULL && (event = get_string_field (object, "event", 32, error)) == NULL)
    return NULL;

  updated = g_date_time_new_from_iso8601 (updated_at, NULL);
  if (updated == NULL)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The field “updatedAt” (“%s”) is not an ISO 8601 time with a time zone", updated_at);
      return NULL;
    }

  ev = g_new0 (FbOrderEvent, 1);
  ev->order_id = g_strdup (order_id);
  ev->status = g_strdup (status);
  ev->event = g_strdup (event);
  ev->updated_at_text = g_strdup (updated_at);
  ev->updated_at = g_date_time_to_unix (updated) * G_USEC_PER_SEC + g_date_time_get_microsecond (updated);
  ev->topic = g_strdup (topic != NULL ? topic : "");
  ev->received_at = received_at;

  if (!fb_order_event_check (ev, error))
    return NULL;
  return g_steal_pointer (&ev);
}

FbOrderEvent *
fb_order_event_decode (const char    *topic,
                       const guint8  *data,
                       gsize          len,
                       gint64         received_at,
                       GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;

  parser = fb_json_parse_object (data, len, FB_ORDER_EVENT_MAX_PAYLOAD, "order events", &object, error);
  if (parser == NULL)
    return NULL;

  return fb_order_event_new_from_object (object, NULL, topic, received_at, error);
}

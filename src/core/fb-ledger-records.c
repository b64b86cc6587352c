/* fb-ledger-records.c: connection changes and feed commands as ledger records. */
#define G_LOG_DOMAIN "fb-ledger-records"

#include <json-glib/json-glib.h>

#include <string.h>

#include "fb-json.h"
#include "fb-ledger-records.h"
#include "fb-time.h"

static void
append_json (FbLedger    *ledger,
             const char  *topic,
             JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize len;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  bytes = g_bytes_new_take (text, len);
  fb_ledger_append (ledger, g_str_equal (topic, FB_LEDGER_FEED_TOPIC) ? FB_LEDGER_KIND_FEED_COMMAND
                                                                       : FB_LEDGER_KIND_CONNECTION,
                    topic, bytes, g_get_real_time ());
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
fb_ledger_record_connection (FbLedger     *ledger,
                             FbMqttClient *client)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GEnumClass) states = g_type_class_ref (FB_TYPE_MQTT_STATE);
  GEnumValue *state = g_enum_get_value (states, fb_mqtt_client_get_state (client));
  g_autofree char *server = fb_mqtt_client_describe_server (client);

  json_builder_begin_object (builder);
  add_member (builder, "state", state != NULL ? state->value_nick : "unknown");
  add_member (builder, "server", server);
  add_member (builder, "reason", fb_mqtt_client_get_state_reason (client));
  json_builder_end_object (builder);
  append_json (ledger, FB_LEDGER_CONNECTION_TOPIC, builder);
}

void
fb_ledger_record_feed_command (FbLedger      *ledger,
                               FbFeedCommand *command)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GEnumClass) states = g_type_class_ref (FB_TYPE_FEED_COMMAND_STATE);
  GEnumValue *state = g_enum_get_value (states, fb_feed_command_get_state (command));

  json_builder_begin_object (builder);
  add_member (builder, "id", fb_feed_command_get_id (command));
  add_member (builder, "feederId", fb_feed_command_get_feeder_id (command));
  add_member (builder, "bowl", fb_bowl_to_string (fb_feed_command_get_bowl (command)));
  add_member (builder, "clickType", fb_bowl_to_click_type (fb_feed_command_get_bowl (command)));
  add_member (builder, "route", fb_feed_route_to_string (fb_feed_command_get_route (command)));
  add_member (builder, "state", state != NULL ? state->value_nick : "unknown");
  add_member (builder, "receipt", fb_feed_command_get_receipt (command));
  add_member (builder, "reason", fb_feed_command_get_reason (command));
  json_builder_end_object (builder);
  append_json (ledger, FB_LEDGER_FEED_TOPIC, builder);
}

/* -- reading rows back ---------------------------------------------------------------- */

FbInboundEvent *
fb_ledger_row_read (const FbLedgerRow *row)
{
  g_autoptr(FbInboundEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  if (row->kind == FB_LEDGER_KIND_ORDER && row->key != NULL)
    {
      /* The columns are what a decoder wrote; they are checked again, not trusted. */
      FbOrderEvent columns = {
        (char *) row->key, (char *) row->status, (char *) row->event, (char *) row->updated_at_text,
        row->updated_at, (char *) row->topic, row->received_at,
      };

      if (row->topic == NULL || !fb_order_event_check (&columns, &error)
          || !g_utf8_validate (row->topic, -1, NULL))
        {
          g_debug ("Skipped order row %" G_GINT64_FORMAT ": %s", row->seq,
                   error != NULL ? error->message : "its topic is not UTF-8 text");
          return NULL;
        }
      event = g_new0 (FbInboundEvent, 1);
      event->kind = FB_INBOUND_ORDER;
      event->route = FB_INBOUND_ROUTE_ORDER;
      event->topic = g_strdup (row->topic);
      event->received_at = row->received_at;
      event->order = fb_order_event_copy (&columns);
      return g_steal_pointer (&event);
    }

  if (row->kind == FB_LEDGER_KIND_FEEDER_STATE)
    {
      event = fb_inbound_decode (row->topic, row->payload, row->payload_len, row->received_at, FALSE, 0);
      if (event->kind == FB_INBOUND_FEEDER_STATE)
        return g_steal_pointer (&event);
    }
  return NULL;
}

static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      json_builder_add_string_value (builder, valid);
    }
}

/* The payload as it came: JSON text spliced in as sent, or a string. Returns the line. */
static char *
add_payload (JsonBuilder  *builder,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *envelope = NULL;

  if (data == NULL)
    len = 0;
  payload = fb_inbound_payload_to_json (data, len, &error);
  if (payload == NULL)
    {
      /* Kept as it came, as text: never parsed by anything that could choke on it. */
      if (g_utf8_validate ((const char *) data, len, NULL))
        {
          g_autofree char *text = g_strndup ((const char *) data, len);

          json_builder_set_member_name (builder, "raw");
          json_builder_add_string_value (builder, text != NULL ? text : "");
        }
      else
        {
          g_autofree char *encoded = g_base64_encode (data, len);

          json_builder_set_member_name (builder, "rawBase64");
          json_builder_add_string_value (builder, encoded);
        }
      add_text (builder, "payloadRefused", error->message);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  envelope = json_generator_to_data (generator, NULL);
  if (payload == NULL)
    return g_steal_pointer (&envelope);
  /* Not through a JsonNode: JSON-GLib would write some numbers back as text that is not JSON. */
  return fb_json_add_member_text (envelope, "payload", payload);
}

char *
fb_ledger_row_to_json (const FbLedgerRow *row,
                       gsize             *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *received = fb_time_format_rfc3339_ms (row->received_at);
  char *line;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, row->seq);
  add_text (builder, "receivedAt", received);
  add_text (builder, "topic", row->topic != NULL ? row->topic : "");
  add_text (builder, "kind", fb_ledger_kind_to_string (row->kind));
  if (row->kind == FB_LEDGER_KIND_ORDER && row->key != NULL)
    {
      add_text (builder, "orderId", row->key);
      add_text (builder, "status", row->status);
      add_text (builder, "updatedAt", row->updated_at_text);
      add_text (builder, "event", row->event);
    }
  else if (row->kind == FB_LEDGER_KIND_FEEDER_STATE && row->key != NULL)
    add_text (builder, "feederId", row->key);
  else if (row->kind == FB_LEDGER_KIND_ORDER || row->kind == FB_LEDGER_KIND_FEEDER_STATE)
    {
      /* Kept as received, for a better decoder later; not part of any state. */
      json_builder_set_member_name (builder, "undecodable");
      json_builder_add_boolean_value (builder, TRUE);
    }
  line = add_payload (builder, row->payload, row->payload_len);
  if (len != NULL)
    *len = strlen (line);
  return line;
}

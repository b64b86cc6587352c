/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-records.c: connection changes and feed commands as ledger records. */
#define G_LOG_DOMAIN "fb-ledger-records"

#include <json-glib/json-glib.h>

#include "fb-ledger-records.h"

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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-rows.c: a stored row read back — for the fold, the state and the export — only
   through fb-inbound and the checked JSON parser, so that a hostile message kept raw cannot hurt a
   later reader. */
#define G_LOG_DOMAIN "fb-ledger"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-json.h"
#include "fb-ledger-private.h"
#include "fb-time.h"

void
_fb_ledger_row_from_stmt (FbLedgerRow  *row,
                          sqlite3_stmt *stmt)
{
  row->seq = sqlite3_column_int64 (stmt, 0);
  row->received_at = sqlite3_column_int64 (stmt, 1);
  row->kind = sqlite3_column_int (stmt, 2);
  row->topic = (const char *) sqlite3_column_text (stmt, 3);
  row->key = (const char *) sqlite3_column_text (stmt, 4);
  row->status = (const char *) sqlite3_column_text (stmt, 5);
  row->updated_at = sqlite3_column_int64 (stmt, 6);
  row->updated_at_text = (const char *) sqlite3_column_text (stmt, 7);
  row->event = (const char *) sqlite3_column_text (stmt, 8);
  row->payload = sqlite3_column_blob (stmt, 9);
  row->payload_len = sqlite3_column_bytes (stmt, 9);
}

FbLedgerKind
fb_ledger_kind_for_route (FbInboundRoute route)
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

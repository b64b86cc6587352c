/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inbound.c: the one inbound path: which topic is whose, and what is refused and why. */
#include <string.h>

#include <sqlite3.h>

#include "fb-inbound.h"
#include "fb-json.h"
#include "fb-ledger.h"
#include "fb-test-ledger.h"

/* 2024-03-19T20:05:00Z, a little after the events' updatedAt. */
#define RECEIVED G_GINT64_CONSTANT (1710878700000000)
#define ORDER "{\"orderId\":\"2dh3kOyQLCo9s2mG8yMu5KcZSM5\",\"status\":\"IN_KITCHEN\"," \
              "\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"UPDATED\"}"

static FbInboundEvent *
decode (const char *topic,
        const char *payload)
{
  return fb_inbound_decode (topic, (const guint8 *) payload, payload != NULL ? strlen (payload) : 0,
                            RECEIVED, FALSE, 0);
}

static void
assert_refused (FbInboundEvent *event,
                int             code,
                const char     *words)
{
  g_test_message ("%s: %s", event->topic, event->error != NULL ? event->error->message : "(accepted)");
  g_assert_cmpint (event->kind, ==, FB_INBOUND_REFUSED);
  g_assert_error (event->error, FB_DECODE_ERROR, code);
  g_assert_null (event->order);
  g_assert_null (event->feeder_state);
  g_assert_null (event->feed_event);
  g_assert_true (g_utf8_validate (event->error->message, -1, NULL));
  if (words != NULL)
    g_assert_nonnull (strstr (event->error->message, words));
}

static void
test_routes (void)
{
  struct { const char *topic; FbInboundRoute route; } table[] = {
    { "orders/events", FB_INBOUND_ROUTE_ORDER },
    { "orders/events/2dh3kOyQLCo9s2mG8yMu5KcZSM5", FB_INBOUND_ROUTE_ORDER },
    { "orders/events/", FB_INBOUND_ROUTE_OTHER },
    { "orders/events/a/b", FB_INBOUND_ROUTE_OTHER },
    { "orders/eventsX", FB_INBOUND_ROUTE_OTHER },
    { "orders/other", FB_INBOUND_ROUTE_OTHER },
    { "orders", FB_INBOUND_ROUTE_OTHER },
    { "cat-feeder/states", FB_INBOUND_ROUTE_FEEDER_STATE },
    { "cat-feeder/states/kitchen", FB_INBOUND_ROUTE_FEEDER_STATE },
    { "cat-feeder/states/a/b", FB_INBOUND_ROUTE_FEEDER_STATE },
    { "cat-feeder/statesX", FB_INBOUND_ROUTE_OTHER },
    { "cat-feeder/action", FB_INBOUND_ROUTE_FEED_ACTION },
    { "cat-feeder/action/x", FB_INBOUND_ROUTE_OTHER },
    { "cat-feeder", FB_INBOUND_ROUTE_OTHER },
    { "", FB_INBOUND_ROUTE_OTHER },
    { "$SYS/broker/uptime", FB_INBOUND_ROUTE_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_test_message ("%s", table[i].topic);
      g_assert_cmpint (fb_inbound_route (table[i].topic), ==, table[i].route);
    }
  g_assert_cmpint (fb_inbound_route (NULL), ==, FB_INBOUND_ROUTE_OTHER);
  g_assert_cmpstr (fb_inbound_route_to_string (FB_INBOUND_ROUTE_FEEDER_STATE), ==, "feeder-state");
}

static void
test_kinds (void)
{
  g_autoptr(FbInboundEvent) order = decode ("orders/events/2dh3kOyQLCo9s2mG8yMu5KcZSM5", ORDER);
  g_autoptr(FbInboundEvent) state = decode ("cat-feeder/states", "{\"food_capacity\": 80, \"device_location\": \"kitchen\"}");
  g_autoptr(FbInboundEvent) action = decode ("cat-feeder/action", "{\"event\": \"SINGLE\", \"reportedTime\": \"2023-03-17T13:42:26Z\"}");
  g_autoptr(FbInboundEvent) other = decode ("weather/today", "{\"sun\": true}");
  g_autoptr(FbInboundEvent) retained = fb_inbound_decode ("orders/events", (const guint8 *) ORDER, strlen (ORDER),
                                                          RECEIVED, TRUE, 1);
  g_autoptr(FbInboundEvent) copy = NULL;
  g_autoptr(FbOrderEvent) stolen = NULL;

  g_assert_cmpint (order->kind, ==, FB_INBOUND_ORDER);
  g_assert_cmpstr (order->order->order_id, ==, "2dh3kOyQLCo9s2mG8yMu5KcZSM5");
  g_assert_cmpstr (order->order->topic, ==, "orders/events/2dh3kOyQLCo9s2mG8yMu5KcZSM5");
  g_assert_null (order->error);
  g_assert_cmpint (state->kind, ==, FB_INBOUND_FEEDER_STATE);
  g_assert_cmpstr (state->feeder_state->feeder_id, ==, "kitchen");
  g_assert_cmpint (state->feeder_state->food_capacity, ==, 80);
  g_assert_cmpint (action->kind, ==, FB_INBOUND_FEED_ACTION);
  g_assert_cmpstr (action->feed_event, ==, "SINGLE");
  g_assert_cmpint (other->kind, ==, FB_INBOUND_NOT_OURS);
  g_assert_cmpint (other->route, ==, FB_INBOUND_ROUTE_OTHER);
  g_assert_null (other->error);
  g_assert_true (retained->retained);
  g_assert_cmpint (retained->qos, ==, 1);
  g_assert_cmpint (retained->received_at, ==, RECEIVED);

  copy = fb_inbound_event_copy (order);
  g_assert_cmpstr (copy->order->order_id, ==, order->order->order_id);
  stolen = fb_inbound_event_steal_order (copy);
  g_assert_nonnull (stolen);
  g_assert_null (copy->order);
}

/* The message of issue 15: JSON 100 000 levels deep, on every route, refused without recursing. */
static void
test_deep_everywhere (void)
{
  g_autofree char *open = g_strnfill (100000, '[');
  g_autofree char *close = g_strnfill (100000, ']');
  g_autofree char *deep = g_strconcat (open, close, NULL);
  g_autofree char *deep_member = g_strdup_printf ("{\"orderId\":\"a\",\"x\":%s}", deep);
  const char *topics[] = { "orders/events", "cat-feeder/states", "cat-feeder/action", "cat-feeder/states/x" };
  g_autoptr(FbInboundEvent) other = decode ("somewhere/else", deep);
  g_autoptr(GError) error = NULL;
  g_autofree char *node = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_autoptr(FbInboundEvent) a = decode (topics[i], deep);
      g_autoptr(FbInboundEvent) b = decode (topics[i], deep_member);

      /* Too large first for the smaller routes; too deep where the size passes. */
      g_assert_cmpint (a->kind, ==, FB_INBOUND_REFUSED);
      g_assert_cmpint (b->kind, ==, FB_INBOUND_REFUSED);
    }

  /* Not ours, and shown as it came: the checked parser refuses to read it. */
  g_assert_cmpint (other->kind, ==, FB_INBOUND_NOT_OURS);
  node = fb_inbound_payload_to_json ((const guint8 *) deep, strlen (deep), &error);
  g_assert_null (node);
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_DEEP);

  /* Within every route's size, only the depth check stands in the way. */
  {
    g_autofree char *o = g_strnfill (FB_JSON_MAX_DEPTH + 1, '[');
    g_autofree char *c = g_strnfill (FB_JSON_MAX_DEPTH + 1, ']');
    g_autofree char *payload = g_strdup_printf ("{\"event\":\"SINGLE\",\"x\":%s%s}", o, c);

    for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
      {
        g_autoptr(FbInboundEvent) e = decode (topics[i], payload);
        assert_refused (e, FB_DECODE_ERROR_TOO_DEEP, "deeper than");
      }
  }
}

static void
test_nul_in_id (void)
{
  g_autoptr(FbInboundEvent) a = decode ("orders/events", "{\"orderId\":\"A\\u0000B\",\"status\":\"S\","
                                                         "\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}");
  g_autoptr(FbInboundEvent) b = decode ("cat-feeder/states", "{\"device_location\":\"kit\\u0000chen\"}");
  /* An escaped backslash before u0000 is text, not a NUL. */
  g_autoptr(FbInboundEvent) c = decode ("orders/events", "{\"orderId\":\"A\\\\u0000B\",\"status\":\"S\","
                                                         "\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}");

  assert_refused (a, FB_DECODE_ERROR_INVALID_VALUE, "NUL");
  assert_refused (b, FB_DECODE_ERROR_INVALID_VALUE, "NUL");
  g_assert_cmpint (c->kind, ==, FB_INBOUND_ORDER);
  g_assert_cmpstr (c->order->order_id, ==, "A\\u0000B");
}

static void
test_bad_ids (void)
{
  g_autofree char *long_id = g_strnfill (FB_ORDER_EVENT_MAX_ID_LEN + 1, 'x');
  g_autofree char *long_json = g_strdup_printf ("{\"orderId\":\"%s\",\"status\":\"S\",\"updatedAt\":"
                                                "\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", long_id);
  g_autofree char *long_feeder = g_strdup_printf ("{\"device_location\":\"%s\"}", long_id);
  const char *control[] = {
    "{\"orderId\":\"a\\u0007b\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}",
    "{\"orderId\":\"a\\u007fb\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}",
    "{\"orderId\":\"a\",\"status\":\"S\\r\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (control); i++)
    {
      g_autoptr(FbInboundEvent) e = decode ("orders/events", control[i]);
      assert_refused (e, FB_DECODE_ERROR_INVALID_VALUE, "control characters");
    }
  {
    g_autoptr(FbInboundEvent) e = decode ("orders/events", long_json);
    g_autoptr(FbInboundEvent) f = decode ("cat-feeder/states", long_feeder);
    g_autoptr(FbInboundEvent) g = decode ("cat-feeder/states", "{\"device_location\":\"a\\tb\"}");
    g_autoptr(FbInboundEvent) h = decode ("cat-feeder/action", "{\"event\":\"SIN\\nGLE\"}");

    assert_refused (e, FB_DECODE_ERROR_INVALID_VALUE, "at most 64");
    assert_refused (f, FB_DECODE_ERROR_INVALID_VALUE, NULL);
    assert_refused (g, FB_DECODE_ERROR_INVALID_VALUE, "control characters");
    assert_refused (h, FB_DECODE_ERROR_INVALID_VALUE, "control characters");
  }
}

/* Last writer wins: an updatedAt in the year 9999 would win every comparison to come. */
static void
test_future (void)
{
  g_autoptr(FbInboundEvent) far = decode ("orders/events", "{\"orderId\":\"a\",\"status\":\"S\","
                                                           "\"updatedAt\":\"9999-12-31T23:59:59.999Z\",\"event\":\"E\"}");
  /* RECEIVED + 23 h: a clock that is off, accepted. */
  g_autoptr(FbInboundEvent) near = decode ("orders/events", "{\"orderId\":\"a\",\"status\":\"S\","
                                                            "\"updatedAt\":\"2024-03-20T19:05:00.000Z\",\"event\":\"E\"}");
  /* RECEIVED + 24 h + 1 ms: refused. */
  g_autoptr(FbInboundEvent) just = decode ("orders/events", "{\"orderId\":\"a\",\"status\":\"S\","
                                                            "\"updatedAt\":\"2024-03-20T20:05:00.001Z\",\"event\":\"E\"}");
  FbOrderEvent pinned = { "a", "S", "UPDATED", "9999-12-31T23:59:59.999Z", G_GINT64_CONSTANT (253402300799999000),
                          "orders/events", RECEIVED };
  g_autoptr(GError) error = NULL;

  assert_refused (far, FB_DECODE_ERROR_INVALID_VALUE, "24 hours ahead");
  g_assert_cmpint (near->kind, ==, FB_INBOUND_ORDER);
  assert_refused (just, FB_DECODE_ERROR_INVALID_VALUE, "24 hours ahead");

  /* The same check for events from elsewhere (a ledger's columns, the polling API). */
  g_assert_false (fb_order_event_check (&pinned, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE);
}

static void
test_numbers (void)
{
  const char *bad[] = {
    "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\",\"n\":1e999}",
    "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\",\"n\":-1E+999}",
    "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\",\"n\":99999999999999999999999}",
  };
  g_autofree char *zeros = g_strnfill (100, '0');
  g_autofree char *long_number = g_strdup_printf ("{\"food_capacity\":0.%s1}", zeros);
  g_autoptr(FbInboundEvent) cap = decode ("cat-feeder/states", "{\"food_capacity\":1e999}");
  g_autoptr(FbInboundEvent) lng = decode ("cat-feeder/states", long_number);
  g_autoptr(FbInboundEvent) in_string = decode ("cat-feeder/states", "{\"food_capacity\":50,\"time\":\"1e999\"}");
  g_autoptr(FbInboundEvent) tiny = decode ("cat-feeder/states", "{\"food_capacity\":1e-999}");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FbInboundEvent) e = decode ("orders/events", bad[i]);
      assert_refused (e, FB_DECODE_ERROR_INVALID_VALUE, "out of range");
    }
  assert_refused (cap, FB_DECODE_ERROR_INVALID_VALUE, "1e999");
  assert_refused (lng, FB_DECODE_ERROR_INVALID_VALUE, "more than");
  g_assert_cmpint (in_string->kind, ==, FB_INBOUND_FEEDER_STATE);
  g_assert_cmpstr (in_string->feeder_state->device_time, ==, "1e999");
  g_assert_cmpint (tiny->kind, ==, FB_INBOUND_FEEDER_STATE);
  g_assert_cmpint (tiny->feeder_state->food_capacity, ==, 0);

  g_assert_null (fb_inbound_payload_to_json ((const guint8 *) "[1e999]", 7, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE);
}

/* An empty payload (a retained message being cleared looks like this) is refused in words,
   without a GLib-CRITICAL (g_test_init makes one fatal). */
static void
test_empty (void)
{
  const char *topics[] = { "orders/events", "cat-feeder/states", "cat-feeder/action" };
  g_autoptr(FbInboundEvent) other = fb_inbound_decode ("x/y", NULL, 0, RECEIVED, TRUE, 0);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_autoptr(FbInboundEvent) a = fb_inbound_decode (topics[i], NULL, 0, RECEIVED, FALSE, 0);
      g_autoptr(FbInboundEvent) b = decode (topics[i], "");
      g_autoptr(FbInboundEvent) c = decode (topics[i], "  \n ");

      assert_refused (a, FB_DECODE_ERROR_NOT_JSON, "empty");
      assert_refused (b, FB_DECODE_ERROR_NOT_JSON, "empty");
      assert_refused (c, FB_DECODE_ERROR_NOT_JSON, "empty");
    }
  g_assert_cmpint (other->kind, ==, FB_INBOUND_NOT_OURS);
  g_assert_null (fb_inbound_payload_to_json (NULL, 0, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON);
}

/* Found by fuzz-inbound: JSON-GLib's message quoted half a character of a broken \u escape. */
static void
test_error_words_are_text (void)
{
  g_autoptr(FbInboundEvent) e = decode ("orders/events", "{\"orderId\":\"A\\u204cat\rfeeder/act`io0-03\001\n-\\u2040-03:nt\":\"E\"}");

  assert_refused (e, FB_DECODE_ERROR_NOT_JSON, "not JSON");
}

/* JSON-GLib's scanner takes more than JSON; the checked parse takes only JSON. */
static void
test_not_strict_json (void)
{
  const char *bad[] = {
    "{\"food_capacity\":5,\"device_location\":\"A\\240B\"}",   /* an octal escape: byte 0xa0, not UTF-8 */
    "{\"food_capacity\":5,\"device_location\":\"A\x0e\"}",       /* a raw control character */
    "{\"food_capacity\":5,\"device_location\":'kitchen'}",
    "{\"food_capacity\":0x10}",
    "{\"food_capacity\":0777}",
    "{\"food_capacity\":.5}",
    "{\"food_capacity\":5/* a comment */}",
    "{\"food_capacity\":5,}",
    "{\"device_location\":\"\\udc00\"}",
    "{\"device_location\":\"\\ud800x\"}",
    "{\"device_location\":\"\\q\"}",
    "{\"food_capacity\":5} {}",
    "{\"food_capacity\":tru}",
  };
  g_autoptr(FbInboundEvent) pair = decode ("cat-feeder/states", "{\"device_location\":\"\\ud83d\\ude00 \\u00e9\\/\"}");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FbInboundEvent) e = decode ("cat-feeder/states", bad[i]);
      assert_refused (e, FB_DECODE_ERROR_NOT_JSON, "not JSON: at byte");
    }
  g_assert_cmpint (pair->kind, ==, FB_INBOUND_FEEDER_STATE);
  g_assert_cmpstr (pair->feeder_state->device_location, ==, "😀 é/");
}

static void
test_oversized (void)
{
  g_autofree char *pad = g_strnfill (FB_ORDER_EVENT_MAX_PAYLOAD, ' ');
  g_autofree char *order = g_strconcat (ORDER, pad, NULL);
  g_autofree char *state = g_strdup_printf ("{\"food_capacity\":5,\"x\":\"%s\"}", pad);
  g_autofree char *level = g_strnfill (FB_INBOUND_MAX_TOPIC_LEN, 'a');
  g_autofree char *long_topic = g_strconcat ("orders/events/", level, NULL);
  g_autoptr(FbInboundEvent) a = decode ("orders/events", order);
  g_autoptr(FbInboundEvent) b = decode ("cat-feeder/states", state);
  g_autoptr(FbInboundEvent) c = decode (long_topic, ORDER);
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (FB_MQTT_MAX_MESSAGE_SIZE + 1), FB_MQTT_MAX_MESSAGE_SIZE + 1);
  g_autoptr(GError) error = NULL;

  assert_refused (a, FB_DECODE_ERROR_TOO_LARGE, "at most");
  assert_refused (b, FB_DECODE_ERROR_TOO_LARGE, "at most");
  assert_refused (c, FB_DECODE_ERROR_TOO_LARGE, "topic");
  g_assert_null (fb_inbound_payload_to_json (g_bytes_get_data (huge, NULL), g_bytes_get_size (huge), &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_LARGE);
}

/* Topics are shown to people: made valid UTF-8, and cut by characters, never past their end. */
static void
test_topics_as_text (void)
{
  g_autoptr(FbInboundEvent) bad_utf8 = decode ("orders/events/\xff\xfe", ORDER);
  g_autoptr(FbInboundEvent) markup = decode ("cat-feeder/states/<span size='60000'>x</span>", "{bad");
  g_autoptr(FbInboundEvent) accented = decode ("cat-feeder/states/cuisine-été-ünd-más", "nope");
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  assert_refused (bad_utf8, FB_DECODE_ERROR_NOT_UTF8, "topic");
  g_assert_true (g_utf8_validate (bad_utf8->topic, -1, NULL));

  /* Markup in a topic is text: the description keeps it as it came, for plain-text display. */
  assert_refused (markup, FB_DECODE_ERROR_NOT_JSON, NULL);
  a = fb_inbound_event_describe_refusal (markup, 200);
  g_assert_true (g_str_has_prefix (a, "cat-feeder/states/<span size='60000'>x</span>: The message is not JSON"));

  /* A short topic and a long limit: nothing read past the end (ASan and valgrind watch this). */
  b = fb_inbound_event_describe_refusal (accented, 128);
  g_assert_true (g_str_has_prefix (b, "cat-feeder/states/cuisine-été-ünd-más: "));
  c = fb_inbound_event_describe_refusal (accented, 22);
  g_assert_true (g_str_has_prefix (c, "cat-feeder/states/cui…: "));
  g_assert_true (g_utf8_validate (c, -1, NULL));
  d = fb_inbound_event_describe_refusal (accented, 30);
  g_assert_true (g_str_has_prefix (d, "cat-feeder/states/cuisine-été…: "));

  /* Terminal escapes (ESC, and CSI as U+009B) never reach a terminal or a log. */
  {
    g_autoptr(FbInboundEvent) escape = decode ("orders/events\x1b[31m/\xc2\x9b" "2J", ORDER);
    g_autofree char *e = fb_inbound_event_describe_refusal (escape, 200);

    g_assert_cmpint (escape->kind, ==, FB_INBOUND_NOT_OURS);
    g_assert_cmpstr (e, ==, "orders/events\xef\xbf\xbd[31m/\xef\xbf\xbd" "2J: not a topic Feedboard reads");
  }
}

/* A line of the export, read back strictly: one JSON object, nothing JSON-GLib writes but cannot
   read (inf.0). */
static JsonObject *
parse_line (JsonParser *parser,
            const char *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_utf8_validate (line, -1, NULL));
  g_assert_null (strstr (line, "inf"));
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* The ledger keeps raw bytes; reading them back must survive what was refused live. */
static void
test_ledger_rows (void)
{
  g_autofree char *open = g_strnfill (100000, '[');
  g_autofree char *close = g_strnfill (100000, ']');
  g_autofree char *deep = g_strconcat (open, close, NULL);
  FbLedgerKind kinds[] = { FB_LEDGER_KIND_ORDER, FB_LEDGER_KIND_FEEDER_STATE, FB_LEDGER_KIND_OTHER };
  const char *topics[] = { "orders/events", "cat-feeder/states", "weather/today" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      FbLedgerRow row = { 7, RECEIVED, kinds[i], topics[i], NULL, NULL, 0, NULL, NULL,
                          (const guint8 *) deep, strlen (deep) };
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(FbInboundEvent) event = fb_ledger_row_read (&row);
      g_autofree char *line = fb_ledger_row_to_json (&row, NULL);
      JsonObject *object = parse_line (parser, line);

      g_assert_null (event);
      g_assert_cmpstr (fb_json_get_string (object, "raw"), ==, deep);
      g_assert_nonnull (strstr (fb_json_get_string (object, "payloadRefused"), "deeper than"));
      g_assert_cmpstr (fb_json_get_string (object, "topic"), ==, topics[i]);
      g_assert_false (json_object_has_member (object, "payload"));
    }

  /* Bytes that are not UTF-8, in the topic and the payload; an empty payload; 1e999. */
  {
    FbLedgerRow binary = { 8, RECEIVED, FB_LEDGER_KIND_OTHER, "x/\xff", NULL, NULL, 0, NULL, NULL,
                           (const guint8 *) "\xff\x00\x01", 3 };
    FbLedgerRow empty = { 9, RECEIVED, FB_LEDGER_KIND_FEEDER_STATE, "cat-feeder/states", NULL, NULL, 0, NULL, NULL,
                          NULL, 0 };
    FbLedgerRow huge = { 10, RECEIVED, FB_LEDGER_KIND_OTHER, "x", NULL, NULL, 0, NULL, NULL,
                         (const guint8 *) "{\"n\":1e999}", 11 };
    /* A damaged file: a time GDateTime cannot hold. */
    FbLedgerRow when = { 11, G_MININT64, FB_LEDGER_KIND_OTHER, "x", NULL, NULL, 0, NULL, NULL,
                         (const guint8 *) "{\"ok\":[1,2.5,\"x\"]}", 18 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *a = fb_ledger_row_to_json (&binary, NULL);
    g_autofree char *b = fb_ledger_row_to_json (&empty, NULL);
    g_autofree char *c = fb_ledger_row_to_json (&huge, NULL);
    g_autofree char *d = fb_ledger_row_to_json (&when, NULL);
    g_autoptr(FbInboundEvent) e = fb_ledger_row_read (&empty);
    JsonObject *object;

    object = parse_line (parser, a);
    g_assert_cmpstr (fb_json_get_string (object, "rawBase64"), ==, "/wAB");
    g_assert_true (g_str_has_prefix (fb_json_get_string (object, "topic"), "x/"));
    object = parse_line (parser, b);
    g_assert_cmpstr (fb_json_get_string (object, "raw"), ==, "");
    g_assert_true (json_object_get_boolean_member (object, "undecodable"));
    g_assert_null (e);
    object = parse_line (parser, c);
    g_assert_cmpstr (fb_json_get_string (object, "raw"), ==, "{\"n\":1e999}");
    object = parse_line (parser, d);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "payload")));
    g_assert_cmpstr (fb_json_get_string (object, "receivedAt"), ==, "0001-01-01T00:00:00.000Z");
  }
}

/* Payloads are shown as sent: numbers as written (JSON-GLib would write 1e17 back as "1e+17.0"),
   on one line whatever their layout. */
static void
test_payload_as_sent (void)
{
  const char *pretty = "{\n  \"n\": 1e17,\n  \"m\": [ -1E+22, 9999999999999999999998.9999999, 0.1 ],\n"
                       "  \"s\": \"a \\\" \\n b\\u00e9\"\r\n}\n";
  FbLedgerRow row = { 3, RECEIVED, FB_LEDGER_KIND_OTHER, "x", NULL, NULL, 0, NULL, NULL,
                      (const guint8 *) pretty, strlen (pretty) };
  g_autofree char *text = fb_inbound_payload_to_json ((const guint8 *) pretty, strlen (pretty), NULL);
  g_autofree char *line = fb_ledger_row_to_json (&row, NULL);
  g_autofree char *empty = fb_json_add_member_text ("{}", "a", "[1]");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_cmpstr (text, ==, "{\"n\":1e17,\"m\":[-1E+22,9999999999999999999998.9999999,0.1],\"s\":\"a \\\" \\n b\\u00e9\"}");
  g_assert_null (strchr (line, '\n'));
  g_assert_nonnull (strstr (line, ",\"payload\":{\"n\":1e17,"));
  object = parse_line (parser, line);
  g_assert_cmpstr (fb_json_get_string (json_object_get_object_member (object, "payload"), "s"), ==, "a \" \n bé");
  g_assert_cmpstr (empty, ==, "{\"a\":[1]}");
}

/* The fold reads orders from the columns a decoder wrote, and checks them again. */
static void
test_ledger_row_orders (void)
{
  FbLedgerRow good = { 1, RECEIVED, FB_LEDGER_KIND_ORDER, "orders/events", "A", "IN_KITCHEN",
                       G_GINT64_CONSTANT (1710878608366000), "2024-03-19T20:03:28.366Z", "UPDATED",
                       (const guint8 *) ORDER, strlen (ORDER) };
  FbLedgerRow pinned = good, control = good, state = good;
  g_autoptr(FbInboundEvent) a = NULL, b = NULL, c = NULL, d = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  JsonObject *object;

  pinned.updated_at = G_GINT64_CONSTANT (253402300799999000);
  pinned.updated_at_text = "9999-12-31T23:59:59.999Z";
  control.key = "A\nB";
  state.kind = FB_LEDGER_KIND_FEEDER_STATE;
  state.topic = "cat-feeder/states/a";
  state.key = "kitchen";
  state.payload = (const guint8 *) "{\"food_capacity\":40,\"device_location\":\"kitchen\"}";
  state.payload_len = strlen ((const char *) state.payload);

  a = fb_ledger_row_read (&good);
  g_assert_nonnull (a);
  g_assert_cmpint (a->kind, ==, FB_INBOUND_ORDER);
  g_assert_cmpstr (a->order->order_id, ==, "A");
  g_assert_cmpint (a->order->received_at, ==, RECEIVED);
  b = fb_ledger_row_read (&pinned);
  g_assert_null (b);
  c = fb_ledger_row_read (&control);
  g_assert_null (c);
  d = fb_ledger_row_read (&state);
  g_assert_nonnull (d);
  g_assert_cmpint (d->feeder_state->food_capacity, ==, 40);

  line = fb_ledger_row_to_json (&good, NULL);
  object = parse_line (parser, line);
  g_assert_cmpstr (fb_json_get_string (object, "orderId"), ==, "A");
  g_assert_cmpstr (fb_json_get_string (object, "kind"), ==, "order");
  g_assert_cmpstr (fb_json_get_string (json_object_get_object_member (object, "payload"), "status"), ==, "IN_KITCHEN");
}

static void
append_order (FbLedger   *ledger,
              const char *status,
              const char *updated_at,
              gint64      received_at)
{
  g_autofree char *json = g_strdup_printf ("{\"orderId\":\"P\",\"status\":\"%s\",\"updatedAt\":\"%s\","
                                           "\"event\":\"UPDATED\"}", status, updated_at);
  FbMqttMessage message = { (char *) "orders/events", NULL, received_at, 0, FALSE };
  g_autoptr(GError) error = NULL;

  message.payload = g_bytes_new (json, strlen (json));
  fb_ledger_append_message (ledger, &message);
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  g_bytes_unref (message.payload);
}

/* A checkpoint written before the checks existed, holding an order pinned by the year 9999: the
   fold checks it again, and the real update that follows wins. */
static void
test_pinned_checkpoint (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, FB_LEDGER_FILE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedgerState) state = NULL;
  g_autoptr(GVariant) checkpoint = NULL;
  GVariantBuilder orders;
  FbLedger *ledger;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  ledger = fb_ledger_open (dir, &error);
  g_assert_no_error (error);
  append_order (ledger, "SUBMITTED", "2024-03-19T20:00:00.000Z", RECEIVED);
  g_object_unref (ledger);

  g_variant_builder_init (&orders, G_VARIANT_TYPE ("a(ssssxsx)"));
  g_variant_builder_add (&orders, "(ssssxsx)", "P", "DELIVERED", "UPDATED", "9999-12-31T23:59:59.999Z",
                         G_GINT64_CONSTANT (253402300799999000), "orders/events", RECEIVED);
  checkpoint = g_variant_ref_sink (g_variant_new ("(a(ssssxsx)a(ssmsimsmsmsx))", &orders, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO checkpoints (seq, received_at, state) "
                                           "VALUES (1, ?1, ?2)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, RECEIVED);
  sqlite3_bind_blob (stmt, 2, g_variant_get_data (checkpoint), g_variant_get_size (checkpoint), SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  ledger = fb_ledger_open (dir, &error);
  g_assert_no_error (error);
  append_order (ledger, "IN_KITCHEN", "2024-03-19T20:10:00.000Z", RECEIVED + 1000);
  state = fb_ledger_read_state (ledger, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state->orders->len, ==, 1);
  g_assert_cmpstr (((FbOrderEvent *) g_ptr_array_index (state->orders, 0))->status, ==, "IN_KITCHEN");
  g_object_unref (ledger);
  fb_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inbound/routes", test_routes);
  g_test_add_func ("/inbound/kinds", test_kinds);
  g_test_add_func ("/inbound/refused/deep-everywhere", test_deep_everywhere);
  g_test_add_func ("/inbound/refused/nul-in-id", test_nul_in_id);
  g_test_add_func ("/inbound/refused/bad-ids", test_bad_ids);
  g_test_add_func ("/inbound/refused/future", test_future);
  g_test_add_func ("/inbound/refused/numbers", test_numbers);
  g_test_add_func ("/inbound/refused/empty", test_empty);
  g_test_add_func ("/inbound/refused/oversized", test_oversized);
  g_test_add_func ("/inbound/refused/not-strict-json", test_not_strict_json);
  g_test_add_func ("/inbound/refused/error-words-are-text", test_error_words_are_text);
  g_test_add_func ("/inbound/topics-as-text", test_topics_as_text);
  g_test_add_func ("/inbound/ledger-row/hostile", test_ledger_rows);
  g_test_add_func ("/inbound/ledger-row/orders", test_ledger_row_orders);
  g_test_add_func ("/inbound/ledger-row/payload-as-sent", test_payload_as_sent);
  g_test_add_func ("/inbound/ledger-row/pinned-checkpoint", test_pinned_checkpoint);
  return g_test_run ();
}

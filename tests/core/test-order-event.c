/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-order-event.c: the pure order-event decoder. */
#include <string.h>

#include "fb-json.h"
#include "fb-order-event.h"

/* When the events below were received: a little after their updatedAt. */
#define RECEIVED G_GINT64_CONSTANT (1710878700000000)

static FbOrderEvent *
decode (const char *s, GError **error)
{
  return fb_order_event_decode ("orders/events", (const guint8 *) s, strlen (s), RECEIVED, error);
}

static void
test_exact_payload (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOrderEvent) ev =
    decode ("{\"orderId\":\"2dh3kOyQLCo9s2mG8yMu5KcZSM5\",\"status\":\"IN_KITCHEN\","
            "\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"UPDATED\"}", &error);
  g_autoptr(FbOrderEvent) copy = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (ev);
  g_assert_cmpstr (ev->order_id, ==, "2dh3kOyQLCo9s2mG8yMu5KcZSM5");
  g_assert_cmpstr (ev->status, ==, "IN_KITCHEN");
  g_assert_cmpstr (ev->event, ==, "UPDATED");
  g_assert_cmpstr (ev->updated_at_text, ==, "2024-03-19T20:03:28.366Z");
  g_assert_cmpint (ev->updated_at, ==, G_GINT64_CONSTANT (1710878608366000));
  g_assert_cmpstr (ev->topic, ==, "orders/events");
  g_assert_cmpint (ev->received_at, ==, RECEIVED);

  copy = fb_order_event_copy (ev);
  g_assert_cmpstr (copy->order_id, ==, ev->order_id);
  g_assert_cmpint (copy->updated_at, ==, ev->updated_at);
}

static void
test_tolerant (void)
{
  const char *ok[] = {
    /* any key order, extra keys, Python-style spacing */
    "{\"event\": \"CREATED\", \"updatedAt\": \"2024-03-19T20:03:28.366Z\", \"status\": \"SUBMITTED\", \"orderId\": \"a\"}",
    "{\"orderId\":\"a\",\"status\":\"SUBMITTED\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"CREATED\",\"extra\":[1,{\"x\":null}]}",
    "  {\n \"orderId\" : \"a\" ,\n \"status\" : \"WEIRD_NEW_STATUS\" , \"updatedAt\" : \"2024-03-19T20:03:28Z\" , \"event\" : \"UPDATED\" }\n",
    "{\"orderId\":\"a\",\"status\":\"X\",\"updatedAt\":\"2024-03-19T22:03:28.366+02:00\",\"event\":\"UPDATED\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbOrderEvent) ev = decode (ok[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ev->order_id, ==, "a");
      if (i == 3)
        g_assert_cmpint (ev->updated_at, ==, G_GINT64_CONSTANT (1710878608366000));
    }
}

static void
test_reject (void)
{
  g_autofree char *big = NULL;
  g_autofree char *long_id = g_strnfill (65, 'x');
  g_autofree char *long_id_json = g_strdup_printf (
    "{\"orderId\":\"%s\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", long_id);
  struct { const char *payload; gsize len; int code; } bad[] = {
    { "\xff\xfe{}", 4, FB_DECODE_ERROR_NOT_UTF8 },
    { "{\"orderId\":\"a\0b\"}", 17, FB_DECODE_ERROR_NOT_UTF8 },
    { "", 0, FB_DECODE_ERROR_NOT_JSON },
    { "not json", 0, FB_DECODE_ERROR_NOT_JSON },
    { "{\"orderId\":\"a\",", 0, FB_DECODE_ERROR_NOT_JSON },
    { "[1,2]", 0, FB_DECODE_ERROR_NOT_OBJECT },
    { "\"str\"", 0, FB_DECODE_ERROR_NOT_OBJECT },
    { "{\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_MISSING_FIELD },
    { "{\"orderId\":\"a\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_MISSING_FIELD },
    { "{\"orderId\":\"a\",\"status\":\"S\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_MISSING_FIELD },
    { "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\"}", 0, FB_DECODE_ERROR_MISSING_FIELD },
    { "{\"orderId\":12,\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_WRONG_TYPE },
    { "{\"orderId\":\"a\",\"status\":null,\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_WRONG_TYPE },
    { "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":1710878608,\"event\":\"E\"}", 0, FB_DECODE_ERROR_WRONG_TYPE },
    { "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":{}}", 0, FB_DECODE_ERROR_WRONG_TYPE },
    { "{\"orderId\":\"\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_INVALID_VALUE },
    { "{\"orderId\":\"a\\nb\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_INVALID_VALUE },
    { "{\"orderId\":\"a\\u001bb\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_INVALID_VALUE },
    { long_id_json, 0, FB_DECODE_ERROR_INVALID_VALUE },
    { "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"yesterday\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_INVALID_VALUE },
    { "{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-13-45T20:03:28.366Z\",\"event\":\"E\"}", 0, FB_DECODE_ERROR_INVALID_VALUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len = bad[i].len ? bad[i].len : strlen (bad[i].payload);
      g_autoptr(FbOrderEvent) ev =
        fb_order_event_decode ("t", (const guint8 *) bad[i].payload, len, 0, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(accepted)");
      g_assert_null (ev);
      g_assert_error (error, FB_DECODE_ERROR, bad[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  /* Oversized: rejected before parsing, even if valid JSON. */
  big = g_strdup_printf ("{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\",\"pad\":\"%*s\"}",
                         FB_ORDER_EVENT_MAX_PAYLOAD, "");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FbOrderEvent) ev = decode (big, &error);
    g_assert_null (ev);
    g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_LARGE);
  }
}

/* JSON-GLib recurses per level: nesting is refused before it can overflow the stack. Brackets
   inside strings are text, not nesting. */
static void
test_nesting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"orderId\":\"a\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\",\"x\":");
  g_autofree char *brackets = g_strnfill (5000, '[');
  g_autofree char *in_string = g_strdup_printf ("{\"orderId\":\"a\",\"status\":\"S\",\"note\":\"\\\"%s\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"event\":\"E\"}",
                                                brackets);
  g_autoptr(FbOrderEvent) ev = NULL;

  for (guint i = 0; i < FB_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < FB_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  g_assert_null (decode (deep->str, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "deeper than"));

  ev = decode (in_string, NULL);
  g_assert_nonnull (ev);
  g_assert_cmpstr (ev->status, ==, "S");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/order-event/exact", test_exact_payload);
  g_test_add_func ("/order-event/tolerant", test_tolerant);
  g_test_add_func ("/order-event/reject", test_reject);
  g_test_add_func ("/order-event/nesting", test_nesting);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-message-text.c: a message as safe text (src/core/fb-message-text.c) and the ring of recent
 * messages (src/core/fb-message-ring.c). */
#include <string.h>

#include "fb-message-ring.h"
#include "fb-message-text.h"

#define BYTES(s) (const guint8 *) (s), sizeof (s) - 1

static void
test_escape (void)
{
  g_autofree char *controls = fb_message_text_escape (BYTES ("a\x01" "b\nc\td\x7f" "e\xc2\x85"), FALSE);
  g_autofree char *kept = fb_message_text_escape (BYTES ("a\nb\tc\r"), TRUE);
  g_autofree char *invalid = fb_message_text_escape (BYTES ("ok\xff\xfe" "ok\xe2\x82"), FALSE);
  g_autofree char *separators = fb_message_text_escape (BYTES ("a\xe2\x80\xa8" "b"), TRUE);
  g_autofree char *markup = fb_message_text_escape (BYTES ("<b>&amp;</b>"), FALSE);

  g_assert_cmpstr (controls, ==, "a\\x01b\\x0Ac\\x09d\\x7Fe\\x85");
  g_assert_cmpstr (kept, ==, "a\nb\tc\\x0D");
  g_assert_cmpstr (invalid, ==, "ok\\xFF\\xFEok\\xE2\\x82");
  g_assert_cmpstr (separators, ==, "a\\u{2028}b");
  /* Markup is text: nothing to escape, nothing interpreted. */
  g_assert_cmpstr (markup, ==, "<b>&amp;</b>");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
}

static void
test_payload_json (void)
{
  FbPayloadForm form;
  g_autofree char *text = fb_message_text_payload (BYTES ("{\"a\":1.10,\"b\":[1e300, {}, []],\"c\":\"x\\u00e9\\\"y, z:{\" ,\"d\":{\"e\":null}}"),
                                                   &form);

  g_assert_cmpint (form, ==, FB_PAYLOAD_FORM_JSON);
  /* The values exactly as sent, only the spacing changed. */
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"a\": 1.10,\n"
                   "  \"b\": [\n"
                   "    1e300,\n"
                   "    {},\n"
                   "    []\n"
                   "  ],\n"
                   "  \"c\": \"x\\u00e9\\\"y, z:{\",\n"
                   "  \"d\": {\n"
                   "    \"e\": null\n"
                   "  }\n"
                   "}");
}

static void
test_payload_text (void)
{
  FbPayloadForm form;
  g_autofree char *markup = fb_message_text_payload (BYTES ("<span foreground=\"red\">hi</span>\x07\x1b[31m\xff end"),
                                                     &form);
  g_autofree char *empty = NULL;

  g_assert_cmpint (form, ==, FB_PAYLOAD_FORM_TEXT);
  g_assert_cmpstr (markup, ==, "<span foreground=\"red\">hi</span>\\x07\\x1B[31m\\xFF end");

  empty = fb_message_text_payload (NULL, 0, &form);
  g_assert_cmpint (form, ==, FB_PAYLOAD_FORM_EMPTY);
  g_assert_cmpstr (empty, ==, "");
}

static void
test_payload_binary (void)
{
  static const guint8 data[] = { 0x00, 0x01, 0xff, 'A', 'B', 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0,
                                 0x10, 0x20, 0x30, 0x41 };
  FbPayloadForm form;
  g_autofree char *text = fb_message_text_payload (data, sizeof data, &form);

  g_assert_cmpint (form, ==, FB_PAYLOAD_FORM_BINARY);
  g_assert_cmpstr (text, ==,
                   "00000000  00 01 ff 41 42 80 90 a0  b0 c0 d0 e0 f0 10 20 30  |...AB......... 0|\n"
                   "00000010  41                                                |A|\n");
}

static void
test_payload_long (void)
{
  gsize len = FB_MESSAGE_TEXT_MAX_SHOWN + 1000;
  g_autofree char *data = g_strnfill (len, 'x');
  FbPayloadForm form;
  g_autofree char *text = fb_message_text_payload ((const guint8 *) data, len, &form);

  g_assert_cmpint (form, ==, FB_PAYLOAD_FORM_TEXT);
  g_assert_nonnull (strstr (text, "1000 more bytes"));
  g_assert_cmpuint (strlen (text), <, len);
}

static void
test_backend_time (void)
{
  g_autofree char *order = fb_message_text_backend_time (BYTES ("{\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"time\":1}"));
  g_autofree char *feeder = fb_message_text_backend_time (BYTES ("{\"time\":1710000000}"));
  g_autofree char *action = fb_message_text_backend_time (BYTES ("{\"event\":\"SINGLE\",\"reportedTime\":\"2023-03-17T13:42:26Z\"}"));
  g_autofree char *none = fb_message_text_backend_time (BYTES ("{\"event\":\"SINGLE\"}"));
  g_autofree char *junk = fb_message_text_backend_time (BYTES ("\xff{"));

  g_assert_cmpstr (order, ==, "2024-03-19T20:03:28.366Z");
  g_assert_cmpstr (feeder, ==, "1710000000");
  g_assert_cmpstr (action, ==, "2023-03-17T13:42:26Z");
  g_assert_null (none);
  g_assert_null (junk);
}

static void
test_whole (void)
{
  g_autofree char *whole = fb_message_text_whole ("orders/events", BYTES ("{\"updatedAt\":\"2024-03-19T20:03:28.366Z\"}"),
                                                  1, FALSE, 1710878608366000, "The message is not JSON");
  g_autofree char *recorded = fb_message_text_whole ("x/\x01", BYTES ("a\xff"), -1, -1, 0, NULL);

  g_assert_cmpstr (whole, ==,
                   "Topic: orders/events\n"
                   "QoS: 1\n"
                   "Retained: no\n"
                   "Received: 2024-03-19T20:03:28.366Z\n"
                   "Backend time: 2024-03-19T20:03:28.366Z\n"
                   "Refused: The message is not JSON\n"
                   "\n"
                   "{\"updatedAt\":\"2024-03-19T20:03:28.366Z\"}");
  g_assert_cmpstr (recorded, ==, "Topic: x/\\x01\nReceived: 1970-01-01T00:00:00.000Z\n\na\\xFF");
}

/* -- the ring -- */

static FbRawMessage *
raw (const char *topic,
     const char *payload,
     gint64      received_at)
{
  FbMqttMessage message = { (char *) topic, g_bytes_new (payload, strlen (payload)), received_at, 1, FALSE };
  FbRawMessage *result = fb_raw_message_new (&message, FB_LEDGER_KIND_OTHER, NULL);

  g_bytes_unref (message.payload);
  return result;
}

typedef struct
{
  GListModel *model;
  GString    *log;
} Watch;

/* Each signal, and that the model already has the length it announces. */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  g_string_append_printf (watch->log, "%u-%u+%u=%u;", position, removed, added, g_list_model_get_n_items (model));
}

static GPtrArray *
batch (guint  from,
       guint  n,
       gsize  payload_len)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *payload = g_strnfill (payload_len, 'p');

  for (guint i = from; i < from + n; i++)
    {
      g_autofree char *topic = g_strdup_printf ("t/%u", i);

      g_ptr_array_add (messages, raw (topic, payload, i));
    }
  return messages;
}

static void
test_ring (void)
{
  g_autoptr(FbMessageRing) ring = fb_message_ring_new (5, G_MAXSIZE);
  g_autoptr(GString) log = g_string_new (NULL);
  Watch watch = { G_LIST_MODEL (ring), log };
  g_autoptr(GPtrArray) first = batch (0, 3, 1);
  g_autoptr(GPtrArray) second = batch (3, 4, 1);
  g_autoptr(GPtrArray) flood = batch (7, 12, 1);
  g_autoptr(FbRawMessage) newest = NULL;

  g_signal_connect (ring, "items-changed", G_CALLBACK (on_items_changed), &watch);

  fb_message_ring_push_batch (ring, first);
  g_assert_cmpstr (log->str, ==, "0-0+3=3;");
  newest = g_list_model_get_item (G_LIST_MODEL (ring), 0);
  g_assert_cmpstr (fb_raw_message_get_topic (newest), ==, "t/2");
  g_clear_object (&newest);

  /* Two of the oldest go from the end, then four come in at the top. */
  g_string_truncate (log, 0);
  fb_message_ring_push_batch (ring, second);
  g_assert_cmpstr (log->str, ==, "1-2+0=1;0-0+4=5;");
  newest = g_list_model_get_item (G_LIST_MODEL (ring), 0);
  g_assert_cmpstr (fb_raw_message_get_topic (newest), ==, "t/6");
  g_clear_object (&newest);
  newest = g_list_model_get_item (G_LIST_MODEL (ring), 4);
  g_assert_cmpstr (fb_raw_message_get_topic (newest), ==, "t/2");
  g_clear_object (&newest);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (ring), 5));

  /* A batch larger than the ring: its newest only. */
  g_string_truncate (log, 0);
  fb_message_ring_push_batch (ring, flood);
  g_assert_cmpstr (log->str, ==, "0-5+0=0;0-0+5=5;");
  newest = g_list_model_get_item (G_LIST_MODEL (ring), 4);
  g_assert_cmpstr (fb_raw_message_get_topic (newest), ==, "t/14");
  g_clear_object (&newest);
  g_assert_cmpuint (fb_message_ring_get_n_pushed (ring), ==, 19);

  g_assert_nonnull (fb_message_ring_find (ring, "t/15", 15, NULL, NULL));
  g_assert_null (fb_message_ring_find (ring, "t/15", 16, NULL, NULL));
  g_assert_null (fb_message_ring_find (ring, "t/6", 6, NULL, NULL));

  g_string_truncate (log, 0);
  fb_message_ring_clear (ring);
  g_assert_cmpstr (log->str, ==, "0-5+0=0;");
  g_assert_cmpuint (fb_message_ring_get_bytes (ring), ==, 0);
}

static void
test_ring_bytes (void)
{
  g_autoptr(FbRawMessage) probe = raw ("t/0", "", 0);
  gsize one = fb_raw_message_get_size (probe) + 1000;
  g_autoptr(FbMessageRing) ring = fb_message_ring_new (100, 3 * one);
  g_autoptr(GPtrArray) first = batch (0, 3, 1000);
  g_autoptr(GPtrArray) second = batch (3, 2, 1000);
  g_autoptr(GPtrArray) huge = batch (5, 1, 10 * 1000);

  fb_message_ring_push_batch (ring, first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 3);
  fb_message_ring_push_batch (ring, second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 3);
  g_assert_cmpuint (fb_message_ring_get_bytes (ring), <=, 3 * one);
  /* One message over the whole budget is kept alone: the newest is always there. */
  fb_message_ring_push_batch (ring, huge);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 1);
}

static void
test_matches (void)
{
  g_autoptr(FbRawMessage) message = raw ("Orders/Events/42", "{\"status\":\"DELIVERED\"}", 1);

  g_assert_true (fb_raw_message_matches (message, NULL, NULL));
  g_assert_true (fb_raw_message_matches (message, "orders/", ""));
  g_assert_false (fb_raw_message_matches (message, "feeder", NULL));
  g_assert_true (fb_raw_message_matches (message, NULL, "delivered"));
  g_assert_true (fb_raw_message_matches (message, "events", "42"));
  g_assert_false (fb_raw_message_matches (message, "events", "kitchen"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message-text/escape", test_escape);
  g_test_add_func ("/message-text/payload/json", test_payload_json);
  g_test_add_func ("/message-text/payload/text", test_payload_text);
  g_test_add_func ("/message-text/payload/binary", test_payload_binary);
  g_test_add_func ("/message-text/payload/long", test_payload_long);
  g_test_add_func ("/message-text/backend-time", test_backend_time);
  g_test_add_func ("/message-text/whole", test_whole);
  g_test_add_func ("/message-ring/batches", test_ring);
  g_test_add_func ("/message-ring/bytes", test_ring_bytes);
  g_test_add_func ("/message-ring/matches", test_matches);

  return g_test_run ();
}

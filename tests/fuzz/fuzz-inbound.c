/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-inbound.c: libFuzzer over the one inbound path (fb_inbound_decode). Input: a topic, a
 * newline, the payload (no newline: the payload on orders/events). Whatever comes in, nothing
 * crashes, what is accepted keeps its promises, and what is shown as JSON is valid JSON.
 * Built by build-aux/fuzz (meson -Dfuzzing=true, clang, ASan and UBSan). */
#include <string.h>

#include "fb-inbound.h"
#include "fb-json.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_text (const char *text,
            gsize       max_len)
{
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), <=, max_len);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p++)
    g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
}

/* The payload as shown: one line of JSON that the checked parser reads again, as it is. */
static void
check_shown (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *again = NULL;
  JsonNode *root;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\n'));
  parser = fb_json_parse ((const guint8 *) text, strlen (text), "The payload", &root, NULL);
  g_assert_nonnull (parser);
  again = fb_json_to_compact_text ((const guint8 *) text, strlen (text), "The payload", NULL);
  g_assert_cmpstr (again, ==, text);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const guint8 *newline = memchr (data, '\n', MIN (size, FB_INBOUND_MAX_TOPIC_LEN + 64));
  g_autofree char *topic = NULL;
  const guint8 *payload = data;
  gsize len = size;
  g_autoptr(FbInboundEvent) event = NULL;
  g_autoptr(FbInboundEvent) copy = NULL;
  g_autofree char *words = NULL;
  g_autofree char *shown = NULL;
  gint64 received_at = G_GINT64_CONSTANT (1710878700000000);

  if (newline != NULL)
    {
      topic = g_strndup ((const char *) data, newline - data);
      payload = newline + 1;
      len = size - (newline - data) - 1;
    }
  else
    topic = g_strdup (FB_ORDERS_TOPIC);

  event = fb_inbound_decode (topic, payload, len, received_at, size % 2, size % 3);
  g_assert_true (g_utf8_validate (event->topic, -1, NULL));
  g_assert_cmpint (event->route, ==, fb_inbound_route (topic));
  switch (event->kind)
    {
    case FB_INBOUND_ORDER:
      check_text (event->order->order_id, FB_ORDER_EVENT_MAX_ID_LEN);
      check_text (event->order->status, FB_ORDER_EVENT_MAX_STATUS_LEN);
      g_assert_cmpint (event->order->updated_at, <=, received_at + FB_ORDER_EVENT_MAX_AHEAD);
      g_assert_true (fb_order_event_check (event->order, NULL));
      break;
    case FB_INBOUND_FEEDER_STATE:
      check_text (event->feeder_state->feeder_id, 1024);
      g_assert_cmpint (event->feeder_state->food_capacity, >=, -1);
      g_assert_cmpint (event->feeder_state->food_capacity, <=, 100);
      break;
    case FB_INBOUND_FEED_ACTION:
      check_text (event->feed_event, FB_FEED_ACTION_MAX_EVENT_LEN);
      break;
    case FB_INBOUND_REFUSED:
      g_assert_nonnull (event->error);
      g_assert_true (g_utf8_validate (event->error->message, -1, NULL));
      break;
    case FB_INBOUND_NOT_OURS:
    default:
      g_assert_null (event->error);
      break;
    }

  copy = fb_inbound_event_copy (event);
  words = fb_inbound_event_describe_refusal (copy, size % 200);
  g_assert_true (g_utf8_validate (words, -1, NULL));

  shown = fb_inbound_payload_to_json (payload, len, NULL);
  if (shown != NULL)
    check_shown (shown);
  return 0;
}

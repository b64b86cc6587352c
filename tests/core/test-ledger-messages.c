/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger-messages.c: messages read back from a real ledger a page at a time, one found again,
 * and a feeder's food over a day from a generated ledger with a known consumption rate — the chart's
 * series and the estimate (src/core/fb-ledger-messages.c, fb-food-estimate.c). */
#include <string.h>

#include "fb-ledger-messages.h"
#include "fb-ledger-records.h"
#include "fb-test-ledger.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR   (60 * MINUTE)
#define T0     ((gint64) 1700000000 * G_USEC_PER_SEC)

static void
append (FbLedger   *ledger,
        const char *topic,
        const char *payload,
        gsize       len,
        gint64      received_at)
{
  FbMqttMessage message = { (char *) topic, g_bytes_new (payload, len), received_at, 0, FALSE };

  fb_ledger_append_message (ledger, &message);
  g_bytes_unref (message.payload);
}

#define APPEND(ledger, topic, json, at) append (ledger, topic, json, strlen (json), at)

/* A day of the kitchen feeder: 100 % at T0 falling 2 points an hour, a state every 10 minutes,
   refilled to 100 % at T0 + 20 h, a feed every 4 hours; an order every hour; other topics; one
   refused order. */
static FbLedger *
day_ledger (const char *dir)
{
  g_autoptr(GError) error = NULL;
  FbLedger *ledger = fb_ledger_open (dir, &error);

  g_assert_no_error (error);
  for (gint64 at = T0; at <= T0 + 24 * HOUR; at += 10 * MINUTE)
    {
      double hours = (double) (at - T0) / HOUR;
      int level = at < T0 + 20 * HOUR ? (int) (100 - 2 * hours + 0.5) : (int) (100 - 2 * (hours - 20) + 0.5);
      g_autofree char *state = g_strdup_printf ("{\"food_capacity\": %d, \"device_location\": \"kitchen\"}", level);

      APPEND (ledger, "cat-feeder/states", state, at);
      if ((at - T0) % (4 * HOUR) == 0)
        APPEND (ledger, "cat-feeder/action", "{\"event\":\"SINGLE\"}", at + 1);
      if ((at - T0) % HOUR == 0)
        {
          g_autofree char *id = g_strdup_printf ("order-%02d", (int) ((at - T0) / HOUR));
          g_autoptr(FbMqttMessage) order = fb_test_order_message (id, "IN_KITCHEN", at, at + 2);

          fb_ledger_append_message (ledger, order);
          APPEND (ledger, "weather/sydney", "{\"temp\": 21}", at + 3);
        }
    }
  APPEND (ledger, "cat-feeder/states", "{\"food_capacity\": 70, \"device_location\": \"hall\"}", T0 + 24 * HOUR + 4);
  APPEND (ledger, "orders/events", "<b>not json</b>", T0 + 24 * HOUR + 5);
  append (ledger, "other/binary", "\x00\xff\x01", 3, T0 + 24 * HOUR + 6);
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  g_assert_no_error (error);
  return ledger;
}

static void
test_pages (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(FbLedger) ledger = day_ledger (dir);
  g_autoptr(GError) error = NULL;
  FbLedgerMessageQuery query = { .limit = 10 };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) weather = NULL;
  g_autoptr(GPtrArray) kitchen = NULL;
  g_autoptr(GPtrArray) range = NULL;
  FbRawMessage *message;
  gsize len;
  gint64 last_seq;

  /* Feedboard's own records are not received messages. */
  fb_ledger_append (ledger, FB_LEDGER_KIND_CONNECTION, FB_LEDGER_CONNECTION_TOPIC, NULL, T0 + 25 * HOUR);
  g_assert_true (fb_test_ledger_flush (ledger, &error));

  first = fb_ledger_read_messages (ledger, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 10);
  message = g_ptr_array_index (first, 0);
  g_assert_cmpstr (fb_raw_message_get_topic (message), ==, "other/binary");
  g_assert_cmpmem (g_bytes_get_data (fb_raw_message_get_payload (message), &len), len, "\x00\xff\x01", 3);
  g_assert_cmpint (fb_raw_message_get_qos (message), ==, -1);
  message = g_ptr_array_index (first, 1);
  g_assert_cmpstr (fb_raw_message_get_topic (message), ==, "orders/events");
  g_assert_cmpint (fb_raw_message_get_kind (message), ==, FB_LEDGER_KIND_ORDER);
  g_assert_nonnull (strstr (fb_raw_message_get_reason (message), "not JSON"));
  message = g_ptr_array_index (first, 2);
  g_assert_null (fb_raw_message_get_reason (message));
  for (guint i = 1; i < first->len; i++)
    g_assert_cmpint (fb_raw_message_get_seq (g_ptr_array_index (first, i)), <,
                     fb_raw_message_get_seq (g_ptr_array_index (first, i - 1)));

  /* The next page starts where the first ended. */
  last_seq = fb_raw_message_get_seq (g_ptr_array_index (first, first->len - 1));
  query.before_seq = last_seq;
  second = fb_ledger_read_messages (ledger, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 10);
  g_assert_cmpint (fb_raw_message_get_seq (g_ptr_array_index (second, 0)), ==, last_seq - 1);

  /* Filters: by topic, by text (ASCII case ignored), by time. */
  query = (FbLedgerMessageQuery) { .limit = 1000, .topic_part = (char *) "WEATHER" };
  weather = fb_ledger_read_messages (ledger, &query, NULL, &error);
  g_assert_cmpuint (weather->len, ==, 25);
  query = (FbLedgerMessageQuery) { .limit = 1000, .text = (char *) "Kitchen" };
  kitchen = fb_ledger_read_messages (ledger, &query, NULL, &error);
  /* 145 states of the kitchen feeder, 25 orders IN_KITCHEN. */
  g_assert_cmpuint (kitchen->len, ==, 145 + 25);
  query = (FbLedgerMessageQuery) { .limit = 1000, .since = T0 + HOUR, .until = T0 + 2 * HOUR };
  range = fb_ledger_read_messages (ledger, &query, NULL, &error);
  /* 7 states, order-01 and its weather (order-02 came 2 µs after the range), none of the feeds
     (T0 + 0 h and 4 h). */
  g_assert_cmpuint (range->len, ==, 7 + 2);
  for (guint i = 0; i < range->len; i++)
    {
      gint64 at = fb_raw_message_get_received_at (g_ptr_array_index (range, i));
      g_assert_cmpint (at, >=, T0 + HOUR);
      g_assert_cmpint (at, <=, T0 + 2 * HOUR);
    }

  g_clear_object (&ledger);
  fb_test_remove_dir (dir);
}

static void
test_async_cancelled (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(FbLedger) ledger = day_ledger (dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  FbLedgerMessageQuery query = { .limit = 5, .topic_part = (char *) "cat-feeder/action" };

  fb_ledger_read_messages_async (ledger, &query, NULL, fb_test_store_result_cb, &result);
  messages = fb_ledger_read_messages_finish (ledger, fb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 5);
  g_clear_pointer (&messages, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  fb_ledger_read_messages_async (ledger, &query, cancellable, fb_test_store_result_cb, &cancelled);
  messages = fb_ledger_read_messages_finish (ledger, fb_test_wait_for (&cancelled), &error);
  g_assert_null (messages);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&ledger);
  fb_test_remove_dir (dir);
}

static void
test_find (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(FbLedger) ledger = day_ledger (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRawMessage) order = NULL;
  g_autoptr(FbRawMessage) state = NULL;
  g_autoptr(FbRawMessage) missing = NULL;
  g_autoptr(FbRawMessage) async_found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gsize len;
  const char *data;

  order = fb_ledger_find_message (ledger, &(FbLedgerMessageRef) { FB_LEDGER_KIND_ORDER, "orders/events",
                                                                   T0 + 3 * HOUR + 2, "order-03", NULL }, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  data = g_bytes_get_data (fb_raw_message_get_payload (order), &len);
  g_assert_nonnull (g_strstr_len (data, len, "\"orderId\":\"order-03\""));

  /* A message a little earlier than its place in the ledger (the ledger's clock never goes
     back) is found all the same; another feeder's is not. */
  state = fb_ledger_find_message (ledger, &(FbLedgerMessageRef) { FB_LEDGER_KIND_FEEDER_STATE, "cat-feeder/states",
                                                                   T0 + 24 * HOUR + 4 - MINUTE, "hall", NULL }, &error);
  g_assert_nonnull (state);
  g_assert_cmpint (fb_raw_message_get_received_at (state), ==, T0 + 24 * HOUR + 4);
  missing = fb_ledger_find_message (ledger, &(FbLedgerMessageRef) { FB_LEDGER_KIND_ORDER, "orders/events",
                                                                     T0 + 3 * HOUR + 2, "order-04", NULL }, &error);
  g_assert_no_error (error);
  g_assert_null (missing);
  missing = fb_ledger_find_message (ledger, &(FbLedgerMessageRef) { FB_LEDGER_KIND_ORDER, "orders/events",
                                                                     T0 + 3 * HOUR + 2, "order-03",
                                                                     "1999-01-01T00:00:00.000Z" }, &error);
  g_assert_null (missing);

  fb_ledger_find_message_async (ledger, &(FbLedgerMessageRef) { FB_LEDGER_KIND_ORDER, "orders/events",
                                                                 T0 + 24 * HOUR + 5, NULL, NULL },
                                NULL, fb_test_store_result_cb, &result);
  async_found = fb_ledger_find_message_finish (ledger, fb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fb_raw_message_get_reason (async_found));

  g_clear_object (&ledger);
  fb_test_remove_dir (dir);
}

static void
test_food_series (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(FbLedger) ledger = day_ledger (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbFoodSeries) day = NULL;
  g_autoptr(FbFoodSeries) before_refill = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  FbFoodEstimate estimate;
  const FbFoodSample *samples;

  fb_ledger_read_food_series_async (ledger, "kitchen", T0, T0 + 24 * HOUR, NULL, fb_test_store_result_cb, &result);
  day = fb_ledger_read_food_series_finish (ledger, fb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  /* Every state of the kitchen feeder (not the hall's), and the seven feeds. */
  g_assert_cmpuint (day->samples->len, ==, 145);
  g_assert_cmpuint (day->feeds->len, ==, 6);
  samples = (const FbFoodSample *) day->samples->data;
  g_assert_cmpint (samples[0].level, ==, 100);
  g_assert_cmpint (samples[0].at, ==, T0);
  g_assert_cmpint (samples[119].level, ==, 60);   /* T0 + 19 h 50 min */
  g_assert_cmpint (samples[120].level, ==, 100);  /* refilled */

  /* At the end of the day: 4 hours since the refill, falling 2 an hour from 92 %: 46 hours. */
  g_assert_true (fb_food_estimate (samples, day->samples->len, T0 + 24 * HOUR, &estimate));
  g_assert_cmpfloat_with_epsilon (estimate.slope_per_hour, -2.0, 0.05);
  g_assert_cmpfloat_with_epsilon (estimate.hours_to_empty, 46.0, 0.5);
  g_assert_cmpint (estimate.since, ==, T0 + 20 * HOUR);

  /* In time travel to T0 + 18 h: the last 12 hours, from 76 % down to 64 %: 32 hours. */
  before_refill = fb_ledger_read_food_series (ledger, "kitchen", T0 - 6 * HOUR, T0 + 18 * HOUR, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before_refill->samples->len, ==, 109);
  g_assert_true (fb_food_estimate ((const FbFoodSample *) before_refill->samples->data, before_refill->samples->len,
                                   T0 + 18 * HOUR, &estimate));
  g_assert_cmpuint (estimate.n_samples, ==, 73);
  g_assert_cmpfloat_with_epsilon (estimate.hours_to_empty, 32.0, 0.5);

  g_clear_object (&ledger);
  fb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ledger-messages/pages", test_pages);
  g_test_add_func ("/ledger-messages/async-cancelled", test_async_cancelled);
  g_test_add_func ("/ledger-messages/find", test_find);
  g_test_add_func ("/ledger-messages/food-series", test_food_series);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-alert-limiter.c: one alert per kind per minute, bursts summed up, kinds independent. */
#include "fb-alert-limiter.h"

#define S ((gint64) G_USEC_PER_SEC)
#define T0 ((gint64) 1700000000 * S)

static void
test_first_goes_at_once (void)
{
  g_autoptr(FbAlertLimiter) limiter = fb_alert_limiter_new (60 * S);
  g_autoptr(FbAlert) alert = fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, "A", "CANCELLED", T0);

  g_assert_nonnull (alert);
  g_assert_cmpint (alert->kind, ==, FB_ALERT_ORDER_CANCELLED);
  g_assert_cmpuint (alert->count, ==, 1);
  g_assert_cmpstr (alert->subject, ==, "A");
  g_assert_cmpstr (alert->detail, ==, "CANCELLED");
  g_assert_cmpint (fb_alert_limiter_next_due (limiter), ==, 0);
  g_assert_cmpstr (fb_alert_kind_to_string (FB_ALERT_ORDER_CANCELLED), ==, "order-cancelled");
  g_assert_cmpstr (fb_alert_kind_to_string (FB_ALERT_CONNECTION_LOST), ==, "connection-lost");
}

static void
test_burst (void)
{
  g_autoptr(FbAlertLimiter) limiter = fb_alert_limiter_new (60 * S);
  g_autoptr(FbAlert) first = fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, "O0", NULL, T0);
  g_autoptr(GPtrArray) due = NULL;
  FbAlert *summary;

  g_assert_nonnull (first);
  /* Twelve more within the minute (one of them twice): held, none goes out. */
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("O%u", i);

      g_assert_null (fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, id, NULL, T0 + i * S));
    }
  g_assert_null (fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, "O5", NULL, T0 + 20 * S));
  g_assert_cmpint (fb_alert_limiter_next_due (limiter), ==, T0 + 60 * S);

  /* Not yet. */
  due = fb_alert_limiter_flush (limiter, T0 + 59 * S);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  due = fb_alert_limiter_flush (limiter, T0 + 60 * S);
  g_assert_cmpuint (due->len, ==, 1);
  summary = g_ptr_array_index (due, 0);
  g_assert_cmpuint (summary->count, ==, 12);
  g_assert_cmpstr (summary->subject, ==, "O12");
  g_assert_cmpint (fb_alert_limiter_next_due (limiter), ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* The summary counts as the one of that minute: the next one is held again. */
  g_assert_null (fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, "O13", NULL, T0 + 61 * S));
  g_assert_cmpint (fb_alert_limiter_next_due (limiter), ==, T0 + 120 * S);
  due = fb_alert_limiter_flush (limiter, T0 + 125 * S);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpuint (((FbAlert *) g_ptr_array_index (due, 0))->count, ==, 1);
  g_assert_cmpstr (((FbAlert *) g_ptr_array_index (due, 0))->subject, ==, "O13");
}

static void
test_quiet_minute (void)
{
  g_autoptr(FbAlertLimiter) limiter = fb_alert_limiter_new (60 * S);
  g_autoptr(FbAlert) a = fb_alert_limiter_raise (limiter, FB_ALERT_FEEDER_LOW, "kitchen", "15", T0);
  g_autoptr(FbAlert) b = fb_alert_limiter_raise (limiter, FB_ALERT_FEEDER_LOW, "porch", "10", T0 + 60 * S);
  g_autoptr(FbAlert) c = fb_alert_limiter_raise (limiter, FB_ALERT_FEEDER_LOW, "attic", "5", T0 + 100 * S);

  g_assert_nonnull (a);
  /* A minute later: at once again. */
  g_assert_nonnull (b);
  g_assert_cmpstr (b->detail, ==, "10");
  g_assert_null (c);
}

static void
test_kinds_apart (void)
{
  g_autoptr(FbAlertLimiter) limiter = fb_alert_limiter_new (60 * S);
  g_autoptr(FbAlert) a = fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_STUCK, "A", NULL, T0);
  g_autoptr(FbAlert) b = fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, "B", NULL, T0 + 1 * S);
  g_autoptr(FbAlert) c = fb_alert_limiter_raise (limiter, FB_ALERT_CONNECTION_LOST, NULL, NULL, T0 + 2 * S);
  g_autoptr(GPtrArray) due = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_null (fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_STUCK, "C", NULL, T0 + 3 * S));
  g_assert_null (fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, "D", NULL, T0 + 30 * S));
  g_assert_cmpint (fb_alert_limiter_next_due (limiter), ==, T0 + 60 * S);
  due = fb_alert_limiter_flush (limiter, T0 + 60 * S);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((FbAlert *) g_ptr_array_index (due, 0))->kind, ==, FB_ALERT_ORDER_STUCK);
  g_assert_cmpint (fb_alert_limiter_next_due (limiter), ==, T0 + 61 * S);
  g_clear_pointer (&due, g_ptr_array_unref);

  fb_alert_limiter_reset (limiter);
  g_assert_cmpint (fb_alert_limiter_next_due (limiter), ==, 0);
  g_clear_pointer (&a, fb_alert_free);
  a = fb_alert_limiter_raise (limiter, FB_ALERT_ORDER_CANCELLED, "E", NULL, T0 + 62 * S);
  g_assert_nonnull (a);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alert-limiter/first-goes-at-once", test_first_goes_at_once);
  g_test_add_func ("/alert-limiter/burst", test_burst);
  g_test_add_func ("/alert-limiter/quiet-minute", test_quiet_minute);
  g_test_add_func ("/alert-limiter/kinds-apart", test_kinds_apart);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-food-estimate.c: when a feeder will be empty (src/core/fb-food-estimate.c), said only when
 * the data are enough: a known rate is found again, and each reason not to say it holds. */
#include <math.h>

#include "fb-food-estimate.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR   (60 * MINUTE)
#define T0     ((gint64) 1700000000 * G_USEC_PER_SEC)

/* Samples every @step from @start, falling @rate points an hour from @level, with a repeating
   ±@noise wobble. */
static GArray *
falling (gint64 start,
         gint64 step,
         guint  n,
         double level,
         double rate,
         int    noise)
{
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (FbFoodSample));

  for (guint i = 0; i < n; i++)
    {
      gint64 at = start + i * step;
      double exact = level - rate * (double) (at - start) / HOUR;
      FbFoodSample sample = { at, (int) lround (exact) + (i % 3 == 0 ? noise : i % 3 == 1 ? -noise : 0) };

      g_array_append_val (samples, sample);
    }
  return samples;
}

static void
test_known_rate (void)
{
  /* 80 % falling 2 points an hour, a sample every 10 minutes for 6 hours: at the last one (68 %)
     34 hours are left. */
  g_autoptr(GArray) samples = falling (T0, 10 * MINUTE, 37, 80, 2, 0);
  gint64 last = g_array_index (samples, FbFoodSample, samples->len - 1).at;
  FbFoodEstimate estimate;

  g_assert_true (fb_food_estimate ((FbFoodSample *) samples->data, samples->len, last, &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_OK);
  g_assert_cmpfloat_with_epsilon (estimate.slope_per_hour, -2.0, 0.05);
  g_assert_cmpfloat_with_epsilon (estimate.hours_to_empty, 34.0, 0.5);
  g_assert_cmpuint (estimate.n_samples, ==, 37);

  /* Half an hour later, without a new sample: half an hour less. */
  g_assert_true (fb_food_estimate ((FbFoodSample *) samples->data, samples->len, last + 30 * MINUTE, &estimate));
  g_assert_cmpfloat_with_epsilon (estimate.hours_to_empty, 33.5, 0.5);
}

static void
test_noise (void)
{
  /* ±2 points of noise on 5 points an hour over 4 hours: still clearly falling, about right. */
  g_autoptr(GArray) samples = falling (T0, 15 * MINUTE, 17, 90, 5, 2);
  gint64 last = g_array_index (samples, FbFoodSample, samples->len - 1).at;
  FbFoodEstimate estimate;

  g_assert_true (fb_food_estimate ((FbFoodSample *) samples->data, samples->len, last, &estimate));
  g_assert_cmpfloat_with_epsilon (estimate.slope_per_hour, -5.0, 0.5);
  g_assert_cmpfloat_with_epsilon (estimate.hours_to_empty, 70.0 / 5.0, 1.5);
}

static void
test_refill (void)
{
  /* Falling from 30 to 20, refilled to 100, then falling 3 an hour: only after the refill counts. */
  g_autoptr(GArray) before = falling (T0, 10 * MINUTE, 20, 30, 3, 0);
  g_autoptr(GArray) after = falling (T0 + 200 * MINUTE, 10 * MINUTE, 13, 100, 3, 0);
  gint64 last = g_array_index (after, FbFoodSample, after->len - 1).at;
  FbFoodEstimate estimate;

  g_array_append_vals (before, after->data, after->len);
  g_assert_true (fb_food_estimate ((FbFoodSample *) before->data, before->len, last, &estimate));
  g_assert_cmpuint (estimate.n_samples, ==, 13);
  g_assert_cmpint (estimate.since, ==, T0 + 200 * MINUTE);
  g_assert_cmpfloat_with_epsilon (estimate.hours_to_empty, 94.0 / 3.0, 0.5);
}

static void
test_not_enough (void)
{
  g_autoptr(GArray) few = falling (T0, 20 * MINUTE, FB_FOOD_ESTIMATE_MIN_SAMPLES - 1, 80, 5, 0);
  g_autoptr(GArray) short_span = falling (T0, MINUTE, 30, 80, 5, 0);
  g_autoptr(GArray) flat = falling (T0, 10 * MINUTE, 30, 80, 0, 1);
  g_autoptr(GArray) rising = falling (T0, 10 * MINUTE, 30, 20, -1, 0);
  g_autoptr(GArray) slow = falling (T0, 10 * MINUTE, 7, 80, 1, 0);   /* one point in an hour */
  g_autoptr(GArray) good = falling (T0, 10 * MINUTE, 30, 80, 2, 0);
  FbFoodEstimate estimate;

#define LAST(a) g_array_index (a, FbFoodSample, a->len - 1).at
  g_assert_false (fb_food_estimate ((FbFoodSample *) few->data, few->len, LAST (few), &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_TOO_FEW);
  g_assert_false (fb_food_estimate ((FbFoodSample *) short_span->data, short_span->len, LAST (short_span), &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_TOO_SHORT);
  g_assert_false (fb_food_estimate ((FbFoodSample *) flat->data, flat->len, LAST (flat), &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_NOT_FALLING);
  g_assert_false (fb_food_estimate ((FbFoodSample *) rising->data, rising->len, LAST (rising), &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_NOT_FALLING);
  g_assert_false (fb_food_estimate ((FbFoodSample *) slow->data, slow->len, LAST (slow), &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_NOT_FALLING);
  /* Silent for longer than FB_FOOD_ESTIMATE_MAX_AGE_MINUTES. */
  g_assert_false (fb_food_estimate ((FbFoodSample *) good->data, good->len,
                                    LAST (good) + (FB_FOOD_ESTIMATE_MAX_AGE_MINUTES + 1) * MINUTE, &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_TOO_OLD);
  /* The instant shown in time travel: what came later does not count. */
  g_assert_false (fb_food_estimate ((FbFoodSample *) good->data, good->len, T0 + 30 * MINUTE, &estimate));
  g_assert_cmpint (estimate.result, ==, FB_FOOD_ESTIMATE_TOO_FEW);
  g_assert_true (fb_food_estimate ((FbFoodSample *) good->data, good->len, T0 + 120 * MINUTE, &estimate));
  g_assert_cmpuint (estimate.n_samples, ==, 13);
  g_assert_false (fb_food_estimate (NULL, 0, T0, &estimate));
#undef LAST
}

static void
test_series (void)
{
  g_autoptr(FbFoodSeries) series = fb_food_series_new ();

  fb_food_series_add_sample (series, 30, 50);
  fb_food_series_add_sample (series, 10, 70);
  fb_food_series_add_sample (series, 20, 160);
  fb_food_series_add_feed (series, 25);
  fb_food_series_add_feed (series, 5);
  g_assert_cmpuint (series->samples->len, ==, 3);
  g_assert_cmpint (g_array_index (series->samples, FbFoodSample, 0).at, ==, 10);
  g_assert_cmpint (g_array_index (series->samples, FbFoodSample, 1).level, ==, 100);
  g_assert_cmpint (g_array_index (series->feeds, gint64, 0), ==, 5);

  fb_food_series_trim (series, 15);
  g_assert_cmpuint (series->samples->len, ==, 2);
  g_assert_cmpuint (series->feeds->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/food-estimate/known-rate", test_known_rate);
  g_test_add_func ("/food-estimate/noise", test_noise);
  g_test_add_func ("/food-estimate/refill", test_refill);
  g_test_add_func ("/food-estimate/not-enough", test_not_enough);
  g_test_add_func ("/food-estimate/series", test_series);

  return g_test_run ();
}

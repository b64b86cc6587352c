/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-food-estimate.c: a least-squares line through the recent food levels (see the header for
 * when it is said at all). */
#define G_LOG_DOMAIN "fb-food-estimate"

#include <math.h>
#include <string.h>

#include "fb-food-estimate.h"

FbFoodSeries *
fb_food_series_new (void)
{
  FbFoodSeries *series = g_new0 (FbFoodSeries, 1);

  series->samples = g_array_new (FALSE, FALSE, sizeof (FbFoodSample));
  series->feeds = g_array_new (FALSE, FALSE, sizeof (gint64));
  return series;
}

void
fb_food_series_free (FbFoodSeries *series)
{
  if (series == NULL)
    return;
  g_array_unref (series->samples);
  g_array_unref (series->feeds);
  g_free (series);
}

void
fb_food_series_add_sample (FbFoodSeries *series,
                           gint64        at,
                           int           level)
{
  FbFoodSample sample = { at, CLAMP (level, 0, 100) };
  guint i = series->samples->len;

  while (i > 0 && g_array_index (series->samples, FbFoodSample, i - 1).at > at)
    i--;
  g_array_insert_val (series->samples, i, sample);
}

void
fb_food_series_add_feed (FbFoodSeries *series,
                         gint64        at)
{
  guint i = series->feeds->len;

  while (i > 0 && g_array_index (series->feeds, gint64, i - 1) > at)
    i--;
  g_array_insert_val (series->feeds, i, at);
}

void
fb_food_series_trim (FbFoodSeries *series,
                     gint64        since)
{
  guint n = 0;

  while (n < series->samples->len && g_array_index (series->samples, FbFoodSample, n).at < since)
    n++;
  g_array_remove_range (series->samples, 0, n);
  n = 0;
  while (n < series->feeds->len && g_array_index (series->feeds, gint64, n) < since)
    n++;
  g_array_remove_range (series->feeds, 0, n);
}

gboolean
fb_food_estimate (const FbFoodSample *samples,
                  guint               n_samples,
                  gint64              now,
                  FbFoodEstimate     *out)
{
  gint64 window_start = now - (gint64) FB_FOOD_ESTIMATE_WINDOW_HOURS * 3600 * G_USEC_PER_SEC;
  guint first = 0, last = n_samples;
  double n, mean_t = 0, mean_y = 0, sxx = 0, sxy = 0, ssr = 0, slope, intercept;
  double span_h, hours_since_last;
  const FbFoodSample *newest;

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);

  /* The samples in the window, up to @now. */
  while (last > 0 && samples[last - 1].at > now)
    last--;
  while (first < last && samples[first].at < window_start)
    first++;
  /* After the last refill. */
  for (guint i = last; i > first + 1; i--)
    if (samples[i - 1].level - samples[i - 2].level >= FB_FOOD_ESTIMATE_REFILL_RISE)
      {
        first = i - 1;
        break;
      }

  out->n_samples = last - first;
  out->since = out->n_samples > 0 ? samples[first].at : 0;
  if (out->n_samples < FB_FOOD_ESTIMATE_MIN_SAMPLES)
    {
      out->result = FB_FOOD_ESTIMATE_TOO_FEW;
      return FALSE;
    }
  newest = &samples[last - 1];
  span_h = (double) (newest->at - samples[first].at) / (3600.0 * G_USEC_PER_SEC);
  if (span_h * 60 < FB_FOOD_ESTIMATE_MIN_SPAN_MINUTES)
    {
      out->result = FB_FOOD_ESTIMATE_TOO_SHORT;
      return FALSE;
    }
  hours_since_last = (double) (now - newest->at) / (3600.0 * G_USEC_PER_SEC);
  if (hours_since_last * 60 > FB_FOOD_ESTIMATE_MAX_AGE_MINUTES)
    {
      out->result = FB_FOOD_ESTIMATE_TOO_OLD;
      return FALSE;
    }

  /* Hours since the first sample: small numbers, no loss of precision. */
  n = out->n_samples;
  for (guint i = first; i < last; i++)
    {
      mean_t += (double) (samples[i].at - samples[first].at) / (3600.0 * G_USEC_PER_SEC);
      mean_y += samples[i].level;
    }
  mean_t /= n;
  mean_y /= n;
  for (guint i = first; i < last; i++)
    {
      double t = (double) (samples[i].at - samples[first].at) / (3600.0 * G_USEC_PER_SEC) - mean_t;

      sxx += t * t;
      sxy += t * (samples[i].level - mean_y);
    }
  slope = sxy / sxx;
  intercept = mean_y - slope * mean_t;
  for (guint i = first; i < last; i++)
    {
      double t = (double) (samples[i].at - samples[first].at) / (3600.0 * G_USEC_PER_SEC);
      double r = samples[i].level - (intercept + slope * t);

      ssr += r * r;
    }
  out->slope_per_hour = slope;
  out->slope_error = sqrt (ssr / (n - 2) / sxx);

  if (!(slope < 0) || slope + 2 * out->slope_error >= 0 || -slope * span_h < FB_FOOD_ESTIMATE_MIN_DROP)
    {
      out->result = FB_FOOD_ESTIMATE_NOT_FALLING;
      return FALSE;
    }

  out->result = FB_FOOD_ESTIMATE_OK;
  out->hours_to_empty = MAX (0.0, newest->level / -slope - hours_since_last);
  return TRUE;
}

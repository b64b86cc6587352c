/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-food-estimate.h: a feeder's food level over time, and when it will be empty at the rate it
   has been falling — said only when the data are enough to say it honestly:
   - the samples are those of the last FB_FOOD_ESTIMATE_WINDOW_HOURS, after the last refill (a rise
     of FB_FOOD_ESTIMATE_REFILL_RISE points or more from one sample to the next);
   - at least FB_FOOD_ESTIMATE_MIN_SAMPLES of them, over at least FB_FOOD_ESTIMATE_MIN_SPAN_MINUTES,
     the newest at most FB_FOOD_ESTIMATE_MAX_AGE_MINUTES old;
   - the least-squares line through them falls clearly: its slope is negative by more than twice
     its standard error, and it falls at least FB_FOOD_ESTIMATE_MIN_DROP points over the span.
   Then the time to empty is the last level reported over the fitted rate, less the time since. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FB_FOOD_ESTIMATE_WINDOW_HOURS      12
#define FB_FOOD_ESTIMATE_REFILL_RISE       5
#define FB_FOOD_ESTIMATE_MIN_SAMPLES       6
#define FB_FOOD_ESTIMATE_MIN_SPAN_MINUTES  60
#define FB_FOOD_ESTIMATE_MAX_AGE_MINUTES   180
#define FB_FOOD_ESTIMATE_MIN_DROP          2.0

typedef struct
{
  gint64 at;      /* µs since the epoch */
  int    level;   /* percent, 0–100 */
} FbFoodSample;

/* A feeder's samples and the feeds seen, oldest first, over some range. */
typedef struct
{
  GArray *samples;   /* FbFoodSample */
  GArray *feeds;     /* gint64: when a feed passed on cat-feeder/action */
} FbFoodSeries;

typedef enum
{
  FB_FOOD_ESTIMATE_OK,
  FB_FOOD_ESTIMATE_TOO_FEW,       /* fewer samples than FB_FOOD_ESTIMATE_MIN_SAMPLES */
  FB_FOOD_ESTIMATE_TOO_SHORT,     /* they span less than FB_FOOD_ESTIMATE_MIN_SPAN_MINUTES */
  FB_FOOD_ESTIMATE_TOO_OLD,       /* the newest is older than FB_FOOD_ESTIMATE_MAX_AGE_MINUTES */
  FB_FOOD_ESTIMATE_NOT_FALLING,   /* no clearly negative slope */
} FbFoodEstimateResult;

typedef struct
{
  FbFoodEstimateResult result;
  guint   n_samples;        /* used in the fit */
  gint64  since;            /* the first of them */
  double  slope_per_hour;   /* points per hour; negative when falling */
  double  slope_error;      /* its standard error */
  double  hours_to_empty;   /* from @now; 0 when it should be empty already */
} FbFoodEstimate;

FbFoodSeries *fb_food_series_new   (void);
void          fb_food_series_free  (FbFoodSeries *series);
/* Keeps the series in order when a sample arrives out of order (rare: a clock set back). */
void          fb_food_series_add_sample (FbFoodSeries *series,
                                         gint64        at,
                                         int           level);
void          fb_food_series_add_feed   (FbFoodSeries *series,
                                         gint64        at);
/* Drops what is older than @since. */
void          fb_food_series_trim   (FbFoodSeries *series,
                                     gint64        since);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbFoodSeries, fb_food_series_free)

/* The estimate at @now from @samples (oldest first; later ones than @now are ignored). TRUE when
   there is one (@out->result == FB_FOOD_ESTIMATE_OK); @out says why not otherwise. */
gboolean      fb_food_estimate      (const FbFoodSample *samples,
                                     guint               n_samples,
                                     gint64              now,
                                     FbFoodEstimate     *out);

G_END_DECLS

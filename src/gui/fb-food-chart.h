/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-food-chart.h: a feeder's food level over a span of time (the last 24 hours, or the 24 hours
   before the instant shown in time travel), the feeds marked along the bottom; what it shows is
   said in words in its accessible description and tooltip. */
#pragma once

#include <gtk/gtk.h>

#include "fb-food-estimate.h"

G_BEGIN_DECLS

#define FB_FOOD_CHART_SPAN (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

#define FB_TYPE_FOOD_CHART (fb_food_chart_get_type ())
G_DECLARE_FINAL_TYPE (FbFoodChart, fb_food_chart, FB, FOOD_CHART, GtkWidget)

GtkWidget  *fb_food_chart_new         (void);
/* Shows @series (copied) from @until - FB_FOOD_CHART_SPAN to @until. */
void        fb_food_chart_set_series  (FbFoodChart        *self,
                                       const FbFoodSeries *series,
                                       gint64              until);
/* The words said about it (also its accessible description). */
const char *fb_food_chart_get_summary (FbFoodChart        *self);

G_END_DECLS

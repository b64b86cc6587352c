/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-rate-chart.h: a small bar chart of counts per minute (orders created), drawn with snapshot
   nodes, its figures also told in words through its accessible description. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_RATE_CHART (fb_rate_chart_get_type ())
G_DECLARE_FINAL_TYPE (FbRateChart, fb_rate_chart, FB, RATE_CHART, GtkWidget)

GtkWidget *fb_rate_chart_new        (void);
/* @n counts, oldest first; the last minute ends at @end (µs, real time). Redraws when they changed. */
void       fb_rate_chart_set_values (FbRateChart *self,
                                     const guint *values,
                                     guint        n,
                                     gint64       end);
/* The words the accessible description says, e.g. for a test or a tooltip. */
const char *fb_rate_chart_get_summary (FbRateChart *self);

G_END_DECLS

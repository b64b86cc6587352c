/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-chart-common.h: what the charts (fb-food-chart, fb-rate-chart) share: their colours from
   CSS, their words for those who do not see them, and what their classes set alike. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The chart's colour (its CSS color, so light, dark and high contrast follow the style) and a
   faint one for its guides: the same with its alpha times @faint_alpha. */
void fb_chart_get_colors  (GtkWidget      *widget,
                           float           faint_alpha,
                           GdkRGBA        *color,
                           GdkRGBA        *faint);
/* Tells @summary, the chart in words, as its accessible description and its tooltip. */
void fb_chart_set_summary (GtkWidget      *widget,
                           const char     *summary);
/* A chart class's CSS name; its role: an image, described by its summary; and the size it asks
   for (its measure), at least @min_width × @min_height, @natural_width × @natural_height if it can. */
void fb_chart_class_setup (GtkWidgetClass *widget_class,
                           const char     *css_name,
                           int             min_width,
                           int             min_height,
                           int             natural_width,
                           int             natural_height);

G_END_DECLS

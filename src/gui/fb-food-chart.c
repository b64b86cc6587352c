/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-food-chart.c: the food level as a line over faint 0/50/100 % guides, a pale fill below it,
 * and for each feed a faint line across and a dot along the bottom. A silence of more than an hour breaks the line
 * rather than drawing a level nobody reported. Colours come from CSS (the widget's color, with
 * alpha for the guides and the fill), so light, dark and high contrast follow the style. */
#define G_LOG_DOMAIN "fb-food-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-chart-common.h"
#include "fb-food-chart.h"
#include "fb-format.h"

#define MAX_GAP_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

struct _FbFoodChart
{
  GtkWidget  parent_instance;

  GArray    *samples;   /* FbFoodSample in the span */
  GArray    *feeds;     /* gint64 in the span */
  gint64     until;
  char      *summary;
};

G_DEFINE_FINAL_TYPE (FbFoodChart, fb_food_chart, GTK_TYPE_WIDGET)

static double
x_of (FbFoodChart *self,
      gint64       at,
      double       width)
{
  return width * (double) (at - (self->until - FB_FOOD_CHART_SPAN)) / (double) FB_FOOD_CHART_SPAN;
}

static void
fb_food_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FbFoodChart *self = FB_FOOD_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double tick = 6, plot = height - tick - 2;
  GdkRGBA color, faint;
  cairo_t *cr;

  if (width <= 0 || plot <= 2)
    return;
  fb_chart_get_colors (widget, 0.2f, &color, &faint);
  for (int level = 0; level <= 100; level += 50)
    gtk_snapshot_append_color (snapshot, &faint,
                               &GRAPHENE_RECT_INIT (0, 1 + plot * (100 - level) / 100.0 - 0.5, width, 1));

  /* A feed: a faint line across the plot, and a dot below it. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->feeds->len; i++)
    {
      double x = x_of (self, g_array_index (self->feeds, gint64, i), width);

      gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (x - 0.5, 1, 1, plot));
      cairo_arc (cr, x, height - tick / 2, tick / 2, 0, 2 * G_PI);
      cairo_close_path (cr);
    }
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);

  if (self->samples->len == 0)
    {
      cairo_destroy (cr);
      return;
    }
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->samples->len; i++)
    {
      const FbFoodSample *s = &g_array_index (self->samples, FbFoodSample, i);
      double x = x_of (self, s->at, width), y = 1 + plot * (100 - s->level) / 100.0;

      if (i == 0 || s->at - g_array_index (self->samples, FbFoodSample, i - 1).at > MAX_GAP_US)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_stroke (cr);
  /* A lone sample is a dot. */
  if (self->samples->len == 1)
    {
      const FbFoodSample *s = &g_array_index (self->samples, FbFoodSample, 0);

      cairo_arc (cr, x_of (self, s->at, width), 1 + plot * (100 - s->level) / 100.0, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

static void
fb_food_chart_update_summary (FbFoodChart *self)
{
  g_autofree char *since = fb_format_local_time (self->until - FB_FOOD_CHART_SPAN, self->until, FALSE);
  g_autofree char *feeds = NULL;

  g_free (self->summary);
  /* Translators: "%u feeds" in a chart's words: "…; 3 feeds" */
  feeds = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feed", "%u feeds", self->feeds->len), self->feeds->len);
  if (self->samples->len == 0)
    /* Translators: a chart with no food levels in it */
    self->summary = g_strdup_printf (_("Food level since %s: nothing reported; %s"), since, feeds);
  else
    {
      const FbFoodSample *first = &g_array_index (self->samples, FbFoodSample, 0);
      const FbFoodSample *last = &g_array_index (self->samples, FbFoodSample, self->samples->len - 1);
      int lowest = 100;

      for (guint i = 0; i < self->samples->len; i++)
        lowest = MIN (lowest, g_array_index (self->samples, FbFoodSample, i).level);
      /* Translators: "Food level since 14:03:07: 100 % to 62 %, lowest 58 %, 145 reports; 6 feeds" */
      self->summary = g_strdup_printf (_("Food level since %s: %d %% to %d %%, lowest %d %%, %u reports; %s"), since,
                                       first->level, last->level, lowest, self->samples->len, feeds);
    }
  fb_chart_set_summary (GTK_WIDGET (self), self->summary);
}

void
fb_food_chart_set_series (FbFoodChart        *self,
                          const FbFoodSeries *series,
                          gint64              until)
{
  gint64 since = until - FB_FOOD_CHART_SPAN;

  g_return_if_fail (FB_IS_FOOD_CHART (self));
  g_return_if_fail (series != NULL);

  self->until = until;
  g_array_set_size (self->samples, 0);
  g_array_set_size (self->feeds, 0);
  for (guint i = 0; i < series->samples->len; i++)
    {
      const FbFoodSample *s = &g_array_index (series->samples, FbFoodSample, i);

      if (s->at >= since && s->at <= until)
        g_array_append_vals (self->samples, s, 1);
    }
  for (guint i = 0; i < series->feeds->len; i++)
    {
      gint64 at = g_array_index (series->feeds, gint64, i);

      if (at >= since && at <= until)
        g_array_append_val (self->feeds, at);
    }
  fb_food_chart_update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
fb_food_chart_get_summary (FbFoodChart *self)
{
  g_return_val_if_fail (FB_IS_FOOD_CHART (self), NULL);

  return self->summary;
}

static void
fb_food_chart_finalize (GObject *object)
{
  FbFoodChart *self = FB_FOOD_CHART (object);

  g_array_unref (self->samples);
  g_array_unref (self->feeds);
  g_free (self->summary);

  G_OBJECT_CLASS (fb_food_chart_parent_class)->finalize (object);
}

static void
fb_food_chart_class_init (FbFoodChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fb_food_chart_finalize;
  widget_class->snapshot = fb_food_chart_snapshot;
  fb_chart_class_setup (widget_class, "foodchart", 120, 48, 260, 64);
}

static void
fb_food_chart_init (FbFoodChart *self)
{
  g_autoptr(FbFoodSeries) empty = fb_food_series_new ();

  self->samples = g_array_new (FALSE, FALSE, sizeof (FbFoodSample));
  self->feeds = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_add_css_class (GTK_WIDGET (self), "food-chart");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Food level over the last 24 hours"), -1);
  fb_food_chart_set_series (self, empty, g_get_real_time ());
}

GtkWidget *
fb_food_chart_new (void)
{
  return g_object_new (FB_TYPE_FOOD_CHART, NULL);
}

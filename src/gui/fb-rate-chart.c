/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-rate-chart.c: one bar per minute, the newest on the right, scaled to the busiest minute,
 * over a faint baseline. Colours come from CSS (.rate-chart's color, alpha for the baseline),
 * so light, dark and high contrast follow the style. */
#define G_LOG_DOMAIN "fb-rate-chart"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-rate-chart.h"

struct _FbRateChart
{
  GtkWidget  parent_instance;
  GArray    *values;     /* guint */
  gint64     end;
  char      *summary;
};

G_DEFINE_FINAL_TYPE (FbRateChart, fb_rate_chart, GTK_TYPE_WIDGET)

static void
get_color (GtkWidget *widget,
           GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
}

static void
fb_rate_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FbRateChart *self = FB_RATE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color, faint;
  guint max = 1;
  float slot, gap;

  get_color (widget, &color);
  faint = color;
  faint.alpha *= 0.25f;
  gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  if (self->values->len == 0 || width <= 0 || height <= 2)
    return;
  for (guint i = 0; i < self->values->len; i++)
    max = MAX (max, g_array_index (self->values, guint, i));

  slot = (float) width / self->values->len;
  gap = slot > 4 ? 1.5f : 0;
  for (guint i = 0; i < self->values->len; i++)
    {
      guint v = g_array_index (self->values, guint, i);
      float h = (float) (height - 2) * v / max;

      if (v == 0)
        continue;
      /* At least two pixels: a minute with one order is not a minute with none. */
      h = MAX (h, 2);
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (i * slot + gap / 2, height - 1 - h, slot - gap, h));
    }
}

static void
fb_rate_chart_update_summary (FbRateChart *self)
{
  guint total = 0, max = 0, max_at = 0, last;
  g_autofree char *peak_time = NULL;

  for (guint i = 0; i < self->values->len; i++)
    {
      guint v = g_array_index (self->values, guint, i);

      total += v;
      if (v > max)
        {
          max = v;
          max_at = i;
        }
    }
  last = self->values->len > 0 ? g_array_index (self->values, guint, self->values->len - 1) : 0;

  g_free (self->summary);
  if (total == 0)
    self->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No orders created in the last minute",
                                                  "No orders created in the last %u minutes", self->values->len),
                                     self->values->len);
  else
    {
      gint64 peak_end = self->end - (gint64) (self->values->len - 1 - max_at) * 60 * G_USEC_PER_SEC;
      g_autofree char *all = NULL;
      g_autofree char *peak = NULL;
      g_autofree char *now = NULL;

      peak_time = fb_format_local_time (peak_end - 60 * G_USEC_PER_SEC, self->end, FALSE);
      /* Translators: the first part of "N orders in the last M minutes; at most …; … in the last minute". */
      all = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order created in the last %u minutes",
                                          "%u orders created in the last %u minutes", total),
                             total, self->values->len);
      /* Translators: the busiest minute and when it began, e.g. "at most 9 a minute, from 14:02:00". */
      peak = g_strdup_printf (_("at most %u a minute, from %s"), max, peak_time);
      now = g_strdup_printf (_("%u in the last minute"), last);
      self->summary = g_strdup_printf ("%s; %s; %s", all, peak, now);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->summary);
}

void
fb_rate_chart_set_values (FbRateChart *self,
                          const guint *values,
                          guint        n,
                          gint64       end)
{
  gboolean same;

  g_return_if_fail (FB_IS_RATE_CHART (self));
  g_return_if_fail (values != NULL || n == 0);

  same = self->values->len == n && (n == 0 || memcmp (self->values->data, values, n * sizeof (guint)) == 0);
  /* The words name a clock time: they change with the minute even when the bars do not. */
  if (same && self->summary != NULL && end / (60 * G_USEC_PER_SEC) == self->end / (60 * G_USEC_PER_SEC))
    return;
  self->end = end;
  if (!same)
    {
      g_array_set_size (self->values, 0);
      g_array_append_vals (self->values, values, n);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  fb_rate_chart_update_summary (self);
}

const char *
fb_rate_chart_get_summary (FbRateChart *self)
{
  g_return_val_if_fail (FB_IS_RATE_CHART (self), NULL);

  return self->summary;
}

static void
fb_rate_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  /* One or two pixels a minute at least; the chart takes the width it is given. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 96;
}

static void
fb_rate_chart_finalize (GObject *object)
{
  FbRateChart *self = FB_RATE_CHART (object);

  g_array_unref (self->values);
  g_free (self->summary);

  G_OBJECT_CLASS (fb_rate_chart_parent_class)->finalize (object);
}

static void
fb_rate_chart_class_init (FbRateChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fb_rate_chart_finalize;
  widget_class->snapshot = fb_rate_chart_snapshot;
  widget_class->measure = fb_rate_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "ratechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fb_rate_chart_init (FbRateChart *self)
{
  self->values = g_array_new (FALSE, TRUE, sizeof (guint));
  gtk_widget_add_css_class (GTK_WIDGET (self), "rate-chart");
}

GtkWidget *
fb_rate_chart_new (void)
{
  return g_object_new (FB_TYPE_RATE_CHART, NULL);
}

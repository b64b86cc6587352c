/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-rate-chart.c: one bar per minute, the newest on the right, scaled to the busiest minute,
 * over a faint baseline. Colours come from CSS (.rate-chart's color, alpha for the baseline),
 * so light, dark and high contrast follow the style. */
#define G_LOG_DOMAIN "fb-rate-chart"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-chart-common.h"
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
fb_rate_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FbRateChart *self = FB_RATE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color, faint;
  guint max = 1;
  float slot, gap;

  fb_chart_get_colors (widget, 0.25f, &color, &faint);
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
  fb_chart_set_summary (GTK_WIDGET (self), self->summary);
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
  /* One or two pixels a minute at least; the chart takes the width it is given. */
  fb_chart_class_setup (widget_class, "ratechart", 120, 64, 480, 96);
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

/* fb-frame-stats.c: frame gaps of a widget's GdkFrameClock, for benchmarks: with
   FB_FRAME_STATS_FILE=path the app writes p50/p99/max when it quits. */
#define G_LOG_DOMAIN "fb-frame-stats"

#include "config.h"

#include "fb-frame-stats.h"

struct _FbFrameStats
{
  GtkWidget *widget;
  guint      tick_id;
  gint64     last_frame_time;
  GArray    *gaps;   /* gint64 µs */
};

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  FbFrameStats *self = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  if (self->last_frame_time != 0 && now > self->last_frame_time)
    {
      gint64 gap = now - self->last_frame_time;
      g_array_append_val (self->gaps, gap);
    }
  self->last_frame_time = now;

  return G_SOURCE_CONTINUE;
}

FbFrameStats *
fb_frame_stats_new (GtkWidget *widget)
{
  FbFrameStats *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_new0 (FbFrameStats, 1);
  self->widget = widget;   /* the widget owns us */
  self->gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tick_id = gtk_widget_add_tick_callback (widget, on_tick, self, NULL);

  return self;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted,
               double  p)
{
  guint i;

  if (sorted->len == 0)
    return 0;

  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, gint64, MIN (i, sorted->len - 1)) / 1000.0;
}

gboolean
fb_frame_stats_write (FbFrameStats  *self,
                      const char    *path,
                      GError       **error)
{
  g_autoptr(GArray) sorted = NULL;
  g_autofree char *text = NULL;
  char p50[G_ASCII_DTOSTR_BUF_SIZE], p99[G_ASCII_DTOSTR_BUF_SIZE], max[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  sorted = g_array_copy (self->gaps);
  g_array_sort (sorted, compare_gint64);

  g_ascii_formatd (p50, sizeof p50, "%.1f", percentile_ms (sorted, 0.50));
  g_ascii_formatd (p99, sizeof p99, "%.1f", percentile_ms (sorted, 0.99));
  g_ascii_formatd (max, sizeof max, "%.1f", percentile_ms (sorted, 1.0));
  text = g_strdup_printf ("count=%u\np50_ms=%s\np99_ms=%s\nmax_ms=%s\n", sorted->len, p50, p99, max);

  return g_file_set_contents (path, text, -1, error);
}

void
fb_frame_stats_free (FbFrameStats *self)
{
  if (self == NULL)
    return;

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  g_clear_pointer (&self->gaps, g_array_unref);
  g_free (self);
}

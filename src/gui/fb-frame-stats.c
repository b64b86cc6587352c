/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-frame-stats.c: how a window keeps up, for benchmarks: with FB_FRAME_STATS_FILE=path the app
   writes its frame gaps when it quits. Nothing here asks for a frame: a hook that kept the frame
   clock ticking would draw frames nobody asked for and make every gap look like 16.7 ms.

   The gaps are those of a probe at GDK's redraw priority, the priority a frame runs at, due every
   16 ms: when the main loop is busy (a batch applied, a long layout) the probe runs late, just as
   a frame would have, so its gaps are what a person scrolling or typing at that moment would
   have seen; the probe draws nothing. On a machine shared with other work the gaps also hold
   the time the main thread waited for a CPU: the main thread's own CPU time between two probes
   is written beside them (what would block a frame on an idle machine). Painted frames are
   counted from the frame clock's after-paint signal, their own gaps and how long each took
   written beside. */
#define G_LOG_DOMAIN "fb-frame-stats"

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "fb-frame-stats.h"

#define PROBE_INTERVAL_MS 16

struct _FbFrameStats
{
  GtkWidget     *widget;
  GdkFrameClock *clock;
  gulong         before_paint_id;
  gulong         after_paint_id;
  guint          probe_id;
  gint64         last_probe;
  gint64         last_probe_cpu;   /* the main thread's CPU time, µs */
  gint64         last_paint;
  gint64         paint_started;
  GArray        *gaps;         /* gint64 µs between probes */
  GArray        *busy;         /* gint64 µs of main-thread CPU between probes */
  GArray        *paint_gaps;   /* gint64 µs between painted frames */
  GArray        *paints;       /* gint64 µs a frame's paint took */
};

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
fb_frame_stats_probe_cb (gpointer user_data)
{
  FbFrameStats *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (self->last_probe != 0)
    {
      gint64 gap = now - self->last_probe;
      gint64 busy = cpu - self->last_probe_cpu;

      g_array_append_val (self->gaps, gap);
      g_array_append_val (self->busy, busy);
    }
  self->last_probe = now;
  self->last_probe_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
fb_frame_stats_before_paint_cb (GdkFrameClock *clock,
                                FbFrameStats  *self)
{
  self->paint_started = g_get_monotonic_time ();
}

static void
fb_frame_stats_after_paint_cb (GdkFrameClock *clock,
                               FbFrameStats  *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->last_paint != 0)
    {
      gint64 gap = now - self->last_paint;
      g_array_append_val (self->paint_gaps, gap);
    }
  if (self->paint_started != 0)
    {
      gint64 took = now - self->paint_started;
      g_array_append_val (self->paints, took);
    }
  self->last_paint = now;
  self->paint_started = 0;
}

FbFrameStats *
fb_frame_stats_new (GtkWidget *widget)
{
  FbFrameStats *self;
  GSource *probe;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_new0 (FbFrameStats, 1);
  self->widget = widget;   /* the widget owns us */
  self->gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->busy = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->paint_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->paints = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->clock = gtk_widget_get_frame_clock (widget);
  if (self->clock != NULL)
    {
      g_object_ref (self->clock);
      self->before_paint_id = g_signal_connect (self->clock, "before-paint",
                                                G_CALLBACK (fb_frame_stats_before_paint_cb), self);
      self->after_paint_id = g_signal_connect (self->clock, "after-paint",
                                               G_CALLBACK (fb_frame_stats_after_paint_cb), self);
    }

  probe = g_timeout_source_new (PROBE_INTERVAL_MS);
  g_source_set_priority (probe, GDK_PRIORITY_REDRAW);
  g_source_set_callback (probe, fb_frame_stats_probe_cb, self, NULL);
  g_source_set_static_name (probe, "[fb-frame-stats] probe");
  self->probe_id = g_source_attach (probe, NULL);
  g_source_unref (probe);

  return self;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static char *
percentile_ms (GArray *values,
               double  p)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint i;

  if (sorted->len == 0)
    return g_strdup ("0");

  g_array_sort (sorted, compare_gint64);
  i = (guint) (p * (sorted->len - 1) + 0.5);
  g_ascii_formatd (buf, sizeof buf, "%.1f", g_array_index (sorted, gint64, MIN (i, sorted->len - 1)) / 1000.0);
  return g_strdup (buf);
}

gboolean
fb_frame_stats_write (FbFrameStats  *self,
                      const char    *path,
                      GError       **error)
{
  g_autofree char *p50 = NULL, *p99 = NULL, *max = NULL;
  g_autofree char *paint_gap_p50 = NULL, *paint_gap_p99 = NULL, *paint_p99 = NULL;
  g_autofree char *busy_p99 = NULL, *busy_max = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  p50 = percentile_ms (self->gaps, 0.50);
  p99 = percentile_ms (self->gaps, 0.99);
  max = percentile_ms (self->gaps, 1.0);
  paint_gap_p50 = percentile_ms (self->paint_gaps, 0.50);
  paint_gap_p99 = percentile_ms (self->paint_gaps, 0.99);
  paint_p99 = percentile_ms (self->paints, 0.99);
  busy_p99 = percentile_ms (self->busy, 0.99);
  busy_max = percentile_ms (self->busy, 1.0);
  text = g_strdup_printf ("count=%u\np50_ms=%s\np99_ms=%s\nmax_ms=%s\n"
                          "busy_p99_ms=%s\nbusy_max_ms=%s\n"
                          "painted=%u\npaint_gap_p50_ms=%s\npaint_gap_p99_ms=%s\npaint_p99_ms=%s\n",
                          self->gaps->len, p50, p99, max, busy_p99, busy_max,
                          self->paints->len, paint_gap_p50, paint_gap_p99, paint_p99);

  return g_file_set_contents (path, text, -1, error);
}

void
fb_frame_stats_free (FbFrameStats *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->probe_id, g_source_remove);
  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->before_paint_id, self->clock);
      g_clear_signal_handler (&self->after_paint_id, self->clock);
      g_clear_object (&self->clock);
    }
  g_clear_pointer (&self->gaps, g_array_unref);
  g_clear_pointer (&self->busy, g_array_unref);
  g_clear_pointer (&self->paint_gaps, g_array_unref);
  g_clear_pointer (&self->paints, g_array_unref);
  g_free (self);
}

/* -- "drawn": the frame after the last event -- */

typedef struct {
  char   *prefix;
  gulong  handler;
} AfterPaint;

static void
fb_frame_stats_print_cb (GdkFrameClock *clock,
                         AfterPaint    *after)
{
  /* The bench (bench/live-view.py) waits for this line; the time is CLOCK_MONOTONIC. */
  fprintf (stderr, "%s monotonic_us=%" G_GINT64_FORMAT "\n", after->prefix, g_get_monotonic_time ());
  fflush (stderr);
  g_signal_handler_disconnect (clock, after->handler);
}

static void
after_paint_free (gpointer data,
                  GClosure *closure)
{
  AfterPaint *after = data;

  g_free (after->prefix);
  g_free (after);
}

void
fb_frame_stats_print_after_paint (GtkWidget  *widget,
                                  const char *prefix)
{
  GdkFrameClock *clock;
  AfterPaint *after;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (prefix != NULL);

  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      fprintf (stderr, "%s monotonic_us=%" G_GINT64_FORMAT " unmapped=1\n", prefix, g_get_monotonic_time ());
      return;
    }

  after = g_new0 (AfterPaint, 1);
  after->prefix = g_strdup (prefix);
  after->handler = g_signal_connect_data (clock, "after-paint", G_CALLBACK (fb_frame_stats_print_cb), after,
                                          after_paint_free, 0);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

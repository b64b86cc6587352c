/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-second-clock.c: the app's one-second clock (fb-second-clock.c): one instance while held,
   ticks just after each wall-clock second, gone when nobody holds it. */
#include <glib-object.h>

#include "fb-second-clock.h"

typedef struct
{
  GMainLoop *loop;
  GArray    *offsets;   /* µs past the wall-clock second, per tick */
  GArray    *seconds;   /* the wall-clock second of each tick */
  guint      wanted;
} Ticks;

static void
on_tick (FbSecondClock *clock,
         Ticks         *ticks)
{
  gint64 now = g_get_real_time ();
  gint64 offset = now % G_USEC_PER_SEC;
  gint64 second = now / G_USEC_PER_SEC;

  g_array_append_val (ticks->offsets, offset);
  g_array_append_val (ticks->seconds, second);
  if (ticks->offsets->len == ticks->wanted)
    g_main_loop_quit (ticks->loop);
}

static gboolean
on_deadline (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
test_second_clock_aligned (void)
{
  g_autoptr(FbSecondClock) clock = fb_second_clock_dup_default ();
  Ticks ticks = { g_main_loop_new (NULL, FALSE), g_array_new (FALSE, FALSE, sizeof (gint64)),
                  g_array_new (FALSE, FALSE, sizeof (gint64)), 4 };
  guint deadline = g_timeout_add_seconds (10, on_deadline, ticks.loop);
  g_autoptr(GArray) sorted = NULL;

  g_signal_connect (clock, "tick", G_CALLBACK (on_tick), &ticks);
  g_main_loop_run (ticks.loop);
  g_source_remove (deadline);

  g_assert_cmpuint (ticks.offsets->len, ==, ticks.wanted);
  /* One tick per second, each in a later second than the one before. */
  for (guint i = 1; i < ticks.seconds->len; i++)
    g_assert_cmpint (g_array_index (ticks.seconds, gint64, i), >, g_array_index (ticks.seconds, gint64, i - 1));
  /* Just after the second turns: the median tick within 150 ms of it (a busy machine may be late
     once; a clock that ignores the wall-clock second lands anywhere in it). */
  sorted = g_array_copy (ticks.offsets);
  g_array_sort (sorted, compare_gint64);
  g_assert_cmpint (g_array_index (sorted, gint64, sorted->len / 2), <, 150 * 1000);

  g_signal_handlers_disconnect_by_data (clock, &ticks);
  g_main_loop_unref (ticks.loop);
  g_array_unref (ticks.offsets);
  g_array_unref (ticks.seconds);
}

static void
test_second_clock_shared (void)
{
  FbSecondClock *first = fb_second_clock_dup_default ();
  FbSecondClock *second = fb_second_clock_dup_default ();
  FbSecondClock *weak = first;

  /* Everyone who ticks shares one clock (one wake-up)... */
  g_assert_true (first == second);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &weak);
  g_object_unref (second);
  g_assert_nonnull (weak);
  /* ...and it goes, with its source, when the last one lets go. */
  g_object_unref (first);
  g_assert_null (weak);
  g_assert_null (g_main_context_find_source_by_user_data (NULL, first));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/second-clock/shared", test_second_clock_shared);
  g_test_add_func ("/second-clock/aligned", test_second_clock_aligned);

  return g_test_run ();
}

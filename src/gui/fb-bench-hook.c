/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-bench-hook.c: what bench/app-ingest.py and bench/ledger.py read from the app. The printed
   lines are parsed by bench/app-ingest.py: keep their words and fields as they are. */
#define G_LOG_DOMAIN "fb-bench-hook"

#include <stdio.h>

#include "fb-bench-hook.h"
#include "fb-frame-stats.h"

struct _FbBenchHook
{
  guint64  expect;
  guint64  n_applied;
  guint64  n_flushes;
  guint64  n_undecodable;
  gint64   started;
  gboolean reported;
};

FbBenchHook *
fb_bench_hook_new_from_env (void)
{
  const char *expect = g_getenv ("FB_BENCH_EXPECT");
  FbBenchHook *hook;

  if (expect == NULL || g_ascii_strtoull (expect, NULL, 10) == 0)
    return NULL;
  hook = g_new0 (FbBenchHook, 1);
  hook->expect = g_ascii_strtoull (expect, NULL, 10);
  return hook;
}

void
fb_bench_hook_free (FbBenchHook *hook)
{
  g_free (hook);
}

void
fb_bench_hook_messages_arrived (FbBenchHook *hook)
{
  if (hook != NULL && hook->started == 0)
    hook->started = g_get_monotonic_time ();
}

void
fb_bench_hook_undecodable (FbBenchHook *hook)
{
  if (hook != NULL)
    hook->n_undecodable++;
}

void
fb_bench_hook_applied (FbBenchHook *hook,
                       guint        n,
                       GtkWidget   *frame_widget)
{
  if (hook == NULL)
    return;

  hook->n_applied += n;
  hook->n_flushes++;
  if (hook->reported || hook->n_applied < hook->expect)
    return;

  hook->reported = TRUE;
  /* The bench (bench/ingest) waits for this line; the time is CLOCK_MONOTONIC. */
  fprintf (stderr, "FB_BENCH_DONE events=%" G_GUINT64_FORMAT " undecodable=%" G_GUINT64_FORMAT
           " store_batches=%" G_GUINT64_FORMAT " monotonic_us=%" G_GINT64_FORMAT
           " since_first_us=%" G_GINT64_FORMAT "\n",
           hook->n_applied, hook->n_undecodable, hook->n_flushes, g_get_monotonic_time (),
           g_get_monotonic_time () - hook->started);
  fflush (stderr);
  /* What a person sees: the frame that draws the last event, painted. */
  if (frame_widget != NULL)
    fb_frame_stats_print_after_paint (frame_widget, "FB_BENCH_DRAWN");
}

void
fb_bench_hook_connected (FbBenchHook *hook)
{
  if (hook == NULL)
    return;

  fprintf (stderr, "FB_BENCH_CONNECTED monotonic_us=%" G_GINT64_FORMAT "\n",
           g_get_monotonic_time ());
  fflush (stderr);
}

gboolean
fb_bench_hook_skips_history (void)
{
  return g_getenv ("FB_BENCH_NO_HISTORY") != NULL;
}

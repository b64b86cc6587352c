/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-bench-hook.h: the lines the app prints for the benchmarks, and nothing else. With
   FB_BENCH_EXPECT=N in the environment, bench/app-ingest.py reads FB_BENCH_CONNECTED,
   FB_BENCH_DONE and FB_BENCH_DRAWN from stderr; FB_BENCH_NO_HISTORY is bench/ledger.py's.
   Without them, no hook. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _FbBenchHook FbBenchHook;

/* NULL unless FB_BENCH_EXPECT names a count: every other function takes NULL and does nothing. */
FbBenchHook *fb_bench_hook_new_from_env     (void);
void         fb_bench_hook_free             (FbBenchHook *hook);
/* A batch of messages arrived: the first one starts the clock. */
void         fb_bench_hook_messages_arrived (FbBenchHook *hook);
void         fb_bench_hook_undecodable      (FbBenchHook *hook);
/* A batch of @n events went into the store: FB_BENCH_DONE once the expected count is in, then
   FB_BENCH_DRAWN once the frame of @frame_widget (if any) that draws them has been painted. */
void         fb_bench_hook_applied          (FbBenchHook *hook,
                                             guint        n,
                                             GtkWidget   *frame_widget);
/* The client connected: the bench starts publishing then. */
void         fb_bench_hook_connected        (FbBenchHook *hook);
/* Whether to run without the ledger (bench/ledger.py measures ingest with and without it). */
gboolean     fb_bench_hook_skips_history    (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbBenchHook, fb_bench_hook_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-frame-stats.h: how a window keeps up, for benchmarks (FB_FRAME_STATS_FILE). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _FbFrameStats FbFrameStats;

/* From now on, records the gaps a frame would have had (a probe at GDK's redraw priority that
   draws nothing and never asks the frame clock for a frame) and the frames widget's frame clock
   painted (from its after-paint signal). */
FbFrameStats *fb_frame_stats_new   (GtkWidget     *widget);
/* Writes KEY=VALUE lines: count, p50_ms, p99_ms, max_ms (the probe's gaps), busy_p99_ms and
   busy_max_ms (the main thread's CPU time between two probes), painted,
   paint_gap_p50_ms, paint_gap_p99_ms (between painted frames) and paint_p99_ms (a frame's
   work, from its before-paint to its after-paint). */
gboolean      fb_frame_stats_write (FbFrameStats  *self,
                                    const char    *path,
                                    GError       **error);
void          fb_frame_stats_free  (FbFrameStats  *self);

/* Prints "PREFIX monotonic_us=T" on stderr once the next frame of widget's frame clock has been
   painted (a frame is asked for, so this also happens when nothing changed on screen). */
void          fb_frame_stats_print_after_paint (GtkWidget  *widget,
                                                const char *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbFrameStats, fb_frame_stats_free)

G_END_DECLS

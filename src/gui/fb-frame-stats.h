/* fb-frame-stats.h: frame gaps of a widget's GdkFrameClock, for benchmarks (FB_FRAME_STATS_FILE). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _FbFrameStats FbFrameStats;

/* Records the time between frames of widget's frame clock from now on, and keeps the clock
   ticking so a stalled main loop shows up as a long gap. */
FbFrameStats *fb_frame_stats_new (GtkWidget *widget);
/* Writes count, p50_ms, p99_ms and max_ms as KEY=VALUE lines. */
gboolean      fb_frame_stats_write (FbFrameStats *self, const char *path, GError **error);
void          fb_frame_stats_free (FbFrameStats *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbFrameStats, fb_frame_stats_free)

G_END_DECLS

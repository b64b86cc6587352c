/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history-bar.h: the bar under the header that says which time is shown: the last known state
   while not live yet, or a past instant with a timeline, previous/next and "Back to Live". */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_HISTORY_BAR (fb_history_bar_get_type ())
G_DECLARE_FINAL_TYPE (FbHistoryBar, fb_history_bar, FB, HISTORY_BAR, GtkWidget)

GtkWidget *fb_history_bar_new          (void);
/* "Showing the last known state, from 07:02:13": no controls. */
void       fb_history_bar_show_as_of   (FbHistoryBar *self,
                                        gint64        as_of);
/* "Viewing" the instant @at (to type or pick another) on the timeline from @first to @last, with
   a mark at each time in @marks (gint64 µs; NULL keeps the marks shown). */
void       fb_history_bar_show_viewing (FbHistoryBar *self,
                                        gint64        at,
                                        gint64        first,
                                        gint64        last,
                                        GArray       *marks);
void       fb_history_bar_hide         (FbHistoryBar *self);
/* Signal "seek" (gint64 at): the user moved the timeline, or typed or picked an instant. */

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-recording-banner.h: the banner under the header that says history is not being recorded,
   and why, for as long as that lasts (FbHistory:recording-problem). */
#pragma once

#include <gtk/gtk.h>

#include "fb-history.h"

G_BEGIN_DECLS

#define FB_TYPE_RECORDING_BANNER (fb_recording_banner_get_type ())
G_DECLARE_FINAL_TYPE (FbRecordingBanner, fb_recording_banner, FB, RECORDING_BANNER, GtkWidget)

GtkWidget *fb_recording_banner_new         (void);
/* The history whose problem is shown; NULL hides the banner. */
void       fb_recording_banner_set_history (FbRecordingBanner *self,
                                            FbHistory         *history);

G_END_DECLS

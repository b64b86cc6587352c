/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-trend.h: a feeder's food over the last 24 hours (or the 24 hours before the instant
   shown in time travel), the estimate of when it will be empty (only when the data allow it:
   fb-food-estimate.h), and its last state message as it arrived. A part of the feeder card. */
#pragma once

#include <gtk/gtk.h>

#include "fb-feeder.h"
#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_FEEDER_TREND (fb_feeder_trend_get_type ())
G_DECLARE_FINAL_TYPE (FbFeederTrend, fb_feeder_trend, FB, FEEDER_TREND, GtkWidget)

GtkWidget  *fb_feeder_trend_new         (void);
/* @at: the instant shown (0 = live, and it follows the feeder). The levels are read from
   @session's history, off the main thread; without a history, live levels only. */
void        fb_feeder_trend_set_feeder  (FbFeederTrend *self,
                                         FbFeeder      *feeder,
                                         FbSession     *session,
                                         gint64         at);
/* "Empty in about 34 hours", or NULL when there is no honest estimate. */
const char *fb_feeder_trend_get_estimate (FbFeederTrend *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-card.h: one feeder: food level, last seen, last feed, the three feed buttons and the
   log of feeds sent from here. */
#pragma once

#include <gtk/gtk.h>

#include "fb-feed-sender.h"
#include "fb-feeder.h"
#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_FEEDER_CARD (fb_feeder_card_get_type ())
G_DECLARE_FINAL_TYPE (FbFeederCard, fb_feeder_card, FB, FEEDER_CARD, GtkWidget)

/* @at: the past instant the card shows (read-only, times as seen from then); 0 = live. */
GtkWidget *fb_feeder_card_new (FbFeeder     *feeder,
                               FbFeedSender *sender,
                               gint64        at);
/* The food over the 24 hours before @at (0 = now, and live) from @session's history, the
   estimate, and the last message as it arrived (fb-feeder-trend.h). */
void       fb_feeder_card_show_trend (FbFeederCard *self,
                                      FbSession    *session,
                                      gint64        at);

G_END_DECLS

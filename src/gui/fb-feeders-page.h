/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeders-page.h: the Feeders page: a card per feeder, the route feeds take, and the outcome
   of every feed as a toast (and a desktop notification when a feed fails unseen). */
#pragma once

#include <gtk/gtk.h>

#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_FEEDERS_PAGE (fb_feeders_page_get_type ())
G_DECLARE_FINAL_TYPE (FbFeedersPage, fb_feeders_page, FB, FEEDERS_PAGE, GtkWidget)

GtkWidget *fb_feeders_page_new         (void);
void       fb_feeders_page_set_session (FbFeedersPage *self,
                                        FbSession     *session);

/* Brings @feeder_id's card into sight, with the keyboard focus. */
void       fb_feeders_page_show_feeder (FbFeedersPage *self,
                                        const char    *feeder_id);
/* Shows @store (the feeders at a past instant, read-only) instead of the live ones; NULL = live. */
void       fb_feeders_page_show_store  (FbFeedersPage *self,
                                        FbFeederStore *store);

G_END_DECLS

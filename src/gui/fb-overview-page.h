/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-overview-page.h: the orders at a glance: counts per status (each a click away from the
   filtered list), orders created per minute over the last hour, time to complete, cancelled share,
   and the stuck orders (each a click away from its detail). Live, or at a past instant. */
#pragma once

#include <gtk/gtk.h>

#include "fb-ledger.h"
#include "fb-order-overview.h"

G_BEGIN_DECLS

#define FB_TYPE_OVERVIEW_PAGE (fb_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (FbOverviewPage, fb_overview_page, FB, OVERVIEW_PAGE, GtkWidget)

/* At most this many stuck orders are listed; the count says how many there are. */
#define FB_OVERVIEW_PAGE_MAX_STUCK 100

GtkWidget *fb_overview_page_new          (void);
/* The live fold (the session's); the page follows its changes while it is shown. */
void       fb_overview_page_set_overview (FbOverviewPage  *self,
                                          FbOrderOverview *overview);
/* The overview as it was at @at, read from @ledger off the main thread; NULL = live again. */
void       fb_overview_page_view_at      (FbOverviewPage  *self,
                                          FbLedger        *ledger,
                                          gint64           at);
/* The fold shown (property "shown"): the live one, or the past instant's once it is read. */
FbOrderOverview *fb_overview_page_get_shown (FbOverviewPage *self);
/* Shows @past (the fold of the history up to @at) instead; NULL = live again. */
void       fb_overview_page_show_past    (FbOverviewPage  *self,
                                          FbOrderOverview *past,
                                          gint64           at);

G_END_DECLS

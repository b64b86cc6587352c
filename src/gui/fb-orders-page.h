/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-page.h: the live orders table, its search and status filter, and the history pane. */
#pragma once

#include <gtk/gtk.h>

#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_ORDERS_PAGE (fb_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (FbOrdersPage, fb_orders_page, FB, ORDERS_PAGE, GtkWidget)

GtkWidget *fb_orders_page_new (void);
void       fb_orders_page_set_session (FbOrdersPage *self, FbSession *session);
FbSession *fb_orders_page_get_session (FbOrdersPage *self);
void       fb_orders_page_focus_search (FbOrdersPage *self);
/* Shows @store (the orders at a past instant) instead of the session's live ones; NULL = live. */
void       fb_orders_page_show_store   (FbOrdersPage *self,
                                        FbOrderStore *store);
/* Shows the orders in @status alone (NULL: all), as the status filter does. */
void       fb_orders_page_set_status_filter (FbOrdersPage    *self,
                                             const char      *status);
/* The status filter counts the orders of @overview (live, or the past instant's). */
void       fb_orders_page_set_status_counts (FbOrdersPage    *self,
                                             FbOrderOverview *overview);

G_END_DECLS

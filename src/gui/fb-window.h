/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window.h: the main window. */
#pragma once

#include <adwaita.h>

#include "fb-application.h"
#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_WINDOW (fb_window_get_type ())

G_DECLARE_FINAL_TYPE (FbWindow, fb_window, FB, WINDOW, AdwApplicationWindow)

FbWindow *fb_window_new (FbApplication *app);
void      fb_window_set_session (FbWindow *self, FbSession *session);
void      fb_window_add_toast (FbWindow *self, const char *message);
/* Replaces the Feeders placeholder (the feeders page calls this, or puts itself in the .ui). */
void      fb_window_set_feeders_page (FbWindow *self, GtkWidget *page);
/* What the overview and the alerts open (also as win.show-overview, win.show-order(s),
   win.show-orders-with-status(s)). */
/* The latest alert in the bar under the header; Show activates @action with @target. */
void      fb_window_show_alert (FbWindow *self, const char *text, const char *action, GVariant *target);
void      fb_window_show_overview (FbWindow *self);
void      fb_window_show_order (FbWindow *self, const char *order_id);
void      fb_window_show_orders_with_status (FbWindow *self, const char *status);
void      fb_window_show_feeder (FbWindow *self, const char *feeder_id);
void      fb_window_show_connection (FbWindow *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alerts.h: alerts that reach the person: an order stuck or cancelled, a feeder low on food or
   silent, the connection lost. A GNotification while the window is in the background, the
   window's alert bar while it has focus; at most one per kind a minute (FbAlertLimiter); each kind switched on or off
   in Preferences. Activating one opens that order, that feeder or the connection's popover
   (app.show-order, app.show-feeder, app.show-connection, which this installs on the app). */
#pragma once

#include <gtk/gtk.h>

#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_ALERTS (fb_alerts_get_type ())
G_DECLARE_FINAL_TYPE (FbAlerts, fb_alerts, FB, ALERTS, GObject)

FbAlerts *fb_alerts_new         (GtkApplication *app);
void      fb_alerts_set_session (FbAlerts       *self,
                                 FbSession      *session);

G_END_DECLS

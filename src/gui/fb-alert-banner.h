/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alert-banner.h: the bar under the header that shows the latest alert while the window has
   focus (a notification when it has not): its words, Show (what it is about) and Dismiss. It does
   not queue behind, or hold back, the toasts that answer what the person does. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_ALERT_BANNER (fb_alert_banner_get_type ())
G_DECLARE_FINAL_TYPE (FbAlertBanner, fb_alert_banner, FB, ALERT_BANNER, GtkWidget)

GtkWidget *fb_alert_banner_new     (void);
/* Shows @text in place of what it showed; Show activates @action (with @target, may be NULL).
   It hides itself after FB_ALERT_BANNER_SECONDS, on Dismiss, and on Show. */
void       fb_alert_banner_show    (FbAlertBanner *self,
                                    const char    *text,
                                    const char    *action,
                                    GVariant      *target);
const char *fb_alert_banner_get_text (FbAlertBanner *self);

#define FB_ALERT_BANNER_SECONDS 30

G_END_DECLS

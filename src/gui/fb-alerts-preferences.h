/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alerts-preferences.h: the Preferences page of the overview and the alerts: the stuck
   threshold, each kind of alert on or off, the low food level. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FB_TYPE_ALERTS_PREFERENCES (fb_alerts_preferences_get_type ())
G_DECLARE_FINAL_TYPE (FbAlertsPreferences, fb_alerts_preferences, FB, ALERTS_PREFERENCES, AdwPreferencesPage)

GtkWidget *fb_alerts_preferences_new (void);

G_END_DECLS

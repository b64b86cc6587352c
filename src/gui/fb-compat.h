/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-compat.h: one name for each libadwaita API that changed between Debian 12's libadwaita 1.2
 * and the newer ones (1.5 and later, as in Debian 13 and the GNOME runtime), so that the rest of
 * the code has no version branches and builds without deprecation warnings on both. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Alerts: AdwAlertDialog (1.5) replaces AdwMessageDialog (deprecated in 1.6). Same responses,
 * same "response" signal; the alert is shown inside its parent instead of as a window of its own. */
#if ADW_CHECK_VERSION (1, 5, 0)
typedef AdwAlertDialog FbAlert;
# define fb_alert_new(parent, heading, body)  ADW_ALERT_DIALOG (adw_alert_dialog_new ((heading), (body)))
# define fb_alert_add_responses               adw_alert_dialog_add_responses
# define fb_alert_set_response_appearance     adw_alert_dialog_set_response_appearance
# define fb_alert_set_default_response        adw_alert_dialog_set_default_response
# define fb_alert_set_close_response          adw_alert_dialog_set_close_response
# define fb_alert_set_extra_child             adw_alert_dialog_set_extra_child
# define fb_alert_set_response_enabled        adw_alert_dialog_set_response_enabled
# define fb_alert_present(alert, parent)      adw_dialog_present (ADW_DIALOG (alert), GTK_WIDGET (parent))
#else
typedef AdwMessageDialog FbAlert;
# define fb_alert_new(parent, heading, body)  ADW_MESSAGE_DIALOG (adw_message_dialog_new ((parent), (heading), (body)))
# define fb_alert_add_responses               adw_message_dialog_add_responses
# define fb_alert_set_response_appearance     adw_message_dialog_set_response_appearance
# define fb_alert_set_default_response        adw_message_dialog_set_default_response
# define fb_alert_set_close_response          adw_message_dialog_set_close_response
# define fb_alert_set_extra_child             adw_message_dialog_set_extra_child
# define fb_alert_set_response_enabled        adw_message_dialog_set_response_enabled
# define fb_alert_present(alert, parent)      gtk_window_present (GTK_WINDOW (alert))
#endif

/* About: AdwAboutDialog (1.5) replaces AdwAboutWindow (deprecated in 1.6); same properties. */
#if ADW_CHECK_VERSION (1, 5, 0)
# define fb_show_about(parent, ...)           adw_show_about_dialog (GTK_WIDGET (parent), __VA_ARGS__)
#else
# define fb_show_about(parent, ...)           adw_show_about_window ((parent), __VA_ARGS__)
#endif

G_END_DECLS

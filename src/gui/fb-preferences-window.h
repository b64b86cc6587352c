/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-preferences-window.h: the setup dialog: saved connections (create, edit, delete, switch). */
#pragma once

#include <adwaita.h>

#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_PREFERENCES_WINDOW (fb_preferences_window_get_type ())

/* libadwaita 1.5 shows preferences as a dialog inside the main window (AdwPreferencesDialog); its
 * window (AdwPreferencesWindow, all 1.2 has) is deprecated since 1.6. Same pages either way. */
#if ADW_CHECK_VERSION (1, 5, 0)
G_DECLARE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, FB, PREFERENCES_WINDOW,
                      AdwPreferencesDialog)
#else
G_DECLARE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, FB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)
#endif

/* Presents the preferences over parent: the ones already open there, or new ones. */
FbPreferencesWindow *fb_preferences_window_show     (FbSession *session,
                                                     GtkWindow *parent);
/* Opens the form on this saved profile (Edit Connection). */
void                 fb_preferences_window_edit_profile (FbPreferencesWindow *self,
                                                         FbConnectionProfile *profile);
/* Opens the form on a new, unsaved profile of this kind. */
void                 fb_preferences_window_add_new  (FbPreferencesWindow *self,
                                                     FbConnectionKind     kind);

G_END_DECLS

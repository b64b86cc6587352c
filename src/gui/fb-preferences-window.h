/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-preferences-window.h: the setup dialog: saved connections (create, edit, delete, switch). */
#pragma once

#include <adwaita.h>

#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_PREFERENCES_WINDOW (fb_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, FB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

FbPreferencesWindow *fb_preferences_window_new      (FbSession *session,
                                                     GtkWindow *parent);
/* Opens the form on this saved profile (Edit Connection). */
void                 fb_preferences_window_edit_profile (FbPreferencesWindow *self,
                                                         FbConnectionProfile *profile);
/* Opens the form on a new, unsaved profile of this kind. */
void                 fb_preferences_window_add_new  (FbPreferencesWindow *self,
                                                     FbConnectionKind     kind);

G_END_DECLS

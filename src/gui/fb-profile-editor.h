/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-profile-editor.h: the form of one connection profile, checked as the user types, with
   "Test connection"; a subpage of the preferences window. */
#pragma once

#include <adwaita.h>

#include "fb-connection-profile.h"
#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_PROFILE_EDITOR (fb_profile_editor_get_type ())

G_DECLARE_FINAL_TYPE (FbProfileEditor, fb_profile_editor, FB, PROFILE_EDITOR, GtkBox)

/* Edits a copy of profile; is_new when it is not saved yet. Emits "done" when the user saved
   or cancelled. Saving stores the secrets in the keyring, the rest in the session's profiles,
   and connects to it when it is new or the one in use. */
GtkWidget *fb_profile_editor_new (FbSession           *session,
                                  FbConnectionProfile *profile,
                                  gboolean             is_new);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-profile-store.h: the saved connection profiles (a GListModel), kept in GSettings. */
#pragma once

#include <gio/gio.h>

#include "fb-connection-profile.h"

G_BEGIN_DECLS

#define FB_TYPE_PROFILE_STORE (fb_profile_store_get_type ())

G_DECLARE_FINAL_TYPE (FbProfileStore, fb_profile_store, FB, PROFILE_STORE, GObject)

/* settings: of the schema io.github.feedboard.Feedboard (keys "profiles" and "last-profile");
   NULL keeps the profiles in memory only. */
FbProfileStore      *fb_profile_store_new           (GSettings           *settings);
FbConnectionProfile *fb_profile_store_lookup        (FbProfileStore      *self,
                                                     const char          *id);
/* Adds the profile, or replaces the saved one with the same id; saves at once. */
void                 fb_profile_store_save          (FbProfileStore      *self,
                                                     FbConnectionProfile *profile);
gboolean             fb_profile_store_remove        (FbProfileStore      *self,
                                                     const char          *id);
/* The profile the app connected to last, or NULL. */
FbConnectionProfile *fb_profile_store_get_last_used (FbProfileStore      *self);
void                 fb_profile_store_set_last_used (FbProfileStore      *self,
                                                     const char          *id);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-identities.h: the access keys the stand-in backend knows, static and temporary. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_TYPE_SIM_IDENTITIES (fb_sim_identities_get_type ())

G_DECLARE_FINAL_TYPE (FbSimIdentities, fb_sim_identities, FB, SIM_IDENTITIES, GObject)

typedef struct
{
  char   *access_key_id;
  char   *secret_access_key;
  char   *session_token;   /* temporary keys only */
  gint64  expires_at;      /* real time µs; 0 = never */
} FbSimIdentity;

FbSimIdentities     *fb_sim_identities_new              (void);
const FbSimIdentity *fb_sim_identities_add_static       (FbSimIdentities *self,
                                                         const char      *access_key_id,
                                                         const char      *secret_access_key);
const FbSimIdentity *fb_sim_identities_issue_temporary  (FbSimIdentities *self,
                                                         guint            lifetime_seconds);
const FbSimIdentity *fb_sim_identities_lookup           (FbSimIdentities *self,
                                                         const char      *access_key_id);

G_END_DECLS

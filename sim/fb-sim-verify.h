/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-verify.h: checks a received request's SigV4 signature the way AWS does. */
#pragma once

#include <libsoup/soup.h>

#include "fb-sim-identities.h"

G_BEGIN_DECLS

typedef struct
{
  guint  status;      /* HTTP status to answer with */
  char  *type;        /* AWS error __type, e.g. "InvalidSignatureException" */
  char  *message;     /* AWS's words */
} FbSimAuthError;

/* Makes the stand-ins' clock run @seconds ahead of this computer's (negative: behind), as if
   this computer's clock were wrong; it shows in the checks and in the Date of refusals. */
void     fb_sim_verify_set_clock_offset (gint64      seconds);
gint64   fb_sim_verify_now              (void);

void     fb_sim_auth_error_clear    (FbSimAuthError    *error);
char    *fb_sim_auth_error_to_json  (FbSimAuthError    *error);

/* Presigned query (AWS IoT's WebSocket gateway): the token is not part of the signature. */
gboolean fb_sim_verify_presigned    (FbSimIdentities   *identities,
                                     SoupServerMessage *msg,
                                     const char        *region,
                                     const char        *service,
                                     FbSimAuthError    *error);
/* Authorization header (EventBridge, execute-api): the token is signed in. */
gboolean fb_sim_verify_header       (FbSimIdentities   *identities,
                                     SoupServerMessage *msg,
                                     GBytes            *body,
                                     const char        *region,
                                     const char        *service,
                                     FbSimAuthError    *error);
void     fb_sim_answer_auth_error   (SoupServerMessage *msg,
                                     FbSimAuthError    *error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FbSimAuthError, fb_sim_auth_error_clear)

G_END_DECLS

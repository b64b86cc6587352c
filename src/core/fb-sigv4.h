/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sigv4.h: AWS Signature Version 4, pure and synchronous (no I/O). */
#pragma once

#include <glib.h>

#include "fb-credentials.h"

G_BEGIN_DECLS

#define FB_SIGV4_ERROR (fb_sigv4_error_quark ())

typedef enum
{
  FB_SIGV4_ERROR_INVALID_REQUEST,
  FB_SIGV4_ERROR_INVALID_PARAMS,
} FbSigv4Error;

typedef struct _FbSigv4Request FbSigv4Request;
typedef struct _FbSigv4Result  FbSigv4Result;

typedef struct
{
  const char *region;
  const char *service;
  GDateTime  *time;                   /* signing time; converted to UTC */
  gboolean    normalize_path;         /* TRUE for every service but S3 */
  gboolean    add_content_sha256;     /* header mode: add X-Amz-Content-Sha256 */
  guint       expires;                /* query mode: X-Amz-Expires, 0 = omit */
  gboolean    unsigned_session_token; /* AWS IoT: token appended after signing, not signed */
} FbSigv4Params;

GQuark          fb_sigv4_error_quark                  (void);

FbSigv4Request *fb_sigv4_request_new                  (const char      *method,
                                                       const char      *path,
                                                       const char      *query);
void            fb_sigv4_request_add_header           (FbSigv4Request  *req,
                                                       const char      *name,
                                                       const char      *value);
void            fb_sigv4_request_set_body             (FbSigv4Request  *req,
                                                       GBytes          *body);
void            fb_sigv4_request_free                 (FbSigv4Request  *req);

FbSigv4Result  *fb_sigv4_sign_headers                 (FbSigv4Request      *req,
                                                       FbCredentials       *creds,
                                                       const FbSigv4Params *params,
                                                       GError             **error);
FbSigv4Result  *fb_sigv4_sign_query                   (FbSigv4Request      *req,
                                                       FbCredentials       *creds,
                                                       const FbSigv4Params *params,
                                                       GError             **error);
void            fb_sigv4_result_free                  (FbSigv4Result  *result);
const char     *fb_sigv4_result_get_canonical_request (FbSigv4Result  *result);
const char     *fb_sigv4_result_get_string_to_sign    (FbSigv4Result  *result);
const char     *fb_sigv4_result_get_signature         (FbSigv4Result  *result);
const char     *fb_sigv4_result_get_authorization     (FbSigv4Result  *result);
const char     *fb_sigv4_result_get_query             (FbSigv4Result  *result);
guint           fb_sigv4_result_get_n_headers         (FbSigv4Result  *result);
void            fb_sigv4_result_get_header            (FbSigv4Result  *result,
                                                       guint           i,
                                                       const char    **name,
                                                       const char    **value);

/* The pieces a verifier uses to check a received request the way AWS does. */
char           *fb_sigv4_canonical_request            (FbSigv4Request     *req,
                                                       const char * const *signed_headers,
                                                       const char         *payload_sha256_hex,
                                                       gboolean            normalize_path,
                                                       GError            **error);
char           *fb_sigv4_string_to_sign               (const char *amz_date,
                                                       const char *scope,
                                                       const char *canonical_request);
char           *fb_sigv4_signature                    (const char *secret_access_key,
                                                       const char *yyyymmdd,
                                                       const char *region,
                                                       const char *service,
                                                       const char *string_to_sign);
char           *fb_sigv4_uri_encode                   (const char *s,
                                                       gboolean    encode_slash);
char           *fb_sha256_hex                         (const void *data,
                                                       gsize       len);
char           *fb_sigv4_format_amz_date              (GDateTime  *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbSigv4Request, fb_sigv4_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbSigv4Result, fb_sigv4_result_free)

G_END_DECLS

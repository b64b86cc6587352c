/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-iot-presign.h: the SigV4 presigned WebSocket URL of AWS IoT Core (PROTOCOLS.md §1). */
#pragma once

#include <glib.h>

#include "fb-credentials.h"

G_BEGIN_DECLS

#define FB_IOT_PRESIGN_ERROR (fb_iot_presign_error_quark ())

typedef enum
{
  FB_IOT_PRESIGN_ERROR_INVALID_ENDPOINT,
  FB_IOT_PRESIGN_ERROR_INSECURE,
  FB_IOT_PRESIGN_ERROR_INVALID_REGION,
} FbIotPresignError;

GQuark  fb_iot_presign_error_quark (void);

char   *fb_iot_presign_url         (FbCredentials *creds,
                                    const char    *endpoint,
                                    const char    *region,
                                    const char    *host_header,
                                    GDateTime     *time,
                                    guint          expires,
                                    GError       **error);
char   *fb_iot_default_host_header (const char    *endpoint);

G_END_DECLS

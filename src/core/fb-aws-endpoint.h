/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-endpoint.h: endpoint overrides the AWS SDK way (AWS_ENDPOINT_URL_<SERVICE>, ...). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FB_AWS_ENDPOINT_ERROR (fb_aws_endpoint_error_quark ())

typedef enum
{
  FB_AWS_ENDPOINT_ERROR_INVALID,
  FB_AWS_ENDPOINT_ERROR_INSECURE,
} FbAwsEndpointError;

GQuark   fb_aws_endpoint_error_quark (void);

char    *fb_aws_endpoint_resolve     (const char         *service_env_suffix,
                                      const char         *default_url,
                                      const char         *profile,
                                      const char * const *envp,
                                      GError            **error);
gboolean fb_url_host_is_loopback     (const char         *url_or_host);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-config.h: the AWS CLI's credential chain: environment, then ~/.aws/credentials and config. */
#pragma once

#include <glib.h>

#include "fb-credentials.h"

G_BEGIN_DECLS

#define FB_AWS_CONFIG_ERROR (fb_aws_config_error_quark ())

typedef enum
{
  FB_AWS_CONFIG_ERROR_PARSE,             /* a file is malformed; the message names file and line */
  FB_AWS_CONFIG_ERROR_NO_CREDENTIALS,    /* nothing in the chain */
  FB_AWS_CONFIG_ERROR_PROFILE_NOT_FOUND,
  FB_AWS_CONFIG_ERROR_INCOMPLETE,        /* e.g. an access key without its secret */
  FB_AWS_CONFIG_ERROR_NO_REGION,
} FbAwsConfigError;

GQuark         fb_aws_config_error_quark          (void);

FbCredentials *fb_aws_config_resolve_credentials  (const char         *profile,
                                                   const char * const *envp,
                                                   GError            **error);
char          *fb_aws_config_resolve_region       (const char         *profile,
                                                   const char * const *envp,
                                                   GError            **error);
char          *fb_aws_config_get_profile_value    (const char         *profile,
                                                   const char         *key,
                                                   const char * const *envp,
                                                   GError            **error);

G_END_DECLS

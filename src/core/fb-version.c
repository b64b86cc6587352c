/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-version.c: one source of truth for the version string (meson.build). */
#define G_LOG_DOMAIN "fb-version"

#include "config.h"

#include "fb-version.h"

const char *
fb_version (void)
{
  return PACKAGE_VERSION;
}

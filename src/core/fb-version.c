/* fb-version.c: one source of truth for the version string (meson.build). */
#include "config.h"

#include "fb-version.h"

const char *
fb_version (void)
{
  return PACKAGE_VERSION;
}

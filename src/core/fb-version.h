/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-version.h: the version of Feedboard, from meson.build, for every binary. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *fb_version (void);

G_END_DECLS

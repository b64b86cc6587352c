/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-settings.h: the app's GSettings, or NULL when its schema is not installed (run from a build
   tree without GSETTINGS_SCHEMA_DIR): settings then simply are not remembered. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *fb_settings_new_if_installed (void);

G_END_DECLS

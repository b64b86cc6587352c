/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-i18n.h: the message catalogs, installed or (run from the build tree) freshly built. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The directory bindtextdomain () is given: $FB_BUILD_DIR/po when FB_BUILD_DIR names a build
   tree with compiled catalogs (./build-aux/demo and `meson test` set it), else LOCALEDIR. */
char *fb_i18n_locale_dir (void);
/* setlocale (), bindtextdomain () to fb_i18n_locale_dir (), UTF-8, textdomain (): first thing
   in main (), so that --help is translated too. */
void  fb_i18n_init       (void);

G_END_DECLS

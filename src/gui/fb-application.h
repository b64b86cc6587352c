/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-application.h: the Feedboard AdwApplication. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FB_TYPE_APPLICATION (fb_application_get_type ())

G_DECLARE_FINAL_TYPE (FbApplication, fb_application, FB, APPLICATION, AdwApplication)

FbApplication *fb_application_new (void);

G_END_DECLS

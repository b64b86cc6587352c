/* fb-window.h: the main window. */
#pragma once

#include <adwaita.h>

#include "fb-application.h"

G_BEGIN_DECLS

#define FB_TYPE_WINDOW (fb_window_get_type ())

G_DECLARE_FINAL_TYPE (FbWindow, fb_window, FB, WINDOW, AdwApplicationWindow)

FbWindow *fb_window_new (FbApplication *app);

G_END_DECLS

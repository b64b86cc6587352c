/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-renderer.h: which GSK renderer draws the windows, chosen before GTK starts. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Before gtk_init (): where GTK older than 4.14 would draw with OpenGL in software (Mesa's
   llvmpipe, softpipe or swrast) and GSK_RENDERER is not set, sets it to "cairo", which costs a
   fraction of the CPU per frame there (README: "Renderer"). Returns what was decided and why,
   for the debug log. */
const char *fb_renderer_choose (void);

G_END_DECLS

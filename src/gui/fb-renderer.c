/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-renderer.c: which GSK renderer draws the windows. GTK 4.8 (Debian 12) draws with OpenGL even
   where OpenGL is Mesa's software rasterizer, where a full-window frame costs about four times
   the CPU of cairo's (bench/live-view.py, README "Renderer"); GTK 4.14 and later skip their GPU
   renderers there by themselves. So, on older GTK only and unless the user chose with
   GSK_RENDERER: where OpenGL can only be software, draw with cairo, and keep GDK from loading
   OpenGL at all. Software is told without loading OpenGL (loading it costs memory for the rest of
   the run): Mesa told to be software, no GPU render node to open, or an X server without DRI
   (Xvfb, Xvnc, X forwarded over SSH). */
#define G_LOG_DOMAIN "fb-renderer"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>
#ifdef FB_HAVE_X11
#include <X11/Xlib.h>
#endif

#include "fb-renderer.h"

static gboolean
env_is_true (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' && strcmp (value, "0") != 0 && g_ascii_strcasecmp (value, "false") != 0;
}

static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      {
        g_autofree char *path = g_build_filename ("/dev/dri", name, NULL);

        if (access (path, R_OK | W_OK) == 0)
          return TRUE;
      }
  return FALSE;
}

/* TRUE when GDK will use X11 and that X server offers no direct rendering. */
static gboolean
x11_without_dri (void)
{
#ifdef FB_HAVE_X11
  const char *backend = g_getenv ("GDK_BACKEND");
  gboolean x11 = backend != NULL ? g_str_has_prefix (backend, "x11")
                                 : g_getenv ("WAYLAND_DISPLAY") == NULL && g_getenv ("DISPLAY") != NULL;
  Display *display;
  int opcode, event, error;
  gboolean dri;

  if (!x11 || (display = XOpenDisplay (NULL)) == NULL)
    return FALSE;
  dri = XQueryExtension (display, "DRI3", &opcode, &event, &error)
        || XQueryExtension (display, "DRI2", &opcode, &event, &error);
  XCloseDisplay (display);
  return !dri;
#else
  return FALSE;
#endif
}

/* GDK 4.8 on X11 loads OpenGL when it opens the display, to pick the windows' visual, even when
   cairo draws: Mesa's software rasterizer and LLVM, about 30 MiB of memory (most of it LLVM's
   relocations, private to the process) that cairo never uses. */
static void
disable_gl (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *flags = NULL;

  if (debug != NULL && strstr (debug, "gl-disable") != NULL)
    return;
  flags = debug != NULL && *debug != '\0' ? g_strconcat (debug, ",gl-disable", NULL) : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", flags, TRUE);
}

static const char *
choose (void)
{
  const char *why = NULL;
  const char *driver = g_getenv ("GALLIUM_DRIVER");

  if (g_getenv ("GSK_RENDERER") != NULL)
    return "GSK_RENDERER is set: the user's choice";
  if (gtk_get_major_version () > 4 || gtk_get_minor_version () >= 14)
    return "GTK 4.14 or later chooses by itself";

  if (env_is_true ("LIBGL_ALWAYS_SOFTWARE"))
    why = "LIBGL_ALWAYS_SOFTWARE is set";
  else if (driver != NULL && (strcmp (driver, "llvmpipe") == 0 || strcmp (driver, "softpipe") == 0
                              || strcmp (driver, "swrast") == 0))
    why = "GALLIUM_DRIVER names a software rasterizer";
  else if (!has_render_node ())
    why = "no GPU render node in /dev/dri";
  else if (x11_without_dri ())
    why = "the X server offers no direct rendering (DRI2/DRI3)";

  if (why == NULL)
    return "OpenGL may have a GPU: GTK's default";

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  disable_gl ();
  return why;
}

const char *
fb_renderer_choose (void)
{
  const char *why = choose ();

  g_debug ("GSK_RENDERER=%s: %s", g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(GTK's default)", why);
  return why;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-renderer.c: the renderer choice respects a GSK_RENDERER the user set, and picks cairo on
 * GTK older than 4.14 where OpenGL can only be software. Each case runs in a subprocess: the
 * choice reads and sets the environment. */
#include <gtk/gtk.h>

#include "fb-renderer.h"

static void
test_users_choice (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("GSK_RENDERER", "gl", TRUE);
      g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);
      g_unsetenv ("GDK_DEBUG");
      fb_renderer_choose ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
      g_assert_null (g_getenv ("GDK_DEBUG"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_software_gl (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("GSK_RENDERER");
      g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);
      g_setenv ("GDK_DEBUG", "events", TRUE);
      fb_renderer_choose ();
      if (gtk_get_minor_version () < 14)
        {
          g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
          /* Kept from loading OpenGL, the user's own GDK_DEBUG flags kept too. */
          g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "events,gl-disable");
        }
      else
        {
          g_assert_null (g_getenv ("GSK_RENDERER"));
          g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "events");
        }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/users-choice", test_users_choice);
  g_test_add_func ("/renderer/software-gl", test_software_gl);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: entry point of the Feedboard app. */
#define G_LOG_DOMAIN "feedboard"

#include "config.h"

#include "fb-application.h"
#include "fb-i18n.h"
#include "fb-renderer.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbApplication) app = NULL;

  /* Before GTK's own init, so --help and --version are translated too. */
  fb_i18n_init ();

  /* Before GTK reads GSK_RENDERER, and before any thread could read the environment. */
  fb_renderer_choose ();
  app = fb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-i18n.c: finds the message catalogs. Installed, they are under LOCALEDIR; a build tree keeps
   the ones it compiled from po/ under its own po/ directory, and a program run from there should
   speak the language of the source it was built from, not of whatever Feedboard is installed. */
#define G_LOG_DOMAIN "fb-i18n"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "fb-i18n.h"

char *
fb_i18n_locale_dir (void)
{
  const char *build_dir = g_getenv ("FB_BUILD_DIR");

  if (build_dir != NULL && *build_dir != '\0')
    {
      g_autofree char *po = g_build_filename (build_dir, "po", NULL);

      if (g_file_test (po, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&po);
      g_debug ("FB_BUILD_DIR has no po/ directory; using %s", LOCALEDIR);
    }
  return g_strdup (LOCALEDIR);
}

void
fb_i18n_init (void)
{
  g_autofree char *dir = fb_i18n_locale_dir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

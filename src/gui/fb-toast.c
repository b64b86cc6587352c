/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-toast.c: toasts and notifications that show network text as it came. */
#define G_LOG_DOMAIN "fb-toast"

#include "config.h"

#include <string.h>

#include "fb-toast.h"

AdwToast *
fb_toast_new_plain (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

#if ADW_CHECK_VERSION (1, 4, 0)
  {
    AdwToast *toast = adw_toast_new ("");

    adw_toast_set_use_markup (toast, FALSE);
    adw_toast_set_title (toast, text);
    return toast;
  }
#else
  {
    /* Before 1.4 the title is always markup: escaped, it reads as the text itself. */
    g_autofree char *escaped = g_markup_escape_text (text, -1);

    return adw_toast_new (escaped);
  }
#endif
}

char *
fb_toast_text_for_notification (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p++)
    {
      if (*p == '<')
        g_string_append (out, "‹");
      else if (*p == '>')
        g_string_append (out, "›");
      else if (*p == '&')
        g_string_append (out, "＆");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-redact.c: a presigned URL carries a signature and maybe a session token in its query,
 * and a broker URL may carry a password: none of it may reach a log. */
#define G_LOG_DOMAIN "fb-redact"

#include <string.h>

#include "fb-redact.h"

char *
fb_redact_url (const char *url)
{
  g_autoptr(GString) out = NULL;
  const char *query;
  const char *authority;
  const char *at;
  gsize end;

  if (url == NULL)
    return g_strdup ("(none)");

  query = strpbrk (url, "?#");
  end = query != NULL ? (gsize) (query - url) : strlen (url);
  out = g_string_new_len (url, end);

  /* scheme://user:password@host → scheme://user:<redacted>@host */
  authority = strstr (out->str, "://");
  if (authority != NULL)
    {
      const char *host_start = authority + 3;
      const char *slash = strchr (host_start, '/');
      gsize authority_len = slash != NULL ? (gsize) (slash - host_start) : strlen (host_start);

      at = g_strstr_len (host_start, authority_len, "@");
      if (at != NULL)
        {
          const char *colon = memchr (host_start, ':', at - host_start);

          if (colon != NULL)
            {
              gsize pos = colon - out->str + 1;
              g_string_erase (out, pos, at - colon - 1);
              g_string_insert (out, pos, "<redacted>");
            }
        }
    }

  if (query != NULL)
    g_string_append (out, "?<redacted>");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json-writer.c: JSON text written straight into a GString. `watch` prints every event as a
 * JSON line; building a JsonNode tree and a JsonGenerator per line cost about as much as
 * parsing the input. */
#define G_LOG_DOMAIN "fb-json-writer"

#include "fb-json-writer.h"

#include <string.h>

static const char hex[] = "0123456789abcdef";

void
fb_json_append_string (GString    *out,
                       const char *text,
                       gssize      len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end;
  const guchar *run;   /* bytes copied as they are, not yet appended */

  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL || len == 0);

  if (len < 0)
    len = strlen (text);
  end = p + len;

  g_string_append_c (out, '"');
  run = p;
  while (p < end)
    {
      guchar c = *p;

      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        {
          p++;
          continue;
        }

      if (c >= 0x80)
        {
          gunichar ch = g_utf8_get_char_validated ((const char *) p, end - p);

          if (ch != (gunichar) -1 && ch != (gunichar) -2)
            {
              p += g_utf8_skip[c];
              continue;
            }
        }

      g_string_append_len (out, (const char *) run, p - run);
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            {
              char escape[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], '\0' };
              g_string_append (out, escape);
            }
          else
            g_string_append (out, "\\ufffd");   /* a byte that is not valid UTF-8 */
        }
      p++;
      run = p;
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

void
fb_json_append_name (GString    *out,
                     const char *name,
                     gboolean    first)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (name != NULL);

  if (!first)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

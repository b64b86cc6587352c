/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-message-text.c: a received message as safe, readable text. JSON is re-indented from its own
 * bytes rather than regenerated, so a number like 1.10 or 1e999 or an escape like \u00e9 reads
 * exactly as the backend sent it. */
#define G_LOG_DOMAIN "fb-message-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fb-json.h"
#include "fb-message-text.h"
#include "fb-time.h"

/* A payload with more than this share of bytes that are not text is shown as a hex dump. */
#define BINARY_SHARE_PERCENT 10

static gboolean
is_control (gunichar c,
            gboolean keep_newlines)
{
  if (keep_newlines && (c == '\n' || c == '\t'))
    return FALSE;
  /* C0, DEL, C1; and the line and paragraph separators, which a label would break lines at. */
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

/* Escapes @data into @out; returns how many bytes were not valid UTF-8. */
static gsize
escape_into (GString      *out,
             const guint8 *data,
             gsize         len,
             gboolean      keep_newlines)
{
  const char *p = (const char *) data;
  const char *end = p + len;
  gsize n_invalid = 0;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guint8) *p);
          n_invalid++;
          p++;
          continue;
        }
      if (is_control (c, keep_newlines))
        {
          if (c < 0x100)
            g_string_append_printf (out, "\\x%02X", c);
          else
            g_string_append_printf (out, "\\u{%04X}", c);
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return n_invalid;
}

char *
fb_message_text_escape (const guint8 *data,
                        gsize         len,
                        gboolean      keep_newlines)
{
  GString *out = g_string_sized_new (len + 8);

  if (data != NULL)
    escape_into (out, data, len, keep_newlines);
  return g_string_free (out, FALSE);
}

static void
newline (GString *out,
         guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* @data is valid JSON (checked before): whitespace between tokens is dropped and put back as
   indentation; the tokens themselves are copied byte for byte. */
static char *
reindent (const guint8 *data,
          gsize         len)
{
  GString *out = g_string_sized_new (len + len / 4);
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      switch (c)
        {
        case '"':
          {
            gsize start = i++;

            while (i < len && data[i] != '"')
              i += data[i] == '\\' ? 2 : 1;
            g_string_append_len (out, (const char *) data + start, MIN (i + 1, len) - start);
          }
          break;
        case '{':
        case '[':
          g_string_append_c (out, c);
          /* An empty object or array stays on one line. */
          {
            gsize j = i + 1;

            while (j < len && g_ascii_isspace (data[j]))
              j++;
            if (j < len && (data[j] == '}' || data[j] == ']'))
              {
                g_string_append_c (out, data[j]);
                i = j;
                break;
              }
          }
          newline (out, ++depth);
          break;
        case '}':
        case ']':
          newline (out, depth > 0 ? --depth : 0);
          g_string_append_c (out, c);
          break;
        case ',':
          g_string_append_c (out, c);
          newline (out, depth);
          break;
        case ':':
          g_string_append (out, ": ");
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
          break;
        default:
          g_string_append_c (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
hex_dump (const guint8 *data,
          gsize         len)
{
  GString *out = g_string_sized_new (len * 4 + 16);

  for (gsize line = 0; line < len; line += 16)
    {
      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x  ", line);
      for (gsize i = line; i < line + 16; i++)
        {
          if (i < len)
            g_string_append_printf (out, "%02x ", data[i]);
          else
            g_string_append (out, "   ");
          if (i == line + 7)
            g_string_append_c (out, ' ');
        }
      g_string_append (out, " |");
      for (gsize i = line; i < line + 16 && i < len; i++)
        g_string_append_c (out, data[i] >= 0x20 && data[i] < 0x7f ? data[i] : '.');
      g_string_append (out, "|\n");
    }
  return g_string_free (out, FALSE);
}

char *
fb_message_text_payload (const guint8  *data,
                         gsize          len,
                         FbPayloadForm *form)
{
  gsize shown = MIN (len, (gsize) FB_MESSAGE_TEXT_MAX_SHOWN);
  g_autoptr(GString) out = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root = NULL;
  FbPayloadForm dummy;
  gsize n_invalid;

  if (form == NULL)
    form = &dummy;
  if (data == NULL || len == 0)
    {
      *form = FB_PAYLOAD_FORM_EMPTY;
      return g_strdup ("");
    }

  /* The checked parse: bounded depth, UTF-8. Strings in valid JSON hold no raw control
     characters, but the result is escaped all the same. */
  if (len == shown && (parser = fb_json_parse (data, len, "The payload", &root, NULL)) != NULL)
    {
      g_autofree char *indented = reindent (data, len);

      *form = FB_PAYLOAD_FORM_JSON;
      return fb_message_text_escape ((const guint8 *) indented, strlen (indented), TRUE);
    }

  out = g_string_sized_new (shown + 64);
  n_invalid = escape_into (out, data, shown, TRUE);
  if (n_invalid * 100 > shown * BINARY_SHARE_PERCENT || memchr (data, '\0', shown) != NULL)
    {
      g_autofree char *dump = hex_dump (data, shown);

      g_string_assign (out, dump);
      *form = FB_PAYLOAD_FORM_BINARY;
    }
  else
    *form = FB_PAYLOAD_FORM_TEXT;

  if (shown < len)
    {
      g_string_append_c (out, '\n');
      /* Translators: shown below a long message's first 65536 bytes */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "… %lu more byte not shown",
                                                "… %lu more bytes not shown", len - shown),
                              (unsigned long) (len - shown));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
fb_message_text_backend_time (const guint8 *data,
                              gsize         len)
{
  static const char *const names[] = { "updatedAt", "reportedTime", "time" };
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;

  if (data == NULL || len == 0 || len > FB_MESSAGE_TEXT_MAX_SHOWN)
    return NULL;
  parser = fb_json_parse_object (data, len, FB_MESSAGE_TEXT_MAX_SHOWN, "The payload", &object, NULL);
  if (parser == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);
      const char *text;
      double number;

      if ((text = fb_json_get_string (object, names[i])) != NULL)
        return fb_message_text_escape ((const guint8 *) text, strlen (text), FALSE);
      if (fb_json_get_number (object, names[i], &number))
        {
          /* As sent: an integer stays an integer. */
          if (json_node_get_value_type (node) == G_TYPE_INT64)
            return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          return g_strdup_printf ("%.17g", number);
        }
    }
  return NULL;
}

char *
fb_message_text_whole (const char   *topic,
                       const guint8 *data,
                       gsize         len,
                       int           qos,
                       int           retained,
                       gint64        received_at,
                       const char   *reason)
{
  GString *out = g_string_new (NULL);
  g_autofree char *safe_topic = fb_message_text_escape ((const guint8 *) topic, topic != NULL ? strlen (topic) : 0,
                                                        FALSE);
  g_autofree char *received = fb_time_format_rfc3339_ms (received_at);
  g_autofree char *backend = fb_message_text_backend_time (data, len);

  g_string_append_printf (out, "%s %s\n", _("Topic:"), safe_topic);
  if (qos >= 0)
    g_string_append_printf (out, "%s %d\n", _("QoS:"), qos);
  if (retained >= 0)
    g_string_append_printf (out, "%s %s\n", _("Retained:"), retained ? _("yes") : _("no"));
  g_string_append_printf (out, "%s %s\n", _("Received:"), received);
  if (backend != NULL)
    g_string_append_printf (out, "%s %s\n", _("Backend time:"), backend);
  if (reason != NULL)
    g_string_append_printf (out, "%s %s\n", _("Refused:"), reason);
  g_string_append_c (out, '\n');
  if (data != NULL && g_utf8_validate ((const char *) data, len, NULL) && memchr (data, '\0', len) == NULL)
    g_string_append_len (out, (const char *) data, len);
  else if (data != NULL)
    escape_into (out, data, len, TRUE);
  return g_string_free (out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json.c: the checks every message decoder shares. */
#define G_LOG_DOMAIN "fb-json"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "fb-json.h"

G_DEFINE_QUARK (fb-decode-error-quark, fb_decode_error)

const char *
fb_json_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY: return "an array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);
        if (t == G_TYPE_STRING)
          return "a string";
        if (t == G_TYPE_BOOLEAN)
          return "a boolean";
        return "a number";
      }
    default: return "something else";
    }
}

/* A strict reader of RFC 8259 JSON that builds nothing: JSON-GLib reads through GScanner, which
   takes far more than JSON (octal and hex numbers, '…' strings, \240 escapes that make bytes
   that are not UTF-8, raw control characters, comments) and recurses once per level. Only text
   this reader accepts reaches it. Recursion here is bounded by max_depth. */
typedef struct
{
  const guint8 *start;
  const guint8 *p;
  const guint8 *end;
  guint         depth;
  guint         max_depth;
  const char   *subject;
  GError      **error;
} Reader;

static gboolean
syntax_error (Reader     *r,
              const char *what)
{
  g_set_error (r->error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "%s is not JSON: at byte %zu, %s",
               r->subject, (gsize) (r->p - r->start), what);
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
expect (Reader     *r,
        const char *literal)
{
  gsize n = strlen (literal);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, literal, n) != 0)
    return syntax_error (r, "an unexpected word");
  r->p += n;
  return TRUE;
}

static int
read_hex4 (Reader *r)
{
  int value = 0;

  if (r->end - r->p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (r->p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  r->p += 4;
  return value;
}

static gboolean
read_string (Reader *r)
{
  r->p++;   /* the opening quote */
  while (r->p < r->end)
    {
      guint8 c = *r->p;

      if (c == '"')
        {
          r->p++;
          return TRUE;
        }
      if (c < 0x20)
        return syntax_error (r, "a control character in a string");
      if (c != '\\')
        {
          r->p++;
          continue;
        }
      if (r->end - r->p < 2)
        break;
      c = r->p[1];
      r->p += 2;
      if (c == 'u')
        {
          int unit = read_hex4 (r);

          if (unit < 0)
            return syntax_error (r, "a \\u escape without four hex digits");
          /* JSON-GLib ends a string at \u0000: "A\u0000B" would be read as "A". */
          if (unit == 0)
            {
              g_set_error (r->error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                           "%s has a NUL character (\\u0000) in a string", r->subject);
              return FALSE;
            }
          if (unit >= 0xdc00 && unit <= 0xdfff)
            return syntax_error (r, "half a surrogate pair");
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              int low;

              if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                return syntax_error (r, "half a surrogate pair");
              r->p += 2;
              low = read_hex4 (r);
              if (low < 0xdc00 || low > 0xdfff)
                return syntax_error (r, "half a surrogate pair");
            }
        }
      else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return syntax_error (r, "an escape JSON does not have");
    }
  return syntax_error (r, "a string that does not end");
}

/* JSON's grammar for numbers, and then the range: JSON-GLib reads 1e999 as infinity (and writes
   it back as "inf.0", not JSON) and wraps an integer past 64 bits round. */
static gboolean
read_number (Reader *r)
{
  const guint8 *begin = r->p;
  char token[FB_JSON_MAX_NUMBER_LEN + 1];
  gboolean integer = TRUE;
  gsize n;

  if (*r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (r->p < r->end && g_ascii_isdigit (*r->p))
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  else
    return syntax_error (r, "a number without digits");
  if (r->p < r->end && *r->p == '.')
    {
      integer = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return syntax_error (r, "a number without digits after the point");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integer = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return syntax_error (r, "a number without digits in its exponent");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  n = r->p - begin;
  if (n > FB_JSON_MAX_NUMBER_LEN)
    {
      g_set_error (r->error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "%s has a number written with more than %d characters", r->subject, FB_JSON_MAX_NUMBER_LEN);
      return FALSE;
    }
  memcpy (token, begin, n);
  token[n] = '\0';
  errno = 0;
  if (integer)
    g_ascii_strtoll (token, NULL, 10);
  if ((integer && errno == ERANGE) || (!integer && !isfinite (g_ascii_strtod (token, NULL))))
    {
      g_set_error (r->error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "%s has a number out of range (%s)", r->subject, token);
      return FALSE;
    }
  return TRUE;
}

static gboolean read_value (Reader *r);

/* An array or an object: @close ends it; objects have "name": before each value. */
static gboolean
read_container (Reader *r,
                guint8  close)
{
  if (++r->depth > r->max_depth)
    {
      g_set_error (r->error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_DEEP,
                   "The JSON nests deeper than %u levels", r->max_depth);
      return FALSE;
    }
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == close)
    {
      r->p++;
      r->depth--;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (r->p >= r->end || *r->p != '"')
            return syntax_error (r, "a member without a quoted name");
          if (!read_string (r))
            return FALSE;
          skip_space (r);
          if (r->p >= r->end || *r->p != ':')
            return syntax_error (r, "a member name without a colon");
          r->p++;
        }
      if (!read_value (r))
        return FALSE;
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          skip_space (r);
          continue;
        }
      if (r->p < r->end && *r->p == close)
        {
          r->p++;
          r->depth--;
          return TRUE;
        }
      return syntax_error (r, close == '}' ? "an object that does not end" : "an array that does not end");
    }
}

static gboolean
read_value (Reader *r)
{
  skip_space (r);
  if (r->p >= r->end)
    return syntax_error (r, "a value missing");
  switch (*r->p)
    {
    case '{': return read_container (r, '}');
    case '[': return read_container (r, ']');
    case '"': return read_string (r);
    case 't': return expect (r, "true");
    case 'f': return expect (r, "false");
    case 'n': return expect (r, "null");
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return read_number (r);
      return syntax_error (r, "something that is not a value");
    }
}

static gboolean
check_text (const guint8  *data,
            gsize          len,
            guint          max_depth,
            const char    *subject,
            GError       **error)
{
  Reader r = { data, data, data + len, 0, max_depth, subject, error };

  skip_space (&r);
  if (r.p == r.end)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "%s is empty, not JSON", subject);
      return FALSE;
    }
  if (!read_value (&r))
    return FALSE;
  skip_space (&r);
  if (r.p != r.end)
    return syntax_error (&r, "more after the end of the value");
  return TRUE;
}

JsonParser *
fb_json_parse (const guint8  *data,
               gsize          len,
               const char    *subject,
               JsonNode     **root,
               GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;

  if (len == 0)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "%s is empty, not JSON",
                   subject);
      return NULL;
    }

  if (!g_utf8_validate ((const char *) data, len, NULL))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_UTF8, "%s is not UTF-8 text",
                   subject);
      return NULL;
    }

  if (!check_text (data, len, FB_JSON_MAX_DEPTH, subject, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) data, len, &json_error))
    {
      /* JSON-GLib quotes what it choked on, which may be half a character. */
      g_autofree char *why = g_utf8_make_valid (json_error->message, -1);

      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "%s is not JSON: %s", subject, why);
      return NULL;
    }

  /* Only white space: JSON-GLib loads it without an error, and without a root. */
  *root = json_parser_get_root (parser);
  if (*root == NULL)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "%s is empty, not JSON",
                   subject);
      return NULL;
    }
  return g_steal_pointer (&parser);
}

char *
fb_json_to_compact_text (const guint8  *data,
                         gsize          len,
                         const char    *subject,
                         GError       **error)
{
  GString *out;
  gboolean in_string = FALSE;

  if (len == 0)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "%s is empty, not JSON", subject);
      return NULL;
    }
  if (!g_utf8_validate ((const char *) data, len, NULL))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_UTF8, "%s is not UTF-8 text", subject);
      return NULL;
    }
  if (!check_text (data, len, FB_JSON_MAX_DEPTH, subject, error))
    return NULL;

  /* Strict JSON has no raw control characters in strings: every space, tab and newline outside
     them is only layout. */
  out = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (in_string && c == '\\')
        {
          g_string_append_c (out, c);
          g_string_append_c (out, data[++i]);
          continue;
        }
      if (c == '"')
        in_string = !in_string;
      else if (!in_string && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
        continue;
      g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
fb_json_add_member_text (const char *object_text,
                         const char *name,
                         const char *value_text)
{
  gsize len;

  g_return_val_if_fail (object_text != NULL && name != NULL && value_text != NULL, NULL);

  len = strlen (object_text);
  while (len > 0 && g_ascii_isspace (object_text[len - 1]))
    len--;
  g_return_val_if_fail (len >= 2 && object_text[0] == '{' && object_text[len - 1] == '}', NULL);

  return g_strdup_printf ("%.*s%s\"%s\":%s}", (int) (len - 1), object_text, len > 2 ? "," : "", name,
                          value_text);
}

JsonParser *
fb_json_parse_object (const guint8  *data,
                      gsize          len,
                      gsize          max_len,
                      const char    *what,
                      JsonObject   **object,
                      GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (len > max_len)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_LARGE,
                   "The message is %zu bytes; %s are at most %zu bytes", len, what, max_len);
      return NULL;
    }

  parser = fb_json_parse (data, len, "The message", &root, error);
  if (parser == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_OBJECT,
                   "The message is %s, not a JSON object", fb_json_type_name (root));
      return NULL;
    }

  *object = json_node_get_object (root);
  return g_steal_pointer (&parser);
}

const char *
fb_json_get_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
fb_json_get_number (JsonObject *object,
                    const char *name,
                    double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

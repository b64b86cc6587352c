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

/* A number token outside strings: JSON-GLib reads 1e999 as infinity (and writes it back as
   "inf.0", which is not JSON) and wraps an integer past 2^63 round to a negative one. */
static gboolean
check_number (const guint8  *data,
              gsize          len,
              gsize         *i,
              GError       **error)
{
  char token[FB_JSON_MAX_NUMBER_LEN + 1];
  gboolean integer = TRUE;
  gsize start = *i, n;

  while (*i < len && (g_ascii_isdigit (data[*i]) || data[*i] == '-' || data[*i] == '+'
                      || data[*i] == '.' || data[*i] == 'e' || data[*i] == 'E'))
    {
      if (data[*i] == '.' || data[*i] == 'e' || data[*i] == 'E')
        integer = FALSE;
      (*i)++;
    }
  n = *i - start;
  (*i)--;   /* the caller's loop steps past the token's last byte */

  if (n > FB_JSON_MAX_NUMBER_LEN)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The JSON has a number written with more than %d characters", FB_JSON_MAX_NUMBER_LEN);
      return FALSE;
    }
  memcpy (token, data + start, n);
  token[n] = '\0';

  errno = 0;
  if (integer)
    g_ascii_strtoll (token, NULL, 10);
  else if (isfinite (g_ascii_strtod (token, NULL)))
    return TRUE;
  if (errno == ERANGE || !integer)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The JSON has a number out of range (%s)", token);
      return FALSE;
    }
  return TRUE;
}

gboolean
fb_json_check (const guint8  *data,
               gsize          len,
               guint          max_depth,
               GError       **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (in_string)
        {
          /* JSON-GLib ends a string at \u0000: "a\u0000b" would be read as "a". */
          if (c == '\\' && i + 5 < len && data[i + 1] == 'u' && memcmp (data + i + 2, "0000", 4) == 0)
            {
              g_set_error_literal (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                                   "The JSON has a NUL character (\\u0000) in a string");
              return FALSE;
            }
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_DEEP,
                           "The JSON nests deeper than %u levels", max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      else if ((c == '-' || g_ascii_isdigit (c)) && !check_number (data, len, &i, error))
        return FALSE;
    }
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

  if (!fb_json_check (data, len, FB_JSON_MAX_DEPTH, error))
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

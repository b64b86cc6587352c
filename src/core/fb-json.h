/* fb-json.h: the checks every message decoder shares — size, UTF-8, JSON, an object at the top. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Why a text from the network was refused: every decoder (orders, feeders, AWS answers) reports
   in this one domain. */
#define FB_DECODE_ERROR (fb_decode_error_quark ())

typedef enum
{
  FB_DECODE_ERROR_TOO_LARGE,
  FB_DECODE_ERROR_NOT_UTF8,
  FB_DECODE_ERROR_NOT_JSON,
  FB_DECODE_ERROR_NOT_OBJECT,
  FB_DECODE_ERROR_MISSING_FIELD,
  FB_DECODE_ERROR_WRONG_TYPE,
  FB_DECODE_ERROR_INVALID_VALUE,
  FB_DECODE_ERROR_TOO_DEEP,
} FbDecodeError;

GQuark      fb_decode_error_quark (void);

/* Deeper than any message or answer Feedboard reads; far below what would overflow the stack. */
#define FB_JSON_MAX_DEPTH 64

/* Parses @data as one JSON text after the checks every text from the network needs: not empty,
   UTF-8, nested at most FB_JSON_MAX_DEPTH deep. Returns the parser, which owns *@root; NULL with
   an FB_DECODE_ERROR whose message starts with @subject ("The message", "The list of orders"). */
JsonParser *fb_json_parse        (const guint8  *data,
                                  gsize          len,
                                  const char    *subject,
                                  JsonNode     **root,
                                  GError       **error);
/* Parses @data as one JSON object of at most @max_len bytes. Returns the parser, which owns
   *@object; NULL with an FB_DECODE_ERROR that says what is wrong. */
JsonParser *fb_json_parse_object (const guint8  *data,
                                  gsize          len,
                                  gsize          max_len,
                                  const char    *what,
                                  JsonObject   **object,
                                  GError       **error);
/* JSON-GLib recurses once per level of nesting, and a few hundred thousand "[" overflow the stack:
   every text from the network is checked first. FALSE with FB_DECODE_ERROR_TOO_DEEP when @data
   nests arrays and objects deeper than @max_depth (brackets inside strings do not count). */
gboolean    fb_json_check_depth  (const guint8  *data,
                                  gsize          len,
                                  guint          max_depth,
                                  GError       **error);
/* @object's member @name if it is a string, else NULL: absent and of another type alike (a wrong
   type is the sender's mistake; JSON-GLib's typed getters would assert on it). @object may be NULL. */
const char *fb_json_get_string   (JsonObject    *object,
                                  const char    *name);
/* The same for a number (integer or not): TRUE and *@value, or FALSE. */
gboolean    fb_json_get_number   (JsonObject    *object,
                                  const char    *name,
                                  double        *value);
/* "a string", "a number", … for messages about wrong types. */
const char *fb_json_type_name    (JsonNode      *node);

G_END_DECLS

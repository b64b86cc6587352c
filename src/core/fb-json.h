/* SPDX-License-Identifier: GPL-3.0-or-later */
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
/* Longer than any number a message needs (a double has at most 17 significant digits). */
#define FB_JSON_MAX_NUMBER_LEN 64

/* The one way Feedboard reads JSON it did not write (messages, answers, ledger records; the style
   test refuses JSON-GLib's own loaders anywhere else). Parses @data as one JSON text after the
   checks every text from the network needs: not empty, UTF-8, and strict RFC 8259 JSON, checked on
   the bytes before JSON-GLib sees them, with what JSON-GLib cannot be trusted with refused too:
   nesting deeper than FB_JSON_MAX_DEPTH (it recurses once per level, and a few hundred thousand "["
   overflow the stack; FB_DECODE_ERROR_TOO_DEEP), a NUL in a string (it would end the string
   there: "a\u0000b" read as "a"), numbers it would read wrong (1e999 as infinity, which it writes
   back as "inf.0"; integers past 64 bits wrapped round) or written with more than
   FB_JSON_MAX_NUMBER_LEN characters (FB_DECODE_ERROR_INVALID_VALUE), and everything its scanner
   takes that JSON does not (octal escapes that make bytes that are not UTF-8, raw control
   characters, '…' strings, hex numbers, comments: FB_DECODE_ERROR_NOT_JSON).
   Returns the parser, which owns *@root; NULL with an FB_DECODE_ERROR whose message starts with
   @subject ("The message", "The list of orders"). */
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
/* @data, checked as fb_json_parse checks it, as compact JSON text: exactly the values sent (a
   number as written, not as JSON-GLib would write it back: it turns 1e17 into "1e+17.0", which
   is not JSON), without the layout, so on one line. NULL with an FB_DECODE_ERROR. */
char       *fb_json_to_compact_text (const guint8  *data,
                                     gsize          len,
                                     const char    *subject,
                                     GError       **error);
/* @object_text (a JSON object, as JsonGenerator writes one) with one more member, @name (plain
   ASCII, no quotes) set to @value_text (JSON text, e.g. from fb_json_to_compact_text). */
char       *fb_json_add_member_text (const char    *object_text,
                                     const char    *name,
                                     const char    *value_text);
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

/* fb-json.h: the checks every message decoder shares — size, UTF-8, JSON, an object at the top. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses @data as one JSON object of at most @max_len bytes. Returns the parser, which owns
   *@object; NULL with an FB_DECODE_ERROR (fb-order-event.h) that says what is wrong. */
JsonParser *fb_json_parse_object (const guint8  *data,
                                  gsize          len,
                                  gsize          max_len,
                                  const char    *what,
                                  JsonObject   **object,
                                  GError       **error);
/* "a string", "a number", … for messages about wrong types. */
const char *fb_json_type_name    (JsonNode      *node);

G_END_DECLS

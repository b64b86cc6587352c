/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json-writer.c: any bytes written as a JSON string read back through JSON-GLib as the same
 * text (invalid UTF-8 as U+FFFD), with no raw control character and valid UTF-8 throughout. */
#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-json.h"
#include "fb-json-writer.h"

/* Writes @text as {"s":…}, checks the JSON text, parses it and returns the string read back. */
static char *
round_trip (const char *text,
            gssize      len)
{
  g_autoptr(GString) out = g_string_new ("{");
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = NULL;

  fb_json_append_name (out, "s", TRUE);
  fb_json_append_string (out, text, len);
  g_string_append_c (out, '}');

  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
  for (gsize i = 0; i < out->len; i++)
    g_assert_cmpint ((guchar) out->str[i], >=, 0x20);

  parser = fb_json_parse_object ((const guint8 *) out->str, out->len, G_MAXSIZE, "The line", &object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parser);
  g_assert_nonnull (fb_json_get_string (object, "s"));
  return g_strdup (fb_json_get_string (object, "s"));
}

static void
check (const char *text,
       gssize      len)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  g_autofree char *expected = g_utf8_make_valid (text, n);
  g_autofree char *back = round_trip (text, len);

  /* JSON-GLib hands back a C string: it ends at an escaped NUL. */
  g_assert_cmpstr (back, ==, expected);
}

static void
test_exact (void)
{
  static const struct { const char *in; gssize len; const char *out; } cases[] = {
    { "", 0, "\"\"" },
    { "plain", -1, "\"plain\"" },
    { "a\"b\\c/d", -1, "\"a\\\"b\\\\c/d\"" },
    { "\b\f\n\r\t", -1, "\"\\b\\f\\n\\r\\t\"" },
    { "\x01\x1f\x7f", -1, "\"\\u0001\\u001f\x7f\"" },
    { "a\0b", 3, "\"a\\u0000b\"" },
    { "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80", -1, "\"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80\"" },
    { "\xff", -1, "\"\\ufffd\"" },
    { "x\xf0\x9f\x98", -1, "\"x\\ufffd\\ufffd\\ufffd\"" },     /* a character cut short */
    { "\xed\xa0\x80", -1, "\"\\ufffd\\ufffd\\ufffd\"" },      /* a UTF-16 surrogate */
    { "\xc0\xaf", -1, "\"\\ufffd\\ufffd\"" },                 /* overlong "/" */
    { "\xe2\x80\xa8", -1, "\"\xe2\x80\xa8\"" },               /* U+2028 is valid JSON */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      fb_json_append_string (out, cases[i].in, cases[i].len);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

static void
test_hostile (void)
{
  static const char *texts[] = {
    "", "orderId", "\"", "\\", "\\\"", "\"}, {\"x\": 1", "\\u0000", "\\ud800",
    "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
    "\x7f", "\xc3\xa9", "\xf0\x9f\x8d\x95\xf0\x9f\x9b\xb5", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80",
    "\x80", "\xbf\xbf", "\xc3", "\xe6\x97", "\xed\xbf\xbf", "\xef\xbf\xbe\xef\xbf\xbf", "\xfe\xff",
    "ok\xffok\xc3\xa9\x80", "\xe2\x80\xa8\xe2\x80\xa9", "</script>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    check (texts[i], -1);
}

static void
test_random_bytes (void)
{
  GRand *rand = g_rand_new_with_seed (14);

  for (guint i = 0; i < 5000; i++)
    {
      char buf[48];
      guint len = g_rand_int_range (rand, 0, sizeof buf);

      for (guint j = 0; j < len; j++)
        {
          /* Mostly bytes that make or break UTF-8, no NUL (JSON-GLib would end the text there). */
          guint kind = g_rand_int_range (rand, 0, 4);
          buf[j] = kind == 0 ? (char) g_rand_int_range (rand, 1, 0x80)
                 : kind == 1 ? (char) g_rand_int_range (rand, 0x80, 0xc0)
                 : kind == 2 ? (char) g_rand_int_range (rand, 0xc0, 0x100)
                 : "\"\\\n\x01"[g_rand_int_range (rand, 0, 4)];
        }
      check (buf, len);
    }
  g_rand_free (rand);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-writer/exact", test_exact);
  g_test_add_func ("/json-writer/hostile", test_hostile);
  g_test_add_func ("/json-writer/random-bytes", test_random_bytes);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-format.c: times as the orders page shows them (fb-format.c). */
#include <glib.h>
#include <locale.h>

#include "fb-format.h"

#define SECOND ((gint64) G_USEC_PER_SEC)

static void
test_format_age (void)
{
  gint64 now = 1710878608366000;   /* 2024-03-19T20:03:28.366Z */
  struct { gint64 ago; const char *text; } cases[] = {
    { 0, "just now" },
    { 4 * SECOND, "just now" },
    { 12 * SECOND, "12 s ago" },
    { 59 * SECOND, "59 s ago" },
    { 60 * SECOND, "1 min ago" },
    { 150 * SECOND, "2 min ago" },
    { 3 * 3600 * SECOND + 5, "3 h ago" },
    { 2 * 86400 * SECOND, "2 d ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fb_format_age (now - cases[i].ago, now);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* No time known: nothing shown, rather than "54 years ago". */
  {
    g_autofree char *empty = fb_format_age (0, now);
    g_assert_cmpstr (empty, ==, "");
  }
}

static void
test_format_local_time (void)
{
  gint64 t = 1710878608366000;   /* 2024-03-19T20:03:28.366Z */
  g_autofree char *same_day = NULL;
  g_autofree char *with_ms = NULL;
  g_autofree char *other_day = NULL;

  g_setenv ("TZ", "UTC", TRUE);
  same_day = fb_format_local_time (t, t + 3600 * SECOND, FALSE);
  g_assert_cmpstr (same_day, ==, "20:03:28");
  with_ms = fb_format_local_time (t, t, TRUE);
  g_assert_cmpstr (with_ms, ==, "20:03:28.366");
  other_day = fb_format_local_time (t, t + 3 * 86400 * SECOND, FALSE);
  g_assert_true (g_str_has_suffix (other_day, " 20:03:28"));
  g_assert_cmpuint (strlen (other_day), >, strlen ("20:03:28"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/age", test_format_age);
  g_test_add_func ("/format/local-time", test_format_local_time);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-format.c: times as a person reads them, shared by the orders page and the history pane. */
#define G_LOG_DOMAIN "fb-format"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-format.h"

/* GLib 2.74's g_time_zone_new_local () reads /etc/localtime again at every call when TZ is not
   set (it was 10 % of the app's CPU while orders streamed in): the zone is kept for a minute. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;
  static gint64 loaded_at;
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - loaded_at > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      loaded_at = now;
    }
  return zone;
}

char *
fb_format_local_time (gint64   real_time_us,
                      gint64   now_us,
                      gboolean with_ms)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *clock = NULL;

  if (real_time_us <= 0)
    return g_strdup ("");

  /* g_date_time_new_from_unix_utc_usec () is GLib 2.80; Debian 12 has 2.74. */
  {
    g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (real_time_us / G_USEC_PER_SEC);

    if (seconds == NULL)
      return g_strdup ("");
    utc = g_date_time_add (seconds, real_time_us % G_USEC_PER_SEC);
  }
  local = g_date_time_to_timezone (utc, local_zone ());
  {
    g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);

    now = now_utc != NULL ? g_date_time_to_timezone (now_utc, local_zone ()) : NULL;
  }

  clock = g_date_time_format (local, "%H:%M:%S");
  if (with_ms)
    {
      char *tmp = g_strdup_printf ("%s.%03d", clock, g_date_time_get_microsecond (local) / 1000);
      g_free (clock);
      clock = tmp;
    }

  if (now != NULL
      && g_date_time_get_year (now) == g_date_time_get_year (local)
      && g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (local))
    return g_steal_pointer (&clock);

  {
    g_autofree char *date = g_date_time_format (local, "%x");
    return g_strdup_printf ("%s %s", date, clock);
  }
}

char *
fb_format_age (gint64 then_us,
               gint64 now_us)
{
  gint64 seconds;

  if (then_us <= 0)
    return g_strdup ("");

  seconds = (now_us - then_us) / G_USEC_PER_SEC;
  if (seconds < 5)
    return g_strdup (_("just now"));
  if (seconds < 60)
    /* Translators: age of an order, in seconds. */
    return g_strdup_printf (_("%d s ago"), (int) seconds);
  if (seconds < 3600)
    /* Translators: age of an order, in minutes. */
    return g_strdup_printf (_("%d min ago"), (int) (seconds / 60));
  if (seconds < 86400)
    /* Translators: age of an order, in hours. */
    return g_strdup_printf (_("%d h ago"), (int) (seconds / 3600));
  /* Translators: age of an order, in days. */
  return g_strdup_printf (_("%d d ago"), (int) (seconds / 86400));
}

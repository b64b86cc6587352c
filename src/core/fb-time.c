/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-time.c: "2024-03-19T20:03:28.366Z", UTC with milliseconds, like the order backend's
 * updatedAt (JavaScript's toISOString). */
#define G_LOG_DOMAIN "fb-time"

#include "fb-time.h"

char *
fb_time_format_rfc3339_ms (gint64 usec_since_epoch)
{
  g_autoptr(GDateTime) t = NULL;
  g_autofree char *base = NULL;
  gint64 seconds = usec_since_epoch / G_USEC_PER_SEC;
  gint64 rest = usec_since_epoch % G_USEC_PER_SEC;

  if (rest < 0)
    {
      rest += G_USEC_PER_SEC;
      seconds--;
    }
  /* A time read from a damaged file may be outside what GDateTime holds (years 1 to 9999). */
  t = g_date_time_new_from_unix_utc (seconds);
  if (t == NULL)
    return g_strdup (seconds < 0 ? "0001-01-01T00:00:00.000Z" : "9999-12-31T23:59:59.999Z");
  base = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) (rest / 1000));
}

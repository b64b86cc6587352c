/* fb-time.c: "2024-03-19T20:03:28.366Z", UTC with milliseconds, like the order backend's
 * updatedAt (JavaScript's toISOString). */
#include "fb-time.h"

char *
fb_time_format_rfc3339_ms (gint64 usec_since_epoch)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec_since_epoch / G_USEC_PER_SEC);
  g_autofree char *base = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, (int) ((usec_since_epoch / 1000) % 1000));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ksuid.c: a KSUID is 4 bytes of seconds since 2014-05-13T16:53:20Z followed by 16
 * random bytes, written as 27 base62 digits so that ids sort by creation time. */
#define G_LOG_DOMAIN "fb-ksuid"

#include <string.h>

#include "fb-ksuid.h"

#define KSUID_EPOCH 1400000000
static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

char *
fb_ksuid_from_raw (guint32      timestamp,
                   const guint8 payload[16])
{
  guint8 number[20];
  char out[FB_KSUID_LENGTH + 1];
  int n = 20;

  number[0] = timestamp >> 24;
  number[1] = timestamp >> 16;
  number[2] = timestamp >> 8;
  number[3] = timestamp;
  memcpy (number + 4, payload, 16);

  /* Repeated division of the 160-bit big-endian number by 62. */
  memset (out, '0', FB_KSUID_LENGTH);
  out[FB_KSUID_LENGTH] = '\0';
  for (int pos = FB_KSUID_LENGTH - 1; pos >= 0; pos--)
    {
      guint remainder = 0;
      gboolean zero = TRUE;

      for (int i = 0; i < n; i++)
        {
          guint value = (remainder << 8) | number[i];
          number[i] = value / 62;
          remainder = value % 62;
          if (number[i] != 0)
            zero = FALSE;
        }
      out[pos] = base62[remainder];
      if (zero)
        break;
    }

  return g_strdup (out);
}

char *
fb_ksuid_new (void)
{
  guint8 payload[16];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (payload + i, &r, 4);
    }

  return fb_ksuid_from_raw ((guint32) (now - KSUID_EPOCH), payload);
}

/* main.c: feedboard-sim, the local stand-in for the whole backend. */
#include "config.h"

#include <glib.h>

#include "fb-version.h"

int
main (int   argc,
      char *argv[])
{
  g_print ("feedboard-sim %s: not implemented yet\n", fb_version ());
  return 1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-sim.h: feedboard-sim as a test fixture: started on free loopback ports, tied to the
   test's life (--parent-pid), its KEY=VALUE lines at hand, stopped and cleaned up. */
#pragma once

#include <gio/gio.h>

typedef struct
{
  GSubprocess *process;
  GHashTable  *vars;
  char        *dir;
  char        *archive;
} FbTestSim;

/* Extra arguments, NULL-terminated (default: --feeders=1). Always --speed 20 --no-orders. */
void        fb_test_sim_start (FbTestSim  *sim,
                               const char *first_arg,
                               ...) G_GNUC_NULL_TERMINATED;
void        fb_test_sim_stop  (FbTestSim  *sim);
const char *fb_test_sim_var   (FbTestSim  *sim,
                               const char *name);
/* Runs the default main context until @done or @seconds pass; returns @done's last answer. */
gboolean    fb_test_wait_for  (gboolean  (*done) (gpointer),
                               gpointer    data,
                               guint       seconds);
/* Runs the default main context for @ms: a window for what must not happen (a late answer). */
void        fb_test_run_for   (guint       ms);

/* An async call, waited for: pass fb_test_keep_result as its callback and a GAsyncResult *
   (NULL) as its user_data; fb_test_wait_for_result () runs the default main context until the
   result is there or @seconds pass and returns it (owned by *@slot), or NULL if it did not come. */
void          fb_test_keep_result     (GObject       *source,
                                       GAsyncResult  *result,
                                       gpointer       slot);
GAsyncResult *fb_test_wait_for_result (GAsyncResult **slot,
                                       guint          seconds);

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-sim.c: feedboard-sim as a test fixture. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fb-test-sim.h"

void
fb_test_sim_stop (FbTestSim *sim)
{
  if (sim->process != NULL)
    {
      g_subprocess_send_signal (sim->process, SIGTERM);
      g_subprocess_wait (sim->process, NULL, NULL);
    }
  g_clear_object (&sim->process);
  g_clear_pointer (&sim->vars, g_hash_table_unref);
  if (sim->archive != NULL)
    g_remove (sim->archive);
  if (sim->dir != NULL)
    g_rmdir (sim->dir);
  g_clear_pointer (&sim->archive, g_free);
  g_clear_pointer (&sim->dir, g_free);
}

void
fb_test_sim_start (FbTestSim  *sim,
                   const char *first_arg,
                   ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;
  char *line;

  sim->dir = g_dir_make_tmp ("fb-test-sim-XXXXXX", &error);
  g_assert_no_error (error);
  sim->archive = g_build_filename (sim->dir, "archive.jsonl", NULL);

  g_ptr_array_add (argv, g_build_filename (g_getenv ("FB_BUILD_DIR"), "sim", "feedboard-sim", NULL));
  g_ptr_array_add (argv, g_strdup ("--speed=20"));
  g_ptr_array_add (argv, g_strdup ("--no-orders"));
  g_ptr_array_add (argv, g_strdup_printf ("--archive=%s", sim->archive));
  g_ptr_array_add (argv, g_strdup_printf ("--parent-pid=%d", (int) getpid ()));
  g_ptr_array_add (argv, g_strdup (first_arg != NULL ? first_arg : "--feeders=1"));
  va_start (args, first_arg);
  for (const char *arg = first_arg != NULL ? va_arg (args, const char *) : NULL; arg != NULL;
       arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sim->process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  sim->vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      char *eq = strchr (line, '=');

      if (g_str_equal (line, "READY"))
        {
          g_free (line);
          break;
        }
      if (eq != NULL)
        g_hash_table_insert (sim->vars, g_strndup (line, eq - line), g_strdup (eq + 1));
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (g_hash_table_lookup (sim->vars, "IOT_ENDPOINT"));
}

const char *
fb_test_sim_var (FbTestSim  *sim,
                 const char *name)
{
  return g_hash_table_lookup (sim->vars, name);
}

static gboolean
fb_test_deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Each iteration sleeps until a source of the loop is ready (an answer, a signal, the deadline)
 * and @done is asked again after it: no polling. What @done looks at must change on the loop. */
gboolean
fb_test_wait_for (gboolean (*done) (gpointer),
                  gpointer   data,
                  guint      seconds)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds_full (G_PRIORITY_HIGH, seconds, fb_test_deadline_cb, &expired, NULL);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
  return done (data);
}

void
fb_test_run_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add_full (G_PRIORITY_HIGH, ms, fb_test_deadline_cb, &expired, NULL);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

void
fb_test_keep_result (GObject      *source,
                     GAsyncResult *result,
                     gpointer      slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
}

static gboolean
has_result (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

GAsyncResult *
fb_test_wait_for_result (GAsyncResult **slot,
                         guint          seconds)
{
  fb_test_wait_for (has_result, slot, seconds);
  return *slot;
}

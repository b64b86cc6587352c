/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo.c: runs feedboard-sim as a child for `feedboard --demo`: starts it with
   --parent-pid (it dies with us), reads its KEY=VALUE lines until READY, and stops it. */
#define G_LOG_DOMAIN "fb-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <unistd.h>

#include "fb-demo.h"

#define FB_DEMO_MAX_LINES 200

struct _FbDemo
{
  GObject      parent_instance;

  GSubprocess *sim;
  GHashTable  *values;
};

G_DEFINE_FINAL_TYPE (FbDemo, fb_demo, G_TYPE_OBJECT)

G_DEFINE_QUARK (fb-demo-error-quark, fb_demo_error)

typedef struct {
  GDataInputStream *stdout_stream;
  guint             n_lines;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_object (&data->stdout_stream);
  g_free (data);
}

FbDemo *
fb_demo_new (void)
{
  return g_object_new (FB_TYPE_DEMO, NULL);
}

char *
fb_demo_find_sim_for (const char *exe)
{
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      const char *const candidates[] = {
        /* _build/src/gui/feedboard -> _build/sim/feedboard-sim */
        "../../sim/feedboard-sim",
        /* a relocated installation, or both in one directory */
        "feedboard-sim",
        "../libexec/feedboard-sim",
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *candidate = g_build_filename (dir, candidates[i], NULL);

          /* g_file_test () is true when any test is: a directory is "executable". */
          if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) && g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
            return g_canonicalize_filename (candidate, NULL);
        }
    }

  {
    g_autofree char *installed = g_build_filename (LIBEXECDIR, "feedboard-sim", NULL);

    if (g_file_test (installed, G_FILE_TEST_IS_REGULAR) && g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
      return g_steal_pointer (&installed);
  }
  return g_find_program_in_path ("feedboard-sim");
}

char *
fb_demo_find_sim (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *override = g_getenv ("FEEDBOARD_SIM");

  /* Tests (and packagers) name the binary. */
  if (override != NULL && *override != '\0')
    return g_strdup (override);
  return fb_demo_find_sim_for (exe);
}

const char *
fb_demo_get (FbDemo     *self,
             const char *key)
{
  g_return_val_if_fail (FB_IS_DEMO (self), NULL);

  return g_hash_table_lookup (self->values, key);
}

static void read_next_line (GTask *task);

static void
fb_demo_line_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbDemo *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *eq;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (line == NULL)
    {
      g_task_return_new_error (task, FB_DEMO_ERROR, FB_DEMO_ERROR_EXITED,
                               _("The demo backend (feedboard-sim) exited before it was ready"));
      return;
    }

  g_strchomp (line);
  if (g_str_equal (line, "READY"))
    {
      if (fb_demo_get (self, "IOT_ENDPOINT") == NULL && fb_demo_get (self, "MQTT_URL") == NULL)
        g_task_return_new_error (task, FB_DEMO_ERROR, FB_DEMO_ERROR_INCOMPLETE,
                                 _("The demo backend did not say where its broker is"));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  eq = strchr (line, '=');
  if (eq != NULL && eq != line)
    {
      g_autofree char *key = g_strndup (line, eq - line);

      /* Values may be secrets (the sim's test keys): never log them. */
      g_debug ("demo backend: %s", key);
      g_hash_table_replace (self->values, g_steal_pointer (&key), g_strdup (eq + 1));
    }

  if (++data->n_lines > FB_DEMO_MAX_LINES)
    {
      g_task_return_new_error (task, FB_DEMO_ERROR, FB_DEMO_ERROR_INCOMPLETE,
                               _("The demo backend never said it was ready"));
      return;
    }

  read_next_line (g_steal_pointer (&task));
}

static void
read_next_line (GTask *task)
{
  StartData *data = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (data->stdout_stream, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), fb_demo_line_read_cb, task);
}

void
fb_demo_start_async (FbDemo              *self,
                     const char * const  *extra_args,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *sim_path = NULL;
  StartData *data;

  g_return_if_fail (FB_IS_DEMO (self));
  g_return_if_fail (self->sim == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_demo_start_async);

  sim_path = fb_demo_find_sim ();
  if (sim_path == NULL)
    {
      g_task_return_new_error (task, FB_DEMO_ERROR, FB_DEMO_ERROR_NOT_FOUND,
                               _("The demo backend (feedboard-sim) is not installed"));
      return;
    }

  g_ptr_array_add (argv, g_steal_pointer (&sim_path));
  g_ptr_array_add (argv, g_strdup ("--speed"));
  g_ptr_array_add (argv, g_strdup ("10"));
  /* Enough trouble to see in the overview and the alerts within minutes: some cancelled, some
     stuck, and half an hour of past orders (a stuck one among them) at the first connect. */
  g_ptr_array_add (argv, g_strdup ("--cancel-rate=0.1"));
  g_ptr_array_add (argv, g_strdup ("--stuck-rate=0.01"));
  g_ptr_array_add (argv, g_strdup ("--backfill=30"));
  g_ptr_array_add (argv, g_strdup ("--parent-pid"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", (int) getpid ()));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  g_debug ("starting %s", (const char *) argv->pdata[0]);
  self->sim = g_subprocess_newv ((const char * const *) argv->pdata,
                                 G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (self->sim == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (StartData, 1);
  data->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->sim));
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  read_next_line (g_steal_pointer (&task));
}

gboolean
fb_demo_start_finish (FbDemo        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (FB_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gpointer
cancel_later (gpointer data)
{
  g_autoptr(GCancellable) cancellable = data;

  g_usleep (3 * G_USEC_PER_SEC);
  g_cancellable_cancel (cancellable);
  return NULL;
}

void
fb_demo_stop (FbDemo *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  g_return_if_fail (FB_IS_DEMO (self));

  if (self->sim == NULL)
    return;

  /* SIGTERM lets the sim stop its Mosquitto; --parent-pid covers the case we crash. A sim
     that does not stop within a few seconds is killed: quitting never hangs on it. */
  cancellable = g_cancellable_new ();
  g_subprocess_send_signal (self->sim, SIGTERM);
  g_thread_unref (g_thread_new ("fb-demo-stop", cancel_later, g_object_ref (cancellable)));
  if (!g_subprocess_wait (self->sim, cancellable, NULL))
    {
      g_subprocess_force_exit (self->sim);
      g_subprocess_wait (self->sim, NULL, NULL);
    }
  g_clear_object (&self->sim);
}

static void
fb_demo_dispose (GObject *object)
{
  FbDemo *self = FB_DEMO (object);

  fb_demo_stop (self);

  G_OBJECT_CLASS (fb_demo_parent_class)->dispose (object);
}

static void
fb_demo_finalize (GObject *object)
{
  FbDemo *self = FB_DEMO (object);

  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (fb_demo_parent_class)->finalize (object);
}

static void
fb_demo_class_init (FbDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_demo_dispose;
  object_class->finalize = fb_demo_finalize;
}

static void
fb_demo_init (FbDemo *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

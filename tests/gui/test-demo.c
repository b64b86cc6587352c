/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo.c: FbDemo (feedboard --demo) against a stand-in feedboard-sim script: it reads the
   KEY=VALUE lines until READY, passes --speed and --parent-pid, reports a sim that dies early,
   and stops the sim. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "fb-demo.h"

typedef struct {
  char *dir;
  char *script;
  char *args_file;
  char *pid_file;
} Fixture;

static void
write_script (Fixture    *f,
              const char *body)
{
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\necho \"$@\" > '%s'\necho $$ > '%s'\n%s\n",
                                           f->args_file, f->pid_file, body);

  g_assert_true (g_file_set_contents (f->script, text, -1, NULL));
  g_assert_cmpint (g_chmod (f->script, 0755), ==, 0);
  g_setenv ("FEEDBOARD_SIM", f->script, TRUE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("fb-test-demo-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->script = g_build_filename (f->dir, "feedboard-sim", NULL);
  f->args_file = g_build_filename (f->dir, "args", NULL);
  f->pid_file = g_build_filename (f->dir, "pid", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_unlink (f->script);
  g_unlink (f->args_file);
  g_unlink (f->pid_file);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->script);
  g_free (f->args_file);
  g_free (f->pid_file);
  g_unsetenv ("FEEDBOARD_SIM");
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
start_demo (FbDemo  *demo,
            GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  fb_demo_start_async (demo, NULL, NULL, on_started, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);

  return fb_demo_start_finish (demo, result, error);
}

static gboolean
process_alive (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d", pid);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_demo_ready (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FbDemo) demo = fb_demo_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *expected_parent = g_strdup_printf ("--parent-pid %d", (int) getpid ());
  int pid;

  write_script (f,
                "echo 'feedboard-sim: starting' >&2\n"
                "echo MQTT_URL=mqtt://127.0.0.1:1\n"
                "echo IOT_ENDPOINT=ws://127.0.0.1:2\n"
                "echo AWS_REGION=us-east-1\n"
                "echo AWS_ACCESS_KEY_ID=AKIDEXAMPLE\n"
                "echo AWS_SECRET_ACCESS_KEY=secret=with=equals\n"
                "echo not a key value line\n"
                "echo READY\n"
                "exec sleep 60");

  g_assert_true (start_demo (demo, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fb_demo_get (demo, "IOT_ENDPOINT"), ==, "ws://127.0.0.1:2");
  g_assert_cmpstr (fb_demo_get (demo, "AWS_REGION"), ==, "us-east-1");
  g_assert_cmpstr (fb_demo_get (demo, "AWS_SECRET_ACCESS_KEY"), ==, "secret=with=equals");
  g_assert_null (fb_demo_get (demo, "READY"));

  g_assert_true (g_file_get_contents (f->args_file, &args, NULL, NULL));
  g_assert_nonnull (strstr (args, "--speed 10"));
  g_assert_nonnull (strstr (args, expected_parent));

  g_assert_true (g_file_get_contents (f->pid_file, &pid_text, NULL, NULL));
  pid = atoi (pid_text);
  g_assert_true (process_alive (pid));
  fb_demo_stop (demo);
  g_assert_false (process_alive (pid));
}

static void
test_demo_exits_early (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FbDemo) demo = fb_demo_new ();
  g_autoptr(GError) error = NULL;

  write_script (f, "echo MQTT_URL=mqtt://127.0.0.1:1\nexit 3");

  g_assert_false (start_demo (demo, &error));
  g_assert_error (error, FB_DEMO_ERROR, FB_DEMO_ERROR_EXITED);
}

static void
test_demo_not_found (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FbDemo) demo = fb_demo_new ();
  g_autoptr(GError) error = NULL;

  g_setenv ("FEEDBOARD_SIM", "/nonexistent/feedboard-sim", TRUE);
  g_assert_false (start_demo (demo, &error));
  g_assert_nonnull (error);
}

/* An installation elsewhere than the configured prefix, without feedboard-sim on PATH: found in
   its own libexec, or beside the app; a directory named feedboard-sim is not a program. */
static void
test_demo_find_installed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *bin = g_build_filename (f->dir, "bin", NULL);
  g_autofree char *libexec = g_build_filename (f->dir, "libexec", NULL);
  g_autofree char *app = g_build_filename (bin, "feedboard", NULL);
  g_autofree char *in_libexec = g_build_filename (libexec, "feedboard-sim", NULL);
  g_autofree char *beside = g_build_filename (bin, "feedboard-sim", NULL);
  g_autofree char *found = NULL;
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));

  g_assert_cmpint (g_mkdir (bin, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (libexec, 0700), ==, 0);
  g_assert_true (g_file_set_contents (app, "", 0, NULL));
  g_setenv ("PATH", "/nonexistent", TRUE);

  /* Nothing installed anywhere it looks (the configured LIBEXECDIR is not this test's). */
  g_assert_cmpint (g_mkdir (beside, 0700), ==, 0);
  found = fb_demo_find_sim_for (app);
  g_assert_true (found == NULL || !g_str_has_prefix (found, f->dir));
  g_clear_pointer (&found, g_free);
  g_rmdir (beside);

  g_assert_true (g_file_set_contents (in_libexec, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (in_libexec, 0755), ==, 0);
  found = fb_demo_find_sim_for (app);
  g_assert_cmpstr (found, ==, in_libexec);
  g_clear_pointer (&found, g_free);

  g_assert_true (g_file_set_contents (beside, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (beside, 0755), ==, 0);
  found = fb_demo_find_sim_for (app);
  g_assert_cmpstr (found, ==, beside);

  g_setenv ("PATH", old_path, TRUE);
  g_unlink (beside);
  g_unlink (in_libexec);
  g_unlink (app);
  g_rmdir (bin);
  g_rmdir (libexec);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo/ready", Fixture, NULL, fixture_setup, test_demo_ready, fixture_teardown);
  g_test_add ("/demo/exits-early", Fixture, NULL, fixture_setup, test_demo_exits_early,
              fixture_teardown);
  g_test_add ("/demo/not-found", Fixture, NULL, fixture_setup, test_demo_not_found,
              fixture_teardown);
  g_test_add ("/demo/find-installed", Fixture, NULL, fixture_setup, test_demo_find_installed,
              fixture_teardown);

  return g_test_run ();
}

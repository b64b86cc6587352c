/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger-faults.c: FbLedger when the place it writes to fails. On a small tmpfs filled up,
 * recording pauses (a commit fails, :recording-problem says why), what comes meanwhile is held
 * up to its bound and the rest counted; when space comes back recording resumes by itself, the
 * held events and a gap record for the rest are committed, later events are recorded, and what
 * was committed before is intact. A ledger that cannot be opened for want of permission (a
 * read-only folder, journal files or a database of another user) is reported in words as an
 * I/O problem and left as it is, never moved aside as damaged. Mounting needs root; without it
 * the disk-full test is skipped, and the permission tests run as the caller with chmod. */
#define _GNU_SOURCE   /* setresuid, setresgid */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fb-ledger.h"
#include "fb-test-ledger.h"

#define NOBODY 65534

static gboolean private_mounts;   /* the test's own mount namespace: its tmpfs goes with it */

typedef struct
{
  int    problem_changes;
  gint64 gap_from;
  gint64 gap_until;
  gint64 gap_events;
} Seen;

static void
on_problem (FbLedger   *ledger,
            GParamSpec *pspec,
            Seen       *seen)
{
  seen->problem_changes++;
}

static void
on_gap (FbLedger *ledger,
        gint64    from,
        gint64    until,
        gint64    n_events,
        Seen     *seen)
{
  seen->gap_from = from;
  seen->gap_until = until;
  seen->gap_events = n_events;
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* :recording-problem changes on the owner's main context: run it until it says @paused, or
 * @seconds pass. */
static gboolean
wait_until_problem (FbLedger *ledger,
                    gboolean  paused,
                    int       seconds)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (seconds, deadline_cb, &expired);

  while ((fb_ledger_get_recording_problem (ledger) != NULL) != paused && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
  return (fb_ledger_get_recording_problem (ledger) != NULL) == paused;
}

static FbMqttMessage *
blob_message (gsize  size,
              gint64 received_at)
{
  FbMqttMessage *m = g_new0 (FbMqttMessage, 1);
  char *data = g_malloc (size);

  memset (data, 'x', size);
  m->topic = g_strdup ("sensors/blob");
  m->payload = g_bytes_new_take (data, size);
  m->received_at = received_at;
  return m;
}

/* Writes until the file system says it is full. */
static void
fill (const char *path)
{
  static char chunk[64 * 1024];
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, chunk, sizeof chunk) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static char *
export_all (FbLedger *ledger)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_ledger_export (ledger, 0, G_MAXINT64, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_disk_full (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  g_autoptr(FbLedgerState) state = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *gap_line = NULL;
  gint64 t0 = 1700000000LL * G_USEC_PER_SEC, committed, held;
  Seen seen = { 0 };
  const int n_blobs = 100;   /* 100 KiB each: more than FB_LEDGER_MAX_HELD_BYTES */

  if (!private_mounts || mount ("tmpfs", dir, "tmpfs", 0, "size=40m,mode=0700") != 0)
    {
      g_autofree char *why = g_strdup_printf ("mounting a small tmpfs needs root (CAP_SYS_ADMIN): %s", g_strerror (errno));
      g_test_skip (why);
      g_rmdir (dir);
      return;
    }

  ledger = fb_ledger_open (dir, &error);
  g_assert_no_error (error);
  g_signal_connect (ledger, "notify::recording-problem", G_CALLBACK (on_problem), &seen);
  g_signal_connect (ledger, "gap", G_CALLBACK (on_gap), &seen);

  /* Ten orders recorded while there is room. */
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("before%d", i);
      g_autoptr(FbMqttMessage) m = fb_test_order_message (id, "SUBMITTED", t0, t0 + i);
      fb_ledger_append_message (ledger, m);
    }
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  g_assert_cmpint (fb_ledger_get_committed_seq (ledger), ==, 10);
  g_assert_null (fb_ledger_get_recording_problem (ledger));

  /* The disk fills up: a commit fails, recording pauses and says why. */
  fill (filler);
  for (int i = 0; i < n_blobs; i++)
    {
      g_autoptr(FbMqttMessage) m = blob_message (100 * 1024, t0 + 1000 + i);
      fb_ledger_append_message (ledger, m);
    }
  g_assert_false (fb_test_ledger_flush (ledger, &error));
  g_assert_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO);
  g_test_message ("flush while full: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Recording is paused"));
  g_assert_nonnull (strstr (error->message, "the disk is full"));
  g_clear_error (&error);
  g_assert_true (wait_until_problem (ledger, TRUE, 10));
  g_test_message ("recording-problem: %s", fb_ledger_get_recording_problem (ledger));
  g_assert_nonnull (strstr (fb_ledger_get_recording_problem (ledger), "the disk is full"));
  g_assert_cmpint (fb_ledger_get_committed_seq (ledger), ==, 10);

  /* A retry while still full fails too, and changes nothing that was committed. The pause is not a
     wait for something: time for the writer's own first retry (after 1 s), which says nothing when
     it fails the same way, to come first. */
  g_usleep (1200 * 1000);
  g_assert_false (fb_test_ledger_flush (ledger, &error));
  g_clear_error (&error);
  g_assert_cmpint (fb_ledger_get_n_events (ledger), ==, 10);

  /* Space comes back: recording resumes by itself (no flush asked for it). */
  g_assert_cmpint (g_remove (filler), ==, 0);
  g_assert_true (wait_until_problem (ledger, FALSE, FB_LEDGER_MAX_RETRY_SECONDS + 10));
  committed = fb_ledger_get_committed_seq (ledger);
  held = committed - 10 - 1;   /* the gap record */
  g_test_message ("resumed: %" G_GINT64_FORMAT " held, %" G_GINT64_FORMAT " in the gap", held, seen.gap_events);
  g_assert_cmpint (seen.gap_events, >, 0);
  g_assert_cmpint (held + seen.gap_events, ==, n_blobs);
  g_assert_cmpint (held * 100 * 1024, <=, FB_LEDGER_MAX_HELD_BYTES);
  g_assert_cmpint (seen.gap_from, ==, t0 + 1000 + held);
  g_assert_cmpint (seen.gap_until, ==, t0 + 1000 + n_blobs - 1);
  g_assert_cmpint (seen.problem_changes, >=, 2);   /* paused (its words may change), resumed */

  /* Events after the recovery are recorded. */
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("after%d", i);
      g_autoptr(FbMqttMessage) m = fb_test_order_message (id, "SUBMITTED", t0, t0 + 5000 + i);
      fb_ledger_append_message (ledger, m);
    }
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_ledger_get_n_events (ledger), ==, 10 + held + 1 + 10);

  state = fb_ledger_read_state (ledger, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state->orders->len, ==, 20);

  /* The export shows the gap as a record of its own, with its count and reason. */
  exported = export_all (ledger);
  gap_line = g_strdup_printf ("\"kind\":\"gap\",\"payload\":{\"from\":");
  g_assert_nonnull (strstr (exported, gap_line));
  {
    g_autofree char *count = g_strdup_printf ("\"events\":%" G_GINT64_FORMAT ",\"reason\":", seen.gap_events);
    g_assert_nonnull (strstr (exported, count));
  }
  g_assert_nonnull (strstr (exported, "\"orderId\":\"before0\""));
  g_assert_nonnull (strstr (exported, "\"orderId\":\"after9\""));

  g_clear_object (&ledger);
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  g_rmdir (dir);
}

/* -- opening without permission: reported in words, left as it is -- */

typedef enum
{
  READ_ONLY_FOLDER,
  JOURNAL_NOT_OURS,
  DATABASE_NOT_OURS,
} Place;

static const char *const place_names[] = { "read-only-folder", "journal-not-ours", "database-not-ours" };

typedef struct
{
  char  *name;
  ino_t  inode;
  off_t  size;
  gint64 mtime;
} Entry;

/* The folder's files as they are: names, inodes, sizes and times. */
static GArray *
list_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;
      Entry e = { g_strdup (name) };

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      e.inode = st.st_ino;
      e.size = st.st_size;
      e.mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
      g_array_append_val (entries, e);
    }
  return entries;
}

static void
assert_same_files (GArray *before,
                   GArray *after)
{
  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    {
      Entry *b = &g_array_index (before, Entry, i);
      gboolean found = FALSE;

      for (guint j = 0; j < after->len; j++)
        {
          Entry *a = &g_array_index (after, Entry, j);

          if (g_str_equal (a->name, b->name))
            {
              g_assert_cmpuint (a->inode, ==, b->inode);
              g_assert_cmpint (a->size, ==, b->size);
              g_assert_cmpint (a->mtime, ==, b->mtime);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
}

static void
entries_free (GArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    g_free (g_array_index (entries, Entry, i).name);
  g_array_unref (entries);
}

/* The folder a test prepares and its subprocess opens (known to both without the environment). */
static char *
place_dir (Place place,
           pid_t test_pid)
{
  g_autofree char *name = g_strdup_printf ("fb-test-ledger-%d-%s", (int) test_pid, place_names[place]);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* In the subprocess: as nobody when root (root reads everything), then as the app opens it. */
static void
open_as_someone_else (Place place)
{
  g_autofree char *dir = place_dir (place, getppid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  g_autofree char *moved = NULL;

  if (geteuid () == 0)
    {
      g_assert_cmpint (setgroups (0, NULL), ==, 0);
      g_assert_cmpint (setresgid (NOBODY, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (setresuid (NOBODY, NOBODY, NOBODY), ==, 0);
    }
  ledger = fb_ledger_open_or_recover (dir, &moved, &error);
  g_assert_null (ledger);
  g_assert_null (moved);
  g_assert_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO);
  g_print ("%s\n", error->message);
}

static void
test_not_permitted (gconstpointer data)
{
  Place place = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subprocess = NULL;
  GArray *before, *after;
  gboolean root = geteuid () == 0;

  if (g_test_subprocess ())
    {
      open_as_someone_else (place);
      return;
    }

  /* A healthy ledger, owned (when root) by nobody, its folder open to nobody. */
  dir = place_dir (place, getpid ());
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  path = g_build_filename (dir, FB_LEDGER_FILE_NAME, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FbLedger) ledger = fb_ledger_open (dir, &error);

    g_assert_no_error (error);
    for (int i = 0; i < 5; i++)
      {
        g_autofree char *id = g_strdup_printf ("o%d", i);
        g_autoptr(FbMqttMessage) m = fb_test_order_message (id, "SUBMITTED", 1700000000LL * G_USEC_PER_SEC, 1000 + i);
        fb_ledger_append_message (ledger, m);
      }
    g_assert_true (fb_test_ledger_flush (ledger, &error));
  }
  if (root)
    {
      g_assert_cmpint (chown (dir, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
    }

  switch (place)
    {
    case READ_ONLY_FOLDER:
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      break;
    case JOURNAL_NOT_OURS:
      /* Journal files left by another user (root's, or unreadable to us). */
      for (const char *suffix = "-wal"; suffix != NULL; suffix = g_str_equal (suffix, "-wal") ? "-shm" : NULL)
        {
          g_autofree char *journal = g_strconcat (path, suffix, NULL);
          int fd = g_open (journal, O_WRONLY | O_CREAT, 0600);

          g_assert_cmpint (fd, >=, 0);
          close (fd);
          if (!root)
            g_assert_cmpint (g_chmod (journal, 0), ==, 0);
        }
      break;
    case DATABASE_NOT_OURS:
    default:
      if (root)
        g_assert_cmpint (chown (path, 0, 0), ==, 0);
      else
        g_assert_cmpint (g_chmod (path, 0), ==, 0);
      break;
    }

  before = list_files (dir);
  subprocess = g_strdup_printf ("/ledger/not-permitted/%s", place_names[place]);
  g_test_trap_subprocess (subprocess, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* In words: which folder or file, and what is wrong with the place, not "damaged". */
  g_test_trap_assert_stdout ("Cannot *fb-test-ledger-*");
  g_test_trap_assert_stdout_unmatched ("*damaged*");
  after = list_files (dir);
  assert_same_files (before, after);
  entries_free (before);
  entries_free (after);

  g_chmod (dir, 0700);
  fb_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Before any thread: a mount namespace of our own, so that a failed test leaves no mount. */
  private_mounts = unshare (CLONE_NEWNS) == 0 && mount ("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == 0;
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ledger/disk-full", test_disk_full);
  for (guint i = 0; i < G_N_ELEMENTS (place_names); i++)
    {
      g_autofree char *name = g_strdup_printf ("/ledger/not-permitted/%s", place_names[i]);
      g_test_add_data_func (name, GINT_TO_POINTER (i), test_not_permitted);
    }

  return g_test_run ();
}

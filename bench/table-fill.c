/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table-fill.c: what the orders table costs the main thread when it fills, the first update of
 * a burst: GTK 4.8's list makes and binds about 200 rows around the visible ones at once.
 *
 * Run under a display (`xvfb-run -a _build/bench/table-fill [--rounds N] [--orders N]`): each
 * round makes a window with a fresh FbOrdersTable, lets it draw empty, then gives it N orders and
 * times the main thread's CPU frame by frame until the list holds them all and that frame is
 * painted (make, bind, measure, lay out, draw): the worst frame, and all of them; then a batch
 * that changes 50 orders of the list, and one that changes every order (as in a burst), the same
 * way.
 * For instruction counts that do not depend on the machine's load:
 * `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=table_fill_frame ...`. */
#define G_LOG_DOMAIN "table-fill"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <time.h>

#include "fb-order-store.h"
#include "fb-orders-table.h"
#include "fb-renderer.h"

static const char * const statuses[] = {
  "SUBMITTED", "ACCEPTED_BY_STORE", "IN_KITCHEN", "READY_FOR_PICKUP", "OUT_FOR_DELIVERY", "DELIVERED",
};

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static GPtrArray *
make_events (guint  n_orders,
             guint  first,
             guint  step,
             gint64 updated_at)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);

  for (guint i = first; i < n_orders; i += step)
    {
      FbOrderEvent *ev = g_new0 (FbOrderEvent, 1);
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (updated_at / G_USEC_PER_SEC);

      ev->order_id = g_strdup_printf ("2Bench%05uKSUIDxxxxxxxxxxxxxx", i);
      ev->status = g_strdup (statuses[(i + updated_at / G_USEC_PER_SEC) % G_N_ELEMENTS (statuses)]);
      ev->event = g_strdup ("UPDATED");
      ev->updated_at_text = g_date_time_format_iso8601 (t);
      ev->updated_at = updated_at + i * 1000;
      ev->topic = g_strdup ("orders/events");
      ev->received_at = g_get_real_time ();
      g_ptr_array_add (events, ev);
    }
  return events;
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static GListModel *
shown_model (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GListModel *model = shown_model (child);

      if (model != NULL)
        return model;
    }
  return NULL;
}

/* Runs the main loop until the next frame of @widget is painted. */
static void
until_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);

  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* The frames to count, in a function of its own for callgrind's --toggle-collect: after @change,
 * until the table shows @n_rows rows and that is painted. Returns the worst frame's CPU time. */
G_GNUC_NO_INLINE static gint64
table_fill_frame (GtkWidget *table,
                  GCallback  change,
                  gpointer   data,
                  guint      n_rows,
                  gint64    *total)
{
  gint64 before = thread_cpu_us (), start = before, worst = 0;
  gboolean done = FALSE;

  ((void (*) (gpointer, gpointer)) change) (table, data);
  while (!done)
    {
      gint64 after;

      done = g_list_model_get_n_items (shown_model (table)) >= n_rows;
      until_painted (table);
      after = thread_cpu_us ();
      worst = MAX (worst, after - before);
      before = after;
    }
  *total = before - start;
  return worst;
}

/* The same for a change to a full list (--toggle-collect=table_change_frames). */
G_GNUC_NO_INLINE static gint64
table_change_frames (GtkWidget *table,
                     GPtrArray *events,
                     guint      n_rows,
                     gint64    *total);

static void
set_model (gpointer table,
           gpointer store)
{
  fb_orders_table_set_model (table, store);
}

static void
apply_batch (gpointer table,
             gpointer events)
{
  FbOrderStore *store = FB_ORDER_STORE (fb_orders_table_get_model (table));

  fb_order_store_apply_batch (store, events, NULL);
}

G_GNUC_NO_INLINE static gint64
table_change_frames (GtkWidget *table,
                     GPtrArray *events,
                     guint      n_rows,
                     gint64    *total)
{
  return table_fill_frame (table, G_CALLBACK (apply_batch), events, n_rows, total);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
print_stats (const char *what,
             GArray     *values)
{
  g_array_sort (values, compare_gint64);
  printf ("%-28s min %6.1f  median %6.1f  max %6.1f ms\n", what,
          g_array_index (values, gint64, 0) / 1000.0,
          g_array_index (values, gint64, values->len / 2) / 1000.0,
          g_array_index (values, gint64, values->len - 1) / 1000.0);
}

int
main (int    argc,
      char **argv)
{
  int rounds = 5, n_orders = 1250, width = 960, height = 640;
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds (5)", "N" },
    { "orders", 0, 0, G_OPTION_ARG_INT, &n_orders, "Orders in the list (1250)", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width (960)", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height (640)", "PX" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the orders table's first fill");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) fill_totals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) updates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all_updates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(AdwApplication) app = NULL;
  gint64 now = g_get_real_time ();

  fb_renderer_choose ();   /* as the app does, before GTK starts */
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* The app's resources and style sheet, as the app loads them. */
  app = g_object_new (ADW_TYPE_APPLICATION, "application-id", "io.github.feedboard.Feedboard.TableFill",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/io/github/feedboard/Feedboard", NULL);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_signal_emit_by_name (app, "startup");

  for (int r = 0; r < rounds; r++)
    {
      g_autoptr(FbOrderStore) store = fb_order_store_new ();
      g_autoptr(GPtrArray) events = make_events (n_orders, 0, 1, now - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
      g_autoptr(GPtrArray) changes = make_events (n_orders, r % 25, 25, now);
      g_autoptr(GPtrArray) all = make_events (n_orders, 0, 1, now + G_USEC_PER_SEC);
      GtkWidget *window = gtk_window_new ();
      GtkWidget *table = fb_orders_table_new ();
      gint64 took, total;

      fb_order_store_apply_batch (store, events, NULL);
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      gtk_window_set_child (GTK_WINDOW (window), table);
      gtk_window_present (GTK_WINDOW (window));
      until_painted (table);

      took = table_fill_frame (table, G_CALLBACK (set_model), store, n_orders, &total);
      g_array_append_val (fills, took);
      g_array_append_val (fill_totals, total);
      took = table_change_frames (table, changes, n_orders, &total);
      g_array_append_val (updates, took);
      took = table_change_frames (table, all, n_orders, &total);
      g_array_append_val (all_updates, took);

      gtk_window_destroy (GTK_WINDOW (window));
    }

  printf ("%d orders, %dx%d, %d rounds; the main thread's CPU per frame until painted\n",
          n_orders, width, height, rounds);
  print_stats ("first fill, worst frame", fills);
  print_stats ("first fill, all frames", fill_totals);
  print_stats ("50 orders changed", updates);
  print_stats ("every order changed", all_updates);
  return 0;
}

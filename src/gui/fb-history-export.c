/* fb-history-export.c: the export of a time range of the history as JSON Lines, the same lines
 * `feedboard-cli ledger export` prints. */
#define G_LOG_DOMAIN "fb-history-export"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-history-export.h"
#include "fb-window.h"

typedef struct
{
  GtkWindow *parent;
  FbLedger  *ledger;
  GtkEditable *since_row;
  GtkEditable *until_row;
  gint64     since;
  gint64     until;
  GFile     *file;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->parent);
  g_clear_object (&export->ledger);
  g_clear_object (&export->file);
  g_free (export);
}

gboolean
fb_history_parse_time (const char *text,
                       gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int y, mo, d, h, mi;
  double s;

  time = g_date_time_new_from_iso8601 (text, local);
  if (time == NULL && sscanf (text, "%d-%d-%d %d:%d:%lf", &y, &mo, &d, &h, &mi, &s) == 6)
    time = g_date_time_new_local (y, mo, d, h, mi, s);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static char *
format_local (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static void
toast (Export     *export,
       const char *text)
{
  if (FB_IS_WINDOW (export->parent))
    fb_window_add_toast (FB_WINDOW (export->parent), text);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GFileOutputStream) file_out = NULL;
  g_autoptr(GOutputStream) out = NULL;
  GError *error = NULL;

  file_out = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &error);
  if (file_out == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  out = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (file_out), 65536);
  if (!fb_ledger_export (export->ledger, export->since, export->until, out, cancellable, &error)
      || !g_output_stream_close (out, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (export->file);
  g_autofree char *text = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    text = g_strdup_printf (_("History exported to %s"), name);
  else
    text = g_strdup_printf (_("Could not export the history: %s"), error->message);
  toast (export, text);
}

static void
write_to (Export *export,
          GFile  *file)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_written, NULL);

  export->file = g_object_ref (file);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, write_thread);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
on_file_chosen (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file == NULL)
    {
      export_free (export);
      return;
    }
  write_to (export, file);
}
#else
static void
on_native_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  Export *export = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    write_to (export, file);
  else
    export_free (export);
  g_object_unref (dialog);
}
#endif

static void
choose_file (Export *export)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("feedboard-history-%s.jsonl", stamp);

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Export History"));
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, export->parent, NULL, on_file_chosen, export);
#else
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export History"), export->parent,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_native_response), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
#endif
}

static void
on_range_response (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  Export *export = user_data;

  if (g_strcmp0 (response, "export") != 0)
    {
      export_free (export);
      return;
    }
  if (!fb_history_parse_time (gtk_editable_get_text (export->since_row), &export->since)
      || !fb_history_parse_time (gtk_editable_get_text (export->until_row), &export->until)
      || export->since > export->until)
    {
      toast (export, _("Give the range as two times such as 2026-11-24 07:02:13, the first before the second"));
      export_free (export);
      return;
    }
  choose_file (export);
}

static GtkEditable *
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  gtk_list_box_append (list, row);
  return GTK_EDITABLE (row);
}

void
fb_history_export_run (GtkWindow *parent,
                       FbLedger  *ledger,
                       gint64     until)
{
  Export *export = g_new0 (Export, 1);
  GtkWidget *dialog;
  GtkWidget *list;
  gint64 first = 0, last = 0;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  export->parent = g_object_ref (parent);
  export->ledger = g_object_ref (ledger);
  fb_ledger_get_time_range (ledger, &first, &last);
  from_text = format_local (first > 0 ? first : g_get_real_time ());
  /* Up to the end of that second, so that the last event is in. */
  to_text = format_local (until > 0 ? until : (last > 0 ? last : g_get_real_time ()) + G_USEC_PER_SEC - 1);

  dialog = adw_message_dialog_new (parent, _("Export History"),
                                   _("The events received in this range are written as JSON Lines, one event per line."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  export->since_row = add_row (GTK_LIST_BOX (list), _("From"), from_text);
  export->until_row = add_row (GTK_LIST_BOX (list), _("To"), to_text);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_range_response), export);
  gtk_window_present (GTK_WINDOW (dialog));
}

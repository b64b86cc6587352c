/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history-export.c: the export of a time range of the history as JSON Lines, the same lines
 * `feedboard-cli ledger export` prints. */
#define G_LOG_DOMAIN "fb-history-export"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-compat.h"
#include "fb-date-time-entry.h"
#include "fb-history-export.h"
#include "fb-window.h"

typedef struct
{
  GtkWindow *parent;
  FbLedger  *ledger;
  FbDateTimeEntry *since_entry;
  FbDateTimeEntry *until_entry;
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
fb_history_export_written_cb (GObject      *source,
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
  g_autoptr(GTask) task = g_task_new (NULL, NULL, fb_history_export_written_cb, NULL);

  export->file = g_object_ref (file);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, write_thread);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
fb_history_export_file_chosen_cb (GObject      *source,
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
fb_history_export_native_response_cb (GtkNativeDialog *dialog,
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
  gtk_file_dialog_save (dialog, export->parent, NULL, fb_history_export_file_chosen_cb, export);
#else
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export History"), export->parent,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (fb_history_export_native_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
#endif
}

static void
fb_history_export_range_response_cb (FbAlert    *dialog,
                                     const char *response,
                                     gpointer    user_data)
{
  Export *export = user_data;

  if (g_strcmp0 (response, "export") != 0)
    {
      export_free (export);
      return;
    }
  /* Export is only enabled on a valid range; what was typed last counts, as Enter would. */
  if (!fb_date_time_entry_commit (export->since_entry) || !fb_date_time_entry_commit (export->until_entry))
    {
      export_free (export);
      return;
    }
  export->since = fb_date_time_entry_get_time (export->since_entry);
  export->until = fb_date_time_entry_get_time (export->until_entry);
  choose_file (export);
}

/* Export only a range that reads as two dates and times, the first not after the second. */
static void
fb_history_export_update_export_enabled_cb (FbAlert *dialog)
{
  FbDateTimeEntry *since = g_object_get_data (G_OBJECT (dialog), "since");
  FbDateTimeEntry *until = g_object_get_data (G_OBJECT (dialog), "until");
  gboolean valid = fb_date_time_entry_get_valid (since) && fb_date_time_entry_get_valid (until)
                   && fb_date_time_entry_get_time (since) <= fb_date_time_entry_get_time (until);

  fb_alert_set_response_enabled (dialog, "export", valid);
}

static FbDateTimeEntry *
add_row (GtkListBox *list,
         GtkWidget  *dialog,
         const char *title,
         gint64      value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = fb_date_time_entry_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set (entry, "label", title, "valign", GTK_ALIGN_CENTER, NULL);
  fb_date_time_entry_set_time (FB_DATE_TIME_ENTRY (entry), value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  gtk_list_box_append (list, row);
  g_signal_connect_object (entry, "notify::valid", G_CALLBACK (fb_history_export_update_export_enabled_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "notify::time", G_CALLBACK (fb_history_export_update_export_enabled_cb), dialog, G_CONNECT_SWAPPED);
  return FB_DATE_TIME_ENTRY (entry);
}

void
fb_history_export_run (GtkWindow *parent,
                       FbLedger  *ledger,
                       gint64     until)
{
  Export *export = g_new0 (Export, 1);
  FbAlert *dialog;
  GtkWidget *list;
  gint64 first = 0, last = 0;

  export->parent = g_object_ref (parent);
  export->ledger = g_object_ref (ledger);
  fb_ledger_get_time_range (ledger, &first, &last);

  dialog = fb_alert_new (parent, _("Export History"),
                         _("The events received in this range are written as JSON Lines, one event per line."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  export->since_entry = add_row (GTK_LIST_BOX (list), GTK_WIDGET (dialog), _("From"), first > 0 ? first : g_get_real_time ());
  /* The instant shown, or the last event: to the millisecond, so that it is in. */
  export->until_entry = add_row (GTK_LIST_BOX (list), GTK_WIDGET (dialog), _("To"),
                                 until > 0 ? until : (last > 0 ? last : g_get_real_time ()));
  g_object_set_data (G_OBJECT (dialog), "since", export->since_entry);
  g_object_set_data (G_OBJECT (dialog), "until", export->until_entry);
  fb_alert_set_extra_child (dialog, list);
  fb_alert_add_responses (dialog, "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  fb_alert_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  fb_alert_set_default_response (dialog, "export");
  fb_alert_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (fb_history_export_range_response_cb), export);
  fb_alert_present (dialog, parent);
}
